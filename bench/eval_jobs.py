"""`make eval-jobs`: how well the job-posting matcher reads the labelled corpus, and how fast.

Prints precision and recall of recognised skills, the required/nice-to-have split, years and
seniority against tests/data/job_postings/, with the catalogue of fixtures/roles.json (no
database), then the median time to match a 10,000-character posting in process. Exits 1 when
a figure is under its floor (bench.corpus.FLOORS). `--misses` lists every disagreement.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import (
    FLOORS,
    REAL_FLOORS,
    dense_ms,
    evaluate,
    evaluate_real,
    fixture_terms,
    load_corpus,
    real_dir,
    speed_ms,
)
from bench.hostile import timings
from jobs.reading.matcher import Matcher

SPEED_LIMIT_MS = 50
DENSE_LIMIT_MS = 300
HOSTILE_LIMIT_MS = 1000


def main(argv: list[str]) -> int:
    terms = fixture_terms()
    matcher = Matcher(terms)
    postings = load_corpus()
    score = evaluate(postings, matcher, {t.slug for t in terms})
    roles = sorted({p.role for p in postings})
    print(f"job postings: {len(postings)} labelled, {len(roles)} roles, {len(terms)} skills")
    figures = {
        "precision": score.precision,
        "recall": score.recall,
        "split": score.split,
        "years": score.years,
    }
    names = {
        "precision": "skills precision",
        "recall": "skills recall",
        "split": "required/nice right",
        "years": "years right",
    }
    failed = False
    for key, value in figures.items():
        ok = value >= FLOORS[key]
        failed |= not ok
        mark = "ok" if ok else "UNDER FLOOR"
        print(f"  {names[key]:<22} {value:.3f}  (floor {FLOORS[key]:.2f}) {mark}")
    print(
        f"  {'seniority right':<22} {score.seniority:.3f}\n"
        f"  {'either/or groups':<22} {score.groups:.3f} ({score.groups_right} of "
        f"{score.groups_total})\n"
        f"  counts: {score.true_positive} found right, {score.false_positive} wrong, "
        f"{score.false_negative} missed"
    )
    if score.unknown_labels:
        print(
            f"  labels not in this catalogue (left out): {', '.join(sorted(score.unknown_labels))}"
        )
    ms = speed_ms(matcher, postings)
    print(
        f"  matching a 10,000-character posting: {ms:.1f} ms (median of 21, limit {SPEED_LIMIT_MS})"
    )
    dense = dense_ms(matcher, postings)
    print(
        f"  matching a 50,000-character dense text: {dense:.1f} ms "
        f"(median of 5, limit {DENSE_LIMIT_MS})"
    )
    hostile = {name: seconds * 1000 for name, seconds in timings(matcher).items()}
    worst = max(hostile, key=hostile.get)
    print(
        f"  hostile 50,000-character shapes: worst {worst!r} {hostile[worst]:.1f} ms "
        f"(limit {HOSTILE_LIMIT_MS}); all: " + ", ".join(f"{k} {v:.0f}" for k, v in hostile.items())
    )
    failed |= (
        ms > SPEED_LIMIT_MS * 2 or dense > DENSE_LIMIT_MS * 2 or hostile[worst] > HOSTILE_LIMIT_MS
    )
    if "--misses" in argv:
        print("\n".join(score.misses))
    failed |= real(terms, matcher)
    return 1 if failed else 0


def real(terms, matcher) -> bool:
    """Print the real set's figures and its misses per posting; True when under a floor."""
    directory = real_dir()
    if directory is None:
        print("\nreal postings: ../shared/data/job-postings-real/ not found, skipped")
        return False
    score = evaluate_real(directory, matcher, terms)
    print(f"\nreal postings ({directory}): {score.postings} postings, scored as its README says")
    failed = False
    for key in ("precision", "recall", "split"):
        value = getattr(score, key)
        ok = value >= REAL_FLOORS[key]
        failed |= not ok
        print(
            f"  {key:<22} {value:.3f}  (floor {REAL_FLOORS[key]:.2f}) "
            + ("ok" if ok else "UNDER FLOOR")
        )
    print(
        f"  counts: {score.reported} reported, {score.correct} correct; "
        f"{score.matched} labels matched, {score.missed} missed"
    )
    for name, notes in score.per_posting.items():
        for note in notes:
            print(f"  {name}: {note}")
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
