"""Two gunicorn servers on one PostgreSQL and one Redis (each started here), as docs/deploy.md
describes: a session made on one works on the other, login failures count across both, an
editor's change through one is served by the other within a second, and killing Redis under
load costs no request a 5xx; when Redis returns, both use it again without a restart."""

import http.cookiejar
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest
from django.db import connection

from careerhub.cache import RETRY_AFTER
from roles.models import Skill
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.servers import Gunicorn, RedisServer, free_port, manage, needs_redis_server

pytestmark = [
    pytest.mark.redis,
    needs_redis_server,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app servers share one PostgreSQL: make test-postgres",
    ),
]

#: docs/deploy.md: an editor's change is served by every server within a second (each process
#: reads the content generation at most once a second); the test adds a second of round trips.
DOCUMENTED_DELAY = 1.0 + 1.0


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's <form id="{form_id}">."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id and not self.done:
            self.in_form = True
        if not self.in_form or (not a.get("name") and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value") or ""))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


class BehindTLS(http.cookiejar.DefaultCookiePolicy):
    """The visitor talks to the servers as through a TLS proxy: Secure cookies go back too."""

    def return_ok_secure(self, cookie, request):
        return True


class Visitor:
    """One browser behind a TLS proxy: a cookie jar shared by every server (cookies do not
    depend on the port), and the header the proxy adds."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar(policy=BehindTLS())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("X-Forwarded-Proto", "https")]

    def open(self, url: str, data: list | dict | None = None) -> tuple[int, str]:
        body = None
        if data is not None:
            fields = list(data.items()) if isinstance(data, dict) else list(data)
            csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            fields = [(k, v) for k, v in fields if k != "csrfmiddlewaretoken"]
            body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", csrf)]).encode()
        request = urllib.request.Request(url, body)  # noqa: S310 (our own loopback servers)
        if body is not None:  # a browser sends its origin, as the proxy serves it: https
            parts = urllib.parse.urlsplit(url)
            request.add_header("Origin", f"https://{parts.netloc}")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def log_in(self, base: str, email: str, password: str = PASSWORD) -> int:
        self.open(f"{base}/accounts/login/")
        return self.open(f"{base}/accounts/login/", {"username": email, "password": password})[0]

    def user_id(self) -> str | None:
        return next((c.value for c in self.jar if c.name == "sessionid"), None)


@pytest.fixture
def servers(settings):
    from django.conf import global_settings

    # Passwords the servers can check: their hashers are the production ones.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    redis = RedisServer(free_port())
    redis.start()
    db = connection.settings_dict
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CAREERHUB_RELEASE": "scale-out-test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis.url,
        "CAREERHUB_CACHE_PREFIX": "scale-out",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    # Production static files (hashed names), as a deploy collects them.
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    apps = []
    try:
        for _ in range(2):
            app = Gunicorn(free_port(range(8180, 8199)), env)
            app.start()
            apps.append(app)
        yield redis, apps
    finally:
        for app in apps:
            app.stop()
        redis.kill()


def test_two_app_servers_share_sessions_throttling_content_and_survive_redis_dying(
    servers, demo_content, editor
):
    redis, (a, b) = servers
    UserFactory(email="ada@example.com", handle="ada")
    UserFactory(email="grace@example.com", handle="grace")

    # A session made on one server works on the other.
    ada = Visitor()
    assert ada.log_in(a.base, "ada@example.com") == 200  # the dashboard, after the redirect
    status, page = ada.open(f"{b.base}/dashboard/")
    assert status == 200
    assert "Log out" in page

    # An editor's change through one server is served by the other within a second.
    skill = Skill.objects.get(slug="python")
    anonymous = Visitor()
    assert skill.name in anonymous.open(f"{b.base}/skills/python/")[1]  # cached on B now
    erin = Visitor()
    erin.log_in(a.base, editor.email)
    change = f"{a.base}/admin/roles/skill/{skill.pk}/change/"
    form = FormFields("skill_form")
    form.feed(erin.open(change)[1])
    renamed = "Python programming (renamed)"
    fields = [(k, renamed if k == "name" else v) for k, v in form.fields] + [("_save", "Save")]
    status, saved = erin.open(change, fields)
    assert status == 200
    assert "errorlist" not in saved, re.findall(r'class="errorlist[^"]*".{0,200}', saved)
    assert Skill.objects.get(pk=skill.pk).name == renamed
    deadline = time.monotonic() + DOCUMENTED_DELAY
    while renamed not in anonymous.open(f"{b.base}/skills/python/")[1]:
        assert time.monotonic() < deadline, "server B still serves the old name"
        time.sleep(0.1)

    # Redis dies under load: no request gets a 5xx, and sessions, login and sign-up work.
    def hit(n: int) -> int:
        base = (a, b)[n % 2].base
        path = ["/", "/careers/", "/careers/machine-learning-engineer/", "/skills/python/"][n % 4]
        if n % 3 == 0:
            return ada.open(f"{base}/dashboard/")[0]
        return Visitor().open(f"{base}{path}")[0]

    with ThreadPoolExecutor(max_workers=6) as pool:
        before = list(pool.map(hit, range(60)))
        redis.kill()
        during = list(pool.map(hit, range(120)))
        grace = Visitor()
        logged_in = grace.log_in(b.base, "grace@example.com")
        phrase = "a walk in the rainy park"
        newcomer = Visitor()
        newcomer.open(f"{a.base}/accounts/signup/")
        signed_up = newcomer.open(
            f"{a.base}/accounts/signup/",
            {"email": "new@example.com", "password1": phrase, "password2": phrase},
        )[0]
        health = Visitor().open(f"{a.base}/healthz/")
    assert set(before) == {200}
    assert set(during) == {200}, sorted(during)
    assert logged_in == 200
    assert grace.open(f"{a.base}/dashboard/")[0] == 200
    assert signed_up == 200  # "check your email"
    assert health[0] == 200
    assert '"cache": "degraded"' in health[1]

    redis.start()
    time.sleep(RETRY_AFTER + 0.5)
    for app in (a, b):
        status, body = Visitor().open(f"{app.base}/healthz/")
        assert (status, '"cache": "ok"' in body) == (200, True)
    assert ada.open(f"{a.base}/dashboard/")[0] == 200

    # Login failures count across both servers: 3 on A and 2 on B lock the account out.
    mallory = Visitor()
    for base in (a.base, a.base, a.base, b.base):
        assert mallory.log_in(base, "grace@example.com", "wrong password") == 200
    assert mallory.log_in(b.base, "grace@example.com", "wrong password") == 429
    assert Visitor().log_in(a.base, "grace@example.com") == 429
