"""Postings in the account export, gone with the account; the editors' counts-only reports;
the catalogue the matcher reads (aliases used at once, retired skills left out)."""

import json

import pytest
from django.urls import reverse

from jobs.catalogue import matcher
from jobs.models import JobPosting, JobSkill, NotASkillMark, UnmappedTerm
from jobs.services import create_posting, mark_not_a_skill
from learners.account_actions import delete_account
from roles.cache import bump_generation
from tests.conftest import PASSWORD
from tests.factories import SkillFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Our office is in Zanzibar.\nRequirements:\n- Python and k8s.\n- Terraform and Snowflake."


@pytest.fixture
def catalogue():
    return {
        "python": SkillFactory(slug="python", name="Python"),
        "kubernetes": SkillFactory(slug="kubernetes", name="Kubernetes", aliases="k8s"),
    }


def paste(user, title="Platform Engineer", text=TEXT):
    return create_posting(user=user, title=title, company="Acme", url="", text=text)


def test_the_export_holds_the_learners_postings_and_nobody_elses(
    client, learner, other_learner, catalogue
):
    paste(learner, title="Ada's posting")
    paste(other_learner, title="Bob's posting")
    client.force_login(learner)

    data = json.loads(client.get(reverse("accounts:export")).getvalue())

    assert [p["title"] for p in data["job_postings"]] == ["Ada's posting"]
    exported = data["job_postings"][0]
    assert exported["text"] == TEXT
    assert {(s["skill"], s["need"]) for s in exported["skills"]} == {
        ("python", "required"),
        ("kubernetes", "required"),
    }


def test_the_zip_holds_the_learners_postings_and_the_skills_they_ask_for(
    client, learner, other_learner, catalogue
):
    import csv
    import io
    import zipfile

    paste(learner, title="=HYPERLINK(1)")  # a cell a spreadsheet would run
    paste(other_learner, title="Bob's posting")
    client.force_login(learner)

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:export_csv")).getvalue()))
    postings, skills = (
        list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in ("job_postings.csv", "job_posting_skills.csv")
    )

    assert [p["title"] for p in postings] == ["'=HYPERLINK(1)"]
    assert postings[0]["text"] == TEXT
    assert postings[0]["company"] == "Acme"
    assert {(s["posting"], s["skill"], s["need"]) for s in skills} == {
        ("'=HYPERLINK(1)", "python", "required"),
        ("'=HYPERLINK(1)", "kubernetes", "required"),
    }


def test_deleting_the_account_deletes_its_postings(client, learner, other_learner, catalogue):
    posting = paste(learner)
    mark_not_a_skill(posting=posting, skill=catalogue["kubernetes"], phrase="k8s")
    paste(other_learner)

    delete_account(user=learner)

    assert not JobPosting.objects.filter(user_id=learner.pk).exists()
    assert not JobSkill.objects.filter(posting_id=posting.pk).exists()
    assert not NotASkillMark.objects.filter(posting_id=posting.pk).exists()
    assert not UnmappedTerm.objects.filter(posting_id=posting.pk).exists()
    assert JobPosting.objects.filter(user=other_learner).count() == 1


def test_deleting_through_the_settings_page_takes_the_postings(client, catalogue):
    user = UserFactory(email="carol@example.com", handle="carol")
    paste(user)
    client.force_login(user)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not JobPosting.objects.exists()


def test_editors_see_counts_of_unmapped_terms_never_a_posting(client, editor, learner, catalogue):
    paste(learner, title="Ada's private posting")
    paste(UserFactory(), title="Another", text="Requirements:\n- Terraform.")
    paste(UserFactory(), title="A third", text="Requirements:\n- Terraform.")
    client.force_login(editor)

    html = client.get("/admin/jobs/unmappedterm/").content.decode()

    assert "Terraform</td><td>3</td>" in html
    assert "Snowflake" not in html  # one learner's term stays private (tests/jobs/test_reports.py)
    assert "private posting" not in html
    assert "Zanzibar" not in html
    term = UnmappedTerm.objects.first()
    assert client.get(f"/admin/jobs/unmappedterm/{term.pk}/change/").status_code == 404
    assert client.get("/admin/jobs/unmappedterm/add/").status_code == 404


def test_editors_see_counts_of_not_a_skill_marks(client, editor, learner, catalogue):
    for user in (learner, UserFactory(), UserFactory()):
        mark_not_a_skill(posting=paste(user), skill=catalogue["kubernetes"], phrase="K8S")
    client.force_login(editor)

    html = client.get("/admin/jobs/notaskillmark/").content.decode()

    assert "<td>k8s</td>" in html
    assert "Kubernetes</a></td><td>3</td>" in html
    assert "/admin/" in client.get("/admin/").content.decode()


def test_learners_never_reach_the_reports(client, learner):
    client.force_login(learner)

    for url in ("/admin/jobs/unmappedterm/", "/admin/jobs/notaskillmark/"):
        assert client.get(url).status_code == 302


def test_staff_without_content_rights_are_refused(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    assert client.get("/admin/jobs/unmappedterm/").status_code == 403


def test_an_editors_new_alias_is_used_at_once(catalogue):
    assert "docker" not in matcher().analyse("Docker and Python").slugs
    docker = SkillFactory(slug="docker", name="Containers", aliases="")
    docker.aliases = "Docker"
    docker.save()
    bump_generation()  # as the admin does on every save

    assert matcher().analyse("Docker and Python").slugs == {"docker", "python"}


def test_retired_skills_are_not_recognised(catalogue):
    catalogue["python"].is_retired = True
    catalogue["python"].save()

    assert matcher().analyse("Python and k8s").slugs == {"kubernetes"}
