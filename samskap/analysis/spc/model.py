"""Types of the SPC engine: what a chart is asked to do (`ChartSpec`) and what comes back
(`ChartResult`, `PartSummary`, `MdcResult`).

Everything here is immutable: specs validate themselves when built, and result arrays are
read-only NumPy arrays, so a result can be cached and shared without copying.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

ChartType = Literal["run", "i", "mr", "xbar", "s", "p", "pp", "u", "up", "c", "g", "t"]
RuleSet = Literal["anhoej", "mdc"]
Improvement = Literal["increase", "decrease"]

#: Why a point is special under the NHS "Making Data Count" rules, in order of precedence
#: (outside the limits, 7-point trend, 2 of 3 near a limit, 7 points on one side).
SpecialCauseType = Literal[
    "common_cause",
    "above_ucl",
    "below_lcl",
    "trend_increasing",
    "trend_decreasing",
    "two_in_three_above",
    "two_in_three_below",
    "shift_above",
    "shift_below",
]
PointType = Literal[
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]
VariationIcon = Literal[
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
]
AssuranceIcon = Literal["consistent_pass", "consistent_fail", "inconsistent"]

CHART_TYPES: tuple[ChartType, ...] = get_args(ChartType)
RULE_SETS: tuple[RuleSet, ...] = get_args(RuleSet)
IMPROVEMENTS: tuple[Improvement, ...] = get_args(Improvement)

#: Charts whose y is a count or a proportion over a denominator `n`.
DENOMINATOR_CHARTS: frozenset[ChartType] = frozenset({"p", "pp", "u", "up"})
#: Charts that may take an optional denominator: then y/n is plotted (qicharts2 does the same).
OPTIONAL_DENOMINATOR_CHARTS: frozenset[ChartType] = frozenset({"run", "i", "mr"})
#: Charts whose input is subgroups of individual measurements.
SUBGROUP_CHARTS: frozenset[ChartType] = frozenset({"xbar", "s"})
#: The MDC rules need control limits with a meaning; the run chart has none and consecutive
#: moving ranges are correlated (qicharts2 switches runs analysis off for MR charts too).
MDC_CHARTS: frozenset[ChartType] = frozenset(set(CHART_TYPES) - {"run", "mr"})

#: NHSRplotthedots warns of "trial limits" below this many points (MDC guidance: 12).
TRIAL_LIMITS_BELOW = 12


class SpcInputError(ValueError):
    """The series or the options cannot make a chart. The message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """How to chart a series: the per-chart settings a user chooses.

    Positions follow the qicharts2 conventions, which are counts, so they read the same
    whether one counts from 0 or 1:

    - `freeze = k`: the first k points are the baseline; its centre and limits apply to all.
    - `parts = (k, ...)`: a new part starts after the first k points. Each part gets its own
      centre, limits and runs analysis. With `freeze` too, the freeze must fall in the last
      part: that part's limits come from its points up to the freeze (a monitoring chart
      whose limits were frozen after the last change). qicharts2 leaves this case undefined.
    - `exclude = (i, ...)`: 0-based positions left out of the centre, the limits and the runs
      analysis, but still plotted (and still compared with the limits).
    - `multiply` scales y, the centre and the limits (for percent or per-1000 rates).
    - `screen_mr` drops moving ranges ≥ 3.267·AMR once before the limits are computed
      (Nelson 1982; qicharts2 and NHSRplotthedots default to on, the MDC Excel tools to off).
    - `rules`: "anhoej" (Anhøj runs rules + Shewhart 3σ, as qicharts2) or "mdc" (NHS Making Data
      Count: 2.66·AMR limits, outside limits, 2 of 3 near a limit, shift of 7, trend of 7).
    - `improvement` (direction of improvement) and `target` feed the MDC point types and icons.
    """

    chart: ChartType
    freeze: int | None = None
    parts: tuple[int, ...] = ()
    exclude: tuple[int, ...] = ()
    multiply: float = 1.0
    screen_mr: bool = True
    rules: RuleSet = "anhoej"
    improvement: Improvement | None = None
    target: float | None = None

    def __post_init__(self) -> None:
        if self.chart not in CHART_TYPES:
            raise SpcInputError(f"unknown chart type {self.chart!r}; choose one of {', '.join(CHART_TYPES)}")
        if self.rules not in RULE_SETS:
            raise SpcInputError(f"unknown rule set {self.rules!r}; choose one of {', '.join(RULE_SETS)}")
        if self.improvement is not None and self.improvement not in IMPROVEMENTS:
            raise SpcInputError(f"improvement must be 'increase', 'decrease' or None, not {self.improvement!r}")
        if self.rules == "mdc" and self.chart not in MDC_CHARTS:
            raise SpcInputError(f"the MDC rules need a control chart with limits; not available for {self.chart!r}")
        if self.freeze is not None and self.parts and self.freeze <= max(self.parts):
            raise SpcInputError(
                "a frozen baseline must lie in the last part: a new part after it would recompute what freeze fixes"
            )
        if not (isinstance(self.multiply, int | float) and math.isfinite(self.multiply) and self.multiply > 0):
            raise SpcInputError(f"multiply must be a positive number, not {self.multiply!r}")
        if self.target is not None and not math.isfinite(self.target):
            raise SpcInputError("target must be a finite number")
        object.__setattr__(self, "parts", tuple(sorted(set(self.parts))))
        object.__setattr__(self, "exclude", tuple(sorted(set(self.exclude))))


@dataclass(frozen=True, slots=True)
class PartSummary:
    """One part of a chart: its runs analysis (qicharts2's `summary()`) and its signals.

    `longest_run`, `n_crossings` and their limits are None when the part has no useful
    observations (every point on the centre line), as qicharts2's NA.
    """

    part: int  # 1-based part number
    start: int  # 0-based index of the part's first point
    stop: int  # one past the part's last point
    n_obs: int  # included points in the part
    n_useful: int  # included points not on the centre line
    longest_run: int | None
    longest_run_max: int | None  # signal if longest_run > this: round(log2(n_useful) + 3)
    n_crossings: int | None
    n_crossings_min: int | None  # signal if n_crossings < this: qbinom(0.05, n_useful − 1, 0.5)
    runs_signal: bool
    any_sigma_signal: bool
    n_baseline: int  # points the centre and limits were computed from
    trial_limits: bool  # fewer than 12 baseline points: MDC calls such limits "trial limits"


@dataclass(frozen=True, slots=True)
class MdcResult:
    """NHS Making Data Count classification of each point, and the chart's icons."""

    outside_limits: BoolArray
    close_to_limits: BoolArray  # beyond the 2σ "near" limit but inside the process limits
    special_cause_type: tuple[SpecialCauseType, ...]
    point_type: tuple[PointType, ...]
    variation_icon: VariationIcon  # from the last point's type
    assurance_icon: AssuranceIcon | None  # None without a target or a direction of improvement


@dataclass(frozen=True, slots=True)
class ChartResult:
    """A computed chart: per-point lines and signals (read-only arrays) and per-part summaries.

    Missing lines are NaN: run charts have no limits, and an MR chart has no first moving range.
    `lcl_95`/`ucl_95` are the 2σ lines (qicharts2's names; MDC's "near" limits).
    `special_cause` is what the chosen rule set flags: sigma or runs signal under "anhoej",
    any point type other than common cause under "mdc".
    """

    spec: ChartSpec
    y: FloatArray
    cl: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    lcl_95: FloatArray
    ucl_95: FloatArray
    part: IntArray  # 1-based part number of each point
    baseline: BoolArray
    include: BoolArray
    sigma_signal: BoolArray
    runs_signal: BoolArray
    special_cause: BoolArray
    parts: tuple[PartSummary, ...]
    mdc: MdcResult | None

    def __len__(self) -> int:
        return int(self.y.shape[0])

    @property
    def runs_signal_any(self) -> bool:
        """True if any part signals by the runs rules."""
        return any(p.runs_signal for p in self.parts)

    @property
    def sigma_signal_any(self) -> bool:
        """True if any point lies outside its limits."""
        return bool(self.sigma_signal.any())
