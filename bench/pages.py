"""The pages the benchmark measures, and their queries and bytes measured in-process."""

import logging
import os
import secrets
import string
import sys

from bench.common import BASELINE, PROXY_HEADERS
from bench.database import clear_bench_cache
from bench.wrk import Page

#: The in-process client sends what the TLS proxy adds (production settings redirect plain HTTP).
PROXY_META = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in PROXY_HEADERS.items()}


def define_pages() -> tuple[Page, dict[str, Page]]:
    from django.urls import NoReverseMatch, reverse

    from learners.models import SkillRecord, User
    from roles.models import Requirement

    def url(name: str, **kwargs) -> tuple[str | None, str]:
        try:
            return reverse(name, kwargs=kwargs or None), ""
        except NoReverseMatch:
            return None, f"no URL named {name}"

    bench_user = User.objects.get(email="bench@example.com")
    requirement = (
        Requirement.objects.filter(role_id=bench_user.target_role_id)
        .order_by("-is_essential", "-importance", "skill__name")
        .select_related("skill", "role")
        .first()
    )
    skill_slug = (
        requirement.skill.slug
        if requirement
        else (
            SkillRecord.objects.filter(user=bench_user)
            .values_list("skill__slug", flat=True)
            .first()
        )
    )
    role_slug = requirement.role.slug if requirement else "machine-learning-engineer"
    pages = {}
    for name, (path, reason), method, signed_in in (
        ("role_page", url("roles:role_detail", slug=role_slug), "GET", False),
        ("career_list", url("roles:role_list"), "GET", False),
        ("dashboard", url("learners:dashboard"), "GET", True),
        (
            "htmx_level_change",
            url("learners:set_skill_level", skill_slug=skill_slug),
            "POST",
            True,
        ),
        ("healthz", url("roles:healthz"), "GET", False),
    ):
        pages[name] = Page(name, path, method, signed_in, reason)
    baseline_path, reason = url("bench_baseline")
    if baseline_path is None:
        sys.exit("The bare baseline view is missing: is CAREERHUB_BENCHMARK=1 in settings?")
    return Page(BASELINE, baseline_path), pages


def _client_request(client, page: Page, level: int = 3):
    if page.method == "POST":
        return client.post(page.path, {"level": level}, headers={"HX-Request": "true"})
    return client.get(page.path)


def count_queries(client, page: Page) -> tuple[int, int, int]:
    """(status, queries, bytes) of one request in steady state, after two that warm up (the
    content cache and the role profiles)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _client_request(client, page, level=1)
    _client_request(client, page, level=2)
    with CaptureQueriesContext(connection) as captured:
        response = _client_request(client, page, level=4)
    return response.status_code, len(captured.captured_queries), len(response.content)


def count_cold_queries(client, page: Page) -> int:
    """Queries of a request that finds the cache empty (the in-process local-memory cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clear_bench_cache(dict(os.environ))
    with CaptureQueriesContext(connection) as captured:
        _client_request(client, page, level=3)
    return len(captured.captured_queries)


def measure_queries(pages: dict[str, Page]) -> dict[str, list[int | None]]:
    """Queries and bytes per page in-process, and the query counts at 1 and 500 records."""
    from django.test import Client

    from bench.seed import seed_learner
    from learners.models import User

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a broken page: one line
    clients = {False: Client(**PROXY_META), True: Client(**PROXY_META)}
    clients[True].force_login(User.objects.get(email="bench@example.com"))
    for page in pages.values():
        if page.path is None:
            continue
        try:
            page.cold_queries = count_cold_queries(clients[page.signed_in], page)
            status, page.queries, page.bytes = count_queries(clients[page.signed_in], page)
        except Exception as error:  # a page under construction must not stop the others
            page.reason = f"raises {type(error).__name__}: {error}"[:100]
            page.path = None
            continue
        if status != 200:
            page.reason = f"answers {status} in-process"
            page.path = None

    at_sizes: dict[str, list[int | None]] = {"dashboard": [], "htmx_level_change": []}
    for records in (1, 500):
        user = seed_learner(f"records-{records}@example.com", records=records)
        client = Client(**PROXY_META)
        client.force_login(user)
        for name in at_sizes:
            page = pages[name]
            if page.path is None:
                at_sizes[name].append(None)
                continue
            try:
                status, queries, _ = count_queries(client, page)
            except Exception:
                status = None
            at_sizes[name].append(queries if status == 200 else None)
    return at_sizes


def sign_in_for_wrk() -> tuple[str, str]:
    """A session cookie for the full-record learner, and a CSRF token wrk can send back."""
    from django.test import Client

    from learners.models import User

    client = Client()
    client.force_login(User.objects.get(email="bench@example.com"))
    session = client.cookies["sessionid"].value
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return f"sessionid={session}; csrftoken={csrf}", csrf
