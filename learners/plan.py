"""A learning plan: the unmet requirements of a role in an order that respects prerequisites,
essentials first, with the hours each needs and the day the learner could be ready.

Decisions:

- Steps are the unmet requirements in two parts: first the essential ones together with the
  unmet requirements they need first (the essentials' path), then everything else, so a
  nice-to-have never pushes back the essentials' date. Inside each part,
  `roles.prerequisites.learning_order` puts a step after those of its prerequisites that are
  also steps; among steps free to come next, the biggest W × (t − L) first, then by name.
- A step's hours: `learners.readiness.row_hours`, by the one curve (`roles.hours`).
- `essentials_ready_on` and `ready_on` are today plus whole weeks at the learner's weekly hours.
- When the evidence trails the claimed levels, the plan also lists what to prove (every
  unproven requirement, heaviest first): proving costs no new learning, so it adds no hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from learners.readiness import Readiness, RequirementRow, row_hours, unproven_rows
from roles.prerequisites import learning_order


@dataclass(frozen=True)
class PlanStep:
    row: RequirementRow
    hours: int
    for_essentials: bool = False  # essential, or needed first by an essential

    @property
    def spec(self):
        return self.row.spec


@dataclass(frozen=True)
class LearningPlan:
    steps: tuple[PlanStep, ...]
    total_hours: int
    essential_hours: int
    ready_on: date | None  # None: nothing left to learn
    essentials_ready_on: date | None
    to_prove: tuple[RequirementRow, ...] = ()
    weekly_hours: int = 1
    weeks: int = 0
    essential_weeks: int = 0

    @property
    def is_ready(self) -> bool:
        return not self.steps

    @property
    def is_proven(self) -> bool:
        return not self.to_prove


def _essentials_path(unmet: dict[int, RequirementRow], prerequisites) -> list[int]:
    """The unmet essentials and, transitively, the unmet requirements they need first."""
    path: list[int] = []
    stack = [s for s, row in unmet.items() if row.spec.essential]
    while stack:
        skill_id = stack.pop()
        if skill_id in path:
            continue
        path.append(skill_id)
        stack.extend(p for p in prerequisites[skill_id] if p in unmet and p not in path)
    return path


def _weeks(hours: int, weekly: int) -> int:
    return -(-hours // weekly)


def build_plan(readiness: Readiness, *, weekly_hours: int, today: date) -> LearningPlan:
    """Order the unmet requirements of `readiness` into a plan for `weekly_hours` a week. The
    rows carry the prerequisite graph, so the plan needs no database."""
    unmet = {row.spec.skill_id: row for row in readiness.rows if not row.met}
    prerequisites = {skill_id: row.spec.prerequisite_ids for skill_id, row in unmet.items()}

    def priority(skill_id: int) -> tuple:
        row = unmet[skill_id]
        return (-row.urgency, row.spec.skill_name, skill_id)

    path = _essentials_path(unmet, prerequisites)
    rest = [s for s in unmet if s not in path]
    order = learning_order(path, prerequisites, priority) + learning_order(
        rest, prerequisites, priority
    )
    steps = tuple(
        PlanStep(row=unmet[s], hours=row_hours(unmet[s]), for_essentials=s in path) for s in order
    )
    weekly = max(1, weekly_hours)
    total = sum(step.hours for step in steps)
    essential_hours = sum(step.hours for step in steps if step.for_essentials)
    weeks = _weeks(total, weekly)
    essential_weeks = _weeks(essential_hours, weekly)
    return LearningPlan(
        steps=steps,
        total_hours=total,
        essential_hours=essential_hours,
        ready_on=today + timedelta(weeks=weeks) if steps else None,
        essentials_ready_on=today + timedelta(weeks=essential_weeks) if essential_hours else None,
        to_prove=unproven_rows(readiness),
        weekly_hours=weekly,
        weeks=weeks,
        essential_weeks=essential_weeks,
    )
