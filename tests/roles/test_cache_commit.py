"""The content generation moves when an edit commits, never before, and a bump needs no cache:
a request served while an editor's save is still open never stores stale content, and an edit
made while Redis is down is seen when it comes back."""

import signal
import threading

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client

from roles import cache as content_cache
from roles.cache import bump_generation
from roles.models import ContentGeneration, Role
from tests.factories import RoleFactory
from tests.servers import RedisServer, free_port, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def production_ttl(monkeypatch):
    """Trust a reading of the generation as production does: only a commit refreshes it."""
    monkeypatch.setattr(content_cache, "GENERATION_TTL", 60)
    ContentGeneration.objects.get_or_create(pk=1)


def edit_summary(role: Role, summary: str) -> None:
    """What the admin does on a save: the change and the bump in one transaction."""
    with transaction.atomic():
        Role.objects.filter(pk=role.pk).update(summary=summary)
        bump_generation()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a request during an open transaction needs a database that runs them concurrently",
)
def test_a_request_during_an_uncommitted_save_never_caches_stale_content(production_ttl):
    role = RoleFactory(summary="Old words.")
    url = role.get_absolute_url()
    saved, go = threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                Role.objects.filter(pk=role.pk).update(summary="New words.")
                bump_generation()
                saved.set()
                assert go.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert saved.wait(20)
    during = Client().get(url).text  # the edit is not committed: the old page, stored
    go.set()
    thread.join(20)

    assert "Old words." in during
    after = Client().get(url).text
    assert "New words." in after
    assert "Old words." not in after


def test_an_edit_made_while_redis_is_down_is_seen_when_it_returns(settings, production_ttl):
    server = RedisServer(free_port())
    server.start()
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "careerhub.cache.ResilientRedisCache",
                "LOCATION": server.url,
                "KEY_PREFIX": "generation-test",
                "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
            }
        }
        role = RoleFactory(summary="Old words.")
        url = role.get_absolute_url()
        assert "Old words." in Client().get(url).text  # stored in Redis
        old_page = content_cache.page_key(url, content_cache.generation())
        server.process.send_signal(signal.SIGSTOP)  # unreachable, yet keeps what it holds
        edit_summary(role, "New words.")
        assert "New words." in Client().get(url).text  # served without the cache
        server.process.send_signal(signal.SIGCONT)
        assert server.answers()
        cache = caches["default"]
        wait_until(lambda: cache.set("probe", 1) or cache.get("probe") == 1, what="the cache back")
        assert cache.get(old_page) is not None  # Redis still holds the page stored before
        back = Client().get(url).text
        assert "New words." in back
        assert "Old words." not in back
    finally:
        if server.process is not None:
            server.process.send_signal(signal.SIGCONT)
        server.kill()
