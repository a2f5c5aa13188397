"""The signed-in learner's readiness box on a role page, served by the learners app.

The role page (roles app) is the same for every visitor: its box links here, and htmx loads this
view's fragment into it. A visitor gets the sign-up box; without JavaScript the link opens the
box as a page of its own.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from careerhub.htmx import wants_fragment
from learners import records
from learners.readiness import find_profile

TEMPLATE = "learners/role_readiness.html"


@require_safe
@cache_control(private=True)
@vary_on_headers("HX-Request")
def role_readiness(request: HttpRequest, role_slug: str) -> HttpResponse:
    """The learner's readiness for the published role `role_slug` (404 for any other slug), or
    for a visitor the invitation to sign up; htmx gets the box alone."""
    mine = None
    if request.user.is_authenticated:
        outcome = records.learner_outcome(request.user, lists=False)
        profile = find_profile(outcome.profiles, role_slug)
        if profile is not None:
            mine = outcome.readiness[profile.role_id]
    else:
        profile = find_profile(records.role_profiles(), role_slug)
    if profile is None:
        raise Http404("No such career path")
    context = {
        "profile": profile,
        "mine": mine,
        "is_target": request.user.is_authenticated
        and request.user.target_role_id == profile.role_id,
    }
    template = f"{TEMPLATE}#readiness-box" if wants_fragment(request) else TEMPLATE
    return render(request, template, context)
