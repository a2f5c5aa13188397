"""One history-restore guard (careerhub/htmx.py) for every app: a Back-button restore, which
htmx sends with `HX-Request` and `HX-History-Restore-Request`, gets the whole page; a plain htmx
request gets the fragment; both vary on `HX-Request`."""

import ast
import pathlib

import pytest
from django.urls import reverse

from tests.factories import RoleFactory

ROOT = pathlib.Path(__file__).resolve().parents[1]
HX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
PAGES = ["learners:dashboard", "jobs:list", "roles:role_list", "roles:skill_list", "roles:search"]


@pytest.fixture
def signed_in_client(client, learner):
    RoleFactory(slug="data-analyst", title="Data Analyst")
    client.force_login(learner)
    return client


def whole_page(response) -> bool:
    return "<html" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_a_history_restore_gets_the_whole_page_and_htmx_a_fragment(signed_in_client, name):
    url = reverse(name)
    restored = signed_in_client.get(url, headers=RESTORE)
    fragment = signed_in_client.get(url, headers=HX)
    plain = signed_in_client.get(url)
    assert restored.status_code == fragment.status_code == plain.status_code == 200
    assert whole_page(restored)
    assert whole_page(plain)
    assert not whole_page(fragment)
    for response in (restored, fragment, plain):
        assert "HX-Request" in response["Vary"]


def test_only_the_shared_guard_reads_the_history_restore_header():
    readers = sorted(
        str(path.relative_to(ROOT))
        for app in ("careerhub", "jobs", "learners", "roles")
        for path in (ROOT / app).rglob("*.py")
        if any(
            isinstance(node, ast.Attribute) and node.attr == "history_restore_request"
            for node in ast.walk(ast.parse(path.read_text()))
        )
    )
    assert readers == ["careerhub/htmx.py"]


def names_used(path: pathlib.Path) -> set[str]:
    return {
        getattr(node, "id", None) or getattr(node, "attr", None)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Name | ast.Attribute)
    }


def test_views_say_safe_methods_and_vary_one_way():
    """`require_safe` (GET and HEAD), never `require_GET`; views vary with
    `vary_on_headers("HX-Request")`; only the page cache and the redirect middleware patch Vary
    by hand."""
    modules = {
        str(path.relative_to(ROOT)): names_used(path)
        for app in ("careerhub", "jobs", "learners", "roles")
        for path in (ROOT / app).rglob("*.py")
    }
    assert [name for name, used in modules.items() if "require_GET" in used] == []
    patching = sorted(name for name, used in modules.items() if "patch_vary_headers" in used)
    assert patching == ["careerhub/middleware.py", "roles/cache.py"]
