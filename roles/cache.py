"""Whole-page caching of public pages for anonymous visitors.

Every cached page is stored under the current content version. Saving or deleting any content
(roles app models, including their many-to-many links) bumps the version, so an editor's change
shows at once and stale pages simply age out. Signed-in people always get a fresh page.

Run several processes with a shared cache (REDIS_URL): a local-memory cache is per process, so
there a page may lag an edit made through another process by LOCAL_PAGE_TIMEOUT at most.

Caveat: `QuerySet.update()` and `bulk_create()` send no signals; call `bump_content_version()`
after using them on content.
"""

import hashlib
import re
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

# The version's key names the release, so a deploy starts a new version (from the clock, below)
# and no page cached by the previous release's templates and code is served again.
VERSION_KEY = f"content-version:{settings.CAREERHUB_RELEASE}"
PAGE_TIMEOUT = 60 * 60  # one hour, with a cache every process shares (Redis)
# A local-memory cache belongs to one process: another process's bump never reaches it, so its
# pages may lag an edit by this long at most.
LOCAL_PAGE_TIMEOUT = 60


def page_timeout() -> int:
    if isinstance(caches["default"], LocMemCache):
        return LOCAL_PAGE_TIMEOUT
    return PAGE_TIMEOUT


def content_version() -> int:
    """The current content version, created on first use."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: if the key was evicted, pages stored under an older
        # version must not come back to life.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(**_signal_kwargs) -> None:
    """Make every cached public page stale. Connected to the content models' signals."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def _content_key(key: str, version: int | None = None) -> str:
    # Keys can carry URL input (a slug): hash them so any key is short and safe for any backend.
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"content:{content_version() if version is None else version}:{digest}"


def content_cached[T](key: str, build: Callable[[], T]) -> T:
    """`build()`, kept in the cache under the current content version.

    Saving any content bumps the version, so an editor's change is seen at once (within
    `page_timeout()` in other processes when the cache is per-process). Bulk writes send no
    signal: call `bump_content_version()` after them. A `None` result is not kept.
    """
    return _cached(_content_key(key), build)


def _cached[T](full_key: str, build: Callable[[], T]) -> T:
    value = cache.get(full_key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(full_key, value, page_timeout())
    return value


#: This process's copies of `content_memoized` values: key -> (monotonic expiry, value).
_memo: dict[str, tuple[float, object]] = {}
MEMO_MAX_ENTRIES = 64


def content_memoized[T](key: str, build: Callable[[], T]) -> T:
    """`content_cached`, plus a copy in this process's memory, for hot read-only values.

    The cache hands back a fresh unpickled copy on every `get` (a local-memory cache pickles
    too), which for the role profiles cost ~2 ms a request. Here a request pays one read of
    the content version instead. The copy is keyed by the version, so a bump the process sees
    drops it at once, and it lives no longer than `page_timeout()`, like a cached entry, so a
    bump it cannot see (another process's local-memory cache) is picked up as late as it
    would be without the copy. The value is shared: callers must never change it.
    """
    version = content_version()
    if version is None:
        # The cache is unreachable (careerhub/cache.py): no version says when content changes,
        # so a copy kept now could outlive an edit. Build afresh until the cache is back.
        return build()
    full_key = _content_key(key, version)
    now = time.monotonic()
    kept = _memo.get(full_key)
    if kept is not None and kept[0] > now:
        return kept[1]
    value = _cached(full_key, build)
    if value is not None:
        if len(_memo) >= MEMO_MAX_ENTRIES:
            _memo.clear()
        _memo[full_key] = (now + page_timeout(), value)
    return value


def clear_memo() -> None:
    """Forget this process's copies (tests; `cache.clear()` alone leaves them)."""
    _memo.clear()


def page_key(path: str, version: int) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"public-page:{version}:{digest}"


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
    """Serve anonymous visitors the page rendered for the current content version, compacted
    once when it is stored."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request.path, content_version())
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
            cache.set(key, (response.content, response["Content-Type"], vary), page_timeout())
        return response

    return wrapper
