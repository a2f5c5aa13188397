"""Add, edit and delete a learner's certifications, projects and education, in place.

Without JavaScript each form is a page (POST, redirect to the dashboard, GET). With htmx the
form is a fragment swapped into its list; a valid POST answers with the list and, out of band,
the readiness summary; an invalid one answers 422 with the form and its errors, retargeted onto
the form itself. Every lookup of an existing record goes through `get_owned_or_404`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from learners import actions, records
from learners import dashboard as board
from learners.access import get_owned_or_404
from learners.forms import EarnedCertificationForm, EducationRecordForm, PortfolioProjectForm
from learners.models import User
from learners.readiness import find_profile
from learners.readiness.load import certifications_of, education_of, projects_of
from learners.views.dashboard import SECTIONS
from learners.views.policy import target_profile

DUPLICATE = "You have just saved this already: it is in your list."


@dataclass(frozen=True)
class RecordKind:
    name: str  # "certification": URL names are <name>_add, <name>_edit, <name>_delete
    list_id: str  # the dashboard section and its partial
    noun: str
    form_class: type[forms.ModelForm]
    queryset: Callable[[object], QuerySet]
    save: Callable[[object, forms.ModelForm], records.Outcome]
    template: str = "learners/record_form.html"  # a page with the form as partial "record-form"

    def describe(self, record) -> str:
        if self.name == "certification":
            return record.name
        if self.name == "education":
            return f"{record.title} at {record.institution}"
        return record.title


def _changed_fields(form) -> list[str] | None:
    """The fields an edit changed (only those are written); None for a new record."""
    return None if form.instance._state.adding else form.changed_data


def _save_certification(user, form):
    return actions.save_certification(
        user=user,
        earned=form.save(commit=False),
        changed=_changed_fields(form),
        covers=form.cleaned_data["other_skills"],
    )


def _save_project(user, form):
    return actions.save_project(
        user=user,
        project=form.save(commit=False),
        skills=form.cleaned_data["skills"],  # {skill: level}
        changed=_changed_fields(form),
    )


def _save_education(user, form):
    return actions.save_education(
        user=user, record=form.save(commit=False), changed=_changed_fields(form)
    )


CERTIFICATION = RecordKind(
    name="certification",
    list_id="certifications",
    noun="certification",
    form_class=EarnedCertificationForm,
    queryset=certifications_of,
    save=_save_certification,
)


PROJECT = RecordKind(
    name="project",
    list_id="projects",
    noun="project",
    form_class=PortfolioProjectForm,
    queryset=projects_of,
    save=_save_project,
    template="learners/project_form.html",
)
EDUCATION = RecordKind(
    name="education",
    list_id="education",
    noun="education record",
    form_class=EducationRecordForm,
    queryset=education_of,
    save=_save_education,
)


def _dashboard_anchor(kind: RecordKind) -> str:
    return reverse("learners:dashboard") + f"#{kind.list_id}"


def _changed(
    request: HttpRequest, kind: RecordKind, message: str, outcome: records.Outcome
) -> HttpResponse:
    """After a successful change: redirect, or (htmx) the list plus, out of band, everything
    the change moved on the role on screen (the records sections send `role` while another
    role is viewed; otherwise the target role)."""
    if not request.htmx:
        messages.success(request, message)
        return redirect(_dashboard_anchor(kind))
    # The list as the service reloaded it after the write: nothing is read again.
    body = render_to_string(
        f"{SECTIONS}{kind.list_id}.html", {"data": outcome.learner}, request=request
    )
    slug = request.POST.get("role") or ""
    target = target_profile(request.user, outcome.profiles)
    profile = find_profile(outcome.profiles, slug) or target
    if profile is not None:
        context = board.live(request.user, outcome, profile, target)
        context.update(board.requirements(request.user, outcome, context["readiness"]))
        body += render_to_string(f"{SECTIONS}records.html", context, request=request)
    return HttpResponse(body)


def _form_view(request: HttpRequest, kind: RecordKind, pk: int | None) -> HttpResponse:
    if pk is None:
        instance = kind.form_class._meta.model()
        action = reverse(f"learners:{kind.name}_add")
        heading = f"Add a {kind.noun}"
    else:
        instance = get_owned_or_404(request, kind.queryset(request.user), pk=pk)
        action = reverse(f"learners:{kind.name}_edit", kwargs={"pk": pk})
        heading = f"Edit {kind.describe(instance)}"

    # Several forms can be open on the dashboard at once: their ids must not collide.
    auto_id = f"id_{kind.name}_%s"
    status = 200
    if request.method == "POST":
        form = kind.form_class(request.POST, instance=instance, user=request.user, auto_id=auto_id)
        if form.is_valid():
            try:
                outcome = kind.save(request.user, form)
            except ObjectDoesNotExist:
                raise Http404(f"This {kind.noun} was deleted.") from None
            except IntegrityError:
                # The same thing saved twice at once (a double submit): both passed the form's
                # check, the database kept one. This one gets the form's answer, not a 500.
                form.add_error(None, DUPLICATE)
            else:
                verb = "added" if pk is None else "updated"
                message = f"{kind.describe(form.instance)}: {verb}."
                # Say at once whether a saved link counts as evidence (issue 22 item 4).
                if note := getattr(form, "link_note", str)():
                    message = f"{message} {note}"
                return _changed(request, kind, message, outcome)
        status = 422 if request.htmx else 200
    else:
        form = kind.form_class(instance=instance, user=request.user, auto_id=auto_id)

    context = {
        "form": form,
        "kind": kind,
        "action": action,
        "heading": heading,
        "cancel_url": _dashboard_anchor(kind),
    }
    if request.htmx:
        # The form appears inside the dashboard: put the keyboard where the typing starts.
        first_field = next(iter(form.fields.values()))
        first_field.widget.attrs.setdefault("autofocus", True)
        response = render(request, f"{kind.template}#record-form", context, status=status)
        if request.method == "POST":
            # The form's target is the list; errors belong in the form itself.
            response = reswap(retarget(response, f"#{kind.name}-form"), "outerHTML")
        return response
    return render(request, kind.template, context, status=status)


def _delete_view(request: HttpRequest, kind: RecordKind, pk: int) -> HttpResponse:
    record = get_owned_or_404(request, kind.queryset(request.user), pk=pk)
    if request.method == "POST":
        description = kind.describe(record)
        try:
            outcome = actions.delete_record(user=request.user, record=record)
        except User.DoesNotExist as gone:  # the account was deleted from another tab meanwhile
            raise Http404("This account was deleted.") from gone
        return _changed(request, kind, f"{description}: deleted.", outcome)
    context = {
        "kind": kind,
        "record": record,
        "description": kind.describe(record),
        "action": reverse(f"learners:{kind.name}_delete", kwargs={"pk": pk}),
        "cancel_url": _dashboard_anchor(kind),
    }
    return render(request, "learners/confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def certification_add(request: HttpRequest) -> HttpResponse:
    return _form_view(request, CERTIFICATION, None)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def certification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_view(request, CERTIFICATION, pk)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def certification_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete_view(request, CERTIFICATION, pk)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def project_add(request: HttpRequest) -> HttpResponse:
    return _form_view(request, PROJECT, None)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_view(request, PROJECT, pk)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete_view(request, PROJECT, pk)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def education_add(request: HttpRequest) -> HttpResponse:
    return _form_view(request, EDUCATION, None)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def education_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_view(request, EDUCATION, pk)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def education_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete_view(request, EDUCATION, pk)
