"""Django's Redis cache, made an accelerator only: when Redis cannot be reached, the site goes on.

A read misses, a write is skipped and `incr` says the key is missing, exactly as an empty cache
would answer, so every caller already knows what to do. After a failure the process leaves Redis
alone for `RETRY_AFTER` seconds (a dead server costs one failed connection per process and
interval, not one per cache call), then tries again: the site recovers by itself when Redis does.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("careerhub.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 2.0  # seconds without trying Redis after it failed


def _degrading(default=None, *, missing_key=False):
    """Wrap a cache method: on an unreachable Redis, answer `default` (or raise ValueError
    like a missing key, for `incr`/`decr`)."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.is_down():
                if missing_key:
                    raise ValueError("Redis is unreachable: the key is treated as missing")
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.mark_down(error)
                if missing_key:
                    raise ValueError(
                        "Redis is unreachable: the key is treated as missing"
                    ) from None
                return default() if callable(default) else default

        return wrapper

    return decorate


class ResilientRedisCache(RedisCache):
    """RedisCache whose every operation degrades to "not cached" while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def mark_down(self, error: Exception) -> None:
        if not self.is_down():
            logger.warning("cache unreachable, serving without it for %ss: %s", RETRY_AFTER, error)
        self._down_until = time.monotonic() + RETRY_AFTER

    def ping(self) -> bool:
        """True when Redis answers now (for /healthz/); never raises."""
        try:
            ok = bool(self._cache.get_client(write=True).ping())
        except UNREACHABLE as error:
            self.mark_down(error)
            return False
        self._down_until = 0.0
        return ok

    def get(self, key, default=None, version=None):
        if self.is_down():
            return default
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self.mark_down(error)
            return default

    add = _degrading(False)(RedisCache.add)
    set = _degrading(None)(RedisCache.set)
    touch = _degrading(False)(RedisCache.touch)
    delete = _degrading(False)(RedisCache.delete)
    get_many = _degrading(dict)(RedisCache.get_many)
    has_key = _degrading(False)(RedisCache.has_key)
    incr = _degrading(missing_key=True)(RedisCache.incr)
    decr = _degrading(missing_key=True)(RedisCache.decr)
    set_many = _degrading(list)(RedisCache.set_many)
    delete_many = _degrading(None)(RedisCache.delete_many)
    clear = _degrading(False)(RedisCache.clear)
