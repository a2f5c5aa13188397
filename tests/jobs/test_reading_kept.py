"""A posting is read once, when it is saved: showing it, listing it and correcting it never
read the text again (issue 23 item 5, issue 21 fault 1). When the catalogue changes, the learner
may read it again with today's catalogue and sees what changed."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from jobs.models import JobPosting, JobSkill, NotASkillMark
from jobs.reading.matcher import Matcher
from roles.cache import bump_generation
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
TEXT = "Requirements\n- Python every day.\n- Containers.\n\nNice to have\n- Kubernetes.\n"


@pytest.fixture
def catalogue(db):
    return {
        "python": SkillFactory(slug="python", name="Python"),
        "docker": SkillFactory(slug="docker", name="Docker", aliases=""),
        "kubernetes": SkillFactory(slug="kubernetes", name="Kubernetes"),
    }


@pytest.fixture
def reads(monkeypatch):
    """How many times a text is read (the real matcher runs)."""
    calls = []
    original = Matcher.analyse

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Matcher, "analyse", counted)
    return calls


def paste(client, text=TEXT):
    response = client.post(
        reverse("jobs:new"), {"title": "ML Engineer", "company": "", "url": "", "text": text}
    )
    assert response.status_code == 302
    return JobPosting.objects.latest("id")


def offers_to_read_again(client, posting) -> bool:
    html = client.get(posting.get_absolute_url()).text
    return "Read again with today's catalogue</button>" in html


def slugs(posting):
    return set(JobSkill.objects.filter(posting=posting).values_list("skill__slug", flat=True))


def test_the_reading_is_kept_and_no_view_reads_the_text_again(client, learner, catalogue, reads):
    client.force_login(learner)
    posting = paste(client)
    assert len(reads) == 1
    assert {m["slug"] for m in posting.mentions} == {"python", "kubernetes"}
    assert all(posting.text[m["start"] : m["end"]] for m in posting.mentions)
    python = reverse("jobs:skill_set", args=[posting.pk, "python"])
    for headers in ({}, HX):
        page = client.get(posting.get_absolute_url(), headers=headers)
        assert 'data-phrase-skill="python"' in page.text  # highlighted from the kept reading
        client.get(reverse("jobs:list"), headers=headers)
        client.get(reverse("jobs:compare", args=[posting.pk]), headers=headers)
        client.post(python, {"need": "nice", "target": 2}, headers=headers)
    phrase = {"phrase": "Kubernetes"}
    client.post(reverse("jobs:not_a_skill", args=[posting.pk, "kubernetes"]), phrase)
    assert len(reads) == 1
    assert slugs(posting) == {"python"}


def test_after_a_catalogue_change_the_page_offers_to_read_again(client, learner, catalogue, reads):
    client.force_login(learner)
    posting = paste(client)
    client.post(
        reverse("jobs:skill_set", args=[posting.pk, "python"]), {"need": "nice", "target": 2}
    )
    assert not offers_to_read_again(client, posting)

    catalogue["docker"].aliases = "Containers"
    catalogue["docker"].save()
    bump_generation()  # as the admin does
    assert offers_to_read_again(client, posting)
    assert slugs(posting) == {"python", "kubernetes"}  # nothing changes until asked

    for headers in (HX, {}):
        answer = client.post(reverse("jobs:read_again", args=[posting.pk]), headers=headers)
        assert answer.status_code in (200, 302)
    assert slugs(posting) == {"python", "docker", "kubernetes"}
    python = JobSkill.objects.get(posting=posting, skill__slug="python")
    assert (python.need, python.target) == ("nice", 2)  # the learner's correction is kept
    assert not offers_to_read_again(client, posting)
    assert len(reads) == 3


def test_reading_again_says_what_changed(client, learner, catalogue):
    client.force_login(learner)
    posting = paste(client)
    catalogue["docker"].aliases = "Containers"
    catalogue["docker"].save()
    bump_generation()
    answer = client.post(reverse("jobs:read_again", args=[posting.pk]), headers=HX)
    assert "now recognised: Docker" in answer.text


def test_a_mark_is_accepted_only_for_a_phrase_read_as_that_skill(client, learner, catalogue):
    client.force_login(learner)
    posting = paste(client)
    url = reverse("jobs:not_a_skill", args=[posting.pk, "python"])
    for phrase in ("editors: urgent, reset your password at https://evil.example", "Kubernetes"):
        answer = client.post(url, {"phrase": phrase}, headers=HX)
        assert answer.status_code == 422
        assert "was not read as Python" in answer.text
    assert not NotASkillMark.objects.exists()
    assert slugs(posting) == {"python", "kubernetes"}


def test_a_posting_saved_before_readings_were_kept_is_shown_and_can_be_read(
    client, learner, catalogue, reads
):
    client.force_login(learner)
    posting = paste(client)
    JobPosting.objects.filter(pk=posting.pk).update(mentions=[], read_generation=None)
    page = client.get(posting.get_absolute_url()).text
    assert "saved before careerhub kept its reading" in page
    assert "Python every day." in page
    client.post(reverse("jobs:read_again", args=[posting.pk]))
    assert JobPosting.objects.get(pk=posting.pk).mentions
    assert len(reads) == 2


def test_a_skill_a_posting_asks_for_cannot_be_deleted(client, learner, catalogue):
    client.force_login(learner)
    paste(client)
    with pytest.raises(ProtectedError):
        catalogue["python"].delete()
