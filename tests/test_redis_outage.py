"""Redis is an accelerator: a redis-server this test starts is killed, and every page still
answers, sessions still load, login still works and failures are still counted (in the database);
when Redis returns, the site uses it again without a restart."""

import time

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from careerhub.cache import RETRY_AFTER
from tests.conftest import PASSWORD
from tests.servers import RedisServer, free_port, needs_redis_server

pytestmark = [pytest.mark.redis, needs_redis_server]

PUBLIC = [
    reverse("roles:home"),
    reverse("roles:role_list"),
    "/careers/machine-learning-engineer/",
    "/careers/?q=python",
    "/search/?q=python",
]
SIGNED_IN = [
    reverse("learners:dashboard"),
    reverse("accounts:settings"),
    reverse("learners:plan"),
    "/careers/machine-learning-engineer/",
]


@pytest.fixture
def redis_server():
    server = RedisServer(free_port())
    server.start()
    yield server
    server.kill()


@pytest.fixture
def on_redis(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "careerhub.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "learners.sessions.cached_db"
    return redis_server


def log_in(email: str, password: str = PASSWORD) -> tuple[Client, int]:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    return client, response.status_code


def statuses(client: Client, paths: list[str]) -> dict[str, int]:
    return {path: client.get(path).status_code for path in paths}


def test_the_site_works_while_redis_is_down_and_recovers_when_it_returns(
    on_redis, demo_content, learner
):
    import redis

    signed_in, status = log_in(learner.email)
    assert status == 302
    anonymous = Client()
    assert set(statuses(anonymous, PUBLIC).values()) == {200}  # warms the cache
    assert set(statuses(signed_in, SIGNED_IN).values()) == {200}
    assert redis.Redis.from_url(on_redis.url).keys("outage-test:*")  # really in Redis

    on_redis.kill()

    public = statuses(anonymous, PUBLIC)
    mine = statuses(signed_in, SIGNED_IN)
    assert set(public.values()) == {200}, public
    assert set(mine.values()) == {200}, mine  # the session was read from the database
    again, status = log_in(learner.email)
    assert status == 302
    assert again.get(reverse("learners:dashboard")).status_code == 200
    for _ in range(2):
        assert log_in(learner.email, "wrong password")[1] == 200
    assert AccessAttempt.objects.get(username=learner.email).failures_since_start == 2
    signup = Client().post(
        reverse("accounts:signup"),
        {
            "email": "new@example.com",
            "password1": "a walk in the park",
            "password2": "a walk in the park",
        },
    )
    assert signup.status_code < 500
    health = anonymous.get(reverse("roles:healthz"))
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}

    on_redis.start()
    time.sleep(RETRY_AFTER + 0.2)

    assert anonymous.get(reverse("roles:healthz")).json()["cache"] == "ok"
    assert set(statuses(anonymous, PUBLIC).values()) == {200}
    cache.set("after-the-outage", 1)
    assert redis.Redis.from_url(on_redis.url).keys("outage-test:*")  # written to Redis again
    assert set(statuses(signed_in, SIGNED_IN).values()) == {200}


def test_the_cache_answers_like_an_empty_cache_while_redis_is_down(on_redis):
    cache.set("kept", "value")
    assert cache.get("kept") == "value"

    on_redis.kill()

    assert cache.get("kept") is None
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept"]) == {}
    assert cache.add("other", 1) is False
    assert cache.set("other", 1) is None
    assert cache.delete("kept") is False
    with pytest.raises(ValueError, match="unreachable"):
        cache.incr("counter")
    started = time.monotonic()
    for _ in range(100):
        cache.get("kept")
    assert time.monotonic() - started < 1  # no connection attempt per call while it is down


def test_content_kept_in_process_memory_follows_edits_while_redis_is_down(db, on_redis):
    from roles.cache import bump_generation, content_memoized

    on_redis.kill()
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    # The generation lives in the database: an edit moves it with Redis down, so a copy kept
    # in memory is used until content changes, and never after.
    assert [content_memoized("profiles", build) for _ in range(3)] == [1, 1, 1]
    bump_generation()
    assert [content_memoized("profiles", build) for _ in range(2)] == [2, 2]
