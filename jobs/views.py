"""The learner's job postings: paste one, see readiness for it, correct what was read.

Every correction is a real form first (POST, redirect, GET); with htmx the same view answers with
the `job-live` fragment of templates/jobs/detail.html (the score, the skills, the next steps, the
nearest role and the highlighted text) and sends `Vary: HX-Request`. Every posting is found
through `get_owned_or_404`, so another learner's posting answers 404.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from careerhub.htmx import wants_fragment
from jobs import pages, services
from jobs.forms import AddSkillForm, NotASkillForm, PostingDetailsForm, PostingForm, SkillNeedForm
from jobs.models import JobPosting
from jobs.reading.matcher import TARGETS
from learners import throttle
from learners.access import get_owned_or_404
from roles.models import Skill

DETAIL = "jobs/detail.html"
TOO_MANY_AN_HOUR = (
    "You have pasted many postings in the last hour. Your text is still here: please try again "
    "later."
)
TOO_MANY_KEPT = (
    f"You keep {services.MAX_POSTINGS} postings, the most there is room for. Delete one you no "
    "longer need, then save this one (your text is still here)."
)


def _or_404(write, **kwargs):
    """Run a write; a posting deleted meanwhile (another tab, the account) answers 404."""
    try:
        return write(**kwargs)
    except JobPosting.DoesNotExist as gone:
        raise Http404("This posting was deleted.") from gone


@require_safe
@login_required
@vary_on_headers("HX-Request")
def posting_list(request: HttpRequest) -> HttpResponse:
    listing = pages.posting_list(request.user, sort=request.GET.get("sort", "newest"))
    template = "jobs/list.html#postings" if wants_fragment(request) else "jobs/list.html"
    return render(request, template, {"listing": listing})


@require_http_methods(["GET", "POST"])
@login_required
def posting_new(request: HttpRequest) -> HttpResponse:
    form = PostingForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(action="job_posting", learner=request.user.pk):
            form.add_error(None, TOO_MANY_AN_HOUR)
            return render(request, "jobs/new.html", {"form": form}, status=429)
        try:
            posting = services.create_posting(user=request.user, **form.cleaned_data)
        except services.TooManyPostings:
            form.add_error(None, TOO_MANY_KEPT)
            status = 409
        else:
            return redirect(posting)
    return render(request, "jobs/new.html", {"form": form}, status=status)


def _detail_context(request, posting: JobPosting, **extra) -> dict:
    return {
        "page": pages.posting_page(request.user, posting),
        "details_form": extra.pop("details_form", None) or PostingDetailsForm(instance=posting),
        "add_form": extra.pop("add_form", None)
        or AddSkillForm(initial={"target": TARGETS[posting.seniority]}),
        **extra,
    }


@require_safe
@login_required
@vary_on_headers("HX-Request")
def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    return render(request, DETAIL, _detail_context(request, posting))


def _after_change(
    request, posting: JobPosting, note: str, *, error: str = "", form=None, slug: str = ""
):
    """htmx: the live fragment, with the corrections of skill `slug` still open (422 with the
    error when there is one); otherwise back to the posting's page, at that skill (or at the
    list of skills when it is gone), with the note as a message."""
    if request.htmx:
        context = _detail_context(
            request, posting, note=note, error=error, add_form=form, open_slug=slug
        )
        status = 422 if error else 200
        return render(request, f"{DETAIL}#job-live", context, status=status)
    if error:
        messages.error(request, error)
    elif note:
        messages.success(request, note)
    still_there = slug and posting.skills.filter(skill__slug=slug).exists()
    anchor = f"skill-{slug}" if still_there else "job-skills-heading"
    return redirect(f"{posting.get_absolute_url()}#{anchor}")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def posting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the posting's title and company: htmx swaps the heading, otherwise back to the
    page; a bad title answers 400 (422 with htmx) with the form open and the text kept."""
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    # A copy: the form writes what was typed into its instance even when it is not valid.
    form = PostingDetailsForm(request.POST, instance=copy.copy(posting))
    if not form.is_valid():
        context = _detail_context(request, posting, details_form=form)
        if request.htmx:
            return render(request, f"{DETAIL}#job-head", context, status=422)
        return render(request, DETAIL, context, status=400)
    _or_404(services.rename_posting, posting=posting, **form.cleaned_data)
    if request.htmx:
        posting.refresh_from_db()
        context = _detail_context(request, posting, renamed=True)
        return render(request, f"{DETAIL}#job-head", context)
    messages.success(request, "Title saved.")
    return redirect(posting)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def skill_set(request: HttpRequest, pk: int, skill_slug: str) -> HttpResponse:
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    skill = get_object_or_404(Skill, slug=skill_slug)
    form = SkillNeedForm(request.POST)
    if not form.is_valid():
        error = f"Choose a need and a target for {skill}."
        return _after_change(request, posting, "", error=error, slug=skill.slug)
    _or_404(services.set_skill, posting=posting, skill=skill, **form.cleaned_data)
    return _after_change(request, posting, f"{skill} updated.", slug=skill.slug)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def skill_add(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    form = AddSkillForm(request.POST)
    if not form.is_valid():
        return _after_change(request, posting, "", error="Choose a skill to add.", form=form)
    skill = form.cleaned_data["skill"]
    _or_404(
        services.set_skill,
        posting=posting,
        skill=skill,
        need=form.cleaned_data["need"],
        target=form.cleaned_data["target"],
    )
    return _after_change(request, posting, f"{skill} added.", slug=skill.slug)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def skill_remove(request: HttpRequest, pk: int, skill_slug: str) -> HttpResponse:
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    skill = get_object_or_404(Skill, slug=skill_slug)
    _or_404(services.remove_skill, posting=posting, skill=skill)
    return _after_change(request, posting, f"{skill} removed from this posting.", slug=skill.slug)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def not_a_skill(request: HttpRequest, pk: int, skill_slug: str) -> HttpResponse:
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    skill = get_object_or_404(Skill, slug=skill_slug)
    form = NotASkillForm(request.POST)
    if not form.is_valid():
        return _after_change(request, posting, "", error="Which phrase is not a skill?")
    phrase = form.cleaned_data["phrase"]
    try:
        _or_404(services.mark_not_a_skill, posting=posting, skill=skill, phrase=phrase)
    except services.NotFoundInPosting as refused:
        return _after_change(request, posting, "", error=str(refused), slug=skill.slug)
    note = f"“{phrase}” is no longer read as {skill}."
    return _after_change(request, posting, note, slug=skill.slug)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def read_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the posting again with today's catalogue, and say what changed."""
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    change = _or_404(services.read_again, posting=posting)
    parts = []
    if change.added:
        parts.append(f"now recognised: {', '.join(change.added)}")
    if change.removed:
        parts.append(f"no longer recognised: {', '.join(change.removed)}")
    note = "Read again with today's catalogue: " + ("; ".join(parts) or "nothing changed") + "."
    posting.refresh_from_db()
    return _after_change(request, posting, note)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def add_to_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the skills this posting still needs first in the learner's plan."""
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    page = pages.posting_page(request.user, posting)
    wanted = [(step.spec.skill_id, step.spec.target) for step in page.plan.steps]
    if not wanted:
        return _after_plan(request, posting, "You meet every target of this posting already.")
    _or_404(services.add_to_plan, posting=posting, wanted=wanted)
    names = ", ".join(step.spec.skill_name for step in page.plan.steps)
    return _after_plan(request, posting, f"Your plan now starts with {names}.")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def take_out_of_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo "Add these to my plan": the plan no longer puts this posting's skills first."""
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    skill_ids = list(posting.skills.values_list("skill_id", flat=True))
    _or_404(services.take_out_of_plan, posting=posting, skill_ids=skill_ids)
    return _after_plan(request, posting, "Your plan no longer puts this posting's skills first.")


def _after_plan(request, posting: JobPosting, note: str) -> HttpResponse:
    if request.htmx:
        context = _detail_context(request, posting, note=note)
        return render(request, f"{DETAIL}#job-live", context)
    messages.success(request, note)
    return redirect(f"{posting.get_absolute_url()}#job-plan")


@require_safe
@login_required
def posting_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The posting beside a career path (?role=<slug>, by default the nearest one)."""
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    slug = request.GET.get("role", "").strip()
    slug = slug or pages.nearest_slug(request.user, posting)
    side_by_side = pages.compare_page(request.user, posting, slug) if slug else None
    context = {"posting": posting, "roles": pages.published_roles(), "slug": slug}
    if side_by_side is None:
        return render(request, "jobs/compare.html", context, status=404 if slug else 200)
    return render(request, "jobs/compare.html", {**context, "cmp": side_by_side})


@require_http_methods(["GET", "POST"])
@login_required
def posting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_owned_or_404(request, JobPosting, pk=pk)
    if request.method == "POST":
        _or_404(services.delete_posting, posting=posting)
        messages.success(request, f"“{posting.title}” deleted.")
        return redirect("jobs:list")
    return render(request, "jobs/delete.html", {"posting": posting})
