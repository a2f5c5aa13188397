"""What the dashboard shows, built from one `services.Outcome` (after a write, or for a read).

`build()` is the whole page; `live()` the pieces every change refreshes out of band (meter,
category bars, next steps, every-role table, history chart). Neither writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import dateformat

from learners import services
from learners.forms import LEVEL_CHOICES
from learners.history import requirement_changes
from learners.models import ReadinessSnapshot
from learners.readiness import Readiness, RequirementRow, RoleProfile, display_percent, find_profile

HISTORY_POINTS = 30
FORMULA = (
    "readiness = 100 × Σ W·min(L/t, 1) / Σ W, where for each required skill L is your level "
    "(the highest of your own rating, a valid certification and a done project), t the target "
    "level, and W = importance × 2 for an essential skill (× 1 otherwise). The evidenced score "
    "uses E instead of L: only certifications with a verification link and done projects with a "
    "public link count. An expired certification credits nothing. Percentages are rounded down."
)


# --- which role the dashboard shows -----------------------------------------------------------


def target_profile(user, profiles: dict[int, RoleProfile]) -> RoleProfile | None:
    """The learner's target role if it is published, else the default role."""
    return profiles.get(user.target_role_id) or services.default_profile(profiles)


def viewed_profile(user, profiles: dict[int, RoleProfile], slug: str | None) -> RoleProfile | None:
    """The role named by `slug` (another role, without changing the target); 404 if unknown."""
    if slug:
        profile = find_profile(profiles, slug)
        if profile is None:
            raise Http404("No such role.")
        return profile
    return target_profile(user, profiles)


# --- the history chart -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    day: date
    pct: int
    evidenced_pct: int

    @property
    def label(self) -> str:
        return dateformat.format(self.day, "j M Y")


@dataclass(frozen=True)
class HistoryChart:
    width: int
    height: int
    points: str
    evidenced_points: str
    days: tuple[HistoryPoint, ...]
    single: tuple[float, float] | None  # one day only: where to draw its dot

    @property
    def first(self) -> HistoryPoint:
        return self.days[0]

    @property
    def last(self) -> HistoryPoint:
        return self.days[-1]


def history_chart(rows: list[tuple[date, float, float]]) -> HistoryChart | None:
    """(day, score, evidenced) rows as SVG polyline points (x left to right, 100 % at the top),
    rounded by the one display rule so the chart and the meter agree."""
    if not rows:
        return None
    width, height, pad = 300, 100, 4
    step = (width - 2 * pad) / max(len(rows) - 1, 1)
    days = tuple(
        HistoryPoint(day=day, pct=display_percent(score), evidenced_pct=display_percent(proven))
        for day, score, proven in rows
    )

    def xy(i: int, value: int) -> tuple[float, float]:
        return round(pad + i * step, 1), round(pad + (100 - value) * (height - 2 * pad) / 100, 1)

    def points(values) -> str:
        return " ".join("{},{}".format(*xy(i, v)) for i, v in enumerate(values))

    return HistoryChart(
        width=width,
        height=height,
        points=points(d.pct for d in days),
        evidenced_points=points(d.evidenced_pct for d in days),
        days=days,
        single=xy(0, days[0].pct) if len(days) == 1 else None,
    )


def chart_for(user, role_id: int) -> HistoryChart | None:
    """The learner's readiness history for one role (one query)."""
    rows = list(
        ReadinessSnapshot.objects.filter(user=user, role_id=role_id)
        .order_by("-day")
        .values_list("day", "score", "evidenced_score")[:HISTORY_POINTS]
    )
    rows.reverse()
    return history_chart(rows)


# --- contexts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowView:
    """A requirement row with the learner's note on that skill."""

    row: RequirementRow
    note: str


def every_role(outcome: services.Outcome) -> list[Readiness]:
    """Readiness for every published role, most ready first."""
    return sorted(
        outcome.readiness.values(), key=lambda r: (-r.score, -r.evidenced_score, r.role_title)
    )


def live(user, outcome: services.Outcome, profile: RoleProfile) -> dict:
    """What every change refreshes: meter, bars, next steps, every-role table and chart."""
    readiness = outcome.readiness[profile.role_id]
    target = target_profile(user, outcome.profiles)
    return {
        "readiness": readiness,
        "category_bars": sorted(readiness.categories, key=lambda c: (c.order, c.name)),
        "all_roles": every_role(outcome),
        "chart": chart_for(user, profile.role_id),
        "viewing_other": target is not None and profile.role_id != target.role_id,
        "level_choices": LEVEL_CHOICES,
        "formula": FORMULA,
        "oob": True,
    }


def row_view(outcome: services.Outcome, readiness: Readiness, skill_id: int) -> RowView | None:
    row = readiness.row_for(skill_id)
    if row is None:
        return None
    return RowView(row=row, note=outcome.learner.notes.get(skill_id, ""))


def build(user, slug: str | None) -> dict:
    """Everything the whole dashboard shows, in a constant number of queries."""
    outcome = services.outcome_without_write(user)
    profile = viewed_profile(user, outcome.profiles, slug)
    if profile is None:
        return {"no_roles": True}
    target = target_profile(user, outcome.profiles)
    readiness = outcome.readiness[profile.role_id]
    learner = outcome.learner
    return {
        **live(user, outcome, profile),
        "oob": False,
        "no_roles": False,
        "profile": profile,
        "target": target,
        "has_target": user.target_role_id is not None,
        "roles": [(p.slug, p.title) for p in outcome.profiles.values()],
        "data": learner,
        "rows": [row_view(outcome, readiness, r.spec.skill_id) for r in readiness.rows],
        "first_run": not learner.has_any,
        # What changed is always about the target role, whichever role is on screen.
        "changes": requirement_changes(role_id=target.role_id, since=user.changes_seen_at),
        "today": outcome.today,
    }
