"""Import a CV, a LinkedIn export, a JSON Resume or an Open Badges credential (issue 24).

`/me/import/` takes a file or pasted text and keeps what was recognised for review (never the
file: uploads are read in memory by `MemoryOnlyUpload`, never written to a temporary file). The
review screen `/me/import/<id>/` lists every proposed skill, level, certification, project and
degree with a checkbox; confirming writes the ticked ones in one transaction
(learners.import_actions) and goes to the dashboard with what moved. "Undo this import" stays
on `/me/import/` for a week. Every URL with an id is found through `get_owned_or_404`.

Without JavaScript every step is a page; with htmx the upload and the review answer with their
fragment (invalid: 422, retargeted onto the form) and a finished step redirects the page.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from careerhub.htmx import wants_fragment
from learners import import_actions
from learners.access import get_owned_or_404
from learners.importing import Refused, catalogue, propose, read_text, read_upload
from learners.importing.files import MAX_BYTES
from learners.models import ImportBatch, SkillRecord
from roles.models import Level

IMPORT = "learners/import.html"
REVIEW = "learners/import_review.html"


class MemoryOnlyUpload(FileUploadHandler):
    """Keeps an upload in memory, up to 5 MB (a byte more tells the form it is too big); the
    rest of a larger file is read and dropped. No temporary file is ever written."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.chunks: list[bytes] = []
        self.kept = 0
        self.seen = 0

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        room = MAX_BYTES + 1 - self.kept
        if room > 0:
            self.chunks.append(raw_data[:room])
            self.kept += min(room, len(raw_data))
        return None

    def file_complete(self, file_size):
        data = b"".join(self.chunks)
        self.chunks = []
        upload = InMemoryUploadedFile(
            io.BytesIO(data), self.field_name, self.file_name, self.content_type, self.seen, None
        )
        return upload


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="A file",
        help_text="A CV (PDF, Word or text), a LinkedIn export (.zip), a JSON Resume, or an Open "
        "Badges credential (JSON, PNG or SVG). At most 5 MB; it is read, never stored.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.txt,.md,.zip,.json,.png,.svg"}
        ),
    )
    text = forms.CharField(
        required=False,
        label="Or paste your CV's text",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=200_000,
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not text and not self.errors:
            raise forms.ValidationError("Choose a file or paste your CV's text.")
        if upload is not None and text:
            raise forms.ValidationError("Choose a file or paste text, not both.")
        today = timezone.localdate()
        try:
            if upload is not None:
                if upload.size > MAX_BYTES:
                    raise Refused("The file is larger than 5 MB.")
                doc = read_upload(upload.read(), upload.name or "", today=today)
            else:
                doc = read_text(text, today=today) if text else None
        except Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        if doc is not None:
            data["proposal"] = propose(doc, catalogue.from_database(), today=today)
        return data


def _render_start(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    recent = [
        batch
        for batch in ImportBatch.objects.filter(user=request.user).exclude(confirmed_at=None)[:5]
        if batch.can_undo
    ]
    context = {"form": form, "recent": recent}
    if wants_fragment(request):
        response = render(request, f"{IMPORT}#import-form", context, status=status)
        if request.method == "POST":
            response = reswap(retarget(response, "#import-form"), "outerHTML")
        return response
    return render(request, IMPORT, context, status=status)


@csrf_exempt
def start(request: HttpRequest) -> HttpResponse:
    """The upload page. Upload handlers are set before the body is read, so the CSRF check runs
    inside (`_start`), after them."""
    request.upload_handlers = [MemoryOnlyUpload(request)]
    return _start(request)


@login_required
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def _start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_start(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_start(request, form, status=422 if request.htmx else 200)
    batch = import_actions.start_import(user=request.user, proposal=form.cleaned_data["proposal"])
    url = reverse("learners:import_review", kwargs={"pk": batch.pk})
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _rows(batch: ImportBatch, user) -> dict:
    """The proposal as the review screen shows it, beside the learner's own ratings."""
    proposal = batch.proposal or {}
    everything = [*proposal.get("skills", []), *proposal.get("implied", [])]
    rated = dict(
        SkillRecord.objects.filter(
            user=user, skill__slug__in=[s["slug"] for s in everything]
        ).values_list("skill__slug", "level")
    )

    def row(item: dict) -> dict:
        current = rated.get(item["slug"])
        return {
            **item,
            "current": current,
            "same": current == item["level"],
            "lower": current is not None and current > item["level"],
            "checked": current is None or current < item["level"],
        }

    return {
        "skills": [row(item) for item in proposal.get("skills", [])],
        "implied": [row(item) for item in proposal.get("implied", [])],
        "certifications": proposal.get("certifications", []),
        "projects": proposal.get("projects", []),
        "education": proposal.get("education", []),
        "unknown": proposal.get("unknown", []),
        "levels": Level.choices,
    }


def _indexes(request: HttpRequest, name: str, limit: int) -> frozenset[int]:
    return frozenset(int(v) for v in request.POST.getlist(name) if v.isdigit() and int(v) < limit)


def _choices(request: HttpRequest, batch: ImportBatch) -> import_actions.Choices:
    proposal = batch.proposal or {}
    proposed = {
        s["slug"]: s["level"] for s in [*proposal.get("skills", []), *proposal.get("implied", [])]
    }
    skills = {}
    for slug in request.POST.getlist("skill"):
        if slug not in proposed:
            continue
        value = request.POST.get(f"level-{slug}", "")
        level = int(value) if value.isdigit() and int(value) <= 5 else proposed[slug]
        skills[slug] = level
    return import_actions.Choices(
        skills=skills,
        certifications=_indexes(request, "certification", len(proposal.get("certifications", []))),
        projects=_indexes(request, "project", len(proposal.get("projects", []))),
        education=_indexes(request, "education", len(proposal.get("education", []))),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def review(request: HttpRequest, pk) -> HttpResponse:
    batch = get_owned_or_404(request, ImportBatch, pk=pk)
    if not batch.is_pending:
        context = {"batch": batch, "gone": True}
        template = f"{REVIEW}#import-review" if wants_fragment(request) else REVIEW
        return render(request, template, context, status=410)
    if request.method == "POST":
        try:
            _outcome, summary = import_actions.confirm_import(
                user=request.user, batch=batch, choices=_choices(request, batch)
            )
        except import_actions.ImportGone:
            messages.error(request, "This import expired or was confirmed already.")
            return _go(request, reverse("learners:import_start"))
        messages.success(
            request,
            f"Imported: {summary}. You can undo it for a week on the import page "
            "(Settings, Your data).",
        )
        return _go(request, reverse("learners:dashboard"))
    context = {"batch": batch, **_rows(batch, request.user)}
    template = f"{REVIEW}#import-review" if wants_fragment(request) else REVIEW
    return render(request, template, context)


def _go(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


CONFIRM = "learners/import_confirm.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def abandon(request: HttpRequest, pk) -> HttpResponse:
    """GET asks (a page that works without JavaScript); POST forgets the proposal."""
    batch = get_owned_or_404(request, ImportBatch, pk=pk)
    if request.method != "POST":
        return _ask(request, batch, "abandon")
    import_actions.abandon_import(user=request.user, batch=batch)
    messages.info(request, "The import is abandoned: nothing of it was kept.")
    return _go(request, reverse("learners:import_start"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def undo(request: HttpRequest, pk) -> HttpResponse:
    """GET asks; POST removes what the import added and restores the levels it changed."""
    batch = get_owned_or_404(request, ImportBatch, pk=pk)
    if request.method != "POST":
        return _ask(request, batch, "undo")
    try:
        import_actions.undo_import(user=request.user, batch=batch)
    except import_actions.ImportGone:
        messages.error(request, "This import can no longer be undone.")
        return _go(request, reverse("learners:import_start"))
    messages.success(request, "The import is undone: your records are as they were before it.")
    return _go(request, reverse("learners:dashboard"))


def _ask(request: HttpRequest, batch: ImportBatch, what: str) -> HttpResponse:
    possible = batch.can_undo if what == "undo" else batch.confirmed_at is None
    context = {"batch": batch, "what": what, "possible": possible}
    template = f"{CONFIRM}#import-confirm" if wants_fragment(request) else CONFIRM
    return render(request, template, context)
