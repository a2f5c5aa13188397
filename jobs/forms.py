"""Forms for pasting a posting and correcting what was read in it."""

from django import forms

from jobs.models import TEXT_MAX_LENGTH, JobPosting, Need
from jobs.reading.title import propose
from roles.models import Level, Skill

TARGET_CHOICES = [c for c in Level.choices if c[0] > 0]
UNTITLED = "Untitled posting"


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
        labels = {
            "title": "Job title (optional)",
            "company": "Company (optional)",
            "url": "Link (optional)",
        }
        help_texts = {"title": "Left empty, it is read from the top of the posting."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if not text.strip():
            raise forms.ValidationError("Paste the posting's text.")
        if "\ufffd" in text or any(ord(c) < 32 and c not in "\n\t\r\f" for c in text):
            raise forms.ValidationError(
                "This looks like a binary file, not text. Copy the posting's words and paste them."
            )
        return text

    def clean(self):
        """An empty title (and company) is proposed from the text (jobs.reading.title)."""
        cleaned = super().clean()
        text = cleaned.get("text")
        if text and not cleaned.get("title", "").strip():
            title, company = propose(text)
            cleaned["title"] = title[:200] or UNTITLED
            if company and not cleaned.get("company", "").strip():
                cleaned["company"] = company[:200]
        return cleaned


class PostingDetailsForm(forms.ModelForm):
    """The title and company of a saved posting, as the learner corrects them."""

    class Meta:
        model = JobPosting
        fields = ["title", "company"]
        labels = {"title": "Job title", "company": "Company (optional)"}
        error_messages = {"title": {"required": "Give the posting a title."}}
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "company": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the posting a title.")
        return title


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
