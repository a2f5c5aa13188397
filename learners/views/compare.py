"""Two roles side by side (/careers/compare/?a=…&b=…).

It lives with the learners because every figure on it comes from the readiness engine: "what
transfers" is the readiness for B of someone whose levels are exactly A's targets, and a
signed-in learner also sees their own readiness for both roles and the hours a switch would take.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from learners import records
from learners.readiness import at_targets, compute_readiness, find_profile, hours_to_targets
from roles import queries

TEMPLATE = "learners/compare.html"


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """No `a` or `b` (or the same role twice): the form with a hint, status 200. A slug that
    names no published role: the form with a clear message, status 404."""
    roles = queries.published_roles()
    by_slug = {r.slug: r for r in roles}
    a_slug = request.GET.get("a", "").strip()
    b_slug = request.GET.get("b", "").strip()
    context: dict = {"roles": roles, "a_slug": a_slug, "b_slug": b_slug, "comparison": None}
    unknown = [s for s in (a_slug, b_slug) if s and s not in by_slug]
    if unknown:
        context["message"] = "We have no career path called “{}”. Pick one from the lists.".format(
            "” or “".join(unknown)
        )
        return render(request, TEMPLATE, context, status=404)
    if not a_slug or not b_slug:
        context["message"] = "Choose two career paths to compare."
        return render(request, TEMPLATE, context)
    if a_slug == b_slug:
        context["message"] = "Choose two different career paths to compare."
        return render(request, TEMPLATE, context)

    today = timezone.localdate()
    profiles = records.role_profiles()
    profile_a, profile_b = find_profile(profiles, a_slug), find_profile(profiles, b_slug)
    transfer = compute_readiness(profile_b, at_targets(profile_a), today=today)
    context.update(
        comparison=queries.compare_roles(by_slug[a_slug], by_slug[b_slug]),
        transfer=transfer,
        transfer_hours=hours_to_targets(transfer),
    )
    if request.user.is_authenticated:
        outcome = records.learner_outcome(request.user, lists=False)
        mine_b = outcome.readiness[profile_b.role_id]
        context.update(
            mine_a=outcome.readiness[profile_a.role_id],
            mine_b=mine_b,
            switch_hours=hours_to_targets(mine_b),
        )
    return render(request, TEMPLATE, context)
