"""One truth: for any learner, every page that shows a readiness figure shows the engine's number
for that role, rounded by the one rule, and the export says the same.

Random learners (ratings, certifications with and without expiry and verification link,
projects in every status, with and without a link) are recorded in the database and then read
back through the pages: the dashboard (meter and every-role table, for the target role and for
another role on screen), the plan, the compare page and the public profile, plus the JSON export.
"""

import datetime as dt
import json
import re
from collections import defaultdict

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learners.models import (
    EarnedCertification,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
    User,
)
from learners.readiness import compute_readiness, display_percent, load_records, role_profiles
from tests import factories as f

pytestmark = pytest.mark.django_db

FIGURE = re.compile(
    r'data-readiness-role="(?P<role>[^"]+)" data-readiness-kind="(?P<kind>claimed|evidenced)">'
    r"(?P<pct>\d+)%"
)
TODAY = dt.date.today()
SKILLS = 6


@pytest.fixture
def world(db):
    """Three roles over six skills with different targets, importances and essentials; two
    certifications crediting some of them (one with a validity)."""
    category = f.SkillCategoryFactory(slug="core", name="Core")
    skills = [
        f.SkillFactory(slug=f"s{i}", name=f"Skill {i}", category=category) for i in range(SKILLS)
    ]
    skills[3].prerequisites.add(skills[0])
    roles = [
        f.RoleFactory(slug=slug, title=title)
        for slug, title in (("alpha", "Alpha"), ("beta", "Beta"), ("gamma", "Gamma"))
    ]
    shapes = {
        "alpha": [(0, 5, True, 3), (1, 3, False, 2), (2, 2, False, 4), (3, 4, True, 3)],
        "beta": [(0, 2, False, 2), (3, 5, True, 4), (4, 3, True, 3), (5, 1, False, 5)],
        "gamma": [(1, 4, True, 5), (2, 3, False, 1), (5, 5, True, 3)],
    }
    for role in roles:
        for index, importance, essential, target in shapes[role.slug]:
            f.RequirementFactory(
                role=role,
                skill=skills[index],
                importance=importance,
                is_essential=essential,
                target_level=target,
            )
    certifications = [
        f.CertificationFactory(slug="c-forever", name="Forever cert", validity_months=None),
        f.CertificationFactory(slug="c-two-years", name="Two-year cert", validity_months=24),
    ]
    f.CertificationSkillFactory(certification=certifications[0], skill=skills[0], level=4)
    f.CertificationSkillFactory(certification=certifications[0], skill=skills[4], level=2)
    f.CertificationSkillFactory(certification=certifications[1], skill=skills[3], level=3)
    f.CertificationSkillFactory(certification=certifications[1], skill=skills[5], level=5)
    return {"skills": skills, "roles": roles, "certifications": certifications}


earned = st.fixed_dictionaries(
    {
        "certification": st.integers(0, 1),
        "issued_days_ago": st.integers(0, 1500),
        "expires_in_days": st.none() | st.integers(-400, 400),
        "verified": st.booleans(),
    }
)
projects = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["planned", "in_progress", "done"]),
        "linked": st.booleans(),
        "skills": st.dictionaries(st.integers(0, SKILLS - 1), st.integers(1, 5), max_size=3),
    }
)
learners = st.fixed_dictionaries(
    {
        "ratings": st.dictionaries(st.integers(0, SKILLS - 1), st.integers(0, 5), max_size=SKILLS),
        "earned": st.lists(earned, max_size=2),
        "projects": st.lists(projects, max_size=2),
        "target": st.sampled_from(["alpha", "beta", "gamma"]),
    }
)


def record(world, user, spec) -> None:
    skills = world["skills"]
    SkillRecord.objects.bulk_create(
        SkillRecord(user=user, skill=skills[i], level=level) for i, level in spec["ratings"].items()
    )
    for n, item in enumerate(spec["earned"]):
        issued = TODAY - dt.timedelta(days=item["issued_days_ago"])
        expires = item["expires_in_days"]
        EarnedCertification.objects.create(
            user=user,
            certification=world["certifications"][item["certification"]],
            # Never the same (cert, day) twice, whatever days ago each was drawn.
            issued_on=issued - dt.timedelta(days=1000 * n),
            expires_on=None if expires is None else max(issued, TODAY + dt.timedelta(expires)),
            verification_url="https://verify.example.org/x" if item["verified"] else "",
        )
    for n, item in enumerate(spec["projects"]):
        done = item["status"] == "done"
        project = PortfolioProject.objects.create(
            user=user,
            title=f"Project {n}",
            status=item["status"],
            completed_on=TODAY if done else None,
            repository_url="https://github.com/ada/p" if item["linked"] else "",
        )
        ProjectSkill.objects.bulk_create(
            ProjectSkill(project=project, skill=skills[i], level=level)
            for i, level in item["skills"].items()
        )


def figures(html: str) -> dict[tuple[str, str], set[str]]:
    found = defaultdict(set)
    for match in FIGURE.finditer(html):
        found[(match["role"], match["kind"])].add(match["pct"])
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=learners)
def test_every_page_shows_the_engines_number_for_every_role(world, spec):
    roles = {r.slug: r for r in world["roles"]}
    user = User.objects.create_user(
        email=f"l{User.objects.count()}@example.com",
        password="x-long-enough-password",
        handle=f"learner-{User.objects.count()}",
        target_role=roles[spec["target"]],
        is_public=True,
    )
    record(world, user, spec)
    records = load_records(user)
    engine = {
        profile.slug: compute_readiness(profile, records, today=TODAY)
        for profile in role_profiles().values()
    }
    expected = {
        (slug, kind): str(display_percent(score))
        for slug, r in engine.items()
        for kind, score in (("claimed", r.score), ("evidenced", r.evidenced_score))
    }
    client = Client()
    client.force_login(user)
    other = next(slug for slug in roles if slug != spec["target"])
    pages = {
        "dashboard": reverse("learners:dashboard"),
        "dashboard, another role": reverse("learners:dashboard") + f"?role={other}",
        "plan": reverse("learners:plan"),
        "compare": reverse("learners:compare") + f"?a={spec['target']}&b={other}",
        "profile": reverse("accounts:profile", args=[user.handle]),
    }
    seen = set()
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        for key, shown in figures(response.text).items():
            assert shown == {expected[key]}, (name, key, shown, expected[key])
            seen.add(key)
    assert seen == set(expected), "every role and kind appears somewhere"

    exported = json.loads(client.get(reverse("accounts:export")).getvalue())["readiness"]
    assert {
        (r["role"], kind): str(r[field])
        for r in exported
        for kind, field in (("claimed", "percent"), ("evidenced", "evidenced_percent"))
    } == expected
    for row in exported:
        result = engine[row["role"]]
        assert (row["essentials_met"], row["essentials_total"]) == (
            result.essentials_met,
            result.essentials_total,
        )
