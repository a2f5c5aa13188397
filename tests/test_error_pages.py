"""Errors answer with the app's own pages, and never show a traceback or a setting."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db

LEAKS = [b"Traceback", b"SECRET_KEY", b"DATABASES", b"settings.py", b"DEBUG", b"django.core"]


HEADINGS = {
    400: b"We could not understand that request",
    403: b"You cannot open this page",
    404: b"We could not find that page",
    500: b"Something went wrong on our side",
}


def assert_own_page(response, status):
    assert response.status_code == status
    body = response.content
    assert b" \xc2\xb7 careerhub</title>" in body  # the site's title pattern
    assert b'<main id="main"' in body
    assert HEADINGS[status] in body
    for leak in LEAKS:
        assert leak not in body


def test_an_unknown_page_answers_the_404_page(client):
    assert_own_page(client.get("/no/such/page/"), 404)


def test_an_unknown_role_answers_the_404_page(client):
    assert_own_page(client.get(reverse("roles:role_detail", args=["no-such-role"])), 404)


def test_a_bad_host_answers_the_400_page():
    client = Client(raise_request_exception=False, HTTP_HOST="evil.example")

    assert_own_page(client.get("/"), 400)


def test_a_refused_admin_page_answers_the_403_page(client, editor):
    client.force_login(editor)

    assert_own_page(client.get("/admin/axes/accessattempt/"), 403)


def test_the_500_page_is_the_apps_own():
    request = RequestFactory().get("/")

    assert_own_page(defaults.server_error(request), 500)


def test_a_missing_csrf_token_is_refused_without_detail():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)

    response = client.post(reverse("accounts:login"), {"username": "a@example.com"})

    assert response.status_code == 403
    # Django's own CSRF page (the app has no 403_csrf.html) mentions DEBUG=True by name only.
    for leak in LEAKS:
        if leak != b"DEBUG":
            assert leak not in response.content


def test_a_missing_csrf_token_answers_the_apps_own_403_page(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    body = response.content
    assert b"That form could not be checked" in body
    assert b'<main id="main"' in body
    for leak in LEAKS:
        assert leak not in body
