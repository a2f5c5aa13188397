"""Helpers for the public pages' tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(client, url, params=None) -> int:
    """How many queries one GET of `url` runs."""
    with CaptureQueriesContext(connection) as done:
        client.get(url, params or {})
    return len(done)


HTMX = {"HX-Request": "true"}


def section(html: str, element_id: str) -> str:
    """The part of a page from the element with this id to the end of its <section>."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]
