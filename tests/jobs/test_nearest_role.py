"""The nearest career path of a posting is the role whose holder brings it most, by the engine
(issue 23 item 3), not the one with the largest overlap of skill names: the posting page and the
compare page never disagree."""

import pytest
from django.urls import reverse

from jobs import pages
from jobs.models import JobPosting
from learners.readiness import role_profiles
from tests.factories import RequirementFactory, RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db
POSTINGS = [
    "ML Engineer\n\nRequirements\n- Python, PyTorch and Docker.\n",
    "MLOps Engineer\n\nRequirements\n- Kubernetes, Terraform and Docker.\n- Python.\n",
    "Data Scientist\n\nRequirements\n- SQL and statistics.\n- Python.\n",
]


@pytest.fixture
def roles(db):
    skills = {
        slug: SkillFactory(slug=slug, name=name)
        for slug, name in [
            ("python", "Python"),
            ("pytorch", "PyTorch"),
            ("docker", "Docker"),
            ("kubernetes", "Kubernetes"),
            ("terraform", "Terraform"),
            ("sql", "SQL"),
            ("statistics", "Statistics"),
        ]
    }
    made = {}
    for slug, title, asks, target in [
        # Broad, at high targets: shares only part of the first posting's skills...
        ("platform", "Platform Engineer", ["python", "docker", "kubernetes", "terraform"], 4),
        # ...narrow, at low targets: shares all of them (the largest overlap), brings little.
        ("tinkerer", "Tinkerer", ["python", "pytorch", "docker"], 1),
        ("ds", "Data Scientist", ["sql", "statistics", "python"], 3),
    ]:
        role = RoleFactory(slug=slug, title=title)
        for skill in asks:
            RequirementFactory(role=role, skill=skills[skill], target_level=target)
        made[slug] = role
    return made


def paste(client, text):
    client.post(reverse("jobs:new"), {"title": "Posting", "company": "", "url": "", "text": text})
    return JobPosting.objects.latest("id")


@pytest.mark.parametrize("text", POSTINGS)
def test_the_nearest_role_is_the_one_the_compare_page_says_brings_most(
    client, learner, roles, text
):
    client.force_login(learner)
    posting = paste(client, text)

    brings = {
        profile.slug: pages.compare_page(learner, posting, profile.slug).transfer.score
        for profile in role_profiles().values()
    }
    nearest = pages.nearest_slug(learner, posting)
    assert brings[nearest] == max(brings.values())
    page = client.get(posting.get_absolute_url()).text
    title = {r.slug: r.title for r in roles.values()}[nearest]
    assert f'This posting is closest to <a href="/careers/{nearest}/">{title}</a>' in page


def test_the_largest_overlap_of_names_is_not_what_makes_a_role_nearest(client, learner, roles):
    client.force_login(learner)
    posting = paste(client, POSTINGS[0])
    # The tinkerer shares all three skills at level 1; the platform engineer two of them at 4.
    assert pages.nearest_slug(learner, posting) == "platform"
