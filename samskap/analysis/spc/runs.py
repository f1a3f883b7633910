"""The Anhøj runs rules: longest run and number of crossings against their critical values.

Sources: Anhøj J, Olesen AV (2014) "Run Charts Revisited", PLoS ONE 9(11): e113825; the
qicharts2 vignette ("The Anhøj rules" and Appendix 2); Schilling (2012) for the longest run;
Chen (2010) for the crossings.

- Points on the centre line are not useful: they neither break nor extend a run.
- Longest run L = length of the longest block of useful points on the same side.
- Crossings C = number of times consecutive useful points change side.
- Signal if L > round(log2(n) + 3) or C < qbinom(0.05, n − 1, 0.5), n = useful points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from samskap.analysis.spc.model import FloatArray


@lru_cache(maxsize=1024)
def longest_run_max(n_useful: int) -> int:
    """Upper 95 % prediction limit for the longest run: round(log2(n) + 3) (Schilling 2012).

    log2(n) + 3 is never exactly half-way between integers for a whole n (that would need
    n = 2^k·√2), so Python's round-half-to-even cannot differ from R's round here.
    """
    if n_useful < 1:
        raise ValueError("n_useful must be at least 1")
    return round(math.log2(n_useful) + 3)


@lru_cache(maxsize=1024)
def n_crossings_min(n_useful: int) -> int:
    """Lower 5 % prediction limit for crossings: qbinom(0.05, n − 1, 0.5) (Chen 2010).

    The smallest c with P(X ≤ c) ≥ 0.05 for X ~ Binomial(n − 1, ½), in exact integer
    arithmetic: Σ_{i≤c} C(m, i) ≥ 2^m / 20, i.e. 20·Σ ≥ 2^m. No floating-point edge cases.
    """
    if n_useful < 1:
        raise ValueError("n_useful must be at least 1")
    m = n_useful - 1
    total = 1 << m
    cumulative = 0
    for c in range(m + 1):
        cumulative += math.comb(m, c)
        if 20 * cumulative >= total:
            return c
    return m  # unreachable: the full sum is 2^m


@dataclass(frozen=True, slots=True)
class RunsAnalysis:
    """The runs analysis of one part (qicharts2's summary fields)."""

    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    signal: bool


def runs_analysis(y: FloatArray, cl: FloatArray) -> RunsAnalysis:
    """Analyse the included points of one part, in order, against their centre line.

    Missing values (NaN, e.g. an MR chart's first point) count as observations but are not
    useful, as in qicharts2.
    """
    n_obs = int(y.shape[0])
    sides = np.sign(y - cl) if n_obs else np.zeros(0)
    sides = sides[(sides != 0) & ~np.isnan(sides)]
    n_useful = int(sides.shape[0])
    if n_useful == 0:
        return RunsAnalysis(n_obs, 0, None, None, None, None, False)
    changes = np.flatnonzero(sides[1:] != sides[:-1])
    n_crossings = int(changes.shape[0])
    bounds = np.concatenate(([-1], changes, [n_useful - 1]))
    longest = int(np.diff(bounds).max())
    l_max = longest_run_max(n_useful)
    c_min = n_crossings_min(n_useful)
    return RunsAnalysis(n_obs, n_useful, longest, l_max, n_crossings, c_min, longest > l_max or n_crossings < c_min)
