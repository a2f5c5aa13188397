"""Forms for pasting a posting and correcting what was read in it."""

from django import forms

from jobs.models import TEXT_MAX_LENGTH, JobPosting, Need
from roles.models import Level, Skill

TARGET_CHOICES = [c for c in Level.choices if c[0] > 0]


class PostingForm(forms.ModelForm):
    text = forms.CharField(
        label="The posting's text",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=f"Paste the whole posting as plain text (up to {TEXT_MAX_LENGTH:,} characters).",
        error_messages={
            "required": "Paste the posting's text.",
            "max_length": f"The text is too long: at most {TEXT_MAX_LENGTH:,} characters "
            "(it has %(show_value)d). Leave out what is not the posting.",
        },
    )

    class Meta:
        model = JobPosting
        fields = ["title", "company", "url", "text"]
        labels = {"title": "Job title", "company": "Company (optional)", "url": "Link (optional)"}

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if not text.strip():
            raise forms.ValidationError("Paste the posting's text.")
        if "\ufffd" in text or any(ord(c) < 32 and c not in "\n\t\r\f" for c in text):
            raise forms.ValidationError(
                "This looks like a binary file, not text. Copy the posting's words and paste them."
            )
        return text


SMALL_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class SkillNeedForm(forms.Form):
    need = forms.ChoiceField(
        choices=Need.choices, label="The posting says it is", widget=SMALL_SELECT
    )
    target = forms.TypedChoiceField(
        choices=TARGET_CHOICES, coerce=int, label="Target level", widget=SMALL_SELECT
    )


class AddSkillForm(SkillNeedForm):
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.filter(is_retired=False).order_by("name"),
        to_field_name="slug",
        label="Skill",
        widget=SMALL_SELECT,
    )

    field_order = ["skill", "need", "target"]


class NotASkillForm(forms.Form):
    phrase = forms.CharField(max_length=120)
