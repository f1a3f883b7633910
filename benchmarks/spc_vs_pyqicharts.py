"""Speed of the SPC engine against pyqicharts 2.0.0 on I charts, and whether the two agree.

Generates deterministic pseudo-random series (seeded NumPy generator: stable, shifted,
autocorrelated and drifting processes), then times, in one process,

- ours: `spc_chart(y, chart="i", screen_mr=False)` — XmR limits, Anhøj runs rules + 3σ;
- pyqicharts: `qic_table(df, "x", "y", chart="i")` (centre, limits, 3σ and its own XmR rules)
  plus its Anhøj runs analysis against that centre line (`pyqicharts.rules._evaluate`: its
  public `anhoej_rules` only judges runs around the median, as for a run chart).

Plain XmR limits on both sides: our default screens moving ranges (qicharts2), pyqicharts'
`exclude_mr_outliers` also drops points from the centre line, so only unscreened limits are
the same computation. Inputs are built before timing (a NumPy array for ours, a DataFrame
for pyqicharts). The engines alternate chunk by chunk, in alternating order, so machine noise
hits both alike. Prints readable lines, then one JSON object on its last line.

    PYTHONPATH=. python benchmarks/spc_vs_pyqicharts.py [--series 1000] [--points 100] [--repeat 5]

Needs pyqicharts, pandas and matplotlib, kept out of the app's virtualenv: `make bench-spc`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd
from pyqicharts.rules import AnhoejResult
from pyqicharts.rules import _evaluate as pyqicharts_runs_analysis
from pyqicharts.tables import qic_table

from samskap.analysis.spc import ChartResult, spc_chart

ATOL = 1e-9
KINDS = ("stable", "shift", "autocorrelated", "drift")
KIND_WEIGHTS = (0.5, 0.25, 0.15, 0.10)

PyqResult = tuple[pd.DataFrame, AnhoejResult]


def make_series(count: int, points: int, seed: int) -> tuple[list[np.ndarray], list[str]]:
    """Deterministic series: half in control, the rest shifted, autocorrelated or drifting."""
    rng = np.random.default_rng(seed)
    series: list[np.ndarray] = []
    kinds: list[str] = []
    for _ in range(count):
        kind = str(rng.choice(KINDS, p=KIND_WEIGHTS))
        level = rng.uniform(20.0, 80.0)
        sd = rng.uniform(1.0, 5.0)
        noise = rng.normal(0.0, sd, points)
        if kind == "shift":
            at = int(rng.integers(points // 5, points - points // 5))
            noise[at:] += rng.choice((-1.0, 1.0)) * rng.uniform(0.5, 2.5) * sd
        elif kind == "autocorrelated":
            phi = rng.uniform(0.3, 0.8)
            for i in range(1, points):
                noise[i] += phi * noise[i - 1]
        elif kind == "drift":
            noise += np.linspace(0.0, rng.choice((-1.0, 1.0)) * rng.uniform(1.0, 3.0) * sd, points)
        # Measurements to two decimals, as recorded data are; this makes a few ties possible.
        series.append(np.round(level + noise, 2))
        kinds.append(kind)
    return series, kinds


def ours(series: Sequence[np.ndarray]) -> list[ChartResult]:
    return [spc_chart(y, chart="i", screen_mr=False) for y in series]


def ours_mdc(series: Sequence[np.ndarray]) -> list[ChartResult]:
    return [spc_chart(y, chart="i", screen_mr=False, rules="mdc") for y in series]


def pyqicharts(frames: Sequence[pd.DataFrame]) -> list[PyqResult]:
    results: list[PyqResult] = []
    for frame in frames:
        table = qic_table(frame, "x", "y", chart="i")
        runs = pyqicharts_runs_analysis(table["plot_value"], float(table["centre"].iloc[0]), "anhoej")
        results.append((table, runs))
    return results


def timed(run: Callable[[Any], list[Any]], data: Any) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    out = run(data)
    return time.perf_counter() - started, out


def benchmark(
    series: list[np.ndarray], frames: list[pd.DataFrame], repeat: int, chunk: int
) -> tuple[dict[str, list[float]], list[ChartResult], list[PyqResult]]:
    """Total seconds of each engine over all series, per repetition. Within a repetition the
    engines take turns on chunks of `chunk` series, the order flipping from chunk to chunk."""
    engines: dict[str, tuple[Callable[[Any], list[Any]], list[Any]]] = {
        "ours": (ours, series),
        "ours_mdc": (ours_mdc, series),
        "pyqicharts": (pyqicharts, frames),
    }
    # Warm-up (imports, caches, pandas' lazy set-up), not timed.
    for run, data in engines.values():
        run(data[: min(20, len(data))])
    seconds: dict[str, list[float]] = {name: [] for name in engines}
    last: dict[str, list[Any]] = {}
    for rep in range(repeat):
        totals = dict.fromkeys(engines, 0.0)
        results: dict[str, list[Any]] = {name: [] for name in engines}
        for k, start in enumerate(range(0, len(series), chunk)):
            names = list(engines)
            if (rep + k) % 2:
                names.reverse()
            for name in names:
                run, data = engines[name]
                took, out = timed(run, data[start : start + chunk])
                totals[name] += took
                results[name].extend(out)
        for name, total in totals.items():
            seconds[name].append(total)
        last = results
        print(
            f"  repetition {rep + 1}/{repeat}: ours {totals['ours']:.3f} s, ours (mdc) {totals['ours_mdc']:.3f} s, "
            f"pyqicharts {totals['pyqicharts']:.2f} s",
            flush=True,
        )
    return seconds, last["ours"], last["pyqicharts"]


def agreement(mine: list[ChartResult], theirs: list[PyqResult]) -> dict[str, int]:
    counts = dict.fromkeys(
        (
            "centre_line",
            "limits",
            "sigma_signal",
            "runs_signal",
            "all",
            "runs_counts_same",
            "longest_run_limit_differs",
            "crossings_limit_differs",
            "critical_values_differ",
            "runs_signal_ours",
            "runs_signal_pyqicharts",
            "runs_disagree",
            "runs_disagree_explained_by_critical_values",
            "sigma_signal_series",
        ),
        0,
    )
    for result, (table, runs) in zip(mine, theirs, strict=True):
        part = result.parts[0]
        same_cl = np.allclose(result.cl, table["centre"].to_numpy(float), rtol=0.0, atol=ATOL)
        same_limits = np.allclose(result.lcl, table["lcl"].to_numpy(float), rtol=0.0, atol=ATOL) and np.allclose(
            result.ucl, table["ucl"].to_numpy(float), rtol=0.0, atol=ATOL
        )
        their_sigma = (table["outside_ucl"] | table["outside_lcl"]).to_numpy(bool)
        same_sigma = bool(np.array_equal(result.sigma_signal, their_sigma))
        same_runs = result.runs_signal_any == runs.any_signal
        counts["centre_line"] += same_cl
        counts["limits"] += same_limits
        counts["sigma_signal"] += same_sigma
        counts["runs_signal"] += same_runs
        counts["all"] += same_cl and same_limits and same_sigma and same_runs
        # The observed run statistics are the same; only the critical values they meet differ.
        counts["runs_counts_same"] += (part.n_useful, part.longest_run, part.n_crossings) == (
            runs.n_used,
            runs.longest_run,
            runs.crossings,
        )
        lr_differs = part.longest_run_max != runs.expected_longest_run
        cr_differs = part.n_crossings_min != runs.lower_crossings_limit
        counts["longest_run_limit_differs"] += lr_differs
        counts["crossings_limit_differs"] += cr_differs
        counts["critical_values_differ"] += lr_differs or cr_differs
        counts["runs_signal_ours"] += result.runs_signal_any
        counts["runs_signal_pyqicharts"] += runs.any_signal
        counts["sigma_signal_series"] += result.sigma_signal_any
        if not same_runs:
            counts["runs_disagree"] += 1
            # Their observed counts judged by our critical values give our answer?
            assert part.longest_run_max is not None and part.n_crossings_min is not None
            with_ours = runs.longest_run > part.longest_run_max or runs.crossings < part.n_crossings_min
            counts["runs_disagree_explained_by_critical_values"] += with_ours == result.runs_signal_any
    return {name: int(value) for name, value in counts.items()}


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--series", type=int, default=1000, help="number of series (default 1000)")
    parser.add_argument("--points", type=int, default=100, help="points per series (default 100)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (default 5)")
    parser.add_argument("--chunk", type=int, default=50, help="series per turn of each engine (default 50)")
    parser.add_argument("--seed", type=int, default=20261123, help="seed of the NumPy generator")
    args = parser.parse_args(argv)
    if args.series < 1 or args.points < 3 or args.repeat < 1 or args.chunk < 1:
        parser.error("--series, --repeat and --chunk must be at least 1, --points at least 3")

    series, kinds = make_series(args.series, args.points, args.seed)
    frames = [pd.DataFrame({"x": np.arange(1, args.points + 1), "y": y}) for y in series]
    kind_counts = {kind: kinds.count(kind) for kind in KINDS}
    print(
        f"{args.series} series of {args.points} points (seed {args.seed}; "
        + ", ".join(f"{n} {kind}" for kind, n in kind_counts.items())
        + f"), {args.repeat} repetitions, engines alternating every {args.chunk} series"
    )

    seconds, mine, theirs = benchmark(series, frames, args.repeat, args.chunk)
    best = {name: min(values) for name, values in seconds.items()}
    median = {name: statistics.median(values) for name, values in seconds.items()}
    ratio = best["pyqicharts"] / best["ours"]
    ratio_median = median["pyqicharts"] / median["ours"]
    agree = agreement(mine, theirs)
    n = args.series

    print(
        f"ours        best {best['ours']:.3f} s, median {median['ours']:.3f} s ({best['ours'] / n * 1e3:.3f} ms/series)"
    )
    print(
        f"ours (mdc)  best {best['ours_mdc']:.3f} s, median {median['ours_mdc']:.3f} s "
        f"({best['ours_mdc'] / n * 1e3:.3f} ms/series; NHS MDC rules, as pyqicharts' I chart also computes)"
    )
    print(
        f"pyqicharts  best {best['pyqicharts']:.2f} s, median {median['pyqicharts']:.2f} s "
        f"({best['pyqicharts'] / n * 1e3:.1f} ms/series)"
    )
    print(f"ratio pyqicharts / ours: {ratio:.0f}x best-of, {ratio_median:.0f}x median")
    print(
        f"agreement over {n} series: centre line {agree['centre_line']}, limits {agree['limits']} "
        f"(to {ATOL:g}), sigma signals {agree['sigma_signal']}, runs signal {agree['runs_signal']}, "
        f"all four {agree['all']}"
    )
    print(
        f"runs: same useful points, longest run and crossings in {agree['runs_counts_same']}; "
        f"critical values differ in {agree['critical_values_differ']} (longest-run limit "
        f"{agree['longest_run_limit_differs']}, crossings limit {agree['crossings_limit_differs']}); "
        f"runs signal ours {agree['runs_signal_ours']}, pyqicharts {agree['runs_signal_pyqicharts']}; "
        f"{agree['runs_disagree']} disagree, {agree['runs_disagree_explained_by_critical_values']} of them "
        "only by the critical values"
    )

    result = {
        "benchmark": "spc_vs_pyqicharts",
        "chart": "i",
        "series": n,
        "points": args.points,
        "repeat": args.repeat,
        "chunk": args.chunk,
        "seed": args.seed,
        "kinds": kind_counts,
        "seconds_ours": round(best["ours"], 4),
        "seconds_ours_median": round(median["ours"], 4),
        "seconds_ours_mdc": round(best["ours_mdc"], 4),
        "seconds_ours_mdc_median": round(median["ours_mdc"], 4),
        "seconds_pyqicharts": round(best["pyqicharts"], 3),
        "seconds_pyqicharts_median": round(median["pyqicharts"], 3),
        "ratio": round(ratio, 1),
        "ratio_median": round(ratio_median, 1),
        "agreement": agree,
        "tolerance": ATOL,
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "pyqicharts": metadata.version("pyqicharts"),
        },
        "machine": {
            "machine": platform.machine(),
            "processor": platform.processor(),
            "cpu_model": cpu_model(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
        },
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
