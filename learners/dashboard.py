"""What the dashboard shows, built from one `records.Outcome` (after a write, or for a read).

`build()` is the whole page; `live()` the pieces every change refreshes out of band (meter,
category bars, next steps, every-role table, history chart). Neither writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import dateformat

from learners import records
from learners.history import requirement_changes
from learners.models import ReadinessSnapshot
from learners.readiness import (
    CategoryScore,
    Readiness,
    RequirementRow,
    RoleProfile,
    display_percent,
)
from roles.models import Level

HISTORY_POINTS = 30
DOTTED_DAYS = 10
LEVEL_NAMES = [(level.value, level.label) for level in Level]
FORMULA = (
    "readiness = 100 × Σ W·min(L/t, 1) / Σ W, where for each required skill L is your level "
    "(the highest of your own rating, a valid certification and a done project), t the target "
    "level, and W = importance × 2 for an essential skill (× 1 otherwise). The evidenced score "
    "uses E instead of L: only certifications with a verification link and done projects with a "
    "public link count. An expired certification credits nothing. Percentages are rounded down."
)


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
class Tick:
    position: float  # x or y in the chart's own units
    label: str
    anchor: str = "middle"  # SVG text-anchor: the end labels stay inside the chart


@dataclass(frozen=True)
class Plotted:
    point: HistoryPoint
    x: float
    y: float
    evidenced_y: float


@dataclass(frozen=True)
class HistoryChart:
    """An SVG line chart of readiness over time: days placed by date (not by index) on the x
    axis, 0–100 % on the y axis with gridlines, claimed and evidenced as two lines with dots."""

    width: int
    height: int
    left: int  # the plot area inside the axis labels
    right: int
    top: int
    bottom: int
    plotted: tuple[Plotted, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]

    @property
    def days(self) -> tuple[HistoryPoint, ...]:
        return tuple(p.point for p in self.plotted)

    @property
    def first(self) -> HistoryPoint:
        return self.plotted[0].point

    @property
    def last(self) -> HistoryPoint:
        return self.plotted[-1].point

    @property
    def single(self) -> bool:
        return len(self.plotted) == 1

    @property
    def dots(self) -> tuple[Plotted, ...]:
        """Every day gets a dot while they are few; a long history marks only its last day."""
        return self.plotted if len(self.plotted) <= DOTTED_DAYS else self.plotted[-1:]

    @property
    def points(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.plotted)

    @property
    def evidenced_points(self) -> str:
        return " ".join(f"{p.x},{p.evidenced_y}" for p in self.plotted)


def history_chart(rows: list[tuple[date, float, float]]) -> HistoryChart | None:
    """(day, score, evidenced) rows as a chart, rounded by the one display rule so the chart
    and the meter agree. One day sits in the middle; several are spread by their dates."""
    if not rows:
        return None
    width, height = 600, 180
    left, right, top, bottom = 44, 584, 12, 148
    days = [
        HistoryPoint(day=day, pct=display_percent(score), evidenced_pct=display_percent(proven))
        for day, score, proven in rows
    ]
    span = (days[-1].day - days[0].day).days

    def x(day: date) -> float:
        if span == 0:
            return (left + right) / 2
        return round(left + (day - days[0].day).days * (right - left) / span, 1)

    def y(pct: int) -> float:
        return round(bottom - pct * (bottom - top) / 100, 1)

    x_days = [days[0].day] if span == 0 else [days[0].day, days[-1].day]
    if span >= 4:
        x_days.insert(1, days[0].day + (days[-1].day - days[0].day) / 2)
    return HistoryChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        plotted=tuple(Plotted(d, x(d.day), y(d.pct), y(d.evidenced_pct)) for d in days),
        y_ticks=tuple(Tick(y(v), f"{v}%") for v in (0, 25, 50, 75, 100)),
        x_ticks=tuple(
            Tick(x(day), dateformat.format(day, "j M"), anchor)
            for day, anchor in zip(x_days, _anchors(len(x_days)), strict=True)
        ),
    )


def _anchors(count: int) -> list[str]:
    if count == 1:
        return ["middle"]
    return ["start", *["middle"] * (count - 2), "end"]


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

    @property
    def choices(self) -> list[LevelChoice]:
        """The row's six level buttons: which is the target, the learner's own rating, and the
        higher level a certification or project credits."""
        row = self.row
        credited = row.level if row.level > row.self_level else None
        return [
            LevelChoice(
                value=value,
                name=name,
                target=value == row.spec.target,
                checked=value == row.self_level,
                credited=value == credited,
            )
            for value, name in LEVEL_NAMES
        ]


@dataclass(frozen=True)
class LevelChoice:
    value: int
    name: str
    target: bool
    checked: bool
    credited: bool


@dataclass(frozen=True)
class RowGroup:
    """One category of requirements: its score, the rows shown, and how many are folded away."""

    category: CategoryScore
    items: tuple[RowView, ...]
    folded_met: int
    folded_optional: int  # not essential, not met

    @property
    def folded(self) -> int:
        return self.folded_met + self.folded_optional

    @property
    def folded_summary(self) -> str:
        """What folding hides here, in words: "2 met, 1 not essential"."""
        parts = [f"{self.folded_met} met"] if self.folded_met else []
        if self.folded_optional:
            parts.append(f"{self.folded_optional} not essential")
        return ", ".join(parts)


def foldable(row: RequirementRow) -> bool:
    """Rows the learner can fold away: met ones, and those the role does not call essential."""
    return row.met or not row.spec.essential


def row_groups(
    outcome: records.Outcome, readiness: Readiness, *, fold: bool, keep: str | None = None
) -> list[RowGroup]:
    """The requirement rows by category, in the engine's order. With `fold`, met and
    non-essential rows are counted but not shown, except the row `keep` (the one just saved)."""
    rows_by_category: dict[str, list[RequirementRow]] = {}
    for row in readiness.rows:
        rows_by_category.setdefault(row.spec.category, []).append(row)
    groups = []
    for category in sorted(readiness.categories, key=lambda c: (c.order, c.name)):
        shown, met, optional = [], 0, 0
        for row in rows_by_category.get(category.name, ()):
            if fold and foldable(row) and row.spec.skill_slug != keep:
                if row.met:
                    met += 1
                else:
                    optional += 1
                continue
            shown.append(RowView(row=row, note=outcome.learner.notes.get(row.spec.skill_id, "")))
        groups.append(RowGroup(category, tuple(shown), met, optional))
    return groups


def requirements(
    user, outcome: records.Outcome, readiness: Readiness, *, keep: str | None = None
) -> dict:
    """The requirements section's context: the rows by category, folded as the learner chose."""
    groups = row_groups(outcome, readiness, fold=user.fold_rows, keep=keep)
    return {
        "groups": groups,
        "fold": user.fold_rows,
        "folded_total": sum(g.folded for g in groups),
    }


@dataclass(frozen=True)
class Unrated:
    """The requirements with no level yet (not rated, or rated None, and nothing credits
    them) and the share of the role's weight they carry: what the score cannot count yet."""

    count: int
    share: float  # 0..100, of the role's total weight


def unrated(readiness: Readiness) -> Unrated:
    total = sum(row.weight for row in readiness.rows)
    empty = [row for row in readiness.rows if row.level == 0]
    share = 100 * sum(row.weight for row in empty) / total if total else 0.0
    return Unrated(count=len(empty), share=share)


def every_role(outcome: records.Outcome) -> list[Readiness]:
    """Readiness for every published role, most ready first."""
    return sorted(
        outcome.readiness.values(), key=lambda r: (-r.score, -r.evidenced_score, r.role_title)
    )


def live(user, outcome: records.Outcome, profile: RoleProfile, target: RoleProfile | None) -> dict:
    """What every change refreshes: meter, bars, next steps, every-role table and chart, for
    `profile` (the role on screen) while `target` is the learner's target role."""
    readiness = outcome.readiness[profile.role_id]
    return {
        "readiness": readiness,
        "unrated": unrated(readiness),
        "categories": sorted(readiness.categories, key=lambda c: (c.order, c.name)),
        "all_roles": every_role(outcome),
        "chart": chart_for(user, profile.role_id),
        "viewing_other": target is not None and profile.role_id != target.role_id,
        "formula": FORMULA,
    }


def after_level(
    user,
    outcome: records.Outcome,
    profile: RoleProfile,
    target: RoleProfile | None,
    skill_id: int,
) -> dict:
    """What a level change refreshes: `live()`, the row's status, and of the category scores
    only the one holding the skill (the others are made of rows that did not change)."""
    context = live(user, outcome, profile, target)
    item = row_view(outcome, context["readiness"], skill_id)
    context["item"] = item
    context["categories"] = [
        c for c in context["categories"] if item is not None and c.name == item.row.spec.category
    ]
    return context


def row_view(outcome: records.Outcome, readiness: Readiness, skill_id: int) -> RowView | None:
    row = readiness.row_for(skill_id)
    if row is None:
        return None
    return RowView(row=row, note=outcome.learner.notes.get(skill_id, ""))


def build(
    user,
    outcome: records.Outcome,
    profile: RoleProfile,
    target: RoleProfile,
    keep: str | None = None,
) -> dict:
    """Everything the whole dashboard shows for `profile`, from one outcome (no query but the
    chart's and what changed). `keep` names a requirement row shown even when folded (the one a
    form without JavaScript just saved)."""
    readiness = outcome.readiness[profile.role_id]
    learner = outcome.learner
    return {
        **live(user, outcome, profile, target),
        "no_roles": False,
        "profile": profile,
        "target": target,
        "has_target": user.target_role_id is not None,
        "roles": [(p.slug, p.title) for p in outcome.profiles.values()],
        "data": learner,
        **requirements(user, outcome, readiness, keep=keep),
        "first_run": not learner.has_any,
        # What changed is always about the target role, whichever role is on screen.
        "changes": requirement_changes(role_id=target.role_id, since=user.changes_seen_at),
        "today": outcome.today,
    }
