"""What a skill's hours mean, and the one curve the plan, the compare page and the skill page
share (the reported cases: Julia to Aware cost 60 h, Java to Guided 120 h while the skill page
said 120 h to Independent, Model evaluation Independent → Advanced 8 h)."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from roles.hours import hours_between, hours_to_each_level
from tests.factories import RequirementFactory, SkillFactory


def test_a_skills_hours_are_the_time_from_none_to_independent():
    assert hours_between(120, 0, 3) == 120
    assert hours_between(60, 0, 1) == 6  # Julia to Aware: a tenth, not the whole estimate
    assert hours_between(120, 0, 2) == 48  # Java to Guided: less than to Independent
    assert hours_between(8, 3, 4) == 8  # Independent → Advanced costs the estimate again
    assert hours_between(40, 4, 5) == 60
    assert hours_between(40, 3, 3) == hours_between(40, 4, 2) == 0
    assert hours_between(1, 0, 1) == 1  # never less than an hour


@given(st.integers(1, 2000), st.integers(0, 5), st.integers(0, 5), st.integers(0, 5))
def test_hours_add_up_along_the_scale(hours, a, b, c):
    low, mid, high = sorted((a, b, c))
    assert hours_between(hours, low, high) >= hours_between(hours, low, mid)
    # Rounding each leg can move the total by at most an hour per leg.
    legs = hours_between(hours, low, mid) + hours_between(hours, mid, high)
    assert abs(hours_between(hours, low, high) - legs) <= 2


@pytest.mark.django_db
def test_the_skill_page_the_plan_and_the_compare_page_use_the_same_hours(client, learner, role):
    java = SkillFactory(slug="java", name="Java", estimated_hours=120)
    RequirementFactory(role=role, skill=java, target_level=2, is_essential=True)
    page = client.get(reverse("roles:skill_detail", args=["java"])).text
    table = dict(hours_to_each_level(120))
    assert table[2] == 48
    assert '<th scope="row" class="fw-normal">Guided</th><td>about 48</td>' in page
    assert "about 120 hours from none to an independent level" in page
    client.force_login(learner)
    plan = client.get(reverse("learners:plan")).text
    assert "from None to Guided, about 48 hours" in plan
    assert "The essentials take about <strong>48 hours</strong>" in plan
