"""What the public pages show, loaded with a constant number of queries.

Each function here answers one page's question about the content (a role with everything it
holds, a skill catalogue, a comparison of two roles) and returns plain objects for a template.
Views stay thin; templates never trigger a query of their own.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from roles.models import (
    Certification,
    CertificationSkill,
    EducationPath,
    ProjectIdea,
    ProjectIdeaSkill,
    Requirement,
    Role,
    Skill,
    SkillCategory,
)

SEARCH_MAX_LENGTH = 100
SEARCH_PANEL_LIMIT = 6

# Skills of these kinds are listed again under "Tools and platforms" on a role page.
TOOL_KINDS = frozenset({Skill.Kind.TOOL, Skill.Kind.PLATFORM})
# Programming languages are practical skills in a "languages" category; they count as tooling.
LANGUAGE_CATEGORY_WORD = "language"


def clean_query(value: str | None) -> str:
    """A search term as typed, trimmed and cut to a sane length. NUL characters go: PostgreSQL
    refuses them in a string literal."""
    return (value or "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


def _essentials_prefetch() -> Prefetch:
    return Prefetch(
        "requirements",
        queryset=Requirement.objects.filter(is_essential=True)
        .select_related("skill")
        .order_by("-importance", "skill__name"),
        to_attr="essential_requirements",
    )


def role_cards(*, q: str = "", category: str = "") -> list[Role]:
    """Published roles for cards, each with `skill_count` and `essential_requirements`.

    `q` matches the title, aliases, summary and the names of the skills the role requires,
    ignoring case. `category` (a category slug) keeps roles that require a skill of it.
    Two queries.
    """
    roles = (
        Role.objects.published()
        .annotate(skill_count=Count("requirements"))
        .prefetch_related(_essentials_prefetch())
    )
    if q:
        roles = roles.filter(
            Q(title__icontains=q)
            | Q(aliases__icontains=q)
            | Q(summary__icontains=q)
            | Q(pk__in=Requirement.objects.filter(skill__name__icontains=q).values("role_id"))
        )
    if category:
        roles = roles.filter(
            pk__in=Requirement.objects.filter(skill__category__slug=category).values("role_id")
        )
    return list(roles)


def categories() -> list[SkillCategory]:
    return list(SkillCategory.objects.all())


# --- one role ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequirementGroup:
    category: SkillCategory
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class RolePage:
    role: Role
    groups: tuple[RequirementGroup, ...]
    tools: tuple[Requirement, ...]
    essentials_total: int
    other_roles: tuple[Role, ...]  # every other published role, for "Compare with…"


def _is_tooling(skill: Skill) -> bool:
    """Tools and platforms, and the languages (not the theory) of a languages category."""
    if skill.kind in TOOL_KINDS:
        return True
    is_language = LANGUAGE_CATEGORY_WORD in skill.category.name.lower()
    return is_language and skill.kind == Skill.Kind.SKILL


def group_requirements(requirements: Iterable[Requirement]) -> tuple[RequirementGroup, ...]:
    """Requirements grouped by skill category, in category order; inside a group essentials
    first, then by importance and name."""
    ordered = sorted(
        requirements,
        key=lambda r: (
            r.skill.category.order,
            r.skill.category.name,
            not r.is_essential,
            -r.importance,
            r.skill.name,
        ),
    )
    return tuple(
        RequirementGroup(category=category, requirements=tuple(items))
        for category, items in groupby(ordered, key=lambda r: r.skill.category)
    )


def role_page(slug: str) -> RolePage | None:
    """A published role with everything its page shows, or None. Constant queries (13)."""
    published = list(Role.objects.published())
    role = next((r for r in published if r.slug == slug), None)
    if role is None:
        return None
    prefetch_related_objects(
        [role],
        Prefetch(
            "requirements",
            queryset=Requirement.objects.select_related("skill__category"),
        ),
        "responsibilities",
        "lifecycle_stages",
        "market_figures",
        "faq_entries",
        "industries",
        Prefetch("related_roles", queryset=Role.objects.published()),
        Prefetch(
            "certifications",
            queryset=Certification.objects.recognised().select_related("successor"),
        ),
        Prefetch("education_paths", queryset=EducationPath.objects.order_by("level", "title")),
        Prefetch(
            "project_ideas",
            queryset=ProjectIdea.objects.prefetch_related(
                Prefetch(
                    "skills_exercised",
                    queryset=ProjectIdeaSkill.objects.select_related("skill"),
                )
            ),
        ),
        "experience_routes",
    )
    requirements = list(role.requirements.all())
    groups = group_requirements(requirements)
    tools = tuple(
        sorted((r for r in requirements if _is_tooling(r.skill)), key=lambda r: r.skill.name)
    )
    return RolePage(
        role=role,
        groups=groups,
        tools=tools,
        essentials_total=sum(1 for r in requirements if r.is_essential),
        other_roles=tuple(r for r in published if r.pk != role.pk),
    )


# --- skills --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillGroup:
    category: SkillCategory
    skills: tuple[Skill, ...]


def skill_catalogue(*, q: str = "", category: str = "", kind: str = "") -> tuple[SkillGroup, ...]:
    """Skills grouped by category (in category order), each with `role_count`. One query."""
    skills: QuerySet[Skill] = (
        Skill.objects.filter(is_retired=False)
        .select_related("category")
        .annotate(
            role_count=Count(
                "requirements", filter=Q(requirements__role__is_published=True), distinct=True
            )
        )
    )
    if q:
        skills = skills.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(category__name__icontains=q)
        )
    if category:
        skills = skills.filter(category__slug=category)
    if kind:
        skills = skills.filter(kind=kind)
    ordered = sorted(skills, key=lambda s: (s.category.order, s.category.name, s.name.lower()))
    return tuple(
        SkillGroup(category=cat, skills=tuple(items))
        for cat, items in groupby(ordered, key=lambda s: s.category)
    )


def skill_page(slug: str) -> Skill | None:
    """A skill with its prerequisites, what it unlocks, the published roles that need it,
    resources, crediting certifications and project ideas. Constant queries (7)."""
    return (
        Skill.objects.select_related("category")
        .prefetch_related(
            Prefetch("prerequisites", queryset=Skill.objects.order_by("name")),
            Prefetch("unlocks", queryset=Skill.objects.order_by("name")),
            Prefetch(
                "requirements",
                queryset=Requirement.objects.filter(role__is_published=True)
                .select_related("role")
                .order_by("role__order", "role__title"),
                to_attr="published_requirements",
            ),
            "resources",
            Prefetch(
                "certification_credits",
                queryset=CertificationSkill.objects.filter(certification__is_recognised=True)
                .select_related("certification")
                .order_by("certification__is_retired", "-level", "certification__name"),
            ),
            Prefetch(
                "project_ideas_exercising",
                queryset=ProjectIdeaSkill.objects.select_related("idea").order_by("idea__title"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


# --- certifications ------------------------------------------------------------------------


def certification_catalogue() -> list[Certification]:
    """Every recognised certification, active first, each with `skill_count`. One query."""
    return list(
        Certification.objects.recognised()
        .select_related("successor")
        .annotate(skill_count=Count("credits"))
        .order_by("is_retired", "name")
    )


def certification_page(slug: str) -> Certification | None:
    """A recognised certification with the skills it credits, the roles it suits and what it
    replaced. Constant queries (4)."""
    return (
        Certification.objects.recognised()
        .select_related("successor")
        .prefetch_related(
            Prefetch(
                "credits",
                queryset=CertificationSkill.objects.select_related("skill").order_by(
                    "-level", "skill__name"
                ),
            ),
            Prefetch("roles", queryset=Role.objects.published()),
            Prefetch("predecessors", queryset=Certification.objects.recognised().order_by("name")),
        )
        .filter(slug=slug)
        .first()
    )


# --- compare -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedSkill:
    skill: Skill
    in_a: Requirement
    in_b: Requirement

    @property
    def difference(self) -> int:
        """How many levels more (positive) or fewer (negative) role B expects than role A."""
        return self.in_b.target_level - self.in_a.target_level

    @property
    def levels_apart(self) -> int:
        return abs(self.difference)

    @property
    def signed(self) -> str:
        """The difference as a table shows it: "+1", "−2" (a minus sign, not a hyphen), "0"."""
        return (
            f"+{self.difference}" if self.difference > 0 else str(self.difference).replace("-", "−")
        )

    @property
    def direction(self) -> str:
        """ "more" when role B asks more than role A, else "less"."""
        return "more" if self.difference > 0 else "less"


@dataclass(frozen=True)
class Comparison:
    a: Role
    b: Role
    shared: tuple[SharedSkill, ...]
    only_a: tuple[Requirement, ...]
    only_b: tuple[Requirement, ...]


def published_roles() -> list[Role]:
    return list(Role.objects.published())


def compare_roles(a: Role, b: Role) -> Comparison:
    """Two roles side by side. One query."""
    requirements = list(
        Requirement.objects.filter(role__in=[a, b]).select_related("skill__category")
    )
    by_a = {r.skill_id: r for r in requirements if r.role_id == a.pk}
    by_b = {r.skill_id: r for r in requirements if r.role_id == b.pk}

    def order(r: Requirement):
        return (not r.is_essential, -r.importance, r.skill.name)

    shared = tuple(
        SharedSkill(skill=by_b[sid].skill, in_a=by_a[sid], in_b=by_b[sid])
        for sid in sorted(by_a.keys() & by_b.keys(), key=lambda sid: order(by_b[sid]))
    )
    return Comparison(
        a=a,
        b=b,
        shared=shared,
        only_a=tuple(sorted((r for s, r in by_a.items() if s not in by_b), key=order)),
        only_b=tuple(sorted((r for s, r in by_b.items() if s not in by_a), key=order)),
    )


# --- site search ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    q: str
    roles: tuple[Role, ...]
    skills: tuple[Skill, ...]
    certifications: tuple[Certification, ...]

    @property
    def total(self) -> int:
        return len(self.roles) + len(self.skills) + len(self.certifications)


def search_everything(q: str, *, limit: int | None = None) -> SearchResults:
    """Roles, skills and certifications matching `q` (case-insensitive). Three queries."""
    if not q:
        return SearchResults(q=q, roles=(), skills=(), certifications=())
    roles = Role.objects.published().filter(
        Q(title__icontains=q)
        | Q(aliases__icontains=q)
        | Q(summary__icontains=q)
        | Q(pk__in=Requirement.objects.filter(skill__name__icontains=q).values("role_id"))
    )
    skills = Skill.objects.select_related("category").filter(
        Q(name__icontains=q) | Q(aliases__icontains=q) | Q(description__icontains=q),
        is_retired=False,
    )
    certifications = (
        Certification.objects.recognised()
        .filter(Q(name__icontains=q) | Q(issuer__icontains=q) | Q(description__icontains=q))
        .order_by("is_retired", "name")
    )
    if limit is not None:
        roles, skills, certifications = roles[:limit], skills[:limit], certifications[:limit]
    return SearchResults(
        q=q, roles=tuple(roles), skills=tuple(skills), certifications=tuple(certifications)
    )
