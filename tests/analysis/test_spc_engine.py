"""The engine's API: validation, immutability, options, and properties on random series."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.analysis.spc import CHART_TYPES, ChartSpec, ChartType, SpcInputError, compute_chart, spc_chart
from samskap.analysis.spc.runs import runs_analysis

SERIES = [3.0, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8, 10]


def test_results_are_immutable() -> None:
    result = spc_chart(SERIES, chart="i")
    with pytest.raises(ValueError, match="read-only"):
        result.y[0] = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.spec = ChartSpec(chart="run")  # type: ignore[misc]


def test_spec_and_function_agree() -> None:
    spec = ChartSpec(chart="i", parts=(6,), exclude=(2,), multiply=2.0)
    a = compute_chart(spec, SERIES)
    b = spc_chart(SERIES, chart="i", parts=[6], exclude=[2], multiply=2.0)
    np.testing.assert_array_equal(a.ucl, b.ucl)
    assert a.parts == b.parts


def test_deterministic() -> None:
    a = spc_chart(SERIES, chart="pp", n=[20.0] * 12)
    b = spc_chart(SERIES, chart="pp", n=[20.0] * 12)
    np.testing.assert_array_equal(a.ucl, b.ucl)


def test_run_and_i_charts_take_an_optional_denominator() -> None:
    counts, n = [1.0, 2, 3, 4], [2.0, 4, 4, 8]
    result = spc_chart(counts, n, chart="run", multiply=100)
    assert list(result.y) == [50.0, 50.0, 75.0, 50.0]
    assert float(result.cl[0]) == 50.0
    assert result.parts[0].n_useful == 1


def test_exclude_keeps_the_point_on_the_plot() -> None:
    result = spc_chart(SERIES, chart="i", exclude=[3])
    assert float(result.y[3]) == 6.0
    assert not result.include[3]
    assert result.parts[0].n_obs == 11
    expected = np.mean([v for k, v in enumerate(SERIES) if k != 3])
    assert float(result.cl[0]) == pytest.approx(expected)


def test_freeze_applies_the_baseline_forward() -> None:
    result = spc_chart(SERIES, chart="i", freeze=6)
    assert list(result.baseline) == [True] * 6 + [False] * 6
    assert float(result.cl[-1]) == pytest.approx(np.mean(SERIES[:6]))
    assert result.parts[0].n_obs == 12


def test_freeze_in_the_last_part_freezes_only_that_part() -> None:
    series = [*SERIES, 9.0, 8.5, 9.5, 9.0, 8.0, 9.2, 9.9, 8.7]
    result = spc_chart(series, chart="i", parts=[12], freeze=16)
    alone = spc_chart(series[12:], chart="i", freeze=4)
    first = spc_chart(series[:12], chart="i")
    np.testing.assert_allclose(result.cl[12:], alone.cl)
    np.testing.assert_allclose(result.ucl[12:], alone.ucl)
    np.testing.assert_allclose(result.cl[:12], first.cl)
    assert result.parts[1].n_baseline == 4
    assert list(result.baseline[:16]) == [True] * 16


def test_special_cause_under_anhoej_is_sigma_or_runs() -> None:
    result = spc_chart([*SERIES, 40.0], chart="i")
    assert list(result.special_cause) == list(result.sigma_signal | result.runs_signal)
    assert result.sigma_signal_any
    assert result.mdc is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"chart": "bogus"}, "unknown chart type"),
        ({"chart": "i", "rules": "nelson"}, "unknown rule set"),
        ({"chart": "i", "improvement": "up"}, "improvement"),
        ({"chart": "i", "freeze": 3, "parts": [4]}, "must lie in the last part"),
        ({"chart": "i", "multiply": float("nan")}, "multiply"),
        ({"chart": "i", "target": float("inf")}, "target"),
        ({"chart": "i", "parts": [0]}, "outside the series"),
        ({"chart": "i", "exclude": [-1]}, "outside the series"),
        ({"chart": "i", "freeze": 0}, "outside the series"),
        ({"chart": "c", "n": [1.0] * 12}, "takes no denominator"),
        ({"chart": "u"}, "needs a denominator"),
        ({"chart": "u", "n": [1.0] * 11}, "n has 11"),
        ({"chart": "xbar"}, "sequence of values"),
        ({"chart": "i", "exclude": list(range(11))}, "needs at least 2"),
    ],
)
def test_invalid_input_raises_a_clear_error(kwargs: dict[str, object], message: str) -> None:
    n = kwargs.pop("n", None)
    with pytest.raises(SpcInputError, match=message):
        spc_chart(SERIES, n, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [[1.0, float("nan")], [1.0, float("inf")], ["a", "b"], [[1.0, 2.0]]])
def test_non_numbers_are_rejected(bad: list[object]) -> None:
    with pytest.raises(SpcInputError):
        spc_chart(bad, chart="i")  # type: ignore[arg-type]


def test_empty_series() -> None:
    with pytest.raises(SpcInputError, match="no points"):
        spc_chart([], chart="run")


def test_degenerate_series_give_finite_lines() -> None:
    for chart, y, n in (
        ("i", [5.0] * 6, None),
        ("p", [0.0] * 6, [10.0] * 6),
        ("pp", [10.0] * 6, [10.0] * 6),
        ("up", [0.0] * 6, [10.0] * 6),
        ("c", [0.0] * 6, None),
        ("g", [0.0] * 6, None),
    ):
        result = spc_chart(y, n, chart=chart)  # type: ignore[arg-type]
        assert np.isfinite(result.ucl).all(), chart
        assert not result.sigma_signal.any(), chart
    s = spc_chart([[1.0, 1.0], [2.0, 2.0, 2.0]], chart="s")
    assert float(s.cl[0]) == 0.0


def naive_runs(sides: list[int]) -> tuple[int, int]:
    useful = [s for s in sides if s != 0]
    longest = current = 1
    crossings = 0
    for a, b in itertools.pairwise(useful):
        if a == b:
            current += 1
        else:
            crossings += 1
            current = 1
        longest = max(longest, current)
    return longest, crossings


@given(st.lists(st.sampled_from([-1, 0, 1]), min_size=1, max_size=60))
def test_runs_analysis_matches_a_plain_count(sides: list[int]) -> None:
    result = runs_analysis(np.array(sides, dtype=float), np.zeros(len(sides)))
    useful = sum(1 for s in sides if s)
    assert result.n_obs == len(sides) and result.n_useful == useful
    if useful:
        assert (result.longest_run, result.n_crossings) == naive_runs(sides)
    else:
        assert result.longest_run is None and not result.signal


@settings(max_examples=200, deadline=None)
@given(
    chart=st.sampled_from(CHART_TYPES),
    y=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=40),
    extra=st.integers(min_value=0, max_value=50),
    part=st.integers(min_value=0, max_value=40),
    rules=st.sampled_from(["anhoej", "mdc"]),
)
def test_any_series_gives_a_chart_or_a_clear_error(
    chart: ChartType, y: list[int], extra: int, part: int, rules: str
) -> None:
    values: object = [float(v) for v in y]
    n = None
    if chart in ("p", "pp", "u", "up"):
        n = [float(v + extra + 1) for v in y]
    if chart in ("xbar", "s"):
        values = [[float(v), float(v + k % 3)] for k, v in enumerate(y)]
    try:
        result = spc_chart(values, n, chart=chart, parts=[part] if part else [], rules=rules)  # type: ignore[arg-type]
    except SpcInputError as exc:
        assert str(exc)
        return
    size = len(y)
    assert len(result) == size
    assert all(arr.shape == (size,) for arr in (result.cl, result.lcl, result.ucl, result.part))
    assert sum(p.stop - p.start for p in result.parts) == size
    defined = ~np.isnan(result.lcl)
    assert (result.lcl[defined] <= result.ucl[defined]).all()
    for p in result.parts:
        assert set(result.runs_signal[p.start : p.stop]) == {p.runs_signal}
    if rules == "mdc":
        assert result.mdc is not None and len(result.mdc.point_type) == size
