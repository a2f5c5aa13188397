"""The readiness box on a role page is served by the learners app: the role page is the same for
every visitor, htmx loads the box, and without JavaScript its link opens it as a page."""

import pathlib
import re

import pytest
from django.urls import reverse

from tests.factories import RequirementFactory, RoleFactory, SkillRecordFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def role():
    role = RoleFactory(slug="data-analyst", title="Data Analyst")
    RequirementFactory(role=role, target_level=4, importance=3)
    return role


def box_url(role) -> str:
    return reverse("learners:role_readiness", args=[role.slug])


def test_the_role_page_is_the_same_for_a_learner_and_a_visitor(client, learner, role):
    page = reverse("roles:role_detail", args=[role.slug])
    visitor = client.get(page).content.decode()
    client.force_login(learner)
    signed_in = client.get(page).content.decode()
    box = f'hx-get="{box_url(role)}" hx-trigger="load"'
    assert box in visitor
    assert box in signed_in
    assert f'href="{box_url(role)}"' in visitor  # the link without JavaScript
    assert "Your readiness for" not in signed_in


def test_a_learner_gets_their_readiness_as_a_fragment_with_htmx(client, learner, role):
    requirement = role.requirements.get()
    SkillRecordFactory(user=learner, skill=requirement.skill, level=2)
    client.force_login(learner)
    response = client.get(box_url(role), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="role-readiness-box"' in html
    assert "Your readiness for Data Analyst" in html
    assert 'data-readiness-role="data-analyst"' in html
    assert "50%" in html  # level 2 of target 4
    assert "HX-Request" in response["Vary"]
    assert "private" in response["Cache-Control"]


def test_without_javascript_the_box_is_a_page_of_its_own(client, learner, role):
    client.force_login(learner)
    response = client.get(box_url(role))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Your readiness for Data Analyst" in html
    assert f'href="{reverse("roles:role_detail", args=[role.slug])}"' in html


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_visitor_gets_a_sign_up_box_not_a_score(client, role, headers):
    response = client.get(box_url(role), headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign up free" in html
    assert "/login/?next=/careers/data-analyst/" in html or "next=%2Fcareers%2F" in html
    assert "Your readiness" not in html


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_an_unknown_or_unpublished_role_answers_404(client, learner, headers):
    RoleFactory(slug="draft", is_published=False)
    client.force_login(learner)
    for slug in ("no-such-role", "draft"):
        url = reverse("learners:role_readiness", args=[slug])
        assert client.get(url, headers=headers).status_code == 404


def test_no_roles_template_loads_the_learners_tags():
    loaded = {
        str(path.relative_to(ROOT)): {
            name
            for tags in re.findall(r"{%\s*load\s+([^%]+)%}", path.read_text())
            for name in tags.split()
        }
        for path in (ROOT / "templates/roles").rglob("*.html")
    }
    assert {path: names for path, names in loaded.items() if "scores" in names} == {}
