"""Skills the learner asked to put first (from a job posting) lead the plan: with the unmet
requirements they need first, at the higher of the two targets, counted before the
essentials' date; skills outside the role are planned too."""

import datetime as dt

from learners.plan import build_plan, priority_profile
from learners.readiness import LearnerRecords, SkillInfo, compute_readiness
from tests.learners.test_plan import DOCKER, PYTHON, ROLE, STATS, TODAY

TERRAFORM = 9


def first_of(pairs, ratings=None, role=ROLE):
    profile = priority_profile(pairs, {role.role_id: role})
    return compute_readiness(profile, LearnerRecords(ratings or {}), today=TODAY)


def plan_with(pairs, ratings=None, role=ROLE, weekly_hours=5):
    records = LearnerRecords(ratings or {})
    readiness = compute_readiness(role, records, today=TODAY)
    first = first_of(pairs, ratings, role) if pairs else None
    return build_plan(readiness, weekly_hours=weekly_hours, today=TODAY, first=first)


def names(plan):
    return [step.row.spec.skill_name for step in plan.steps]


def test_without_priorities_the_plan_is_unchanged():
    plan = plan_with([])
    assert names(plan) == ["Python", "Maths", "Statistics", "Machine learning", "Docker"]
    assert not any(step.first for step in plan.steps)
    assert plan.first_hours == 0


def test_a_skill_put_first_leads_the_plan():
    # Docker is a nice-to-have of the role, last without priorities.
    plan = plan_with([(DOCKER, 3)])
    assert names(plan) == ["Docker", "Python", "Maths", "Statistics", "Machine learning"]
    assert [step.first for step in plan.steps] == [True, False, False, False, False]


def test_what_it_needs_first_comes_with_it_in_prerequisite_order():
    plan = plan_with([(STATS, 3)])
    assert names(plan)[:2] == ["Maths", "Statistics"]
    assert [step.first for step in plan.steps][:3] == [True, True, False]


def test_the_higher_target_counts_and_a_met_one_is_left_out():
    # The role wants Python at 4; a posting asking Python at 2 does not lower it.
    plan = plan_with([(PYTHON, 2)])
    assert plan.steps[0].row.spec.target == 4
    # Met at the posting's target but not at the role's: the role's step, not first.
    plan = plan_with([(PYTHON, 2)], {PYTHON: 2})
    assert plan.steps[0].row.spec.skill_name == "Python"
    assert not plan.steps[0].first
    # The posting asks Docker at 5, higher than the role's 3 that is met: planned first.
    plan = plan_with([(DOCKER, 5)], {DOCKER: 3})
    assert (plan.steps[0].row.spec.skill_name, plan.steps[0].row.spec.target) == ("Docker", 5)
    assert plan.steps[0].first


def test_a_skill_outside_the_role_is_planned_from_the_catalogue():
    skills = {
        TERRAFORM: SkillInfo(
            skill_id=TERRAFORM, slug="terraform", name="Terraform", estimated_hours=12
        )
    }
    role = ROLE.__class__(
        role_id=1,
        slug="ml-engineer",
        title="ML Engineer",
        requirements=ROLE.requirements,
        skills=skills,
    )
    plan = plan_with([(TERRAFORM, 3)], role=role)
    assert names(plan)[0] == "Terraform"
    assert plan.steps[0].hours == 12  # None to Independent: the estimate itself


def test_the_essentials_date_counts_the_hours_learnt_before_them():
    alone = plan_with([])
    plan = plan_with([(DOCKER, 3)])
    docker = plan.steps[0].hours
    assert plan.first_hours == docker
    assert plan.essential_hours == alone.essential_hours
    assert plan.essentials_ready_on == TODAY + dt.timedelta(
        weeks=-(-(docker + alone.essential_hours) // 5)
    )
    assert plan.ready_on == alone.ready_on  # the same hours in another order
    assert plan.steps[-1].done_on == plan.ready_on


def test_an_unknown_skill_is_ignored():
    assert priority_profile([(12345, 3)], {ROLE.role_id: ROLE}) is None
