"""What every content form in the admin shares: text read as stored, a save that changes nothing
seen as such, an optional reason, and inline rows whose inputs say what they are.

A browser sends a textarea's line breaks as CRLF while the database holds LF. Read naively, an
untouched description looked changed: the save recorded a history entry in the editor's name, and
`sync_content` then kept "the editor's change" and stopped updating the field.
"""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME

from roles.content_release import REASON_PREFIX

#: The form field holding the editor's reason (kept as the history's change reason).
REASON_FIELD = "change_reason"
#: django-simple-history keeps a change reason in 100 characters.
REASON_MAX_LENGTH = 100


def normalise_newlines(value: str) -> str:
    """CRLF and lone CR as LF: the one form text is stored in."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


class ContentTextField(forms.CharField):
    """A text field that reads line breaks as LF, and calls a value unchanged when it reads the
    same as the stored one (line endings and surrounding spaces apart)."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return (self.to_python(initial) or "") != (self.to_python(data) or "")
        except ValidationError:
            return True


def text_formfield(db_field, formfield_for_dbfield, **kwargs):
    """The form field for `db_field`, a `ContentTextField` for plain text columns (not choices,
    slugs, URLs or emails, whose own form fields validate them)."""
    if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
        kwargs.setdefault("form_class", ContentTextField)
    return formfield_for_dbfield(db_field, **kwargs)


class ContentForm(forms.ModelForm):
    """Fields the editor did not touch keep their stored value exactly, so saving another field
    never rewrites them (a stored CRLF or trailing space stays, and no release sees a change)."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        changed = set(self.changed_data)
        for name, field in self.fields.items():
            if isinstance(field, ContentTextField) and name in cleaned and name not in changed:
                cleaned[name] = self.get_initial_for_field(field, name)
        return cleaned


class ContentChangeForm(ContentForm):
    """A content change form with the editor's optional reason, kept in the history."""

    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Optional. Kept in the history with this change, and shown to learners "
        "beside what changed (for example: “BLS 2024–34 projections published”).",
    )

    @property
    def changed_data(self):
        # A reason alone is not a change: typing one and saving records nothing.
        return [
            name
            for name, bound in self._bound_items()
            if name != REASON_FIELD and bound._has_changed()
        ]

    def clean_change_reason(self):
        return clean_reason(self.cleaned_data.get(REASON_FIELD, ""))


def clean_reason(text: str) -> str:
    """An editor's reason on one line; the content releases' own wording is refused (the
    learners' "what changed" tells a release by it)."""
    reason = " ".join(text.split())
    if reason.lower().startswith(REASON_PREFIX):
        raise ValidationError(
            "Reasons starting “%(prefix)s” are kept for content releases.",
            code="reserved_reason",
            params={"prefix": REASON_PREFIX.strip()},
        )
    return reason


def with_base(form_class: type[forms.ModelForm], base: type[ContentForm]) -> type:
    """`form_class` with `base`'s behaviour (once), keeping its own Meta and checks."""
    if issubclass(form_class, base):
        return form_class
    return type(form_class.__name__, (base, form_class), {"__module__": __name__})


def label_inline_row(form: forms.BaseForm, index: int | None) -> None:
    """Give every input of a tabular inline row an accessible name: its column's label and
    the row it belongs to ("Target level, Python"). A table header is not a label."""
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk is not None:
        row = str(instance)
    else:
        row = "new row" if index is None else f"new row {index + 1}"
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            # The wrapper's own attrs are the original widget's, shared by every row: name the
            # copy this row renders.
            widget = widget.widget
        if widget.is_hidden:
            continue
        label = "Delete" if name == DELETION_FIELD_NAME else (field.label or name)
        widget.attrs["aria-label"] = f"{label}, {row}"


def labelled(formset_class: type[forms.BaseFormSet]) -> type[forms.BaseFormSet]:
    """`formset_class` whose every row's inputs carry an accessible name (`label_inline_row`)."""

    class LabelledFormSet(formset_class):
        def add_fields(self, form, index):
            super().add_fields(form, index)
            label_inline_row(form, index)

    LabelledFormSet.__name__ = formset_class.__name__
    return LabelledFormSet
