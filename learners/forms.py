"""Forms for what a learner records. Rendered with crispy (Bootstrap 5); the <form> tag and its
htmx attributes live in the templates."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.utils import timezone

from learners.models import EarnedCertification, EducationRecord, PortfolioProject
from roles.models import Certification, EducationPath, Level, ProjectIdea, Role, Skill

http_url = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)

LEVEL_CHOICES = [(level.value, f"{level.value} · {level.label}") for level in Level]
CREDIT_LEVEL_CHOICES = [c for c in LEVEL_CHOICES if c[0] > 0]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(choices=LEVEL_CHOICES, coerce=int)


class RowFoldingForm(forms.Form):
    fold = forms.TypedChoiceField(choices=[("1", "Fold"), ("0", "Show")], coerce=lambda v: v == "1")


class NoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Private note",
        help_text="Only you can see this note.",
    )


class TargetRoleForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=Role.objects.published(),
        to_field_name="slug",
        label="Target role",
        empty_label=None,
    )


class CertificationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Certification) -> str:
        """Name, issuer and status: "AWS … – Specialty · Amazon Web Services (retired; …)"."""
        label = f"{obj.name} · {obj.issuer}"
        if obj.is_retired and obj.successor_id:
            return f"{label} (retired; replaced by {obj.successor.name})"
        if obj.is_retired:
            return f"{label} (retired)"
        return label


class EarnedCertificationForm(forms.ModelForm):
    certification = CertificationChoiceField(
        queryset=Certification.objects.select_related("successor").order_by("is_retired", "name"),
        required=False,
        empty_label="Not in this list: describe it below",
        help_text="Choose it from the catalogue, or leave this empty and describe it below.",
    )
    other_skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.filter(is_retired=False).order_by("name"),
        required=False,
        label="Skills it covers",
        help_text="Only for a certification not in the list. It counts as your own rating of "
        "these skills (not as evidence), since careerhub cannot check it. Hold Ctrl (or Cmd) "
        "to choose several.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    verification_url = forms.CharField(
        required=False,
        max_length=500,
        validators=[http_url],
        label="Verification URL",
        help_text="A public link that verifies the credential (http or https).",
        widget=forms.URLInput,
    )

    class Meta:
        model = EarnedCertification
        fields = [
            "certification",
            "other_name",
            "other_issuer",
            "other_url",
            "other_skills",
            "other_level",
            "issued_on",
            "expires_on",
            "credential_id",
            "verification_url",
        ]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}
        labels = {
            "credential_id": "Credential ID",
            "other_name": "Name (if not in the list)",
            "other_issuer": "Issuer (if not in the list)",
            "other_url": "Its page (if not in the list)",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["other_level"].required = False  # only asked of a certification not listed

    def clean_other_level(self):
        return self.cleaned_data.get("other_level") or Level.GUIDED

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.localdate():
            raise forms.ValidationError("The issue date cannot be in the future.")
        return issued_on

    def clean(self):
        cleaned = super().clean()
        certification = cleaned.get("certification")
        issued_on = cleaned.get("issued_on")
        expires_on = cleaned.get("expires_on")
        if issued_on and expires_on and expires_on < issued_on:
            self.add_error("expires_on", "The expiry date must be on or after the issue date.")
        name = (cleaned.get("other_name") or "").strip()
        if certification is None and not name:
            self.add_error(
                "certification", "Choose a certification, or give the name of one not in the list."
            )
        if certification is not None:
            # A catalogue certification is described by the catalogue.
            cleaned["other_name"] = cleaned["other_issuer"] = cleaned["other_url"] = ""
            cleaned["other_skills"] = Skill.objects.none()
        elif name and issued_on:
            duplicate = EarnedCertification.objects.filter(
                user=self.user, certification=None, other_name=name, issued_on=issued_on
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("issued_on", "You already recorded this certification on that date.")
        if certification and issued_on:
            duplicate = EarnedCertification.objects.filter(
                user=self.user, certification=certification, issued_on=issued_on
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("issued_on", "You already recorded this certification on that date.")
        return cleaned


class PortfolioProjectForm(forms.ModelForm):
    repository_url = forms.CharField(
        required=False,
        max_length=500,
        validators=[http_url],
        label="Repository URL",
        widget=forms.URLInput,
    )
    demo_url = forms.CharField(
        required=False,
        max_length=500,
        validators=[http_url],
        label="Demo URL",
        widget=forms.URLInput,
    )
    idea = forms.ModelChoiceField(
        queryset=ProjectIdea.objects.order_by("title"),
        required=False,
        label="Started from a project idea",
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        label="Skills demonstrated",
        help_text="Hold Ctrl (or Cmd) to choose several.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    skill_level = forms.TypedChoiceField(
        choices=CREDIT_LEVEL_CHOICES,
        coerce=int,
        initial=Level.GUIDED,
        label="Level the project shows in those skills",
    )

    class Meta:
        model = PortfolioProject
        fields = [
            "title",
            "summary",
            "repository_url",
            "demo_url",
            "status",
            "completed_on",
            "idea",
        ]
        widgets = {"completed_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and not self.is_bound:
            shown = list(self.instance.skills.all())
            self.initial["skills"] = [s.skill_id for s in shown]
            if shown:
                self.initial["skill_level"] = max(s.level for s in shown)

    def clean_completed_on(self):
        completed_on = self.cleaned_data.get("completed_on")
        if completed_on and completed_on > timezone.localdate():
            raise forms.ValidationError("The completion date cannot be in the future.")
        return completed_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("completed_on") and cleaned.get("status") != PortfolioProject.Status.DONE:
            self.add_error("completed_on", "Only a done project has a completion date.")
        return cleaned


class EducationRecordForm(forms.ModelForm):
    education_path = forms.ModelChoiceField(
        queryset=EducationPath.objects.order_by("title"), label="Degree path"
    )
    year = forms.IntegerField(help_text="Year of completion (or expected completion).")

    class Meta:
        model = EducationRecord
        fields = ["education_path", "field", "institution", "year", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        latest = timezone.localdate().year + 10
        self.fields["year"].min_value = 1950
        self.fields["year"].max_value = latest
        self.fields["year"].validators = [
            MinValueValidator(1950),
            MaxValueValidator(latest),
        ]
        self.fields["year"].widget.attrs.update({"min": 1950, "max": latest})
