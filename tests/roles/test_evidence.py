"""The evidence rules: which links someone else can check."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roles.evidence import certification_url_is_evidence, host_matches, project_is_evidence

CREDLY = ["www.credly.com"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.credly.com/badges/1234",
        "HTTPS://WWW.CREDLY.COM/badges/1234",
        "https://www.credly.com./badges/1234",
        "https://www.credly.com:443/badges/1234",
    ],
)
def test_a_verification_link_on_the_certifications_host_over_https_is_evidence(url):
    assert certification_url_is_evidence(url, CREDLY)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.credly.com/badges/1234",  # not https
        "https://credly.com/badges/1234",  # another host than the one listed
        "https://www.credly.com.evil.example/badges/1234",
        "https://evil.example/www.credly.com/badges",
        "https://www.credly.com@evil.example/badges/1234",  # user info hides the real host
        "https://www.credly.com:8443/badges/1234",
        "ftp://www.credly.com/x",
        "www.credly.com/badges/1234",
        "",
        None,
        "https://[::1",  # malformed
    ],
)
def test_any_other_link_is_not_evidence(url):
    assert not certification_url_is_evidence(url, CREDLY)


def test_a_certification_without_verification_hosts_accepts_no_link():
    assert not certification_url_is_evidence("https://www.credly.com/badges/1", [])
    assert not certification_url_is_evidence("https://www.credly.com/badges/1", ["", "  "])


def test_subdomains_count_only_when_the_editor_writes_a_wildcard():
    assert not host_matches("verify.iapp.org", "iapp.org")
    assert host_matches("verify.iapp.org", "*.iapp.org")
    assert host_matches("a.b.iapp.org", "*.iapp.org")
    assert not host_matches("iapp.org", "*.iapp.org")
    assert not host_matches("eviliapp.org", "*.iapp.org")
    assert certification_url_is_evidence("https://verify.iapp.org/x", ["*.iapp.org"])


@pytest.mark.parametrize(
    "repository",
    [
        "https://github.com/ada/rag-eval",
        "https://www.github.com/ada/rag-eval",
        "https://gitlab.com/ada/group/project",
        "https://codeberg.org/ada/project",
        "https://bitbucket.org/ada/project",
        "https://huggingface.co/ada/lora-adapter",
        "https://huggingface.co/spaces/ada/demo",
    ],
)
def test_a_repository_on_a_public_code_host_is_evidence(repository):
    assert project_is_evidence(repository, "")


@pytest.mark.parametrize(
    "repository",
    [
        "https://github.com/ada",  # a profile, not a repository
        "https://github.com/",
        "http://github.com/ada/project",
        "https://github.com.evil.example/ada/project",
        "https://git.example.com/ada/project",  # a private host nobody else can open
        "https://github.com@evil.example/ada/project",
        "",
        None,
    ],
)
def test_other_repository_links_are_not_evidence(repository):
    assert not project_is_evidence(repository, None)


def test_an_https_demo_is_evidence_on_its_own():
    assert project_is_evidence("", "https://ada.example/demo")
    assert not project_is_evidence("", "http://ada.example/demo")
    assert not project_is_evidence(None, "javascript:alert(1)")


@given(st.text())
def test_no_input_raises(text):
    certification_url_is_evidence(text, CREDLY)
    project_is_evidence(text, text)


@pytest.mark.parametrize(
    "repository",
    [
        "https://github.com/login/oauth",
        "https://github.com/settings/profile",
        "https://github.com/ada/..",
        "https://github.com/ada/.",
        "https://github.com/ada/%2e%2e",
        "https://github.com/orgs/acme",
        "https://gitlab.com/users/sign_in",
        "https://gitlab.com/-/profile",
        "https://huggingface.co/spaces/ada",
        "https://huggingface.co/settings/tokens",
    ],
)
def test_a_code_host_page_that_is_no_repository_is_not_evidence(repository):
    assert not project_is_evidence(repository, None)


@pytest.mark.parametrize(
    "demo",
    [
        "https://localhost/",
        "https://app.localhost/",
        "https://127.0.0.1/",
        "https://127.1/",
        "https://2130706433/",
        "https://0x7f.1/",
        "https://[::1]/",
        "https://10.0.0.5/demo",
        "https://192.168.1.20/",
        "https://93.184.216.34/",  # a public address, but a bare IP proves nothing about whose
        "https://printer.local/",
        "https://intranet/",
        "https://db.internal/",
        "https://127.0.0.1.nip.io/",
    ],
)
def test_a_local_or_bare_address_demo_is_not_evidence(demo):
    assert not project_is_evidence(None, demo)


def test_a_demo_on_a_public_name_is_evidence():
    assert project_is_evidence(None, "https://ada-demo.fly.dev/")
    assert project_is_evidence(None, "https://ada.github.io/rag-eval/")


def test_the_certification_note_says_whether_the_link_counts_and_which_hosts_would():
    from roles.evidence import certification_link_note

    hosts = ["www.credly.com", "www.credential.net"]
    assert certification_link_note("", hosts, in_catalogue=True) == ""
    good = "https://www.credential.net/abc"
    assert certification_link_note(good, hosts, in_catalogue=True) == (
        "Its link counts as evidence."
    )
    note = certification_link_note("https://my.example.com/x", hosts, in_catalogue=True)
    assert note.startswith("Its link does not count as evidence")
    assert "www.credly.com, www.credential.net" in note
    assert "catalogue" in certification_link_note(good, hosts, in_catalogue=False)
    assert "no verification site" in certification_link_note(good, [], in_catalogue=True)


def test_the_project_note_says_whether_the_links_count_and_what_would():
    from roles.evidence import project_link_note

    assert project_link_note("", None) == ""
    assert "counts as evidence" in project_link_note("https://github.com/ada/churn", "")
    note = project_link_note("https://github.com/settings/profile", "https://127.0.0.1/")
    assert note.startswith("Its links do not count as evidence")
    assert "github.com" in note
    assert "localhost" in note
