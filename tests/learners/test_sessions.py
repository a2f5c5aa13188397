"""Session lifetime: rotation at login, and the functions that end a learner's sessions."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from learners.account_actions import end_sessions, sessions_of
from learners.models import LearnerSession as Session
from tests.conftest import PASSWORD

SETTINGS = reverse("accounts:settings")


@pytest.fixture(autouse=True, params=["db", "cached_db"])
def session_engine(request, settings):
    """Every test with the database engine (no REDIS_URL) and the cached one (with Redis): a
    session ended anywhere must also leave the cache, or its cookie would still sign in."""
    settings.SESSION_ENGINE = f"learners.sessions.{request.param}"
    return request.param


def logged_in_client(user) -> Client:
    device = Client()
    device.force_login(user)
    return device


def test_it_finds_every_session_of_a_learner_and_no_other(learner, other_learner):
    laptop, phone = logged_in_client(learner), logged_in_client(learner)
    bob = logged_in_client(other_learner)
    assert set(sessions_of(learner)) == {laptop.session.session_key, phone.session.session_key}
    assert sessions_of(other_learner) == [bob.session.session_key]


def test_it_ends_every_session_of_a_learner_and_no_other(learner, other_learner):
    laptop, phone = logged_in_client(learner), logged_in_client(learner)
    bob = logged_in_client(other_learner)
    assert end_sessions(user=learner) == 2
    assert laptop.get(SETTINGS).status_code == 302
    assert phone.get(SETTINGS).status_code == 302
    assert bob.get(SETTINGS).status_code == 200


def test_it_leaves_anonymous_sessions_alone(learner):
    visitor = Client()
    session = visitor.session
    session["seen"] = True
    session.save()
    end_sessions(user=learner)
    assert Session.objects.filter(session_key=session.session_key).exists()


def test_it_gives_a_new_session_key_at_login_and_drops_the_old_one(client, learner):
    session = client.session
    session["before_login"] = True
    session.save()
    old_key = session.session_key
    response = client.post(
        reverse("accounts:login"), {"username": learner.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.get(SETTINGS).status_code == 200


def test_a_replayed_pre_login_cookie_does_not_authenticate(client, learner):
    session = client.session
    session.save()
    old_key = session.session_key
    client.post(reverse("accounts:login"), {"username": learner.email, "password": PASSWORD})
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert attacker.get(SETTINGS).status_code == 302


def test_logout_makes_the_old_cookie_useless(client, learner):
    client.force_login(learner)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert replay.get(SETTINGS).status_code == 302


def test_password_change_makes_another_devices_cookie_useless(client, learner):
    phone = logged_in_client(learner)
    client.force_login(learner)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another fine passphrase",
            "new_password2": "another fine passphrase",
        },
    )
    assert phone.get(SETTINGS).status_code == 302
    assert client.get(SETTINGS).status_code == 200


@pytest.mark.parametrize("name", ["logout", "logout_everywhere"])
def test_ending_sessions_needs_a_csrf_token(learner, name):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    assert browser.post(reverse(f"accounts:{name}")).status_code == 403
    assert browser.get(SETTINGS).status_code == 200


def test_finding_a_learners_sessions_is_one_indexed_lookup(
    learner, other_learner, django_assert_num_queries
):
    from django.db import connection

    for user in (learner, other_learner, learner):
        logged_in_client(user)
    with django_assert_num_queries(1) as queries:
        keys = sessions_of(learner)
    assert len(keys) == 2
    assert '"user_id" = ' in queries.captured_queries[0]["sql"]

    # The plan uses the index on the user column, not a scan of every session.
    query = Session.objects.filter(user_id=learner.pk).values_list("session_key")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
            plan = query.explain()
    else:
        plan = query.explain()
    assert "learners_session_user_id" in plan, plan
