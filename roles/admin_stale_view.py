"""The admin's "Stale content" page: the list (sortable), and the action "checked today", which
first asks for each item's source URL (an intermediate form, as Django's delete action asks for
a confirmation) and then records the check (roles/admin_stale.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from roles.admin_forms import REASON_MAX_LENGTH, clean_reason
from roles.admin_stale import KINDS, SORTS, find, mark_checked, sort_items, stale_items
from roles.models import Resource

URL_NAME = "admin:roles_stale_content"
ACTION = "checked_today"
COLUMNS = [("kind", "Kind"), ("item", "Item"), ("owner", "Belongs to"), ("checked", "Checked")]


class CheckForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    source_url = forms.URLField(
        max_length=200, assume_scheme="https", label="Source URL", required=False
    )


CheckFormSet = forms.formset_factory(CheckForm, extra=0, max_num=500, validate_max=True)


class ReasonForm(forms.Form):
    change_reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Kept in each item's history. Left empty, it reads “checked at source”.",
    )

    def clean_change_reason(self):
        return clean_reason(self.cleaned_data["change_reason"])


def _kinds(request, permission: str):
    return [
        k for k in KINDS if request.user.has_perm(f"roles.{permission}_{k.model._meta.model_name}")
    ]


def stale_content_view(request, admin_site):
    """The stale-content list, or (POST) the source-URL form and the recorded check."""
    if not _kinds(request, "view"):
        raise PermissionDenied
    if request.method == "POST":
        if "confirm" in request.POST:
            return _confirm(request, admin_site)
        keys = request.POST.getlist("items")
        if request.POST.get("action") != ACTION or not keys:
            messages.warning(request, "Select the items you checked, then choose “Checked today”.")
            return redirect(URL_NAME)
        return _ask_sources(request, admin_site, keys)
    order = request.GET.get("o", "checked")
    items = sort_items(
        stale_items(today=timezone.localdate(), kinds=_kinds(request, "view")), order
    )
    context = {
        **admin_site.each_context(request),
        "title": "Stale content",
        "items": items,
        "columns": _columns(order),
        "can_check": bool(_kinds(request, "change")),
        "action": ACTION,
    }
    return TemplateResponse(request, "admin/roles/stale_content.html", context)


def _columns(order: str) -> list[dict]:
    """Each column's header: its label, the link that sorts by it, and its aria-sort."""
    current, descending = order.removeprefix("-"), order.startswith("-")
    if current not in SORTS:
        current, descending = "checked", False
    columns = []
    for name, label in COLUMNS:
        sorted_here = name == current
        next_order = f"-{name}" if sorted_here and not descending else name
        columns.append(
            {
                "label": label,
                "url": f"{reverse(URL_NAME)}?{urlencode({'o': next_order})}",
                "sort": ("descending" if descending else "ascending") if sorted_here else "none",
            }
        )
    return columns


def _changeable(request, keys: list[str]):
    allowed = {k.slug for k in _kinds(request, "change")}
    return [(kind, obj) for kind, obj in find(keys) if kind.slug in allowed]


def _label(formset: forms.BaseFormSet, found) -> None:
    for form, (kind, obj) in zip(formset.forms, found, strict=False):
        form.fields["source_url"].label = f"Source URL of {kind.label.lower()} “{obj}”"
        form.fields["source_url"].required = bool(kind.source_field)
        form.kind, form.obj = kind, obj


def _render_sources(request, admin_site, formset, reason_form, found):
    _label(formset, found)
    context = {
        **admin_site.each_context(request),
        "title": "Checked today: confirm the sources",
        "formset": formset,
        "reason_form": reason_form,
    }
    return TemplateResponse(request, "admin/roles/stale_content_confirm.html", context)


def _ask_sources(request, admin_site, keys: list[str]):
    found = _changeable(request, keys)
    if not found:
        raise PermissionDenied
    initial = [
        {
            "item": f"{kind.slug}:{obj.pk}",
            "source_url": getattr(obj, kind.source_field) if kind.source_field else "",
        }
        for kind, obj in found
    ]
    return _render_sources(request, admin_site, CheckFormSet(initial=initial), ReasonForm(), found)


def _confirm(request, admin_site):
    formset = CheckFormSet(request.POST)
    reason_form = ReasonForm(request.POST)
    if not formset.is_valid():
        found = _changeable(request, [f.data.get(f.add_prefix("item"), "") for f in formset.forms])
        return _render_sources(request, admin_site, formset, reason_form, found)
    found = _changeable(request, [form.cleaned_data["item"] for form in formset.forms])
    if len(found) != len(formset.forms):
        messages.error(request, "An item is gone or not yours to change: nothing was saved.")
        return redirect(URL_NAME)
    _label(formset, found)
    valid = reason_form.is_valid()
    for form, (kind, obj) in zip(formset.forms, found, strict=True):
        url = form.cleaned_data["source_url"]
        if kind.source_field and not url:
            form.add_error("source_url", "Enter the URL of the page you checked.")
            valid = False
        if kind.model is Resource:
            taken = Resource.objects.filter(skill_id=obj.skill_id, url=url).exclude(pk=obj.pk)
            if taken.exists():
                form.add_error("source_url", "This skill already has a resource at this URL.")
                valid = False
    if not valid:
        return _render_sources(request, admin_site, formset, reason_form, found)
    checks = [
        (kind, obj.pk, form.cleaned_data["source_url"])
        for form, (kind, obj) in zip(formset.forms, found, strict=True)
    ]
    saved = mark_checked(
        checks=checks,
        today=timezone.localdate(),
        reason=reason_form.cleaned_data["change_reason"] or None,
    )
    for obj, changed in saved:
        admin_site.get_model_admin(type(obj)).log_change(
            request, obj, [{"changed": {"fields": changed}}]
        )
    count = len(saved)
    messages.success(request, f"{count} item{'s' if count != 1 else ''} marked as checked today.")
    return redirect(URL_NAME)
