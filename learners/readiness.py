"""How ready a learner is for a role: a transparent, explainable score.

`compute_readiness` is pure: it takes a `RoleProfile` (what the role asks) and `LearnerRecords`
(what the learner has recorded) and returns a frozen `Readiness`. The loaders turn database rows
into those inputs in a constant number of queries, however much a learner has recorded or a role
holds. Views, templates and the admin call this module; none compute scores themselves.

The formula (PRODUCT.md), for each requirement (skill s, importance w, essential e, target t):

- level L(s): the highest of the learner's own rating, the level credited by an earned
  certification that has not expired, and the level shown by a done portfolio project.
- evidenced level E(s): the same over verifiable evidence only: certifications with a
  verification URL and done projects with a repository or demo link. The self-rating is not
  evidence, so E(s) is 0 when nothing verifiable credits the skill.
- weight W(s) = w × (2 if essential else 1).
- readiness = 100 × Σ W·min(L/t, 1) / Σ W; evidenced readiness uses E instead of L.

Decisions where the product text is silent:

- A role with no requirements scores 0: there is nothing to be ready for yet.
- A certification expires when `expires_on < today`; on its expiry day it still counts. An earned
  certification without its own expiry date expires `validity_months` after it was issued, and
  never when the certification has no validity.
- When two sources give the same level, the row names evidence first: certification, then
  project, then the self-rating. Among certifications (or projects) of the same level, the first
  by name wins, so the label is stable.
- The sums are exact fractions turned into a float only at the end, so the score is 100 exactly
  when every target is met, and never 100 otherwise.
- A row's `closers` are the requirement's closers less the certifications that would not move
  this learner: one they hold unexpired (matched by name; names are unique), or one crediting no
  more than their current level. An expired one is offered again (to renew). The profile's
  closers stay the same for everyone, so the cached profile is shared.
- Next steps: unmet requirements whose prerequisites are met, essential first, then by
  W × (t − L) descending, then by skill name; at most five. A prerequisite counts as met when the
  learner's level reaches its target in this role if the role requires it, else Guided (2). If
  no unmet requirement is unlocked (a prerequisite cycle), the unmet ones are shown in the same
  order, so the list is never empty while something is unmet.
- Role profiles are cached under the content version of `roles.cache` (every content save bumps
  it), so a warm dashboard asks the database only for the learner's records.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from itertools import zip_longest

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from roles.cache import content_memoized

#: The level a prerequisite needs when the role does not require it itself (Level.GUIDED).
PREREQUISITE_DEFAULT_LEVEL = 2


#: How many next steps the dashboard shows.
NEXT_STEPS_LIMIT = 5
# Part of the cache key of role profiles: bump it when the cached dataclasses change shape, so a
# profile pickled by older code (e.g. closers without `level`) is never read back.
PROFILE_CACHE_FORMAT = 2

LEVEL_NAMES = {0: "None", 1: "Aware", 2: "Guided", 3: "Independent", 4: "Advanced", 5: "Expert"}


class Source(StrEnum):
    NONE = "none"
    SELF = "self"
    CERTIFICATION = "certification"
    PROJECT = "project"


@dataclass(frozen=True)
class Closer:
    """Something that would close a gap: a resource, a certification or a project idea."""

    kind: str  # "resource" | "certification" | "project_idea"
    title: str
    url: str  # absolute URL or site path ("/certifications/<slug>/")
    detail: str = ""  # e.g. "free course", "credits Independent"
    level: int = 0  # a certification's credited level on the skill; 0 for other kinds


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


@dataclass(frozen=True)
class CertificationCredit:
    """One earned certification crediting one skill."""

    skill_id: int
    level: int
    name: str
    expires_on: date | None  # None: never expires
    verified: bool  # has a verification URL

    def is_valid(self, today: date) -> bool:
        return self.expires_on is None or self.expires_on >= today


@dataclass(frozen=True)
class ProjectCredit:
    """One portfolio project showing one skill."""

    skill_id: int
    level: int
    title: str
    done: bool
    has_link: bool  # repository or demo URL


@dataclass(frozen=True)
class LearnerRecords:
    ratings: Mapping[int, int]  # skill_id -> self-rated level 0..5
    certification_credits: tuple[CertificationCredit, ...] = ()
    project_credits: tuple[ProjectCredit, ...] = ()

    def ledger(self, today: date) -> _Ledger:
        """The best level per skill on `today`, worked out once per day and reused for every
        role (readiness for every role reads the same records)."""
        memo = self.__dict__.setdefault("_ledgers", {})
        if today not in memo:
            memo[today] = _Ledger(self, today)
        return memo[today]


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
    # spec.closers less what would not move this learner: see `closers_for`.
    closers: tuple[Closer, ...] = ()

    @property
    def weight(self) -> int:
        return self.spec.weight

    @property
    def urgency(self) -> int:
        """W × (t − L): how much closing this gap is worth."""
        return self.spec.weight * self.gap

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, str(self.level))

    @property
    def target_name(self) -> str:
        return LEVEL_NAMES.get(self.spec.target, str(self.spec.target))


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
    next_steps: tuple[RequirementRow, ...]  # at most 5
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


# --- the pure computation -------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    level: int
    source: Source
    label: str


_NO_LEVEL = _Level(0, Source.NONE, "")

# On a tie the earlier source wins: evidence before the learner's own word.
_SOURCE_RANK = {Source.CERTIFICATION: 0, Source.PROJECT: 1, Source.SELF: 2, Source.NONE: 3}


class _Ledger:
    """The learner's best level per skill, overall and evidenced, on one day."""

    def __init__(self, records: LearnerRecords, today: date):
        candidates: dict[int, list[_Level]] = defaultdict(list)
        evidenced: dict[int, list[_Level]] = defaultdict(list)
        for skill_id, rating in records.ratings.items():
            if rating > 0:
                candidates[skill_id].append(_Level(rating, Source.SELF, "Self-rated"))
        for credit in records.certification_credits:
            if credit.level <= 0 or not credit.is_valid(today):
                continue
            entry = _Level(credit.level, Source.CERTIFICATION, credit.name)
            candidates[credit.skill_id].append(entry)
            if credit.verified:
                evidenced[credit.skill_id].append(entry)
        for credit in records.project_credits:
            if credit.level <= 0 or not credit.done:
                continue
            entry = _Level(credit.level, Source.PROJECT, f"Project: {credit.title}")
            candidates[credit.skill_id].append(entry)
            if credit.has_link:
                evidenced[credit.skill_id].append(entry)
        self.best = {s: _best(options) for s, options in candidates.items()}
        self.best_evidenced = {s: _best(options) for s, options in evidenced.items()}
        # Certification names are unique, and a closer's title is the certification's name.
        self.held = frozenset(c.name for c in records.certification_credits if c.is_valid(today))

    def level(self, skill_id: int) -> _Level:
        return self.best.get(skill_id, _NO_LEVEL)

    def evidenced(self, skill_id: int) -> _Level:
        return self.best_evidenced.get(skill_id, _NO_LEVEL)


def _best(options: Iterable[_Level]) -> _Level:
    return min(options, key=lambda o: (-o.level, _SOURCE_RANK[o.source], o.label))


#: Every target level (1..5) divides this, so Σ W·min(L, t)·(60/t) is Σ W·min(L/t, 1) × 60 in
#: whole numbers: the sums stay exact without the cost of Fraction arithmetic.
_TARGET_LCM = 60


def _ratio(levels: Iterable[tuple[int, int, int]]) -> Fraction:
    """Σ W·min(L/t, 1) / Σ W over (weight, level, target) triples, exactly; 0 when empty."""
    earned = 0
    possible = 0
    for weight, level, target in levels:
        earned += weight * min(level, target) * (_TARGET_LCM // target)
        possible += weight
    if possible == 0:
        return Fraction(0)
    return Fraction(earned, possible * _TARGET_LCM)


def _percent(ratio: Fraction) -> float:
    # int / int is correctly rounded, as float(Fraction) is.
    return ratio.numerator * 100 / ratio.denominator


def requirement_sort_key(spec: RequirementSpec) -> tuple:
    """Category order, then heavier first, then by name."""
    return (spec.category_order, spec.category, -spec.weight, spec.skill_name, spec.skill_id)


def next_step_key(row: RequirementRow) -> tuple:
    """Essential first, then the biggest W × (t − L), then by name."""
    return (not row.spec.essential, -row.urgency, row.spec.skill_name, row.spec.skill_id)


def closers_for(spec: RequirementSpec, level: int, held: frozenset[str]) -> tuple[Closer, ...]:
    """The closers worth suggesting to a learner at `level` on the skill who holds the
    certifications named in `held` (unexpired): a certification is dropped when the learner
    already holds it, or when it credits no more than the learner's level. Resources and
    project ideas are kept."""
    return tuple(
        c
        for c in spec.closers
        if c.kind != "certification" or (c.title not in held and c.level > level)
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
                closers=closers_for(spec, best.level, ledger.held),
            )
        )

    score = _ratio((r.spec.weight, r.level, r.spec.target) for r in rows)
    evidenced = _ratio((r.spec.weight, r.evidenced_level, r.spec.target) for r in rows)

    by_category: dict[tuple[int, str], list[RequirementRow]] = {}
    for row in rows:
        by_category.setdefault((row.spec.category_order, row.spec.category), []).append(row)
    categories = tuple(
        CategoryScore(
            name=name,
            order=order,
            score=_percent(_ratio((r.spec.weight, r.level, r.spec.target) for r in members)),
            met=sum(r.met for r in members),
            total=len(members),
        )
        for (order, name), members in by_category.items()
    )

    unmet = sorted((r for r in rows if not r.met), key=next_step_key)
    # If nothing unmet is unlocked (a prerequisite cycle), still show the most urgent gaps.
    unlocked = [r for r in unmet if r.prerequisites_met] or unmet
    essentials = [r for r in rows if r.spec.essential]

    return Readiness(
        role_id=profile.role_id,
        role_slug=profile.slug,
        role_title=profile.title,
        score=_percent(score),
        evidenced_score=_percent(evidenced),
        essentials_met=sum(r.met for r in essentials),
        essentials_total=len(essentials),
        categories=categories,
        rows=tuple(rows),
        next_steps=tuple(unlocked[:NEXT_STEPS_LIMIT]),
        met_total=sum(r.met for r in rows),
        requirements_total=len(rows),
    )


@dataclass(frozen=True)
class RoleScore:
    """The headline figures of `compute_readiness`, without the rows (for every-role tables)."""

    role_id: int
    role_slug: str
    role_title: str
    score: float
    evidenced_score: float
    essentials_met: int
    essentials_total: int


def score_role(profile: RoleProfile, records: LearnerRecords, *, today: date) -> RoleScore:
    """The same score, evidenced score and essentials as `compute_readiness`, at a fraction of
    its cost: no rows, categories, closers or next steps are built."""
    ledger = records.ledger(today)
    best, proven = ledger.best, ledger.best_evidenced
    earned = evidenced = possible = essentials_met = essentials_total = 0
    for spec in profile.requirements:
        weight, target = spec.weight, spec.target
        scale = weight * (_TARGET_LCM // target)
        level = best[spec.skill_id].level if spec.skill_id in best else 0
        earned += min(level, target) * scale
        if spec.skill_id in proven:
            evidenced += min(proven[spec.skill_id].level, target) * scale
        possible += weight
        if spec.essential:
            essentials_total += 1
            essentials_met += level >= target
    denominator = possible * _TARGET_LCM
    return RoleScore(
        role_id=profile.role_id,
        role_slug=profile.slug,
        role_title=profile.title,
        score=earned * 100 / denominator if possible else 0.0,
        evidenced_score=evidenced * 100 / denominator if possible else 0.0,
        essentials_met=essentials_met,
        essentials_total=essentials_total,
    )


# --- loading from the database --------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the month's last day (31 Jan + 1 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _safe_path(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _build_profiles(roles) -> dict[int, RoleProfile]:
    """Profiles for `roles` (Role instances) in six queries, however many roles and skills."""
    from roles.models import (
        CertificationSkill,
        ProjectIdea,
        ProjectIdeaSkill,
        Requirement,
        Resource,
        Skill,
    )

    roles = list(roles)
    if not roles:
        return {}
    role_ids = [r.id for r in roles]
    requirements = list(
        Requirement.objects.filter(role_id__in=role_ids).select_related("skill__category")
    )
    skill_ids = {r.skill_id for r in requirements}

    prerequisites: dict[int, set[int]] = defaultdict(set)
    through = Skill.prerequisites.through
    for from_id, to_id in through.objects.filter(from_skill_id__in=skill_ids).values_list(
        "from_skill_id", "to_skill_id"
    ):
        prerequisites[from_id].add(to_id)

    resources: dict[int, list] = defaultdict(list)
    for resource in Resource.objects.filter(skill_id__in=skill_ids).order_by(
        "-is_free", "title", "id"
    ):
        resources[resource.skill_id].append(resource)

    cert_credits: dict[int, list] = defaultdict(list)
    for credit in (
        CertificationSkill.objects.filter(skill_id__in=skill_ids)
        .select_related("certification__successor")
        .order_by("-level", "certification__name", "id")
    ):
        cert_credits[credit.skill_id].append(credit)

    idea_credits: dict[int, list] = defaultdict(list)
    for exercise in (
        ProjectIdeaSkill.objects.filter(skill_id__in=skill_ids)
        .select_related("idea")
        .order_by("-level", "idea__title", "id")
    ):
        idea_credits[exercise.skill_id].append(exercise)
    idea_roles: dict[int, set[int]] = defaultdict(set)
    idea_ids = {e.idea_id for exercises in idea_credits.values() for e in exercises}
    if idea_ids:
        for idea_id, role_id in ProjectIdea.roles.through.objects.filter(
            projectidea_id__in=idea_ids, role_id__in=role_ids
        ).values_list("projectidea_id", "role_id"):
            idea_roles[idea_id].add(role_id)

    role_paths = {r.id: _safe_path("roles:role_detail", slug=r.slug) for r in roles}
    by_role: dict[int, list[RequirementSpec]] = defaultdict(list)
    for requirement in requirements:
        skill = requirement.skill
        target = requirement.target_level
        resource_closers = [
            Closer(
                kind="resource",
                title=resource.title,
                url=resource.url,
                detail=f"{'free' if resource.is_free else 'paid'} "
                f"{resource.get_kind_display().lower()}",
            )
            for resource in resources[skill.id]
        ]
        skill_path = _safe_path("roles:skill_detail", slug=skill.slug)
        idea_closers = []
        # Ideas the role's page lists come first, then the skill's others.
        for exercise in sorted(
            idea_credits[skill.id], key=lambda e: requirement.role_id not in idea_roles[e.idea_id]
        ):
            idea = exercise.idea
            on_role = requirement.role_id in idea_roles[idea.id]
            page = role_paths[requirement.role_id] if on_role else skill_path
            idea_closers.append(
                Closer(
                    kind="project_idea",
                    title=idea.title,
                    url=f"{page}#idea-{idea.slug}",
                    detail=f"{idea.get_difficulty_display().lower()} project, "
                    f"exercises {LEVEL_NAMES[exercise.level]}",
                )
            )
        closers = _interleave(
            resource_closers, _certification_closers(cert_credits[skill.id], target), idea_closers
        )
        by_role[requirement.role_id].append(
            RequirementSpec(
                skill_id=skill.id,
                skill_slug=skill.slug,
                skill_name=skill.name,
                category=skill.category.name,
                category_order=skill.category.order,
                importance=requirement.importance,
                essential=requirement.is_essential,
                target=target,
                prerequisite_ids=frozenset(prerequisites[skill.id]),
                estimated_hours=skill.estimated_hours,
                closers=tuple(closers),
            )
        )

    return {
        role.id: RoleProfile(
            role_id=role.id,
            slug=role.slug,
            title=role.title,
            requirements=tuple(sorted(by_role[role.id], key=requirement_sort_key)),
        )
        for role in roles
    }


def _interleave(*groups: list[Closer]) -> list[Closer]:
    """The best of each kind first (resource, certification, project idea), then the next best."""
    return [c for row in zip_longest(*groups) for c in row if c is not None]


def _certification_closers(credits, target: int) -> list[Closer]:
    """Certifications crediting the skill at the target or above (else at any level).

    A retired certification is never offered; its active successor is offered in its place.
    """
    offered: dict[int, Closer] = {}
    for wanted in (lambda c: c.level >= target, lambda c: True):
        for credit in filter(wanted, credits):
            certification, detail = credit.certification, f"credits {LEVEL_NAMES[credit.level]}"
            if certification.is_retired:
                successor = certification.successor
                if successor is None or successor.is_retired:
                    continue
                detail = f"replaces {certification.name}"
                certification = successor
            offered.setdefault(
                certification.id,
                Closer(
                    kind="certification",
                    title=certification.name,
                    url=certification.get_absolute_url(),
                    detail=detail,
                    level=credit.level,
                ),
            )
        if offered:
            break
    return list(offered.values())


def load_profile(role_id: int) -> RoleProfile:
    """The role's requirements with prerequisites and closers, in a constant number of queries.

    Closers come one of each kind at a time (best resource, best certification, best project
    idea, then the next of each), so a short list still offers every kind. Links: a resource to
    itself; a certification to its catalogue page; a project idea to `#idea-<slug>` on the
    role's page when the role lists the idea (those come first), otherwise on the skill's page.
    A retired certification is replaced by its active successor, or left out.
    Raises Role.DoesNotExist. Cached under the content version (no query when warm).
    """
    from roles.models import Role

    def build() -> RoleProfile:
        role = Role.objects.get(pk=role_id)
        return _build_profiles([role])[role.id]

    return content_memoized(f"readiness:profile:{PROFILE_CACHE_FORMAT}:{int(role_id)}", build)


def load_profiles() -> dict[int, RoleProfile]:
    """Every published role's profile, keyed by role id, in a constant number of queries.

    Cached under the content version (no query when warm).
    """
    from roles.models import Role

    return content_memoized(
        f"readiness:profiles:{PROFILE_CACHE_FORMAT}",
        lambda: _build_profiles(Role.objects.published()),
    )


def effective_expiry(earned) -> date | None:
    """The recorded expiry date, else `validity_months` after issue, else never."""
    return _expiry(earned.expires_on, earned.issued_on, earned.certification.validity_months)


def _expiry(expires_on: date | None, issued_on: date, validity_months: int | None) -> date | None:
    if expires_on is not None:
        return expires_on
    return add_months(issued_on, validity_months) if validity_months else None


def load_records(user) -> LearnerRecords:
    """Everything `user` has recorded that can credit a skill, in three queries (plain rows,
    no model objects: this runs on every level change)."""
    from learners.models import EarnedCertification, PortfolioProject, ProjectSkill, SkillRecord

    ratings = dict(SkillRecord.objects.filter(user=user).values_list("skill_id", "level"))

    # One row per (earned certification, credited skill); a certification crediting nothing
    # comes back once with a NULL skill.
    certification_credits = tuple(
        CertificationCredit(
            skill_id=skill_id,
            level=level,
            name=name,
            expires_on=_expiry(expires_on, issued_on, validity_months),
            verified=bool(verification_url),
        )
        for name, issued_on, expires_on, validity_months, verification_url, skill_id, level in (
            EarnedCertification.objects.filter(user=user)
            .order_by("certification__name", "issued_on", "id", "certification__credits__skill_id")
            .values_list(
                "certification__name",
                "issued_on",
                "expires_on",
                "certification__validity_months",
                "verification_url",
                "certification__credits__skill_id",
                "certification__credits__level",
            )
        )
        if skill_id is not None
    )

    project_credits = tuple(
        ProjectCredit(
            skill_id=skill_id,
            level=level,
            title=title,
            done=status == PortfolioProject.Status.DONE,
            has_link=bool(repository_url or demo_url),
        )
        for skill_id, level, title, status, repository_url, demo_url in (
            ProjectSkill.objects.filter(project__user=user)
            .order_by("project__title", "skill_id", "id")
            .values_list(
                "skill_id",
                "level",
                "project__title",
                "project__status",
                "project__repository_url",
                "project__demo_url",
            )
        )
    )
    return LearnerRecords(
        ratings=ratings,
        certification_credits=certification_credits,
        project_credits=project_credits,
    )


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def readiness_for(user, role_id: int, *, today: date | None = None) -> Readiness:
    """Load the role's profile and the learner's records, and compute readiness."""
    return compute_readiness(load_profile(role_id), load_records(user), today=_today(today))


def all_roles_readiness(user, *, today: date | None = None) -> list[Readiness]:
    """Readiness for every published role, best first, in a constant number of queries."""
    records = load_records(user)
    day = _today(today)
    results = [
        compute_readiness(profile, records, today=day) for profile in load_profiles().values()
    ]
    return sorted(results, key=lambda r: (-r.score, -r.evidenced_score, r.role_title))
