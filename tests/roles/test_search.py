"""Searching: the career list's live filter and the one search across roles, skills and
certifications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CertificationFactory,
    RequirementFactory,
    RoleFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def content(role):
    ops = RoleFactory(slug="mlops-engineer", title="MLOps Engineer", summary="Runs pipelines.")
    docker = SkillFactory(slug="docker", name="Docker", description="Containers.")
    RequirementFactory(role=ops, skill=docker)
    SkillFactory(slug="python", name="Python", description="A language.")
    CertificationFactory(slug="cka", name="Certified Kubernetes Administrator", issuer="CNCF")
    RoleFactory(slug="draft-docker-role", title="Docker Whisperer", is_published=False)
    return role


def test_search_page_without_javascript_lists_every_kind_of_match(client, content):
    response = client.get(reverse("roles:search"), {"q": "docker"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Search: docker" in html
    assert "MLOps Engineer" in html  # a role that requires Docker
    assert "/skills/docker/" in html
    assert "Docker Whisperer" not in html  # unpublished


def test_search_finds_certifications_by_issuer(client, content):
    html = client.get(reverse("roles:search"), {"q": "cncf"}).content.decode()
    assert "Certified Kubernetes Administrator" in html


def test_search_answers_htmx_with_the_results_panel_only(client, content):
    response = client.get(reverse("roles:search"), {"q": "python"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "/skills/python/" in html
    assert "All results for “python”" in html
    assert "HX-Request" in response["Vary"]


def test_search_panel_is_empty_for_an_empty_query(client, content):
    response = client.get(reverse("roles:search"), {"q": "  "}, headers=HTMX)
    assert "list-group" not in response.content.decode()


def test_search_says_when_nothing_matches(client, content):
    html = client.get(reverse("roles:search"), {"q": "quantum"}).content.decode()
    assert "Nothing matches “quantum”" in html


def test_search_escapes_what_was_typed(client, content):
    html = client.get(reverse("roles:search"), {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_search_takes_the_same_few_queries_however_much_matches(client, content):
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("roles:search"), {"q": "o"})
    SkillFactory.create_batch(20, description="Also o.")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("roles:search"), {"q": "o"})
    assert len(few.captured_queries) == len(many.captured_queries) <= 3


def test_every_page_has_the_header_search_box(client, content):
    html = client.get(reverse("roles:home")).content.decode()
    assert f'action="{reverse("roles:search")}"' in html
    assert '<label class="visually-hidden" for="header-q">' in html
    assert 'hx-target="#header-search-results"' in html


# --- with the demo content -----------------------------------------------------------------


def results_of(html: str) -> str:
    start = html.index('id="role-results"')
    return html[start : html.index("</section>", start)]


def test_ops_narrows_the_demo_careers_to_mlops_as_a_full_page(client, demo_content):
    response = client.get(reverse("roles:role_list"), {"q": "ops"})
    html = response.content.decode()
    assert "<html" in html
    results = results_of(html)
    assert "/careers/mlops-engineer/" in results
    assert results.count('class="stretched-link') == 1


def test_ops_narrows_the_demo_careers_to_mlops_as_a_fragment(client, demo_content):
    response = client.get(reverse("roles:role_list"), {"q": "ops"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "/careers/mlops-engineer/" in html
    assert html.count('class="stretched-link') == 1
    assert response["Vary"].count("HX-Request") == 1


def test_searching_a_skill_finds_the_demo_roles_needing_it(client, demo_content):
    html = client.get(reverse("roles:role_list"), {"q": "kubernetes"}).content.decode()
    results = results_of(html)
    assert "/careers/mlops-engineer/" in results
    assert "/careers/ai-consultant/" not in results


def test_site_search_finds_demo_skills_and_certifications(client, demo_content):
    skills = client.get(reverse("roles:search"), {"q": "tensorflow"}).content.decode()
    assert "/skills/tensorflow/" in skills
    certs = client.get(reverse("roles:search"), {"q": "amazon web"}).content.decode()
    assert "/certifications/aws-certified-machine-learning-specialty/" in certs


def test_a_search_term_loses_nul_characters_and_extra_length():
    from roles.queries import SEARCH_MAX_LENGTH, clean_query

    assert clean_query(" py\x00thon ") == "python"
    assert len(clean_query("x" * 5000)) == SEARCH_MAX_LENGTH
    assert clean_query(None) == ""


def test_odd_search_input_never_breaks_a_page(client, content):
    for url in (reverse("roles:role_list"), reverse("roles:skill_list"), reverse("roles:search")):
        for q in ("\x00", "%", "_", "'; drop table", "é" * 300):
            assert client.get(url, {"q": q}).status_code == 200, (url, q)
