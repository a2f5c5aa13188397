"""The public pages, continued: certifications, health and errors, the demo content, and the role
page's side column."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roles.cache import bump_generation
from roles.models import Level
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    RoleFactory,
)
from tests.roles.pages import queries, section

pytestmark = pytest.mark.django_db


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
