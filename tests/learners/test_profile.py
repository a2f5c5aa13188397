"""The public learner profile at /u/<handle>/."""

import datetime as dt
import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import (
    CertificationFactory,
    EarnedCertificationFactory,
    EducationPathFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    RequirementFactory,
    SkillFactory,
    SkillRecordFactory,
)


def profile_url(handle):
    return reverse("accounts:profile", kwargs={"handle": handle})


@pytest.fixture
def public_ada(learner, role):
    learner.is_public = True
    learner.headline = "From physics to production ML"
    learner.target_role = role
    learner.save()
    return learner


@pytest.fixture
def ada_records(public_ada, role):
    python = SkillFactory(slug="python", name="Python")
    RequirementFactory(role=role, skill=python, is_essential=True, target_level=3)
    SkillRecordFactory(user=public_ada, skill=python, level=4, note="secret-note-about-python")
    EarnedCertificationFactory(
        user=public_ada,
        certification=CertificationFactory(name="Cloud ML Specialty", issuer="CloudCo"),
        verification_url="https://verify.example.org/ada-123",
        credential_id="PRIVATE-CRED-ID",
    )
    project = PortfolioProjectFactory(
        user=public_ada,
        title="Churn predictor",
        repository_url="https://github.com/ada/churn",
        demo_url="https://churn.example.org/",
    )
    ProjectSkillFactory(project=project, skill=python, level=3)
    EducationRecordFactory(
        user=public_ada,
        education_path=EducationPathFactory(title="BSc Physics"),
        institution="Imperial Example",
        year=2019,
    )
    return public_ada


def test_it_shows_a_public_profile(client, ada_records):
    response = client.get(profile_url("ada"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "From physics to production ML" in body
    assert "Machine Learning Engineer" in body
    assert "Python" in body
    assert "Advanced" in body
    assert "Cloud ML Specialty" in body
    assert "https://verify.example.org/ada-123" in body
    assert "Churn predictor" in body
    assert "https://github.com/ada/churn" in body
    assert "https://churn.example.org/" in body
    assert "BSc Physics" in body
    assert "Imperial Example" in body


def test_it_shows_readiness_for_the_target_role(client, ada_records):
    response = client.get(profile_url("ada"))
    readiness = response.context["readiness"]
    assert readiness is not None
    assert readiness.score == 100
    assert 'role="progressbar"' in response.content.decode()
    assert 'aria-valuenow="100"' in response.content.decode()


def test_it_shows_nothing_private(client, ada_records):
    body = client.get(profile_url("ada")).content.decode()
    assert "ada@example.com" not in body
    assert "secret-note-about-python" not in body
    assert "PRIVATE-CRED-ID" not in body


def test_it_has_open_graph_tags(client, public_ada):
    body = client.get(profile_url("ada")).content.decode()
    assert '<meta property="og:type" content="profile">' in body
    assert '<meta property="og:url" content="http://testserver/u/ada/">' in body
    assert (
        '<meta property="og:title" content="Ada · working towards Machine Learning Engineer">'
        in body
    )
    assert '<meta property="og:description" content="From physics to production ML">' in body
    assert "<title>Ada · careerhub</title>" in body


def og_image(body: str) -> str:
    match = re.search(r'<meta property="og:image" content="([^"]+)">', body)
    assert match, "no og:image"
    return match.group(1)


def test_it_shares_as_a_large_image_card(client, public_ada):
    body = client.get(profile_url("ada")).content.decode()
    url = og_image(body)
    assert url.startswith("http://testserver/static/")
    assert url.endswith(".png")
    assert '<meta property="og:image:width" content="1200">' in body
    assert '<meta property="og:image:height" content="630">' in body
    assert '<meta property="og:image:alt" content="careerhub: ' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body


def test_the_image_url_follows_the_request_s_scheme_and_host(client, public_ada, settings):
    settings.ALLOWED_HOSTS = ["careerhub.example"]
    body = client.get(profile_url("ada"), secure=True, HTTP_HOST="careerhub.example").text
    assert og_image(body).startswith("https://careerhub.example/static/")


def test_the_card_is_a_small_1200_by_630_png():
    path = finders.find("img/og-card.png")
    assert path, "static/img/og-card.png is missing"
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 630)
    assert len(data) < 80 * 1024


def test_it_answers_404_when_private(client, learner):
    assert client.get(profile_url("ada")).status_code == 404


def test_it_answers_404_for_a_private_profile_even_to_another_learner(
    client, learner, other_learner
):
    client.force_login(other_learner)
    assert client.get(profile_url("ada")).status_code == 404


def test_it_answers_404_for_an_unknown_handle(client, db):
    assert client.get(profile_url("nobody-here")).status_code == 404


def test_it_answers_404_for_an_inactive_learner(client, public_ada):
    public_ada.is_active = False
    public_ada.save()
    assert client.get(profile_url("ada")).status_code == 404


def test_it_finds_the_handle_in_any_case(client, public_ada):
    assert client.get(profile_url("ADA")).status_code == 200


def test_it_reflects_changes_at_once(client, ada_records):
    assert "Churn predictor" in client.get(profile_url("ada")).content.decode()
    ada_records.projects.update(title="Fraud detector")
    assert "Fraud detector" in client.get(profile_url("ada")).content.decode()
    ada_records.is_public = False
    ada_records.save()
    assert client.get(profile_url("ada")).status_code == 404


def test_it_is_not_cached_whole(client, public_ada):
    response = client.get(profile_url("ada"))
    assert "no-cache" in response["Cache-Control"]


def test_it_marks_an_expired_certification(client, public_ada):
    EarnedCertificationFactory(
        user=public_ada,
        certification=CertificationFactory(name="Old Cert"),
        issued_on=dt.date(2015, 1, 1),
        expires_on=dt.date(2017, 1, 1),
    )
    body = client.get(profile_url("ada")).content.decode()
    assert "Old Cert" in body
    assert "expired" in body


def test_it_works_without_a_target_role(client, learner):
    learner.is_public = True
    learner.save()
    response = client.get(profile_url("ada"))
    assert response.status_code == 200
    assert response.context["readiness"] is None


def test_it_runs_a_constant_number_of_queries(client, ada_records, django_assert_max_num_queries):
    client.get(profile_url("ada"))  # warm the readiness profile cache
    with django_assert_max_num_queries(12) as few:
        client.get(profile_url("ada"))
    baseline = len(few.captured_queries)
    for n in range(5):
        skill = SkillFactory()
        SkillRecordFactory(user=ada_records, skill=skill, level=3)
        project = PortfolioProjectFactory(user=ada_records)
        ProjectSkillFactory(project=project, skill=skill)
        EarnedCertificationFactory(user=ada_records, certification=CertificationFactory())
        EducationRecordFactory(user=ada_records, institution=f"School {n}")
    client.get(profile_url("ada"))  # new skills change the content: warm the cache again
    with django_assert_max_num_queries(baseline):
        client.get(profile_url("ada"))


def test_it_names_a_learner_without_a_display_name_by_handle_not_email(client, db):
    from tests.factories import UserFactory

    UserFactory(email="jane.private@example.com", display_name="", handle="jd", is_public=True)
    body = client.get(profile_url("jd")).content.decode()
    assert "jane.private" not in body
    assert '<h1 class="h2 mb-1">jd</h1>' in body


def test_the_profile_rounds_as_the_dashboard_does(client, public_ada, role):
    """The reported case: 53.81 read 53 % on the dashboard and 54 % on the profile."""
    # W: 5 × 2 = 10 (target 4, level 3: 7.5) and 3 (target 3, level 0): 7.5 / 13 = 57.69 %.
    a, b = SkillFactory(slug="a-skill"), SkillFactory(slug="b-skill")
    RequirementFactory(role=role, skill=a, importance=5, is_essential=True, target_level=4)
    RequirementFactory(role=role, skill=b, importance=3, is_essential=False, target_level=3)
    SkillRecordFactory(user=public_ada, skill=a, level=3)
    client.force_login(public_ada)
    dashboard = client.get(reverse("learners:dashboard")).text
    profile = client.get(profile_url("ada")).text
    pattern = rf'data-readiness-role="{role.slug}" data-readiness-kind="claimed">(\d+)%'
    assert set(re.findall(pattern, dashboard)) == set(re.findall(pattern, profile)) == {"57"}


def test_the_profile_shows_the_counted_level_and_where_it_came_from(client, public_ada, role):
    """The reported case: Model deployment "Guided" (self-rated) where a certification and a
    project count Independent."""
    deployment = SkillFactory(slug="model-deployment", name="Model deployment")
    RequirementFactory(role=role, skill=deployment, target_level=3)
    SkillRecordFactory(user=public_ada, skill=deployment, level=2)
    cert = CertificationFactory(name="Deploy Cert", validity_months=None)
    cert.credits.create(skill=deployment, level=3)
    EarnedCertificationFactory(user=public_ada, certification=cert, expires_on=None)
    html = client.get(profile_url("ada")).text
    row = html[html.index("Model deployment") :]
    row = row[: row.index("</li>")]
    assert "from Deploy Cert" in row
    assert "Independent" in row
    assert "Guided" not in row
