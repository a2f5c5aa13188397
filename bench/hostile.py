"""Texts shaped to make a careless reader slow (issue 21, fault 1), and the time the reader
takes on each: every pattern it runs must be linear in its input, so any text up to the posting
limit is read in well under a second. `make eval-jobs` prints the worst; a test holds a
generous ceiling (tests/jobs/test_hostile_text.py)."""

from __future__ import annotations

import time

#: The longest posting a learner can paste (jobs.models.TEXT_MAX_LENGTH; a test ties the two).
N = 50_000

#: name -> text of about N characters. Long runs of what the patterns repeat over (spaces,
#: underscores, word characters, dots), and what they look for, repeated without an end.
SHAPES: dict[str, str] = {
    "underscores": "_" * N,
    "spaces between words": "a" + " " * (N - 2) + "b",
    "one long word": "a" * N,
    "'1 years ' repeated": "1 years " * (N // 8),
    "'a.' pairs": "a." * (N // 2),
    "digits": "1" * N,
    "dashes": "-" * N,
    "a number then spaces": "3 -" + " " * N + "5",
    "a heading then spaces": "Requirements:" + " " * N,
    "a word run then @": "a" * N + "@",
    "'experience ' repeated": "experience " * (N // 11),
    "'Python, ' repeated": "Python, " * (N // 8),
    "'Python or ' repeated": "Python or " * (N // 10),
    "a bullet list": "- Python\n" * (N // 9),
    "tabs": "\t" * N,
    "no-break spaces": "\u00a0" * N,
    "'. ' repeated": ". " * (N // 2),
    "'five years ' repeated": "five years " * (N // 11),
    "'a@' repeated": "a@" * (N // 2),
    "'a:' repeated": "a:" * (N // 2),
    "'x' lines": "x\n" * (N // 2),
    "'- ' repeated": "- " * (N // 2),
    "'1 +' then spaces": "1 +" + " " * N,
}


def timings(matcher) -> dict[str, float]:
    """Seconds the matcher takes on each shape (cut to the posting limit)."""
    seconds = {}
    for name, text in SHAPES.items():
        started = time.perf_counter()
        matcher.analyse(text[:N], title="Engineer")
        seconds[name] = time.perf_counter() - started
    return seconds
