"""Login throttling (django-axes), security logging, and the password rules."""

import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def post_login(client, email, password, ip="203.0.113.7"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
    )


def test_it_locks_an_email_out_after_five_failures_even_from_different_addresses(client, learner):
    for attempt in range(5):
        response = post_login(client, learner.email, "wrong-password", ip=f"198.51.100.{attempt}")
        if attempt < 4:
            assert response.status_code == 200  # the form again, with an error

    response = post_login(client, learner.email, PASSWORD, ip="198.51.100.99")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_out_after_five_failures_with_different_emails(client, learner):
    for attempt in range(5):
        post_login(client, f"someone{attempt}@example.com", "wrong-password", ip="192.0.2.10")

    response = post_login(client, learner.email, PASSWORD, ip="192.0.2.10")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_still_lets_the_right_password_in_after_four_failures(client, learner):
    for _ in range(4):
        post_login(client, learner.email, "wrong-password")

    response = post_login(client, learner.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)


def test_it_does_not_lock_other_people_out(client, learner, other_learner):
    for _ in range(5):
        post_login(client, learner.email, "wrong-password", ip="192.0.2.20")

    response = post_login(client, other_learner.email, PASSWORD, ip="192.0.2.21")

    assert response.status_code == 302


def test_it_does_not_pool_failures_of_unrelated_people(client, learner):
    # Five strangers, five addresses: nobody has failed five times, so a sixth stranger's
    # failure is an ordinary one, not a lockout.
    for attempt in range(5):
        post_login(client, f"stranger{attempt}@example.com", "wrong", ip=f"192.0.2.{50 + attempt}")

    response = post_login(client, "stranger9@example.com", "wrong", ip="192.0.2.59")

    assert response.status_code == 200


def test_it_counts_failures_against_the_email_that_was_tried(client, learner):
    from axes.models import AccessAttempt

    post_login(client, learner.email, "wrong-password", ip="192.0.2.60")

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [learner.email]


def test_it_logs_one_line_per_failed_login_without_the_password(client, learner, caplog):
    secret = "Hunter2-not-my-password"
    with caplog.at_level(logging.INFO, logger="careerhub.security"):
        post_login(client, learner.email, secret, ip="192.0.2.30")

    lines = [r for r in caplog.records if r.name == "careerhub.security"]
    assert len(lines) == 1
    message = lines[0].getMessage()
    assert "login failed" in message
    assert "192.0.2.30" in message
    assert secret not in message
    assert learner.email not in message  # masked
    assert "example.com" in message


def test_it_logs_the_lockout(client, learner, caplog):
    with caplog.at_level(logging.INFO, logger="careerhub.security"):
        for _ in range(6):
            post_login(client, learner.email, "wrong-password", ip="192.0.2.40")

    messages = [r.getMessage() for r in caplog.records if r.name == "careerhub.security"]
    assert any("locked out" in m and "192.0.2.40" in m for m in messages)
    assert not any("wrong-password" in m for m in messages)


@pytest.mark.parametrize(
    "password",
    ["short7!", "password123", "12345678"],
    ids=["seven-characters", "common", "common-digits"],
)
def test_it_rejects_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "a8Xq-" * 12 + "zzzz",  # 64 characters
        "long passphrase with spaces " * 3 + "and more words to pass 100 ch",  # > 100 characters
        "83920174659201837465",  # all digits, long and random: no composition rule
        "eight ok",
    ],
    ids=["64-chars", "100-plus-chars", "all-digits", "eight-with-space"],
)
def test_it_accepts_long_passwords_without_composition_rules(password):
    assert len(password) >= 8
    validate_password(password)


def test_the_long_password_cases_are_as_long_as_claimed():
    assert len("a8Xq-" * 12 + "zzzz") == 64
    assert len("long passphrase with spaces " * 3 + "and more words to pass 100 ch") >= 100


# --- behind a proxy (django-ipware) and password spraying -------------------------------------


def test_the_proxy_count_reads_the_client_from_x_forwarded_for():
    from tests.test_settings import run_manage

    code = (
        "from django.conf import settings; from axes.helpers import get_client_ip_address; "
        "from django.test import RequestFactory; "
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.2', "
        "HTTP_X_FORWARDED_FOR='6.6.6.6, 198.51.100.4'); print(get_client_ip_address(r))"
    )
    result = run_manage("shell", "--verbosity", "0", "-c", code, AXES_PROXY_COUNT="1")
    assert result.returncode == 0, result.stderr
    # One proxy: the address it appended, not what the client wrote, nor the proxy's own.
    assert result.stdout.strip() == "198.51.100.4"


@pytest.fixture
def behind_one_proxy(settings):
    # What settings.py sets for AXES_PROXY_COUNT=1 (checked by the test above).
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.IPWARE_STRICT = False


def test_two_clients_behind_one_proxy_are_throttled_separately(
    client, learner, other_learner, behind_one_proxy
):
    proxy = "10.0.0.2"
    for attempt in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": f"someone{attempt}@example.com", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    sprayer = client.post(
        reverse("accounts:login"),
        {"username": learner.email, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert sprayer.status_code == 429

    from django.test import Client

    neighbour = Client().post(
        reverse("accounts:login"),
        {"username": other_learner.email, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert neighbour.status_code == 302


def test_a_sprayer_cannot_reset_its_count_by_logging_in_to_its_own_account(client, learner):
    from django.test import Client

    wrong_answers = []
    for round_ in range(4):
        for n in range(4):
            response = post_login(
                Client(), f"victim{round_}-{n}@example.com", "Password1", ip="192.0.2.200"
            )
            wrong_answers.append(response.status_code)
        post_login(Client(), learner.email, PASSWORD, ip="192.0.2.200")

    assert 429 in wrong_answers
    assert wrong_answers.index(429) == 4  # the fifth failure from the address locks it out


def test_a_successful_login_does_not_clear_the_failures_of_the_address(client, learner):
    from axes.models import AccessAttempt

    for n in range(3):
        post_login(client, f"victim{n}@example.com", "Password1", ip="192.0.2.201")
    assert post_login(client, learner.email, PASSWORD, ip="192.0.2.201").status_code == 302

    assert AccessAttempt.objects.filter(ip_address="192.0.2.201").count() == 3


# --- reset emails and sign-ups (learners/throttle.py) ------------------------------------------


def reset(email, ip):
    from django.test import Client

    return Client().post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def sign_up(email, ip):
    from django.test import Client

    phrase = "a walk in the rainy park"
    data = {"email": email, "password1": phrase, "password2": phrase}
    return Client().post(reverse("accounts:signup"), data, REMOTE_ADDR=ip)


def test_reset_emails_to_one_address_are_limited_whoever_asks(learner, mailoutbox):
    answers = [reset(learner.email, f"198.51.100.{n}").status_code for n in range(5)]

    assert answers == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3


def test_reset_requests_from_one_address_are_limited_whatever_the_email(db, mailoutbox):
    answers = [reset(f"someone{n}@example.com", "192.0.2.77").status_code for n in range(12)]

    assert answers.count(302) == 10
    assert answers[10:] == [429, 429]


def test_sign_ups_from_one_address_are_limited(db):
    answers = [sign_up(f"new{n}@example.com", "192.0.2.88").status_code for n in range(12)]

    assert answers.count(302) == 10
    assert answers[10:] == [429, 429]
    from learners.models import User

    assert User.objects.count() == 10


def test_sign_ups_for_one_email_are_limited_from_any_address(learner, mailoutbox):
    answers = [sign_up(learner.email, f"198.51.100.{n}").status_code for n in range(5)]

    assert answers == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3  # the owner is not flooded either


def test_the_limits_count_in_the_database_not_the_cache(learner):
    from django.core.cache import cache

    from learners.models import ThrottleEvent

    for n in range(3):
        reset(learner.email, f"198.51.100.{n}")
        cache.clear()

    assert ThrottleEvent.objects.filter(scope="password_reset:email").count() == 3
    assert reset(learner.email, "198.51.100.9").status_code == 429


def test_expired_events_are_pruned_whoever_asks_next(db):
    from datetime import timedelta

    from django.utils import timezone

    from learners import throttle
    from learners.models import ThrottleEvent

    assert throttle.allow(action="signup", address="203.0.113.1", email="gone@example.com")
    ThrottleEvent.objects.update(created_at=timezone.now() - timedelta(hours=2))
    # Someone else, another day: the first key's expired events go, though it never comes back.
    assert throttle.allow(action="signup", address="203.0.113.2", email="new@example.com")
    assert ThrottleEvent.objects.count() == 2
    assert not ThrottleEvent.objects.filter(created_at__lt=timezone.now() - timedelta(hours=1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="a race needs a database that runs requests concurrently: make test-postgres",
)
def test_a_check_and_its_insert_are_one_step_under_parallel_requests(monkeypatch):
    """Hold one request between its count and its insert while a second one asks: the second
    must wait and then see the first one's event, so the limit is never overshot."""
    import threading

    from django.db import connection

    from learners import throttle
    from learners.models import ThrottleEvent

    for n in range(2):  # two of the three an email may have
        assert throttle.allow(action="password_reset", address=f"192.0.2.{n}", email="a@b.org")
    counted, go = threading.Event(), threading.Event()
    original = throttle._count

    def count_then_wait(scope, key):
        result = original(scope, key)
        if threading.current_thread().name == "held" and scope.endswith(":email"):
            counted.set()
            go.wait(20)
        return result

    monkeypatch.setattr(throttle, "_count", count_then_wait)
    answers = {}

    def ask(name, address):
        try:
            answers[name] = throttle.allow(
                action="password_reset", address=address, email="a@b.org"
            )
        finally:
            connection.close()

    held = threading.Thread(target=ask, args=("held", "198.51.100.1"), name="held")
    held.start()
    assert counted.wait(20)
    other = threading.Thread(target=ask, args=("other", "198.51.100.2"), name="other")
    other.start()
    other.join(1)  # with the lock it waits for the held request; without it, it finishes
    go.set()
    held.join(20)
    other.join(20)

    assert sorted(answers.values()) == [False, True]
    assert ThrottleEvent.objects.filter(scope="password_reset:email").count() == 3
