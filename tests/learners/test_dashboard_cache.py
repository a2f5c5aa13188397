"""The cached dashboard (learners/dashboard_cache.py): a repeat visit is served from the cache in
the session and user queries alone, and every change to what the page shows is on the next one.

A hit is told from a miss by its queries: a hit sends the session and user queries (and at most
the "seen" UPDATE); a miss renders the page in many more.
"""

import datetime as dt
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners import services
from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
    User,
)
from roles.models import Requirement
from tests.conftest import PASSWORD
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    EarnedCertificationFactory,
    EducationPathFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    RequirementFactory,
    RoleFactory,
    SkillFactory,
    SkillRecordFactory,
)
from tests.learners.test_dashboard import make_role

DASHBOARD = "/dashboard/"
HX = {"HX-Request": "true"}
HIT_QUERIES = 3  # session, user, and at most the "seen" UPDATE
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
HX_TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')


@pytest.fixture
def skills(role):
    return make_role(role)


@pytest.fixture
def ada(client, learner, role, skills):
    """Ada, signed in, aiming at the role, seen the dashboard just now (so a visit marks
    nothing and the second GET is the first hit)."""
    User.objects.filter(pk=learner.pk).update(target_role=role, dashboard_seen_at=timezone.now())
    client.force_login(learner)
    return learner


def seen_now(user):
    """The learner has just looked (after the test's content is made): no "what changed"."""
    User.objects.filter(pk=user.pk).update(dashboard_seen_at=timezone.now())


def get(client, url=DASHBOARD, headers=None, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {}, headers=headers or {})
    return response, len(ctx)


def hit(client, url=DASHBOARD, headers=None, data=None) -> str:
    response, queries = get(client, url, headers, data)
    assert response.status_code == 200
    assert queries <= HIT_QUERIES, f"a miss ({queries} queries) where a hit was expected"
    return response.content.decode()


def miss(client, url=DASHBOARD, headers=None, data=None) -> str:
    response, queries = get(client, url, headers, data)
    assert response.status_code == 200
    assert queries > HIT_QUERIES, f"a hit ({queries} queries) where a fresh page was expected"
    return response.content.decode()


def cached(client, url=DASHBOARD, headers=None, data=None) -> str:
    """Render the page and check the next request is served from the cache."""
    miss(client, url, headers, data)
    return hit(client, url, headers, data)


def without_tokens(html: str) -> str:
    return HX_TOKEN.sub("X", TOKEN.sub("X", html))


def rated(html: str, skill, level: int) -> bool:
    return f'id="lvl-{skill.slug}-{level}" value="{level}" checked' in html


# --- served from the cache ------------------------------------------------------------------


def test_a_repeat_visit_is_served_from_the_cache_in_the_session_and_user_queries(
    client, ada, django_assert_max_num_queries
):
    first = miss(client)
    with django_assert_max_num_queries(HIT_QUERIES):
        second = client.get(DASHBOARD)
    assert second.status_code == 200
    assert "HX-Request" in second["Vary"]
    assert second["Content-Type"] == "text/html; charset=utf-8"
    html = second.content.decode()
    assert without_tokens(html) == without_tokens(first)
    assert "Your readiness for Machine Learning Engineer" in html


def test_a_first_visit_is_kept_under_the_key_the_next_visit_asks_for(client, learner, role, skills):
    """The first visit marks the dashboard seen, which is part of the key: the page (it shows no
    "what changed") is stored under the marked key, so the second visit is a hit."""
    client.force_login(learner)
    miss(client)
    hit(client)
    assert User.objects.get(pk=learner.pk).dashboard_seen_at is not None


def test_a_return_after_a_while_moves_the_mark_and_keeps_the_page(client, ada):
    from tests.learners.test_content_changes import age_history

    age_history()  # nothing changed since the last visit: no "what changed" notice
    cached(client)
    # Back a day later (the row changed: a fresh page), then the mark moves and it is kept.
    User.objects.filter(pk=ada.pk).update(dashboard_seen_at=timezone.now() - dt.timedelta(days=1))
    assert "changed since your last visit" not in miss(client)
    assert User.objects.get(pk=ada.pk).dashboard_seen_at > timezone.now() - dt.timedelta(minutes=1)
    hit(client)


def test_a_hit_that_moves_the_mark_keeps_the_page_under_the_moved_key(client, ada, monkeypatch):
    """Back after SAME_VISIT with nothing changed: the stored page is served and the mark moves,
    which re-keys the page; it is stored again under that key, so the next visit is a hit too."""
    monkeypatch.setattr(services, "SAME_VISIT", dt.timedelta(0))  # every visit is a new one
    cached(client)
    for _ in range(2):
        before = User.objects.get(pk=ada.pk).dashboard_seen_at
        hit(client)
        assert User.objects.get(pk=ada.pk).dashboard_seen_at > before


def test_a_cache_miss_stores_nothing_for_an_unknown_role(client, ada):
    assert client.get(DASHBOARD, {"role": "no-such-role"}).status_code == 404
    assert client.get(DASHBOARD, {"role": "no-such-role"}).status_code == 404


def test_any_other_query_parameter_is_never_cached(client, ada):
    cached(client)
    miss(client, data={"utm_source": "mail"})
    miss(client, data={"utm_source": "mail"})
    miss(client, data={"role": "machine-learning-engineer", "page": "2"})


def test_a_history_restore_is_rendered_whole_and_never_cached(client, ada):
    restore = {**HX, "HX-History-Restore-Request": "true"}
    cached(client)
    for _ in range(2):
        html = miss(client, headers=restore)
        assert "<html" in html
        assert "<title>Your readiness for" in html.split("<body", 1)[1]


# --- what is cached for whom ------------------------------------------------------------------


def test_another_learner_never_gets_adas_page(client, ada, other_learner, skills):
    cert = CertificationFactory(name="Ada's Own Cert")
    EarnedCertificationFactory(user=ada, certification=cert)
    assert "Ada&#x27;s Own Cert" in cached(client)

    bob = Client()
    User.objects.filter(pk=other_learner.pk).update(dashboard_seen_at=timezone.now())
    bob.force_login(other_learner)
    html = miss(bob)
    assert "Ada&#x27;s Own Cert" not in html
    assert "No certifications yet." in html
    assert "Ada&#x27;s Own Cert" not in hit(bob)
    assert "Ada&#x27;s Own Cert" in hit(client)


def test_the_htmx_partial_and_the_whole_page_are_cached_apart(client, ada):
    page = cached(client)
    partial = cached(client, headers=HX)
    assert "<html" in page
    assert "<html" not in partial
    assert partial.lstrip().startswith("<title>")
    assert "<html" in hit(client)
    assert "<html" not in hit(client, headers=HX)


def test_another_role_is_cached_apart(client, ada):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    make_role(other)
    assert "Your readiness for Machine Learning Engineer" in cached(client)
    assert "Your readiness for Data Scientist" in cached(client, data={"role": other.slug})
    assert "Your readiness for Machine Learning Engineer" in hit(client)
    assert "Your readiness for Data Scientist" in hit(client, data={"role": other.slug})


def test_a_pending_message_is_shown_and_the_page_with_it_never_cached(client, ada, skills):
    cached(client)
    # Without JavaScript, adding a record redirects here with a message.
    response = client.post(
        reverse("learners:education_add"),
        {
            "education_path": EducationPathFactory(title="BSc Physics").pk,
            "institution": "Uni",
            "year": 2015,
            "status": "completed",
        },
    )
    assert response.status_code == 302
    html = miss(client)
    assert "BSc Physics" in html
    assert 'id="messages"' in html
    # The message is shown once: the page with it was not stored.
    html = miss(client)
    assert 'id="messages"' not in html
    assert 'id="messages"' not in hit(client)


def test_a_pending_message_is_never_hidden_by_the_cached_page(client, ada):
    """Nothing changed but a message waits: it is shown, and the cached page is left as is."""
    page = cached(client)
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "A word from us.")])
    assert "A word from us." in miss(client)
    html = hit(client)
    assert "A word from us." not in html
    assert without_tokens(html) == without_tokens(page)


# --- the CSRF token -------------------------------------------------------------------------


def test_every_use_of_the_csrf_token_gets_a_fresh_one_on_every_response(client, ada):
    pages = [miss(client), hit(client), hit(client)]
    tokens = []
    for html in pages:
        # base.html: hx-headers and the log-out form; dashboard.html: the target role form and
        # every row's level form. One token per response, in every place.
        found = set(TOKEN.findall(html)) | set(HX_TOKEN.findall(html))
        assert len(found) == 1
        assert len(TOKEN.findall(html)) >= 3
        tokens.append(found.pop())
    assert len(set(tokens)) == 3
    assert all(len(token) == 64 for token in tokens)
    assert not re.search(r"csrf[0-9a-f]{32}", "".join(pages))


def test_a_post_with_the_token_from_a_cached_page_passes_the_csrf_check(learner, role, skills):
    User.objects.filter(pk=learner.pk).update(target_role=role, dashboard_seen_at=timezone.now())
    warm, fresh = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    warm.force_login(learner)
    fresh.force_login(learner)  # before the page is stored: logging in changes last_login
    cached(warm)
    # A browser with no CSRF cookie yet gets the page from the cache, with a cookie to match.
    assert "csrftoken" not in fresh.cookies
    html = hit(fresh)
    assert "csrftoken" in fresh.cookies
    level = reverse("learners:set_skill_level", args=[skills[1].slug])

    response = fresh.post(level, {"level": 2, "csrfmiddlewaretoken": TOKEN.search(html)[1]})
    assert response.status_code == 302
    # htmx sends the token from the body's hx-headers.
    html = cached(fresh)
    token = HX_TOKEN.search(html)[1]
    response = fresh.post(level, {"level": 3}, headers={**HX, "X-CSRFToken": token})
    assert response.status_code == 200
    # Without a token, still refused.
    assert fresh.post(level, {"level": 4}).status_code == 403
    assert SkillRecord.objects.get(user=learner, skill=skills[1]).level == 3


# --- every change is on the next visit --------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HX], ids=["no-js", "htmx"])
def test_rating_a_skill_shows_on_the_next_visit(client, ada, skills, headers):
    assert not rated(cached(client), skills[1], 4)
    response = client.post(
        reverse("learners:set_skill_level", args=[skills[1].slug]), {"level": 4}, headers=headers
    )
    assert response.status_code in (200, 302)
    assert rated(miss(client), skills[1], 4)
    assert rated(hit(client), skills[1], 4)


def test_a_note_renders_the_page_afresh(client, ada, skills):
    cached(client)
    response = client.post(
        reverse("learners:skill_note", args=[skills[0].slug]), {"note": "practise"}, headers=HX
    )
    assert response.status_code == 200
    miss(client)
    hit(client)


def certification_data(cert, issued_on):
    return {"certification": cert.pk, "issued_on": issued_on, "credential_id": "C-1"}


@pytest.mark.parametrize("headers", [{}, HX], ids=["no-js", "htmx"])
def test_adding_editing_and_deleting_a_certification_shows(client, ada, skills, headers):
    cert = CertificationFactory(name="Cloud ML Cert", validity_months=None)
    CertificationSkillFactory(certification=cert, skill=skills[0], level=3)
    assert "No certifications yet." in cached(client)

    client.post(
        reverse("learners:certification_add"),
        certification_data(cert, "2025-01-31"),
        headers=headers,
    )
    earned = EarnedCertification.objects.get(user=ada)
    client.get(reverse("accounts:settings"))  # shows (and ends) any message
    assert "Issued 31 Jan 2025" in miss(client)
    assert "Issued 31 Jan 2025" in hit(client)

    client.post(
        reverse("learners:certification_edit", args=[earned.pk]),
        certification_data(cert, "2025-02-28"),
        headers=headers,
    )
    client.get(reverse("accounts:settings"))
    html = miss(client)
    assert "Issued 28 Feb 2025" in html
    assert "Issued 31 Jan 2025" not in html
    hit(client)

    client.post(reverse("learners:certification_delete", args=[earned.pk]), headers=headers)
    client.get(reverse("accounts:settings"))
    html = miss(client)
    assert f'id="certification-{earned.pk}"' not in html
    assert "No certifications yet." in html


@pytest.mark.parametrize("headers", [{}, HX], ids=["no-js", "htmx"])
def test_adding_editing_and_deleting_a_project_shows(client, ada, skills, headers):
    def project(title, status="done"):
        return {
            "title": title,
            "status": status,
            "completed_on": "2025-06-01" if status == "done" else "",
            "repository_url": "https://git.example.org/p",
            "skills": [skills[1].pk],
            "skill_level": 3,
        }

    assert "No projects yet." in cached(client)
    client.post(reverse("learners:project_add"), project("Churn model"), headers=headers)
    client.get(reverse("accounts:settings"))
    html = miss(client)
    assert "Churn model" in html
    assert f"Shows {skills[1].name} (" in html
    hit(client)

    pk = PortfolioProject.objects.get(user=ada).pk
    client.post(reverse("learners:project_edit", args=[pk]), project("Churn v2"), headers=headers)
    client.get(reverse("accounts:settings"))
    html = miss(client)
    assert "Churn v2" in html
    assert "Churn model" not in html
    hit(client)

    client.post(reverse("learners:project_delete", args=[pk]), headers=headers)
    client.get(reverse("accounts:settings"))
    assert "No projects yet." in miss(client)


@pytest.mark.parametrize("headers", [{}, HX], ids=["no-js", "htmx"])
def test_adding_editing_and_deleting_education_shows(client, ada, headers):
    degree = EducationPathFactory(title="BSc Physics")

    def education(institution):
        return {
            "education_path": degree.pk,
            "institution": institution,
            "year": 2015,
            "status": "completed",
        }

    assert "No education yet." in cached(client)
    client.post(reverse("learners:education_add"), education("First Uni"), headers=headers)
    client.get(reverse("accounts:settings"))
    assert "First Uni, 2015" in miss(client)
    hit(client)

    pk = EducationRecord.objects.get(user=ada).pk
    client.post(
        reverse("learners:education_edit", args=[pk]), education("Second Uni"), headers=headers
    )
    client.get(reverse("accounts:settings"))
    assert "Second Uni, 2015" in miss(client)
    hit(client)

    client.post(reverse("learners:education_delete", args=[pk]), headers=headers)
    client.get(reverse("accounts:settings"))
    assert "No education yet." in miss(client)


@pytest.mark.parametrize("headers", [{}, HX], ids=["no-js", "htmx"])
def test_changing_the_target_role_shows(client, ada, headers):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    make_role(other)
    seen_now(ada)
    assert "Your readiness for Machine Learning Engineer" in cached(client)
    client.post(reverse("learners:set_target_role"), {"role": other.slug}, headers=headers)
    assert "Your readiness for Data Scientist" in miss(client)
    assert "Your readiness for Data Scientist" in hit(client)


def settings_data(user, **changes):
    return {
        "display_name": user.display_name,
        "handle": user.handle,
        "headline": user.headline,
        "target_role": user.target_role_id or "",
        "weekly_hours": user.weekly_hours,
        **changes,
    }


def test_changing_settings_renders_the_page_afresh(client, ada):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    make_role(other)
    seen_now(ada)
    settings_url = reverse("accounts:settings")
    cached(client)
    for changes in ({"weekly_hours": 12}, {"display_name": "Ada L."}):
        ada.refresh_from_db()
        assert client.post(settings_url, settings_data(ada, **changes)).status_code == 302
        client.get(settings_url)  # shows (and ends) the "saved" message
        miss(client)  # neither is on the dashboard: it is rendered afresh all the same
        hit(client)
    ada.refresh_from_db()
    assert (ada.weekly_hours, ada.display_name) == (12, "Ada L.")

    client.post(settings_url, settings_data(ada, target_role=other.pk))
    client.get(settings_url)
    assert "Your readiness for Data Scientist" in miss(client)


def test_an_editors_change_shows(client, ada, role, skills):
    assert "Your readiness for Machine Learning Engineer" in cached(client)
    role.title = "ML Engineer"
    role.save()
    assert "Your readiness for ML Engineer" in miss(client)
    hit(client)

    Requirement.objects.get(role=role, skill=skills[2]).delete()
    html = miss(client)
    assert f'id="req-{skills[2].slug}"' not in html
    assert "1 skill removed" in html  # what changed, shown once: the visit is marked
    assert "changed since your last visit" not in miss(client)
    hit(client)


def test_records_made_outside_the_views_show(client, ada, skills):
    """Factories, the shell and the admin save through the ORM: the signals bump."""
    assert not rated(cached(client), skills[1], 5)
    record = SkillRecordFactory(user=ada, skill=skills[1], level=5)
    assert rated(miss(client), skills[1], 5)
    hit(client)

    SkillRecord.objects.filter(pk=record.pk).delete()  # QuerySet.delete()
    assert not rated(miss(client), skills[1], 5)
    hit(client)

    project = PortfolioProjectFactory(user=ada, title="Shell project")
    assert "Shell project" in miss(client)
    hit(client)
    ProjectSkillFactory(project=project, skill=skills[2], level=2)
    assert f"Shows {skills[2].name} (" in miss(client)
    hit(client)
    ProjectSkill.objects.filter(project=project).delete()
    assert f"Shows {skills[2].name} (" not in miss(client)
    hit(client)
    project.delete()
    assert "Shell project" not in miss(client)


def test_a_new_day_shows(client, ada, skills, monkeypatch):
    today = timezone.localdate()
    cert = CertificationFactory(name="Short Cert", validity_months=None)
    EarnedCertificationFactory(
        user=ada,
        certification=cert,
        issued_on=today - dt.timedelta(days=30),
        expires_on=today + dt.timedelta(days=2),
    )
    assert "Expires in 2 days" in cached(client)
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda *args, **kwargs: real_localdate() + dt.timedelta(days=1)
    )
    assert "Expires in 1 day<" in miss(client)
    assert "Expires in 1 day<" in hit(client)


def test_what_changed_is_shown_once(client, ada, role, skills):
    from tests.learners.test_content_changes import age_history

    age_history()
    User.objects.filter(pk=ada.pk).update(dashboard_seen_at=timezone.now() - dt.timedelta(days=1))
    assert "changed since your last visit" not in miss(client)  # marks the visit
    assert "changed since your last visit" not in hit(client)
    RequirementFactory(role=role, skill=SkillFactory(slug="new-skill"), target_level=2)
    assert "1 skill added" in miss(client)
    # Seen now: the notice is not shown again, from the cache or not.
    assert "changed since your last visit" not in miss(client)
    assert "changed since your last visit" not in hit(client)


# --- the version itself -----------------------------------------------------------------------


def version(user) -> int:
    return User.objects.values_list("records_version", flat=True).get(pk=user.pk)


def test_saving_a_stale_user_object_never_winds_the_version_back(learner, skills):
    stale = User.objects.get(pk=learner.pk)
    services.set_skill_level(user=learner, skill=skills[0], level=2)
    bumped = version(learner)
    assert bumped > 0
    stale.weekly_hours = 9
    stale.save()
    assert version(learner) == bumped
    assert stale.records_version == bumped  # read back on save
    assert User.objects.get(pk=learner.pk).weekly_hours == 9


def test_a_transaction_bumps_a_learner_once_unless_a_page_was_stored_in_between(
    client, ada, role, skills
):
    start = version(ada)
    with transaction.atomic():
        services.set_skill_level(user=ada, skill=skills[0], level=2)
        services.record_snapshot(user=ada, role=role)
    assert version(ada) == start + 1
    # (The test runs in one transaction: a page stored now saw the changes so far.)
    assert rated(miss(client), skills[0], 2)
    services.set_skill_level(user=ada, skill=skills[0], level=3)
    assert version(ada) == start + 2
    assert rated(miss(client), skills[0], 3)


def test_a_bump_rolled_back_with_its_savepoint_is_made_again(ada, skills):
    start = version(ada)

    def rate_then_fail():
        with transaction.atomic():
            services.set_skill_level(user=ada, skill=skills[0], level=2)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        rate_then_fail()
    assert version(ada) == start
    services.set_skill_level(user=ada, skill=skills[0], level=1)
    assert version(ada) == start + 1


def test_deleting_a_learner_with_records_works(client, ada, skills):
    SkillRecordFactory(user=ada, skill=skills[0], level=2)
    project = PortfolioProjectFactory(user=ada)
    ProjectSkillFactory(project=project, skill=skills[1])
    EarnedCertificationFactory(user=ada)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=ada.pk).exists()
    assert not SkillRecord.objects.filter(user_id=ada.pk).exists()


@pytest.mark.django_db(transaction=True)  # each change commits, as outside the tests
def test_a_skill_learners_rated_cannot_be_deleted_so_no_dashboard_changes(learner, other_learner):
    from django.db.models import ProtectedError

    ada = learner
    skill = SkillFactory(slug="retired-skill")
    SkillRecordFactory(user=ada, skill=skill, level=2)
    SkillRecordFactory(user=other_learner, skill=skill, level=4)
    project = PortfolioProjectFactory(user=ada)
    ProjectSkillFactory(project=project, skill=skill)
    before = version(ada), version(other_learner)
    with pytest.raises(ProtectedError):
        skill.delete()
    assert (version(ada), version(other_learner)) == before
