"""The signed-in dashboard, rendered once and kept per learner until anything on it changes.

The key hashes everything the page is made of:

- the user row, every column of it, as the authentication middleware loads it afresh for each
  request: the learner's settings, `dashboard_seen_at` (what "what changed" is measured from) and
  `records_version`, which every change to their records bumps (learners/signals.py, and
  learners/services.py after writes that send no signal). Every process reads the row, so a
  change made through one process is seen by all of them at once, whatever the cache;
- the content version (roles/cache.py), which every editor's change bumps;
- today's date (expiry warnings, "today" in the chart);
- the role on screen (`?role=`) and whether it is the htmx partial or the whole page.

With a local-memory cache (one per process) the content version is per process too, so another
process may show an editor's change up to `page_timeout()` late, as it does for every page built
from the role profiles; a learner's own changes are seen everywhere at once.

The CSRF token is the one part that differs per response: pages are rendered with a random
placeholder in its place (a value passed to `render` overrides the context processor's), and
every response, fresh or cached, gets a freshly masked token from `get_token`, which also makes
sure the CSRF cookie is sent. The placeholder is drawn anew for each rendering, so no text a
learner types can ever be mistaken for it, and the page is stored split around it.

Not cached: pending messages (they are part of the page and are shown once), a query string
with anything but `role`, and htmx history restores (the whole page, with htmx's title).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone

from learners import services
from roles.cache import content_version, page_timeout

KEY_PREFIX = "dashboard"


def cacheable(request: HttpRequest) -> bool:
    """Whether this dashboard request may be answered from, and stored in, the cache."""
    if request.method != "GET" or any(name != "role" for name in request.GET):
        return False
    if request.htmx and request.htmx.history_restore_request:
        return False
    # A pending flash message is shown on this page, once: never keep or skip it.
    return len(get_messages(request)) == 0


def cache_key(request: HttpRequest, user, slug: str | None, partial: bool) -> str:
    """The key of the page `user` sees now for role `slug` (None: their target role)."""
    row = [getattr(user, field.attname) for field in user._meta.concrete_fields]
    parts = [
        user.pk,
        row,
        content_version(),
        timezone.localdate().isoformat(),
        slug or "",
        bool(partial),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{user.pk}:{digest}"


def split_at_token(body: bytes, placeholder: str) -> tuple[bytes, ...]:
    """The body in pieces around each placeholder, as it is stored: joining the pieces with the
    token costs one copy of the page, where a search-and-replace over it cost more per hit."""
    return tuple(body.split(placeholder.encode()))


def with_token(request: HttpRequest, pieces: tuple[bytes, ...]) -> bytes:
    """The page with a freshly masked CSRF token (and the CSRF cookie set) where it has one."""
    if len(pieces) == 1:
        return pieces[0]
    return get_token(request).encode().join(pieces)


def render_dashboard(
    request: HttpRequest,
    template: str,
    build_context: Callable[[], dict],
    *,
    slug: str | None,
    partial: bool,
) -> HttpResponse:
    """The dashboard response, from the cache if it can, and the visit marked as seen.

    `build_context()` runs only on a miss; an exception from it (an unknown role's 404) stores
    nothing. A page without a "what changed" notice does not depend on when the learner was last
    here, so it is kept under the key the next visit asks for: after the visit is marked. A page
    with the notice is not kept at all: once marked, the notice is not shown again.
    """
    user = request.user
    if not cacheable(request):
        context = build_context()
        response = render(request, template, context)
        services.mark_dashboard_seen(user=user, changes_shown=bool(context.get("changes")))
        return response
    stored = cache.get(cache_key(request, user, slug, partial))
    if stored is not None:
        pieces = stored
        changes_shown = False
    else:
        context = build_context()
        placeholder = f"csrf{secrets.token_hex(16)}"
        context["csrf_token"] = placeholder
        changes_shown = bool(context.get("changes"))
        pieces = split_at_token(render(request, template, context).content, placeholder)
    seen_before = user.dashboard_seen_at
    services.mark_dashboard_seen(user=user, changes_shown=changes_shown)
    if not changes_shown and (stored is None or user.dashboard_seen_at != seen_before):
        cache.set(cache_key(request, user, slug, partial), pieces, page_timeout())
        # Rendered inside a transaction that already bumped this learner? Its next change
        # must bump again (see services.bump_records_version).
        services.forget_pending_bumps()
    return HttpResponse(with_token(request, pieces))
