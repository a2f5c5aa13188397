"""Caching of public pages and hot read-only content, keyed by the content generation.

The generation is one number in the database (`ContentGeneration`). The code that changes
content (the admin, `sync_content`) calls `bump_generation()` inside its transaction: the number
moves when, and only when, the change commits, so a request running meanwhile renders and stores
the old content under the old generation, never under the new one; and a change made while the
cache is down still moves it. Each process reads the number at most once every
`GENERATION_TTL` seconds, and at once after its own commits, so an edit made through another
process shows within that time. Cached entries are keyed by the release and the generation: a
bump or a deploy makes every old entry unreachable, and it ages out.
"""

import hashlib
import re
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from roles.models import ContentGeneration

PAGE_TIMEOUT = 60 * 60  # an hour: an entry is never served after a bump, this only frees room
GENERATION_TTL = 1.0  # seconds a process trusts the generation it read

#: This process's reading of the generation: (monotonic time it is trusted until, value).
_generation: list = [0.0, 0]


def generation() -> int:
    """The content generation, read from the database at most every `GENERATION_TTL` s."""
    now = time.monotonic()
    if now >= _generation[0]:
        # No row yet (a database made without migrations) reads as the row's default.
        value = ContentGeneration.objects.values_list("value", flat=True).first() or 1
        _generation[:] = [now + GENERATION_TTL, value]
    return _generation[1]


def bump_generation() -> None:
    """Content changed: call inside the transaction that changes it. Every cached page and
    value built from older content is unreachable once that transaction commits."""
    updated = ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        ContentGeneration.objects.create(pk=1, value=2)
    transaction.on_commit(forget_generation)


def forget_generation() -> None:
    """Read the generation afresh on next use (after this process's own commit; tests)."""
    _generation[0] = 0.0


def _content_key(key: str, gen: int) -> str:
    # Keys can carry URL input (a slug): hash them so any key is short and safe for any backend.
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"content:{settings.CAREERHUB_RELEASE}:{gen}:{digest}"


def content_cached[T](key: str, build: Callable[[], T]) -> T:
    """`build()`, kept in the cache under the current generation. A `None` result is not kept."""
    return _cached(_content_key(key, generation()), build)


def _cached[T](full_key: str, build: Callable[[], T]) -> T:
    value = cache.get(full_key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(full_key, value, PAGE_TIMEOUT)
    return value


#: This process's copies of `content_memoized` values: key -> value.
_memo: dict[str, object] = {}
MEMO_MAX_ENTRIES = 64


def content_memoized[T](key: str, build: Callable[[], T]) -> T:
    """`content_cached`, plus a copy in this process's memory, for hot read-only values.

    The cache hands back a fresh unpickled copy on every `get`, which for the role profiles
    cost ~2 ms a request. The copy is keyed by the generation, so a bump drops it. The value is
    shared: callers must never change it.
    """
    full_key = _content_key(key, generation())
    if full_key in _memo:
        return _memo[full_key]
    value = _cached(full_key, build)
    if value is not None:
        if len(_memo) >= MEMO_MAX_ENTRIES:
            _memo.clear()
        _memo[full_key] = value
    return value


def clear_memo() -> None:
    """Forget this process's copies and its reading of the generation (tests)."""
    _memo.clear()
    forget_generation()


def page_key(path: str, gen: int) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"public-page:{settings.CAREERHUB_RELEASE}:{gen}:{digest}"


def is_cacheable(request: HttpRequest) -> bool:
    """Only a plain anonymous GET without query string or pending messages is shared."""
    if request.method != "GET" or request.GET or request.htmx:
        return False
    if request.user.is_authenticated:
        return False
    # A pending flash message would end up in the shared page.
    return len(get_messages(request)) == 0


_INDENTATION = re.compile(rb"\n\s+")


def compact(html: bytes) -> bytes:
    """The page without its templates' indentation and blank lines: every run of whitespace
    that starts a line becomes one newline. HTML renders any run of whitespace as one space,
    so the page reads and looks the same (no public page has a <pre> or a <textarea>, and
    tests/roles/test_cache.py checks the text is unchanged); the role page is a tenth smaller."""
    return _INDENTATION.sub(b"\n", html)


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous visitors the page rendered for the current content generation, compacted
    once when it is stored."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request.path, generation())
        stored = cache.get(key)
        if stored is not None:
            content, content_type, vary = stored
            response = HttpResponse(content, content_type=content_type)
            if vary:
                patch_vary_headers(response, vary)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if response["Content-Type"].startswith("text/html"):
                response.content = compact(response.content)
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            cache.set(key, (response.content, response["Content-Type"], vary), PAGE_TIMEOUT)
        return response

    return wrapper
