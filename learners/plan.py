"""A learning plan: the unmet requirements of a role in an order that respects prerequisites,
with the hours each needs and the day the learner could be ready.

Decisions:

- Steps are the unmet requirements, ordered by `roles.prerequisites.learning_order`: each step
  comes after those of its prerequisites that are also steps; among steps free to come next,
  essential first, then the biggest W × (t − L), then by name. A prerequisite cycle does not
  break the plan: `learning_order` releases the most urgent blocked step.
- A step's hours are the skill's hours scaled by the gap: estimated_hours × (t − L) / t,
  rounded half up, and at least 1.
- `ready_on` is today plus ceil(total hours / weekly hours) weeks. With nothing unmet the
  learner is already ready: no steps, 0 hours, and `ready_on` is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from learners.readiness import Readiness, RequirementRow, RoleProfile
from roles.prerequisites import learning_order


@dataclass(frozen=True)
class PlanStep:
    row: RequirementRow
    hours: int

    @property
    def spec(self):
        return self.row.spec


@dataclass(frozen=True)
class LearningPlan:
    steps: tuple[PlanStep, ...]
    total_hours: int
    ready_on: date | None  # None: nothing left to learn
    weekly_hours: int = 1
    weeks: int = 0

    @property
    def is_ready(self) -> bool:
        return not self.steps


def step_hours(row: RequirementRow) -> int:
    """The skill's hours scaled by the gap, rounded half up, at least 1 (0 when met)."""
    if row.gap <= 0:
        return 0
    target = row.spec.target
    scaled = (2 * row.spec.estimated_hours * row.gap + target) // (2 * target)
    return max(1, scaled)


def build_plan(
    profile: RoleProfile, readiness: Readiness, *, weekly_hours: int, today: date
) -> LearningPlan:
    """Order the unmet requirements of `readiness` into a plan for `weekly_hours` a week.

    `profile` is the role the readiness was computed for; its prerequisite graph is the one the
    rows carry, so the plan needs no database.
    """
    unmet = {row.spec.skill_id: row for row in readiness.rows if not row.met}
    specs = {spec.skill_id: spec for spec in profile.requirements}
    prerequisites = {
        skill_id: specs.get(skill_id, row.spec).prerequisite_ids for skill_id, row in unmet.items()
    }

    def priority(skill_id: int) -> tuple:
        row = unmet[skill_id]
        return (not row.spec.essential, -row.urgency, row.spec.skill_name, skill_id)

    order = learning_order(list(unmet), prerequisites, priority)
    steps = tuple(PlanStep(row=unmet[s], hours=step_hours(unmet[s])) for s in order)
    total = sum(step.hours for step in steps)
    weekly = max(1, weekly_hours)
    if not steps:
        return LearningPlan(steps=(), total_hours=0, ready_on=None, weekly_hours=weekly)
    weeks = -(-total // weekly)
    return LearningPlan(
        steps=steps,
        total_hours=total,
        ready_on=today + timedelta(weeks=weeks),
        weekly_hours=weekly,
        weeks=weeks,
    )
