"""The one rule for when an htmx request gets a fragment, shared by every app's views."""

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request gets the page's fragment; a history restore (the Back button after htmx's
    history cache missed) comes from htmx too but needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request
