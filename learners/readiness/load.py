"""The one loader: database rows in, engine inputs and the lists the pages show out.

- `load_learner(user)`: everything a learner recorded, in a constant number of queries (six),
  however much they recorded: the engine's `LearnerRecords` and, from the same rows, the
  certifications, projects, education and notes the dashboard, profile and export list.
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

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
)
from learners.readiness.engine import (
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
    CertificationSkill,
    ProjectIdea,
    ProjectIdeaSkill,
    Requirement,
    Resource,
    Role,
    Skill,
)

# Part of the cache key of role profiles: bump it when the cached dataclasses change shape, so a
# profile pickled by older code is never read back.
PROFILE_CACHE_FORMAT = 3
EXPIRY_WARNING_DAYS = 90


# --- a learner's records ----------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the month's last day (31 Jan + 1 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def effective_expiry(earned: EarnedCertification) -> date | None:
    """The recorded expiry date, else `validity_months` after issue, else never."""
    if earned.expires_on is not None:
        return earned.expires_on
    validity = earned.certification.validity_months
    return add_months(earned.issued_on, validity) if validity else None


def certification_is_evidence(earned: EarnedCertification) -> bool:
    """Whether someone else can check this certification: an https verification link on the
    certification's own verification hosts (roles/evidence.py)."""
    return evidence.certification_url_is_evidence(
        earned.verification_url, earned.certification.verification_host_list
    )


def project_is_evidence(project: PortfolioProject) -> bool:
    """Whether someone else can check this project: its repository on a public code host, or
    an https demo (roles/evidence.py)."""
    return evidence.project_is_evidence(project.repository_url, project.demo_url)


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
class Learner:
    """What a learner recorded: the engine's input and the lists the pages show."""

    records: LearnerRecords
    certifications: tuple[CertificationItem, ...]
    projects: tuple[PortfolioProject, ...]  # each with `shown_skills` (ProjectSkill rows)
    education: tuple[EducationRecord, ...]
    notes: dict[int, str]  # skill id -> the learner's private note (non-empty only)

    @property
    def has_any(self) -> bool:
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


def projects_with_skills(user) -> list[PortfolioProject]:
    """The learner's projects, newest first, each with `shown_skills` (by skill name). Two
    queries, also when there are none (a prefetch would skip one then)."""
    projects = list(projects_of(user))
    shown: dict[int, list[ProjectSkill]] = defaultdict(list)
    for project_skill in (
        ProjectSkill.objects.filter(project__user=user)
        .select_related("skill")
        .order_by("skill__name", "id")
    ):
        shown[project_skill.project_id].append(project_skill)
    for project in projects:
        project.shown_skills = shown[project.pk]
    return projects


def load_learner(user, *, today: date | None = None) -> Learner:
    """Everything `user` recorded, in six queries however much that is."""
    today = today or timezone.localdate()
    ratings: dict[int, int] = {}
    notes: dict[int, str] = {}
    for skill_id, level, note in SkillRecord.objects.filter(user=user).values_list(
        "skill_id", "level", "note"
    ):
        ratings[skill_id] = level
        if note:
            notes[skill_id] = note
    earned = list(certifications_of(user))
    credited: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for certification_id, skill_id, level in (
        CertificationSkill.objects.filter(
            certification__in=EarnedCertification.objects.filter(user=user).values("certification")
        )
        .order_by("certification_id", "skill_id")  # not the default ordering's joins
        .values_list("certification_id", "skill_id", "level")
    ):
        credited[certification_id].append((skill_id, level))
    projects = projects_with_skills(user)
    education = tuple(education_of(user))

    certification_credits = tuple(
        CertificationCredit(
            skill_id=skill_id,
            level=level,
            name=record.certification.name,
            expires_on=effective_expiry(record),
            verified=certification_is_evidence(record),
        )
        for record in sorted(earned, key=lambda e: (e.certification.name, e.issued_on, e.pk))
        for skill_id, level in credited[record.certification_id]
    )
    project_credits = tuple(
        ProjectCredit(
            skill_id=shown.skill_id,
            level=shown.level,
            title=project.title,
            done=project.status == PortfolioProject.Status.DONE,
            has_link=project_is_evidence(project),
        )
        for project in sorted(projects, key=lambda p: (p.title, p.pk))
        for shown in project.shown_skills
    )
    return Learner(
        records=LearnerRecords(
            ratings=ratings,
            certification_credits=certification_credits,
            project_credits=project_credits,
        ),
        certifications=tuple(certification_items(earned, today)),
        projects=tuple(projects),
        education=education,
        notes=notes,
    )


def load_records(user) -> LearnerRecords:
    """The engine's input for `user` (the records part of `load_learner`)."""
    return load_learner(user).records


# --- role profiles ----------------------------------------------------------------------------


def _safe_path(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


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
            certification, detail = credit.certification, f"credits {level_name(credit.level)}"
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
