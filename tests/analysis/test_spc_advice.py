from __future__ import annotations

import pytest

from samskap.analysis.spc.advice import suggest_chart


@pytest.mark.parametrize(
    ("kind", "points", "denominator", "chart", "reason"),
    [
        ("measurement", 5, None, "run", "few_points"),
        ("proportion", 11, 40.0, "run", "few_points"),
        ("measurement", 12, None, "i", "measurement"),
        ("proportion", 20, 40.0, "p", "proportion"),
        ("proportion", 20, 25_000.0, "pp", "proportion_large_n"),
        ("rate", 20, 300.0, "u", "rate"),
        ("rate", 20, 5_000.0, "up", "rate_large_n"),
        ("count", 24, None, "c", "count"),
        ("cases_between", 24, None, "g", "cases_between"),
        ("days_between", 24, None, "t", "days_between"),
    ],
)
def test_run_chart_first_then_the_control_chart_that_fits(
    kind: str, points: int, denominator: float | None, chart: str, reason: str
) -> None:
    advice = suggest_chart(kind, points, denominator)  # type: ignore[arg-type]
    assert (advice.chart, advice.reason) == (chart, reason)
    assert advice.enough_points is (points >= 12)
