"""A posting as a role profile, scored by the same engine as the catalogue roles.

`posting_profile` turns a posting's skills into a `learners.readiness.RoleProfile`: required
skills are essential, importance comes from the section and the number of mentions, the target
from the seniority (or the learner's correction). Each skill's category, prerequisites and
closers are the catalogue's (taken from the cached role profiles, so the closers are the ones the
dashboard offers); a skill no role requires gets its category and prerequisites in one query.

An either/or group ("TypeScript, Rust or Java") is one requirement: the member the learner is
strongest in stands for the group; the others are shown as alternatives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from jobs.models import JobSkill, Need
from learners.readiness import (
    LearnerRecords,
    Readiness,
    RequirementSpec,
    RoleProfile,
    compute_readiness,
    load_profiles,
)


def catalogue_specs() -> dict[int, RequirementSpec]:
    """One catalogue spec per skill that some published role requires (the first role's)."""
    specs: dict[int, RequirementSpec] = {}
    for profile in load_profiles().values():
        for spec in profile.requirements:
            specs.setdefault(spec.skill_id, spec)
    return specs


def _prerequisites(skill_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    from roles.models import Skill

    found: dict[int, set[int]] = defaultdict(set)
    through = Skill.prerequisites.through
    for from_id, to_id in through.objects.filter(from_skill_id__in=list(skill_ids)).values_list(
        "from_skill_id", "to_skill_id"
    ):
        found[from_id].add(to_id)
    return {k: frozenset(v) for k, v in found.items()}


@dataclass(frozen=True)
class PostingProfile:
    profile: RoleProfile
    alternatives: dict[int, tuple[JobSkill, ...]]  # standing skill id -> the group's others
    set_aside: frozenset[int]  # skill ids of group members that do not stand for their group


def _spec(js: JobSkill, base: RequirementSpec | None, prerequisites) -> RequirementSpec:
    skill = js.skill
    return RequirementSpec(
        skill_id=js.skill_id,
        skill_slug=skill.slug,
        skill_name=skill.name,
        category=skill.category.name,
        category_order=skill.category.order,
        importance=js.importance,
        essential=js.need == Need.REQUIRED,
        target=js.target,
        prerequisite_ids=base.prerequisite_ids
        if base
        else prerequisites.get(js.skill_id, frozenset()),
        estimated_hours=skill.estimated_hours,
        closers=base.closers if base else (),
    )


def missing_prerequisites(job_skills: Iterable[JobSkill]) -> dict[int, frozenset[int]]:
    """Prerequisites of the skills no published role requires (one query, none if there are
    none): pass it to `posting_profile` when scoring many postings."""
    specs = catalogue_specs()
    missing = {js.skill_id for js in job_skills if js.skill_id not in specs}
    return _prerequisites(missing) if missing else {}


def posting_profile(
    posting,
    job_skills: Sequence[JobSkill],
    records: LearnerRecords,
    *,
    today: date,
    prerequisites: dict[int, frozenset[int]] | None = None,
) -> PostingProfile:
    """The posting's profile for this learner (`job_skills` with `skill__category` loaded)."""
    specs = catalogue_specs()
    if prerequisites is None:
        prerequisites = missing_prerequisites(job_skills)
    every = [_spec(js, specs.get(js.skill_id), prerequisites) for js in job_skills]

    def profile_of(requirements) -> RoleProfile:
        return RoleProfile(
            role_id=0,
            slug=f"posting-{posting.pk}",
            title=posting.title,
            requirements=tuple(requirements),
        )

    groups: dict[int, list[JobSkill]] = defaultdict(list)
    for js in job_skills:
        if js.group is not None:
            groups[js.group].append(js)
    if not groups:
        return PostingProfile(profile_of(every), alternatives={}, set_aside=frozenset())

    # The learner's level in each member decides which one stands for its group.
    levels = {
        row.spec.skill_id: row.level for row in _readiness(profile_of(every), records, today).rows
    }
    alternatives: dict[int, tuple[JobSkill, ...]] = {}
    set_aside: set[int] = set()
    for members in groups.values():
        best = max(members, key=lambda js: levels.get(js.skill_id, 0))
        alternatives[best.skill_id] = tuple(m for m in members if m is not best)
        set_aside |= {m.skill_id for m in members if m is not best}
    kept = [spec for spec in every if spec.skill_id not in set_aside]
    return PostingProfile(
        profile_of(kept), alternatives=alternatives, set_aside=frozenset(set_aside)
    )


def _readiness(profile: RoleProfile, records: LearnerRecords, today: date) -> Readiness:
    return compute_readiness(profile, records, today=today)


def posting_readiness(
    posting,
    job_skills: Sequence[JobSkill],
    records: LearnerRecords,
    *,
    today: date,
    prerequisites: dict[int, frozenset[int]] | None = None,
) -> tuple[Readiness, PostingProfile]:
    built = posting_profile(posting, job_skills, records, today=today, prerequisites=prerequisites)
    return compute_readiness(built.profile, records, today=today), built


@dataclass(frozen=True)
class NearestRole:
    title: str
    slug: str
    similarity: float  # 0..1, shared skills over all skills of the two
    shared: tuple[str, ...]
    posting_only: tuple[str, ...]  # skill names the posting asks for and the role does not
    role_only: tuple[str, ...]  # the role's essential skills the posting does not name
    readiness: Readiness


def nearest_role(
    job_skills: Sequence[JobSkill], records: LearnerRecords, *, today: date
) -> NearestRole | None:
    """The published role whose skills overlap the posting's most (Jaccard), with what differs
    and the learner's readiness for it. None when the posting names no skill."""
    asked = {js.skill_id: js.skill.name for js in job_skills}
    if not asked:
        return None
    best = None
    for profile in load_profiles().values():
        role_skills = {spec.skill_id for spec in profile.requirements}
        union = role_skills | asked.keys()
        similarity = len(role_skills & asked.keys()) / len(union) if union else 0.0
        key = (similarity, -len(role_skills), profile.title)
        if best is None or key > best[0]:
            best = (key, profile)
    if best is None:
        return None
    profile = best[1]
    role_skills = {spec.skill_id: spec for spec in profile.requirements}
    return NearestRole(
        title=profile.title,
        slug=profile.slug,
        similarity=best[0][0],
        shared=tuple(sorted(asked[s] for s in asked.keys() & role_skills.keys())),
        posting_only=tuple(sorted(asked[s] for s in asked.keys() - role_skills.keys())),
        role_only=tuple(
            sorted(
                spec.skill_name
                for s, spec in role_skills.items()
                if s not in asked and spec.essential
            )
        ),
        readiness=compute_readiness(profile, records, today=today),
    )
