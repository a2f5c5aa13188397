"""Career content: roles, skills, what a role requires, and what credits a skill.

Edited by editors in the admin. This app is the ground floor: it never imports from `learners`.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from roles import evidence
from roles.levels import LEVEL_NAMES
from roles.release_models import ContentGeneration, ContentRelease  # noqa: F401 (models of this app)


class Level(models.IntegerChoices):
    """The proficiency scale used for learner levels, targets and credits."""

    NONE = 0, LEVEL_NAMES[0]
    AWARE = 1, LEVEL_NAMES[1]
    GUIDED = 2, LEVEL_NAMES[2]
    INDEPENDENT = 3, LEVEL_NAMES[3]
    ADVANCED = 4, LEVEL_NAMES[4]
    EXPERT = 5, LEVEL_NAMES[5]


LEVEL_DESCRIPTIONS = {
    Level.NONE: "No exposure yet.",
    Level.AWARE: "Knows what it is and when it is used.",
    Level.GUIDED: "Can use it with a tutorial or a colleague's help.",
    Level.INDEPENDENT: "Uses it on real work without help.",
    Level.ADVANCED: "Handles the hard cases and helps others.",
    Level.EXPERT: "Could teach it, and shapes how a team uses it.",
}

IMPORTANCE_LABELS = {
    1: "Nice to have",
    2: "Useful",
    3: "Important",
    4: "Very important",
    5: "Critical",
}


class RoleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Industry(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80, unique=True)
    ml_uses = models.TextField(help_text="How this industry uses machine learning.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name


class Role(models.Model):
    slug = models.SlugField(unique=True, help_text="Part of the public URL; keep it stable.")
    title = models.CharField(max_length=120, unique=True)
    aliases = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other names for the role, comma-separated (searched).",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences for cards and search."
    )
    description = models.TextField()
    outlook = models.TextField(blank=True, help_text="Demand and career prospects, in a paragraph.")
    salary_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="Average yearly salary in whole currency units."
    )
    salary_currency = models.CharField(max_length=3, default="USD")
    salary_region = models.CharField(max_length=80, blank=True, default="United States")
    salary_source = models.CharField(max_length=120, blank=True)
    salary_source_url = models.URLField(blank=True)
    salary_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the salary figure describes."
    )
    salary_checked_on = models.DateField(
        null=True, blank=True, help_text="When the salary figure was last checked at its source."
    )
    salary_occupation = models.CharField(
        max_length=120,
        blank=True,
        help_text="For a role no official series reports on its own: the occupation whose figure "
        "is shown (for example software developers). The page labels the figure as that "
        "nearest occupation's.",
    )
    salary_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why there is no dated figure, or what the figure covers (shown beside it).",
    )
    employers = models.CharField(
        max_length=300, blank=True, help_text="Notable employers, comma-separated."
    )
    industries = models.ManyToManyField(Industry, blank=True, related_name="roles")
    related_roles = models.ManyToManyField("self", blank=True, symmetrical=True)
    is_published = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_year__isnull=True)
                | Q(salary_year__gte=1990, salary_year__lte=2100),
                name="role_salary_year_plausible",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roles:role_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]

    @property
    def employer_list(self) -> list[str]:
        return [e.strip() for e in self.employers.split(",") if e.strip()]


class Responsibility(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="responsibilities")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    description = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "title"], name="responsibility_unique_per_role"
            ),
        ]

    def __str__(self):
        return self.title


class LifecycleStage(models.Model):
    """A stage of the role's typical project, from problem framing to production."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="lifecycle_stages")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    description = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "title"], name="lifecycle_stage_unique_per_role"
            ),
        ]

    def __str__(self):
        return self.title


class MarketFigure(models.Model):
    """A sourced market figure shown with the role's outlook."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="market_figures")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=120)
    value = models.CharField(max_length=80)
    source = models.CharField(max_length=120)
    source_url = models.URLField(blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the figure was published."
    )
    checked_on = models.DateField(
        null=True, blank=True, help_text="When the figure was last checked at its source."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "order", "id"]

    def __str__(self):
        return f"{self.label}: {self.value}"


class SkillCategory(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "skill categories"

    def __str__(self):
        return self.name


class Skill(models.Model):
    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", "Knowledge"
        SKILL = "skill", "Skill"
        TOOL = "tool", "Tool"
        PLATFORM = "platform", "Platform"

    slug = models.SlugField(
        unique=True, help_text="Stable identifier; learners' records refer to it."
    )
    name = models.CharField(max_length=80, unique=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names for this skill, one per line (for example k8s for Kubernetes). "
        "Used to recognise the skill in job postings and search.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SKILL)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    description = models.TextField()
    prerequisites = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="unlocks",
        help_text="Skills worth having before this one. Must not form a cycle.",
    )
    estimated_hours = models.PositiveSmallIntegerField(
        default=20, help_text="Hours to go from nothing to an independent level."
    )
    is_retired = models.BooleanField(
        default=False,
        help_text="No longer in the catalogue; kept because learners' records may refer to it.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[prerequisites])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_hours__gte=1) & Q(estimated_hours__lte=2000),
                name="skill_estimated_hours_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:skill_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        """The aliases as a list, blank lines and surrounding spaces dropped."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Resource(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        BOOK = "book", "Book"
        PAPER = "paper", "Paper"
        DOCS = "docs", "Documentation"
        TUTORIAL = "tutorial", "Tutorial"
        VIDEO = "video", "Video"
        PRACTICE = "practice", "Practice"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=160)
    url = models.URLField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DOCS)
    is_free = models.BooleanField(default=True)
    checked_on = models.DateField(
        null=True, blank=True, help_text="When the link was last checked to work and fit."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["skill", "-is_free", "title"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "url"], name="resource_unique_url_per_skill"),
        ]

    def __str__(self):
        return self.title


class Requirement(models.Model):
    """What a role asks of one skill: how much it matters and the level it expects."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    importance = models.PositiveSmallIntegerField(
        default=3, choices=[(k, f"{k} · {v}") for k, v in IMPORTANCE_LABELS.items()]
    )
    is_essential = models.BooleanField(default=False, help_text="Essential skills count double.")
    target_level = models.PositiveSmallIntegerField(
        choices=[c for c in Level.choices if c[0] > 0], default=Level.INDEPENDENT
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "-is_essential", "-importance", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "skill"], name="requirement_unique_role_skill"),
            models.CheckConstraint(
                condition=Q(importance__gte=1) & Q(importance__lte=5),
                name="requirement_importance_1_5",
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1) & Q(target_level__lte=5),
                name="requirement_target_level_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.role} needs {self.skill}"

    @property
    def weight(self) -> int:
        return self.importance * (2 if self.is_essential else 1)

    @property
    def importance_label(self) -> str:
        return IMPORTANCE_LABELS[self.importance]

    @property
    def target_label(self) -> str:
        return Level(self.target_level).label


class CertificationQuerySet(models.QuerySet):
    def recognised(self):
        """Certifications an issuer really offers: the only ones the catalogue, search, forms
        and role pages show."""
        return self.filter(is_recognised=True)


class Certification(models.Model):
    class Kind(models.TextChoices):
        VENDOR = "vendor", "Cloud or vendor"
        PROFESSIONAL = "professional", "Professional body"
        ACADEMIC = "academic", "Academic"

    class ExamLevel(models.TextChoices):
        """The issuer's own tier for the exam, from a first step to a deep specialism."""

        FOUNDATIONAL = "foundational", "Foundational"
        ASSOCIATE = "associate", "Associate"
        PROFESSIONAL = "professional", "Professional"
        SPECIALTY = "specialty", "Specialty"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=160, unique=True)
    issuer = models.CharField(max_length=120)
    url = models.URLField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.VENDOR)
    level = models.CharField(
        max_length=16,
        choices=ExamLevel.choices,
        help_text="The issuer's tier for the exam. Next steps offer a foundational exam to a "
        "learner aiming at Guided or Independent when one credits the skill.",
    )
    is_recognised = models.BooleanField(
        default=True,
        help_text="Untick for a name no issuer offers (kept only because learners recorded it): "
        "it then appears in no catalogue, search, form or role page, credits nothing, and a "
        "learner's record of it shows as not a recognised certification.",
    )
    description = models.TextField(blank=True)
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How long it stays valid. Empty: it never expires."
    )
    verification_hosts = models.TextField(
        blank=True,
        help_text="Hosts that serve this certification's verification links, one per line "
        "(for example www.credly.com). A learner's link counts as evidence only on these, over "
        "https. Write *.example.com to accept every subdomain of example.com.",
    )
    source_url = models.URLField(
        blank=True, help_text="The issuer's page that confirms the details shown here."
    )
    checked_on = models.DateField(
        null=True, blank=True, help_text="When the details were last checked at the source."
    )
    hosts_checked_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the verification hosts were last checked against a real credential "
        "link or the issuer's own pages.",
    )
    is_retired = models.BooleanField(default=False)
    retired_on = models.DateField(null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="For a retired certification: what replaces it.",
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="certifications")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[roles])

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True)
                | (Q(validity_months__gte=1) & Q(validity_months__lte=240)),
                name="certification_validity_1_240_months",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")), name="certification_not_own_successor"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:certification_detail", kwargs={"slug": self.slug})

    @property
    def verification_host_list(self) -> list[str]:
        """The verification hosts as a list, blank lines and surrounding spaces dropped."""
        return evidence.host_list(self.verification_hosts)


class CertificationSkill(models.Model):
    """A skill a certification credits, and the level it vouches for."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="credits"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="certification_credits")
    level = models.PositiveSmallIntegerField(
        choices=[c for c in Level.choices if c[0] > 0], default=Level.INDEPENDENT
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["certification", "-level", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "skill"], name="certification_skill_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="certification_skill_level_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.certification} credits {self.skill} at {self.get_level_display()}"


class EducationPath(models.Model):
    class Degree(models.TextChoices):
        BACHELOR = "bachelor", "Bachelor's degree"
        MASTER = "master", "Master's degree"
        PHD = "phd", "PhD"

    slug = models.SlugField(unique=True)
    level = models.CharField(max_length=10, choices=Degree.choices)
    title = models.CharField(max_length=160, unique=True)
    description = models.TextField()
    roles = models.ManyToManyField(Role, blank=True, related_name="education_paths")
    is_retired = models.BooleanField(
        default=False, help_text="No longer offered as a path; kept for learners' records."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class ProjectIdea(models.Model):
    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=160, unique=True)
    brief = models.TextField()
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices)
    roles = models.ManyToManyField(Role, blank=True, related_name="project_ideas")
    is_retired = models.BooleanField(
        default=False, help_text="No longer suggested; kept for learners' projects."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class ProjectIdeaSkill(models.Model):
    idea = models.ForeignKey(ProjectIdea, on_delete=models.CASCADE, related_name="skills_exercised")
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="project_ideas_exercising"
    )
    level = models.PositiveSmallIntegerField(
        choices=[c for c in Level.choices if c[0] > 0], default=Level.GUIDED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["idea", "-level", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "skill"], name="project_idea_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="project_idea_skill_level_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.idea} exercises {self.skill}"


class ExperienceRoute(models.Model):
    """A way to gain practical experience: competitions, internships, open source."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120, unique=True)
    description = models.TextField()
    url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    roles = models.ManyToManyField(Role, blank=True, related_name="experience_routes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class FAQEntry(models.Model):
    role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="faq_entries",
        help_text="Leave empty for a question about careerhub as a whole.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=200)
    answer = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "question"], name="faq_unique_question_per_role"
            ),
        ]

    def __str__(self):
        return self.question
