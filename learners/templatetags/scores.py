"""The one place a readiness figure is rounded and marked up.

`{% readiness score role_slug "claimed" %}` renders
`<span data-readiness-role=… data-readiness-kind=…>53%</span>`,
`{% readiness_meter readiness %}` the accessible meter, and `|pct` the bare number where markup
cannot go (an attribute). All three round with `learners.readiness.display_percent`.
`{% learner_readiness role_slug as r %}` gives a page of the roles app (which never imports this
app) the signed-in learner's readiness for one role, as the dashboard computes it.
"""

from django import template
from django.utils.html import format_html

from learners import records
from learners.readiness import Readiness, display_percent, find_profile, level_name

register = template.Library()

KINDS = frozenset({"claimed", "evidenced"})


@register.simple_tag
def readiness(score: float, role_slug: str, kind: str = "claimed") -> str:
    if kind not in KINDS:
        raise template.TemplateSyntaxError(f"readiness kind must be one of {sorted(KINDS)}")
    return format_html(
        '<span class="readiness-figure" data-readiness-role="{}" data-readiness-kind="{}">'
        "{}%</span>",
        role_slug,
        kind,
        display_percent(score),
    )


@register.filter
def pct(score: float) -> int:
    """A score as the whole percentage every page shows."""
    return display_percent(score)


@register.filter
def level_label(level: int) -> str:
    """A level 0..5 by name ("Independent")."""
    return level_name(level)


@register.inclusion_tag("learners/_meter.html")
def readiness_meter(result: Readiness, label: str = "") -> dict:
    return {
        "r": result,
        "pct": display_percent(result.score),
        "label": label or f"Readiness for {result.role_title}",
    }


@register.simple_tag(takes_context=True)
def learner_readiness(context, role_slug: str) -> Readiness | None:
    """The signed-in learner's readiness for the published role `role_slug`, from the same
    loader and engine as the dashboard (`records.learner_outcome`); None for a visitor
    or a role that is not published."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    outcome = records.learner_outcome(user, lists=False)
    profile = find_profile(outcome.profiles, role_slug)
    return None if profile is None else outcome.readiness[profile.role_id]
