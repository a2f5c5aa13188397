"""The benchmark's verdicts: issue 12's floors are checked alongside the older targets."""

from bench.common import FLOOR_RATIO
from bench.report import check_targets


def result(**ratios) -> dict:
    pages = {
        name: {"ratio": ratios.get(name, 1.0), "queries": 0, "bytes": 1000}
        for name in ("role_page", "career_list", "dashboard", "htmx_level_change", "healthz")
    }
    return {
        "pages": pages,
        "queries_at_1_and_500": {},
        "worker_peak_mb": 60.0,
        "click_latency": {},
    }


def test_a_page_at_its_floor_is_not_reported_below_it():
    missed = check_targets(result(**FLOOR_RATIO))
    assert not [line for line in missed if "floor" in line]


def test_a_page_under_its_floor_is_reported():
    missed = check_targets(result(htmx_level_change=0.039, dashboard=0.05))
    assert [line for line in missed if "floor" in line] == [
        "htmx_level_change: ratio 0.039 below the issue-12 floor 0.04"
    ]
