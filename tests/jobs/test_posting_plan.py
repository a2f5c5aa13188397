"""From a posting to the plan: "What it takes to get this job" is the plan engine on the
posting's readiness (learning order, hours by the one curve, dates at the learner's weekly
hours), and "Add these to my plan" makes the learner's plan put those skills first."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobPosting
from jobs.pages import posting_page
from learners.models import PlanPriority
from learners.plan import build_plan
from learners.readiness import row_hours
from tests.factories import SkillFactory, SkillRecordFactory
from tests.jobs.test_views import HX, paste

pytestmark = pytest.mark.django_db

POSTING = """Machine Learning Engineer

Requirements
- Python and Kubernetes every day.
- Docker.

Nice to have
- Terraform.
"""


@pytest.fixture
def posting(client, learner, skills):
    # Terraform: a skill no role requires (the plan must still take it). Kubernetes needs Docker.
    SkillFactory(slug="terraform", name="Terraform", estimated_hours=12)
    skills["kubernetes"].prerequisites.add(skills["docker"])
    SkillRecordFactory(user=learner, skill=skills["python"], level=4)
    learner.weekly_hours = 5
    learner.save()
    client.force_login(learner)
    paste(client, text=POSTING, title="Machine Learning Engineer")
    return JobPosting.objects.get(user=learner)


def steps_of(html: str) -> list[str]:
    return re.findall(r'data-plan-step="([\w-]+)"', html)


def test_what_it_takes_is_the_plan_engine_on_the_postings_readiness(client, learner, posting):
    page = posting_page(learner, posting)
    today = timezone.localdate()
    expected = build_plan(page.readiness, weekly_hours=5, today=today)
    assert page.plan == expected
    # Python is met; Docker before Kubernetes (its prerequisite); the nice-to-have last.
    assert [s.spec.skill_slug for s in page.plan.steps] == ["docker", "kubernetes", "terraform"]
    assert [s.hours for s in page.plan.steps] == [row_hours(s.row) for s in page.plan.steps]
    weeks = -(-page.plan.total_hours // 5)
    assert page.plan.ready_on == today + dt.timedelta(weeks=weeks)
    assert page.plan.steps[-1].done_on == page.plan.ready_on

    html = client.get(posting.get_absolute_url()).content.decode()
    assert steps_of(html) == ["docker", "kubernetes", "terraform"]
    assert page.plan.ready_on.strftime("%-d %B %Y") in html
    assert "Add these to my plan" in html


def test_adding_them_without_javascript_redirects_to_the_plan_section(client, learner, posting):
    response = client.post(reverse("jobs:add_to_plan", args=[posting.pk]))

    assert response.status_code == 302
    assert response.headers["Location"] == f"{posting.get_absolute_url()}#job-plan"
    assert set(PlanPriority.objects.filter(user=learner).values_list("skill__slug", "target")) == {
        ("docker", 3),
        ("kubernetes", 3),
        ("terraform", 2),
    }
    page = client.get(response.headers["Location"]).content.decode()
    assert "These come first in" in page
    assert "Your plan now starts with Docker, Kubernetes, Terraform." in page


def test_adding_them_with_htmx_swaps_the_live_region(client, learner, posting):
    response = client.post(reverse("jobs:add_to_plan", args=[posting.pk]), headers=HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="job-live"')
    assert "Take them out of my plan" in html
    assert "HX-Request" in response.headers["Vary"]
    assert PlanPriority.objects.filter(user=learner).count() == 3


def test_adding_twice_keeps_one_row_per_skill_and_taking_out_undoes_it(client, learner, posting):
    url = reverse("jobs:add_to_plan", args=[posting.pk])
    client.post(url)
    client.post(url, headers=HX)
    assert PlanPriority.objects.filter(user=learner).count() == 3

    response = client.post(reverse("jobs:take_out_of_plan", args=[posting.pk]), headers=HX)

    assert response.status_code == 200
    assert "Add these to my plan" in response.content.decode()
    assert not PlanPriority.objects.filter(user=learner).exists()


def test_the_learners_plan_then_puts_them_first(client, learner, posting, role, skills):
    # The target role requires Python, Kubernetes and Docker (conftest); Terraform is the
    # posting's own. Before: the role's essentials only; after: the posting's skills first.
    learner.target_role = role
    learner.save()
    before = client.get(reverse("learners:plan")).content.decode()
    assert "Terraform" not in before

    client.post(reverse("jobs:add_to_plan", args=[posting.pk]))

    after = client.get(reverse("learners:plan")).content.decode()
    steps = after[after.index('<ol class="list-group') : after.index("</ol>")]
    names = re.findall(r'/skills/([\w-]+)/">', steps)
    assert names[:3] == ["docker", "kubernetes", "terraform"]
    assert steps.count("data-plan-first") == 3
    assert "You asked to put the skills of Machine Learning Engineer first" in after


def test_a_met_posting_has_nothing_to_add(client, learner, posting, skills):
    for slug in ("docker", "kubernetes"):
        SkillRecordFactory(user=learner, skill=skills[slug], level=5)
    SkillRecordFactory(
        user=learner, skill=posting.skills.get(skill__slug="terraform").skill, level=5
    )

    html = client.get(posting.get_absolute_url()).content.decode()
    assert "You meet every target this posting sets" in html
    response = client.post(reverse("jobs:add_to_plan", args=[posting.pk]))
    assert response.status_code == 302
    assert not PlanPriority.objects.exists()


def test_get_on_the_plan_buttons_changes_nothing(client, posting):
    for name in ("jobs:add_to_plan", "jobs:take_out_of_plan"):
        assert client.get(reverse(name, args=[posting.pk])).status_code == 405
    assert not PlanPriority.objects.exists()
