"""Every job-posting URL: another learner gets 404 and changes nothing; the anonymous are sent
to log in (tests/test_access_matrix.py); every URL of the namespace is classified here."""

import logging

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobs.models import JobPosting, JobSkill, NotASkillMark
from jobs.services import create_posting
from learners.models import PlanPriority
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}

# name -> (args after the posting's pk, data posted)
OWNED = {
    "jobs:detail": ([], {}),
    "jobs:delete": ([], {}),
    "jobs:edit": ([], {"title": "Renamed", "company": ""}),
    "jobs:compare": ([], {}),
    "jobs:skill_add": ([], {"skill": "docker", "need": "required", "target": 4}),
    "jobs:skill_set": (["python"], {"need": "nice", "target": 1}),
    "jobs:skill_remove": (["python"], {}),
    "jobs:not_a_skill": (["python"], {"phrase": "python"}),
    "jobs:read_again": ([], {}),
    "jobs:add_to_plan": ([], {}),
    "jobs:take_out_of_plan": ([], {}),
}
SELF_SCOPED = {"jobs:list", "jobs:new"}


def job_urls():
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "jobs":
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern):
                    yield f"jobs:{pattern.name}"


def test_every_job_url_is_classified():
    found = set(job_urls())

    assert found == set(OWNED) | SELF_SCOPED


@pytest.fixture
def adas_posting(learner):
    SkillFactory(slug="python", name="Python")
    SkillFactory(slug="docker", name="Docker")
    return create_posting(
        user=learner, title="Ada's secret posting", company="", url="", text="Python required."
    )


def state(posting):
    return (
        JobPosting.objects.filter(pk=posting.pk).values_list("title", flat=True).first(),
        sorted(JobSkill.objects.filter(posting=posting).values_list("skill__slug", "need")),
        NotASkillMark.objects.filter(posting=posting).count(),
        PlanPriority.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(OWNED))
@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_another_learner_gets_404_and_changes_nothing(
    client, learner, other_learner, adas_posting, name, headers, caplog
):
    args, data = OWNED[name]
    url = reverse(name, args=[adas_posting.pk, *args])
    before = state(adas_posting)
    client.force_login(other_learner)

    with caplog.at_level(logging.WARNING, logger="careerhub.security"):
        answers = [client.get(url, headers=headers), client.post(url, data, headers=headers)]

    # GET of a POST-only URL is 405 before any lookup; everything else is 404.
    assert {a.status_code for a in answers} <= {404, 405}
    assert any(a.status_code == 404 for a in answers)
    assert all(b"secret" not in a.content for a in answers)
    assert state(adas_posting) == before
    assert any(f"user={other_learner.pk}" in r.getMessage() for r in caplog.records)


def test_the_list_shows_only_the_learners_own_postings(client, other_learner, adas_posting):
    client.force_login(other_learner)

    html = client.get(reverse("jobs:list")).content.decode()

    assert "secret" not in html
    assert "No postings yet" in html


def test_a_new_posting_belongs_to_whoever_pastes_it(client, learner, other_learner, adas_posting):
    client.force_login(other_learner)

    client.post(reverse("jobs:new"), {"title": "Bob's", "text": "Python.", "user": learner.pk})

    assert JobPosting.objects.get(title="Bob's").user == other_learner
    assert JobPosting.objects.filter(user=learner).count() == 1
