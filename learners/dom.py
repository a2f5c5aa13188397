"""The ids of the dashboard's swappable elements, each made by one function.

Python (redirect anchors) and templates (the `dom` tag library) both call these, so an element
and the out-of-band answer that replaces it can never name it two ways.
"""

from django.utils.text import slugify


def category_id(name: str) -> str:
    """A requirement category's heading."""
    return f"cat-{slugify(name)}"


def category_score_id(name: str) -> str:
    """A requirement category's score and bar (refreshed out of band after a level change)."""
    return f"{category_id(name)}-score"


def row_id(skill_slug: str) -> str:
    """A requirement row (the anchor a form without JavaScript returns to)."""
    return f"req-{skill_slug}"


def row_status_id(skill_slug: str) -> str:
    """A requirement row's status line (refreshed out of band after a level change)."""
    return f"{row_id(skill_slug)}-status"
