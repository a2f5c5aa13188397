"""A pasted posting's title and company, proposed from its text: the first line that reads like a
heading ("Senior ML Engineer at Acme", "Title: Machine Learning Engineer"). Pure: no Django."""

from __future__ import annotations

import re

from jobs.reading.sections import classify_heading, strip_markup

#: Lines looked at from the top, and how long a heading may be.
LOOK_AT = 12
MAX_LENGTH = 120
MAX_WORDS = 14
_FIELD = re.compile(r"^(?:job\s+)?title\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_COMPANY_AT = re.compile(r"^(?P<title>.+?)\s+(?:at|@)\s+(?P<company>[^,;()]+?)$", re.IGNORECASE)
_COMPANY_BAR = re.compile(r"^(?P<title>.+?)\s+\|\s+(?P<company>[^|]+)$")


def _clean(line: str) -> str:
    return strip_markup(line)


def _heading_like(line: str) -> bool:
    words = line.split()
    return (
        0 < len(line) <= MAX_LENGTH
        and len(words) <= MAX_WORDS
        and not line.endswith((".", ":", "!", "?"))
        and classify_heading(line) is None
    )


def propose(text: str) -> tuple[str, str]:
    """(title, company) read from the top of `text`; empty strings where nothing fits."""
    lines = [_clean(line) for line in text.splitlines()[: LOOK_AT * 4]]
    lines = [line for line in lines if line][:LOOK_AT]
    for line in lines:
        field = _FIELD.match(line)
        if field:
            return _split(_clean(field.group("value")))
    for line in lines:
        if _heading_like(line):
            return _split(line)
    return "", ""


def _split(line: str) -> tuple[str, str]:
    for pattern in (_COMPANY_AT, _COMPANY_BAR):
        found = pattern.match(line)
        if found:
            return found.group("title").strip(), found.group("company").strip()
    return line, ""
