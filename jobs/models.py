"""A learner's job postings and what careerhub read in them.

Everything here belongs to one learner (`JobPosting.user`) and goes with the account. Editors
never see a posting; they see counts of unmapped terms and "not a skill" marks (admin.py).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from roles.models import Level, Skill

TEXT_MAX_LENGTH = 50_000


class Need(models.TextChoices):
    REQUIRED = "required", "Required"
    NICE = "nice", "Nice to have"


class Seniority(models.TextChoices):
    JUNIOR = "junior", "Junior"
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    LEAD = "lead", "Lead, staff or principal"


class JobPosting(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_postings"
    )
    title = models.CharField(max_length=200)
    company = models.CharField(max_length=200, blank=True)
    url = models.URLField(
        max_length=500, blank=True, help_text="Kept for your reference; careerhub never opens it."
    )
    text = models.TextField(validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    seniority = models.CharField(max_length=8, choices=Seniority.choices, default=Seniority.MID)
    seniority_reason = models.CharField(max_length=200, blank=True)
    years = models.PositiveSmallIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # The reading, kept so that showing the posting never reads it again: each phrase that named
    # a skill ({"start", "end", "slug", "need", "rule"}, offsets into `text`), and the content
    # generation (roles/cache.py) of the catalogue it was read with. None: never read (a
    # posting saved before readings were kept); the page offers to read it.
    mentions = models.JSONField(default=list, blank=True)
    read_generation = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "-created"], name="jobposting_user_created")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"pk": self.pk})


class JobSkill(models.Model):
    """A skill the posting asks for: recognised in its text, or added by the learner."""

    class Source(models.TextChoices):
        MATCHED = "matched", "Recognised in the text"
        ADDED = "added", "Added by you"

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="skills")
    # PROTECT, as learners' records: an editor deleting a skill must not empty it from postings
    # silently (retire it instead).
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    need = models.CharField(max_length=8, choices=Need.choices, default=Need.REQUIRED)
    target = models.PositiveSmallIntegerField(
        choices=[c for c in Level.choices if c[0] > 0], default=Level.INDEPENDENT
    )
    importance = models.PositiveSmallIntegerField(default=3)
    mentions = models.PositiveSmallIntegerField(default=0)
    phrase = models.CharField(max_length=120, blank=True)
    rule = models.CharField(max_length=200, blank=True)
    group = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Either/or group: any one of its skills will do."
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MATCHED)

    class Meta:
        ordering = ["posting", "need", "-importance", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "skill"], name="jobskill_unique_per_posting"
            ),
            models.CheckConstraint(
                condition=Q(target__gte=1) & Q(target__lte=5), name="jobskill_target_1_5"
            ),
            models.CheckConstraint(
                condition=Q(importance__gte=1) & Q(importance__lte=5),
                name="jobskill_importance_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.posting} asks for {self.skill}"


class UnmappedTerm(models.Model):
    """A tool or term seen in a posting that no catalogue skill took (for the editors' report,
    which shows counts only)."""

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="unmapped")
    term = models.CharField(max_length=80)

    class Meta:
        ordering = ["posting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "term"], name="unmappedterm_unique"),
        ]

    def __str__(self):
        return self.term


class NotASkillMark(models.Model):
    """A learner's correction: this phrase of the posting is not that skill."""

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="marks")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    phrase = models.CharField(max_length=120, help_text="Lower case, as matched.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["posting", "phrase"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "phrase", "skill"], name="notaskill_unique_phrase_skill"
            ),
        ]

    def __str__(self):
        return f'"{self.phrase}" is not {self.skill}'
