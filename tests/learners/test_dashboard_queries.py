"""The dashboard, each htmx partial and each record form run in the same number of queries
with 1 record and with 500 (and the dashboard and a level change in at most 12)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
)
from roles.models import Skill
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    EducationPathFactory,
    SkillCategoryFactory,
)
from tests.learners.test_dashboard import make_role

HX = {"HX-Request": "true"}


def seed(user, n, *, category, certification, degree):
    """n skill ratings, certifications, projects (one skill each) and education records."""
    skills = Skill.objects.bulk_create(
        Skill(
            slug=f"{user.handle}-s{i}",
            name=f"{user.handle} skill {i}",
            category=category,
            description="x",
        )
        for i in range(n)
    )
    SkillRecord.objects.bulk_create(
        SkillRecord(user=user, skill=s, level=2, note="a note") for s in skills
    )
    start = dt.date(2020, 1, 1)
    EarnedCertification.objects.bulk_create(
        EarnedCertification(
            user=user,
            certification=certification,
            issued_on=start + dt.timedelta(days=i),
            expires_on=start + dt.timedelta(days=i + 2000),
            verification_url="https://verify.example.org/x",
        )
        for i in range(n)
    )
    projects = PortfolioProject.objects.bulk_create(
        PortfolioProject(
            user=user,
            title=f"Project {i}",
            status="done",
            completed_on=start,
            repository_url="https://git.example.org/p",
        )
        for i in range(n)
    )
    ProjectSkill.objects.bulk_create(
        ProjectSkill(project=p, skill=s, level=3) for p, s in zip(projects, skills, strict=True)
    )
    EducationRecord.objects.bulk_create(
        EducationRecord(user=user, education_path=degree, institution="Uni", year=2010 + i % 20)
        for i in range(n)
    )
    return skills


@pytest.fixture
def two_learners(learner, other_learner, role):
    role_skills = make_role(role, 6)
    category = SkillCategoryFactory(slug="bulk", name="Bulk")
    certification = CertificationFactory(name="Bulk Cert")
    CertificationSkillFactory(certification=certification, skill=role_skills[0], level=3)
    degree = EducationPathFactory(title="BSc Bulk")
    seed(learner, 1, category=category, certification=certification, degree=degree)
    seed(other_learner, 500, category=category, certification=certification, degree=degree)
    return role_skills


def queries(client, user, method, url, data=None, headers=None):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {}, headers=headers or {})
    assert response.status_code < 500
    return len(ctx), response


def first_pk(user, model):
    return model.objects.filter(user=user).order_by("pk").values_list("pk", flat=True)[0]


def requests(user, skill):
    cert = first_pk(user, EarnedCertification)
    project = first_pk(user, PortfolioProject)
    education = first_pk(user, EducationRecord)
    level = reverse("learners:set_skill_level", args=[skill.slug])
    note = reverse("learners:skill_note", args=[skill.slug])
    return {
        "dashboard": ("get", "/dashboard/", None, {}),
        "dashboard htmx": ("get", "/dashboard/", None, HX),
        "level htmx": ("post", level, {"level": 3}, HX),
        "level no js": ("post", level, {"level": 2}, {}),
        "target htmx": (
            "post",
            reverse("learners:set_target_role"),
            {"role": "machine-learning-engineer"},
            HX,
        ),
        "note get htmx": ("get", note, None, HX),
        "note post htmx": ("post", note, {"note": "practise"}, HX),
        "plan": ("get", reverse("learners:plan"), None, {}),
        "certification add": ("get", reverse("learners:certification_add"), None, HX),
        "certification edit": (
            "get",
            reverse("learners:certification_edit", args=[cert]),
            None,
            HX,
        ),
        "certification edit post": (
            "post",
            reverse("learners:certification_edit", args=[cert]),
            {"certification": "", "issued_on": "2021-01-01"},
            HX,
        ),
        "certification delete": (
            "get",
            reverse("learners:certification_delete", args=[cert]),
            None,
            {},
        ),
        "project add": ("get", reverse("learners:project_add"), None, HX),
        "project edit": ("get", reverse("learners:project_edit", args=[project]), None, HX),
        "project add post": (
            "post",
            reverse("learners:project_add"),
            {"title": "New", "status": "planned", "skill_level": 2},
            HX,
        ),
        "education add": ("get", reverse("learners:education_add"), None, HX),
        "education edit": ("get", reverse("learners:education_edit", args=[education]), None, {}),
        "education delete post": (
            "post",
            reverse("learners:education_delete", args=[education]),
            None,
            HX,
        ),
    }


def test_every_dashboard_request_runs_in_constant_queries(
    client, learner, other_learner, two_learners
):
    skill = two_learners[1]
    few = requests(learner, skill)
    many = requests(other_learner, skill)
    measured = {}
    # Warm the content cache (role profiles) so both runs see the same state.
    queries(client, learner, "get", "/dashboard/plan/")
    for name in few:
        small, _ = queries(client, learner, *few[name])
        large, _ = queries(client, other_learner, *many[name])
        measured[name] = (small, large)
    unequal = {name: counts for name, counts in measured.items() if counts[0] != counts[1]}
    assert unequal == {}


def test_the_dashboard_and_a_level_change_stay_within_twelve_queries(
    client, other_learner, two_learners
):
    level = reverse("learners:set_skill_level", args=[two_learners[1].slug])
    # A returning learner (dashboard seen before) is the costlier case: the content-change check.
    queries(client, other_learner, "get", "/dashboard/")
    count, _ = queries(client, other_learner, "get", "/dashboard/")
    assert count <= 12
    count, _ = queries(client, other_learner, "post", level, {"level": 4}, HX)
    assert count <= 12


def test_a_level_change_response_is_small_beside_the_dashboard(client, learner, demo_content):
    client.force_login(learner)
    dashboard = client.get("/dashboard/")
    slug = dashboard.content.decode().split('id="req-', 1)[1].split('"', 1)[0]
    level = client.post(reverse("learners:set_skill_level", args=[slug]), {"level": 3}, headers=HX)
    assert level.status_code == 200
    assert len(level.content) <= 0.15 * len(dashboard.content)
