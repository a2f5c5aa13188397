"""`make eval-jobs`: how well the job-posting matcher reads the labelled corpus, and how fast.

Prints precision and recall of recognised skills, the required/nice-to-have split, years and
seniority against tests/data/job_postings/, with the catalogue of fixtures/roles.json (no
database), then the median time to match a 10,000-character posting in process, and the worst
time on texts shaped to be slow (bench/hostile.py). Exits 1 when a figure is under its floor
(jobs.corpus.FLOORS). `--misses` lists every disagreement.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.hostile import timings
from jobs.corpus import FLOORS, evaluate, fixture_terms, load_corpus, speed_ms
from jobs.reading.matcher import Matcher

SPEED_LIMIT_MS = 50
HOSTILE_LIMIT_MS = 1000  # issue 21: any text up to the posting limit read in well under a second


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
    worst = max(timings(matcher).items(), key=lambda item: item[1])
    print(
        f"  worst hostile text of 50,000 characters: {worst[1] * 1000:.0f} ms ({worst[0]}; "
        f"limit {HOSTILE_LIMIT_MS})"
    )
    failed |= ms > SPEED_LIMIT_MS or worst[1] * 1000 > HOSTILE_LIMIT_MS
    if "--misses" in argv:
        print("\n".join(score.misses))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
