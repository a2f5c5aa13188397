"""The figures of a run: medians, targets, the printed table and the JSON file."""

import json
import statistics
from pathlib import Path

from bench.common import (
    FLOOR_RATIO,
    MAX_DASHBOARD_BYTES,
    MAX_FRAGMENT_BYTES,
    MAX_QUERIES,
    MAX_WORKER_MB,
    MIN_RATIO,
    RESULTS,
)
from bench.wrk import Page


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
    for name, floor in FLOOR_RATIO.items():
        ratio = pages[name]["ratio"]
        if ratio is None or ratio < floor:
            missed.append(f"{name}: ratio {ratio} below the issue-12 floor {floor}")
    for name, maximum in MAX_QUERIES.items():
        queries = pages[name]["queries"]
        if queries is None or queries > maximum:
            missed.append(f"{name}: {queries} queries > {maximum}")
    for name, (at_1, at_500) in result["queries_at_1_and_500"].items():
        if at_1 is None or at_1 != at_500:
            missed.append(f"{name}: {at_1} queries with 1 record, {at_500} with 500")
    fragment, full = pages["htmx_level_change"]["bytes"], pages["dashboard"]["bytes"]
    if not fragment or fragment > MAX_FRAGMENT_BYTES:
        missed.append(f"htmx_level_change: {fragment} bytes > {MAX_FRAGMENT_BYTES:,}")
    if not full or full > MAX_DASHBOARD_BYTES:
        missed.append(f"dashboard: {full} bytes > {MAX_DASHBOARD_BYTES:,}")
    if result["worker_peak_mb"] > MAX_WORKER_MB:
        missed.append(f"worker peak {result['worker_peak_mb']} MB > {MAX_WORKER_MB}")
    clicks = result.get("click_latency") or {}
    if "error" in clicks:
        missed.append(f"click latency: not measured ({clicks['error']})")
    elif "passed" in clicks and not clicks["passed"]:
        missed.append(
            f"click latency: median {clicks['median_ms']} ms (≤ {clicks['target_median_ms']:g}), "
            f"p95 {clicks['p95_ms']} ms (≤ {clicks['target_p95_ms']:g})"
        )
    return missed


def print_click_latency(clicks: dict) -> None:
    """Issue 15's floor: click on a level → meter updated, in Chromium."""
    if "skipped" in clicks:
        print(f"click on a level → meter updated (Chromium): skipped, {clicks['skipped']}")
    elif "error" in clicks:
        print(f"click on a level → meter updated (Chromium): not measured, {clicks['error']}")
    elif clicks:
        verdict = "met" if clicks["passed"] else "MISSED"
        pressure = clicks["cpu_pressure"]
        busy = "" if pressure is None else f"CPU pressure {pressure:.0%}, "
        response = clicks["response_median_ms"]
        arrived = "" if response is None else f"; the response arrived at median {response} ms"
        print(
            f"click on a level → meter updated (Chromium, {clicks['clicks']} clicks on "
            f"#req-{clicks['skill']}): median {clicks['median_ms']:.1f} ms "
            f"(≤ {clicks['target_median_ms']:g}), p95 {clicks['p95_ms']:.1f} ms "
            f"(≤ {clicks['target_p95_ms']:g}): {verdict}{arrived}; {busy}load average "
            f"{clicks['load_average']} on {clicks['cpus']} CPUs"
        )


def _fmt(value, pattern="{}") -> str:
    return "-" if value is None else pattern.format(value)


def print_table(result: dict, reasons: dict[str, str]) -> None:
    targets = {
        "role_page": "≥0.60 (floor 0.80), ≤6 q",
        "dashboard": "≥0.25 (floor 0.02), ≤11 q, ≤60 KiB",
        "htmx_level_change": "≥0.25 (floor 0.04), ≤12 q, ≤20 kB",
        "career_list": "",
        "healthz": "",
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
    print_click_latency(result.get("click_latency") or {})
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
