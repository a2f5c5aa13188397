"""How ready a learner is for a role: a transparent, explainable score. Pure: no ORM, no URL
reversing, no cache. The only place a score, a counted level or a next step is worked out.

The formula (PRODUCT.md), for each requirement (skill s, importance w, essential e, target t):

- level L(s): the highest of the learner's own rating, the level credited by an earned
  certification that has not expired, and the level shown by a done portfolio project.
- evidenced level E(s): the same over evidence someone else can check (the loader decides which
  certifications and projects qualify). The self-rating is never evidence.
- weight W(s) = w × (2 if essential else 1).
- readiness = 100 × Σ W·min(L/t, 1) / Σ W; evidenced readiness uses E instead of L.

Decisions where the product text is silent:

- A role with no requirements scores 0: there is nothing to be ready for yet.
- A certification counts through its expiry day and not after it.
- When two sources give the same level, the row names evidence first: certification, then
  project, then the self-rating; among equals, the first by name, so the label is stable.
- The sums are whole numbers (every target divides 60) turned into a float once at the end, so
  the score is 100 exactly when every target is met, and never 100 otherwise.
- A row's closers leave out certifications that would not move this learner: one they hold
  unexpired, or one crediting no more than their level.
- Next steps (at most `NEXT_STEPS_LIMIT`): unmet essentials first, by W × (t − L), then unmet
  optional requirements whose prerequisites are met. An essential whose prerequisites are unmet
  is represented by the first unlocked prerequisite on its path ("Linux, to unlock Docker"),
  so an optional requirement never displaces it. A prerequisite counts as met at the level the
  role asks of it, else Guided (2). When the evidenced score trails the claimed one, up to
  `EVIDENCE_STEPS_LIMIT` evidence steps (skills to prove, heaviest first) follow.
- Displayed percentages are floored (`display_percent`): 99.6 % never reads as a finished 100.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

#: The level a prerequisite needs when the role does not require it itself (Guided).
PREREQUISITE_DEFAULT_LEVEL = 2
NEXT_STEPS_LIMIT = 5
EVIDENCE_STEPS_LIMIT = 3

LEVEL_NAMES = {0: "None", 1: "Aware", 2: "Guided", 3: "Independent", 4: "Advanced", 5: "Expert"}


def display_percent(score: float) -> int:
    """The one rounding rule for every displayed score: whole percent, rounded down, so 99.6
    never reads as a finished 100 (100 only when every target is met)."""
    return 100 if score >= 100 else max(0, min(99, math.floor(score)))


def level_name(level: int) -> str:
    return LEVEL_NAMES.get(level, str(level))


class Source(StrEnum):
    NONE = "none"
    SELF = "self"
    CERTIFICATION = "certification"
    PROJECT = "project"


class StepKind(StrEnum):
    GAP = "gap"  # an unmet requirement, free to start
    PREREQUISITE = "prerequisite"  # unlocks an unmet essential
    EVIDENCE = "evidence"  # met or claimed, but not proven


@dataclass(frozen=True)
class Closer:
    """Something that would close a gap: a resource, a certification or a project idea."""

    kind: str  # "resource" | "certification" | "project_idea"
    title: str
    url: str  # absolute URL or site path ("/certifications/<slug>/")
    detail: str = ""  # e.g. "free course", "credits Independent"
    level: int = 0  # a certification's credited level on the skill; 0 for other kinds


@dataclass(frozen=True)
class SkillInfo:
    """A catalogue skill, for prerequisites a role does not require itself."""

    skill_id: int
    slug: str
    name: str
    prerequisite_ids: frozenset[int] = frozenset()
    estimated_hours: int = 20
    closers: tuple[Closer, ...] = ()


@dataclass(frozen=True)
class RequirementSpec:
    """One requirement of a role, as the engine sees it."""

    skill_id: int
    skill_slug: str
    skill_name: str
    category: str
    category_order: int
    importance: int  # 1..5
    essential: bool
    target: int  # 1..5
    prerequisite_ids: frozenset[int]
    estimated_hours: int
    closers: tuple[Closer, ...] = ()

    @property
    def weight(self) -> int:
        return self.importance * (2 if self.essential else 1)


@dataclass(frozen=True)
class RoleProfile:
    role_id: int
    slug: str
    title: str
    requirements: tuple[RequirementSpec, ...]
    #: Every catalogue skill by id (shared by all profiles), so a prerequisite outside the role
    #: can be named as a step. May be empty: such prerequisites are then not followed.
    skills: Mapping[int, SkillInfo] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class CertificationCredit:
    """One earned certification crediting one skill."""

    skill_id: int
    level: int
    name: str
    expires_on: date | None  # None: never expires
    verified: bool  # counts as evidence (the loader applies the evidence rule)

    def is_valid(self, today: date) -> bool:
        return self.expires_on is None or self.expires_on >= today


@dataclass(frozen=True)
class ProjectCredit:
    """One portfolio project showing one skill."""

    skill_id: int
    level: int
    title: str
    done: bool
    has_link: bool  # counts as evidence (the loader applies the evidence rule)


@dataclass(frozen=True)
class LearnerRecords:
    ratings: Mapping[int, int]  # skill_id -> self-rated level 0..5
    certification_credits: tuple[CertificationCredit, ...] = ()
    project_credits: tuple[ProjectCredit, ...] = ()

    def ledger(self, today: date) -> Ledger:
        """The best level per skill on `today`, worked out once per day and reused for every
        role (readiness for every role reads the same records)."""
        memo = self.__dict__.setdefault("_ledgers", {})
        if today not in memo:
            memo[today] = Ledger(self, today)
        return memo[today]


@dataclass(frozen=True)
class CountedLevel:
    level: int
    source: Source
    label: str


NO_LEVEL = CountedLevel(0, Source.NONE, "")

# On a tie the earlier source wins: evidence before the learner's own word.
_SOURCE_RANK = {Source.CERTIFICATION: 0, Source.PROJECT: 1, Source.SELF: 2, Source.NONE: 3}


def _best(options: Iterable[CountedLevel]) -> CountedLevel:
    return min(options, key=lambda o: (-o.level, _SOURCE_RANK[o.source], o.label))


class Ledger:
    """The learner's counted level per skill, overall and evidenced, on one day."""

    def __init__(self, records: LearnerRecords, today: date):
        candidates: dict[int, list[CountedLevel]] = defaultdict(list)
        evidenced: dict[int, list[CountedLevel]] = defaultdict(list)
        for skill_id, rating in records.ratings.items():
            if rating > 0:
                candidates[skill_id].append(CountedLevel(rating, Source.SELF, "Self-rated"))
        for credit in records.certification_credits:
            if credit.level <= 0 or not credit.is_valid(today):
                continue
            entry = CountedLevel(credit.level, Source.CERTIFICATION, credit.name)
            candidates[credit.skill_id].append(entry)
            if credit.verified:
                evidenced[credit.skill_id].append(entry)
        for credit in records.project_credits:
            if credit.level <= 0 or not credit.done:
                continue
            entry = CountedLevel(credit.level, Source.PROJECT, f"Project: {credit.title}")
            candidates[credit.skill_id].append(entry)
            if credit.has_link:
                evidenced[credit.skill_id].append(entry)
        self.best = {s: _best(options) for s, options in candidates.items()}
        self.best_evidenced = {s: _best(options) for s, options in evidenced.items()}
        # Certification names are unique, and a closer's title is the certification's name.
        self.held = frozenset(c.name for c in records.certification_credits if c.is_valid(today))

    def level(self, skill_id: int) -> CountedLevel:
        return self.best.get(skill_id, NO_LEVEL)

    def evidenced(self, skill_id: int) -> CountedLevel:
        return self.best_evidenced.get(skill_id, NO_LEVEL)


@dataclass(frozen=True)
class RequirementRow:
    spec: RequirementSpec
    self_level: int
    level: int  # L(s)
    source: Source
    source_label: str
    evidenced_level: int  # E(s)
    evidenced_source: Source
    evidenced_label: str
    gap: int  # max(target - level, 0)
    met: bool  # level >= target
    prerequisites_met: bool
    contribution: float  # weight * min(level / target, 1)
    closers: tuple[Closer, ...] = ()  # spec.closers less what would not move this learner

    @property
    def weight(self) -> int:
        return self.spec.weight

    @property
    def urgency(self) -> int:
        """W × (t − L): how much closing this gap is worth."""
        return self.spec.weight * self.gap

    @property
    def unproven(self) -> bool:
        """The level counted towards the target is more than the evidence shows."""
        target = self.spec.target
        return min(self.level, target) > min(self.evidenced_level, target)

    @property
    def level_name(self) -> str:
        return level_name(self.level)

    @property
    def target_name(self) -> str:
        return level_name(self.spec.target)

    @property
    def evidenced_name(self) -> str:
        return level_name(self.evidenced_level)


@dataclass(frozen=True)
class NextStep:
    """One thing to do next: close a gap, learn a prerequisite first, or prove a level."""

    kind: StepKind
    skill_id: int
    skill_slug: str
    skill_name: str
    level: int
    target: int
    essential: bool
    weight: int
    closers: tuple[Closer, ...] = ()
    unlocks: str = ""  # the essential a prerequisite step opens the way to
    unlocks_slug: str = ""
    evidenced_level: int = 0

    @property
    def level_name(self) -> str:
        return level_name(self.level)

    @property
    def target_name(self) -> str:
        return level_name(self.target)

    @property
    def evidenced_name(self) -> str:
        return level_name(self.evidenced_level)


@dataclass(frozen=True)
class CategoryScore:
    name: str
    order: int
    score: float
    met: int
    total: int


@dataclass(frozen=True)
class Readiness:
    role_id: int
    role_slug: str
    role_title: str
    score: float  # 0..100
    evidenced_score: float  # 0..100
    essentials_met: int
    essentials_total: int
    categories: tuple[CategoryScore, ...]
    rows: tuple[RequirementRow, ...]  # every requirement, in category order then weight
    next_steps: tuple[NextStep, ...]  # gap and prerequisite steps, then evidence steps
    met_total: int = 0
    requirements_total: int = 0

    def row_for(self, skill_id: int) -> RequirementRow | None:
        return self._rows_by_skill.get(skill_id)

    @cached_property
    def _rows_by_skill(self) -> dict[int, RequirementRow]:
        return {row.spec.skill_id: row for row in self.rows}

    @property
    def unmet(self) -> tuple[RequirementRow, ...]:
        return tuple(row for row in self.rows if not row.met)

    @property
    def is_ready(self) -> bool:
        """Every target met (and the role asks for something)."""
        return bool(self.rows) and not self.unmet

    @property
    def evidence_trails(self) -> bool:
        return self.evidenced_score < self.score

    @property
    def gap_steps(self) -> tuple[NextStep, ...]:
        return tuple(s for s in self.next_steps if s.kind != StepKind.EVIDENCE)

    @property
    def evidence_steps(self) -> tuple[NextStep, ...]:
        return tuple(s for s in self.next_steps if s.kind == StepKind.EVIDENCE)

    @property
    def percent(self) -> int:
        return display_percent(self.score)

    @property
    def evidenced_percent(self) -> int:
        return display_percent(self.evidenced_score)


# --- the computation --------------------------------------------------------------------------

#: Every target level (1..5) divides this, so Σ W·min(L, t)·(60/t) is Σ W·min(L/t, 1) × 60 in
#: whole numbers: the sums stay exact.
_TARGET_LCM = 60


def _percent(levels: Iterable[tuple[int, int, int]]) -> float:
    """100 × Σ W·min(L/t, 1) / Σ W over (weight, level, target) triples; 0 when empty."""
    earned = possible = 0
    for weight, level, target in levels:
        earned += weight * min(level, target) * (_TARGET_LCM // target)
        possible += weight
    if possible == 0:
        return 0.0
    # int / int is correctly rounded: exactly 100.0 only when earned is everything.
    return earned * 100 / (possible * _TARGET_LCM)


def requirement_sort_key(spec: RequirementSpec) -> tuple:
    """Category order, then heavier first, then by name."""
    return (spec.category_order, spec.category, -spec.weight, spec.skill_name, spec.skill_id)


def next_step_key(row: RequirementRow) -> tuple:
    """Essential first, then the biggest W × (t − L), then by name."""
    return (not row.spec.essential, -row.urgency, row.spec.skill_name, row.spec.skill_id)


def closers_for(
    closers: tuple[Closer, ...], level: int, held: frozenset[str]
) -> tuple[Closer, ...]:
    """The closers worth suggesting to a learner at `level` who holds the certifications named
    in `held` (unexpired): a certification is dropped when the learner already holds it, or when
    it credits no more than their level. Resources and project ideas are kept."""
    return tuple(
        c for c in closers if c.kind != "certification" or (c.title not in held and c.level > level)
    )


def _proof_closers(closers: tuple[Closer, ...], evidenced: int, held: frozenset[str]):
    """What would prove a level: certifications crediting more than the evidence shows, and
    project ideas (a done project with a public repository is evidence)."""
    return tuple(
        c
        for c in closers
        if (c.kind == "certification" and c.title not in held and c.level > evidenced)
        or c.kind == "project_idea"
    )


def compute_readiness(profile: RoleProfile, records: LearnerRecords, *, today: date) -> Readiness:
    """How ready `records` make a learner for `profile` on `today`. Pure: no database."""
    ledger = records.ledger(today)
    targets = {spec.skill_id: spec.target for spec in profile.requirements}

    def prerequisite_met(skill_id: int) -> bool:
        needed = targets.get(skill_id, PREREQUISITE_DEFAULT_LEVEL)
        return ledger.level(skill_id).level >= needed

    rows = []
    for spec in sorted(profile.requirements, key=requirement_sort_key):
        best = ledger.level(spec.skill_id)
        proof = ledger.evidenced(spec.skill_id)
        rows.append(
            RequirementRow(
                spec=spec,
                self_level=records.ratings.get(spec.skill_id, 0),
                level=best.level,
                source=best.source,
                source_label=best.label,
                evidenced_level=proof.level,
                evidenced_source=proof.source,
                evidenced_label=proof.label,
                gap=max(spec.target - best.level, 0),
                met=best.level >= spec.target,
                prerequisites_met=all(
                    prerequisite_met(p) for p in spec.prerequisite_ids if p != spec.skill_id
                ),
                contribution=spec.weight * min(best.level / spec.target, 1.0),
                closers=closers_for(spec.closers, best.level, ledger.held),
            )
        )

    by_category: dict[tuple[int, str], list[RequirementRow]] = {}
    for row in rows:
        by_category.setdefault((row.spec.category_order, row.spec.category), []).append(row)
    categories = tuple(
        CategoryScore(
            name=name,
            order=order,
            score=_percent((r.spec.weight, r.level, r.spec.target) for r in members),
            met=sum(r.met for r in members),
            total=len(members),
        )
        for (order, name), members in by_category.items()
    )
    score = _percent((r.spec.weight, r.level, r.spec.target) for r in rows)
    evidenced = _percent((r.spec.weight, r.evidenced_level, r.spec.target) for r in rows)
    essentials = [r for r in rows if r.spec.essential]
    steps = _gap_steps(rows, profile, ledger, prerequisite_met)
    if evidenced < score:
        steps += _evidence_steps(rows, ledger)

    return Readiness(
        role_id=profile.role_id,
        role_slug=profile.slug,
        role_title=profile.title,
        score=score,
        evidenced_score=evidenced,
        essentials_met=sum(r.met for r in essentials),
        essentials_total=len(essentials),
        categories=categories,
        rows=tuple(rows),
        next_steps=tuple(steps),
        met_total=sum(r.met for r in rows),
        requirements_total=len(rows),
    )


def _row_step(row: RequirementRow) -> NextStep:
    spec = row.spec
    return NextStep(
        kind=StepKind.GAP,
        skill_id=spec.skill_id,
        skill_slug=spec.skill_slug,
        skill_name=spec.skill_name,
        level=row.level,
        target=spec.target,
        essential=spec.essential,
        weight=spec.weight,
        closers=row.closers,
    )


def _gap_steps(rows, profile: RoleProfile, ledger: Ledger, prerequisite_met) -> list[NextStep]:
    """Unmet essentials (each through its first unlocked prerequisite if it is locked), then
    unlocked optional requirements; each skill once."""
    specs = {spec.skill_id: spec for spec in profile.requirements}
    unmet = sorted((r for r in rows if not r.met), key=next_step_key)

    def prerequisites_of(skill_id: int) -> frozenset[int]:
        if skill_id in specs:
            return specs[skill_id].prerequisite_ids
        info = profile.skills.get(skill_id)
        return info.prerequisite_ids if info else frozenset()

    def blocker_key(skill_id: int) -> tuple:
        spec = specs.get(skill_id)
        name = spec.skill_name if spec else getattr(profile.skills.get(skill_id), "name", "")
        return (-(spec.weight if spec else 0), name, skill_id)

    def first_unlocked(skill_id: int, seen: set[int]) -> int | None:
        """Depth first along unmet prerequisites (heaviest, then by name): the first skill on
        the path whose own prerequisites are all met."""
        seen.add(skill_id)
        blockers = sorted(
            (
                p
                for p in prerequisites_of(skill_id)
                if p != skill_id and not prerequisite_met(p) and (p in specs or p in profile.skills)
            ),
            key=blocker_key,
        )
        if not blockers:
            return skill_id
        for blocker in blockers:
            if blocker not in seen:
                found = first_unlocked(blocker, seen)
                if found is not None:
                    return found
        return None  # only cycles below: fall back on the skill itself

    steps: list[NextStep] = []
    taken: set[int] = set()
    for row in unmet:
        if len(steps) >= NEXT_STEPS_LIMIT:
            break
        spec = row.spec
        if not spec.essential and not row.prerequisites_met:
            continue
        if spec.essential and not row.prerequisites_met:
            first = first_unlocked(spec.skill_id, set())
            if first is not None and first != spec.skill_id:
                if first not in taken:
                    steps.append(_prerequisite_step(first, row, specs, profile, ledger))
                    taken.add(first)
                continue
        if spec.skill_id not in taken:
            steps.append(_row_step(row))
            taken.add(spec.skill_id)
    if not steps:  # only locked optional requirements left (a cycle): show them anyway
        steps = [_row_step(row) for row in unmet[:NEXT_STEPS_LIMIT]]
    return steps


def _prerequisite_step(
    skill_id: int, unlocks: RequirementRow, specs, profile: RoleProfile, ledger: Ledger
) -> NextStep:
    level = ledger.level(skill_id).level
    spec = specs.get(skill_id)
    if spec is not None:
        slug, name, target, essential = (
            spec.skill_slug,
            spec.skill_name,
            spec.target,
            spec.essential,
        )
        weight, closers = spec.weight, spec.closers
    else:
        info = profile.skills[skill_id]
        slug, name, target, essential = info.slug, info.name, PREREQUISITE_DEFAULT_LEVEL, False
        weight, closers = 0, info.closers
    return NextStep(
        kind=StepKind.PREREQUISITE,
        skill_id=skill_id,
        skill_slug=slug,
        skill_name=name,
        level=level,
        target=target,
        essential=essential,
        weight=weight,
        closers=closers_for(closers, level, ledger.held),
        unlocks=unlocks.spec.skill_name,
        unlocks_slug=unlocks.spec.skill_slug,
    )


def _evidence_steps(rows, ledger: Ledger) -> list[NextStep]:
    """Claimed but unproven levels, heaviest first: what to prove, and what would prove it."""
    unproven = sorted(
        (r for r in rows if r.unproven),
        key=lambda r: (
            -r.spec.weight,
            -(min(r.level, r.spec.target) - r.evidenced_level),
            r.spec.skill_name,
            r.spec.skill_id,
        ),
    )
    return [
        NextStep(
            kind=StepKind.EVIDENCE,
            skill_id=r.spec.skill_id,
            skill_slug=r.spec.skill_slug,
            skill_name=r.spec.skill_name,
            level=r.level,
            target=min(r.level, r.spec.target),
            essential=r.spec.essential,
            weight=r.spec.weight,
            closers=_proof_closers(r.spec.closers, r.evidenced_level, ledger.held),
            evidenced_level=r.evidenced_level,
        )
        for r in unproven[:EVIDENCE_STEPS_LIMIT]
    ]


def counted_levels(records: LearnerRecords, *, today: date) -> dict[int, CountedLevel]:
    """Every skill the learner has some level in: the level that counts and where it came from
    (the public profile lists them, as the dashboard's rows do for one role)."""
    return dict(records.ledger(today).best)


def unproven_rows(readiness: Readiness) -> tuple[RequirementRow, ...]:
    """Every requirement whose counted level is more than its evidence, heaviest first (the
    plan lists them all; next steps show the first few)."""
    return tuple(
        sorted(
            (r for r in readiness.rows if r.unproven),
            key=lambda r: (-r.spec.weight, r.spec.skill_name, r.spec.skill_id),
        )
    )
