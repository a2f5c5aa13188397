"""`make bench`: careerhub's pages measured against a bare Django view, under gunicorn and wrk.

For each database (SQLite always; PostgreSQL too when DATABASE_URL points at one) this script
creates a fresh benchmark database, migrates it, loads the demo content, seeds learners, starts
gunicorn with production settings on a loopback port and drives every page with wrk, in rounds
that alternate with the bare view. It prints a table and writes bench/results/<database>.json.

    .venv/bin/python bench/run.py                       # SQLite (and PostgreSQL if DATABASE_URL)
    .venv/bin/python bench/run.py --rounds 5 --duration 8
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/careerhub .venv/bin/python bench/run.py --scale

The PostgreSQL benchmark never touches the database DATABASE_URL names: it uses `careerhub_bench`
on the same server, dropped and created anew. See docs/performance.md.
"""

import argparse
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
POST_SCRIPT = ROOT / "bench" / "post.lua"
BENCH_DB_NAME = "careerhub_bench"
PAGES = (
    "role_page",
    "career_list",
    "dashboard",
    "dashboard_uncached",
    "htmx_level_change",
    "healthz",
)
# The dashboard is cached per learner (learners/dashboard_cache.py) and keyed on `role` only: any
# other query parameter renders it afresh, which is what a learner gets right after a change.
UNCACHED_QUERY = "?bench=uncached"
BASELINE = "baseline"
MIN_RATIO = {"role_page": 0.6, "dashboard": 0.25, "htmx_level_change": 0.25}
MAX_QUERIES = {"role_page": 6, "dashboard": 12, "htmx_level_change": 12}
MAX_FRAGMENT_SHARE = 0.15
MAX_WORKER_MB = 150.0
MAX_SCALE_COST = 1.2
SCALE_LEARNERS = 100_000


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- wrk ------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0:
        sys.exit("make bench needs wrk: sudo apt-get install wrk")
    log("installing wrk (apt)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    return shutil.which("wrk") or sys.exit("wrk did not install")


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> WrkResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*?timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        int(socket_errors.group(1)) if socket_errors else 0
    )
    return WrkResult(rps, p50, p99, requests, errors)


# --- one page to measure ----------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str | None  # None: not available in this build
    method: str = "GET"
    signed_in: bool = False
    reason: str = ""
    queries: int | None = None
    cold_queries: int | None = None
    bytes: int | None = None
    runs: list[WrkResult] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


class Target:
    """The running app: gunicorn on a loopback port, and how to drive it with wrk."""

    def __init__(self, args, env: dict[str, str], cookie: str, csrf: str):
        self.args = args
        self.env = env
        self.cookie = cookie
        self.csrf = csrf
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.wrk = ensure_wrk()

    def start(self) -> None:
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        command = [
            str(gunicorn) if gunicorn.exists() else "gunicorn",
            "careerhub.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            self.args.worker_class,
            "--threads",
            str(self.args.threads),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("gunicorn exited during start-up (see its log above)")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz/", timeout=2) as response:  # noqa: S310 (loopback)
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        sys.exit("gunicorn did not answer /healthz/ within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_peak_mb(self) -> float:
        """The largest VmHWM (peak resident set) among the master's worker processes."""
        peaks = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s+(\d+)", text, re.M)
            hwm = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            if ppid and hwm and int(ppid.group(1)) == self.process.pid:
                peaks.append(int(hwm.group(1)) / 1024)
        return round(max(peaks), 1) if peaks else 0.0

    def fetch(self, page: Page, level: int = 3) -> tuple[int, bytes]:
        """One request as wrk will send it; the status and the body."""
        headers = {}
        data = None
        if page.signed_in:
            headers["Cookie"] = self.cookie
        if page.method == "POST":
            headers |= {
                "X-CSRFToken": self.csrf,
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            data = f"level={level}".encode()
        request = urllib.request.Request(  # noqa: S310 (our own loopback server)
            self.base + page.path, data=data, headers=headers, method=page.method
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def run_wrk(self, page: Page, duration: float) -> WrkResult:
        command = [
            self.wrk,
            "--threads",
            str(self.args.wrk_threads),
            "--connections",
            str(self.args.connections),
            "--duration",
            f"{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "--latency",
        ]
        env = dict(os.environ)
        if page.method == "POST":
            command += ["--script", str(POST_SCRIPT)]
            env |= {"BENCH_PATH": page.path, "BENCH_COOKIE": self.cookie, "BENCH_CSRF": self.csrf}
        elif page.signed_in:
            command += ["--header", f"Cookie: {self.cookie}"]
        command.append(self.base + page.path)
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return parse_wrk(output.stdout)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the database and Django, in this process ---------------------------------------------------


def database_kind(url: str) -> str:
    return (
        "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"
    )


def bench_database_url(kind: str, source_url: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{RESULTS / 'bench-sqlite.sqlite3'}"
    # Same server and credentials, but always the benchmark's own database.
    return urlsplit(source_url)._replace(path=f"/{BENCH_DB_NAME}").geturl()


def recreate_database(kind: str, url: str) -> None:
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    with _admin_connection(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{BENCH_DB_NAME}"')


def _admin_connection(url: str):
    """A connection to the server's `postgres` database, to create and drop the bench's own."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    assert config["NAME"].startswith(BENCH_DB_NAME), config["NAME"]
    return psycopg.connect(
        dbname="postgres",
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        autocommit=True,
    )


DEFAULT_BENCH_REDIS = "redis://127.0.0.1:6379/0"


def redis_for_bench(args) -> str:
    """The Redis URL the benchmark's servers use, or "" for each worker's local-memory cache.

    Two gunicorn workers are two processes, and docs/deploy.md asks for a shared cache as soon as
    there is more than one: so Redis, when one answers, as in production. Its keys carry a prefix
    of their own for each run, are never shared with the app's, and are deleted afterwards.
    """
    if args.cache == "local":
        return ""
    import redis

    url = os.environ.get("BENCH_REDIS_URL", DEFAULT_BENCH_REDIS)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if args.cache == "redis":
            sys.exit(f"--cache redis: no Redis answers at {url}")
        log(f"no Redis at {url}: each worker keeps a local-memory cache")
        return ""
    return url


def production_env(database_url: str, redis_url: str = "") -> dict[str, str]:
    # Never the app's own cache: REDIS_URL from the environment is dropped, and with the bench's
    # Redis every key carries this run's prefix (see redis_for_bench).
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env |= {
        "DJANGO_DEBUG": "0",
        "CAREERHUB_BENCHMARK": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_CONN_HEALTH_CHECKS": os.environ.get("BENCH_CONN_HEALTH_CHECKS", "1"),
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    if redis_url:
        env |= {
            "REDIS_URL": redis_url,
            "CAREERHUB_CACHE_PREFIX": f"careerhub-bench-{secrets.token_hex(4)}",
        }
    return env


def clear_bench_cache(env: dict[str, str]) -> None:
    """Empty the cache the benchmark's servers use, and nothing else."""
    if not env.get("REDIS_URL"):
        from django.core.cache import cache

        cache.clear()  # this process's local-memory cache
        return
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    keys = list(client.scan_iter(match=f"{env['CAREERHUB_CACHE_PREFIX']}*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


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


def seed(count: int) -> None:
    from bench.seed import seed_learners

    started = time.monotonic()
    totals = seed_learners(
        count,
        progress=lambda done, total: (
            log(f"  seeded {done:,} / {total:,} learners") if total >= 10_000 else None
        ),
    )
    rows = sum(totals.values())
    log(f"seeded {count:,} learners ({rows:,} rows) in {time.monotonic() - started:.1f} s")


def define_pages() -> tuple[Page, dict[str, Page]]:
    from django.urls import NoReverseMatch, reverse

    from learners.models import SkillRecord, User
    from roles.models import Requirement

    def url(name: str, **kwargs) -> tuple[str | None, str]:
        try:
            return reverse(name, kwargs=kwargs or None), ""
        except NoReverseMatch:
            return None, f"no URL named {name}"

    bench_user = User.objects.get(email="bench@example.com")
    requirement = (
        Requirement.objects.filter(role_id=bench_user.target_role_id)
        .order_by("-is_essential", "-importance", "skill__name")
        .select_related("skill", "role")
        .first()
    )
    skill_slug = (
        requirement.skill.slug
        if requirement
        else (
            SkillRecord.objects.filter(user=bench_user)
            .values_list("skill__slug", flat=True)
            .first()
        )
    )
    role_slug = requirement.role.slug if requirement else "machine-learning-engineer"
    pages = {}
    for name, (path, reason), method, signed_in in (
        ("role_page", url("roles:role_detail", slug=role_slug), "GET", False),
        ("career_list", url("roles:role_list"), "GET", False),
        ("dashboard", url("learners:dashboard"), "GET", True),
        ("dashboard_uncached", url("learners:dashboard"), "GET", True),
        (
            "htmx_level_change",
            url("learners:set_skill_level", skill_slug=skill_slug),
            "POST",
            True,
        ),
        ("healthz", url("roles:healthz"), "GET", False),
    ):
        if name == "dashboard_uncached" and path:
            path += UNCACHED_QUERY
        pages[name] = Page(name, path, method, signed_in, reason)
    baseline_path, reason = url("bench_baseline")
    if baseline_path is None:
        sys.exit("The bare baseline view is missing: is CAREERHUB_BENCHMARK=1 in settings?")
    return Page(BASELINE, baseline_path), pages


def _client_request(client, page: Page, level: int = 3):
    if page.method == "POST":
        return client.post(page.path, {"level": level}, headers={"HX-Request": "true"})
    return client.get(page.path)


def count_queries(client, page: Page) -> tuple[int, int, int]:
    """(status, queries, bytes) of one request in steady state, after two that warm up (the
    content cache, the learner's visit mark and their cached dashboard)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _client_request(client, page, level=1)
    _client_request(client, page, level=2)
    with CaptureQueriesContext(connection) as captured:
        response = _client_request(client, page, level=4)
    return response.status_code, len(captured.captured_queries), len(response.content)


def count_cold_queries(client, page: Page) -> int:
    """Queries of a request that finds the cache empty (the in-process local-memory cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clear_bench_cache(dict(os.environ))
    with CaptureQueriesContext(connection) as captured:
        _client_request(client, page, level=3)
    return len(captured.captured_queries)


def measure_queries(pages: dict[str, Page]) -> dict[str, list[int | None]]:
    """Queries and bytes per page in-process, and the query counts at 1 and 500 records."""
    from django.test import Client

    from bench.seed import seed_learner
    from learners.models import User

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a broken page: one line
    clients = {False: Client(), True: Client()}
    clients[True].force_login(User.objects.get(email="bench@example.com"))
    for page in pages.values():
        if page.path is None:
            continue
        try:
            page.cold_queries = count_cold_queries(clients[page.signed_in], page)
            status, page.queries, page.bytes = count_queries(clients[page.signed_in], page)
        except Exception as error:  # a page under construction must not stop the others
            page.reason = f"raises {type(error).__name__}: {error}"[:100]
            page.path = None
            continue
        if status != 200:
            page.reason = f"answers {status} in-process"
            page.path = None

    at_sizes: dict[str, list[int | None]] = {
        "dashboard": [],
        "dashboard_uncached": [],
        "htmx_level_change": [],
    }
    for records in (1, 500):
        user = seed_learner(f"records-{records}@example.com", records=records)
        client = Client()
        client.force_login(user)
        for name in at_sizes:
            page = pages[name]
            if page.path is None:
                at_sizes[name].append(None)
                continue
            try:
                status, queries, _ = count_queries(client, page)
            except Exception:
                status = None
            at_sizes[name].append(queries if status == 200 else None)
    return at_sizes


def sign_in_for_wrk() -> tuple[str, str]:
    """A session cookie for the full-record learner, and a CSRF token wrk can send back."""
    from django.test import Client

    from learners.models import User

    client = Client()
    client.force_login(User.objects.get(email="bench@example.com"))
    session = client.cookies["sessionid"].value
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return f"sessionid={session}; csrftoken={csrf}", csrf


# --- rounds -------------------------------------------------------------------------------------


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


def page_figures(page: Page) -> dict:
    if not page.runs:
        return {
            "ratio": None,
            "spread": None,
            "p50_ms": None,
            "p99_ms": None,
            "queries": page.queries,
            "bytes": page.bytes,
        }
    return {
        "ratio": round(statistics.median(page.ratios), 3),
        "spread": round(max(page.ratios) - min(page.ratios), 3),
        "p50_ms": round(statistics.median(r.p50_ms for r in page.runs), 2),
        "p99_ms": round(statistics.median(r.p99_ms for r in page.runs), 2),
        "queries": page.queries,
        "bytes": page.bytes,
    }


def check_targets(result: dict) -> list[str]:
    missed = []
    pages = result["pages"]
    for name, minimum in MIN_RATIO.items():
        ratio = pages[name]["ratio"]
        if ratio is None or ratio < minimum:
            missed.append(f"{name}: ratio {ratio} < {minimum}")
    for name, maximum in MAX_QUERIES.items():
        queries = pages[name]["queries"]
        if queries is None or queries > maximum:
            missed.append(f"{name}: {queries} queries > {maximum}")
    for name, (at_1, at_500) in result["queries_at_1_and_500"].items():
        if at_1 is None or at_1 != at_500:
            missed.append(f"{name}: {at_1} queries with 1 record, {at_500} with 500")
    fragment, full = pages["htmx_level_change"]["bytes"], pages["dashboard"]["bytes"]
    if not fragment or not full or fragment > MAX_FRAGMENT_SHARE * full:
        missed.append(f"htmx_level_change: {fragment} bytes vs dashboard {full} (> 15%)")
    if result["worker_peak_mb"] > MAX_WORKER_MB:
        missed.append(f"worker peak {result['worker_peak_mb']} MB > {MAX_WORKER_MB}")
    return missed


def _fmt(value, pattern="{}") -> str:
    return "-" if value is None else pattern.format(value)


def print_table(result: dict, reasons: dict[str, str]) -> None:
    targets = {
        "role_page": "≥0.60, ≤6 q",
        "dashboard": "≥0.25, ≤12 q",
        "htmx_level_change": "≥0.25, ≤12 q, ≤15% B",
        "career_list": "",
        "healthz": "",
        "dashboard_uncached": "(the cache-miss cost)",
    }
    print()
    print(
        f"careerhub bench · {result['database']} · {result['rounds']} rounds · "
        f"{result['learners']:,} learners · cache: {result['cache']} · "
        f"bare view {result['baseline_rps']:.0f} req/s"
    )
    header = f"{'page':<18} {'ratio':>6} {'spread':>7} {'p50 ms':>7} {'p99 ms':>7} "
    header += f"{'queries':>7} {'bytes':>8}  target"
    print(header)
    print("-" * len(header))
    for name, figures in result["pages"].items():
        if figures["ratio"] is None and name in reasons:
            print(f"{name:<18} not available ({reasons[name]})")
            continue
        print(
            f"{name:<18} {_fmt(figures['ratio'], '{:.3f}'):>6} "
            f"{_fmt(figures['spread'], '±{:.2f}'):>7} {_fmt(figures['p50_ms'], '{:.1f}'):>7} "
            f"{_fmt(figures['p99_ms'], '{:.1f}'):>7} {_fmt(figures['queries']):>7} "
            f"{_fmt(figures['bytes']):>8}  {targets[name]}"
        )
    fragment, full = (
        result["pages"]["htmx_level_change"]["bytes"],
        result["pages"]["dashboard"]["bytes"],
    )
    if fragment and full:
        print(
            f"htmx fragment / dashboard page: {fragment:,} / {full:,} bytes = {fragment / full:.1%}"
        )
    for name, (at_1, at_500) in result["queries_at_1_and_500"].items():
        print(f"queries with 1 and 500 records, {name}: {_fmt(at_1)} and {_fmt(at_500)}")
    cold = ", ".join(f"{k} {v}" for k, v in result["queries_with_empty_cache"].items())
    print(f"queries of a request that finds the cache empty: {cold}")
    print(
        f"worker peak memory (VmHWM): {result['worker_peak_mb']} MB (target ≤ {MAX_WORKER_MB:.0f})"
    )
    if result["missed"]:
        for line in result["missed"]:
            print(f"MISSED {line}")
    else:
        print("every target met")


def write_json(name: str, result: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path


# --- scale (PostgreSQL) ------------------------------------------------------------------------


def explain_hot_queries(pages: dict[str, Page]) -> str:
    """EXPLAIN ANALYZE of every query the dashboard and the level change send."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from learners.models import User

    client = Client()
    client.force_login(User.objects.get(email="bench@example.com"))
    sections = []
    for name in ("dashboard_uncached", "htmx_level_change"):
        page = pages[name]
        if page.path is None:
            continue
        _client_request(client, page, level=2)
        with CaptureQueriesContext(connection) as captured:
            _client_request(client, page, level=4)
        for number, query in enumerate(captured.captured_queries, 1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                sections.append(f"-- {name} #{number}: {sql}\n(not a SELECT; not explained)\n")
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            sections.append(f"-- {name} #{number}: {sql}\n{plan}\n")
    return "\n".join(sections)


def run_scale(args, env, kind: str, url: str) -> None:
    """Dashboard and level change against 100 and 100,000 learners: the same cost per request.

    Two databases (the large one a copy of the small one, then seeded up to 100,000 learners),
    two gunicorn servers, and wrk alternating between them in every round, so a busy machine
    slows both sides alike."""
    from django.db import connection

    large_name = f"{BENCH_DB_NAME}_large"
    large_url = urlsplit(url)._replace(path=f"/{large_name}").geturl()
    _, pages = define_pages()
    measure_queries(pages)
    hot = [
        pages[name]
        for name in ("dashboard", "dashboard_uncached", "htmx_level_change")
        if pages[name].path
    ]
    cookie, csrf = sign_in_for_wrk()
    connection.close()
    log(
        f"scale: copying the {args.learners}-learner database, seeding the copy to "
        f"{SCALE_LEARNERS:,}"
    )
    with _admin_connection(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{large_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{large_name}" TEMPLATE "{BENCH_DB_NAME}"')
    connection.settings_dict["NAME"] = large_name
    from learners.models import User

    seed(SCALE_LEARNERS - User.objects.filter(email__endswith="@bench.example").count())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    (RESULTS / "explain-postgresql.txt").write_text(explain_hot_queries(pages))
    log("EXPLAIN of the hot queries at 100,000 learners: bench/results/explain-postgresql.txt")
    connection.close()

    small = Target(args, env, cookie, csrf)
    # Its own cache prefix: the two databases hold the same learner, whose pages must not mix.
    large_env = env | {"DATABASE_URL": large_url}
    if env.get("REDIS_URL"):
        large_env["CAREERHUB_CACHE_PREFIX"] = env["CAREERHUB_CACHE_PREFIX"] + "-large"
    large = Target(args, large_env, cookie, csrf)
    runs: dict[tuple[str, str], list[WrkResult]] = {}
    costs: dict[str, list[float]] = {page.name: [] for page in hot}
    small.start()
    large.start()
    try:
        for page in hot:
            small.run_wrk(page, 1)
            large.run_wrk(page, 1)
        for number in range(1, args.rounds + 1):
            for page in hot:
                # Alternate which side goes first, so drift in the machine's load cancels out.
                order = (("small", small), ("large", large))
                for side, target in order if number % 2 else reversed(order):
                    runs.setdefault((page.name, side), []).append(
                        target.run_wrk(page, args.duration)
                    )
                costs[page.name].append(
                    runs[(page.name, "small")][-1].rps / runs[(page.name, "large")][-1].rps
                )
            summary = ", ".join(f"{name} ×{values[-1]:.2f}" for name, values in costs.items())
            log(
                f"round {number}/{args.rounds}: cost at {SCALE_LEARNERS:,} "
                f"vs {args.learners} learners: {summary}"
            )
    finally:
        small.stop()
        large.stop()

    result = {
        "database": kind,
        "rounds": args.rounds,
        "learners": [args.learners, SCALE_LEARNERS],
        "pages": {},
    }
    print()
    print(f"scale · {kind} · cost per request at {SCALE_LEARNERS:,} vs {args.learners} learners")
    for page in hot:
        figures = {}
        for side in ("small", "large"):
            side_runs = runs[(page.name, side)]
            figures[side] = {
                "rps": round(statistics.median(r.rps for r in side_runs), 1),
                "p50_ms": round(statistics.median(r.p50_ms for r in side_runs), 2),
                "p99_ms": round(statistics.median(r.p99_ms for r in side_runs), 2),
            }
        values = costs[page.name]
        cost = statistics.median(values)
        result["pages"][page.name] = {
            f"at_{args.learners}": figures["small"],
            f"at_{SCALE_LEARNERS}": figures["large"],
            "cost_ratio": round(cost, 3),
            "spread": round(max(values) - min(values), 3),
        }
        verdict = "ok" if cost <= MAX_SCALE_COST else f"MISSED (> {MAX_SCALE_COST})"
        print(
            f"{page.name:<18} {figures['small']['rps']:.0f} → {figures['large']['rps']:.0f} req/s, "
            f"p50 {figures['small']['p50_ms']:.1f} → {figures['large']['p50_ms']:.1f} ms: "
            f"cost ×{cost:.2f} ±{max(values) - min(values):.2f} {verdict}"
        )
    log(f"wrote {write_json(f'{kind}-scale', result).relative_to(ROOT)}")


# --- profile ------------------------------------------------------------------------------------


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


# --- one database, start to end ----------------------------------------------------------------


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
        child = subprocess.run([sys.executable, __file__, *passthrough, "--child", url], cwd=ROOT)
        if child.returncode != 0:
            log(f"{kind}: the benchmark failed (exit {child.returncode})")
            return child.returncode
        result_file = RESULTS / f"{kind}.json"
        if args.strict and not args.scale and json.loads(result_file.read_text())["missed"]:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
