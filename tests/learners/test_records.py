"""Certifications, projects and education: add, edit and delete in place, with and without
htmx; bad input gives a form error, never a 500, and loses none of the learner's records."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import EarnedCertification, EducationRecord, PortfolioProject
from learners.readiness import effective_expiry
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    EarnedCertificationFactory,
    EducationPathFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectIdeaFactory,
    ProjectSkillFactory,
    SkillFactory,
)
from tests.learners.test_dashboard import make_role
from tests.readiness_helpers import readiness_for

HX = {"HX-Request": "true"}
TODAY = timezone.localdate()


@pytest.fixture
def skills(role):
    return make_role(role)


@pytest.fixture
def certification(skills):
    cert = CertificationFactory(name="Cloud ML Cert", validity_months=24)
    CertificationSkillFactory(certification=cert, skill=skills[0], level=3)
    return cert


def test_the_add_certification_page_works_without_javascript(client, learner, certification):
    client.force_login(learner)
    response = client.get(reverse("learners:certification_add"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Add a certification" in html
    assert 'id="certification-form"' in html
    assert 'name="verification_url"' in html


def test_the_add_certification_form_is_a_fragment_for_htmx(client, learner, certification):
    client.force_login(learner)
    response = client.get(reverse("learners:certification_add"), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<form id="certification-form"')
    assert 'hx-target="#certifications"' in html
    assert "HX-Request" in response["Vary"]


def test_it_lists_a_retired_certification_with_its_successor(client, learner, certification):
    CertificationFactory(name="Old ML Cert", is_retired=True, successor=certification)
    client.force_login(learner)
    html = client.get(reverse("learners:certification_add")).content.decode()
    # Name, issuer and status, so two look-alike names are told apart.
    assert "Old ML Cert · Example Issuer (retired; replaced by Cloud ML Cert)" in html


def test_it_adds_a_certification_without_javascript_defaulting_the_expiry(
    client, learner, certification
):
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {
            "certification": certification.pk,
            "issued_on": "2025-01-31",
            "credential_id": "ABC-123",
            "verification_url": "https://verify.example.org/abc",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/#certifications"
    earned = learner.certifications.get()
    assert earned.expires_on is None  # only what the learner typed is stored
    assert effective_expiry(earned) == dt.date(2027, 1, 31)
    assert earned.credential_id == "ABC-123"


def test_editing_the_issue_date_moves_a_default_expiry(client, learner, certification):
    client.force_login(learner)
    data = {"certification": certification.pk, "issued_on": "2025-01-31"}
    client.post(reverse("learners:certification_add"), data)
    earned = learner.certifications.get()
    response = client.post(
        reverse("learners:certification_edit", args=[earned.pk]),
        {**data, "issued_on": "2025-06-30"},
    )
    assert response.status_code == 302
    earned.refresh_from_db()
    assert effective_expiry(earned) == dt.date(2027, 6, 30)
    html = client.get(reverse("learners:certification_edit", args=[earned.pk])).content.decode()
    assert 'name="expires_on" value=' not in html  # the form shows nothing the learner did not type


def test_a_typed_expiry_is_kept_when_the_issue_date_changes(client, learner, certification):
    client.force_login(learner)
    data = {"certification": certification.pk, "issued_on": "2025-01-31"}
    client.post(reverse("learners:certification_add"), {**data, "expires_on": "2025-12-31"})
    earned = learner.certifications.get()
    client.post(
        reverse("learners:certification_edit", args=[earned.pk]),
        {**data, "issued_on": "2025-02-28", "expires_on": "2025-12-31"},
    )
    earned.refresh_from_db()
    assert effective_expiry(earned) == earned.expires_on == dt.date(2025, 12, 31)


def test_it_adds_a_certification_with_htmx_and_updates_the_summary(
    client, learner, role, certification
):
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {"certification": certification.pk, "issued_on": TODAY.isoformat()},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="certifications"')
    assert "Cloud ML Cert" in html
    assert '<div id="summary" hx-swap-oob="true">' in html
    # The certification credits the essential skill (weight 6 of 12): 50%.
    assert 'aria-valuenow="50"' in html
    assert learner.snapshots.get(role=role).score == 50


def test_it_shows_errors_in_place_with_htmx(client, learner, certification):
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {"certification": certification.pk, "issued_on": "2025-05-01", "expires_on": "2025-04-01"},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#certification-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert "The expiry date must be on or after the issue date." in html
    assert "<html" not in html
    assert not learner.certifications.exists()


def test_it_shows_errors_on_the_page_without_javascript(client, learner, certification):
    client.force_login(learner)
    response = client.post(reverse("learners:certification_add"), {"certification": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "This field is required." in html


def test_it_edits_a_certification(client, learner, certification):
    earned = EarnedCertificationFactory(user=learner, certification=certification)
    client.force_login(learner)
    url = reverse("learners:certification_edit", args=[earned.pk])
    response = client.get(url, headers=HX)
    assert f'value="{earned.issued_on.isoformat()}"' in response.content.decode()
    response = client.post(
        url,
        {
            "certification": certification.pk,
            "issued_on": "2024-02-29",
            "expires_on": "2026-02-28",
            "credential_id": "NEW",
        },
    )
    assert response.status_code == 302
    earned.refresh_from_db()
    assert earned.credential_id == "NEW"
    assert earned.issued_on == dt.date(2024, 2, 29)


def test_delete_asks_for_confirmation_without_javascript(client, learner, certification):
    earned = EarnedCertificationFactory(user=learner, certification=certification)
    client.force_login(learner)
    url = reverse("learners:certification_delete", args=[earned.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Delete Cloud ML Cert?" in response.content.decode()
    assert learner.certifications.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/#certifications"
    assert not learner.certifications.exists()


def test_delete_with_htmx_returns_the_list(client, learner, certification):
    earned = EarnedCertificationFactory(user=learner, certification=certification)
    client.force_login(learner)
    response = client.post(reverse("learners:certification_delete", args=[earned.pk]), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="certifications"')
    assert "No certifications yet." in html
    assert not learner.certifications.exists()


def test_the_dashboard_links_delete_to_a_confirmation_and_htmx_confirms(
    client, learner, certification
):
    earned = EarnedCertificationFactory(user=learner, certification=certification)
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    url = reverse("learners:certification_delete", args=[earned.pk])
    assert f'href="{url}" hx-post="{url}"' in html
    assert 'hx-confirm="Delete Cloud ML Cert?"' in html


# --- projects ---------------------------------------------------------------------------------


def test_it_adds_a_project_with_the_skills_it_shows(client, learner, role, skills):
    idea = ProjectIdeaFactory(title="Churn model")
    client.force_login(learner)
    response = client.post(
        reverse("learners:project_add"),
        {
            "title": "Churn predictor",
            "summary": "Predicts churn.",
            "repository_url": "https://github.com/me/churn",
            "status": "done",
            "completed_on": (TODAY - dt.timedelta(days=3)).isoformat(),
            "idea": idea.pk,
            "skills": [skills[0].pk, skills[1].pk],
            f"level_{skills[0].pk}": 3,
            f"level_{skills[1].pk}": 4,
        },
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="projects"')
    assert "Churn predictor" in html
    project = learner.projects.get()
    assert project.idea == idea
    assert sorted(project.skills.values_list("skill_id", "level")) == [
        (skills[0].pk, 3),
        (skills[1].pk, 4),
    ]
    # 6 + 3 of 12 met: 75%.
    assert 'aria-valuenow="75"' in html


def test_editing_a_project_shows_its_skills_and_replaces_them(client, learner, skills):
    project = PortfolioProjectFactory(user=learner, title="Old title")
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    client.force_login(learner)
    url = reverse("learners:project_edit", args=[project.pk])
    html = client.get(url).content.decode()
    assert f'value="{skills[0].pk}" id="id_project_skill_{skills[0].pk}" checked>' in html
    response = client.post(
        url,
        {
            "title": "New title",
            "status": "in_progress",
            "skills": [skills[2].pk],
            f"level_{skills[2].pk}": 2,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "New title"
    assert project.completed_on is None
    assert list(project.skills.values_list("skill_id", "level")) == [(skills[2].pk, 2)]


def test_a_project_can_be_deleted(client, learner, skills):
    project = PortfolioProjectFactory(user=learner)
    ProjectSkillFactory(project=project, skill=skills[0])
    client.force_login(learner)
    response = client.post(reverse("learners:project_delete", args=[project.pk]))
    assert response.status_code == 302
    assert not PortfolioProject.objects.filter(pk=project.pk).exists()


# --- education --------------------------------------------------------------------------------


def test_it_adds_and_edits_education(client, learner, role):
    degree = EducationPathFactory(title="MSc Machine Learning")
    client.force_login(learner)
    response = client.post(
        reverse("learners:education_add"),
        {
            "education_path": degree.pk,
            "field": "ML",
            "institution": "Open University",
            "year": TODAY.year + 1,
            "status": "in_progress",
        },
        headers=HX,
    )
    assert response.status_code == 200
    assert "MSc Machine Learning" in response.content.decode()
    record = learner.education.get()
    response = client.post(
        reverse("learners:education_edit", args=[record.pk]),
        {
            "education_path": degree.pk,
            "institution": "Open University",
            "year": 2020,
            "status": "completed",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.year, record.status) == (2020, "completed")


# --- bad input on every form --------------------------------------------------------------------

LONG = "x" * 5000


def certification_cases(certification, other_cert):
    base = {"certification": certification.pk, "issued_on": "2024-01-10"}
    return [
        {},
        {**base, "certification": ""},
        {**base, "certification": "abc"},
        {**base, "certification": 999_999},
        {**base, "issued_on": "not a date"},
        {**base, "issued_on": "2024-13-45"},
        {**base, "issued_on": (TODAY + dt.timedelta(days=1)).isoformat()},
        {**base, "expires_on": "2024-01-09"},
        {**base, "credential_id": LONG},
        {**base, "verification_url": "ftp://example.org/cert"},
        {**base, "verification_url": "javascript:alert(1)"},
        {**base, "verification_url": "https://example.org/" + LONG},
        # The learner's existing record (same certification, same day) is not duplicated.
        {"certification": other_cert.pk, "issued_on": "2023-03-03"},
    ]


def project_cases(skills):
    base = {"title": "P", "status": "done"}
    return [
        {},
        {**base, "title": ""},
        {**base, "title": LONG},
        {**base, "summary": LONG},
        {**base, "status": "finished"},
        {**base, "status": "planned", "completed_on": "2024-01-01"},
        {**base, "completed_on": (TODAY + dt.timedelta(days=1)).isoformat()},
        {**base, "completed_on": "yesterday"},
        {**base, "repository_url": "ftp://example.org/repo"},
        {**base, "demo_url": "javascript:alert(1)"},
        {**base, "idea": 999_999},
        {**base, "skills": ["abc"]},
        {**base, "skills": [999_999]},
        {**base, "skills": [skills[0].pk], f"level_{skills[0].pk}": 9},
        {**base, "skills": [skills[0].pk], f"level_{skills[0].pk}": 0},
        {**base, "skills": [skills[0].pk], f"level_{skills[0].pk}": "abc"},
        {**base, "skills": [skills[0].pk], f"level_{skills[0].pk}": ""},
    ]


def education_cases(degree):
    base = {"education_path": degree.pk, "institution": "Uni", "year": 2020, "status": "completed"}
    return [
        {},
        {**base, "institution": ""},
        {**base, "institution": LONG},
        {**base, "field": LONG},
        {**base, "year": "abc"},
        {**base, "year": 1949},
        {**base, "year": TODAY.year + 11},
        {**base, "year": 10**12},
        {**base, "education_path": "abc"},
        {**base, "education_path": 999_999},
        {**base, "status": "dropped"},
    ]


def snapshot_of(learner):
    return (
        list(EarnedCertification.objects.filter(user=learner).values()),
        list(PortfolioProject.objects.filter(user=learner).values()),
        list(EducationRecord.objects.filter(user=learner).values()),
    )


def test_bad_input_on_every_form_gives_an_error_and_loses_nothing(client, learner, skills):
    certification = CertificationFactory(name="Cert A")
    other_cert = CertificationFactory(name="Cert B")
    degree = EducationPathFactory(title="BSc")
    EarnedCertificationFactory(
        user=learner, certification=other_cert, issued_on=dt.date(2023, 3, 3)
    )
    project = PortfolioProjectFactory(user=learner, title="Kept project")
    education = EducationRecordFactory(user=learner, education_path=degree)
    earned = learner.certifications.get()
    before = snapshot_of(learner)
    client.force_login(learner)
    forms = [
        ("certification_add", [], certification_cases(certification, other_cert)),
        ("certification_edit", [earned.pk], certification_cases(certification, other_cert)[:-1]),
        ("project_add", [], project_cases(skills)),
        ("project_edit", [project.pk], project_cases(skills)),
        ("education_add", [], education_cases(degree)),
        ("education_edit", [education.pk], education_cases(degree)),
    ]
    for name, args, cases in forms:
        url = reverse(f"learners:{name}", args=args)
        for data in cases:
            for headers in ({}, HX):
                response = client.post(url, data, headers=headers)
                assert response.status_code in (200, 422), (name, data, response.status_code)
                assert "is-invalid" in response.content.decode() or "alert-danger" in (
                    response.content.decode()
                ), (name, data)
    assert snapshot_of(learner) == before


def test_a_missing_record_answers_404(client, learner, skills):
    client.force_login(learner)
    for name in ("certification_edit", "project_edit", "education_delete"):
        assert client.get(reverse(f"learners:{name}", args=[999_999])).status_code == 404


def test_an_unused_skill_can_be_shown_by_a_project(client, learner, skills):
    elsewhere = SkillFactory(slug="baking", name="Baking")
    client.force_login(learner)
    response = client.post(
        reverse("learners:project_add"),
        {
            "title": "Bread",
            "status": "planned",
            "skills": [elsewhere.pk],
            f"level_{elsewhere.pk}": 2,
        },
    )
    assert response.status_code == 302
    assert learner.projects.get().skills.get().skill == elsewhere


def test_a_certification_outside_the_catalogue_counts_as_the_learners_own_word(
    client, learner, role
):
    skills = make_role(role)
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {
            "certification": "",
            "other_name": "Vector Search Practitioner",
            "other_issuer": "A Search Vendor",
            "other_url": "https://vendor.example.org/cert",
            "other_skills": [skills[0].pk, skills[1].pk],
            "other_level": 3,
            "issued_on": "2026-01-10",
            "verification_url": "https://vendor.example.org/verify/ada",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vector Search Practitioner" in html
    assert "Not in the catalogue" in html
    assert f"Covers {skills[0].name}, {skills[1].name} at Independent" in html
    earned = EarnedCertification.objects.get(user=learner)
    assert earned.certification is None
    assert set(earned.other_skills.all()) == {skills[0], skills[1]}
    # It counts towards the level, never as evidence (careerhub cannot check it).
    row = readiness_for(learner, role.pk).row_for(skills[1].pk)
    assert (row.level, row.source_label, row.evidenced_level) == (
        3,
        "Vector Search Practitioner",
        0,
    )
    # It shows on the public profile and in the export.
    learner.is_public = True
    learner.save()
    assert "Vector Search Practitioner" in client.get(f"/u/{learner.handle}/").text
    exported = json.loads(client.get(reverse("accounts:export")).getvalue())["certifications"]
    assert exported[0]["name"] == "Vector Search Practitioner"
    assert exported[0]["issuer"]["name"] == "A Search Vendor"


def test_a_certification_needs_a_catalogue_entry_or_a_name(client, learner, role):
    make_role(role)
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {"certification": "", "other_name": "  ", "issued_on": "2026-01-10"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "give the name of one not in the list" in response.content.decode()
    assert not EarnedCertification.objects.exists()


def test_choosing_a_catalogue_certification_drops_a_typed_name(client, learner, role):
    make_role(role)
    cert = CertificationFactory(name="Catalogued", issuer="Real Issuer")
    client.force_login(learner)
    client.post(
        reverse("learners:certification_add"),
        {"certification": cert.pk, "other_name": "Typed too", "issued_on": "2026-01-10"},
    )
    earned = EarnedCertification.objects.get(user=learner)
    assert (earned.certification, earned.other_name, earned.name) == (cert, "", "Catalogued")


def test_education_names_its_field_once_and_says_how_it_is_used(client, learner, role):
    make_role(role)
    degree = EducationPathFactory(title="Bachelor's in Computer Science")
    EducationRecordFactory(user=learner, education_path=degree, field="Computer Science")
    EducationRecordFactory(
        user=learner, education_path=EducationPathFactory(title="MSc"), field="Statistics"
    )
    client.force_login(learner)
    html = client.get(reverse("learners:dashboard")).text
    assert "Bachelor&#x27;s in Computer Science</strong>" in html
    assert "in Computer Science in Computer Science" not in html
    assert "MSc in Statistics</strong>" in html
    assert "They do not change your readiness" in html


def test_the_migration_clears_stored_default_expiries_only(learner, certification):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "learners.migrations.0009_certification_expiry_stored_only_when_typed"
    )
    stored_default = EarnedCertificationFactory(
        user=learner,
        certification=certification,
        issued_on=dt.date(2025, 1, 31),
        expires_on=dt.date(2027, 1, 31),
    )
    typed = EarnedCertificationFactory(
        user=learner,
        certification=CertificationFactory(name="Another", validity_months=24),
        issued_on=dt.date(2025, 1, 31),
        expires_on=dt.date(2026, 1, 31),
    )
    migration.clear_stored_defaults(apps, None)
    stored_default.refresh_from_db()
    typed.refresh_from_db()
    assert stored_default.expires_on is None
    assert effective_expiry(stored_default) == dt.date(2027, 1, 31)
    assert typed.expires_on == dt.date(2026, 1, 31)


@pytest.mark.parametrize("kind", ["certification", "education"])
def test_a_record_form_on_a_page_of_its_own_posts_plainly(client, learner, kind):
    """As a page of its own there is no list to swap: htmx must not take the form over (it
    would target an element that page does not have, and Save would do nothing)."""
    client.force_login(learner)
    url = reverse(f"learners:{kind}_add")

    def form_tag(html: str) -> str:
        return re.search(rf'<form id="{kind}-form"[^>]*>', html).group()

    assert "hx-post" not in form_tag(client.get(url).text)
    assert f'hx-target="#{kind}' in form_tag(client.get(url, headers={"HX-Request": "true"}).text)
