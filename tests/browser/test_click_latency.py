"""Issue 15's floor, in Chromium under production settings: a click on a level shows the new
readiness number on the meter within 100 ms (median) and 200 ms (p95) over 20 clicks.

The server is gunicorn with DJANGO_DEBUG=0 and sync workers, as `make bench` runs it, on its own
SQLite file with the demo content and bench/seed.py's full-record learner (a level on every
skill, certifications, projects, degrees, a month of history). bench/click_latency.py does the
measuring, for this test and for `make bench` alike; `pytest -s` prints the figures.

A run is 2 warm-up clicks and 20 timed ones. Other processes on the machine (a parallel test
suite, a benchmark) can only make clicks slower, never faster, so the test allows up to three
runs and passes on the first that meets both targets; a failure message lists every run, with
the machine's CPU pressure and load average. When every run missed while other processes kept the
CPUs saturated (CPU pressure ≥ 50 % of the time), the test skips with the figures, except in CI
(CI=true), where it always asserts: the same rule as the tests that need redis-server.
"""

import os

import pytest

from bench.click_latency import (
    CLICKS,
    TARGET_MEDIAN_MS,
    TARGET_P95_MS,
    WARMUP,
    measure,
    nearest_rank,
)
from bench.common import PROXY_HEADERS
from tests.browser.conftest import CSP_LISTENER, PageProblems
from tests.servers import Gunicorn, free_port, production_sqlite, seed_bench_learner

pytestmark = [pytest.mark.browser, pytest.mark.timing]

EMAIL = "latency@example.com"
#: Runs of 20 clicks at most: the test passes on the first that meets both targets.
ATTEMPTS = 3
#: CPU pressure (the share of the time some task waited for a CPU) above which a run says more
#: about the other processes on the machine than about careerhub. The test's own processes
#: (Chromium, gunicorn, Playwright) make about 25 % on two CPUs; parallel suites made 50-85 %.
BUSY = 0.5


def too_busy(result) -> bool:
    return result.cpu_pressure is not None and result.cpu_pressure >= BUSY


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    env = production_sqlite(tmp_path_factory.mktemp("click-latency") / "db.sqlite3")
    seed_bench_learner(env, EMAIL)
    port = free_port()
    # Production settings behind a TLS proxy (its header comes with every request, below); the
    # browser posts with the origin it sees.
    env |= {"DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}"}
    server = Gunicorn(port, env, workers=2, threads=1)
    server.start()
    yield server
    server.stop()


def test_nearest_rank_is_the_smallest_sample_with_that_share_at_or_below():
    samples = [float(n) for n in range(20, 0, -1)]  # 20 samples, in any order
    assert nearest_rank(samples, 95) == 19.0  # the 19th of 20
    assert nearest_rank(samples, 50) == 10.0
    assert nearest_rank(samples, 100) == 20.0
    assert nearest_rank([7.0], 95) == 7.0


def measure_once(browser, server, problems):
    from bench.seed import BENCH_PASSWORD

    context = browser.new_context(
        base_url=server.base,
        viewport={"width": 1280, "height": 900},
        extra_http_headers=PROXY_HEADERS,
    )
    context.set_default_timeout(15_000)
    context.expose_binding("__reportCsp", lambda source, text: problems.csp.append(text))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    problems.watch(page)
    try:
        return measure(server.base, EMAIL, BENCH_PASSWORD, clicks=CLICKS, warmup=WARMUP, page=page)
    finally:
        context.close()


def test_a_level_click_shows_the_new_readiness_within_100_ms_median_200_ms_p95(
    production_server, browser
):
    problems = PageProblems()
    results = []
    # Other processes on the machine only ever add to these times; a run of 20 clicks that
    # meets both targets shows the app does. Every run is printed, and a failure lists them all.
    for _ in range(ATTEMPTS):
        results.append(measure_once(browser, production_server, problems))
        warm = ", ".join(f"{ms:.0f}" for ms in results[-1].warmup)
        print(f"\n{results[-1].summary()}; warm-up {warm}")
        if results[-1].passed:
            break

    assert problems.csp == [], problems.csp
    assert problems.errors == [], problems.errors
    assert all(len(result.samples) == CLICKS for result in results)
    runs = "\n".join(result.summary() for result in results)
    if not results[-1].passed and not os.environ.get("CI") and all(too_busy(r) for r in results):
        pytest.skip(f"the machine was too busy to time clicks (CPU pressure ≥ {BUSY:.0%}):\n{runs}")
    assert results[-1].median <= TARGET_MEDIAN_MS, f"{len(results)} runs of {CLICKS}:\n{runs}"
    assert results[-1].p95 <= TARGET_P95_MS, f"{len(results)} runs of {CLICKS}:\n{runs}"
