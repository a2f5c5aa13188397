"""Comparing two roles: shared and distinct skills, what transfers, and what a switch would cost
a signed-in learner."""

import pytest
from django.urls import reverse

from roles.models import Requirement
from roles.queries import switch_cost_hours, transfer_share
from tests.factories import RequirementFactory, RoleFactory, SkillFactory, SkillRecordFactory

pytestmark = pytest.mark.django_db

URL = reverse("roles:role_compare")


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


def test_it_says_what_transfers_as_a_weighted_share(client, pair):
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).content
    # 10 of 17 weight points of MLOps are met by ML engineer targets.
    assert b"<strong>59%</strong>" in html
    assert b'aria-valuenow="59"' in html


def test_transfer_share_counts_only_requirements_met_at_target(pair):
    a, b = pair
    assert transfer_share(a.requirements.all(), b.requirements.all()) == pytest.approx(10 / 17)
    assert transfer_share(b.requirements.all(), b.requirements.all()) == 1
    assert transfer_share(a.requirements.all(), []) == 0


def test_switch_cost_sums_hours_scaled_by_the_gap(pair):
    _, ops = pair
    requirements = list(Requirement.objects.filter(role=ops).select_related("skill"))
    python, docker, sql = (SkillFactory(slug=s) for s in ("python", "docker", "sql"))
    # nothing known: every skill's full hours
    assert switch_cost_hours(requirements, {}) == 100 + 40 + 30
    # python met, docker half-way (2 of 4), sql 1 of 3 → 0 + 40·2/4 + 30·2/3
    levels = {python.pk: 5, docker.pk: 2, sql.pk: 1}
    assert switch_cost_hours(requirements, levels) == 40
    assert switch_cost_hours(requirements, {python.pk: 5, docker.pk: 5, sql.pk: 5}) == 0


def test_a_signed_in_learner_sees_what_a_switch_would_cost(client, learner, pair):
    SkillRecordFactory(user=learner, skill=SkillFactory(slug="python"), level=3)
    SkillRecordFactory(user=learner, skill=SkillFactory(slug="docker"), level=2)
    client.force_login(learner)
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).content
    assert b"about <strong>50 hours</strong>" in html  # 0 + 20 + 30


def test_another_learners_levels_do_not_count(client, learner, other_learner, pair):
    SkillRecordFactory(user=other_learner, skill=SkillFactory(slug="python"), level=5)
    client.force_login(learner)
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).content
    assert b"about <strong>170 hours</strong>" in html


def test_a_visitor_is_invited_to_sign_up_instead(client, pair):
    html = client.get(URL, {"a": "machine-learning-engineer", "b": "mlops-engineer"}).content
    assert b"what a switch would cost" not in html.lower()
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


def test_compare_takes_a_constant_number_of_queries(client, pair, django_assert_num_queries):
    params = {"a": "machine-learning-engineer", "b": "mlops-engineer"}
    with django_assert_num_queries(2):
        client.get(URL, params)
    a, b = pair
    for _ in range(10):
        skill = SkillFactory()
        RequirementFactory(role=a, skill=skill)
        RequirementFactory(role=b, skill=skill)
    with django_assert_num_queries(2):
        client.get(URL, params)


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
