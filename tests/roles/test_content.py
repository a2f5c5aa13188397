"""The content release itself: current, sourced, dated, and coherent."""

import graphlib
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

from roles.models import Certification, MarketFigure, Requirement, Resource, Role, Skill

RELEASE = Path("fixtures/roles.json")
LAST_CHECK = date(2026, 12, 4)  # the latest check at the sources (docs/content-checks.md)
GENAI = {
    "llm-fundamentals",
    "prompt-engineering",
    "embeddings-vector-search",
    "rag",
    "llm-fine-tuning",
    "llm-evaluation",
    "ai-agents",
    "llm-security",
}


def _objects():
    return json.loads(RELEASE.read_text())


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def test_no_text_in_the_release_mentions_seed():
    offending = [
        (obj["model"], obj["pk"], text)
        for obj in _objects()
        for text in _strings(obj["fields"])
        if "seed" in text.lower()
    ]
    assert offending == []


def test_every_role_has_a_dated_sourced_salary_or_says_why_not(demo_content):
    for role in Role.objects.all():
        if role.salary_amount is None:
            assert role.salary_note, role.slug
        else:
            assert role.salary_year, role.slug
            assert role.salary_source, role.slug
            assert role.salary_source_url.startswith("https://"), role.slug
            assert role.salary_checked_on is not None, role.slug


def test_every_figure_has_a_source_url_a_year_and_a_checked_date(demo_content):
    assert MarketFigure.objects.exists()
    for figure in MarketFigure.objects.all():
        assert figure.source_url.startswith("https://"), figure.label
        assert figure.year, figure.label
        assert figure.checked_on is not None, figure.label
        assert figure.checked_on <= LAST_CHECK, figure.label


def test_every_certification_has_a_source_url_a_checked_date_and_verification_hosts(demo_content):
    for cert in Certification.objects.all():
        assert cert.source_url.startswith("https://"), cert.slug
        assert cert.checked_on is not None, cert.slug
    for cert in Certification.objects.recognised():
        assert cert.hosts_checked_on is not None, cert.slug  # a date per certification
        if not cert.is_retired:
            assert cert.verification_host_list, cert.slug


def test_every_retired_certification_names_a_current_successor(demo_content):
    retired = Certification.objects.filter(is_retired=True)
    assert retired.exists()
    for cert in retired:
        assert cert.successor is not None, cert.slug
        assert not cert.successor.is_retired, cert.slug


def test_the_aws_ml_specialty_is_retired_in_favour_of_the_ml_engineer_associate(demo_content):
    specialty = Certification.objects.get(slug="aws-certified-machine-learning-specialty")
    assert specialty.is_retired
    assert specialty.retired_on == date(2026, 3, 31)
    assert specialty.successor.slug == "aws-certified-machine-learning-engineer-associate"


def test_the_google_certificate_credits_no_single_framework(demo_content):
    google = Certification.objects.get(slug="google-professional-machine-learning-engineer")
    credited = set(google.credits.values_list("skill__slug", flat=True))
    assert not credited & {"tensorflow", "pytorch", "keras"}
    assert credited & GENAI


def test_the_prerequisite_graph_is_acyclic_and_has_no_redundant_edge():
    graph = {
        obj["pk"]: set(obj["fields"]["prerequisites"])
        for obj in _objects()
        if obj["model"] == "roles.skill"
    }
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError
    reachable: dict[int, set[int]] = {}
    for node in order:
        reachable[node] = set().union(*({p} | reachable[p] for p in graph[node]))
    redundant = [
        (node, p)
        for node, prerequisites in graph.items()
        for p in prerequisites
        if any(p in reachable[q] for q in prerequisites - {p})
    ]
    assert redundant == []


def test_calculus_is_not_a_prerequisite_of_probability(demo_content):
    assert not Skill.objects.get(slug="probability").prerequisites.filter(slug="calculus").exists()
    assert not Skill.objects.get(slug="cloud-fundamentals").prerequisites.exists()


def test_every_resource_has_an_https_url_and_a_checked_date():
    resources = [obj["fields"] for obj in _objects() if obj["model"] == "roles.resource"]
    assert resources
    unchecked = [r["url"] for r in resources if not r.get("checked_on")]
    assert unchecked == []
    assert [r["url"] for r in resources if not r["url"].startswith("https://")] == []
    assert all(date.fromisoformat(r["checked_on"]) <= LAST_CHECK for r in resources)


def test_resources_loaded_in_the_database_carry_their_checked_date(demo_content):
    assert Resource.objects.exists()
    assert not Resource.objects.filter(checked_on__isnull=True).exists()
    assert not Resource.objects.exclude(url__startswith="https://").exists()


def test_the_2021_figure_stands_after_the_current_ones_on_the_mle_page(client, demo_content):
    page = client.get("/careers/machine-learning-engineer/").content.decode()
    bls = page.index("U.S. Bureau of Labor Statistics</a>")
    assert bls < page.index("Grand View Research</a>")
    # Indeed's live page no longer shows its 2021 average, so the figure is gone (issue 22 item 1).
    assert "Indeed" not in page
    assert "112,806" not in page
    assert "Grand View Research</a>, 2021)" in page
    assert "published in 2021" in page


def test_every_skill_has_a_resource_and_hours(demo_content):
    for skill in Skill.objects.filter(is_retired=False):
        assert skill.resources.exists(), skill.slug
        assert skill.estimated_hours >= 1, skill.slug


def test_the_generative_ai_category_has_its_nine_skills_each_with_prerequisites(demo_content):
    skills = Skill.objects.filter(category__slug="generative-ai")
    # The eight of the first GenAI release, and multimodal models (issue 22 item 5).
    assert set(skills.values_list("slug", flat=True)) == GENAI | {"multimodal-models"}
    assert all(skill.prerequisites.exists() for skill in skills)


def test_every_role_requires_at_least_two_generative_ai_skills(demo_content):
    per_role = defaultdict(set)
    for role, skill in Requirement.objects.values_list("role__slug", "skill__slug"):
        if skill in GENAI:
            per_role[role].add(skill)
    for role in Role.objects.values_list("slug", flat=True):
        assert len(per_role[role]) >= 2, role


def test_the_ai_engineer_is_its_own_role(demo_content):
    ai = Role.objects.get(slug="ai-engineer")
    assert ai.title == "AI Engineer"
    mle = Role.objects.get(slug="machine-learning-engineer")
    assert "AI Engineer" not in mle.alias_list
    essential = set(ai.requirements.filter(is_essential=True).values_list("skill__slug", flat=True))
    assert {"rag", "llm-evaluation", "prompt-engineering"} <= essential


def test_the_profiles_are_rebalanced(demo_content):
    def req(role, skill):
        return Requirement.objects.filter(role__slug=role, skill__slug=skill).first()

    mle = "machine-learning-engineer"
    for skill in [
        "kubernetes",
        "ci-cd-ml",
        "experiment-tracking",
        "software-testing",
        "cloud-fundamentals",
        "linux",
        "numpy-pandas",
        "spark",
    ]:
        assert req(mle, skill), skill
    assert req(mle, "pytorch").importance > req(mle, "tensorflow").importance
    assert req(mle, "spark").importance > req(mle, "hadoop").importance
    for skill in ["airflow", "terraform", "data-versioning", "feature-stores", "observability"]:
        assert req("mlops-engineer", skill), skill
    for skill in ["gradient-boosting", "causal-inference", "ab-testing"]:
        assert req("data-scientist", skill), skill
    assert req("ai-consultant", "ai-governance").is_essential
    for skill in ["julia", "matlab", "ibm-watson-studio"]:
        assert not Requirement.objects.filter(skill__slug=skill, importance__gt=1).exists(), skill


def test_the_new_project_ideas_exercise_the_new_skills(demo_content):
    from roles.models import ProjectIdea

    def exercised(slug):
        idea = ProjectIdea.objects.get(slug=slug)
        return set(idea.skills_exercised.values_list("skill__slug", flat=True))

    assert {"rag", "llm-evaluation"} <= exercised("rag-with-evaluation-set")
    assert "llm-fine-tuning" in exercised("parameter-efficient-fine-tune")
    assert "research-methods" in exercised("paper-reproduction")


COMMON_OTHER_NAMES = [
    ("kubernetes", "k8s"),
    ("scikit-learn", "sklearn"),
    ("scikit-learn", "scikit learn"),
    ("pytorch", "torch"),
    ("llm-fundamentals", "LLMs"),
    ("llm-fundamentals", "large language models"),
    ("rag", "RAG"),
    ("llm-fine-tuning", "LoRA"),
    ("go", "Golang"),
    ("model-monitoring", "model monitoring"),
    ("model-deployment", "deploying models"),
    ("prompt-engineering", "prompts"),
    ("experiment-design", "experimental design"),
    ("communication", "communicate"),
]


def test_skills_carry_their_common_other_names(demo_content):
    aliases = {skill.slug: skill.alias_list for skill in Skill.objects.all()}
    missing = [(slug, alias) for slug, alias in COMMON_OTHER_NAMES if alias not in aliases[slug]]
    assert missing == []


def test_no_alias_points_to_two_skills(demo_content):
    owner: dict[str, str] = {}
    for skill in Skill.objects.all():
        for name in [skill.name, *skill.alias_list]:
            key = name.casefold()
            assert owner.setdefault(key, skill.slug) == skill.slug, (name, owner[key], skill.slug)


def test_the_mle_page_lists_generative_ai_skills(client, demo_content):
    page = client.get("/careers/machine-learning-engineer/").content.decode()
    assert "Generative AI &amp; LLM engineering" in page
    assert "Retrieval-augmented generation" in page
    assert "Evaluation of LLM systems" in page


def test_the_aws_specialty_page_says_retired_and_names_its_successor(client, demo_content):
    page = client.get("/certifications/aws-certified-machine-learning-specialty/").content.decode()
    assert "This certification is retired (since 31 March 2026)" in page
    assert "/certifications/aws-certified-machine-learning-engineer-associate/" in page
