"""The Redis cache, against the real server (REDIS_URL, or 127.0.0.1:6379; `.ci/run` starts it)."""

import os
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import PASSWORD

# Database 15 keeps the tests away from anything a developer keeps in the default database.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.redis,
    # CI starts Redis (.ci/run), so there a missing server fails the run instead of skipping.
    pytest.mark.skipif(
        not os.environ.get("CI") and not redis_reachable(),
        reason=f"no Redis server answers at {REDIS_URL} (start one: redis-server --port 6379)",
    ),
]


@pytest.fixture
def redis_cache(settings):
    prefix = f"careerhub-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "careerhub.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    return prefix


@pytest.fixture
def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def test_it_stores_and_reads_values_in_redis(redis_cache, redis_client):
    cache.set("greeting", {"hello": "world"}, timeout=60)

    assert cache.get("greeting") == {"hello": "world"}
    assert redis_client.keys(f"{redis_cache}:*")  # really in Redis, not in process memory
    assert cache.incr("greeting-count", 1) if cache.add("greeting-count", 1) else True
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_it_counts_failed_logins_in_the_database_even_with_redis(db, client, learner, redis_cache):
    """Throttling must hold while Redis is down, so its counts never live only in Redis."""
    url = reverse("accounts:login")

    from axes.models import AccessAttempt

    for _ in range(5):
        client.post(url, {"username": learner.email, "password": "wrong"}, REMOTE_ADDR="192.0.2.9")
    assert AccessAttempt.objects.get(username=learner.email).failures_since_start == 5

    response = client.post(
        url, {"username": learner.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 429


def test_sessions_live_in_redis_and_end_everywhere(
    db, learner, redis_cache, redis_client, settings
):
    """With REDIS_URL, sessions are read from Redis (cached_db); "log out everywhere" must take
    the cached copies too, or a stolen cookie would still sign in from the cache."""
    from django.test import Client

    settings.SESSION_ENGINE = "learners.sessions.cached_db"
    laptop, phone = Client(), Client()
    laptop.force_login(learner)
    phone.force_login(learner)
    assert phone.get(reverse("accounts:settings")).status_code == 200
    assert redis_client.keys(f"{redis_cache}:*django.contrib.sessions.cached_db*")

    laptop.post(reverse("accounts:logout_everywhere"))

    assert phone.get(reverse("accounts:settings")).status_code == 302
    assert not redis_client.keys(f"{redis_cache}:*django.contrib.sessions.cached_db*")
