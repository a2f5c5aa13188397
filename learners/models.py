"""Learners and what they record. Records belong to skills, never to role profiles, so a level
rated once counts for every role, and editing a role never loses anyone's progress."""

import uuid
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from roles import evidence
from roles.models import Certification, EducationPath, Level, ProjectIdea, Role, Skill

handle_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,28}[a-z0-9])$",
    "3–30 characters: lower-case letters, digits and hyphens, not at either end.",
)


class LearnerManager(UserManager):
    """Email is the login; there is no username."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The whole address in lower case (Django lowers only the domain): one account per
        mailbox however it is typed, and the database refuses anything else."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    handle = models.CharField(
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        validators=[handle_validator],
        help_text="Your public address: /u/<handle>/.",
    )
    headline = models.CharField(max_length=140, blank=True)
    target_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    weekly_hours = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
        help_text="Hours a week you can spend learning; used for the projected ready date.",
    )
    is_public = models.BooleanField(
        default=False, help_text="Show your profile at /u/<handle>/ to anyone with the link."
    )
    changes_seen_at = models.DateTimeField(
        default=timezone.now,
        help_text='When the learner last dismissed "what changed" on the dashboard; changes to '
        "the target role after this are reported.",
    )
    fold_rows = models.BooleanField(
        default=True,
        help_text="The dashboard folds away requirements that are met or not essential; the "
        "learner's choice, kept across devices.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = LearnerManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lower"),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=1) & Q(weekly_hours__lte=80),
                name="user_weekly_hours_1_80",
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class SkillRecord(models.Model):
    """The learner's own rating of one skill, with a private note."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skill_records")
    # PROTECT: an editor deleting a skill must never delete what learners recorded about it.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.NONE)
    note = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="skill_record_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=0) & Q(level__lte=5), name="skill_record_level_0_5"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.skill}: {self.get_level_display()}"


class PlanPriority(models.Model):
    """A skill the learner asked their plan to put first ("Add these to my plan" on a job
    posting), with the level the posting targets. Kept after the posting is deleted: it is the
    learner's plan now, not the posting's."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="plan_priorities")
    # PROTECT, as the learner's records: an editor deleting a skill must not empty a plan.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    target = models.PositiveSmallIntegerField(choices=[c for c in Level.choices if c[0] > 0])
    source = models.CharField(max_length=200, blank=True, help_text="Where it came from.")
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="plan_priority_unique"),
            models.CheckConstraint(
                condition=Q(target__gte=1) & Q(target__lte=5), name="plan_priority_target_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.skill} first"


class EarnedCertification(models.Model):
    """A certification the learner earned: one from the catalogue, or one they describe
    themselves (name, issuer, link and the skills it covers), which counts as self-rated."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="certifications")
    certification = models.ForeignKey(
        Certification, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    other_name = models.CharField(
        "name", max_length=160, blank=True, help_text="For a certification not in the catalogue."
    )
    other_issuer = models.CharField("issuer", max_length=120, blank=True)
    other_url = models.URLField("certification's page", blank=True, max_length=500)
    other_skills = models.ManyToManyField(
        Skill, blank=True, related_name="+", verbose_name="skills it covers"
    )
    other_level = models.PositiveSmallIntegerField(
        "level it shows in those skills",
        choices=[c for c in Level.choices if c[0] > 0],
        default=Level.GUIDED,
    )
    issued_on = models.DateField()
    expires_on = models.DateField(
        null=True, blank=True, help_text="Leave empty to use the certification's validity."
    )
    credential_id = models.CharField(max_length=120, blank=True)
    verification_url = models.URLField(
        blank=True, max_length=500, help_text="A public link that verifies the credential."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "certification", "issued_on"], name="earned_certification_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "other_name", "issued_on"],
                condition=Q(certification__isnull=True),
                name="earned_other_certification_unique",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="earned_certification_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(certification__isnull=False) | ~Q(other_name=""),
                name="earned_certification_catalogue_or_named",
            ),
            models.CheckConstraint(
                condition=Q(other_level__gte=1) & Q(other_level__lte=5),
                name="earned_certification_other_level_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.issued_on})"

    @property
    def in_catalogue(self) -> bool:
        return self.certification_id is not None

    @property
    def is_evidence(self) -> bool:
        """Someone else can check it: an https verification link on the certification's own
        verification hosts (roles/evidence.py). One the learner described is their own word."""
        return self.in_catalogue and evidence.certification_url_is_evidence(
            self.verification_url, self.certification.verification_host_list
        )

    @property
    def name(self) -> str:
        return self.certification.name if self.certification_id else self.other_name

    @property
    def issuer(self) -> str:
        return self.certification.issuer if self.certification_id else self.other_issuer


class PortfolioProject(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=160)
    summary = models.TextField(blank=True, max_length=4000)
    repository_url = models.URLField(blank=True, max_length=500)
    demo_url = models.URLField(blank=True, max_length=500)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    idea = models.ForeignKey(
        ProjectIdea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="done"),
                name="project_completed_only_when_done",
            ),
        ]

    def __str__(self):
        return self.title


class ProjectSkill(models.Model):
    project = models.ForeignKey(PortfolioProject, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        choices=[c for c in Level.choices if c[0] > 0], default=Level.GUIDED
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "skill"], name="project_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="project_skill_level_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.project} shows {self.skill}"


class EducationRecord(models.Model):
    """Education the learner has: its level (bootcamp to doctorate) and its field, recorded
    separately, so a maths degree or an online programme is said as it is. `education_path`
    optionally links one of careerhub's degree paths; it no longer has to describe the record."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    class EducationLevel(models.TextChoices):
        BOOTCAMP = "bootcamp", "Bootcamp"
        ONLINE = "online", "Online programme"
        CERTIFICATE = "certificate", "Professional certificate or diploma"
        ASSOCIATE = "associate", "Associate degree"
        BACHELOR = "bachelor", "Bachelor's degree"
        MASTER = "master", "Master's degree"
        DOCTORATE = "doctorate", "Doctorate"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="education")
    level = models.CharField(max_length=12, choices=EducationLevel.choices, blank=True)
    education_path = models.ForeignKey(
        EducationPath, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=120, blank=True)
    institution = models.CharField(max_length=160)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text="Year of completion (or expected completion).",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.COMPLETED)

    class Meta:
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1950) & Q(year__lte=2100), name="education_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.title} at {self.institution}"

    @property
    def title(self) -> str:
        """The level and its field ("Bachelor's degree in Mathematics", "Bootcamp in Data
        Science"). A record from before levels existed, with only a degree path, says the path,
        without saying the field twice."""
        if self.level:
            label = self.get_level_display()
            return f"{label} in {self.field}" if self.field else label
        degree = self.education_path.title if self.education_path_id else ""
        if self.field and self.field.lower() not in degree.lower():
            return f"{degree} in {self.field}" if degree else self.field
        return degree


class ReadinessSnapshot(models.Model):
    """One point of the readiness history: learner × role × day."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="snapshots")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    score = models.FloatField()
    evidenced_score = models.FloatField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "day"], name="snapshot_unique_per_day"),
            models.CheckConstraint(
                condition=Q(score__gte=0)
                & Q(score__lte=100)
                & Q(evidenced_score__gte=0)
                & Q(evidenced_score__lte=100),
                name="snapshot_scores_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.day}: {self.score:.0f}"


class LearnerSession(AbstractBaseSession):
    """A session row that knows its user, so one learner's sessions are found by an index."""

    # No foreign key: a request that saves its session while the account is being deleted must
    # not fail; deleting an account ends its sessions (learners/account_actions.py).
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "learners_session"


class ThrottleEvent(models.Model):
    """One counted request (a sign-up, a reset email) for a throttled key, kept in the database
    so the limit holds in every process and while the cache is down (learners/throttle.py)."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64, help_text="A keyed digest of the address or email.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "key", "created_at"], name="throttle_scope_key_time"),
            # Expired events are pruned by time, whatever their key (learners/throttle.py).
            models.Index(fields=["created_at"], name="throttle_time"),
        ]

    def __str__(self):
        return f"{self.scope} at {self.created_at:%Y-%m-%d %H:%M}"


class ImportBatch(models.Model):
    """One import (a CV, a LinkedIn export, a JSON Resume, a badge): the proposal under review,
    then what confirming it wrote, so "Undo this import" removes exactly that.

    The uploaded file is never stored. `proposal` holds only what was recognised (skills, levels,
    the short phrase each came from, certifications, projects, degrees) while the learner reviews
    it: an hour at most (PROPOSAL_HOURS), and it is emptied when the import is confirmed.
    `undo` holds the ids of the rows the import created and the levels it replaced.
    """

    PROPOSAL_HOURS = 1
    UNDO_DAYS = 7

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(max_length=40)
    proposal = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    undo = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    cv_skills = models.JSONField(
        default=list,
        blank=True,
        help_text="The skills a confirmed CV names (slugs, never its text): a posting's page lists "
        "the required skills the learner rated well that the CV does not say.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="import_pending")]

    def __str__(self):
        return f"{self.user} · {self.source} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        """Still under review: not confirmed, and younger than an hour."""
        return (
            self.confirmed_at is None
            and self.proposal is not None
            and timezone.now() - self.created_at < timedelta(hours=self.PROPOSAL_HOURS)
        )

    @property
    def can_undo(self) -> bool:
        return (
            self.confirmed_at is not None
            and self.undone_at is None
            and timezone.now() - self.confirmed_at < timedelta(days=self.UNDO_DAYS)
        )
