"""Who may open what: every signed-in URL sends the anonymous to the login page (htmx requests
get HX-Redirect instead of a login page swapped into a fragment), learners never reach the admin,
and editors reach the content admin but none of the learners' records."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Every URL of these namespaces needs a signed-in person, except the ones listed as public.
GUARDED_NAMESPACES = {"learners", "accounts", "jobs"}
PUBLIC = {
    "learners:compare",
    "learners:role_readiness",  # a visitor gets the sign-up box (tests/learners/test_role_box.py)
    "accounts:login",
    "accounts:logout",
    "accounts:signup",
    "accounts:signup_done",
    "accounts:signup_confirm",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:profile",
}
SAMPLE_VALUES = {"slug": "no-such-thing", "int": 987654, "str": "x", "uuid": None, "path": "x"}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry


def sample_kwargs(pattern: URLPattern) -> dict:
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {}
    for name, converter in converters.items():
        kind = type(converter).__name__.removesuffix("Converter").lower()
        kwargs[name] = SAMPLE_VALUES.get(kind, "x")
        if kind == "uuid":
            kwargs[name] = "12345678-1234-5678-1234-567812345678"
    return kwargs


def guarded_urls() -> list[tuple[str, str]]:
    urls = []
    for namespace, pattern in walk(get_resolver().url_patterns):
        full_name = f"{namespace}:{pattern.name}"
        if namespace in GUARDED_NAMESPACES and full_name not in PUBLIC:
            urls.append((full_name, reverse(full_name, kwargs=sample_kwargs(pattern))))
    return sorted(set(urls))


GUARDED = guarded_urls()
LOGIN_PATH = resolve_url(settings.LOGIN_URL)


def test_the_matrix_covers_the_signed_in_pages():
    names = {name for name, _ in GUARDED}
    assert {"learners:dashboard", "accounts:settings", "jobs:list", "jobs:detail"} <= names


@pytest.mark.parametrize(("name", "url"), GUARDED, ids=[name for name, _ in GUARDED])
def test_it_sends_the_anonymous_to_the_login_page(client, name, url):
    answers = {method: getattr(client, method)(url) for method in ("get", "post")}

    for method, response in answers.items():
        assert response.status_code in {302, 405}, f"{method.upper()} {url}"
    redirects = [r for r in answers.values() if r.status_code == 302]
    assert redirects, f"{url} never asks for a login"
    for response in redirects:
        location = urlsplit(response.headers["Location"])
        assert location.path == LOGIN_PATH
        assert parse_qs(location.query)["next"] == [url]


@pytest.mark.parametrize(("name", "url"), GUARDED, ids=[name for name, _ in GUARDED])
def test_it_tells_htmx_to_load_the_login_page_as_a_whole_page(client, name, url):
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/dashboard/?tab=skills"}
    answers = [getattr(client, method)(url, headers=headers) for method in ("get", "post")]

    for response in answers:
        assert response.status_code in {204, 405}
        assert LOGIN_PATH.encode() not in response.content  # no login page swapped in
    redirected = [r for r in answers if r.status_code == 204]
    assert redirected
    for response in redirected:
        target = urlsplit(response.headers["HX-Redirect"])
        assert target.path == LOGIN_PATH
        assert parse_qs(target.query)["next"] == ["/dashboard/?tab=skills"]
        assert "HX-Request" in response.headers["Vary"]


def test_it_does_not_trust_a_foreign_current_url(client):
    url = reverse("learners:dashboard")
    headers = {"HX-Request": "true", "HX-Current-URL": "https://evil.example/phish"}

    response = client.get(url, headers=headers)

    assert response.status_code == 204
    target = urlsplit(response.headers["HX-Redirect"])
    assert target.path == LOGIN_PATH
    assert parse_qs(target.query)["next"] == [url]


def test_it_leaves_plain_redirects_of_htmx_requests_alone(client, learner):
    client.force_login(learner)

    response = client.get("/admin/", headers={"HX-Request": "true"})

    assert response.status_code == 302
    assert "HX-Redirect" not in response.headers


@pytest.mark.parametrize("url", ["/admin/", "/admin/roles/role/", "/admin/learners/"])
def test_it_sends_a_learner_to_the_admin_login(client, learner, url):
    client.force_login(learner)

    response = client.get(url)

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == reverse("admin:login")


def content_admin_urls() -> list[str]:
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label == "roles"
    )


def private_admin_urls() -> list[str]:
    private_apps = {"learners", "axes", "auth", "sessions"}
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in private_apps
    )


def test_the_admin_has_content_and_private_models_to_check():
    assert "/admin/roles/role/" in content_admin_urls()
    assert "/admin/axes/accessattempt/" in private_admin_urls()


def test_an_editor_reaches_every_content_admin_page(client, editor):
    client.force_login(editor)

    for url in ["/admin/", *content_admin_urls()]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_an_editor_is_refused_every_learner_and_security_admin_page(client, editor):
    client.force_login(editor)

    for url in private_admin_urls():
        response = client.get(url)
        assert response.status_code == 403, url


def test_an_editor_cannot_open_a_learner_record_in_the_admin(client, editor, learner):
    client.force_login(editor)

    response = client.get(f"/admin/learners/user/{learner.pk}/change/")

    assert response.status_code in {403, 404}
    assert learner.email.encode() not in response.content


def test_an_editor_does_not_see_learner_models_on_the_admin_index(client, editor):
    client.force_login(editor)

    response = client.get("/admin/")

    assert b"/admin/learners/" not in response.content
    assert b"/admin/axes/" not in response.content
