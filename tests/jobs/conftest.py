"""Fixtures shared by the job-posting tests."""

import pytest

from tests.factories import RequirementFactory, SkillFactory


@pytest.fixture
def skills(role):
    python = SkillFactory(slug="python", name="Python")
    kubernetes = SkillFactory(slug="kubernetes", name="Kubernetes", aliases="k8s")
    docker = SkillFactory(slug="docker", name="Docker")
    airflow = SkillFactory(slug="airflow", name="Workflow orchestration", aliases="Airflow")
    for skill in (python, kubernetes, docker):
        RequirementFactory(role=role, skill=skill, is_essential=True, target_level=3)
    return {"python": python, "kubernetes": kubernetes, "docker": docker, "airflow": airflow}
