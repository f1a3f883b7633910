"""From a measure's stored objects to a computed chart.

`build_measure_chart` turns observations, baselines, phases, annotations and PDSA cycles
into the engine's `ChartSpec`, runs it, and returns everything a page needs to draw the
chart and its data table. It reads nothing from the database itself: callers pass the rows
in (one query each, or prefetched for a whole network page).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from samskap.analysis.spc import ChartResult, ChartSpec, SpcInputError, compute_chart
from samskap.analysis.spc.advice import ChartAdvice, suggest_chart
from samskap.analysis.spc.mdc import assurance_icon
from samskap.analysis.spc.model import MDC_CHARTS, AssuranceIcon, ChartType
from samskap.improvement.models import Annotation, BreakKind, ChartBreak, Measure, PdsaCycle

#: Charts that need a denominator for every point.
DENOMINATOR_CHARTS = {"p", "pp", "u", "up"}
#: Charts that make sense for each kind of value (the rest are refused with a message).
CHARTS_FOR_VALUE_KIND: dict[str, tuple[str, ...]] = {
    "measurement": ("run", "i", "mr"),
    "proportion": ("run", "i", "p", "pp"),
    "rate": ("run", "i", "u", "up"),
    "count": ("run", "i", "c"),
    "cases_between": ("run", "i", "g"),
    "days_between": ("run", "i", "t"),
}


class ObservationLike(Protocol):
    """What a chart reads from an observation: a model instance, or a light row when a
    page computes many charts at once."""

    @property
    def period(self) -> dt.date: ...
    @property
    def value(self) -> float: ...
    @property
    def denominator(self) -> float | None: ...
    @property
    def excluded(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class ObservationRow:
    period: dt.date
    value: float
    denominator: float | None
    excluded: bool


@dataclass(frozen=True, slots=True)
class Marker:
    """Something shown on the time axis: an annotation, a PDSA cycle, a phase or a baseline."""

    kind: str  # "annotation", "pdsa", "phase", "baseline"
    period: dt.date
    index: float  # position on the x axis, in points (may fall between two points)
    label: str
    number: int = 0  # annotations and PDSA cycles are numbered for the legend


@dataclass(slots=True)
class MeasureChart:
    measure: Measure
    observations: list[ObservationLike]
    advice: ChartAdvice
    chart: ChartType
    result: ChartResult | None = None
    error: str = ""  # why no chart could be computed (from the engine, in English) or ""
    problem: str = ""  # a code for the page to explain: "no_data", "too_few", "baseline_before_phase"
    markers: list[Marker] = field(default_factory=list)
    assurance: AssuranceIcon | None = None

    @property
    def periods(self) -> list[dt.date]:
        return [o.period for o in self.observations]

    @property
    def has_signal(self) -> bool:
        return self.result is not None and bool(self.result.special_cause.any())

    @property
    def variation(self) -> str:
        """The MDC variation icon when the MDC rules apply, else the same idea from any
        signal in the last part: common cause, or special cause high or low."""
        result = self.result
        if result is None:
            return "common_cause"
        if result.mdc is not None:
            return result.mdc.variation_icon
        last = result.parts[-1]
        if not (result.special_cause[last.start : last.stop].any()):
            return "common_cause"
        high = bool(result.y[last.stop - 1] > result.cl[last.stop - 1])
        improvement = self.measure.improvement
        if not improvement:
            return "neutral_high" if high else "neutral_low"
        better = high == (improvement == "increase")
        return ("improvement_" if better else "concern_") + ("high" if high else "low")

    def phase_changes(self) -> list[tuple[int, float, float, str]]:
        """Each new phase's centre line against the one before: (phase number, before, now,
        change), change being "improvement" or "deterioration" when the measure has a
        direction, else "higher" or "lower"."""
        result = self.result
        if result is None:
            return []
        out: list[tuple[int, float, float, str]] = []
        for before, now in itertools.pairwise(result.parts):
            old, new = float(result.cl[before.start]), float(result.cl[now.start])
            if not (np.isfinite(old) and np.isfinite(new)) or old == new:
                continue
            higher = new > old
            direction = self.measure.improvement
            if not direction:
                change = "higher" if higher else "lower"
            else:
                change = "improvement" if higher == (direction == "increase") else "deterioration"
            out.append((now.part, old, new, change))
        return out

    @property
    def phase_change(self) -> str | None:
        """How the last phase stands against the one before it, if it changed level."""
        changes = self.phase_changes()
        last_part = len(self.result.parts) if self.result is not None else 0
        return changes[-1][3] if changes and changes[-1][0] == last_part else None

    @property
    def is_control_chart(self) -> bool:
        return self.chart != "run"

    def rows(self) -> list[dict[str, object]]:
        """The data table: one dict per point."""
        out: list[dict[str, object]] = []
        result = self.result
        for k, obs in enumerate(self.observations):
            row: dict[str, object] = {"observation": obs, "period": obs.period, "value": obs.value}
            row["denominator"] = obs.denominator
            if result is not None:
                row["y"] = _num(result.y[k])
                row["cl"] = _num(result.cl[k])
                row["lcl"] = _num(result.lcl[k])
                row["ucl"] = _num(result.ucl[k])
                row["part"] = int(result.part[k])
                row["sigma_signal"] = bool(result.sigma_signal[k])
                row["runs_signal"] = bool(result.runs_signal[k])
                row["special"] = bool(result.special_cause[k])
                row["point_type"] = result.mdc.point_type[k] if result.mdc else ""
            out.append(row)
        return out


def _num(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _position(periods: Sequence[dt.date], period: dt.date) -> float:
    """Where `period` falls on an axis of points: an index, or halfway between two."""
    for k, p in enumerate(periods):
        if p == period:
            return float(k)
        if p > period:
            return k - 0.5
    return len(periods) - 0.5


def chosen_chart(measure: Measure, observations: Sequence[ObservationLike]) -> tuple[ChartType, ChartAdvice]:
    denominators = [o.denominator for o in observations if o.denominator]
    mean_n = float(np.mean(denominators)) if denominators else None
    advice = suggest_chart(measure.value_kind, len(observations), mean_n)  # type: ignore[arg-type]
    chart = measure.chart or advice.chart
    return chart, advice  # type: ignore[return-value]


def build_measure_chart(
    measure: Measure,
    observations: Sequence[ObservationLike],
    breaks: Sequence[ChartBreak] = (),
    annotations: Sequence[Annotation] = (),
    pdsa_cycles: Sequence[PdsaCycle] = (),
) -> MeasureChart:
    observations = sorted(observations, key=lambda o: o.period)
    chart, advice = chosen_chart(measure, observations)
    out = MeasureChart(measure=measure, observations=observations, advice=advice, chart=chart)
    periods = out.periods
    out.markers = _markers(periods, breaks, annotations, pdsa_cycles)
    if not observations:
        out.problem = "no_data"
        return out
    need = 2 if chart in ("i", "mr", "run") else 1
    if len(observations) < need:
        out.problem = "too_few"
        return out

    phases = sorted({b.period for b in breaks if b.kind == BreakKind.PHASE})
    parts = tuple(k for k in (sum(p < start for p in periods) for start in phases) if 0 < k < len(periods))
    freeze: int | None = None
    baseline = next((b for b in breaks if b.kind == BreakKind.BASELINE), None)
    if baseline is not None:
        freeze = sum(p <= baseline.period for p in periods) or None
        if freeze is not None and parts and freeze <= max(parts):
            out.problem = "baseline_before_phase"
            freeze = None
    rules = measure.rules if chart in MDC_CHARTS else "anhoej"
    improvement = measure.improvement or None
    spec_kwargs = {
        "chart": chart,
        "freeze": freeze,
        "parts": parts,
        "exclude": tuple(k for k, o in enumerate(observations) if o.excluded),
        "screen_mr": measure.screen_mr,
        "rules": rules,
        "improvement": improvement,
        "target": measure.target,
        "multiply": measure.multiply,
    }
    y = [o.value for o in observations]
    n: list[float] | None = None
    if measure.has_denominator and chart not in ("c", "g", "t"):
        n = [o.denominator or float("nan") for o in observations]
    elif chart in DENOMINATOR_CHARTS:
        out.error = "this chart needs a denominator for every point"
        out.problem = "wrong_chart"
        return out
    try:
        out.result = compute_chart(ChartSpec(**spec_kwargs), y, n)  # type: ignore[arg-type]
    except SpcInputError as exc:
        out.error = str(exc)
        out.problem = "engine"
        return out
    if out.result.mdc is not None:
        out.assurance = out.result.mdc.assurance_icon
    elif chart != "run":
        out.assurance = assurance_icon(
            measure.target,
            improvement,  # type: ignore[arg-type]  # a Direction value
            float(out.result.lcl[-1]),
            float(out.result.ucl[-1]),
        )
    return out


def _markers(
    periods: Sequence[dt.date],
    breaks: Sequence[ChartBreak],
    annotations: Sequence[Annotation],
    pdsa_cycles: Sequence[PdsaCycle],
) -> list[Marker]:
    markers: list[Marker] = []
    if not periods:
        return markers
    for b in breaks:
        index = _position(periods, b.period)
        if b.kind == BreakKind.PHASE:
            # A phase starts at its period: draw the line just before that point.
            start = next((k for k, p in enumerate(periods) if p >= b.period), len(periods))
            index = start - 0.5
        else:
            end = sum(p <= b.period for p in periods)
            index = end - 0.5
        markers.append(Marker(kind=b.kind, period=b.period, index=index, label=b.reason))
    for number, a in enumerate(annotations, start=1):
        markers.append(Marker("annotation", a.period, _position(periods, a.period), a.text, number))
    for number, cycle in enumerate(pdsa_cycles, start=1):
        markers.append(Marker("pdsa", cycle.started_on, _position(periods, cycle.started_on), cycle.title, number))
    return markers
