"""Issue 22 item 5: role profiles a 2026 hiring manager would sign."""

import pytest

from roles.models import ProjectIdea, Requirement, Skill

pytestmark = pytest.mark.django_db
MLE = "machine-learning-engineer"
NEW_SKILLS = {
    "distributed-training",
    "inference-optimization",
    "model-explainability",
    "backend-api",
    "multimodal-models",
}
CLOUD_ML_PLATFORMS = {"aws-sagemaker", "google-cloud-ai-platform", "azure-machine-learning"}


def _req(role, skill):
    return Requirement.objects.get(role__slug=role, skill__slug=skill)


def test_the_new_skills_postings_ask_for_exist_with_a_resource(demo_content):
    for slug in NEW_SKILLS:
        skill = Skill.objects.get(slug=slug)
        assert skill.resources.exists(), slug
        assert skill.alias_list, slug
        assert skill.requirements.exists(), slug


def test_the_ml_engineer_has_the_operations_skills_of_a_2026_posting(demo_content):
    for slug in ("airflow", "observability", "data-versioning", "feature-stores"):
        assert Requirement.objects.filter(role__slug=MLE, skill__slug=slug).exists(), slug
    kubernetes = _req(MLE, "kubernetes")
    assert (kubernetes.importance, kubernetes.target_level) == (4, 3)
    assert _req(MLE, "docker").is_essential
    assert _req(MLE, "ci-cd-ml").is_essential
    for slug in ("algorithm-selection", "problem-solving"):
        row = _req(MLE, slug)
        assert not (row.importance == 5 and row.is_essential), slug
    assert (
        set(Requirement.objects.filter(role__slug=MLE).values_list("skill__slug", flat=True))
        >= NEW_SKILLS
    )


def test_the_cloud_ml_platforms_are_any_one_of_not_all_three(demo_content):
    rows = [_req(MLE, slug) for slug in CLOUD_ML_PLATFORMS]
    assert not any(row.is_essential for row in rows)
    assert len({(row.importance, row.target_level) for row in rows}) == 1
    assert all(row.importance <= 2 for row in rows)


def test_mlops_asks_for_pytorch_and_keeps_tfx_as_a_nice_to_have(demo_content):
    assert _req("mlops-engineer", "pytorch")
    assert not Requirement.objects.filter(
        role__slug="mlops-engineer", skill__slug="tensorflow"
    ).exists()
    tfx = _req("mlops-engineer", "tfx")
    assert tfx.importance == 1
    assert not tfx.is_essential


def test_research_scientist_targets_follow_importance(demo_content):
    for row in Requirement.objects.filter(role__slug="ai-research-scientist"):
        assert row.target_level <= row.importance, row.skill.slug


def test_nice_to_haves_never_target_above_guided_anywhere(demo_content):
    for row in Requirement.objects.filter(importance=1):
        assert row.target_level <= 2, (row.role.slug, row.skill.slug)


def test_an_agents_project_for_ai_engineers_and_a_governance_one_for_consultants(demo_content):
    agents = ProjectIdea.objects.filter(
        roles__slug="ai-engineer", skills_exercised__skill__slug="ai-agents"
    )
    assert agents.exists()
    governance = ProjectIdea.objects.filter(
        roles__slug="ai-consultant", skills_exercised__skill__slug="ai-governance"
    )
    assert governance.exists()


def test_renamed_products_keep_their_old_names_as_aliases(demo_content):
    vertex = Skill.objects.get(slug="google-cloud-ai-platform")
    assert "Gemini Enterprise Agent Platform" in vertex.name
    assert "Vertex AI" in vertex.alias_list
    sagemaker = Skill.objects.get(slug="aws-sagemaker")
    assert "SageMaker AI" in sagemaker.name
    assert "Amazon SageMaker" in sagemaker.alias_list
    watson = Skill.objects.get(slug="ibm-watson-studio")
    assert "Watson Studio" in watson.alias_list
