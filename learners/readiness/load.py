"""The one loader: database rows in, engine inputs and the lists the pages show out.

- `load_learner(user)`: everything a learner recorded, in a constant number of queries (seven),
  however much they recorded: the engine's `LearnerRecords` from four queries of plain rows, and
  the certifications, projects, education and notes the dashboard, profile and export list.
  `lists=False` stops after the four (a level change, the job pages).
- `role_profiles()`: every published role as a `RoleProfile`, with the skill catalogue for
  prerequisites, kept under the content version (roles/cache.py): the only cache here.

Nothing else in the project reads a learner's records for a score.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest

from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
)
from learners.readiness.types import (
    PREREQUISITE_DEFAULT_LEVEL,
    CertificationCredit,
    Closer,
    LearnerRecords,
    ProjectCredit,
    RequirementSpec,
    RoleProfile,
    SkillInfo,
    level_name,
    requirement_sort_key,
)
from roles import evidence
from roles.cache import content_memoized
from roles.models import (
    Certification,
    CertificationSkill,
    Level,
    ProjectIdea,
    ProjectIdeaSkill,
    Requirement,
    Resource,
    Role,
    Skill,
)

# Part of the cache key of role profiles: bump it when the cached dataclasses change shape, so a
# profile pickled by older code is never read back.
PROFILE_CACHE_FORMAT = 5
EXPIRY_WARNING_DAYS = 90


# --- a learner's records ----------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the month's last day (31 Jan + 1 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_from(expires_on: date | None, issued_on: date, validity: int | None) -> date | None:
    """The recorded expiry date, else `validity` months after issue, else never."""
    if expires_on is not None:
        return expires_on
    return add_months(issued_on, validity) if validity else None


def effective_expiry(earned: EarnedCertification) -> date | None:
    """An earned certification's expiry as the engine counts it (`expiry_from`)."""
    validity = earned.certification.validity_months if earned.in_catalogue else None
    return expiry_from(earned.expires_on, earned.issued_on, validity)


@dataclass(frozen=True)
class CertificationItem:
    earned: EarnedCertification
    expires_on: date | None
    expired: bool
    days_left: int | None

    @property
    def expiring_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= EXPIRY_WARNING_DAYS


@dataclass(frozen=True)
class ShownSkill:
    """A skill a portfolio project shows, at the level the learner gave."""

    skill_id: int
    name: str
    level: int

    @property
    def level_name(self) -> str:
        return level_name(self.level)


@dataclass(frozen=True)
class Learner:
    """What a learner recorded: the engine's input, the notes, and (unless loaded without them)
    the lists the pages show."""

    records: LearnerRecords
    notes: dict[int, str]  # skill id -> the learner's private note (non-empty only)
    # None when loaded with lists=False (a write's answer that shows no list).
    certifications: tuple[CertificationItem, ...] | None = None
    projects: tuple[PortfolioProject, ...] | None = None  # each with `shown_skills`
    education: tuple[EducationRecord, ...] | None = None

    @property
    def has_any(self) -> bool:
        if self.certifications is None:
            raise ValueError("loaded without its lists: load_learner(user, lists=True)")
        return bool(
            any(self.records.ratings.values())
            or self.certifications
            or self.projects
            or self.education
        )


def certification_items(earned: list[EarnedCertification], today: date) -> list[CertificationItem]:
    items = []
    for record in earned:
        expires_on = effective_expiry(record)
        items.append(
            CertificationItem(
                earned=record,
                expires_on=expires_on,
                expired=expires_on is not None and expires_on < today,
                days_left=(expires_on - today).days if expires_on else None,
            )
        )
    return items


def certifications_of(user):
    return (
        EarnedCertification.objects.filter(user=user)
        .select_related("certification__successor")
        .order_by("-issued_on", "id")
    )


def projects_of(user):
    return (
        PortfolioProject.objects.filter(user=user)
        .select_related("idea")
        .order_by("-created_at", "-id")
    )


def education_of(user):
    return (
        EducationRecord.objects.filter(user=user)
        .select_related("education_path")
        .order_by("-year", "id")
    )


@dataclass(frozen=True)
class _Rows:
    """A learner's records as plain rows: what the engine's input is made of."""

    records: LearnerRecords
    notes: dict[int, str]
    covered: dict[int, list[str]]  # a learner-described certification's id -> skill names
    shown: dict[int, list[ShownSkill]]  # project id -> the skills it shows, by name


# The engine's input as four `values_list` querysets: the ORM names every table and column.
# Building a queryset's SQL costs more than running it (about 2 ms a request for the four, inside
# every write's transaction; docs/performance.md), so each is compiled once per database, for a
# probe user id, and then run as plain SQL with the learner's id in the probe's place.
_PROBE_USER_ID = -7919
_compiled: dict[tuple[str, str], str] = {}


def _fetch(name: str, build, user_id: int) -> list[tuple]:
    """The rows of `build(user_id)` (a `values_list` queryset filtered on the user id only),
    from its SQL compiled once for this database."""
    key = (connection.alias, name)
    sql = _compiled.get(key)
    if sql is None:
        sql, params = build(_PROBE_USER_ID).query.get_compiler(connection=connection).as_sql()
        if list(params) != [_PROBE_USER_ID]:  # the SQL must take the user id and nothing else
            raise ValueError(f"{name}: expected only the user id as a parameter, got {params}")
        _compiled[key] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        return cursor.fetchall()


def _ratings(user_id: int):
    return (
        SkillRecord.objects.filter(user_id=user_id)
        .order_by()
        .values_list("skill_id", "level", "note")
    )


def _catalogue(user_id: int):
    """Catalogue certifications with every skill they credit (a row of NULLs for one crediting
    none: the reverse relation is a LEFT JOIN)."""
    return (
        EarnedCertification.objects.filter(user_id=user_id, certification__isnull=False)
        .order_by("id", "certification__credits__skill_id")
        .values_list(
            "id",
            "certification__name",
            "issued_on",
            "expires_on",
            "certification__validity_months",
            "verification_url",
            "certification__verification_hosts",
            "certification__credits__skill_id",
            "certification__credits__level",
        )
    )


def _described(user_id: int):
    """Certifications the learner described, with the skills they say they cover."""
    return (
        EarnedCertification.objects.filter(user_id=user_id, certification__isnull=True)
        .order_by("id", "other_skills__name", "other_skills__id")
        .values_list(
            "id",
            "other_name",
            "issued_on",
            "expires_on",
            "other_level",
            "other_skills__id",
            "other_skills__name",
        )
    )


def _shown(user_id: int):
    """The skills portfolio projects show, with the project they belong to."""
    return (
        ProjectSkill.objects.filter(project__user_id=user_id)
        .order_by("project_id", "skill__name", "id")
        .values_list(
            "project_id",
            "skill_id",
            "level",
            "skill__name",
            "project__title",
            "project__status",
            "project__repository_url",
            "project__demo_url",
        )
    )


def _read_rows(user) -> _Rows:
    """The engine's input for `user` in four queries of plain rows, however much is recorded:
    ratings and notes; catalogue certifications with what they credit; certifications the
    learner described, with the skills they cover; the skills projects show, with the project."""
    rating_rows = _fetch("ratings", _ratings, user.pk)
    catalogue_rows = _fetch("catalogue", _catalogue, user.pk)
    described_rows = _fetch("described", _described, user.pk)
    shown_rows = _fetch("shown", _shown, user.pk)

    ratings: dict[int, int] = {}
    notes: dict[int, str] = {}
    for skill_id, level, note in rating_rows:
        ratings[skill_id] = level
        if note:
            notes[skill_id] = note

    # (name, issued_on, id) -> the certification's credits, so they come in the order below.
    certifications: dict[tuple[str, date, int], list[CertificationCredit]] = defaultdict(list)
    verified: dict[int, bool] = {}
    for row in catalogue_rows:
        earned_id, name, issued_on, expires_on, validity, url, hosts, skill_id, level = row
        credits = certifications[(name, issued_on, earned_id)]
        if skill_id is None:  # a catalogue certification crediting no skill
            continue
        if earned_id not in verified:
            verified[earned_id] = evidence.certification_url_is_evidence(
                url, evidence.host_list(hosts)
            )
        credits.append(
            CertificationCredit(
                skill_id=skill_id,
                level=level,
                name=name,
                expires_on=expiry_from(expires_on, issued_on, validity),
                verified=verified[earned_id],
            )
        )
    covered: dict[int, list[str]] = defaultdict(list)
    for earned_id, name, issued_on, expires_on, level, skill_id, skill_name in described_rows:
        credits = certifications[(name, issued_on, earned_id)]
        if skill_id is None:  # covers no skill yet
            continue
        covered[earned_id].append(skill_name)
        # The learner's own word: no catalogue validity, and never evidence.
        credits.append(CertificationCredit(skill_id, level, name, expires_on, verified=False))

    projects: dict[tuple[str, int], list[ProjectCredit]] = defaultdict(list)
    shown: dict[int, list[ShownSkill]] = defaultdict(list)
    linked: dict[int, bool] = {}
    for row in shown_rows:
        project_id, skill_id, level, skill_name, title, status, repository, demo = row
        if project_id not in linked:
            linked[project_id] = evidence.project_is_evidence(repository, demo)
        shown[project_id].append(ShownSkill(skill_id, skill_name, level))
        projects[(title, project_id)].append(
            ProjectCredit(
                skill_id=skill_id,
                level=level,
                title=title,
                done=status == PortfolioProject.Status.DONE,
                has_link=linked[project_id],
            )
        )

    return _Rows(
        records=LearnerRecords(
            ratings=ratings,
            certification_credits=tuple(
                credit for key in sorted(certifications) for credit in certifications[key]
            ),
            project_credits=tuple(credit for key in sorted(projects) for credit in projects[key]),
        ),
        notes=notes,
        covered=covered,
        shown=shown,
    )


def load_learner(user, *, today: date | None = None, lists: bool = True) -> Learner:
    """Everything `user` recorded, in seven queries however much that is; with lists=False,
    only the engine's input and the notes, in four (what a level change answers with).

    The engine's input always comes from the same plain rows (`_read_rows`); the lists the
    pages show are three more queries of model objects, dressed with what those rows hold."""
    rows = _read_rows(user)
    if not lists:
        return Learner(records=rows.records, notes=rows.notes)
    today = today or timezone.localdate()
    earned = list(certifications_of(user))
    for record in earned:
        record.covered_skills = rows.covered.get(record.pk, [])
    projects = list(projects_of(user))
    for project in projects:
        project.shown_skills = rows.shown.get(project.pk, [])
    return Learner(
        records=rows.records,
        notes=rows.notes,
        certifications=tuple(certification_items(earned, today)),
        projects=tuple(projects),
        education=tuple(education_of(user)),
    )


def load_records(user) -> LearnerRecords:
    """The engine's input for `user` (four queries)."""
    return load_learner(user, lists=False).records


# --- role profiles ----------------------------------------------------------------------------


def _safe_path(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _interleave(*groups: list[Closer]) -> list[Closer]:
    """The best of each kind first (resource, certification, project idea), then the next best."""
    return [c for row in zip_longest(*groups) for c in row if c is not None]


# The exams a beginner is sent to, in order, when a foundational one credits the skill.
_BEGINNER_EXAMS = (Certification.ExamLevel.FOUNDATIONAL, Certification.ExamLevel.ASSOCIATE)


def _certification_closers(credits, target: int) -> list[Closer]:
    """The certifications that fit a step towards `target` on one skill (`credits`: the
    skill's CertificationSkill rows, best credit first).

    - Only recognised, current certifications are offered. A retired one's successor is offered
      only when the successor itself credits the skill: its own credit then names what it
      replaces.
    - For a target of Guided or Independent, when a foundational exam credits the skill, the
      step offers foundational exams first, then associate ones, and never a professional or
      specialty exam.
    - Otherwise: those crediting the target or above, else those crediting the skill at all.
    """
    replaced: dict[int, str] = {}
    for credit in credits:
        certification = credit.certification
        if certification.is_retired and certification.successor_id:
            replaced.setdefault(certification.successor_id, certification.name)
    current = [
        c for c in credits if c.certification.is_recognised and not c.certification.is_retired
    ]
    if target <= Level.INDEPENDENT and any(
        c.certification.level == Certification.ExamLevel.FOUNDATIONAL for c in current
    ):
        wanted = sorted(
            (c for c in current if c.certification.level in _BEGINNER_EXAMS),
            key=lambda c: _BEGINNER_EXAMS.index(c.certification.level),
        )
    else:
        wanted = [c for c in current if c.level >= target] or current
    offered: dict[int, Closer] = {}
    for credit in wanted:
        certification = credit.certification
        detail = (
            f"{certification.get_level_display().lower()} exam, credits {level_name(credit.level)}"
        )
        if certification.id in replaced:
            detail += f", replaces {replaced[certification.id]}"
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
    return list(offered.values())


def build_profiles(roles) -> dict[int, RoleProfile]:
    """Profiles for `roles` (Role instances) in eight queries, however many roles and skills.

    Closers come one of each kind at a time (best resource, best certification, best project
    idea, then the next of each), so a short list still offers every kind. Links: a resource to
    itself; a certification to its catalogue page; a project idea to `#idea-<slug>` on the
    role's page when the role lists the idea (those come first), otherwise on the skill's page.
    """
    roles = list(roles)
    role_ids = [r.id for r in roles]
    requirements = list(
        Requirement.objects.filter(role_id__in=role_ids).select_related("skill__category")
    )
    prerequisites: dict[int, set[int]] = defaultdict(set)
    for from_id, to_id in Skill.prerequisites.through.objects.values_list(
        "from_skill_id", "to_skill_id"
    ):
        prerequisites[from_id].add(to_id)
    resources: dict[int, list[Resource]] = defaultdict(list)
    for resource in Resource.objects.order_by("-is_free", "title", "id"):
        resources[resource.skill_id].append(resource)
    cert_credits: dict[int, list[CertificationSkill]] = defaultdict(list)
    for credit in CertificationSkill.objects.select_related("certification__successor").order_by(
        "-level", "certification__name", "id"
    ):
        cert_credits[credit.skill_id].append(credit)
    idea_credits: dict[int, list[ProjectIdeaSkill]] = defaultdict(list)
    for exercise in ProjectIdeaSkill.objects.select_related("idea").order_by(
        "-level", "idea__title", "id"
    ):
        idea_credits[exercise.skill_id].append(exercise)
    idea_roles: dict[int, set[int]] = defaultdict(set)
    for idea_id, role_id in ProjectIdea.roles.through.objects.values_list(
        "projectidea_id", "role_id"
    ):
        idea_roles[idea_id].add(role_id)
    role_paths = {r.id: _safe_path("roles:role_detail", slug=r.slug) for r in roles}

    def resource_closers(skill_id: int) -> list[Closer]:
        return [
            Closer(
                kind="resource",
                title=r.title,
                url=r.url,
                detail=f"{'free' if r.is_free else 'paid'} {r.get_kind_display().lower()}",
            )
            for r in resources[skill_id]
        ]

    def idea_closers(skill_id: int, skill_path: str, role_id: int | None) -> list[Closer]:
        # Ideas the role's page lists come first, then the skill's others.
        ordered = sorted(idea_credits[skill_id], key=lambda e: role_id not in idea_roles[e.idea_id])
        closers = []
        for exercise in ordered:
            idea = exercise.idea
            page = role_paths[role_id] if role_id in idea_roles[idea.id] else skill_path
            closers.append(
                Closer(
                    kind="project_idea",
                    title=idea.title,
                    url=f"{page}#idea-{idea.slug}",
                    detail=f"{idea.get_difficulty_display().lower()} project, "
                    f"exercises {level_name(exercise.level)}",
                )
            )
        return closers

    skills: dict[int, SkillInfo] = {}
    for skill_id, slug, name, hours in Skill.objects.values_list(
        "id", "slug", "name", "estimated_hours"
    ):
        path = _safe_path("roles:skill_detail", slug=slug)
        skills[skill_id] = SkillInfo(
            skill_id=skill_id,
            slug=slug,
            name=name,
            prerequisite_ids=frozenset(prerequisites[skill_id]),
            estimated_hours=hours,
            closers=tuple(
                _interleave(
                    resource_closers(skill_id),
                    _certification_closers(cert_credits[skill_id], PREREQUISITE_DEFAULT_LEVEL),
                    idea_closers(skill_id, path, None),
                )
            ),
        )

    by_role: dict[int, list[RequirementSpec]] = defaultdict(list)
    for requirement in requirements:
        skill = requirement.skill
        target = requirement.target_level
        path = _safe_path("roles:skill_detail", slug=skill.slug)
        closers = _interleave(
            resource_closers(skill.id),
            _certification_closers(cert_credits[skill.id], target),
            idea_closers(skill.id, path, requirement.role_id),
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
            skills=skills,
        )
        for role in roles
    }


def role_profiles() -> dict[int, RoleProfile]:
    """Every published role's profile, keyed by role id, in their published order. Kept under
    the content version (no query when warm); callers must not change what they get."""
    return content_memoized(
        f"readiness:profiles:{PROFILE_CACHE_FORMAT}",
        lambda: build_profiles(Role.objects.published()),
    )


# --- lookups ----------------------------------------------------------------------------------


def find_profile(profiles: dict[int, RoleProfile], slug: str) -> RoleProfile | None:
    return next((p for p in profiles.values() if p.slug == slug), None)
