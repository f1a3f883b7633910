"""The NHS "Making Data Count" rule set: published NHSRplotthedots values and rule behaviour."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from samskap.analysis.spc import SpcInputError, spc_chart
from samskap.analysis.spc import mdc as rules
from tests.analysis import spc_vectors as vectors

# NHSRplotthedots "deviations" vignette.
DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
# set.seed(123); rnorm(20) in R, to 8 decimals (NHSRplotthedots snapshot tests).
SNAPSHOT = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621]
SNAPSHOT += [-1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272]
SNAPSHOT += [-0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141]


def mdc_lines(y: Sequence[float], **options: object) -> tuple[float, float, float]:
    result = spc_chart(y, chart="i", rules="mdc", **options)  # type: ignore[arg-type]
    return float(result.lcl[0]), float(result.cl[0]), float(result.ucl[0])


def test_deviations_vignette_screened() -> None:
    """Screened (NHSRplotthedots default): UPL 4.6, mean 1.94, LPL −0.72."""
    lpl, mean, upl = mdc_lines(DEVIATIONS)
    assert (round(upl, 2), round(mean, 2), round(lpl, 2)) == (4.6, 1.94, -0.72)


def test_deviations_vignette_unscreened_like_the_excel_tool() -> None:
    """Unscreened (the MDC Excel tools): UPL 6.95, mean 1.94, LPL −3.06."""
    lpl, mean, upl = mdc_lines(DEVIATIONS, screen_mr=False)
    assert (round(upl, 2), round(mean, 2), round(lpl, 2)) == (6.95, 1.94, -3.06)


def test_snapshot_values() -> None:
    """NHSRplotthedots snapshot: mean 0.1416238, lpl −3.01138, upl 3.294627."""
    lpl, mean, upl = mdc_lines(SNAPSHOT)
    assert (round(mean, 7), round(lpl, 5), round(upl, 6)) == (0.1416238, -3.01138, 3.294627)


def test_snapshot_with_an_outlier() -> None:
    """y[15] = 10: mean 0.6694159; screened −2.383666/3.722497; unscreened −4.596625/5.935457."""
    y = list(SNAPSHOT)
    y[14] = 10
    lpl, mean, upl = mdc_lines(y)
    assert (round(mean, 7), round(lpl, 6), round(upl, 6)) == (0.6694159, -2.383666, 3.722497)
    lpl, mean, upl = mdc_lines(y, screen_mr=False)
    assert (round(mean, 7), round(lpl, 6), round(upl, 6)) == (0.6694159, -4.596625, 5.935457)


@pytest.mark.parametrize(
    ("y", "expected"),
    [
        (list(range(1, 11)), (5.5, 2.84, 8.16, 3.7267, 7.2733)),
        ([3, 1, 4, 1, 5, 9, 2], (3.5714, -6.6252, 13.7681, -3.2263, 10.3692)),
        ([1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2], (3.0, -0.0147, 6.0147, 0.9902, 5.0098)),
    ],
)
def test_nhspy_plotthedots_limits(y: list[float], expected: tuple[float, ...]) -> None:
    """nhspy-plotthedots unit tests: (mean, lpl, upl, near lpl, near upl)."""
    r = spc_chart(y, chart="i", rules="mdc")
    actual = (r.cl[0], r.lcl[0], r.ucl[0], r.lcl_95[0], r.ucl_95[0])
    assert tuple(round(float(v), 4) for v in actual) == expected


def test_mdc_constant_differs_from_qicharts2_in_the_fourth_digit() -> None:
    """2.66·AMR (MDC) against 3·AMR/1.128 (qicharts2), same mean and moving ranges."""
    mdc = spc_chart(SNAPSHOT, chart="i", rules="mdc")
    qic = spc_chart(SNAPSHOT, chart="i")
    amr = (float(mdc.ucl[0]) - float(mdc.cl[0])) / 2.66
    assert float(qic.ucl[0]) - float(qic.cl[0]) == pytest.approx(3 * amr / 1.128, rel=1e-12)
    assert float(mdc.ucl_95[0]) - float(mdc.cl[0]) == pytest.approx(2 * 2.66 / 3 * amr, rel=1e-12)


def rrk_breaches() -> list[float]:
    rows = [
        r
        for r in vectors.ae_attendances()
        if r["org_code"] == "RRK" and r["type"] == "1" and r["period"] < "2018-04-01"
    ]
    rows.sort(key=lambda r: r["period"])
    assert rows[0]["period"] == "2016-04-01" and len(rows) == 24
    return [float(r["breaches"]) for r in rows]


def test_rrk_stable_introduction_vignette() -> None:
    """NHSRplotthedots introduction: RRK type 1 breaches before 2018-04, improvement = decrease.
    "8 sequential points coloured in blue" (points 11–18, a run of ≥ 7 below the mean);
    point 10 (2017-01) is above the UCL, a concern."""
    result = spc_chart(rrk_breaches(), chart="i", rules="mdc", improvement="decrease")
    assert result.mdc is not None
    types = result.mdc.point_type
    causes = result.mdc.special_cause_type
    assert [k + 1 for k, t in enumerate(types) if t == "special_cause_improvement"] == list(range(11, 19))
    assert all(causes[k] == "shift_below" for k in range(10, 18))
    assert causes[9] == "above_ucl" and types[9] == "special_cause_concern"
    assert [k + 1 for k, t in enumerate(types) if t != "common_cause"] == list(range(10, 19))
    assert result.mdc.variation_icon == "common_cause"
    assert list(result.special_cause) == [t != "common_cause" for t in types]


def test_direction_of_improvement_turns_improvement_into_concern() -> None:
    up = spc_chart(rrk_breaches(), chart="i", rules="mdc", improvement="increase")
    neutral = spc_chart(rrk_breaches(), chart="i", rules="mdc")
    assert up.mdc is not None and neutral.mdc is not None
    assert up.mdc.point_type[10] == "special_cause_concern"
    assert up.mdc.point_type[9] == "special_cause_improvement"
    assert neutral.mdc.point_type[10] == "special_cause_neutral_low"
    assert neutral.mdc.point_type[9] == "special_cause_neutral_high"


def test_trend_of_seven() -> None:
    """NHSRplotthedots: c(2, 1:7, 3) holds a 7-point increasing trend ending at point 8;
    every point of the trend is flagged."""
    direction = rules.trend_points(np.array([2, 1, 2, 3, 4, 5, 6, 7, 3], dtype=float))
    assert list(direction) == [0, 1, 1, 1, 1, 1, 1, 1, 0]
    assert not rules.trend_points(np.array([1, 2, 3, 3, 4, 5, 6], dtype=float)).any()  # ties break a trend
    assert not rules.trend_points(np.array([1, 2, 3, 4, 5, 6], dtype=float)).any()  # six is not enough
    down = rules.trend_points(np.array([9, 8, 7, 6, 5, 4, 3], dtype=float))
    assert list(down) == [-1] * 7


def test_a_peak_between_two_trends_takes_the_later_direction() -> None:
    y = np.array([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1], dtype=float)
    direction = rules.trend_points(y)
    assert list(direction[:6]) == [1] * 6 and direction[6] == -1 and list(direction[7:]) == [-1] * 6


def test_shift_of_seven_and_ties_break_it() -> None:
    side = np.array([1, 1, 1, 1, 1, 1, 1, -1, 1], dtype=float)
    assert list(rules.shift_points(side)) == [True] * 7 + [False, False]
    broken = np.array([1, 1, 1, 0, 1, 1, 1, 1], dtype=float)
    assert not rules.shift_points(broken).any()


def test_two_in_three_same_side_only() -> None:
    """NHSRplotthedots: close points 3 and 5 within a window of 3 on one side are flagged;
    on opposite sides of the mean they are not (0.2.2, issue #143)."""
    close = np.array([0, 0, 1, 0, 1, 0, 0], dtype=bool)
    assert list(rules.two_in_three_points(close, np.ones(7))) == [False, False, True, False, True, False, False]
    opposite = np.array([1, 1, 1, -1, -1, -1, -1], dtype=float)
    assert not rules.two_in_three_points(close, opposite).any()
    assert not rules.two_in_three_points(np.array([1, 0], dtype=bool), np.ones(2)).any()


def test_precedence_of_special_causes() -> None:
    y = np.array([1, 2, 3, 4, 5, 6, 7], dtype=float)
    side = np.ones(7)
    outside = np.array([0, 0, 0, 0, 0, 0, 1], dtype=bool)
    close = np.array([0, 0, 0, 0, 0, 1, 0], dtype=bool)
    causes = rules.special_cause_types(y, side, outside, close)
    assert causes == ["trend_increasing"] * 6 + ["above_ucl"]


def test_point_on_the_mean_breaks_a_shift_in_a_chart() -> None:
    """Four below, one exactly on the mean, four below: no shift, because a point on the mean
    breaks the run (NHSRplotthedots; the Anhøj rules would skip it and count 8). With the
    tie moved just below the mean, the nine points are a shift."""
    y = [4.5, 3.5, 4.5, 4, 5, 4, 4.5, 3.5, 4.5, 6.5, 5.5, 7, 5.5, 6.5, 6]
    result = spc_chart(y, chart="i", rules="mdc")
    assert result.mdc is not None
    assert float(result.cl[0]) == 5.0
    assert set(result.mdc.special_cause_type) == {"common_cause"}
    assert result.parts[0].longest_run == 8  # Anhøj: ties are skipped
    y[4] = 4.4
    shifted = spc_chart(y, chart="i", rules="mdc")
    assert shifted.mdc is not None
    assert shifted.mdc.special_cause_type == ("shift_below",) * 9 + ("common_cause",) * 6


def test_icons() -> None:
    assert rules.variation_icon("special_cause_improvement", "increase") == "improvement_high"
    assert rules.variation_icon("special_cause_improvement", "decrease") == "improvement_low"
    assert rules.variation_icon("special_cause_concern", "increase") == "concern_low"
    assert rules.variation_icon("special_cause_concern", "decrease") == "concern_high"
    assert rules.variation_icon("special_cause_neutral_high", None) == "neutral_high"
    assert rules.variation_icon("common_cause", "increase") == "common_cause"
    assert rules.assurance_icon(10.0, "increase", 1.0, 5.0) == "consistent_fail"
    assert rules.assurance_icon(10.0, "decrease", 1.0, 5.0) == "consistent_pass"
    assert rules.assurance_icon(0.0, "increase", 1.0, 5.0) == "consistent_pass"
    assert rules.assurance_icon(0.0, "decrease", 1.0, 5.0) == "consistent_fail"
    assert rules.assurance_icon(3.0, "increase", 1.0, 5.0) == "inconsistent"
    assert rules.assurance_icon(3.0, None, 1.0, 5.0) is None
    assert rules.assurance_icon(None, "increase", 1.0, 5.0) is None


def test_assurance_icon_in_a_chart() -> None:
    result = spc_chart(SNAPSHOT, chart="i", rules="mdc", improvement="increase", target=5.0)
    assert result.mdc is not None and result.mdc.assurance_icon == "consistent_fail"
    result = spc_chart(SNAPSHOT, chart="i", rules="mdc", improvement="increase", target=0.0)
    assert result.mdc is not None and result.mdc.assurance_icon == "inconsistent"
    result = spc_chart(SNAPSHOT, chart="i", rules="mdc", target=0.0)
    assert result.mdc is not None and result.mdc.assurance_icon is None


def test_trial_limits_under_twelve_points() -> None:
    short = spc_chart(SNAPSHOT[:11], chart="i", rules="mdc")
    assert short.parts[0].trial_limits
    enough = spc_chart(SNAPSHOT[:12], chart="i", rules="mdc")
    assert not enough.parts[0].trial_limits
    frozen = spc_chart(SNAPSHOT, chart="i", rules="mdc", freeze=11)
    assert frozen.parts[0].trial_limits and frozen.parts[0].n_baseline == 11


def test_rebase_gives_each_part_its_own_limits_and_rules() -> None:
    y = rrk_breaches()
    whole = spc_chart(y, chart="i", rules="mdc", improvement="decrease")
    split = spc_chart(y, chart="i", rules="mdc", improvement="decrease", parts=[12])
    first = spc_chart(y[:12], chart="i", rules="mdc", improvement="decrease")
    second = spc_chart(y[12:], chart="i", rules="mdc", improvement="decrease")
    assert split.mdc is not None and first.mdc is not None and second.mdc is not None and whole.mdc is not None
    np.testing.assert_allclose(split.ucl, np.concatenate([first.ucl, second.ucl]))
    assert split.mdc.point_type == first.mdc.point_type + second.mdc.point_type
    assert split.mdc.point_type != whole.mdc.point_type
    assert [p.part for p in split.parts] == [1, 2] and list(split.part) == [1] * 12 + [2] * 12


def test_fix_after_n_points_is_freeze() -> None:
    """NHSRplotthedots' fix_after_n_points: mean and AMR from the first k points only."""
    y = rrk_breaches()
    frozen = spc_chart(y, chart="i", rules="mdc", freeze=12)
    baseline = spc_chart(y[:12], chart="i", rules="mdc")
    assert float(frozen.cl[-1]) == pytest.approx(float(baseline.cl[0]))
    assert float(frozen.ucl[-1]) == pytest.approx(float(baseline.ucl[0]))


def test_excluded_points_stay_out_of_patterns_but_are_judged_against_limits() -> None:
    y = [5.0, 4, 6, 5, 4, 6, 5, 4, 6, 5, 40, 5, 4, 6]
    result = spc_chart(y, chart="i", rules="mdc", exclude=[10])
    assert result.mdc is not None
    assert result.mdc.special_cause_type[10] == "above_ucl"
    assert float(result.cl[0]) == pytest.approx(np.mean([v for k, v in enumerate(y) if k != 10]))


@pytest.mark.parametrize("chart", ["run", "mr"])
def test_mdc_needs_a_control_chart(chart: str) -> None:
    with pytest.raises(SpcInputError, match="MDC"):
        spc_chart([1.0, 2, 3], chart=chart, rules="mdc")  # type: ignore[arg-type]


def test_mdc_on_other_control_charts_uses_their_limits() -> None:
    counts = [12.0, 15, 9, 14, 11, 30, 13, 12, 10, 14, 12, 13]
    c = spc_chart(counts, chart="c", rules="mdc", improvement="decrease")
    assert c.mdc is not None
    assert c.mdc.special_cause_type[5] == "above_ucl"
    assert c.mdc.point_type[5] == "special_cause_concern"
    assert list(c.mdc.outside_limits) == list(c.sigma_signal)
