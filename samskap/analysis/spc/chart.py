"""Compute a chart: validate the series, split it into parts, compute each part's centre and
limits, run the rules, and assemble a read-only `ChartResult`.

The order of work follows qicharts2's `qic()`: lines per part → runs analysis per part (on the
unscaled values) → `multiply` → sigma signals against the scaled limits.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from samskap.analysis.spc import mdc
from samskap.analysis.spc.limits import Lines, part_lines
from samskap.analysis.spc.model import (
    DENOMINATOR_CHARTS,
    OPTIONAL_DENOMINATOR_CHARTS,
    SUBGROUP_CHARTS,
    TRIAL_LIMITS_BELOW,
    BoolArray,
    ChartResult,
    ChartSpec,
    ChartType,
    FloatArray,
    Improvement,
    IntArray,
    MdcResult,
    PartSummary,
    PointType,
    RuleSet,
    SpcInputError,
    SpecialCauseType,
)
from samskap.analysis.spc.runs import runs_analysis

#: Charts whose limits come from moving ranges, so every part's baseline needs two points.
_MOVING_RANGE_CHARTS: frozenset[ChartType] = frozenset({"i", "mr", "t", "pp", "up"})

_CHART_NAMES: dict[ChartType, str] = {
    "run": "a run chart",
    "i": "an I chart",
    "mr": "an MR chart",
    "xbar": "an Xbar chart",
    "s": "an S chart",
    "p": "a P chart",
    "pp": "a P′ chart",
    "u": "a U chart",
    "up": "a U′ chart",
    "c": "a C chart",
    "g": "a G chart",
    "t": "a T chart",
}


def spc_chart(
    y: npt.ArrayLike | Sequence[Sequence[float]],
    n: npt.ArrayLike | None = None,
    *,
    chart: ChartType,
    freeze: int | None = None,
    parts: Sequence[int] = (),
    exclude: Sequence[int] = (),
    multiply: float = 1.0,
    screen_mr: bool = True,
    rules: RuleSet = "anhoej",
    improvement: Improvement | None = None,
    target: float | None = None,
) -> ChartResult:
    """Compute a run or control chart of `y`.

    - run, i, mr, c, g, t: `y` holds one value per point. Run, I and MR charts take an optional
      denominator `n` and then chart y/n.
    - p, pp, u, up: `y` holds the counts (numerators) and `n` the denominators.
    - xbar, s: `y` holds one subgroup of individual measurements per point (≥ 2 values each).

    The options are those of `ChartSpec` (freeze, parts, exclude, multiply, screen_mr, rules,
    improvement, target). Raises `SpcInputError` with a plain message on unusable input.
    """
    spec = ChartSpec(
        chart=chart,
        freeze=freeze,
        parts=tuple(parts),
        exclude=tuple(exclude),
        multiply=multiply,
        screen_mr=screen_mr,
        rules=rules,
        improvement=improvement,
        target=target,
    )
    return compute_chart(spec, y, n)


def _numbers(values: object, name: str) -> FloatArray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise SpcInputError(f"{name} must be a sequence of numbers") from None
    if arr.ndim != 1:
        raise SpcInputError(f"{name} must be a flat sequence of numbers")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.shape[0]:
        raise SpcInputError(f"{name} at position {int(bad[0]) + 1} is missing or not a finite number")
    return arr


def _subgroups(values: object) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Means, sizes and standard deviations (n − 1 denominator) of each subgroup."""
    if not isinstance(values, Sequence) or isinstance(values, str | bytes):
        raise SpcInputError("y must be a sequence of subgroups (each a sequence of numbers) for Xbar and S charts")
    means, sizes, sds = [], [], []
    for k, group in enumerate(values, start=1):
        if not isinstance(group, Sequence | np.ndarray) or isinstance(group, str | bytes):
            raise SpcInputError(f"subgroup {k} is not a sequence of values; Xbar and S charts take subgroups")
        arr = _numbers(group, f"subgroup {k}")
        if arr.shape[0] < 2:
            raise SpcInputError(f"subgroup {k} has {arr.shape[0]} value(s); Xbar and S charts need at least 2")
        means.append(float(arr.mean()))
        sizes.append(float(arr.shape[0]))
        sds.append(float(arr.std(ddof=1)))
    return np.array(means), np.array(sizes), np.array(sds)


def _check_values(chart: ChartType, y: FloatArray, n: FloatArray | None) -> None:
    """Reject values a chart cannot take, naming the first offending point (1-based)."""

    def first(mask: BoolArray) -> int | None:
        hits = np.flatnonzero(mask)
        return int(hits[0]) + 1 if hits.shape[0] else None

    if n is not None and (k := first(n <= 0)) is not None:
        raise SpcInputError(f"the denominator n at point {k} is {n[k - 1]:g}; it must be greater than 0")
    if (chart in DENOMINATOR_CHARTS or chart in ("c", "g")) and (k := first(y < 0)) is not None:
        raise SpcInputError(f"y at point {k} is negative; {_CHART_NAMES[chart]} needs counts of 0 or more")
    if chart in ("p", "pp") and n is not None and (k := first(y > n)) is not None:
        raise SpcInputError(f"y at point {k} is greater than n; a proportion cannot exceed 1")
    if chart == "t" and (k := first(y <= 0)) is not None:
        raise SpcInputError(f"y at point {k} is not positive; a T chart needs times greater than 0")


def _part_bounds(size: int, spec: ChartSpec) -> list[tuple[int, int]]:
    for k in spec.parts:
        if not 1 <= k < size:
            raise SpcInputError(f"a part break after point {k} is outside the series of {size} points")
    cuts = [0, *spec.parts, size]
    return list(itertools.pairwise(cuts))


def _readonly(arr: npt.NDArray[np.generic]) -> None:
    arr.flags.writeable = False


def compute_chart(spec: ChartSpec, y: object, n: object = None) -> ChartResult:
    """Compute the chart `spec` describes; see `spc_chart` for the shape of y and n."""
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            return _compute(spec, y, n)
    except FloatingPointError:
        raise SpcInputError("the values are too large or too small to chart") from None


def _compute(spec: ChartSpec, y: object, n: object) -> ChartResult:
    chart = spec.chart
    sds: FloatArray | None = None
    den: FloatArray | None = None
    if chart in SUBGROUP_CHARTS:
        if n is not None:
            raise SpcInputError("Xbar and S charts take subgroups of values, not a denominator n")
        values, den, sds = _subgroups(y)
    else:
        values = _numbers(y, "y")
        if n is not None:
            if chart not in DENOMINATOR_CHARTS and chart not in OPTIONAL_DENOMINATOR_CHARTS:
                raise SpcInputError(f"{_CHART_NAMES[chart]} takes no denominator n")
            den = _numbers(n, "n")
            if den.shape[0] != values.shape[0]:
                raise SpcInputError(f"y has {values.shape[0]} values but n has {den.shape[0]}")
        elif chart in DENOMINATOR_CHARTS:
            raise SpcInputError(f"{_CHART_NAMES[chart]} needs a denominator n for every point")
        _check_values(chart, values, den)
        if den is not None and chart in OPTIONAL_DENOMINATOR_CHARTS:
            values, den = values / den, None

    size = int(values.shape[0])
    if size == 0:
        raise SpcInputError("the series has no points")
    if spec.freeze is not None and not 1 <= spec.freeze <= size:
        raise SpcInputError(f"freeze = {spec.freeze} is outside the series of {size} points")
    for k in spec.exclude:
        if not 0 <= k < size:
            raise SpcInputError(f"excluded point {k + 1} is outside the series of {size} points")
    bounds = _part_bounds(size, spec)

    include = np.ones(size, dtype=np.bool_)
    include[list(spec.exclude)] = False
    baseline = np.ones(size, dtype=np.bool_)
    if spec.freeze is not None:
        baseline[spec.freeze :] = False
    base = baseline & include
    need = 2 if chart in _MOVING_RANGE_CHARTS else 1

    lines: list[Lines] = []
    for number, (start, stop) in enumerate(bounds, start=1):
        used = int(base[start:stop].sum())
        if used < need:
            where = f"part {number}" if len(bounds) > 1 else "the series"
            raise SpcInputError(
                f"{where} has {used} point(s) to compute from; {_CHART_NAMES[chart]} needs at least {need}"
            )
        part_sds = None if sds is None else sds[start:stop]
        part_n = None if den is None else den[start:stop]
        lines.append(
            part_lines(
                chart,
                values[start:stop],
                part_n,
                part_sds,
                base[start:stop],
                screen_mr=spec.screen_mr,
                mdc=spec.rules == "mdc",
            )
        )

    return _assemble(spec, bounds, lines, baseline, include, base)


def _assemble(
    spec: ChartSpec,
    bounds: list[tuple[int, int]],
    lines: list[Lines],
    baseline: BoolArray,
    include: BoolArray,
    base: BoolArray,
) -> ChartResult:
    size = int(baseline.shape[0])
    m = spec.multiply

    def joined(field: str) -> FloatArray:
        return np.concatenate([getattr(part, field) for part in lines]).astype(np.float64)

    y_raw, cl_raw = joined("y"), joined("cl")
    y, cl = y_raw * m, cl_raw * m
    lcl, ucl, lcl_95, ucl_95 = (joined(f) * m for f in ("lcl", "ucl", "lcl_95", "ucl_95"))
    with np.errstate(invalid="ignore"):
        sigma_signal = np.asarray((y > ucl) | (y < lcl), dtype=np.bool_)

    part_no: IntArray = np.empty(size, dtype=np.int64)
    runs_signal = np.zeros(size, dtype=np.bool_)
    summaries: list[PartSummary] = []
    for number, (start, stop) in enumerate(bounds, start=1):
        part_no[start:stop] = number
        keep = include[start:stop]
        runs = runs_analysis(y_raw[start:stop][keep], cl_raw[start:stop][keep])
        # qicharts2 reports the run counts of an MR chart but never signals: moving ranges
        # of consecutive points are correlated, so the runs rules do not apply.
        signal = runs.signal and spec.chart != "mr"
        runs_signal[start:stop] = signal
        n_base = int(base[start:stop].sum())
        summaries.append(
            PartSummary(
                part=number,
                start=start,
                stop=stop,
                n_obs=runs.n_obs,
                n_useful=runs.n_useful,
                longest_run=runs.longest_run,
                longest_run_max=runs.longest_run_max,
                n_crossings=runs.n_crossings,
                n_crossings_min=runs.n_crossings_min,
                runs_signal=signal,
                any_sigma_signal=bool(sigma_signal[start:stop].any()),
                n_baseline=n_base,
                trial_limits=n_base < TRIAL_LIMITS_BELOW,
            )
        )

    mdc_result: MdcResult | None = None
    if spec.rules == "mdc":
        mdc_result = _mdc(spec, bounds, y, cl, lcl, ucl, lcl_95, ucl_95, include, sigma_signal)
        special = np.array([t != "common_cause" for t in mdc_result.point_type], dtype=np.bool_)
    else:
        special = sigma_signal | runs_signal

    arrays: list[npt.NDArray[np.generic]] = [
        y,
        cl,
        lcl,
        ucl,
        lcl_95,
        ucl_95,
        part_no,
        baseline,
        include,
        sigma_signal,
        runs_signal,
        special,
    ]
    for arr in arrays:
        _readonly(arr)
    return ChartResult(
        spec=spec,
        y=y,
        cl=cl,
        lcl=lcl,
        ucl=ucl,
        lcl_95=lcl_95,
        ucl_95=ucl_95,
        part=part_no,
        baseline=baseline,
        include=include,
        sigma_signal=sigma_signal,
        runs_signal=runs_signal,
        special_cause=special,
        parts=tuple(summaries),
        mdc=mdc_result,
    )


def _mdc(
    spec: ChartSpec,
    bounds: list[tuple[int, int]],
    y: FloatArray,
    cl: FloatArray,
    lcl: FloatArray,
    ucl: FloatArray,
    lcl_95: FloatArray,
    ucl_95: FloatArray,
    include: BoolArray,
    outside: BoolArray,
) -> MdcResult:
    """Classify every point by the MDC rules, part by part (NHSRplotthedots' rebase groups)."""
    close = np.asarray(~outside & ((y < lcl_95) | (y > ucl_95)), dtype=np.bool_)
    side = np.sign(y - cl)
    causes: list[SpecialCauseType] = ["common_cause"] * y.shape[0]
    for start, stop in bounds:
        idx = np.arange(start, stop)[include[start:stop]]
        part_causes = mdc.special_cause_types(y[idx], side[idx], outside[idx], close[idx])
        for k, cause in zip(idx, part_causes, strict=True):
            causes[int(k)] = cause
    # Excluded points take no part in the patterns, but are still judged against the limits.
    for k in np.flatnonzero(~include & outside):
        causes[int(k)] = "above_ucl" if side[k] > 0 else "below_lcl"
    types: tuple[PointType, ...] = tuple(mdc.point_type(c, spec.improvement) for c in causes)
    outside_copy = outside.copy()
    _readonly(close)
    _readonly(outside_copy)
    return MdcResult(
        outside_limits=outside_copy,
        close_to_limits=close,
        special_cause_type=tuple(causes),
        point_type=types,
        variation_icon=mdc.variation_icon(types[-1], spec.improvement),
        assurance_icon=mdc.assurance_icon(spec.target, spec.improvement, float(lcl[-1]), float(ucl[-1])),
    )
