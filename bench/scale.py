"""100 against 100,000 learners on PostgreSQL: the same cost per request."""

import statistics
from urllib.parse import urlsplit

from bench.common import BENCH_DB_NAME, MAX_SCALE_COST, RESULTS, ROOT, SCALE_LEARNERS, log
from bench.database import _admin_connection, seed
from bench.pages import _client_request, define_pages, measure_queries, sign_in_for_wrk
from bench.report import write_json
from bench.wrk import Page, Target, WrkResult


def explain_hot_queries(pages: dict[str, Page]) -> str:
    """EXPLAIN ANALYZE of every query the dashboard and the level change send."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import PROXY_META
    from learners.models import User

    client = Client(**PROXY_META)
    client.force_login(User.objects.get(email="bench@example.com"))
    sections = []
    for name in ("dashboard", "htmx_level_change"):
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
    hot = [pages[name] for name in ("dashboard", "htmx_level_change") if pages[name].path]
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
