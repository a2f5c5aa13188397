"""One rule, one home (issue 21): each rule below is computed in one place, and the pages that
show it ask that place."""

import ast
import datetime as dt
import pathlib

import pytest

from learners.readiness import (
    LearnerRecords,
    at_targets,
    compute_readiness,
    hours_to_targets,
    level_name,
    role_profiles,
    row_hours,
)
from roles.hours import hours_between
from roles.levels import LEVEL_NAMES
from roles.models import Level
from tests.factories import RequirementFactory, RoleFactory, SkillFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("careerhub", "jobs", "learners", "roles")


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def calls_of(path: pathlib.Path, name: str) -> int:
    return sum(
        1
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == name
    )


def test_level_names_have_one_home():
    assert {level.value: level.label for level in Level} == LEVEL_NAMES
    assert [level_name(value) for value in range(6)] == list(LEVEL_NAMES.values())
    defining = [
        str(path.relative_to(ROOT))
        for path in app_modules()
        if any(
            isinstance(node, ast.Constant) and node.value == "Independent"
            for node in ast.walk(ast.parse(path.read_text()))
        )
    ]
    assert defining == ["roles/levels.py"]


def test_only_the_one_hours_function_turns_levels_into_hours():
    callers = {
        str(path.relative_to(ROOT)): calls_of(path, "hours_between")
        for path in app_modules()
        if calls_of(path, "hours_between")
    }
    assert callers == {"roles/hours.py": 1, "learners/readiness/switch.py": 1}


def rates_at_targets(node) -> bool:
    """`LearnerRecords(ratings={… : spec.target …})`: someone rated exactly at the targets."""
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "LearnerRecords"
        and any(
            isinstance(kw.value, ast.DictComp)
            and isinstance(kw.value.value, ast.Attribute)
            and kw.value.value.attr == "target"
            for kw in node.keywords
        )
    )


def test_only_one_function_builds_the_records_of_someone_at_a_roles_targets():
    builders = [
        str(path.relative_to(ROOT))
        for path in app_modules()
        if any(rates_at_targets(node) for node in ast.walk(ast.parse(path.read_text())))
    ]
    assert builders == ["learners/readiness/switch.py"]


@pytest.mark.django_db
def test_hours_to_targets_sums_the_curve_over_every_row():
    role = RoleFactory()
    python = RequirementFactory(role=role, skill=SkillFactory(estimated_hours=40), target_level=3)
    sql = RequirementFactory(role=role, skill=SkillFactory(estimated_hours=10), target_level=5)
    profile = role_profiles()[role.pk]
    mine = compute_readiness(
        profile, LearnerRecords(ratings={python.skill_id: 2}), today=dt.date(2026, 1, 1)
    )
    assert hours_to_targets(mine) == hours_between(40, 2, 3) + hours_between(10, 0, 5) == 59
    assert sum(row_hours(row) for row in mine.rows) == 59
    holder = compute_readiness(profile, at_targets(profile), today=dt.date(2026, 1, 1))
    assert holder.score == 100
    assert hours_to_targets(holder) == 0
    assert at_targets(profile).ratings == {python.skill_id: 3, sql.skill_id: 5}


@pytest.mark.django_db
def test_next_steps_and_the_plan_list_what_to_prove_in_one_order():
    from learners.plan import build_plan
    from learners.readiness import StepKind

    role = RoleFactory()
    alpha = RequirementFactory(role=role, skill=SkillFactory(name="Alpha"), target_level=3)
    beta = RequirementFactory(role=role, skill=SkillFactory(name="Beta"), target_level=3)
    gamma = RequirementFactory(role=role, skill=SkillFactory(name="Gamma"), target_level=3)
    # Self-rated only, so every rated level is unproven; the gaps differ from the names' order.
    ratings = {alpha.skill_id: 1, beta.skill_id: 3, gamma.skill_id: 2}
    today = dt.date(2026, 1, 1)
    readiness = compute_readiness(
        role_profiles()[role.pk], LearnerRecords(ratings=ratings), today=today
    )
    plan = build_plan(readiness, weekly_hours=5, today=today)
    next_steps = [s.skill_name for s in readiness.next_steps if s.kind == StepKind.EVIDENCE]
    to_prove = [row.spec.skill_name for row in plan.to_prove]
    assert len(next_steps) == 3
    assert to_prove == next_steps == ["Beta", "Gamma", "Alpha"]  # the most claimed first
