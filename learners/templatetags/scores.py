"""The one place a readiness figure is rounded and marked up.

`{% readiness score role_slug "claimed" %}` renders
`<span data-readiness-role=… data-readiness-kind=…>53%</span>`,
`{% readiness_meter readiness %}` the accessible meter, and `|pct` the bare number where markup
cannot go (an attribute). All three round with `learners.readiness.display_percent`.
"""

from django import template
from django.utils.html import format_html

from learners.readiness import Readiness, display_percent, level_name

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


@register.filter
def shows(shown_skills) -> str:
    """What a project shows, in a few words: "Shows A (Guided), B (Independent) and 3 more. "
    (empty when it names no skill)."""
    if not shown_skills:
        return ""
    named = ", ".join(f"{s.name} ({s.level_name})" for s in shown_skills[:2])
    more = len(shown_skills) - 2
    return f"Shows {named}{f' and {more} more' if more > 0 else ''}. "
