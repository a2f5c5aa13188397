"""The public pages: every page answers with its content, for anyone, in a constant number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roles.cache import bump_generation
from roles.models import Level
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
    RoleFactory,
    SkillCategoryFactory,
    SkillFactory,
)


def queries(client, url, params=None) -> int:
    """How many queries one GET of `url` runs."""
    with CaptureQueriesContext(connection) as done:
        client.get(url, params or {})
    return len(done)


pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def section(html: str, element_id: str) -> str:
    """The part of a page from the element with this id to the end of its <section>."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


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


# --- certifications ------------------------------------------------------------------------


def test_certification_list_shows_issuer_validity_and_retirement(client, mle):
    response = client.get(reverse("roles:certification_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Google Professional ML Engineer" in html
    assert "Example Issuer" in html
    assert "valid 24 months" in html
    assert "does not expire" in html
    assert "Retired" in html


def test_certification_page_shows_skills_roles_and_official_link(client, mle):
    response = client.get(reverse("roles:certification_detail", args=["gcp-mle"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Google Professional ML Engineer</h1>" in html
    assert "Cloud or vendor" in html
    assert "valid 24 months" in html
    assert "credits Advanced" in html
    assert mle.get_absolute_url() in html
    assert 'href="https://example.org/cert"' in html
    assert "Old Cert" in html  # it replaces the retired one


def test_retired_certification_points_to_its_successor(client, mle):
    html = client.get(reverse("roles:certification_detail", args=["old-cert"])).content.decode()
    assert "This certification is retired" in html
    assert reverse("roles:certification_detail", args=["gcp-mle"]) in html
    assert "does not expire" in html


def test_certification_page_of_an_unknown_slug_is_404(client, db):
    response = client.get(reverse("roles:certification_detail", args=["nope"]))
    assert response.status_code == 404


def test_certification_pages_queries_do_not_grow_with_content(client, mle):
    detail = reverse("roles:certification_detail", args=["gcp-mle"])
    listing = reverse("roles:certification_list")
    cert = CertificationFactory(slug="gcp-mle")
    bump_generation()
    few = queries(client, detail), queries(client, listing)
    for n in range(10):
        CertificationSkillFactory(certification=cert)
        cert.roles.add(RoleFactory(slug=f"x-{n}"))
        CertificationFactory(successor=cert, is_retired=True)
    bump_generation()
    many = queries(client, detail), queries(client, listing)
    assert many == few
    assert many[0] <= 6


# --- health and errors ---------------------------------------------------------------------


def test_healthz_answers_ok_when_the_database_answers(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("roles:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_database_does_not():
    # A real process whose database does not answer (nothing listens on port 1).
    import json
    import os
    import subprocess
    import sys

    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz/', HTTP_HOST='localhost'); "
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerhub.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_CONN_MAX_AGE": "0",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {"status": "error", "database": "unreachable", "cache": "ok"}


def test_unknown_address_shows_the_friendly_404_page(client, db):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in html
    assert f'href="{reverse("roles:home")}"' in html
    assert "Traceback" not in html
    assert "SECRET_KEY" not in html


def test_the_500_page_renders_without_a_request_or_database(rf, settings):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert 'href="/"' in html


def test_bad_request_and_forbidden_pages_are_friendly(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    from roles.views import bad_request

    request = rf.get("/")
    request.user = AnonymousUser()
    assert "could not understand" in bad_request(request).content.decode()
    forbidden = permission_denied(request, PermissionDenied())
    assert forbidden.status_code == 403
    assert "You cannot open this page" in forbidden.content.decode()


def test_level_labels_come_from_the_scale():
    # The words the pages show are the model's labels, not copies.
    assert Level(4).label == "Advanced"


# --- with the demo content -----------------------------------------------------------------


def test_every_public_page_of_the_demo_content_answers(client, demo_content):
    from roles.models import Certification, Role, Skill

    urls = [reverse(n) for n in ("roles:home", "roles:role_list", "roles:skill_list")]
    urls += [reverse("roles:certification_list")]
    urls += [r.get_absolute_url() for r in Role.objects.published()]
    urls += [s.get_absolute_url() for s in Skill.objects.all()]
    urls += [c.get_absolute_url() for c in Certification.objects.recognised()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<title>" in response.content.decode(), url


def test_demo_ml_engineer_page_shows_its_salary_source_and_skill_levels(client, demo_content):
    html = client.get(reverse("roles:role_detail", args=["machine-learning-engineer"])).content
    html = html.decode()
    assert "No official statistics series reports machine learning engineers on their own" in html
    assert "Yearly pay of software developers, the nearest occupation" in html
    assert "U.S. Bureau of Labor Statistics" in html
    assert "Target: " in html
    assert "Programming languages" in html
    assert html.index("Programming languages") < html.index("Mathematics &amp; statistics")
    tools = section(html, "tools-heading")
    assert "Python" in tools  # a language counts as tooling
    assert "TensorFlow" in tools


def test_demo_pages_take_no_more_queries_than_small_ones(client, demo_content):
    cert = "google-professional-machine-learning-engineer"
    ceilings = {
        reverse("roles:role_detail", args=["machine-learning-engineer"]): 15,
        reverse("roles:home"): 3,
        reverse("roles:skill_detail", args=["python"]): 8,
        reverse("roles:certification_detail", args=[cert]): 6,
    }
    for url, most in ceilings.items():
        assert queries(client, url) <= most, url
    assert queries(client, reverse("roles:role_list"), {"q": "e"}) <= 4


def test_demo_tools_list_languages_but_not_theory(client, demo_content):
    html = client.get(reverse("roles:role_detail", args=["machine-learning-engineer"])).content
    tools = section(html.decode(), "tools-heading")
    assert "Algorithms and data structures" not in tools
    assert "Linear algebra" not in tools


# --- the role page's side column: summary, how ready you are, pay ------------------------------


def test_role_page_puts_its_side_column_before_the_details_for_a_phone(client, mle):
    html = client.get(mle.get_absolute_url()).content.decode()
    # One column on a phone follows the document: summary, readiness, pay, then the details.
    order = ["summary-heading", "ready-heading", "salary-heading", "overview-heading"]
    positions = [html.index(f'id="{element_id}"') for element_id in order]
    assert positions == sorted(positions)
    assert 'class="role-aside"' in html
    assert mle.summary in section(html, "summary-heading")


def readiness_box(client, role):
    """The role page's readiness box as htmx loads it from the learners app (the page itself is
    the same for every visitor)."""
    url = reverse("learners:role_readiness", args=[role.slug])
    return client.get(url, headers={"HX-Request": "true"})


def test_role_page_asks_a_visitor_to_sign_up_or_log_in_to_see_their_readiness(client, mle):
    ready = section(readiness_box(client, mle).content.decode(), "ready-heading")
    assert reverse("accounts:signup") in ready
    assert f"{reverse('accounts:login')}?next=/careers/machine-learning-engineer/" in ready
    assert "data-readiness-role" not in ready


def test_role_page_shows_a_signed_in_learner_their_readiness_for_it(client, mle, learner):
    from learners.models import SkillRecord

    python = mle.requirements.get(skill__slug="python").skill
    SkillRecord.objects.create(user=learner, skill=python, level=4)
    client.force_login(learner)

    ready = section(readiness_box(client, mle).content.decode(), "ready-heading")

    # Python (importance 5, essential: weight 10) is met, Statistics (weight 4) is not:
    # 100 × 10 / 14 = 71.4, shown as 71% on every page.
    claimed = 'data-readiness-role="machine-learning-engineer" data-readiness-kind="claimed">71%'
    assert claimed in ready
    assert 'role="progressbar"' in ready
    assert 'aria-valuenow="71"' in ready
    assert "Essentials met: <strong>1 of 1</strong>" in ready
    assert f"{reverse('learners:dashboard')}?role=machine-learning-engineer" in ready
    assert reverse("accounts:signup") not in ready


def test_role_page_readiness_is_the_dashboards_own(client, mle, learner):
    from learners.models import SkillRecord

    stats = mle.requirements.get(skill__slug="statistics").skill
    SkillRecord.objects.create(user=learner, skill=stats, level=2)
    client.force_login(learner)
    figure = 'data-readiness-role="machine-learning-engineer" data-readiness-kind="claimed">'

    role_page = readiness_box(client, mle).content.decode()
    dashboard = client.get(reverse("learners:dashboard"), {"role": mle.slug}).content.decode()

    def shown(html: str) -> str:
        start = html.index(figure) + len(figure)
        return html[start : html.index("</span>", start)]

    assert shown(role_page) == shown(dashboard) == "19%"  # 100 × 4 × 2/3 / 14 = 19.05


def test_role_page_of_a_learner_is_never_shown_to_a_visitor(client, mle, learner):
    client.force_login(learner)
    assert "data-readiness-role" in readiness_box(client, mle).content.decode()
    client.logout()

    ready = section(readiness_box(client, mle).content.decode(), "ready-heading")

    assert "data-readiness-role" not in ready
    assert reverse("accounts:signup") in ready


def test_role_page_of_a_learner_takes_the_same_queries_however_much_they_recorded(
    client, mle, learner, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learners.models import SkillRecord
    from roles.models import Certification
    from tests.factories import EarnedCertificationFactory, PortfolioProjectFactory

    client.force_login(learner)
    client.get(mle.get_absolute_url())  # the content caches, warm
    with CaptureQueriesContext(connection) as with_nothing:
        client.get(mle.get_absolute_url())
    for requirement in mle.requirements.all():
        SkillRecord.objects.create(user=learner, skill=requirement.skill, level=3)
    for certification in Certification.objects.all():
        EarnedCertificationFactory(user=learner, certification=certification)
    PortfolioProjectFactory.create_batch(3, user=learner)

    with django_assert_num_queries(len(with_nothing)):
        client.get(mle.get_absolute_url())


def test_role_page_shows_each_learner_only_their_own_readiness(client, mle, learner, other_learner):
    from learners.models import SkillRecord

    python = mle.requirements.get(skill__slug="python").skill
    SkillRecord.objects.create(user=learner, skill=python, level=4)
    figure = 'data-readiness-role="machine-learning-engineer" data-readiness-kind="claimed">'

    client.force_login(learner)
    assert f"{figure}71%" in readiness_box(client, mle).content.decode()
    client.force_login(other_learner)
    ready = section(readiness_box(client, mle).content.decode(), "ready-heading")

    assert f"{figure}0%" in ready
    assert "71%" not in ready
