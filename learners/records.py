"""Reads of a learner's records: what a page that only reads shows, and what a write leaves
behind (`Outcome`). Nothing here writes or locks; `learners.actions` is the only writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from learners.models import ImportBatch, User
from learners.readiness import (
    Learner,
    Readiness,
    RoleProfile,
    SkillInfo,
    compute_readiness,
    load_learner,
    role_profiles,
)
from roles.models import Skill


@dataclass(frozen=True)
class Outcome:
    """What a write leaves behind, for the view to render without loading anything again."""

    learner: Learner
    readiness: dict[int, Readiness]  # every published role, by role id
    profiles: dict[int, RoleProfile]
    today: date


def learner_outcome(user: User, *, lists: bool = True) -> Outcome:
    """The learner's records as they stand and readiness for every published role: what a page
    that only reads shows, and what a write leaves behind. lists=False leaves out the lists of
    certifications, projects and education (`load_learner`)."""
    return score(user, lists=lists).outcome()


@dataclass(frozen=True)
class Scored:
    """The learner's records as loaded, and readiness for some of the roles."""

    learner: Learner
    profiles: dict[int, RoleProfile]
    scored: dict[int, Readiness]
    today: date

    def outcome(self) -> Outcome:
        """Readiness for every published role: those scored already, and the others from the
        same records (the engine is pure: after a write, it makes no difference that this runs
        after the commit)."""
        readiness = {
            role_id: self.scored[role_id]
            if role_id in self.scored
            else compute_readiness(profile, self.learner.records, today=self.today)
            for role_id, profile in self.profiles.items()
        }
        return Outcome(
            learner=self.learner, readiness=readiness, profiles=self.profiles, today=self.today
        )


def score(user: User, *, lists: bool, skill_id: int | None = None) -> Scored:
    """Load the learner's records and score the roles that require `skill_id` (every role when
    it is None)."""
    today = timezone.localdate()
    learner = load_learner(user, today=today, lists=lists)
    profiles = role_profiles()
    scored = {
        role_id: compute_readiness(profile, learner.records, today=today)
        for role_id, profile in profiles.items()
        if skill_id is None or skill_id in profile.required_skill_ids
    }
    return Scored(learner=learner, profiles=profiles, scored=scored, today=today)


def catalogue_skill(profiles: dict[int, RoleProfile], slug: str) -> SkillInfo | None:
    """A catalogue skill by slug, from the profiles already in memory (no query: every profile
    shares the whole catalogue). With no published role there is no profile to hold it, and
    the database is asked."""
    if profiles:
        catalogue = next(iter(profiles.values())).skills
        return next((skill for skill in catalogue.values() if skill.slug == slug), None)
    row = Skill.objects.filter(slug=slug).values_list("id", "slug", "name").first()
    return SkillInfo(*row) if row else None


def imported_cv_skills(user: User) -> frozenset[str] | None:
    """The skills (slugs) the learner's last confirmed and not undone CV import names, or None
    when they never imported a CV (one query). Only slugs are kept, never the CV's text."""
    slugs = (
        ImportBatch.objects.filter(user=user, undone_at=None)
        .exclude(confirmed_at=None)
        .exclude(cv_skills=[])
        .order_by("-confirmed_at")
        .values_list("cv_skills", flat=True)
        .first()
    )
    return frozenset(slugs) if slugs else None
