"""Centre lines and control limits of every chart type, for one part of a chart.

The formulas are the ones qicharts2 documents (vignette, Appendix 1), which cite
Montgomery's "Introduction to Statistical Quality Control" and Provost & Murray's
"The Health Care Data Guide"; Laney's P′/U′ from Laney (2002), Quality Engineering 14(4);
MDC's 2.66·AMR from the NHS "Making Data Count" guide (as NHSRplotthedots computes it).

`base` marks the points the centre and limits come from: baseline (freeze) and not excluded.
Limits are 3σ; `lcl_95`/`ucl_95` are the 2σ lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from samskap.analysis.spc.model import BoolArray, ChartType, FloatArray

D2 = 1.128  # E[range of 2 normals] / σ: sigma = AMR / d2 (Montgomery 6.33)
MR_SCREEN = 3.267  # D4 for n = 2: moving ranges at or above 3.267·AMR are screened out (Nelson 1982)
MDC_LIMIT = 2.66  # NHS MDC: process limits at mean ± 2.66·AMR (3/1.128, rounded)
T_POWER = 3.6  # T chart: y^(1/3.6) is near-normal for exponential times (Nelson 1994, via qicharts2)


@dataclass(frozen=True, slots=True)
class Lines:
    """The plotted statistic, the centre line and the limits of one part, before `multiply`."""

    y: FloatArray
    cl: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    lcl_95: FloatArray
    ucl_95: FloatArray


def _full(value: float, size: int) -> FloatArray:
    return np.full(size, value, dtype=np.float64)


def _lines(y: FloatArray, cl: float, sd: FloatArray | float, *, k3: float = 3.0, k2: float = 2.0) -> Lines:
    size = y.shape[0]
    sd_arr = np.broadcast_to(np.asarray(sd, dtype=np.float64), (size,))
    return Lines(y, _full(cl, size), cl - k3 * sd_arr, cl + k3 * sd_arr, cl - k2 * sd_arr, cl + k2 * sd_arr)


def _clip(lines: Lines, *, lower: float | None = 0.0, upper: float | None = None) -> Lines:
    """Clip limits to the possible range of y: counts and rates ≥ 0, proportions ≤ 1."""
    lo = -np.inf if lower is None else lower
    hi = np.inf if upper is None else upper
    return Lines(
        lines.y,
        lines.cl,
        np.clip(lines.lcl, lo, hi),
        np.clip(lines.ucl, lo, hi),
        np.clip(lines.lcl_95, lo, hi),
        np.clip(lines.ucl_95, lo, hi),
    )


def average_moving_range(values: FloatArray, *, screen: bool) -> float:
    """Mean of |Δvalues|; if `screen`, moving ranges ≥ 3.267·AMR are dropped once and the mean
    recomputed (Nelson 1982; qicharts2 `qic.screenedmr`, NHSRplotthedots `screen_outliers`).

    A constant series has AMR 0 and nothing to screen.
    """
    mr = np.abs(np.diff(values))
    amr = float(mr.mean())
    if screen and amr > 0:
        amr = float(mr[mr < MR_SCREEN * amr].mean())
    return amr


def _individuals(y: FloatArray, base: BoolArray, *, screen: bool, mdc: bool) -> Lines:
    """I (XmR) chart. Excluded points are removed before differencing, so a moving range spans
    the gap. qicharts2: σ = AMR/1.128, limits at ±3σ; MDC: ±2.66·AMR, near limits at ±⅔·2.66·AMR."""
    used = y[base]
    cl = float(used.mean())
    amr = average_moving_range(used, screen=screen)
    if mdc:
        return _lines(y, cl, amr, k3=MDC_LIMIT, k2=2 * MDC_LIMIT / 3)
    return _lines(y, cl, amr / D2)


def _moving_range(y: FloatArray, base: BoolArray) -> Lines:
    """MR chart: MR_i = |y_i − y_{i−1}| within the part (none for the first point);
    CL = mean MR over the baseline; UCL = D4·CL = 3.267·CL, LCL = 0; the 2σ line is ⅔ of UCL
    (as qicharts2 draws it)."""
    mr = np.concatenate(([np.nan], np.abs(np.diff(y))))
    used = mr[base]
    used = used[~np.isnan(used)]
    cl = float(used.mean())
    size = y.shape[0]
    zero = _full(0.0, size)
    return Lines(
        mr, _full(cl, size), zero, _full(MR_SCREEN * cl, size), zero.copy(), _full(MR_SCREEN / 3 * 2 * cl, size)
    )


def _laney_sigma_z(z: FloatArray, *, screen: bool) -> float:
    """Laney (2002): the between-subgroup spread of standardised values, σ_z = AMR(z)/1.128."""
    return average_moving_range(z, screen=screen) / D2


def _proportion(counts: FloatArray, n: FloatArray, base: BoolArray, *, laney: bool, screen: bool) -> Lines:
    """P chart (Montgomery 7.1): CL = Σcounts/Σn; σ_i = √(p̄(1−p̄)/n_i); limits within [0, 1].
    P′ (Laney 2002): σ_i multiplied by σ_z of z_i = (p_i − p̄)/σ_i over the baseline."""
    y = counts / n
    cl = float(counts[base].sum() / n[base].sum())
    sd = np.sqrt(cl * (1 - cl) / n)
    if laney and cl * (1 - cl) > 0:
        sd = sd * _laney_sigma_z((y[base] - cl) / sd[base], screen=screen)
    return _clip(_lines(y, cl, sd), lower=0.0, upper=1.0)


def _rate(counts: FloatArray, n: FloatArray, base: BoolArray, *, laney: bool, screen: bool) -> Lines:
    """U chart (Montgomery 7.19): CL = Σcounts/Σn; σ_i = √(ū/n_i); LCL ≥ 0.
    U′ (Laney 2002): σ_i multiplied by σ_z of z_i = (u_i − ū)/σ_i over the baseline."""
    y = counts / n
    cl = float(counts[base].sum() / n[base].sum())
    sd = np.sqrt(cl / n)
    if laney and cl > 0:
        sd = sd * _laney_sigma_z((y[base] - cl) / sd[base], screen=screen)
    return _clip(_lines(y, cl, sd))


def _count(y: FloatArray, base: BoolArray) -> Lines:
    """C chart (Montgomery 7.17): CL = mean count; σ = √CL; LCL ≥ 0."""
    cl = float(y[base].mean())
    return _clip(_lines(y, cl, math.sqrt(cl)))


def _geometric(y: FloatArray, base: BoolArray) -> Lines:
    """G chart (Montgomery p. 319; Provost & Murray): limits from the mean ḡ,
    ḡ ± 3√(ḡ(ḡ+1)), LCL ≥ 0; the centre line drawn is the median, since the geometric
    distribution is skewed (qicharts2)."""
    used = y[base]
    mean = float(used.mean())
    lines = _clip(_lines(y, mean, math.sqrt(mean * (mean + 1))))
    return Lines(y, _full(float(np.median(used)), y.shape[0]), lines.lcl, lines.ucl, lines.lcl_95, lines.ucl_95)


def _time_between(y: FloatArray, base: BoolArray, *, screen: bool, mdc: bool) -> Lines:
    """T chart (Provost & Murray; qicharts2): an I chart of y^(1/3.6), back-transformed with ^3.6.
    A negative lower limit has no back-transform and becomes 0."""
    t = _individuals(y ** (1 / T_POWER), base, screen=screen, mdc=mdc)

    def back(v: FloatArray) -> FloatArray:
        return np.where(v > 0, np.maximum(v, 0.0) ** T_POWER, 0.0)

    return Lines(y, back(t.cl), back(t.lcl), back(t.ucl), back(t.lcl_95), back(t.ucl_95))


def _c4(n: FloatArray) -> FloatArray:
    """c4(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2): E[s] = c4·σ for samples of size n."""
    lg = np.vectorize(math.lgamma, otypes=[np.float64])
    return np.asarray(np.sqrt(2 / (n - 1)) * np.exp(lg(n / 2) - lg((n - 1) / 2)), dtype=np.float64)


def _pooled_sd(sizes: FloatArray, sds: FloatArray, base: BoolArray) -> float:
    """s̄: the pooled √(Σ(n_i−1)s_i² / Σ(n_i−1)) when subgroup sizes vary (Montgomery 6.31),
    else the mean of s_i (Montgomery 6.29). qicharts2 decides "vary" over the whole part."""
    if np.unique(sizes).shape[0] > 1:
        w = sizes[base] - 1
        return math.sqrt(float((w * sds[base] ** 2).sum() / w.sum()))
    return float(sds[base].mean())


def _xbar(means: FloatArray, sizes: FloatArray, sds: FloatArray, base: BoolArray) -> Lines:
    """Xbar chart (Montgomery 6.30): CL = Σn_i·x̄_i/Σn_i; limits CL ± A3(n_i)·s̄,
    A3 = 3/(c4(n)·√n) (and 2/(c4·√n) for the 2σ lines)."""
    cl = float((sizes[base] * means[base]).sum() / sizes[base].sum())
    sd = _pooled_sd(sizes, sds, base) / (_c4(sizes) * np.sqrt(sizes))
    return _lines(means, cl, sd)


def _stdev(sizes: FloatArray, sds: FloatArray, base: BoolArray) -> Lines:
    """S chart (Montgomery 6.29/6.31): CL = s̄; LCL = B3·s̄, UCL = B4·s̄ with
    B3/B4 = max(0, 1 ∓ 3·c5/c4), c5 = √(1 − c4²)."""
    cl = _pooled_sd(sizes, sds, base)
    c4 = _c4(sizes)
    ratio = np.sqrt(1 - c4**2) / c4
    size = sds.shape[0]
    return Lines(
        sds,
        _full(cl, size),
        np.maximum(0.0, 1 - 3 * ratio) * cl,
        (1 + 3 * ratio) * cl,
        np.maximum(0.0, 1 - 2 * ratio) * cl,
        (1 + 2 * ratio) * cl,
    )


def _run(y: FloatArray, base: BoolArray) -> Lines:
    """Run chart: CL = median of the baseline; no limits."""
    size = y.shape[0]
    nan = _full(np.nan, size)
    return Lines(y, _full(float(np.median(y[base])), size), nan, nan.copy(), nan.copy(), nan.copy())


def part_lines(
    chart: ChartType,
    y: FloatArray,
    n: FloatArray | None,
    sds: FloatArray | None,
    base: BoolArray,
    *,
    screen_mr: bool,
    mdc: bool,
) -> Lines:
    """Centre and limits of one part.

    y is the value per point (counts for P/U, subgroup means for Xbar/S), n the denominator
    (P/U) or subgroup size (Xbar/S), sds the subgroup standard deviations (Xbar/S).
    """
    if chart == "run":
        return _run(y, base)
    if chart == "i":
        return _individuals(y, base, screen=screen_mr, mdc=mdc)
    if chart == "mr":
        return _moving_range(y, base)
    if chart == "c":
        return _count(y, base)
    if chart == "g":
        return _geometric(y, base)
    if chart == "t":
        return _time_between(y, base, screen=screen_mr, mdc=mdc)
    if chart in ("p", "pp"):
        assert n is not None
        return _proportion(y, n, base, laney=chart == "pp", screen=screen_mr)
    if chart in ("u", "up"):
        assert n is not None
        return _rate(y, n, base, laney=chart == "up", screen=screen_mr)
    assert n is not None and sds is not None
    if chart == "xbar":
        return _xbar(y, n, sds, base)
    return _stdev(n, sds, base)
