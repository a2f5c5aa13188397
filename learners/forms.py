"""Forms for what a learner records. Rendered with crispy (Bootstrap 5); the <form> tag and its
htmx attributes live in the templates."""

from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db.models import Q
from django.utils import timezone

from learners.models import EarnedCertification, EducationRecord, PortfolioProject
from roles import evidence
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
        queryset=Certification.objects.recognised()
        .select_related("successor")
        .order_by("is_retired", "name"),
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
        help_text="A public link that verifies the credential. It counts as evidence only as an "
        "https link on the certification's own verification site.",
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
        certification = self.instance.certification if self.instance.certification_id else None
        if certification is not None and not certification.is_recognised:
            # A name no issuer offers is in no list: the record is the learner's own word, so
            # the form shows it as one they describe, and saving keeps it that way.
            self.initial.update(
                certification=None,
                other_name=certification.name,
                other_issuer=certification.issuer,
            )
        if self.instance.pk and (note := self.link_note()):
            self.fields["verification_url"].help_text += f" Now: {note}"

    def link_note(self) -> str:
        """Whether the record's verification link counts as evidence, and if not which hosts
        would (roles/evidence.py); after `is_valid` it speaks of the link just typed."""
        earned = self.instance
        certification = earned.certification if earned.certification_id else None
        if certification is not None and not certification.is_recognised:
            certification = None
        return evidence.certification_link_note(
            earned.verification_url,
            certification.verification_host_list if certification else [],
            in_catalogue=certification is not None,
        )

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


class SkillLevelsInput(forms.Widget):
    """The skill picker's inputs: a checkbox per skill (`skills`, its id) and a level select per
    skill (`level_<id>`). The value is {skill id: level} as submitted, for checked skills only:
    the level of an unchecked skill is ignored. Rendered by the project form's template."""

    def value_from_datadict(self, data, files, name):
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        if isinstance(ids, str | int):  # a plain dict with one id
            ids = [ids]
        return {raw: data.get(level_name(name, raw)) for raw in ids}

    def value_omitted_from_data(self, data, files, name):
        return False  # no checkbox checked means no skills


def level_name(name: str, skill_id) -> str:
    """The name of a skill's level select ("level_12", after the form's prefix if any)."""
    prefix = name.removesuffix("skills")
    return f"{prefix}level_{skill_id}"


class SkillLevelsField(forms.Field):
    """Skills with a level each, cleaned to {Skill: level}. `catalogue` (id -> Skill) is what may
    be chosen; a checked skill sent without a level gets `default_level`."""

    widget = SkillLevelsInput
    default_error_messages = {
        "invalid_choice": "Choose skills from the list: %(value)s is not one of them.",
        "invalid_level": "Choose a level from 1 to 5 for %(skill)s.",
    }

    def __init__(self, *, default_level: int = Level.GUIDED, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.catalogue: dict[int, Skill] = {}
        self.default_level = default_level

    def to_python(self, value) -> dict[Skill, int]:
        if not value:
            return {}
        if not isinstance(value, dict):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], "invalid_choice", {"value": value}
            )
        chosen: dict[Skill, int] = {}
        for raw_id, raw_level in value.items():
            skill = self.catalogue.get(_as_int(raw_id))
            if skill is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], "invalid_choice", {"value": raw_id}
                )
            level = self.default_level if raw_level is None else _as_int(raw_level)
            if level not in CREDIT_LEVELS:
                raise forms.ValidationError(
                    self.error_messages["invalid_level"], "invalid_level", {"skill": skill.name}
                )
            chosen[skill] = level
        return chosen

    def has_changed(self, initial, data) -> bool:
        try:
            submitted = {skill.pk: level for skill, level in self.to_python(data).items()}
        except forms.ValidationError:
            return True
        return submitted != (initial or {})


def _as_int(raw) -> int | None:
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


CREDIT_LEVELS = {value for value, _ in CREDIT_LEVEL_CHOICES}


@dataclass(frozen=True)
class SkillOption:
    """One skill in the picker as the template shows it."""

    skill: Skill
    checkbox_id: str
    level_id: str
    level_name: str
    checked: bool
    levels: tuple[tuple[int, str, bool], ...]  # (value, label, selected)
    terms: str  # name and aliases, lower case, for the filter box


@dataclass(frozen=True)
class SkillGroup:
    name: str
    options: tuple[SkillOption, ...]


class PortfolioProjectForm(forms.ModelForm):
    repository_url = forms.CharField(
        required=False,
        max_length=500,
        validators=[http_url],
        label="Repository URL",
        help_text=evidence.PROJECT_LINK_RULE,
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
    skills = SkillLevelsField(
        label="Skills demonstrated",
        help_text="Tick each skill the project shows and choose the level it shows in that "
        "skill. A level counts only for a ticked skill.",
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
        shown: dict[int, int] = {}
        if self.instance.pk:
            shown = dict(self.instance.skills.values_list("skill_id", "level"))
        self.initial["skills"] = shown
        if self.instance.pk and (note := self.link_note()):
            self.fields["repository_url"].help_text += f" Now: {note}"
        # Retired skills are not offered, except those this project already shows.
        catalogue = Skill.objects.filter(Q(is_retired=False) | Q(pk__in=list(shown)))
        self.fields["skills"].catalogue = {
            skill.pk: skill
            for skill in catalogue.select_related("category").order_by(
                "category__order", "category__name", "name"
            )
        }

    def link_note(self) -> str:
        """Whether the project's links count as evidence, and if not what would
        (roles/evidence.py); after `is_valid` it speaks of the links just typed."""
        return evidence.project_link_note(self.instance.repository_url, self.instance.demo_url)

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

    def skill_groups(self) -> list[SkillGroup]:
        """The catalogue by category, each skill checked and levelled as submitted (so nothing
        the learner chose is lost on an error) or, before a submit, as stored."""
        field = self.fields["skills"]
        bound = self["skills"]
        if self.is_bound:
            submitted = bound.data  # {raw id: raw level} of the checked skills
            checked = {_as_int(raw) for raw in submitted}
            levels = {pk: self.data.get(level_name(bound.html_name, pk)) for pk in field.catalogue}
        else:
            checked = set(self.initial["skills"])
            levels = {pk: self.initial["skills"].get(pk) for pk in field.catalogue}
        auto_id = self.auto_id or "%s"
        groups: dict[int, list[SkillOption]] = {}
        names: dict[int, str] = {}
        for pk, skill in field.catalogue.items():
            chosen = _as_int(levels[pk]) if levels[pk] is not None else field.default_level
            names[skill.category_id] = skill.category.name
            groups.setdefault(skill.category_id, []).append(
                SkillOption(
                    skill=skill,
                    checkbox_id=auto_id % f"skill_{pk}",
                    level_id=auto_id % f"level_{pk}",
                    level_name=level_name(bound.html_name, pk),
                    checked=pk in checked,
                    levels=tuple(
                        (value, label, value == chosen) for value, label in CREDIT_LEVEL_CHOICES
                    ),
                    terms=" ".join([skill.name, *skill.alias_list]).lower(),
                )
            )
        return [SkillGroup(name=names[c], options=tuple(o)) for c, o in groups.items()]


# A careerhub degree path's level as an education level.
_PATH_LEVELS = {
    EducationPath.Degree.BACHELOR: EducationRecord.EducationLevel.BACHELOR,
    EducationPath.Degree.MASTER: EducationRecord.EducationLevel.MASTER,
    EducationPath.Degree.PHD: EducationRecord.EducationLevel.DOCTORATE,
}


class EducationRecordForm(forms.ModelForm):
    """Level and field apart, so any education is said as it is (a maths degree, a bootcamp,
    an online programme). A careerhub degree path can still be linked; it then gives the level
    when none is chosen."""

    level = forms.ChoiceField(
        choices=[("", "Choose a level"), *EducationRecord.EducationLevel.choices],
        required=False,
        label="Level",
    )
    education_path = forms.ModelChoiceField(
        queryset=EducationPath.objects.order_by("title"),
        required=False,
        label="Matching careerhub degree path (optional)",
        empty_label="None",
    )
    year = forms.IntegerField(help_text="Year of completion (or expected completion).")

    class Meta:
        model = EducationRecord
        fields = ["level", "field", "institution", "year", "status", "education_path"]
        labels = {"field": "Field (for example Mathematics, Physics, Economics)"}

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

    def clean(self):
        cleaned = super().clean()
        path = cleaned.get("education_path")
        if not cleaned.get("level"):
            if path is not None and path.level in _PATH_LEVELS:
                cleaned["level"] = _PATH_LEVELS[path.level]
                if "level" not in self.changed_data:  # an edit writes only what changed
                    self.changed_data.append("level")
            else:
                self.add_error("level", "Choose the level of this education.")
        return cleaned
