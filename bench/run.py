"""`make bench`: careerhub's pages measured against a bare Django view, under gunicorn and wrk.

For each database (SQLite always; PostgreSQL too when DATABASE_URL points at one) this script
creates a fresh benchmark database, migrates it, loads the demo content, seeds learners, starts
gunicorn with production settings on a loopback port and drives every page with wrk, in rounds
that alternate with the bare view. It prints a table and writes bench/results/<database>.json.

    .venv/bin/python -m bench.run                       # SQLite (and PostgreSQL if DATABASE_URL)
    .venv/bin/python -m bench.run --rounds 5 --duration 8
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/careerhub .venv/bin/python -m bench.run --scale

The PostgreSQL benchmark never touches the database DATABASE_URL names: it uses `careerhub_bench`
on the same server, dropped and created anew. See docs/performance.md.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PAGES, RESULTS, ROOT, SCALE_LEARNERS, log
from bench.database import (
    bench_database_url,
    clear_bench_cache,
    database_kind,
    production_env,
    recreate_database,
    redis_for_bench,
    seed,
    setup_django,
)
from bench.pages import define_pages, measure_queries, sign_in_for_wrk
from bench.report import check_targets, page_figures, print_table, write_json
from bench.scale import run_scale
from bench.wrk import Page, Target, ensure_wrk


def prepare(args) -> None:
    from django.core.management import call_command

    log("migrate, load the demo content, collect static files")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("loaddata", str(args.fixture), verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.template import engines

    loaders = [
        loader[0] if isinstance(loader, tuple) else loader
        for loader in engines["django"].engine.loaders
    ]
    if "django.template.loaders.cached.Loader" not in loaders:
        sys.exit(f"production settings should use the cached template loader, not {loaders}")
    log("production settings: DEBUG off, cached template loader, persistent connections")


def drive(target: Target, baseline: Page, pages: list[Page], rounds: int, duration: float) -> None:
    """Alternate the bare view with every page; each page's ratio uses the baselines beside it."""
    for page in [baseline, *pages]:
        target.run_wrk(page, 1)  # warm-up: code paths, caches, persistent connections
    for number in range(1, rounds + 1):
        before = target.run_wrk(baseline, duration)
        baseline.runs.append(before)
        for page in pages:
            result = target.run_wrk(page, duration)
            after = target.run_wrk(baseline, duration)
            baseline.runs.append(after)
            page.runs.append(result)
            page.ratios.append(result.rps / ((before.rps + after.rps) / 2))
            before = after
        summary = ", ".join(f"{p.name} {p.ratios[-1]:.2f}" for p in pages)
        log(f"round {number}/{rounds}: baseline {baseline.runs[-1].rps:.0f} req/s; {summary}")


def profile(target: Target, page: Page, duration: float) -> None:
    """py-spy samples the gunicorn workers while wrk drives one page; prints the hot frames."""
    spy = shutil.which("py-spy")
    if not spy:
        sys.exit("--profile needs py-spy on PATH (pip install py-spy, outside the app's venv)")
    if page.path is None:
        sys.exit(f"{page.name} is not available: {page.reason}")
    raw = RESULTS / f"profile-{page.name}.txt"
    seconds = max(2, round(duration))
    spy_run = subprocess.Popen(
        [
            *(spy, "record", "--pid", str(target.process.pid), "--subprocesses"),
            *("--format", "raw", "--duration", str(seconds), "--rate", "250"),
            *("--output", str(raw), "--nonblocking"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    result = target.run_wrk(page, seconds - 1)
    spy_run.wait(timeout=seconds + 30)
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        samples = int(count)
        if not any("handlers/base.py" in frame for frame in frames):
            continue  # idle workers waiting in accept()
        total += samples
        own[frames[-1]] = own.get(frames[-1], 0) + samples
        for frame in set(frames):
            if re.search(r"\((?:learners|roles|careerhub)/", frame):
                inclusive[frame] = inclusive.get(frame, 0) + samples
    print(f"\nprofile of {page.name}: {result.rps:.0f} req/s, {total} samples in requests")
    print("self time (top 15):")
    for frame, samples in sorted(own.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {100 * samples / total:5.1f}%  {frame.replace(str(ROOT) + '/', '')}")
    print("inclusive time in careerhub's own code (top 15):")
    for frame, samples in sorted(inclusive.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {100 * samples / total:5.1f}%  {frame.replace(str(ROOT) + '/', '')}")
    log(f"collapsed stacks: {raw.relative_to(ROOT)} (flamegraph.pl or speedscope reads them)")


def measure_click_latency(target: Target, clicks: int) -> dict:
    """Issue 15's floor in Chromium against the same gunicorn: click on a level → meter updated."""
    from bench.click_latency import chromium_missing, for_bench
    from bench.seed import BENCH_EMAIL, BENCH_PASSWORD

    skipped = "--clicks 0" if clicks <= 0 else chromium_missing()
    if skipped:
        log(f"click on a level → meter updated: skipped, {skipped}")
        return {"skipped": skipped}
    log(f"click on a level → meter updated: {clicks} clicks in Chromium")
    return for_bench(target.base, BENCH_EMAIL, BENCH_PASSWORD, clicks)


def run_one(args, source_url: str) -> None:
    kind = database_kind(source_url)
    url = bench_database_url(kind, source_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    log(f"{kind}: fresh benchmark database")
    recreate_database(kind, url)
    env = production_env(url, redis_for_bench(args))
    if env.get("REDIS_URL"):
        log(f"cache: Redis, keys prefixed {env['CAREERHUB_CACHE_PREFIX']}")
    else:
        log("cache: local memory, one per worker")
    setup_django(env)
    try:
        _run_one(args, env, kind, url)
    finally:
        clear_bench_cache(env)  # the scale run's "-large" prefix too


def _run_one(args, env: dict[str, str], kind: str, url: str) -> None:
    prepare(args)
    from bench.seed import seed_learner

    seed(args.learners)
    seed_learner("bench@example.com")
    if args.scale:
        run_scale(args, env, kind, url)
        return

    from django.db import connection

    baseline, pages = define_pages()
    at_sizes = measure_queries(pages)
    cookie, csrf = sign_in_for_wrk()
    connection.close()  # gunicorn has the database to itself from here on

    target = Target(args, env, cookie, csrf)
    target.start()
    if args.profile:
        try:
            profile(target, pages[args.profile], args.duration * 3)
        finally:
            target.stop()
        return
    try:
        for page in pages.values():
            if page.path is None:
                continue
            status, body = target.fetch(page)
            if status != 200:
                page.reason = f"answers {status} under gunicorn"
                page.path = None
            else:
                page.bytes = len(body)
        available = [page for page in pages.values() if page.path]
        log(f"{len(available)} pages to measure, {args.rounds} rounds of {args.duration:g} s each")
        drive(target, baseline, available, args.rounds, args.duration)
        peak = target.worker_peak_mb()
        click_latency = measure_click_latency(target, args.clicks)
    finally:
        target.stop()

    errors = {p.name: sum(r.errors for r in p.runs) for p in [baseline, *pages.values()]}
    result = {
        "database": kind,
        "rounds": args.rounds,
        "baseline_rps": round(statistics.median(r.rps for r in baseline.runs), 1),
        "pages": {name: page_figures(page) for name, page in pages.items()},
        "queries_at_1_and_500": at_sizes,
        "queries_with_empty_cache": {
            name: page.cold_queries for name, page in pages.items() if page.cold_queries is not None
        },
        "worker_peak_mb": peak,
        "click_latency": click_latency,
        "learners": args.learners,
        "cache": "redis" if env.get("REDIS_URL") else "local-memory (per worker)",
    }
    result["missed"] = check_targets(result)
    result["errors"] = {name: count for name, count in errors.items() if count}
    reasons = {p.name: p.reason for p in pages.values() if p.reason}
    print_table(result, reasons)
    for name, count in result["errors"].items():
        print(f"WARNING {name}: {count} responses were errors or timeouts")
    log(f"wrote {write_json(kind, result).relative_to(ROOT)}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (median)")
    parser.add_argument("--duration", type=float, default=4, help="seconds per wrk measurement")
    parser.add_argument("--learners", type=int, default=100, help="learners to seed")
    parser.add_argument(
        "--scale",
        action="store_true",
        help=f"PostgreSQL only: measure at --learners and at {SCALE_LEARNERS:,} learners",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL URL adds (or, with --scale, selects) PostgreSQL; default DATABASE_URL",
    )
    parser.add_argument(
        "--fixture", type=Path, default=ROOT / "fixtures" / "roles.json", help="demo content"
    )
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run one database only")
    parser.add_argument(
        "--cache",
        choices=("local", "redis", "auto"),
        default="local",
        help="the servers' cache: each worker's local-memory cache (the embedded default), or "
        "Redis (BENCH_REDIS_URL, default 127.0.0.1:6379/0; auto: when it answers)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--worker-class", default="sync", help="gunicorn worker class (sync, as deployed)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads")
    parser.add_argument(
        "--profile",
        choices=PAGES,
        help="instead of the rounds: sample one page with py-spy and print the hot frames",
    )
    parser.add_argument(
        "--clicks",
        type=int,
        default=20,
        help="level clicks timed in Chromium (click → meter updated); 0 skips them",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        run_one(args, args.child)
        return 0
    ensure_wrk()
    postgres = args.database_url if database_kind(args.database_url) == "postgresql" else ""
    runs = [] if args.scale else [("sqlite", "sqlite:///")]
    if postgres:
        runs.append(("postgresql", postgres))
    elif args.scale:
        sys.exit("--scale needs DATABASE_URL (or --database-url) pointing at PostgreSQL")
    if args.only:
        runs = [run for run in runs if run[0] == args.only]
    status = 0
    passthrough = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--strict"]
    for kind, url in runs:
        # Each database in its own process: Django reads DATABASE_URL once, at start-up.
        child = subprocess.run(
            [sys.executable, "-m", "bench.run", *passthrough, "--child", url], cwd=ROOT
        )
        if child.returncode != 0:
            log(f"{kind}: the benchmark failed (exit {child.returncode})")
            return child.returncode
        result_file = RESULTS / f"{kind}.json"
        if args.strict and not args.scale and json.loads(result_file.read_text())["missed"]:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
