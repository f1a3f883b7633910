"""Charts from stored objects, and their SVG: unsaved model instances, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from django.utils import translation

from samskap.improvement.charts import build_measure_chart
from samskap.improvement.models import Annotation, ChartBreak, Measure, Observation
from samskap.improvement.svg import chart_svg, nice_ticks

WEEKS = [dt.date(2026, 1, 5) + dt.timedelta(weeks=k) for k in range(24)]
VALUES = [30, 31, 29, 32, 30, 28, 31, 30, 29, 33, 30, 31, 18, 17, 19, 16, 18, 17, 19, 18, 16, 17, 18, 19]


def _measure(**fields: object) -> Measure:
    defaults: dict[str, object] = {"title": "Ventetid", "kind": "outcome", "value_kind": "measurement"}
    return Measure(**{**defaults, **fields})


def _observations(values: Sequence[float]) -> list[Observation]:
    return [Observation(period=WEEKS[k], value=v) for k, v in enumerate(values)]


def test_run_chart_first_then_a_control_chart() -> None:
    few = build_measure_chart(_measure(), _observations(VALUES[:8]))
    assert few.chart == "run" and few.advice.reason == "few_points"
    many = build_measure_chart(_measure(), _observations(VALUES))
    assert many.chart == "i"
    chosen = build_measure_chart(_measure(chart="run"), _observations(VALUES))
    assert chosen.chart == "run"


def test_a_phase_starts_new_limits_at_its_period() -> None:
    phase = ChartBreak(kind="phase", period=WEEKS[12], reason="Ny rutine")
    chart = build_measure_chart(_measure(), _observations(VALUES), [phase])
    assert chart.result is not None
    assert [p.start for p in chart.result.parts] == [0, 12]
    marker = next(m for m in chart.markers if m.kind == "phase")
    assert marker.index == 11.5


def test_a_baseline_in_the_last_phase_freezes_that_phase() -> None:
    breaks = [
        ChartBreak(kind="phase", period=WEEKS[12], reason="Ny rutine"),
        ChartBreak(kind="baseline", period=WEEKS[17], reason="Drift"),
    ]
    chart = build_measure_chart(_measure(), _observations(VALUES), breaks)
    assert chart.result is not None and chart.problem == ""
    assert chart.result.parts[1].n_baseline == 6


def test_a_denominator_chart_without_denominators_is_explained() -> None:
    chart = build_measure_chart(_measure(chart="p"), _observations(VALUES))
    assert chart.result is None and chart.problem == "wrong_chart"


def test_no_data_and_too_few() -> None:
    assert build_measure_chart(_measure(), []).problem == "no_data"
    assert build_measure_chart(_measure(), _observations([3])).problem == "too_few"


def test_the_svg_has_a_title_a_description_and_escapes_text() -> None:
    hostile = '<script>alert("x")</script>'
    notes = [Annotation(period=WEEKS[3], text=hostile)]
    chart = build_measure_chart(_measure(title=hostile, target=15.0), _observations(VALUES), annotations=notes)
    with translation.override("en"):
        svg = str(chart_svg(chart))
    assert "<script>" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert "I chart with 24 points" in svg
    assert chart.result is not None
    # Points outside the limits are diamonds; one centre line over the drop puts most points outside.
    assert svg.count('class="samskap-chart__signal"') == int(chart.result.sigma_signal.sum()) > 0
    assert "samskap-chart__target" in svg
    small = str(chart_svg(chart, small=True, svg_id="m1"))
    assert 'id="m1-title"' in small and "<text" not in small


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [(0, 100, [0, 25, 50, 75, 100]), (3.2, 7.9, [2, 4, 6, 8]), (5, 5, [5, 5.25, 5.5, 5.75, 6])],
)
def test_nice_ticks(low: float, high: float, ticks: list[float]) -> None:
    assert nice_ticks(low, high) == ticks
