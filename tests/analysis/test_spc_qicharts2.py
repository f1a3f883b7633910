"""The engine against qicharts2 0.8.1: every case/part of the summary and every point.

Inputs are rebuilt from the points file (y_sum, y_n, n) and, for Xbar/S, from the raw
subgroup values; expected values are compared to 1e-9 and booleans exactly.
"""

from __future__ import annotations

import math
from functools import cache
from typing import cast

import pytest

from samskap.analysis.spc import ChartResult, ChartType, longest_run_max, n_crossings_min, spc_chart
from tests.analysis import spc_vectors as vectors

TOLERANCE = 1e-9


def _summary_ids() -> list[str]:
    if not vectors.data_present():
        return ["shared-data-missing"]
    return [f"{row['case_id']}/part{row['part_no']}" for row in vectors.summary_rows()]


def _point_ids() -> list[str]:
    if not vectors.data_present():
        return ["shared-data-missing"]
    return [f"{row['case_id']}/{row['i']}" for row in vectors.point_rows()]


@cache
def chart_for(case_id: str) -> ChartResult:
    case = vectors.cases()[case_id]
    return spc_chart(
        case.y,
        case.n,
        chart=cast(ChartType, case.chart),
        freeze=case.freeze,
        parts=case.parts,
        exclude=tuple(k - 1 for k in case.exclude),
        multiply=case.multiply,
        screen_mr=case.screened_mr,
    )


def _close(actual: float, expected: float | None) -> bool:
    if expected is None:
        return math.isnan(actual)
    return math.isclose(actual, expected, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def _optional_int(text: str) -> int | None:
    return None if text in ("", "NA") else int(text)


def test_shared_vectors_are_present() -> None:
    vectors.require_data()
    assert len(vectors.summary_rows()) == 54
    assert len(vectors.point_rows()) == 1403


@pytest.mark.parametrize("index", range(len(_summary_ids())), ids=_summary_ids())
def test_summary(index: int) -> None:
    vectors.require_data()
    row = vectors.summary_rows()[index]
    result = chart_for(row["case_id"])
    part = result.parts[int(row["part_no"]) - 1]
    assert part.part == int(row["part_no"])
    assert part.n_obs == int(row["n_obs"])
    assert part.n_useful == int(row["n_useful"])
    assert part.longest_run == _optional_int(row["longest_run"])
    assert part.longest_run_max == _optional_int(row["longest_run_max"])
    assert part.n_crossings == _optional_int(row["n_crossings"])
    assert part.n_crossings_min == _optional_int(row["n_crossings_min"])
    assert part.runs_signal is vectors.flag(row["runs_signal"])
    assert part.any_sigma_signal is vectors.flag(row["any_sigma_signal"])


def test_every_case_has_all_its_parts() -> None:
    expected: dict[str, int] = {}
    for row in vectors.summary_rows():
        expected[row["case_id"]] = expected.get(row["case_id"], 0) + 1
    for case_id, count in expected.items():
        assert len(chart_for(case_id).parts) == count, case_id


@pytest.mark.parametrize("index", range(len(_point_ids())), ids=_point_ids())
def test_point(index: int) -> None:
    vectors.require_data()
    row = vectors.point_rows()[index]
    result = chart_for(row["case_id"])
    k = int(row["i"]) - 1
    assert len(result) == sum(1 for r in vectors.point_rows() if r["case_id"] == row["case_id"])
    for field in ("y", "cl", "lcl", "ucl", "lcl_95", "ucl_95"):
        actual = float(getattr(result, field)[k])
        expected = vectors.number(row[field])
        assert _close(actual, expected), f"{field}: {actual!r} != {expected!r}"
    assert int(result.part[k]) == int(row["part"])
    assert bool(result.baseline[k]) is vectors.flag(row["baseline"])
    assert bool(result.include[k]) is vectors.flag(row["include"])
    assert bool(result.sigma_signal[k]) is vectors.flag(row["sigma_signal"])
    assert bool(result.runs_signal[k]) is vectors.flag(row["runs_signal"])


@pytest.mark.parametrize("index", range(91) if vectors.data_present() else [0])
def test_anhoej_critical_values(index: int) -> None:
    """Appendix 2 of the qicharts2 vignette, n_useful = 10..100."""
    row = vectors.read_csv("anhoej_critical_values.csv")[index]
    n = int(row["n_useful"])
    assert longest_run_max(n) == int(row["longest_run_max"])
    assert n_crossings_min(n) == int(row["n_crossings_min"])


def test_vignette_published_values() -> None:
    """qicharts2 vignette, I chart of the shifted set.seed(19) series: aLCL −2.114884,
    CL 1.057091, aUCL 4.229067; longest run 13 (max 8), crossings 4 (min 8)."""
    result = chart_for("vignette_i_shift_24")
    assert round(float(result.lcl[0]), 6) == -2.114884
    assert round(float(result.cl[0]), 6) == 1.057091
    assert round(float(result.ucl[0]), 6) == 4.229067
    part = result.parts[0]
    assert (part.n_useful, part.longest_run, part.longest_run_max) == (24, 13, 8)
    assert (part.n_crossings, part.n_crossings_min, part.runs_signal) == (4, 8, True)


def test_spc4hc_blood_pressure() -> None:
    """spc4hc book (Anhøj & Mohammed), systolic blood pressure over 26 days: median 174 with
    4 points on it, so 22 useful; longest run 4, crossings 9, no signal. I chart computed with
    qicharts2 0.8.1: CL 173.1923, LCL 143.937, UCL 202.4476; point 6 below the LCL."""
    bp = [169, 172, 175, 174, 161, 142, 174, 171, 168, 174, 180, 194, 161]
    bp += [181, 175, 176, 186, 166, 157, 183, 177, 171, 185, 176, 181, 174]
    run = spc_chart(bp, chart="run")
    part = run.parts[0]
    assert float(run.cl[0]) == 174
    assert (part.n_useful, part.longest_run, part.n_crossings, part.runs_signal) == (22, 4, 9, False)
    assert (part.longest_run_max, part.n_crossings_min) == (7, 7)
    for screen in (True, False):
        i = spc_chart(bp, chart="i", screen_mr=screen)
        assert round(float(i.cl[0]), 4) == 173.1923
        assert round(float(i.lcl[0]), 3) == 143.937
        assert round(float(i.ucl[0]), 4) == 202.4476
        assert [k + 1 for k in range(len(i)) if i.sigma_signal[k]] == [6]
