"""The security header set on every kind of page, production-only headers and cookies, and a scan
of the templates for anything the Content Security Policy would block."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import RequirementFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_full_header_set(response):
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def skill(role):
    return RequirementFactory(role=role, target_level=3).skill


# label: (method, URL name or path, args from (role, skill), htmx, signed in)
PAGES = {
    "home": ("get", "roles:home", lambda role, skill: [], False, False),
    "role page": ("get", "roles:role_detail", lambda role, skill: [role.slug], False, False),
    "career list fragment": ("get", "roles:role_list", lambda role, skill: [], True, False),
    "dashboard": ("get", "learners:dashboard", lambda role, skill: [], False, True),
    "dashboard fragment": (
        "post",
        "learners:set_skill_level",
        lambda role, skill: [skill.slug],
        True,
        True,
    ),
    "admin login": ("get", "admin:login", lambda role, skill: [], False, False),
    "404": ("get", "/no-such-page/", lambda role, skill: [], False, False),
}
PAGE_LABELS = list(PAGES)


def request_page(client, label, learner, role, skill):
    method, name, args, htmx, signed_in = PAGES[label]
    learner.target_role = role
    learner.save()
    if signed_in:
        client.force_login(learner)
    url = name if name.startswith("/") else reverse(name, args=args(role, skill))
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "post":
        return client.post(url, {"level": "3"}, headers=headers)
    return client.get(url, headers=headers)


@pytest.mark.parametrize("label", PAGE_LABELS)
def test_it_sends_the_full_header_set(client, learner, role, skill, label):
    response = request_page(client, label, learner, role, skill)

    assert response.status_code < 500
    if label == "404":
        assert response.status_code == 404
    assert_full_header_set(response)


@pytest.mark.parametrize("label", ["dashboard", "dashboard fragment", "home"])
def test_it_never_lets_a_signed_in_page_be_stored(client, learner, role, skill, label):
    client.force_login(learner)
    response = request_page(client, label, learner, role, skill)

    assert "no-store" in response.headers["Cache-Control"]


def test_it_lets_anonymous_public_pages_be_cached(client, role):
    response = client.get(reverse("roles:role_detail", args=[role.slug]))

    assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings as production computes them (DJANGO_DEBUG=0), read in a fresh
    interpreter so this test process keeps its development settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CAREERHUB_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="careerhub.settings",
    )
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def production(settings, production_settings):
    for name, value in production_settings.items():
        setattr(settings, name, value)
    return settings


def test_production_turns_on_hsts_for_a_year_with_subdomains(client, production):
    response = client.get(reverse("roles:home"), secure=True)

    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31_536_000
    assert "includeSubDomains" in hsts
    assert_full_header_set(response)


def test_production_redirects_plain_http_to_https(client, production):
    response = client.get(reverse("roles:home"))

    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_production_sets_secure_http_only_session_and_csrf_cookies(client, production):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)

    page = client.get(reverse("admin:login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]

    response = client.post(
        reverse("admin:login"),
        {"username": staff.email, "password": PASSWORD, "next": "/admin/"},
        secure=True,
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_development_sends_no_hsts(client):
    response = client.get(reverse("roles:home"))

    assert "Strict-Transport-Security" not in response.headers


# The template scan: anything below would be blocked by the CSP, or would need 'unsafe-inline'.

TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
HX_ON = re.compile(r"\b(?:data-)?hx-on", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def template_files() -> list[Path]:
    files = []
    for folder in TEMPLATE_DIRS:
        if folder.is_dir() and ".venv" not in folder.parts:
            files.extend(p for p in folder.rglob("*") if p.suffix in {".html", ".txt", ".svg"})
    return sorted(files)


def offences(pattern: re.Pattern) -> list[str]:
    found = []
    for path in template_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_the_scan_finds_templates():
    assert any(p.name == "base.html" for p in template_files())


def test_the_scan_patterns_catch_what_they_should():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/app.js"></script>')
    assert STYLE_ATTRIBUTE.search('<div style="width: 10%">')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert not EVENT_HANDLER.search('<a class="nav-link" href="/">')
    assert HX_ON.search('<form hx-on::after-request="x">')


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("inline <script>", INLINE_SCRIPT),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("on*= event handler", EVENT_HANDLER),
        ("hx-on", HX_ON),
    ],
)
def test_no_template_has(name, pattern):
    assert offences(pattern) == [], f"{name} found"
