"""Factories for every model, in one place."""

import datetime as dt
from contextlib import contextmanager

import factory
from django.db import transaction
from factory.django import DjangoModelFactory

from jobs import models as jm
from learners import models as lm
from roles import models as rm
from roles.cache import bump_generation


class IndustryFactory(DjangoModelFactory):
    class Meta:
        model = rm.Industry
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"industry-{n}")
    name = factory.Sequence(lambda n: f"Industry {n}")
    ml_uses = "Forecasting and automation."


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = rm.Role
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"role-{n}")
    title = factory.Sequence(lambda n: f"Role {n}")
    summary = "Builds things with data."
    description = "A longer description of the role."
    outlook = "Demand keeps growing."
    salary_amount = 100_000
    salary_source = "Indeed"
    salary_year = 2024


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = rm.Responsibility

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Responsibility {n}")
    description = "Does an important thing."


class SkillCategoryFactory(DjangoModelFactory):
    class Meta:
        model = rm.SkillCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = rm.Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Skill {n}")
    kind = rm.Skill.Kind.SKILL
    category = factory.SubFactory(SkillCategoryFactory)
    description = "A useful skill."
    estimated_hours = 20


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = rm.Resource

    skill = factory.SubFactory(SkillFactory)
    title = factory.Sequence(lambda n: f"Resource {n}")
    url = factory.Sequence(lambda n: f"https://example.org/resource/{n}")


class RequirementFactory(DjangoModelFactory):
    class Meta:
        model = rm.Requirement

    role = factory.SubFactory(RoleFactory)
    skill = factory.SubFactory(SkillFactory)
    importance = 3
    is_essential = False
    target_level = 3


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = rm.Certification
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"cert-{n}")
    name = factory.Sequence(lambda n: f"Certification {n}")
    issuer = "Example Issuer"
    url = "https://example.org/cert"
    validity_months = 24
    level = rm.Certification.ExamLevel.ASSOCIATE
    # Where the tests' verification links live, so a verified earned certification is evidence.
    verification_hosts = "verify.example.org"


class CertificationSkillFactory(DjangoModelFactory):
    class Meta:
        model = rm.CertificationSkill

    certification = factory.SubFactory(CertificationFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class EducationPathFactory(DjangoModelFactory):
    class Meta:
        model = rm.EducationPath
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"degree-{n}")
    level = rm.EducationPath.Degree.BACHELOR
    title = factory.Sequence(lambda n: f"Degree {n}")
    description = "A degree."


class ProjectIdeaFactory(DjangoModelFactory):
    class Meta:
        model = rm.ProjectIdea
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"idea-{n}")
    title = factory.Sequence(lambda n: f"Project idea {n}")
    brief = "Build something."
    difficulty = rm.ProjectIdea.Difficulty.BEGINNER


class ProjectIdeaSkillFactory(DjangoModelFactory):
    class Meta:
        model = rm.ProjectIdeaSkill

    idea = factory.SubFactory(ProjectIdeaFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 2


class FAQEntryFactory(DjangoModelFactory):
    class Meta:
        model = rm.FAQEntry

    role = factory.SubFactory(RoleFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."


class UserFactory(DjangoModelFactory):
    class Meta:
        model = lm.User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Learner {n}")
    handle = factory.Sequence(lambda n: f"learner-{n}")
    password = factory.django.Password("correct-horse-battery")


class SkillRecordFactory(DjangoModelFactory):
    class Meta:
        model = lm.SkillRecord

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 2


class EarnedCertificationFactory(DjangoModelFactory):
    class Meta:
        model = lm.EarnedCertification

    user = factory.SubFactory(UserFactory)
    certification = factory.SubFactory(CertificationFactory)
    issued_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    expires_on = factory.LazyAttribute(lambda o: o.issued_on + dt.timedelta(days=730))
    verification_url = "https://verify.example.org/abc"


class PortfolioProjectFactory(DjangoModelFactory):
    class Meta:
        model = lm.PortfolioProject

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    status = lm.PortfolioProject.Status.DONE
    repository_url = "https://github.com/me/project"
    completed_on = factory.LazyFunction(dt.date.today)


class ProjectSkillFactory(DjangoModelFactory):
    class Meta:
        model = lm.ProjectSkill

    project = factory.SubFactory(PortfolioProjectFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class EducationRecordFactory(DjangoModelFactory):
    class Meta:
        model = lm.EducationRecord

    user = factory.SubFactory(UserFactory)
    education_path = factory.SubFactory(EducationPathFactory)
    field = "Computer Science"
    institution = "Example University"
    year = 2020


class JobPostingFactory(DjangoModelFactory):
    class Meta:
        model = jm.JobPosting

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Machine Learning Engineer {n}")
    text = "Machine Learning Engineer\n\nRequirements\n- Python.\n"


@contextmanager
def content_edit():
    """Change content as the admin and `sync_content` do: in a transaction that moves the
    content generation (roles/cache.py). No signal does it for a plain ORM write."""
    with transaction.atomic():
        yield
        bump_generation()
