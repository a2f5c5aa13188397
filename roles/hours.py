"""What a skill's estimated hours mean, and the one curve that spreads them over the levels.

`Skill.estimated_hours` is the time to go from None (0) to Independent (3). Reaching a level
costs a share of that, by one cumulative curve: a first overview (Aware) is a tenth of it,
working with guidance (Guided) four tenths, Independent all of it; going beyond it costs as much
again for Advanced and one and a half times more for Expert. The learning plan, the compare page
and the skill page all ask `hours_between` (the first two through `learners.readiness.switch`);
nothing else turns levels into hours.
"""

from __future__ import annotations

#: Cumulative share of `estimated_hours`, in tenths, needed to reach each level 0..5.
CURVE_TENTHS = (0, 1, 4, 10, 20, 35)
MAX_LEVEL = len(CURVE_TENTHS) - 1


def hours_between(estimated_hours: int, start: int, end: int) -> int:
    """Hours to go from level `start` to level `end` in a skill estimated at `estimated_hours`.

    0 when `end` is not above `start`; otherwise rounded half up and at least 1.
    """
    start = min(max(start, 0), MAX_LEVEL)
    end = min(max(end, 0), MAX_LEVEL)
    if end <= start:
        return 0
    tenths = CURVE_TENTHS[end] - CURVE_TENTHS[start]
    return max(1, (2 * estimated_hours * tenths + 10) // 20)


def hours_to_each_level(estimated_hours: int) -> tuple[tuple[int, int], ...]:
    """(level, hours from None) for levels 1..5: the skill page's table."""
    return tuple((level, hours_between(estimated_hours, 0, level)) for level in range(1, 6))
