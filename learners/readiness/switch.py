"""What a move to a role's targets costs, in one place for the plan, the compare page and the
job posting's side-by-side: the hours from a requirement's counted level to its target (by the
one curve, `roles.hours.hours_between`), and the records of someone whose levels are exactly a
role's targets ("what transfers" is the engine's readiness of that person)."""

from __future__ import annotations

from learners.readiness.types import LearnerRecords, Readiness, RequirementRow, RoleProfile
from roles.hours import hours_between


def row_hours(row: RequirementRow) -> int:
    """Hours from the row's counted level to its target (0 when met)."""
    return hours_between(row.spec.estimated_hours, row.level, row.spec.target)


def hours_to_targets(readiness: Readiness) -> int:
    """Hours to meet every target in `readiness` from the levels it counted."""
    return sum(row_hours(row) for row in readiness.rows)


def at_targets(profile: RoleProfile) -> LearnerRecords:
    """The records of someone rated exactly at each of `profile`'s targets, and nothing else."""
    return LearnerRecords(ratings={spec.skill_id: spec.target for spec in profile.requirements})
