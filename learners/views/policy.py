"""Which role a learner's page shows: a view's policy, kept with the views.

A learner without a target sees the Machine Learning Engineer (else the first published role);
`?role=<slug>` shows another role without changing the target, and an unknown slug is a 404.
"""

from __future__ import annotations

from django.http import Http404

from learners.readiness import RoleProfile, find_profile

DEFAULT_ROLE_SLUG = "machine-learning-engineer"


def default_profile(profiles: dict[int, RoleProfile]) -> RoleProfile | None:
    """The role a learner without a target sees: the ML engineer, else the first published."""
    for profile in profiles.values():
        if profile.slug == DEFAULT_ROLE_SLUG:
            return profile
    return next(iter(profiles.values()), None)


def target_profile(user, profiles: dict[int, RoleProfile]) -> RoleProfile | None:
    """The learner's target role if it is published, else the default role."""
    return profiles.get(user.target_role_id) or default_profile(profiles)


def viewed_profile(user, profiles: dict[int, RoleProfile], slug: str | None) -> RoleProfile | None:
    """The role named by `slug` (another role, without changing the target); 404 if unknown."""
    if slug:
        profile = find_profile(profiles, slug)
        if profile is None:
            raise Http404("No such role.")
        return profile
    return target_profile(user, profiles)
