"""What every part of the benchmark shares: paths, limits and the log line."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
POST_SCRIPT = ROOT / "bench" / "post.lua"
BENCH_DB_NAME = "careerhub_bench"
PAGES = ("role_page", "career_list", "dashboard", "htmx_level_change", "healthz")
BASELINE = "baseline"
MIN_RATIO = {"role_page": 0.6, "dashboard": 0.25, "htmx_level_change": 0.25}
# Issue 12's floors: no page slower than before the "one truth" rework removed the per-learner
# page cache (24 November 2026: dashboard cache miss 0.021, level change 0.042, public pages
# about 0.85).
FLOOR_RATIO = {"role_page": 0.8, "dashboard": 0.02, "htmx_level_change": 0.04}
# The dashboard: the session, the user, seven record queries, the chart and what changed. The
# level change: the session, the user, the transaction (BEGIN, the learner's row locked, the
# rating, the four record queries of the engine's input, the snapshots, COMMIT) and the chart
# (the skill and the role come from the catalogue in memory).
MAX_QUERIES = {"role_page": 6, "dashboard": 11, "htmx_level_change": 12}
# The level change answers with what moved (meter, category scores, next steps, every-role table,
# chart), never the page: a cap in bytes, now that the folded dashboard itself is small.
MAX_FRAGMENT_BYTES = 20_000
# The dashboard of the full-record learner, folded (issue 15's budget).
MAX_DASHBOARD_BYTES = 60 * 1024
MAX_WORKER_MB = 150.0
MAX_SCALE_COST = 1.2
SCALE_LEARNERS = 100_000


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


#: What a TLS-terminating proxy adds to every request it passes on (docs/deploy.md): every
#: client of the benchmark sends it, so the app runs exactly as deployed (HTTPS redirect and
#: Secure cookies included).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
