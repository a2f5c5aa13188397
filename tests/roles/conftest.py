"""What the public pages' tests share: a role with a little of everything."""

import pytest

from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    EducationPathFactory,
    FAQEntryFactory,
    IndustryFactory,
    ProjectIdeaFactory,
    ProjectIdeaSkillFactory,
    RequirementFactory,
    ResourceFactory,
    ResponsibilityFactory,
    SkillCategoryFactory,
    SkillFactory,
)


@pytest.fixture
def mle(role):
    """The Machine Learning Engineer role with a little of everything."""
    maths = SkillCategoryFactory(slug="maths", name="Mathematics", order=1)
    tools = SkillCategoryFactory(slug="tooling", name="Tools and platforms", order=2)
    python = SkillFactory(slug="python", name="Python", kind="tool", category=tools)
    stats = SkillFactory(slug="statistics", name="Statistics", category=maths)
    RequirementFactory(role=role, skill=python, importance=5, is_essential=True, target_level=4)
    RequirementFactory(role=role, skill=stats, importance=4, target_level=3)
    ResponsibilityFactory(role=role, title="Deploy models", order=1)
    ResponsibilityFactory(role=role, title="Frame problems", order=0)
    role.aliases = "ML Engineer, AI Engineer"
    role.save()
    cert = CertificationFactory(slug="gcp-mle", name="Google Professional ML Engineer")
    cert.roles.add(role)
    old = CertificationFactory(
        slug="old-cert", name="Old Cert", is_retired=True, successor=cert, validity_months=None
    )
    old.roles.add(role)
    CertificationSkillFactory(certification=cert, skill=python, level=4)
    EducationPathFactory(slug="msc", title="Master's in ML", level="master").roles.add(role)
    idea = ProjectIdeaFactory(slug="churn", title="Churn predictor", difficulty="intermediate")
    idea.roles.add(role)
    ProjectIdeaSkillFactory(idea=idea, skill=stats, level=3)
    industry = IndustryFactory(slug="finance", name="Finance", ml_uses="Fraud detection.")
    role.industries.add(industry)
    FAQEntryFactory(role=role, question="Do I need a PhD?", answer="No.")
    ResourceFactory(skill=python, title="The Python tutorial", is_free=True)
    return role
