"""The learner dashboard: readiness for a role, the skill ledger, and what to do next.

Every view works without JavaScript (POST, redirect, GET); with htmx the same views answer with
the sections under templates/learners/dashboard/ (one include each; the out-of-band answers
level.html and records.html include the same files) and vary on `HX-Request`.
Views parse, call one service, and render; GET changes nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from careerhub.htmx import wants_fragment
from learners import actions, dom, records
from learners import dashboard as board
from learners.forms import LevelForm, NoteForm, RowFoldingForm, TargetRoleForm
from learners.models import SkillRecord, User
from learners.plan import build_plan, priority_readiness
from learners.views.policy import target_profile, viewed_profile
from roles.models import Skill

DASHBOARD = "learners/dashboard.html"
SECTIONS = "learners/dashboard/"


def _dashboard_url(slug: str | None = None, anchor: str = "", row: str | None = None) -> str:
    """The dashboard (of role `slug`), showing requirement row `row` even when it is folded."""
    query = urlencode({key: value for key, value in (("role", slug), ("row", row)) if value})
    return reverse("learners:dashboard") + (f"?{query}" if query else "") + anchor


@require_safe
@login_required
@vary_on_headers("HX-Request")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole dashboard, or (htmx) its body: GET ?role=<slug> views another role."""
    context = _page(request.user, request.GET.get("role") or None, request.GET.get("row") or None)
    if wants_fragment(request):
        return render(request, f"{SECTIONS}body.html", context)
    return render(request, DASHBOARD, context)


def _page(user: User, slug: str | None, keep: str | None = None) -> dict:
    """The whole dashboard's context for role `slug` (else the target role); 404 for an
    unknown role."""
    outcome = records.learner_outcome(user)
    profile = viewed_profile(user, outcome.profiles, slug)
    if profile is None:
        return {"no_roles": True}
    return board.build(user, outcome, profile, target_profile(user, outcome.profiles), keep)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def set_skill_level(request: HttpRequest, skill_slug: str) -> HttpResponse:
    """Rate one skill; htmx gets the row's status, meter, its category's score, next steps,
    every-role table and chart out of band (the row's form and anything typed in it stay as
    they are). The skill and the role come from the catalogue in memory: an unknown one
    answers 404 before anything is saved."""
    profiles = records.role_profiles()
    skill = records.catalogue_skill(profiles, skill_slug)
    if skill is None:
        raise Http404("No such skill.")
    form = LevelForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a level from 0 (None) to 5 (Expert).")
    slug = request.POST.get("role") or None
    profile = viewed_profile(request.user, profiles, slug)
    try:
        outcome = actions.set_level(
            user=request.user, skill_id=skill.skill_id, level=form.cleaned_data["level"]
        )
    except User.DoesNotExist as gone:  # the account was deleted from another tab meanwhile
        raise Http404("This account was deleted.") from gone
    if profile is None or not request.htmx:
        return redirect(
            _dashboard_url(slug if profile else None, f"#{dom.row_id(skill.slug)}", row=skill.slug)
        )
    target = target_profile(request.user, outcome.profiles)
    context = board.after_level(request.user, outcome, profile, target, skill.skill_id)
    return render(request, f"{SECTIONS}level.html", context)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def set_target_role(request: HttpRequest) -> HttpResponse:
    """Change the target role; htmx re-renders the dashboard body and pushes /dashboard/."""
    form = TargetRoleForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose one of the published roles.")
    actions.set_target(user=request.user, role=form.cleaned_data["role"])
    if not request.htmx:
        return redirect("learners:dashboard")
    response = render(request, f"{SECTIONS}body.html", _page(request.user, None))
    return push_url(response, reverse("learners:dashboard"))


@require_POST
@login_required
@vary_on_headers("HX-Request")
def set_row_folding(request: HttpRequest) -> HttpResponse:
    """Fold or show met and non-essential requirement rows (kept on the account); htmx gets
    the requirements section again."""
    form = RowFoldingForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Say whether to fold the rows: fold=1 or fold=0.")
    actions.set_row_folding(user=request.user, fold=form.cleaned_data["fold"])
    slug = request.POST.get("role") or None
    if not request.htmx:
        return redirect(_dashboard_url(slug, "#requirements"))
    return render(request, f"{SECTIONS}requirements.html", _page(request.user, slug))


@require_POST
@login_required
@vary_on_headers("HX-Request")
def dismiss_changes(request: HttpRequest) -> HttpResponse:
    """The learner has read "what changed": it is not shown again (until something else changes)."""
    actions.dismiss_changes(user=request.user)
    if not request.htmx:
        return redirect("learners:dashboard")
    return HttpResponse("")


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def skill_note(request: HttpRequest, skill_slug: str) -> HttpResponse:
    """The learner's private note on a skill: a fragment for htmx, a page without JS."""
    skill = get_object_or_404(Skill, slug=skill_slug)
    auto_id = f"id_{skill.slug}_%s"
    saved = False
    status = 200
    if request.method == "POST":
        form = NoteForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            actions.set_note(user=request.user, skill=skill, note=form.cleaned_data["note"])
            if not request.htmx:
                messages.success(request, f"Your note on {skill.name} is saved.")
                return redirect(_dashboard_url(anchor=f"#{dom.row_id(skill.slug)}", row=skill.slug))
            saved = True
        else:
            status = 422 if request.htmx else 200
    else:
        record = SkillRecord.objects.filter(user=request.user, skill=skill).first()
        form = NoteForm(initial={"note": record.note if record else ""}, auto_id=auto_id)
    context = {"skill": skill, "form": form, "saved": saved}
    if saved:
        context["note"] = form.cleaned_data["note"]
    if request.htmx:
        template = (
            "learners/skill_note.html#note-saved" if saved else "learners/skill_note.html#note-form"
        )
        return render(request, template, context, status=status)
    return render(request, "learners/skill_note.html", context, status=status)


@require_safe
@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """The learning plan for the target role: ordered steps, hours and a projected date."""
    outcome = records.learner_outcome(request.user, lists=False)
    profile = viewed_profile(request.user, outcome.profiles, request.GET.get("role") or None)
    context: dict = {"profile": profile, "today": outcome.today}
    if profile is not None:
        readiness = outcome.readiness[profile.role_id]
        context["readiness"] = readiness
        first = list(request.user.plan_priorities.values_list("skill_id", "target", "source"))
        context["plan"] = build_plan(
            readiness,
            weekly_hours=request.user.weekly_hours,
            today=outcome.today,
            first=priority_readiness(
                [(skill_id, target) for skill_id, target, _ in first],
                outcome.profiles,
                outcome.learner.records,
                today=outcome.today,
            ),
            first_sources=[source for _, _, source in first],
        )
    return render(request, "learners/plan.html", context)
