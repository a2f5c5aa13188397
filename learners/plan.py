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
- Skills the learner asked to put first ("Add these to my plan" on a job posting, stored as
  `learners.models.PlanPriority`) come before everything, with the unmet requirements they
  need first, at the higher of the posting's and the role's target; they may lie outside the
  role. The essentials' date then counts their hours too, since they are learnt before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from learners.readiness import (
    LearnerRecords,
    Readiness,
    RequirementRow,
    RequirementSpec,
    RoleProfile,
    compute_readiness,
    row_hours,
    unproven_rows,
)
from roles.prerequisites import learning_order


@dataclass(frozen=True)
class PlanStep:
    row: RequirementRow
    hours: int
    for_essentials: bool = False  # essential, or needed first by an essential
    first: bool = False  # asked to come first, or needed first by one that was
    done_on: date | None = None  # learnt by then, at the weekly hours, after the steps before

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
    first_hours: int = 0  # the steps the learner asked to put first
    first_sources: tuple[str, ...] = ()  # where they came from (posting titles)

    @property
    def is_ready(self) -> bool:
        return not self.steps

    @property
    def is_proven(self) -> bool:
        return not self.to_prove


def _essentials_path(
    unmet: dict[int, RequirementRow], prerequisites, seeds: Sequence[int] | None = None
) -> list[int]:
    """The unmet essentials (or `seeds`) and, transitively, the unmet requirements they need
    first."""
    path: list[int] = []
    stack = [s for s, row in unmet.items() if row.spec.essential] if seeds is None else [*seeds]
    while stack:
        skill_id = stack.pop()
        if skill_id in path:
            continue
        path.append(skill_id)
        stack.extend(p for p in prerequisites[skill_id] if p in unmet and p not in path)
    return path


def _weeks(hours: int, weekly: int) -> int:
    return -(-hours // weekly)


def _firsts(unmet: dict[int, RequirementRow], first: Readiness | None) -> dict[int, RequirementRow]:
    """The unmet rows the learner asked to put first, at the higher target of the two."""
    rows: dict[int, RequirementRow] = {}
    for row in first.rows if first else ():
        if row.met:
            continue
        mine = unmet.get(row.spec.skill_id)
        rows[row.spec.skill_id] = mine if mine and mine.spec.target > row.spec.target else row
    return rows


def build_plan(
    readiness: Readiness,
    *,
    weekly_hours: int,
    today: date,
    first: Readiness | None = None,
    first_sources: Sequence[str] = (),
) -> LearningPlan:
    """Order the unmet requirements of `readiness` into a plan for `weekly_hours` a week. The
    rows carry the prerequisite graph, so the plan needs no database. `first`: readiness for
    the skills the learner asked to put first (`priority_readiness`)."""
    unmet = {row.spec.skill_id: row for row in readiness.rows if not row.met}
    unmet |= _firsts(unmet, first)
    prerequisites = {skill_id: row.spec.prerequisite_ids for skill_id, row in unmet.items()}

    def priority(skill_id: int) -> tuple:
        row = unmet[skill_id]
        return (-row.urgency, row.spec.skill_name, skill_id)

    firsts = _essentials_path(unmet, prerequisites, seeds=list(_firsts({}, first)))
    path = [s for s in _essentials_path(unmet, prerequisites) if s not in firsts]
    rest = [s for s in unmet if s not in path and s not in firsts]
    order = (
        learning_order(firsts, prerequisites, priority)
        + learning_order(path, prerequisites, priority)
        + learning_order(rest, prerequisites, priority)
    )
    weekly = max(1, weekly_hours)
    steps, running = [], 0
    for s in order:
        hours = row_hours(unmet[s])
        running += hours
        done_on = today + timedelta(weeks=_weeks(running, weekly))
        steps.append(
            PlanStep(unmet[s], hours, for_essentials=s in path, first=s in firsts, done_on=done_on)
        )
    total = sum(step.hours for step in steps)
    first_hours = sum(step.hours for step in steps if step.first)
    essential_hours = sum(step.hours for step in steps if step.for_essentials)
    weeks = _weeks(total, weekly)
    essential_weeks = _weeks(first_hours + essential_hours, weekly)
    return LearningPlan(
        steps=tuple(steps),
        total_hours=total,
        essential_hours=essential_hours,
        ready_on=today + timedelta(weeks=weeks) if steps else None,
        essentials_ready_on=today + timedelta(weeks=essential_weeks) if essential_hours else None,
        to_prove=unproven_rows(readiness),
        weekly_hours=weekly,
        weeks=weeks,
        essential_weeks=essential_weeks,
        first_hours=first_hours,
        first_sources=tuple(dict.fromkeys(first_sources)) if first_hours else (),
    )


def priority_profile(
    priorities: Sequence[tuple[int, int]], profiles: Mapping[int, RoleProfile]
) -> RoleProfile | None:
    """The skills to put first ((skill id, target) pairs) as a profile the engine scores, with
    the catalogue's prerequisites, hours and closers (None when there is none)."""
    specs: dict[int, RequirementSpec] = {}
    skills: Mapping = {}
    for profile in profiles.values():
        skills = skills or profile.skills
        for spec in profile.requirements:
            specs.setdefault(spec.skill_id, spec)
    requirements = []
    for skill_id, target in priorities:
        base, info = specs.get(skill_id), skills.get(skill_id)
        if base is not None:
            requirements.append(replace(base, essential=True, importance=3, target=target))
        elif info is not None:
            requirements.append(
                RequirementSpec(
                    skill_id=skill_id,
                    skill_slug=info.slug,
                    skill_name=info.name,
                    category="",
                    category_order=0,
                    importance=3,
                    essential=True,
                    target=target,
                    prerequisite_ids=info.prerequisite_ids,
                    estimated_hours=info.estimated_hours,
                    closers=info.closers,
                )
            )
    if not requirements:
        return None
    return RoleProfile(
        role_id=0, slug="plan-first", title="First", requirements=tuple(requirements), skills=skills
    )


def priority_readiness(
    priorities: Sequence[tuple[int, int]],
    profiles: Mapping[int, RoleProfile],
    records: LearnerRecords,
    *,
    today: date,
) -> Readiness | None:
    """The engine's readiness for the skills to put first (None when there is none)."""
    profile = priority_profile(priorities, profiles)
    return compute_readiness(profile, records, today=today) if profile else None
