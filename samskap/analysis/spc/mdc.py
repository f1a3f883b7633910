"""NHS England "Making Data Count" (MDC) special-cause rules, point types and icons.

Rules (NHS MDC guide "Making data count: strengthening your decisions"; as NHSRplotthedots
implements them), evaluated within each part:

1. a point outside the process limits;
2. a trend: 7 or more consecutive points each strictly higher (or lower) than the one before;
3. two of three consecutive points beyond the 2σ "near" limit, all three on the same side of
   the mean (only the near points are flagged; a point beyond the limits does not count);
4. a shift: 7 or more consecutive points on the same side of the mean; a point exactly on the
   mean breaks the run (unlike the Anhøj rules, where it is skipped).

Every point of a pattern is flagged. When several rules apply, the first in the list names the
special cause. The direction of the cause (above/increasing vs below/decreasing) and the
direction of improvement give the point type; the last point gives the variation icon, and a
target against the last limits gives the assurance icon.

Excluded points are compared with the limits (rule 1) but left out of the patterns (2–4),
just as the Anhøj runs analysis leaves them out.
"""

from __future__ import annotations

import numpy as np

from samskap.analysis.spc.model import (
    AssuranceIcon,
    BoolArray,
    FloatArray,
    Improvement,
    IntArray,
    PointType,
    SpecialCauseType,
    VariationIcon,
)

SHIFT_LENGTH = 7
TREND_LENGTH = 7


def _runs(keys: FloatArray) -> tuple[IntArray, IntArray]:
    """Start and stop (exclusive) of each block of equal consecutive keys."""
    if keys.shape[0] == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    edges = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate(([0], edges)).astype(np.int64)
    stops = np.concatenate((edges, [keys.shape[0]])).astype(np.int64)
    return starts, stops


def shift_points(side: FloatArray) -> BoolArray:
    """Points in a run of ≥ 7 on the same side of the mean (side = sign(y − mean), 0 breaks)."""
    flagged = np.zeros(side.shape[0], dtype=np.bool_)
    starts, stops = _runs(side)
    for start, stop in zip(starts, stops, strict=True):
        if stop - start >= SHIFT_LENGTH and side[start] != 0:
            flagged[start:stop] = True
    return flagged


def trend_points(y: FloatArray) -> FloatArray:
    """+1/−1 for points in a strictly increasing/decreasing run of ≥ 7 points, else 0.

    A point shared by two trends (a peak or a trough) takes the direction of the later one,
    as NHSRplotthedots does.
    """
    direction = np.zeros(y.shape[0], dtype=np.float64)
    steps = np.sign(np.diff(y))
    starts, stops = _runs(steps)
    for start, stop in zip(starts, stops, strict=True):
        # steps[start:stop] join points start .. stop (inclusive)
        if stop - start >= TREND_LENGTH - 1 and steps[start] != 0:
            direction[start : stop + 1] = steps[start]
    return direction


def two_in_three_points(close: BoolArray, side: FloatArray) -> BoolArray:
    """Near-limit points in a window of 3 consecutive points holding ≥ 2 near-limit points,
    all three on the same side of the mean."""
    size = close.shape[0]
    flagged = np.zeros(size, dtype=np.bool_)
    if size < 3:
        return flagged
    near = close.astype(np.int64)
    count = near[:-2] + near[1:-1] + near[2:]
    same_side = (side[:-2] == side[1:-1]) & (side[1:-1] == side[2:]) & (side[:-2] != 0)
    for start in np.flatnonzero((count >= 2) & same_side):
        flagged[start : start + 3] |= close[start : start + 3]
    return flagged


def special_cause_types(
    y: FloatArray, side: FloatArray, outside: BoolArray, close: BoolArray
) -> list[SpecialCauseType]:
    """Name the special cause of each point of one part's included points, by precedence."""
    trend = trend_points(y)
    two_in_three = two_in_three_points(close, side)
    shift = shift_points(side)
    result: list[SpecialCauseType] = []
    for k in range(y.shape[0]):
        above = side[k] > 0
        if outside[k]:
            result.append("above_ucl" if above else "below_lcl")
        elif trend[k] != 0:
            result.append("trend_increasing" if trend[k] > 0 else "trend_decreasing")
        elif two_in_three[k]:
            result.append("two_in_three_above" if above else "two_in_three_below")
        elif shift[k]:
            result.append("shift_above" if above else "shift_below")
        else:
            result.append("common_cause")
    return result


_HIGH_CAUSES: frozenset[SpecialCauseType] = frozenset(
    {"above_ucl", "trend_increasing", "two_in_three_above", "shift_above"}
)


def point_type(cause: SpecialCauseType, improvement: Improvement | None) -> PointType:
    """common_cause, or a special cause that is an improvement, a concern, or neutral
    (no direction of improvement given) high/low."""
    if cause == "common_cause":
        return "common_cause"
    high = cause in _HIGH_CAUSES
    if improvement is None:
        return "special_cause_neutral_high" if high else "special_cause_neutral_low"
    return "special_cause_improvement" if high == (improvement == "increase") else "special_cause_concern"


def variation_icon(last: PointType, improvement: Improvement | None) -> VariationIcon:
    """MDC variation icon from the last point's type; "high/low" says which way the special
    cause went (an improvement when higher is better is "improvement_high")."""
    if last == "common_cause":
        return "common_cause"
    if last == "special_cause_neutral_high":
        return "neutral_high"
    if last == "special_cause_neutral_low":
        return "neutral_low"
    increase = improvement == "increase"
    if last == "special_cause_improvement":
        return "improvement_high" if increase else "improvement_low"
    return "concern_low" if increase else "concern_high"


def assurance_icon(
    target: float | None, improvement: Improvement | None, lcl: float, ucl: float
) -> AssuranceIcon | None:
    """MDC assurance icon from the target and the last point's limits: will the process
    consistently pass, consistently fail, or hit and miss the target?"""
    if target is None or improvement is None or np.isnan(lcl) or np.isnan(ucl):
        return None
    increase = improvement == "increase"
    if target > ucl:
        return "consistent_fail" if increase else "consistent_pass"
    if target < lcl:
        return "consistent_pass" if increase else "consistent_fail"
    return "inconsistent"
