"""How every content admin saves: only what changed, with the editor's reason, moving the content
generation (roles/cache.py) inside the admin's transaction when something did change."""

from django.contrib import messages

from roles.admin_forms import (
    REASON_FIELD,
    REASON_MAX_LENGTH,
    ContentChangeForm,
    ContentForm,
    labelled,
    text_formfield,
    with_base,
)
from roles.cache import bump_generation
from roles.content_release import REASON_PREFIX


def editor_reason(request, form=None) -> str | None:
    """The reason the editor typed on the form (or, on a list, beside its Save button)."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    reason = cleaned.get(REASON_FIELD)
    if reason is None and request.method == "POST":
        reason = " ".join(request.POST.get(REASON_FIELD, "").split())
        if reason.lower().startswith(REASON_PREFIX):  # a release's wording: not an editor's
            reason = f"editor: {reason}"
        reason = reason[:REASON_MAX_LENGTH]
    return reason or None


class BumpsContentGeneration:
    """Every change an editor makes here moves the content generation, inside the admin's
    transaction: saves, inline and many-to-many changes, deletions, bulk deletions.

    A change form saved as it was shown (line endings apart, roles/admin_forms.py) saves
    nothing: no history entry, no log entry, no bump. A reason typed on the form is kept as the
    history's change reason of everything the save changes, inline rows included.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return text_formfield(db_field, super().formfield_for_dbfield, request=request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_base(kwargs.get("form", self.form), ContentChangeForm)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        # The reason is drawn after the inline rows, above Save (admin/roles/change_form.html);
        # only django-simple-history's revert page, with a template of its own, lists it here.
        fieldsets = [
            (name, {**options, "fields": _without_reason(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        match = request.resolver_match
        reverting = match is not None and (match.url_name or "").endswith("_simple_history")
        if reverting and obj is not None and self.has_change_permission(request, obj):
            fieldsets.append(("Why", {"fields": [REASON_FIELD]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed() and _as_stored(obj):
            return
        obj._change_reason = editor_reason(request, form)
        super().save_model(request, obj, form, change)
        obj._saved_by_admin = True
        bump_generation()

    def save_related(self, request, form, formsets, change):
        reason = editor_reason(request, form)
        for formset in formsets:
            for inline_form in formset.forms:
                inline_form.instance._change_reason = reason
        if change and not form.has_changed():
            # Nothing of the object itself changed: its many-to-many links are left alone.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        else:
            super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets) or form.has_changed():
            bump_generation()
        elif change and not getattr(form.instance, "_saved_by_admin", False):
            request._nothing_saved = True

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "_nothing_saved", False) and level == messages.SUCCESS:
            message, level = "Nothing changed, so nothing was saved.", messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        # A list's editable cells are table cells too: each input needs its own name.
        return labelled(super().get_changelist_formset(request, **kwargs))

    def log_change(self, request, obj, message):
        if not message and not getattr(obj, "_saved_by_admin", False):  # nothing changed
            return None
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        obj._change_reason = editor_reason(request)
        super().delete_model(request, obj)
        bump_generation()

    def delete_queryset(self, request, queryset):
        reason = editor_reason(request)
        if reason is None:
            super().delete_queryset(request, queryset)
        else:  # one by one, so each history entry carries the reason
            for obj in queryset:
                obj._change_reason = reason
                obj.delete()
        bump_generation()


def _as_stored(obj) -> bool:
    """Whether `obj` holds what its database row holds. A form can be unchanged against an
    instance that is not the stored one: reverting to an older version from the history."""
    names = [f.attname for f in obj._meta.concrete_fields if not f.primary_key]
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*names).first()
    return stored is not None and all(getattr(obj, name) == stored[name] for name in names)


def _without_reason(fields):
    kept = []
    for line in fields:
        if isinstance(line, list | tuple):
            line = tuple(f for f in line if f != REASON_FIELD)
            if line:
                kept.append(line)
        elif line != REASON_FIELD:
            kept.append(line)
    return kept


class ContentInline:
    """An inline's rows read text as stored, keep untouched fields, and label every input
    (with the row's name: `row_related` names the relations that name needs)."""

    row_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.row_related) if self.row_related else queryset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return text_formfield(db_field, super().formfield_for_dbfield, request=request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = with_base(kwargs.get("form", self.form), ContentForm)
        return labelled(super().get_formset(request, obj, **kwargs))
