"""The demo content in fixtures/roles.json: complete, consistent and safe to load twice."""

import pytest
from django.apps import apps
from django.core.management import call_command

from roles.models import (
    Certification,
    EducationPath,
    ExperienceRoute,
    FAQEntry,
    Industry,
    MarketFigure,
    ProjectIdea,
    Requirement,
    Role,
    Skill,
)
from roles.prerequisites import find_cycle

FIXTURE = "fixtures/roles.json"
MLE = "machine-learning-engineer"
SLUGS = [
    MLE,
    "data-scientist",
    "ai-research-scientist",
    "machine-learning-developer",
    "ai-consultant",
    "mlops-engineer",
    "ai-engineer",
]
LANGUAGES = {"python", "r", "java", "julia", "matlab"}
PLATFORMS = {
    "aws-sagemaker",
    "google-cloud-ai-platform",
    "azure-machine-learning",
    "ibm-watson-studio",
    "tfx",
}


def _counts():
    """Rows in every table of the roles app, including many-to-many tables."""
    counts = {}
    for model in apps.get_app_config("roles").get_models():
        counts[model._meta.label] = model.objects.count()
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            counts[through._meta.label] = through.objects.count()
    return counts


def _mle():
    return Role.objects.get(slug=MLE)


@pytest.mark.django_db
def test_it_loads_and_a_second_load_changes_no_counts():
    call_command("loaddata", FIXTURE, verbosity=0)
    first = _counts()
    call_command("loaddata", FIXTURE, verbosity=0)
    assert _counts() == first
    assert first["roles.Role"] == 7


def test_it_has_seven_published_roles_with_the_agreed_slugs(demo_content):
    assert list(Role.objects.published().values_list("slug", flat=True)) == SLUGS
    assert _mle().order == 0


def test_it_has_at_least_forty_skills_each_with_a_resource(demo_content):
    assert Skill.objects.count() >= 40
    without = Skill.objects.filter(resources__isnull=True)
    assert list(without) == []


def test_its_prerequisites_form_no_cycle(demo_content):
    graph = {skill.pk: [p.pk for p in skill.prerequisites.all()] for skill in Skill.objects.all()}
    assert any(graph.values())
    assert find_cycle(graph) is None


def _everything_before(slug):
    """Every skill reachable through prerequisites (the direct ones and theirs)."""
    seen, todo = set(), [Skill.objects.get(slug=slug)]
    while todo:
        for prerequisite in todo.pop().prerequisites.all():
            if prerequisite.slug not in seen:
                seen.add(prerequisite.slug)
                todo.append(prerequisite)
    return seen


def test_it_orders_deep_learning_frameworks_after_their_foundations(demo_content):
    assert {"python", "neural-networks"} <= _everything_before("pytorch")
    assert {"ml-fundamentals", "linear-algebra"} <= _everything_before("deep-learning")
    assert {"python", "prompt-engineering", "embeddings-vector-search"} <= _everything_before("rag")


def test_the_mle_has_the_five_responsibilities_in_order(demo_content):
    titles = list(_mle().responsibilities.values_list("title", flat=True))
    assert titles == [
        "Model development",
        "Data preprocessing",
        "Algorithm selection",
        "Model deployment",
        "Performance monitoring",
    ]


def test_the_mle_has_current_certifications_and_three_degrees(demo_content):
    mle = _mle()
    certs = mle.certifications.filter(is_retired=False)
    assert {c.issuer for c in certs} == {
        "Google Cloud",
        "International Association of Privacy Professionals (IAPP)",
        "Amazon Web Services",
    }
    assert set(Certification.objects.filter(is_retired=True).values_list("slug", flat=True)) == {
        "aws-certified-machine-learning-specialty",
    }
    # The invented IAPP name never existed, so it is neither retired nor recognised (issue 22).
    unrecognised = Certification.objects.filter(is_recognised=False)
    assert set(unrecognised.values_list("slug", flat=True)) == {
        "iapp-certified-machine-learning-specialist",
    }
    current = Certification.objects.recognised().filter(is_retired=False)
    assert all(c.credits.exists() for c in current)
    assert sorted(mle.education_paths.values_list("level", flat=True)) == [
        "bachelor",
        "master",
        "phd",
    ]
    assert EducationPath.objects.count() == 3


def test_the_mle_requires_every_language_and_platform_of_the_article(demo_content):
    required = set(_mle().requirements.values_list("skill__slug", flat=True))
    assert required >= LANGUAGES
    assert required >= PLATFORMS
    assert set(Skill.objects.filter(slug__in=PLATFORMS).values_list("kind", flat=True)) == {
        Skill.Kind.PLATFORM
    }


def test_the_salaries_are_official_dated_figures(demo_content):
    salaries = {
        r.slug: (r.salary_amount, r.salary_year, r.salary_source)
        for r in Role.objects.filter(salary_amount__isnull=False)
    }
    bls = "U.S. Bureau of Labor Statistics"
    # May 2024 pay from the 2024-34 edition (issue 22 item 1); roles with no series of their own
    # show the nearest occupation's figure, labelled with it.
    assert salaries == {
        "machine-learning-engineer": (133080, 2024, bls),
        "data-scientist": (112590, 2024, bls),
        "ai-research-scientist": (140910, 2024, bls),
        "machine-learning-developer": (133080, 2024, bls),
        "ai-consultant": (112590, 2024, bls),
        "mlops-engineer": (133080, 2024, bls),
        "ai-engineer": (133080, 2024, bls),
    }
    assert _mle().salary_occupation == "software developers"
    assert _mle().salary_note
    figures = list(_mle().market_figures.all())
    assert figures[0].source == bls
    # The one 2021 figure comes after the official ones, labelled with its year. Indeed's was
    # dropped: its live page no longer shows the number it was cited for (issue 22 item 1).
    older = {f.source: f for f in figures if f.year == 2021}
    assert set(older) == {"Grand View Research"}
    assert all("2021" in f.label for f in figures if f.year == 2021)
    sources = [f.source for f in figures]
    assert sources.index("Grand View Research") > sources.index(bls)
    assert not any("indeed.com" in f.source_url for f in MarketFigure.objects.all())


def test_the_mle_has_its_lifecycle_faq_industries_and_related_roles(demo_content):
    mle = _mle()
    assert mle.lifecycle_stages.count() >= 5
    assert FAQEntry.objects.filter(role=mle).count() >= 8
    assert set(mle.industries.values_list("slug", flat=True)) == {
        "healthcare",
        "finance",
        "retail",
        "technology",
    }
    assert Industry.objects.count() == 4
    assert set(mle.related_roles.values_list("slug", flat=True)) == set(SLUGS) - {MLE}
    assert {"Google", "Amazon", "IBM", "Microsoft"} <= set(mle.employer_list)


def test_related_roles_are_symmetric(demo_content):
    for role in Role.objects.all():
        for other in role.related_roles.all():
            assert role in other.related_roles.all()


def test_the_article_project_ideas_and_experience_routes_are_there(demo_content):
    ideas = set(ProjectIdea.objects.values_list("slug", flat=True))
    assert {"image-recognition", "natural-language-processing", "autonomous-systems"} <= ideas
    assert all(idea.skills_exercised.exists() for idea in ProjectIdea.objects.all())
    routes = set(ExperienceRoute.objects.values_list("slug", flat=True))
    assert {"kaggle", "internships", "open-source-contributions"} <= routes
    assert ExperienceRoute.objects.filter(roles__slug=MLE).count() == len(routes)


def test_every_other_role_has_a_profile_of_its_own(demo_content):
    profiles = {}
    for role in Role.objects.all():
        skills = frozenset(role.requirements.values_list("skill__slug", flat=True))
        if role.slug != MLE:
            assert len(skills) >= 12, role.slug
        assert role.responsibilities.exists(), role.slug
        profiles[role.slug] = skills
    assert len(set(profiles.values())) == len(profiles)


def test_roles_lean_where_their_work_lies(demo_content):
    def target(role, skill):
        return Requirement.objects.get(role__slug=role, skill__slug=skill).target_level

    assert target("mlops-engineer", "kubernetes") > target("ai-consultant", "python")
    assert target("ai-research-scientist", "deep-learning") == 5
    assert target("ai-consultant", "communication") > target(
        "machine-learning-developer", "communication"
    )
    assert target("data-scientist", "statistics") > target(
        "machine-learning-engineer", "statistics"
    )
    assert not Requirement.objects.filter(
        role__slug="ai-consultant", skill__slug="kubernetes"
    ).exists()


def test_every_requirement_is_within_the_scales(demo_content):
    assert Requirement.objects.count() > 0
    assert not Requirement.objects.exclude(target_level__range=(1, 5)).exists()
    assert not Requirement.objects.exclude(importance__range=(1, 5)).exists()
    assert Requirement.objects.filter(is_essential=True).exists()
