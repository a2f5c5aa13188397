"""The learner dashboard: readiness for a role, the skill ledger, and what to do next.

Every view works without JavaScript (POST, redirect, GET); with htmx the same views answer with
fragments of templates/learners/dashboard.html (inline partials) and send `Vary: HX-Request`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from learners import dashboard_cache, services
from learners import readiness as engine
from learners.forms import LEVEL_CHOICES, LevelForm, NoteForm, TargetRoleForm
from learners.history import requirement_changes
from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
)
from roles.models import CertificationSkill, Skill

DASHBOARD = "learners/dashboard.html"
EXPIRY_WARNING_DAYS = 90
HISTORY_POINTS = 30
FORMULA = (
    "readiness = 100 × Σ W·min(L/t, 1) / Σ W, where for each required skill L is your level "
    "(the highest of your own rating, a valid certification and a done project), t the target "
    "level, and W = importance × 2 for an essential skill (× 1 otherwise). The evidenced score "
    "uses E instead of L: only certifications with a verification URL and done projects with a "
    "link count. An expired certification credits nothing."
)


# --- small presentation helpers ---------------------------------------------------------------


def percent(score: float) -> int:
    """A score as a whole percentage, rounded down so 99.6 never reads as a finished 100."""
    return 100 if score >= 100 else max(0, min(99, math.floor(score)))


@dataclass(frozen=True)
class CertificationItem:
    earned: EarnedCertification
    expires_on: date | None
    expired: bool
    days_left: int | None

    @property
    def expiring_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= EXPIRY_WARNING_DAYS


@dataclass(frozen=True)
class LearnerData:
    """What the dashboard lists, and the engine's view of the same rows."""

    records: engine.LearnerRecords
    certifications: list[CertificationItem]
    projects: list[PortfolioProject]
    education: list[EducationRecord]
    has_any: bool


@dataclass(frozen=True)
class HistoryPoint:
    day: date
    pct: int
    evidenced_pct: int

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def label(self) -> str:
        """The day as the page writes dates ("5 Nov 2026"), without the template filter's cost."""
        return dateformat.format(self.day, "j M Y")


@dataclass(frozen=True)
class HistoryChart:
    width: int
    height: int
    points: str
    evidenced_points: str
    days: list[HistoryPoint]
    first: HistoryPoint
    last: HistoryPoint
    single: tuple[float, float] | None  # one day only: where to draw its dot

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        """(ISO day, %, evidenced %) for the table beside the chart (tuples: cheap to render)."""
        return [(d.iso, d.pct, d.evidenced_pct) for d in self.days]


def certification_items(
    earned_list: list[EarnedCertification], today: date
) -> list[CertificationItem]:
    items = []
    for earned in earned_list:
        expires_on = engine.effective_expiry(earned)
        items.append(
            CertificationItem(
                earned=earned,
                expires_on=expires_on,
                expired=expires_on is not None and expires_on < today,
                days_left=(expires_on - today).days if expires_on else None,
            )
        )
    return items


def certification_queryset(user):
    return (
        EarnedCertification.objects.filter(user=user)
        .select_related("certification__successor")
        .order_by("-issued_on", "id")
    )


def project_queryset(user):
    """The learner's projects, newest first (`projects_with_skills` adds what each shows)."""
    return (
        PortfolioProject.objects.filter(user=user)
        .select_related("idea")
        .order_by("-created_at", "-id")
    )


def projects_with_skills(user) -> list[PortfolioProject]:
    """The learner's projects, each with `shown_skills` (ProjectSkill rows by skill name).

    Two queries however many projects there are, and also when there are none (a prefetch
    would skip its query then, so the count would depend on the records).
    """
    projects = list(project_queryset(user))
    shown: dict[int, list[ProjectSkill]] = defaultdict(list)
    for project_skill in (
        ProjectSkill.objects.filter(project__user=user)
        .select_related("skill")
        .order_by("skill__name", "id")
    ):
        shown[project_skill.project_id].append(project_skill)
    for project in projects:
        project.shown_skills = shown[project.pk]
    return projects


def education_queryset(user):
    return (
        EducationRecord.objects.filter(user=user)
        .select_related("education_path")
        .order_by("-year", "id")
    )


def load_learner_data(user, today: date) -> LearnerData:
    """The learner's records for the lists and, from the same rows, the engine's input.

    Building `LearnerRecords` from the rows the page lists anyway saves the queries
    `readiness.load_records` would repeat; tests/learners/test_dashboard.py checks both agree.
    """
    ratings = dict(SkillRecord.objects.filter(user=user).values_list("skill_id", "level"))
    earned = list(certification_queryset(user))
    # Always one query (a prefetch would skip it when nothing is earned).
    credited: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for certification_id, skill_id, level in (
        CertificationSkill.objects.filter(
            certification__in=EarnedCertification.objects.filter(user=user).values("certification")
        )
        .order_by("certification_id", "skill_id")  # not the default ordering's two joins
        .values_list("certification_id", "skill_id", "level")
    ):
        credited[certification_id].append((skill_id, level))
    projects = projects_with_skills(user)
    education = list(education_queryset(user))
    certification_credits = tuple(
        engine.CertificationCredit(
            skill_id=skill_id,
            level=level,
            name=e.certification.name,
            expires_on=engine.effective_expiry(e),
            verified=bool(e.verification_url),
        )
        for e in earned
        for skill_id, level in credited[e.certification_id]
    )
    project_credits = tuple(
        engine.ProjectCredit(
            skill_id=shown.skill_id,
            level=shown.level,
            title=project.title,
            done=project.status == PortfolioProject.Status.DONE,
            has_link=project.has_link,
        )
        for project in projects
        for shown in project.shown_skills
    )
    return LearnerData(
        records=engine.LearnerRecords(
            ratings=ratings,
            certification_credits=certification_credits,
            project_credits=project_credits,
        ),
        certifications=certification_items(earned, today),
        projects=projects,
        education=education,
        has_any=bool(any(ratings.values()) or earned or projects or education),
    )


@dataclass(frozen=True)
class SnapshotPoint:
    """What the chart reads of a ReadinessSnapshot."""

    day: date
    score: float
    evidenced_score: float


def history_chart(snapshots: list[ReadinessSnapshot | SnapshotPoint]) -> HistoryChart | None:
    """The last snapshots as SVG polyline points (x left to right, 100% at the top).

    Percentages are rounded as the meter rounds them, so the chart and the headline agree.
    """
    if not snapshots:
        return None
    width, height, pad = 300, 100, 4
    step = (width - 2 * pad) / max(len(snapshots) - 1, 1)
    days = [
        HistoryPoint(day=s.day, pct=percent(s.score), evidenced_pct=percent(s.evidenced_score))
        for s in snapshots
    ]

    def xy(i: int, value: int) -> tuple[float, float]:
        return round(pad + i * step, 1), round(pad + (100 - value) * (height - 2 * pad) / 100, 1)

    def points(values: list[int]) -> str:
        return " ".join("{},{}".format(*xy(i, v)) for i, v in enumerate(values))

    return HistoryChart(
        width=width,
        height=height,
        points=points([d.pct for d in days]),
        evidenced_points=points([d.evidenced_pct for d in days]),
        days=days,
        first=days[0],
        last=days[-1],
        single=xy(0, days[0].pct) if len(days) == 1 else None,
    )


def chart_for(user, role_id: int) -> HistoryChart | None:
    """The learner's readiness history for one role (one query, plain rows: no model objects)."""
    rows = list(
        ReadinessSnapshot.objects.filter(user=user, role_id=role_id)
        .order_by("-day")
        .values_list("day", "score", "evidenced_score")[:HISTORY_POINTS]
    )
    rows.reverse()
    return history_chart([SnapshotPoint(*row) for row in rows])


def every_role(
    records: engine.LearnerRecords, profiles: dict[int, engine.RoleProfile], today: date
) -> list[dict]:
    """Readiness for every published role, most ready first (no query: profiles are cached)."""
    ranked = sorted(
        (engine.score_role(p, records, today=today) for p in profiles.values()),
        key=lambda r: (-r.score, -r.evidenced_score, r.role_title),
    )
    return [
        {"readiness": r, "pct": percent(r.score), "evidenced_pct": percent(r.evidenced_score)}
        for r in ranked
    ]


def summary_context(readiness: engine.Readiness) -> dict:
    """What the meter, the category bars and the next steps need (the out-of-band trio)."""
    return {
        "readiness": readiness,
        "score_pct": percent(readiness.score),
        "evidenced_pct": percent(readiness.evidenced_score),
        "category_bars": [
            {"category": c, "pct": percent(c.score)}
            for c in sorted(readiness.categories, key=lambda c: (c.order, c.name))
        ],
    }


def row_context(readiness: engine.Readiness, viewing_other: bool) -> dict:
    return {"level_choices": LEVEL_CHOICES, "viewing_other": viewing_other}


# --- which role the dashboard shows -----------------------------------------------------------


def target_profile(user, profiles: dict[int, engine.RoleProfile]) -> engine.RoleProfile | None:
    """The learner's target role if it is published, else the default role."""
    return profiles.get(user.target_role_id) or services.default_profile(profiles)


def find_profile(profiles: dict[int, engine.RoleProfile], slug: str) -> engine.RoleProfile | None:
    return next((p for p in profiles.values() if p.slug == slug), None)


def viewed_profile(
    user, profiles: dict[int, engine.RoleProfile], slug: str | None
) -> engine.RoleProfile | None:
    """The role named by `slug` (to look at another role without changing the target)."""
    if slug:
        profile = find_profile(profiles, slug)
        if profile is None:
            raise Http404("No such role.")
        return profile
    return target_profile(user, profiles)


def save_snapshot(
    *, user, profile: engine.RoleProfile, records: engine.LearnerRecords, today: date
) -> engine.Readiness:
    """Compute readiness for the role on screen and keep it as today's snapshot."""
    readiness = engine.compute_readiness(profile, records, today=today)
    services.record_snapshot(user=user, role=profile.role_id, today=today, readiness=readiness)
    return readiness


def live_context(
    *,
    user,
    profiles: dict[int, engine.RoleProfile],
    readiness: engine.Readiness,
    records: engine.LearnerRecords,
    today: date,
) -> dict:
    """What every change refreshes out of band: meter, bars, next steps, every-role table and
    history chart (rendered after the change is committed)."""
    target = target_profile(user, profiles)
    viewing_other = target is not None and readiness.role_id != target.role_id
    return {
        **summary_context(readiness),
        **row_context(readiness, viewing_other),
        "all_roles": every_role(records, profiles, today),
        "chart": chart_for(user, readiness.role_id),
        "formula": FORMULA,
        "oob": True,
    }


def dashboard_context(request: HttpRequest, slug: str | None) -> dict:
    """Everything the full dashboard shows, in a constant number of queries."""
    user = request.user
    today = timezone.localdate()
    profiles = services.role_profiles()
    profile = viewed_profile(user, profiles, slug)
    if profile is None:
        return {"no_roles": True}
    target = target_profile(user, profiles)
    data = load_learner_data(user, today)
    readiness = engine.compute_readiness(profile, data.records, today=today)
    viewing_other = target is not None and profile.role_id != target.role_id
    return {
        "no_roles": False,
        "profile": profile,
        "target": target,
        "viewing_other": viewing_other,
        "has_target": user.target_role_id is not None,
        "roles": [(p.slug, p.title) for p in profiles.values()],
        "data": data,
        "first_run": not data.has_any,
        "all_roles": every_role(data.records, profiles, today),
        "chart": chart_for(user, profile.role_id),
        # What changed is always about the target role, whichever role is on screen.
        "changes": requirement_changes(role_id=target.role_id, since=user.dashboard_seen_at)
        if target is not None
        else None,
        "formula": FORMULA,
        "today": today,
        **summary_context(readiness),
        **row_context(readiness, viewing_other),
    }


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- views ------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole dashboard, or (htmx) its body: GET ?role=<slug> views another role.

    Kept per learner until anything on it changes (learners/dashboard_cache.py).
    """
    slug = request.GET.get("role") or None
    # A history restore (back button with htmx's cache off) needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    response = dashboard_cache.render_dashboard(
        request,
        f"{DASHBOARD}#dashboard-body" if partial else DASHBOARD,
        lambda: dashboard_context(request, slug),
        slug=slug,
        partial=partial,
    )
    return _vary(response)


@require_POST
@login_required
def set_skill_level(request: HttpRequest, skill_slug: str) -> HttpResponse:
    """Rate one skill; htmx gets the row back plus the meter, bars and next steps out of band."""
    skill = get_object_or_404(Skill, slug=skill_slug)
    form = LevelForm(request.POST)
    if not form.is_valid():
        return _vary(HttpResponseBadRequest("Choose a level from 0 (None) to 5 (Expert)."))
    profiles = services.role_profiles()
    # Resolve the role first: an unknown role answers 404 before anything is saved.
    profile = viewed_profile(request.user, profiles, request.POST.get("role") or None)
    today = timezone.localdate()
    # The level and today's snapshot in one short commit; rendering happens after it.
    with transaction.atomic():
        services.set_skill_level(user=request.user, skill=skill, level=form.cleaned_data["level"])
        if profile is not None:
            records = engine.load_records(request.user)
            readiness = save_snapshot(
                user=request.user, profile=profile, records=records, today=today
            )
    anchor = f"#req-{skill.slug}"
    if profile is None:  # no published role: the level is kept, the dashboard says why
        return _vary(redirect(reverse("learners:dashboard") + anchor))
    if not request.htmx:
        url = reverse("learners:dashboard")
        if request.POST.get("role"):
            url += f"?role={profile.slug}"
        return _vary(redirect(url + anchor))
    context = live_context(
        user=request.user, profiles=profiles, readiness=readiness, records=records, today=today
    )
    context["row"] = readiness.row_for(skill.pk)
    return _vary(render(request, f"{DASHBOARD}#level-response", context))


@require_POST
@login_required
def set_target_role(request: HttpRequest) -> HttpResponse:
    """Change the target role; htmx re-renders the dashboard body and pushes /dashboard/."""
    form = TargetRoleForm(request.POST)
    if not form.is_valid():
        return _vary(HttpResponseBadRequest("Choose one of the published roles."))
    services.set_target_role(user=request.user, role=form.cleaned_data["role"])
    if not request.htmx:
        return _vary(redirect("learners:dashboard"))
    context = dashboard_context(request, None)
    response = render(request, f"{DASHBOARD}#dashboard-body", context)
    response["HX-Push-Url"] = reverse("learners:dashboard")
    return _vary(response)


@require_http_methods(["GET", "POST"])
@login_required
def skill_note(request: HttpRequest, skill_slug: str) -> HttpResponse:
    """The learner's private note on a skill: a fragment for htmx, a page without JS."""
    skill = get_object_or_404(Skill, slug=skill_slug)
    record = SkillRecord.objects.filter(user=request.user, skill=skill).first()
    saved = False
    status = 200
    if request.method == "POST":
        form = NoteForm(request.POST, auto_id=f"id_{skill.slug}_%s")
        if form.is_valid():
            services.set_skill_note(user=request.user, skill=skill, note=form.cleaned_data["note"])
            if not request.htmx:
                messages.success(request, f"Your note on {skill.name} is saved.")
                return _vary(redirect("learners:skill_note", skill_slug=skill.slug))
            saved = True
        else:
            status = 422 if request.htmx else 200
    else:
        form = NoteForm(
            initial={"note": record.note if record else ""}, auto_id=f"id_{skill.slug}_%s"
        )
    context = {"skill": skill, "form": form, "saved": saved}
    if request.htmx:
        return _vary(render(request, "learners/skill_note.html#note-form", context, status=status))
    return _vary(render(request, "learners/skill_note.html", context, status=status))


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """The learning plan for the target role: ordered steps, hours and a projected date."""
    from learners.plan import build_plan

    today = timezone.localdate()
    profiles = services.role_profiles()
    profile = viewed_profile(request.user, profiles, request.GET.get("role") or None)
    context: dict = {"profile": profile, "today": today}
    if profile is not None:
        readiness = engine.compute_readiness(
            profile, engine.load_records(request.user), today=today
        )
        context["readiness"] = readiness
        context["plan"] = build_plan(
            profile, readiness, weekly_hours=request.user.weekly_hours, today=today
        )
    return render(request, "learners/plan.html", context)


def refresh_after_record_change(request: HttpRequest) -> dict:
    """After a certification, project or education change: snapshot the role on screen (the
    records sections send `role` while another role is viewed; otherwise the target role) and
    return the out-of-band context ({"readiness": None} when there is no role)."""
    profiles = services.role_profiles()
    slug = request.POST.get("role") or request.GET.get("role") or ""
    profile = find_profile(profiles, slug) or target_profile(request.user, profiles)
    if profile is None:
        return {"readiness": None}
    today = timezone.localdate()
    records = engine.load_records(request.user)
    readiness = save_snapshot(user=request.user, profile=profile, records=records, today=today)
    return live_context(
        user=request.user, profiles=profiles, readiness=readiness, records=records, today=today
    )
