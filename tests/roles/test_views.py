"""The public pages: every page answers with its content, for anyone, in a constant number of
queries. (Certifications, health and errors, the demo content, the side column:
test_pages_more.py; the `mle` role: conftest.py.)"""

import pytest
from django.urls import reverse

from roles.cache import bump_generation
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    FAQEntryFactory,
    ProjectIdeaFactory,
    ProjectIdeaSkillFactory,
    RequirementFactory,
    ResourceFactory,
    ResponsibilityFactory,
    RoleFactory,
    SkillCategoryFactory,
    SkillFactory,
)
from tests.roles.pages import HTMX, queries, section

pytestmark = pytest.mark.django_db


# --- home ----------------------------------------------------------------------------------


def test_home_shows_the_career_paths_as_cards_and_a_signup_call(client, mle):
    RoleFactory(slug="hidden", title="Hidden Role", is_published=False)
    response = client.get(reverse("roles:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Machine Learning Engineer" in html
    assert "2 skills · 1 essential" in html
    assert "Python" in html  # an essential on the card
    assert reverse("accounts:signup") in html
    assert "How the readiness score works" in html
    assert "Hidden Role" not in html


def test_home_offers_a_signed_in_learner_the_dashboard(client, learner, mle):
    client.force_login(learner)
    html = client.get(reverse("roles:home")).content.decode()
    assert reverse("learners:dashboard") in html


# --- career list ---------------------------------------------------------------------------


@pytest.fixture
def three_roles(mle):
    ops = RoleFactory(slug="mlops-engineer", title="MLOps Engineer", summary="Runs models.")
    data = RoleFactory(slug="data-scientist", title="Data Scientist", summary="Finds insight.")
    docker = SkillFactory(slug="docker", name="Docker")
    RequirementFactory(role=ops, skill=docker)
    return mle, ops, data


def test_role_list_shows_every_published_role(client, three_roles):
    response = client.get(reverse("roles:role_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    for title in ("Machine Learning Engineer", "MLOps Engineer", "Data Scientist"):
        assert title in html
    assert 'id="role-results"' in html
    assert '<label class="form-label" for="q">' in html


def test_role_list_search_matches_title_alias_summary_and_skill(client, three_roles):
    def results(q):
        html = client.get(reverse("roles:role_list"), {"q": q}).content.decode()
        return section(html, "role-results")

    by_title = results("mlops")
    assert "MLOps Engineer" in by_title
    assert "Data Scientist" not in by_title
    by_alias = results("ai engineer")
    assert "Machine Learning Engineer" in by_alias
    assert "MLOps Engineer" not in by_alias
    by_summary = results("INSIGHT")
    assert "Data Scientist" in by_summary
    assert "Machine Learning Engineer" not in by_summary
    by_skill = results("docker")
    assert "MLOps Engineer" in by_skill
    assert "Data Scientist" not in by_skill


def test_role_list_answers_htmx_with_the_results_fragment_only(client, three_roles):
    response = client.get(reverse("roles:role_list"), {"q": "mlops"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="role-results"')
    assert "MLOps Engineer" in html
    assert "Machine Learning Engineer" not in html
    assert "HX-Request" in response["Vary"]


def test_role_list_full_page_also_varies_on_htmx(client, three_roles):
    response = client.get(reverse("roles:role_list"), {"q": "mlops"})
    assert "HX-Request" in response["Vary"]
    assert "<html" in response.content.decode()


def test_role_list_history_restore_gets_the_whole_page(client, three_roles):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    response = client.get(reverse("roles:role_list"), {"q": "mlops"}, headers=headers)
    assert "<html" in response.content.decode()


def test_role_list_filters_by_skill_category(client, three_roles):
    page = client.get(reverse("roles:role_list"), {"category": "maths"}).content.decode()
    html = section(page, "role-results")
    assert "Machine Learning Engineer" in html
    assert "MLOps Engineer" not in html


def test_role_list_ignores_an_unknown_category(client, three_roles):
    response = client.get(reverse("roles:role_list"), {"category": "nope"})
    assert response.status_code == 200
    assert "MLOps Engineer" in response.content.decode()


def test_role_list_says_when_nothing_matches_and_links_to_clear(client, three_roles):
    html = client.get(reverse("roles:role_list"), {"q": "astronaut"}).content.decode()
    assert "No career path matches" in html
    assert f'href="{reverse("roles:role_list")}">clear the search' in html


def test_role_list_form_works_without_javascript(client, three_roles):
    html = client.get(reverse("roles:role_list")).content.decode()
    assert f'method="get" action="{reverse("roles:role_list")}"' in html
    assert 'hx-get="/careers/"' in html
    assert 'hx-push-url="true"' in html


def test_role_list_queries_do_not_grow_with_content(client, three_roles):
    url = reverse("roles:role_list")
    few = queries(client, url, {"q": "engineer"})
    for n in range(10):
        role = RoleFactory(slug=f"extra-{n}", title=f"Extra Engineer {n}")
        RequirementFactory.create_batch(3, role=role, is_essential=True)
    many = queries(client, url, {"q": "engineer"})
    # The same at three roles and at thirteen, and a generous ceiling, not a copied count.
    assert many == few <= 6
    assert "Extra Engineer 9" in client.get(url, {"q": "engineer"}).content.decode()


# --- one role ------------------------------------------------------------------------------


def test_role_page_shows_everything_the_role_holds(client, mle):
    response = client.get(mle.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Machine Learning Engineer</h1>" in html
    assert "Also called: ML Engineer, AI Engineer" in html
    # responsibilities in their order
    assert html.index("Frame problems") < html.index("Deploy models")
    # skills grouped by category in category order, with importance and target in words
    assert html.index("Mathematics") < html.index("Tools and platforms")
    assert "Critical · essential" in html
    assert "Target: Advanced" in html
    assert "Very important · optional" in html
    assert "Target: Independent" in html
    assert '<rect width="80"' in html  # the bar for Advanced (4 of 5)
    # certifications: validity, retired and successor
    assert "valid 24 months" in html
    assert "does not expire" in html
    assert "replaced by" in html
    assert "/certifications/gcp-mle/" in html
    assert "Master&#x27;s in ML" in html
    assert "Churn predictor" in html
    assert "Statistics</a> (Independent)" in html
    assert "Fraud detection." in html
    assert "USD 100,000" in html
    assert "Indeed" in html
    assert "2024" in html
    assert "<summary" in html
    assert "Do I need a PhD?" in html
    assert reverse("learners:compare") in html
    assert reverse("accounts:signup") in html


def test_role_page_lists_tools_and_platforms(client, mle):
    html = client.get(mle.get_absolute_url()).content.decode()
    tools_section = html[html.index('id="tools-heading"') :]
    assert "Python" in tools_section[:800]


def test_role_page_links_related_roles_and_offers_compare(client, mle):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    mle.related_roles.add(other)
    html = client.get(mle.get_absolute_url()).content.decode()
    assert other.get_absolute_url() in html
    assert "?a=machine-learning-engineer&amp;b=data-scientist" in html
    assert '<option value="data-scientist">Data Scientist</option>' in html


def test_role_page_of_an_unknown_slug_is_404(client, db):
    response = client.get(reverse("roles:role_detail", args=["nobody"]))
    assert response.status_code == 404


def test_role_page_of_an_unpublished_role_is_404(client, db):
    hidden = RoleFactory(slug="draft", is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_role_page_queries_do_not_grow_with_content(client, mle):
    url = mle.get_absolute_url()
    few = queries(client, url)
    category = SkillCategoryFactory(slug="more", name="More")
    for n in range(15):
        skill = SkillFactory(slug=f"more-{n}", category=category)
        RequirementFactory(role=mle, skill=skill, is_essential=n % 2 == 0)
        ResponsibilityFactory(role=mle)
        FAQEntryFactory(role=mle)
        cert = CertificationFactory(slug=f"more-cert-{n}")
        cert.roles.add(mle)
        idea = ProjectIdeaFactory(slug=f"more-idea-{n}")
        idea.roles.add(mle)
        ProjectIdeaSkillFactory(idea=idea, skill=skill)
        mle.related_roles.add(RoleFactory(slug=f"more-role-{n}"))
    bump_generation()
    many = queries(client, url)
    assert many == few <= 15
    assert client.get(url).content.decode().count("Target: Independent") >= 16


def test_role_page_for_a_signed_in_learner_links_the_dashboard(client, learner, mle):
    client.force_login(learner)
    html = client.get(mle.get_absolute_url()).content.decode()
    assert reverse("learners:dashboard") in html


# --- skills --------------------------------------------------------------------------------


def test_skill_list_groups_skills_by_category_in_order(client, mle):
    response = client.get(reverse("roles:skill_list"))
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    html = section(response.content.decode(), "skill-results")
    assert html.index("Mathematics") < html.index("Statistics") < html.index("Tools and platforms")
    assert "All 2 skills" in html


def test_skill_list_filters_live_with_htmx(client, mle):
    response = client.get(reverse("roles:skill_list"), {"q": "pyth"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="skill-results"')
    assert "Python" in html
    assert "Statistics" not in html
    assert "HX-Request" in response["Vary"]


def test_skill_list_filters_by_kind_and_category_without_javascript(client, mle):
    url = reverse("roles:skill_list")
    by_kind = client.get(url, {"kind": "tool"}).content.decode()
    assert "<html" in by_kind
    assert "Python</a>" in by_kind
    assert "Statistics</a>" not in by_kind
    by_category = client.get(url, {"category": "maths"}).content.decode()
    assert "Statistics</a>" in by_category
    assert "Python</a>" not in by_category


def test_skill_list_says_when_nothing_matches(client, mle):
    html = client.get(reverse("roles:skill_list"), {"q": "zzz"}).content.decode()
    assert "No skill matches" in html


def test_skill_list_queries_do_not_grow_with_content(client, mle):
    url = reverse("roles:skill_list")
    few = queries(client, url, {"kind": "skill"})
    SkillFactory.create_batch(20)
    many = queries(client, url, {"kind": "skill"})
    # The same before and after twenty more skills, under a generous ceiling.
    assert many == few <= 5


def test_skill_page_shows_roles_resources_credits_and_ideas(client, mle):
    python = mle.requirements.get(skill__slug="python").skill
    stats = mle.requirements.get(skill__slug="statistics").skill
    python.prerequisites.add(stats)
    response = client.get(python.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Python</h1>" in html
    assert "Tool" in html
    assert "about 20 hours" in html
    assert "Machine Learning Engineer" in html
    assert "Target: Advanced" in html
    assert "The Python tutorial" in html
    assert "free" in html
    assert "Google Professional ML Engineer" in html
    assert "credits Advanced" in html
    learn_first = html[html.index('id="before-heading"') :]
    assert stats.get_absolute_url() in learn_first
    stats_html = client.get(stats.get_absolute_url()).content.decode()
    assert python.get_absolute_url() in stats_html[stats_html.index('id="unlocks-heading"') :]
    assert "Churn predictor" in stats_html


def test_skill_page_hides_unpublished_roles(client, mle):
    python = mle.requirements.get(skill__slug="python").skill
    RequirementFactory(
        role=RoleFactory(slug="secret", title="Secret Role", is_published=False), skill=python
    )
    assert "Secret Role" not in client.get(python.get_absolute_url()).content.decode()


def test_skill_page_of_an_unknown_slug_is_404(client, db):
    assert client.get(reverse("roles:skill_detail", args=["nope"])).status_code == 404


def test_skill_page_has_no_note_spot_for_visitors(client, mle):
    html = client.get(reverse("roles:skill_detail", args=["python"])).content.decode()
    assert "private note" not in html


def test_skill_page_loads_a_signed_in_learners_note_in_place(client, learner, mle):
    client.force_login(learner)
    html = client.get(reverse("roles:skill_detail", args=["python"])).content.decode()
    note_url = reverse("learners:skill_note", args=["python"])
    assert f'<a href="{note_url}" hx-get="{note_url}" hx-trigger="load"' in html
    assert "Add a private note" in html


def test_skill_page_queries_do_not_grow_with_content(client, mle):
    url = reverse("roles:skill_detail", args=["python"])
    python = mle.requirements.get(skill__slug="python").skill
    few = queries(client, url)
    for n in range(10):
        RequirementFactory(role=RoleFactory(slug=f"r-{n}"), skill=python)
        ResourceFactory(skill=python)
        CertificationSkillFactory(skill=python)
        ProjectIdeaSkillFactory(skill=python)
        python.prerequisites.add(SkillFactory())
    bump_generation()
    assert queries(client, url) == few <= 8
