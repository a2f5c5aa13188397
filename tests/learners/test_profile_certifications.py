"""Issue 22 item 7: on the public profile a certification careerhub cannot check is shown as the
learner's own word, never as verified, and carries an expiry only when the learner gave one."""

import pytest
from django.urls import reverse

from tests.factories import CertificationFactory, EarnedCertificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_ada(learner):
    learner.is_public = True
    learner.save(update_fields=["is_public"])
    return learner


def profile(client, learner, htmx=False):
    url = reverse("accounts:profile", kwargs={"handle": learner.handle})
    response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 200
    return response.content.decode()


def certifications_section(html):
    return html.split('id="certifications-heading"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_certification_not_in_the_catalogue_is_the_learners_own_word(client, public_ada, htmx):
    EarnedCertificationFactory(
        user=public_ada,
        certification=None,
        other_name="Hogwarts Data Wizard",
        expires_on=None,
        verification_url="https://verify.example.org/wizard",
    )

    section = certifications_section(profile(client, public_ada, htmx))

    assert "Hogwarts Data Wizard" in section
    assert "self-reported" in section
    assert "Verify this credential" not in section
    assert "never expires" not in section
    assert "valid until" not in section


def test_a_described_certification_shows_the_expiry_the_learner_gave(client, public_ada):
    earned = EarnedCertificationFactory(
        user=public_ada, certification=None, other_name="Vendor Badge", verification_url=""
    )

    section = certifications_section(profile(client, public_ada))

    assert f"valid until {earned.expires_on:%b %Y}" in section
    assert "self-reported" in section


def test_a_catalogue_link_off_its_verification_hosts_is_not_shown_as_verifying(client, public_ada):
    EarnedCertificationFactory(
        user=public_ada,
        certification=CertificationFactory(name="Cloud ML Specialty"),
        verification_url="https://my-own-site.example.com/cert.png",
    )

    section = certifications_section(profile(client, public_ada))

    assert "Verify this credential" not in section
    assert "not checked" in section


def test_a_checked_catalogue_certification_keeps_its_verify_link(client, public_ada):
    EarnedCertificationFactory(
        user=public_ada,
        certification=CertificationFactory(name="Cloud ML Specialty"),
        verification_url="https://verify.example.org/ada-1",
    )

    section = certifications_section(profile(client, public_ada))

    assert "Verify this credential" in section
    assert "self-reported" not in section
    assert "not checked" not in section
