"""Which chart to start with: the chart-choice helper.

The advice follows the qicharts2 way of working and the NHS "Making Data Count" guidance:
a run chart first; a control chart once there are enough points for its limits to mean
something; Laney's P′/U′ when denominators are so large that ordinary P/U limits become too
narrow (over-dispersion); G/T charts for rare events. The reasons are codes, so the caller
can say them in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from samskap.analysis.spc.model import TRIAL_LIMITS_BELOW, ChartType

ValueKind = Literal["measurement", "proportion", "rate", "count", "cases_between", "days_between"]
Reason = Literal[
    "few_points",  # under 12 points: a run chart, the median needs no limits
    "measurement",  # one value per period: I chart (XmR)
    "proportion",  # numerator out of denominator: P chart
    "proportion_large_n",  # large denominators: P′ (Laney)
    "rate",  # count per exposure: U chart
    "rate_large_n",  # large exposures: U′ (Laney)
    "count",  # counts with a constant opportunity: C chart
    "cases_between",  # rare events counted as cases between them: G chart
    "days_between",  # rare events timed as days between them: T chart
]

#: Above this average denominator ordinary P/U limits get very narrow and most points signal;
#: Laney's P′/U′ correct for the between-period variation (Mohammed & Laney; qicharts2 docs).
LARGE_DENOMINATOR = 1000.0


@dataclass(frozen=True, slots=True)
class ChartAdvice:
    chart: ChartType
    reason: Reason
    enough_points: bool  # limits computed from at least 12 points (no "trial limits")


def suggest_chart(value_kind: ValueKind, n_points: int, mean_denominator: float | None = None) -> ChartAdvice:
    """The chart to use for `n_points` observations of `value_kind`.

    >>> suggest_chart("proportion", 8).chart
    'run'
    >>> suggest_chart("proportion", 30, mean_denominator=25_000).chart
    'pp'
    """
    enough = n_points >= TRIAL_LIMITS_BELOW
    if not enough:
        return ChartAdvice("run", "few_points", enough)
    large = mean_denominator is not None and mean_denominator > LARGE_DENOMINATOR
    if value_kind == "proportion":
        return ChartAdvice("pp", "proportion_large_n", enough) if large else ChartAdvice("p", "proportion", enough)
    if value_kind == "rate":
        return ChartAdvice("up", "rate_large_n", enough) if large else ChartAdvice("u", "rate", enough)
    if value_kind == "count":
        return ChartAdvice("c", "count", enough)
    if value_kind == "cases_between":
        return ChartAdvice("g", "cases_between", enough)
    if value_kind == "days_between":
        return ChartAdvice("t", "days_between", enough)
    return ChartAdvice("i", "measurement", enough)
