"""The readiness engine's vocabulary: what a role asks, what a learner recorded, and what comes
out. Frozen dataclasses and the learner's ledger; no database, no URLs, no cache."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from roles.levels import LEVEL_NAMES

PREREQUISITE_DEFAULT_LEVEL = 2
NEXT_STEPS_LIMIT = 5
EVIDENCE_STEPS_LIMIT = 3


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
    # W = importance × 2 for an essential skill (× 1 otherwise); kept, as the engine reads it
    # several times per requirement.
    weight: int = field(init=False, repr=False, compare=False)
    has_certification_closers: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "weight", self.importance * (2 if self.essential else 1))
        object.__setattr__(
            self,
            "has_certification_closers",
            any(c.kind == "certification" for c in self.closers),
        )


@dataclass(frozen=True)
class RoleProfile:
    role_id: int
    slug: str
    title: str
    requirements: tuple[RequirementSpec, ...]
    #: Every catalogue skill by id (shared by all profiles), so a prerequisite outside the role
    #: can be named as a step. May be empty: such prerequisites are then not followed.
    skills: Mapping[int, SkillInfo] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def required_skill_ids(self) -> frozenset[int]:
        """The skills this role's readiness depends on (a change elsewhere cannot move it)."""
        return frozenset(spec.skill_id for spec in self.requirements)


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


@dataclass(slots=True)
class RequirementRow:
    """One requirement as it stands for a learner. Read-only by convention, not `frozen`: the
    engine makes one per requirement per role (about 350 a level change), and a frozen
    dataclass sets every field through `object.__setattr__`, five times slower."""

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
