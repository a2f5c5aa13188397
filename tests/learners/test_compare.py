"""Comparing two roles: shared and distinct skills, what transfers (by the readiness engine),
and, for a signed-in learner, their own readiness for both and what a switch would cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import SkillRecord
from learners.readiness import role_profiles
from roles.cache import bump_generation
from tests.factories import RequirementFactory, RoleFactory, SkillFactory, SkillRecordFactory

pytestmark = pytest.mark.django_db

URL = reverse("learners:compare")


@pytest.fixture
def pair(role):
    """A = Machine Learning Engineer, B = MLOps Engineer.

    python: A Advanced (4), B Independent (3), B importance 5 essential → weight 10, covered
    stats:  A Independent (3) only
    docker: B Advanced (4), importance 4 → weight 4, not covered
    sql:    A Guided (2), B Independent (3), importance 3 → weight 3, A's target too low
    """
    ops = RoleFactory(slug="mlops-engineer", title="MLOps Engineer")
    python = SkillFactory(slug="python", name="Python", estimated_hours=100)
    stats = SkillFactory(slug="stats", name="Statistics")
    docker = SkillFactory(slug="docker", name="Docker", estimated_hours=40)
    sql = SkillFactory(slug="sql", name="SQL", estimated_hours=30)
    RequirementFactory(role=role, skill=python, target_level=4, importance=5, is_essential=True)
    RequirementFactory(role=role, skill=stats, target_level=3)
    RequirementFactory(role=role, skill=sql, target_level=2)
    RequirementFactory(role=ops, skill=python, target_level=3, importance=5, is_essential=True)
    RequirementFactory(role=ops, skill=docker, target_level=4, importance=4)
    RequirementFactory(role=ops, skill=sql, target_level=3, importance=3)
    return role, ops


def test_it_shows_shared_and_distinct_skills_with_both_targets(client, pair):
    response = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Machine Learning Engineer and MLOps Engineer" in html
    shared = html[html.index('id="shared-heading"') : html.index('id="only-a-heading"')]
    assert "Python" in shared
    assert "SQL" in shared
    assert "MLOps Engineer asks 1 level less" in shared  # Python: 4 → 3
    assert "MLOps Engineer asks 1 level more" in shared  # SQL: 2 → 3
    only_a = html[html.index('id="only-a-heading"') : html.index('id="only-b-heading"')]
    assert "Statistics" in only_a
    only_b = html[html.index('id="only-b-heading"') :]
    assert "Docker" in only_b
    assert "Python" not in only_b


def test_what_transfers_is_the_engines_readiness_of_someone_at_as_targets(client, pair):
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).content
    # Someone at A's targets: Python 4 meets B's 3 (W 10); Docker 0 of 4 (W 4); SQL 2 of 3
    # (W 3, partial credit 2/3). 100 × (10 + 0 + 2) / 17 = 70.6 → 70 %.
    assert b"<strong>70%</strong>" in html
    assert b'aria-valuenow="70"' in html
    # From A's targets: Docker 0 → Advanced 40 × 20/10 = 80 h; SQL Guided → Independent
    # 30 × 6/10 = 18 h.
    assert b"about 98 hours more learning" in html


def test_a_signed_in_learner_sees_their_own_readiness_for_both_and_a_switchs_cost(
    client, learner, pair
):
    SkillRecordFactory(user=learner, skill=SkillFactory(slug="python"), level=3)
    SkillRecordFactory(user=learner, skill=SkillFactory(slug="docker"), level=2)
    client.force_login(learner)
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).text
    # Python met; Docker 2 → 4: 40 × (20 − 4)/10 = 64 h; SQL 0 → 3: 30 h.
    assert "about <strong>94 hours</strong>" in html
    # A: Python 3 of 4 (W 10), Statistics and SQL nothing (W 3 each): 7.5 / 16 → 46.9 %;
    # B: (10 + 4 × 2/4) / 17 → 70.6 %.
    figures = dict(
        re.findall(r'data-readiness-role="([^"]+)" data-readiness-kind="claimed">(\d+)%', html)
    )
    assert figures == {"machine-learning-engineer": "46", "mlops-engineer": "70"}


def test_another_learners_levels_do_not_count(client, learner, other_learner, pair):
    SkillRecordFactory(user=other_learner, skill=SkillFactory(slug="python"), level=5)
    client.force_login(learner)
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).content
    assert b"about <strong>210 hours</strong>" in html  # 100 + 80 + 30


def test_a_visitor_is_invited_to_sign_up_instead(client, pair):
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).content
    assert b"what a switch would cost" not in html.lower()
    assert b"data-readiness-role" not in html
    assert reverse("accounts:signup").encode() in html


def test_without_both_roles_it_shows_the_form_with_a_hint(client, pair):
    response = client.get(URL, {"a": "machine-learning-engineer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose two career paths to compare." in html
    assert '<option value="machine-learning-engineer" selected>' in html
    assert 'id="compare-b"' in html


def test_the_same_role_twice_asks_for_two_different_ones(client, pair):
    response = client.get(URL, {"a": "mlops-engineer", "b": "mlops-engineer"})
    assert response.status_code == 200
    assert "two different career paths" in response.content.decode()


def test_an_unknown_role_is_404_with_the_form_and_a_message(client, pair):
    response = client.get(URL, {"a": "machine-learning-engineer", "b": "astronaut"})
    html = response.content.decode()
    assert response.status_code == 404
    assert "We have no career path called “astronaut”" in html
    assert '<form class="row g-2' in html


def test_an_unpublished_role_cannot_be_compared(client, pair):
    RoleFactory(slug="draft", is_published=False)
    response = client.get(URL, {"a": "machine-learning-engineer", "b": "draft"})
    assert response.status_code == 404


def queries(client, params) -> int:
    with CaptureQueriesContext(connection) as done:
        assert client.get(URL, params).status_code == 200
    return len(done)


def test_compare_takes_a_constant_number_of_queries(client, pair):
    params = {"a": "machine-learning-engineer", "b": "mlops-engineer"}
    cold = queries(client, params)  # the role profiles are built
    warm = queries(client, params)  # ...and kept under the content generation
    assert warm <= 3 < cold <= 12
    a, b = pair
    for _ in range(10):
        skill = SkillFactory()
        RequirementFactory(role=a, skill=skill)
        RequirementFactory(role=b, skill=skill)
    bump_generation()
    assert queries(client, params) == cold
    assert queries(client, params) == warm


def test_every_demo_role_page_links_to_compare(client, demo_content):
    from roles.models import Role

    for role in Role.objects.published():
        html = client.get(role.get_absolute_url()).content.decode()
        assert f"{URL}?a={role.slug}" in html


def test_demo_ml_engineer_and_mlops_share_skills(client, demo_content):
    response = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<tbody>" in html
    assert "What transfers" in html


def test_a_learner_at_every_ml_engineer_target_reads_one_mlops_number_everywhere(
    client, learner, demo_content
):
    """The reported case: the dashboard said 55 % for MLOps while compare said "covers 41 %"."""
    profiles = {p.slug: p for p in role_profiles().values()}
    SkillRecord.objects.bulk_create(
        SkillRecord(user=learner, skill_id=spec.skill_id, level=spec.target)
        for spec in profiles["machine-learning-engineer"].requirements
    )
    client.force_login(learner)
    dashboard = client.get(reverse("learners:dashboard")).text
    mine = re.search(
        r'data-readiness-role="mlops-engineer" data-readiness-kind="claimed">(\d+)%', dashboard
    ).group(1)
    compare = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).text
    assert f"<strong>{mine}%</strong> ready for" in compare
    assert re.findall(
        r'data-readiness-role="mlops-engineer" data-readiness-kind="claimed">(\d+)%', compare
    ) == [mine]
