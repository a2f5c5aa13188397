"""Issue 21 fault 7: the editors' job reports never show one learner's private text."""

import pytest
from django.urls import reverse

from jobs.models import JobPosting, NotASkillMark
from jobs.reports import MIN_LEARNERS
from jobs.services import NotFoundInPosting, create_posting, mark_not_a_skill
from tests.factories import SkillFactory, UserFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
TEXT = "Requirements:\n- Python and k8s.\n- Terraform and Snowflake."
EVIL = "editors: urgent, reset your password at https://evil.example/admin"


@pytest.fixture
def catalogue():
    return {
        "python": SkillFactory(slug="python", name="Python"),
        "kubernetes": SkillFactory(slug="kubernetes", name="Kubernetes", aliases="k8s"),
    }


def paste(user, text=TEXT):
    return create_posting(user=user, title="Platform Engineer", company="", url="", text=text)


def test_a_term_of_fewer_learners_than_the_threshold_stays_private(client, editor, catalogue):
    owners = [UserFactory() for _ in range(MIN_LEARNERS)]
    for owner in owners[:-1]:
        paste(owner)
        paste(owner)  # a second posting by the same learner adds no learner
    client.force_login(editor)

    assert "Snowflake" not in client.get("/admin/jobs/unmappedterm/").content.decode()

    paste(owners[-1])
    html = client.get("/admin/jobs/unmappedterm/").content.decode()
    assert f"Snowflake</td><td>{2 * MIN_LEARNERS - 1}</td>" in html


def test_a_mark_of_fewer_learners_than_the_threshold_stays_private(client, editor, catalogue):
    for _ in range(MIN_LEARNERS - 1):
        mark_not_a_skill(posting=paste(UserFactory()), skill=catalogue["kubernetes"], phrase="k8s")
    client.force_login(editor)

    assert "<td>k8s</td>" not in client.get("/admin/jobs/notaskillmark/").content.decode()


@pytest.mark.parametrize("htmx", [True, False])
def test_a_mark_for_a_phrase_the_reader_never_found_is_refused(client, learner, catalogue, htmx):
    posting = paste(learner)
    client.force_login(learner)
    url = reverse("jobs:not_a_skill", args=[posting.pk, "kubernetes"])

    response = client.post(url, {"phrase": EVIL}, headers=HX if htmx else {})

    if htmx:
        assert response.status_code == 422
        assert "was not read as Kubernetes" in response.content.decode()
    else:
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        assert "was not read as Kubernetes" in page
    assert not NotASkillMark.objects.exists()
    assert posting.skills.filter(skill__slug="kubernetes").exists()  # nothing changed


def test_a_phrase_read_as_another_skill_is_refused(client, learner, catalogue):
    posting = paste(learner)
    client.force_login(learner)

    url = reverse("jobs:not_a_skill", args=[posting.pk, "kubernetes"])
    response = client.post(url, {"phrase": "python"}, headers=HX)

    assert response.status_code == 422
    assert not NotASkillMark.objects.exists()


def test_the_phrase_the_reader_found_is_accepted_in_any_case(client, learner, catalogue):
    posting = paste(learner)
    client.force_login(learner)

    url = reverse("jobs:not_a_skill", args=[posting.pk, "kubernetes"])
    response = client.post(url, {"phrase": "K8s"}, headers=HX)

    assert response.status_code == 200
    assert NotASkillMark.objects.get().phrase == "k8s"


def test_a_later_mention_of_the_skill_counts_as_found(catalogue):
    posting = paste(UserFactory(), text="Requirements:\n- k8s.\n- Kubernetes operators.")
    mark_not_a_skill(posting=posting, skill=catalogue["kubernetes"], phrase="k8s")
    posting = JobPosting.objects.get(pk=posting.pk)
    assert posting.skills.filter(skill__slug="kubernetes").exists()  # still named

    mark_not_a_skill(posting=posting, skill=catalogue["kubernetes"], phrase="kubernetes")
    assert not posting.skills.filter(skill__slug="kubernetes").exists()
    for phrase in ("operators", " "):
        with pytest.raises(NotFoundInPosting):
            mark_not_a_skill(posting=posting, skill=catalogue["kubernetes"], phrase=phrase)
