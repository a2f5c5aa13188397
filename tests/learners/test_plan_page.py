"""The learning plan page: unmet requirements in prerequisite order, hours and a ready date."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    RequirementFactory,
    SkillCategoryFactory,
    SkillFactory,
    SkillRecordFactory,
)

PLAN = "/dashboard/plan/"


def plan_role(role):
    category = SkillCategoryFactory(slug="core", name="Core")
    basics = SkillFactory(slug="python", name="Python", category=category, estimated_hours=30)
    advanced = SkillFactory(
        slug="deep-learning", name="Deep learning", category=category, estimated_hours=60
    )
    advanced.prerequisites.add(basics)
    done = SkillFactory(slug="git", name="Git", category=category, estimated_hours=10)
    # Deep learning matters most, but Python comes first because it is a prerequisite.
    RequirementFactory(role=role, skill=advanced, importance=5, is_essential=True, target_level=3)
    RequirementFactory(role=role, skill=basics, importance=2, target_level=3)
    RequirementFactory(role=role, skill=done, importance=3, target_level=2)
    return basics, advanced, done


def test_it_requires_login(client, db):
    assert client.get(PLAN).status_code == 302


def test_the_plan_orders_steps_by_prerequisites_with_hours_and_a_date(client, learner, role):
    _basics, _advanced, done = plan_role(role)
    SkillRecordFactory(user=learner, skill=done, level=2)
    learner.weekly_hours = 10
    learner.save()
    client.force_login(learner)
    response = client.get(PLAN)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("learners:plan") == PLAN
    steps = html[html.index("<ol") : html.index("</ol>")]
    assert steps.index("Python") < steps.index("Deep learning")
    assert "Git" not in steps
    assert "about 30 hours" in steps
    assert "about 60 hours" in steps
    assert "90 hours" in html
    ready = timezone.localdate() + dt.timedelta(weeks=9)
    assert ready.strftime("%B %Y") in html
    assert "(about 9 weeks)" in html


def test_the_plan_says_when_every_target_is_met(client, learner, role):
    basics, advanced, done = plan_role(role)
    for skill in (basics, advanced, done):
        SkillRecordFactory(user=learner, skill=skill, level=5)
    client.force_login(learner)
    html = client.get(PLAN).content.decode()
    assert "You meet every target of this role." in html
    # Self-rated only: not "nothing left", the plan lists what to prove.
    assert 'id="prove"' in html
    assert html.count('data-step-kind="evidence"') == 3


def test_the_plan_is_friendly_without_roles(client, learner):
    client.force_login(learner)
    response = client.get(PLAN)
    assert response.status_code == 200
    assert "no career roles" in response.content.decode()
