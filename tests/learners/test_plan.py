"""The learning plan: unmet requirements in prerequisite order, hours, and a ready date."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from learners.plan import build_plan
from learners.readiness import (
    LearnerRecords,
    RequirementSpec,
    RoleProfile,
    compute_readiness,
    role_profiles,
    row_hours,
)
from roles.prerequisites import find_cycle
from tests.learners.test_readiness_properties import profiles, records
from tests.readiness_helpers import readiness_for

TODAY = dt.date(2026, 6, 15)  # a Monday
MATHS, STATS, PYTHON, ML, DOCKER = 1, 2, 3, 4, 5


def spec(skill_id, name, *, importance=3, essential=False, target=3, prerequisites=(), hours=20):
    return RequirementSpec(
        skill_id=skill_id,
        skill_slug=name.lower(),
        skill_name=name,
        category="Core",
        category_order=0,
        importance=importance,
        essential=essential,
        target=target,
        prerequisite_ids=frozenset(prerequisites),
        estimated_hours=hours,
    )


def plan_for(role, ratings=None, *, weekly_hours=5, today=TODAY):
    readiness = compute_readiness(role, LearnerRecords(ratings or {}), today=today)
    return build_plan(readiness, weekly_hours=weekly_hours, today=today)


def role_of(*specs):
    return RoleProfile(role_id=1, slug="ml-engineer", title="ML Engineer", requirements=specs)


ROLE = role_of(
    spec(MATHS, "Maths", importance=1, target=2, hours=40),
    spec(STATS, "Statistics", importance=3, target=3, prerequisites=[MATHS], hours=30),
    spec(PYTHON, "Python", importance=5, essential=True, target=4, hours=60),
    spec(
        ML,
        "Machine learning",
        importance=5,
        essential=True,
        target=4,
        prerequisites=[STATS, PYTHON],
        hours=80,
    ),
    spec(DOCKER, "Docker", importance=2, target=3, hours=10),
)


def test_it_puts_the_essentials_path_first_in_prerequisite_order():
    plan = plan_for(ROLE)
    # The essentials' path: Python, Machine learning and what it needs (Statistics, then
    # Maths). Free at the start of it: Python (W 10 × gap 4) before Maths (W 1 × gap 2); Maths
    # unlocks Statistics, which (with Python placed) unlocks Machine learning. Docker, a
    # nice-to-have that nothing essential needs, comes last though it is heavier than Maths.
    names = [step.row.spec.skill_name for step in plan.steps]
    assert names == ["Python", "Maths", "Statistics", "Machine learning", "Docker"]
    assert [step.for_essentials for step in plan.steps] == [True, True, True, True, False]


def test_it_leaves_met_requirements_out_and_unblocks_their_dependants():
    plan = plan_for(ROLE, {MATHS: 2, STATS: 3, DOCKER: 3})
    assert [step.row.spec.skill_name for step in plan.steps] == ["Python", "Machine learning"]


def test_each_steps_hours_follow_the_one_curve():
    plan = plan_for(ROLE, {PYTHON: 1, ML: 3})
    hours = {step.row.spec.skill_name: step.hours for step in plan.steps}
    # The curve, in tenths of a skill's hours (None → Independent): 0, 1, 4, 10, 20, 35.
    # Python 60 × (20 − 1)/10 = 114; ML 80 × (20 − 10)/10 = 80; Maths 40 × 4/10 = 16;
    # Statistics 30 × 10/10 = 30; Docker 10 × 10/10 = 10.
    assert hours == {
        "Python": 114,
        "Machine learning": 80,
        "Maths": 16,
        "Statistics": 30,
        "Docker": 10,
    }
    assert plan.total_hours == 250
    assert plan.essential_hours == 240  # everything but Docker is on the essentials' path


def test_row_hours_round_half_up_and_are_at_least_one():
    role = role_of(
        spec(1, "Half", target=4, hours=25),  # 25 × (20 − 19)/10… from 3: 25 × 10/10 = 25
        spec(2, "Tiny", target=1, hours=1),  # 1 × 1/10 = 0.1 → 1
        spec(3, "Down", target=2, hours=11),  # from 1: 11 × 3/10 = 3.3 → 3
    )
    plan = plan_for(role, {1: 3, 3: 1})
    assert {s.row.spec.skill_name: s.hours for s in plan.steps} == {
        "Half": 25,
        "Tiny": 1,
        "Down": 3,
    }
    assert row_hours(compute_readiness(role, LearnerRecords({1: 4}), today=TODAY).row_for(1)) == 0


def test_ready_on_is_today_plus_the_weeks_the_hours_take():
    plan = plan_for(ROLE, {PYTHON: 1, ML: 3}, weekly_hours=20)
    # 250 hours at 20 a week: 12.5 → 13 weeks; the essentials' 240 take 12.
    assert (plan.weeks, plan.ready_on) == (13, TODAY + dt.timedelta(weeks=13))
    assert (plan.essential_weeks, plan.essentials_ready_on) == (12, TODAY + dt.timedelta(weeks=12))
    exact = plan_for(ROLE, {PYTHON: 1, ML: 3}, weekly_hours=50)
    assert (exact.weeks, exact.ready_on) == (5, dt.date(2026, 7, 20))


def test_a_learner_who_meets_every_target_is_already_ready():
    plan = plan_for(ROLE, {MATHS: 2, STATS: 3, PYTHON: 4, ML: 4, DOCKER: 3})
    assert (plan.steps, plan.total_hours, plan.ready_on) == ((), 0, None)
    assert plan.is_ready


def test_a_prerequisite_cycle_does_not_break_the_plan():
    role = role_of(
        spec(1, "Alpha", prerequisites=[2]),
        spec(2, "Beta", prerequisites=[1], essential=True),
        spec(3, "Gamma", prerequisites=[1]),
        spec(4, "Self", prerequisites=[4]),
    )
    names = [s.row.spec.skill_name for s in plan_for(role).steps]
    assert sorted(names) == ["Alpha", "Beta", "Gamma", "Self"]
    assert names.index("Alpha") < names.index("Gamma")


@settings(deadline=None)  # a busy shared machine must not fail a correct example
@given(profiles(), records, st.integers(1, 80))
def test_every_unmet_requirement_is_planned_once_in_prerequisite_order(profile, learner, weekly):
    readiness = compute_readiness(profile, learner, today=TODAY)
    plan = build_plan(readiness, weekly_hours=weekly, today=TODAY)
    planned = [s.row.spec.skill_id for s in plan.steps]
    assert sorted(planned) == sorted(r.spec.skill_id for r in readiness.rows if not r.met)
    assert plan.total_hours == sum(s.hours for s in plan.steps)
    assert all(s.hours >= 1 for s in plan.steps)
    if plan.steps:
        assert plan.ready_on == TODAY + dt.timedelta(weeks=-(-plan.total_hours // weekly))
    else:
        assert plan.ready_on is None
    graph = {s.skill_id: s.prerequisite_ids for s in profile.requirements}
    if find_cycle(graph) is None:
        assert_prerequisites_first(plan)


def assert_prerequisites_first(plan):
    position = {step.row.spec.skill_id: i for i, step in enumerate(plan.steps)}
    for step in plan.steps:
        for prerequisite in step.row.spec.prerequisite_ids:
            if prerequisite in position:
                assert position[prerequisite] < position[step.row.spec.skill_id], (
                    f"{step.row.spec.skill_name} comes before its prerequisite"
                )


def test_a_new_learner_gets_a_plan_in_prerequisite_order_for_every_demo_role(demo_content, learner):
    demo = role_profiles()
    assert demo, "the demo content publishes at least one role"
    for role_id in demo:
        readiness = readiness_for(learner, role_id, today=TODAY)
        plan = build_plan(readiness, weekly_hours=5, today=TODAY)
        assert len(plan.steps) == len(readiness.rows)
        assert plan.ready_on is not None
        assert_prerequisites_first(plan)
