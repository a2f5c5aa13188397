"""A posting as a role profile, scored by the same engine as the catalogue roles.

`posting_profile` turns a posting's skills into a `learners.readiness.RoleProfile`: required
skills are essential, importance comes from the section and the number of mentions, the target
from the seniority (or the learner's correction). Prerequisites and closers are the catalogue's,
from the cached role profiles (`role_profiles()`): a skill some role requires brings that role's
closers, any other skill the catalogue's own (`SkillInfo`). No query beyond the posting's rows.

An either/or group ("TypeScript, Rust or Java") is one requirement: the member the learner is
strongest in stands for the group; the others are shown as alternatives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from jobs.models import JobSkill, Need
from learners.readiness import (
    LearnerRecords,
    Readiness,
    RequirementSpec,
    RoleProfile,
    SkillInfo,
    at_targets,
    compute_readiness,
    role_profiles,
)


@dataclass(frozen=True)
class Catalogue:
    specs: Mapping[int, RequirementSpec]  # one role's spec per skill some role requires
    skills: Mapping[int, SkillInfo]  # every catalogue skill


def catalogue() -> Catalogue:
    """What the cached role profiles know about each skill (empty with no published role)."""
    profiles = role_profiles()
    specs: dict[int, RequirementSpec] = {}
    skills: Mapping[int, SkillInfo] = {}
    for profile in profiles.values():
        skills = skills or profile.skills
        for spec in profile.requirements:
            specs.setdefault(spec.skill_id, spec)
    return Catalogue(specs=specs, skills=skills)


@dataclass(frozen=True)
class PostingProfile:
    profile: RoleProfile
    alternatives: dict[int, tuple[JobSkill, ...]]  # standing skill id -> the group's others
    set_aside: frozenset[int]  # skill ids of group members that do not stand for their group


def _spec(js: JobSkill, known: Catalogue) -> RequirementSpec:
    skill = js.skill
    base, info = known.specs.get(js.skill_id), known.skills.get(js.skill_id)
    return RequirementSpec(
        skill_id=js.skill_id,
        skill_slug=skill.slug,
        skill_name=skill.name,
        category=skill.category.name,
        category_order=skill.category.order,
        importance=js.importance,
        essential=js.need == Need.REQUIRED,
        target=js.target,
        prerequisite_ids=info.prerequisite_ids if info else frozenset(),
        estimated_hours=skill.estimated_hours,
        closers=base.closers if base else (info.closers if info else ()),
    )


def posting_profile(
    posting,
    job_skills: Sequence[JobSkill],
    records: LearnerRecords,
    *,
    today: date,
    known: Catalogue | None = None,
) -> PostingProfile:
    """The posting's profile for this learner (`job_skills` with `skill__category` loaded).
    `known`: the catalogue, when the caller scores many postings at once."""
    known = known or catalogue()
    every = [_spec(js, known) for js in job_skills]

    def profile_of(requirements) -> RoleProfile:
        return RoleProfile(
            role_id=0,
            slug=f"posting-{posting.pk}",
            title=posting.title,
            requirements=tuple(requirements),
            skills=known.skills,
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
    known: Catalogue | None = None,
) -> tuple[Readiness, PostingProfile]:
    built = posting_profile(posting, job_skills, records, today=today, known=known)
    return compute_readiness(built.profile, records, today=today), built


@dataclass(frozen=True)
class NearestRole:
    title: str
    slug: str
    transfer: Readiness  # readiness for the posting of someone at exactly the role's targets
    shared: tuple[str, ...]
    posting_only: tuple[str, ...]  # skill names the posting asks for and the role does not
    role_only: tuple[str, ...]  # the role's essential skills the posting does not name
    readiness: Readiness


def transfer(
    posting, job_skills: Sequence[JobSkill], role: RoleProfile, *, today: date, known=None
) -> Readiness:
    """What a holder of `role` brings to the posting: the engine's readiness for the posting of
    someone rated exactly at the role's targets (the compare page shows the same figure)."""
    readiness, _ = posting_readiness(
        posting, job_skills, at_targets(role), today=today, known=known
    )
    return readiness


def nearest_role(
    posting,
    job_skills: Sequence[JobSkill],
    records: LearnerRecords,
    *,
    today: date,
    known: Catalogue | None = None,
) -> NearestRole | None:
    """The published role whose holder brings the posting most (`transfer`: the figure the
    compare page shows, so the two never disagree), with what differs and the learner's
    readiness for it. Ties go to the role with more skills in common, then by title. None when
    the posting names no skill."""
    asked = {js.skill_id: js.skill.name for js in job_skills}
    if not asked:
        return None
    known = known or catalogue()
    best = None
    for profile in role_profiles().values():
        brings = transfer(posting, job_skills, profile, today=today, known=known)
        shared = sum(1 for spec in profile.requirements if spec.skill_id in asked)
        key = (brings.score, shared, [-ord(c) for c in profile.title])
        if best is None or key > best[0]:
            best = (key, profile, brings)
    if best is None:
        return None
    _, profile, brings = best
    role_skills = {spec.skill_id: spec for spec in profile.requirements}
    return NearestRole(
        title=profile.title,
        slug=profile.slug,
        transfer=brings,
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
