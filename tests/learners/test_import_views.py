"""/me/import/ from upload to undo (issue 24): nothing is saved before the learner confirms,
confirming writes everything at once and says what moved, existing ratings are never lowered
without an explicit choice, undo restores the previous state exactly, an abandoned import leaves
nothing (not in the export either), and every step works with and without htmx."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from learners import import_actions
from learners.models import (
    EarnedCertification,
    EducationRecord,
    ImportBatch,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
)
from roles.models import Role, Skill
from tests.learners import import_files as files

HX = {"HX-Request": "true"}

CV = """Ada Lovelace
ada@example.com · github.com/ada

Experience
Machine Learning Engineer, Analytical Engines Ltd | Jan 2020 – Dec 2024
- Led the move of our PyTorch models to production on Kubernetes.
- Wrote SQL and Python every day; unit tests with pytest.

Skills
Python, SQL, Docker, Zorblax

Projects
- Difference engine — a forecasting demo with scikit-learn. https://github.com/ada/difference-engine

Certifications
AWS Certified Machine Learning Engineer – Associate (MLA-C01), March 2024, https://www.credly.com/badges/abc-123

Education
BSc Computer Science, University of London, 2019
"""


@pytest.fixture
def ada(learner, demo_content):
    learner.target_role = Role.objects.get(slug="machine-learning-engineer")
    learner.save(update_fields=["target_role"])
    return learner


def state(user):
    """Everything an import may touch, as rows."""
    return (
        sorted(SkillRecord.objects.filter(user=user).values_list("skill__slug", "level", "note")),
        sorted(SkillRecord.objects.filter(user=user).values_list("id", "updated_at")),
        list(EarnedCertification.objects.filter(user=user).order_by("id").values()),
        list(PortfolioProject.objects.filter(user=user).order_by("id").values()),
        list(ProjectSkill.objects.filter(project__user=user).order_by("id").values()),
        list(EducationRecord.objects.filter(user=user).order_by("id").values()),
    )


def start(client, headers=None, **data):
    response = client.post(reverse("learners:import_start"), data, headers=headers or {})
    batch = ImportBatch.objects.latest("created_at")
    return response, batch


def confirm_everything(client, batch, headers=None):
    """Post the review form as shown: every checkbox ticked by default, levels as proposed."""
    proposal = batch.proposal or {
        "skills": [],
        "certifications": [],
        "projects": [],
        "education": [],
    }
    data = {"skill": [], "certification": [], "project": [], "education": []}
    for skill in proposal["skills"]:
        data["skill"].append(skill["slug"])
        data[f"level-{skill['slug']}"] = str(skill["level"])
    data["certification"] = [str(i) for i in range(len(proposal["certifications"]))]
    data["project"] = [str(i) for i in range(len(proposal["projects"]))]
    data["education"] = [str(i) for i in range(len(proposal["education"]))]
    url = reverse("learners:import_review", args=[batch.pk])
    return client.post(url, data, headers=headers or {})


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_pasting_a_cv_shows_a_review_and_saves_nothing(client, ada, headers):
    client.force_login(ada)
    before = state(ada)
    response, batch = start(client, headers, text=CV)
    review = reverse("learners:import_review", args=[batch.pk])
    if headers:
        assert response.status_code == 200
        assert response.headers["HX-Redirect"] == review
    else:
        assert response.status_code == 302
        assert response.headers["Location"] == review
    page = client.get(review, headers=headers)
    assert page.status_code == 200
    html = page.text
    assert ("<html" in html) is not bool(headers)
    assert 'data-import-skill="pytorch"' in html
    assert 'data-import-level="4"' in html
    assert 'data-import-certification="aws-certified-machine-learning-engineer-associate"' in html
    assert 'data-import-project="https://github.com/ada/difference-engine"' in html
    assert "Zorblax" in html  # a word it did not know
    assert 'data-import-implied="ml-fundamentals" data-import-level="3"' in html
    assert "5 years as Machine Learning Engineer, Analytical Engines Ltd using it" in html
    assert "HX-Request" in page.headers["Vary"]
    assert state(ada) == before
    assert "ada@example.com" not in json.dumps(batch.proposal)


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_confirming_writes_everything_and_says_what_moved(client, ada, headers):
    client.force_login(ada)
    _response, batch = start(client, text=CV)
    response = confirm_everything(client, batch, headers)
    dashboard = reverse("learners:dashboard")
    if headers:
        assert response.headers["HX-Redirect"] == dashboard
    else:
        assert response.headers["Location"] == dashboard
    levels = dict(SkillRecord.objects.filter(user=ada).values_list("skill__slug", "level"))
    assert levels["pytorch"] == 4
    assert levels["kubernetes"] == 4
    assert levels["docker"] == 2  # only in the skills list: a lower level
    earned = EarnedCertification.objects.get(user=ada)
    assert earned.certification.slug == "aws-certified-machine-learning-engineer-associate"
    assert str(earned.issued_on) == "2024-03-01"
    assert earned.is_evidence  # an https link on the certification's verification host
    project = PortfolioProject.objects.get(user=ada)
    assert project.repository_url == "https://github.com/ada/difference-engine"
    assert set(project.skills.values_list("skill__slug", flat=True)) == {"scikit-learn"}
    education = EducationRecord.objects.get(user=ada)
    assert (education.education_path.slug, education.year) == ("bachelor-computer-science", 2019)
    batch.refresh_from_db()
    assert batch.proposal is None
    assert batch.confirmed_at is not None
    assert batch.summary.startswith(f"+{len(levels)} skills rated, +1 certification")
    assert "readiness for Machine Learning Engineer 0 % → " in batch.summary
    page = client.get(dashboard)
    assert batch.summary in page.text
    # The review is over: it says so, and a second confirm writes nothing.
    again = confirm_everything(client, batch)
    assert again.status_code == 410
    assert EarnedCertification.objects.filter(user=ada).count() == 1


def test_an_existing_rating_is_never_lowered_without_an_explicit_choice(client, ada):
    python = Skill.objects.get(slug="python")
    SkillRecord.objects.create(user=ada, skill=python, level=5, note="mine")
    client.force_login(ada)
    _response, batch = start(client, text="Skills\nPython, SQL")
    html = client.get(reverse("learners:import_review", args=[batch.pk])).text
    assert "you rated 5, the CV suggests 2: keep 5" in html
    assert 'name="skill" value="python" id="skill-python">' in html  # not ticked
    url = reverse("learners:import_review", args=[batch.pk])
    client.post(url, {"skill": ["sql"], "level-sql": "2", "level-python": "2"})
    assert SkillRecord.objects.get(user=ada, skill=python).level == 5
    assert SkillRecord.objects.get(user=ada, skill__slug="sql").level == 2


def test_ticking_the_lower_level_is_the_explicit_choice(client, ada):
    python = Skill.objects.get(slug="python")
    SkillRecord.objects.create(user=ada, skill=python, level=5)
    client.force_login(ada)
    _response, batch = start(client, text="Skills\nPython, SQL")
    url = reverse("learners:import_review", args=[batch.pk])
    client.post(url, {"skill": ["python"], "level-python": "2"})
    assert SkillRecord.objects.get(user=ada, skill=python).level == 2


def test_undo_restores_the_previous_state_exactly(client, ada):
    python = Skill.objects.get(slug="python")
    SkillRecord.objects.create(user=ada, skill=python, level=1, note="my own note")
    SkillRecord.objects.create(user=ada, skill=Skill.objects.get(slug="sql"), level=3)
    client.force_login(ada)
    before = state(ada)
    _response, batch = start(client, text=CV)
    confirm_everything(client, batch)
    assert state(ada) != before
    undo = reverse("learners:import_undo", args=[batch.pk])
    assert "Undo this import" in client.get(undo).text
    response = client.post(undo)
    assert response.headers["Location"] == reverse("learners:dashboard")
    assert state(ada) == before
    batch.refresh_from_db()
    assert batch.undone_at is not None
    # Once is enough: a second undo changes nothing and says so.
    client.post(undo)
    assert state(ada) == before


def test_undo_keeps_a_level_the_learner_changed_since(client, ada):
    client.force_login(ada)
    _response, batch = start(client, text=CV)
    confirm_everything(client, batch)
    SkillRecord.objects.filter(user=ada, skill__slug="docker").update(level=5)
    client.post(reverse("learners:import_undo", args=[batch.pk]))
    assert list(SkillRecord.objects.filter(user=ada).values_list("skill__slug", "level")) == [
        ("docker", 5)
    ]


def test_undo_is_offered_for_a_week(client, ada):
    client.force_login(ada)
    _response, batch = start(client, text=CV)
    confirm_everything(client, batch)
    assert "Undo this import" in client.get(reverse("learners:import_start")).text
    ImportBatch.objects.filter(pk=batch.pk).update(
        confirmed_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    assert "Undo this import" not in client.get(reverse("learners:import_start")).text
    client.post(reverse("learners:import_undo", args=[batch.pk]))
    assert SkillRecord.objects.filter(user=ada).exists()  # too late: nothing removed


def test_an_abandoned_import_leaves_nothing_not_even_in_the_export(client, ada):
    client.force_login(ada)
    _response, batch = start(client, text=CV)
    response = client.post(reverse("learners:import_abandon", args=[batch.pk]))
    assert response.status_code == 302
    assert not ImportBatch.objects.filter(user=ada).exists()
    _response, _pending = start(client, text=CV)  # one under review, never confirmed
    export = b"".join(client.get(reverse("accounts:export")).streaming_content).decode()
    for phrase in ("Analytical Engines", "Zorblax", "difference-engine", "MLA-C01", "pytorch"):
        assert phrase not in export
    archive = b"".join(client.get(reverse("accounts:export_csv")).streaming_content)
    assert b"Zorblax" not in archive


def test_a_review_expires_after_an_hour_and_is_deleted(client, ada, other_learner):
    client.force_login(ada)
    _response, batch = start(client, text=CV)
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - timedelta(hours=1, minutes=1)
    )
    url = reverse("learners:import_review", args=[batch.pk])
    assert client.get(url).status_code == 410
    assert confirm_everything(client, batch).status_code == 410
    assert not SkillRecord.objects.filter(user=ada).exists()
    import_actions.start_import(user=other_learner, proposal={"source": "CV text"})
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()  # pruned by the next import


@pytest.mark.parametrize(
    "name", ["learners:import_review", "learners:import_undo", "learners:import_abandon"]
)
@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_another_learner_gets_404_on_every_import_url(client, ada, other_learner, name, headers):
    client.force_login(ada)
    _response, batch = start(client, text=CV)
    client.force_login(other_learner)
    url = reverse(name, args=[batch.pk])
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, {"skill": ["python"]}, headers=headers).status_code == 404
    batch.refresh_from_db()
    assert batch.proposal is not None
    assert not SkillRecord.objects.exists()


def test_the_cv_never_reaches_the_logs(client, ada, caplog):
    client.force_login(ada)
    with caplog.at_level(logging.DEBUG):
        _response, batch = start(client, text=CV)
        confirm_everything(client, batch)
        client.post(
            reverse("learners:import_start"),
            {"file": SimpleUploadedFile("cv.pdf", files.encrypted_pdf())},
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for phrase in ("Analytical Engines", "Zorblax", "Lovelace"):
        assert phrase not in logged


@pytest.mark.parametrize(
    ("name", "make", "expect"),
    [
        (
            "badge.png",
            lambda: files.baked_png(files.OB3),
            "aws-certified-machine-learning-engineer",
        ),
        (
            "badge.svg",
            lambda: files.baked_svg(files.OB3),
            "aws-certified-machine-learning-engineer",
        ),
        ("badge.json", lambda: json.dumps(files.OB2).encode(), "Prompt Engineering Fundamentals"),
    ],
)
def test_a_badge_becomes_a_certification_that_says_its_signature_was_not_checked(
    client, ada, name, make, expect
):
    client.force_login(ada)
    _response, batch = start(client, file=SimpleUploadedFile(name, make()))
    html = client.get(reverse("learners:import_review", args=[batch.pk])).text
    assert f'data-import-certification="{expect}' in html
    assert "signature was not checked" in html
    confirm_everything(client, batch)
    earned = EarnedCertification.objects.get(user=ada)
    assert earned.issued_on.year in (2024, 2025)


def test_a_linkedin_export_reads_only_its_five_files(client, ada):
    archive = files.zip_bytes(
        {
            "Skills.csv": b"Name\nPython\nApache Spark\n",
            "Positions.csv": (
                b"Company Name,Title,Description,Location,Started On,Finished On\n"
                b'Orbit,Data Scientist,"Built XGBoost models in production.",Lisbon,Mar 2020,\n'
            ),
            "Profile.csv": b"First Name,Last Name\nInes,Secretname\n",
            "messages.csv": b"FROM,CONTENT\nBob,Private message about Kubernetes\n",
        }
    )
    client.force_login(ada)
    _response, batch = start(
        client, file=SimpleUploadedFile("Basic_LinkedInDataExport.zip", archive)
    )
    text = json.dumps(batch.proposal)
    assert "Secretname" not in text
    assert "kubernetes" not in text
    slugs = {s["slug"] for s in batch.proposal["skills"]}
    assert {"python", "spark", "gradient-boosting"} <= slugs


def test_the_prune_command_deletes_expired_proposals_only(ada):
    from django.core.management import call_command

    old = import_actions.start_import(user=ada, proposal={"source": "CV text"})
    fresh = import_actions.start_import(user=ada, proposal={"source": "CV text"})
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    call_command("prune_imports", verbosity=0)
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_a_posting_lists_what_the_learner_rated_well_but_the_cv_never_says(client, ada):
    from jobs.models import JobSkill
    from tests.factories import JobPostingFactory

    posting = JobPostingFactory(user=ada)
    for slug in ("python", "docker", "kubernetes", "rust"):
        JobSkill.objects.create(
            posting=posting, skill=Skill.objects.get(slug=slug), need="required"
        )
    url = reverse("jobs:detail", args=[posting.pk])
    client.force_login(ada)
    SkillRecord.objects.create(user=ada, skill=Skill.objects.get(slug="rust"), level=4)
    assert "data-cv-gaps" not in client.get(url).text  # no CV imported: nothing to compare
    _response, batch = start(client, text=CV)
    confirm_everything(client, batch)
    html = client.get(url).text
    assert "You rated Rust 4 but your CV does not say so." in html
    for named in ("python", "docker", "kubernetes"):  # the CV names them
        assert f'data-cv-gap="{named}"' not in html
    assert "Analytical Engines" not in html  # slugs were kept, never the CV's text
    client.post(reverse("learners:import_undo", args=[batch.pk]))
    assert "data-cv-gaps" not in client.get(url).text
