"""The public learner profile at /u/<handle>/, shown only when the learner opts in."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from learners import records
from learners.readiness import counted_levels, display_percent

User = get_user_model()


# Revalidated on every visit: the page must change the moment its owner changes a record or
# turns the profile private, so it is never cached whole.
@cache_control(no_cache=True)
@require_safe
def public_profile(request, handle):
    learner = get_object_or_404(
        User.objects.select_related("target_role"),
        handle=handle.lower(),
        is_public=True,
        is_active=True,
    )
    outcome = records.learner_outcome(learner)
    role = learner.target_role
    readiness = outcome.readiness.get(role.pk) if role is not None else None
    catalogue = next(iter(outcome.profiles.values())).skills if outcome.profiles else {}
    skills = sorted(
        (
            (catalogue[skill_id], counted)
            for skill_id, counted in counted_levels(
                outcome.learner.records, today=outcome.today
            ).items()
            if skill_id in catalogue
        ),
        key=lambda pair: (-pair[1].level, pair[0].name),
    )
    context = {
        "learner": learner,
        "role": role if readiness is not None else None,
        "readiness": readiness,
        "skills": skills,
        "data": outcome.learner,
        # A verification link is shown as one only where the evidence rule accepts it.
        "checked_certifications": {
            item.earned.pk for item in outcome.learner.certifications if item.earned.is_evidence
        },
        "today": outcome.today,
        "page_url": request.build_absolute_uri(),
        **_descriptions(learner, role, readiness),
    }
    return render(request, "learners/profile.html", context)


def _descriptions(learner: User, role, readiness) -> dict:
    """The page's description for search engines and its card when shared (the learner's
    headline if they wrote one)."""
    name = learner.display_name or learner.handle
    if learner.headline:
        return {"description": learner.headline, "share_text": learner.headline}
    if readiness is None:
        return {
            "description": f"{name}'s learning profile on careerhub.",
            "share_text": "A learning profile on careerhub.",
        }
    return {
        "description": f"{name} is working towards {role.title} on careerhub.",
        "share_text": f"{display_percent(readiness.score)}% ready for {role.title}.",
    }
