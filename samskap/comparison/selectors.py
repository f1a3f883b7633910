"""Reads for statistics: who may see what, the series and regions of a table, and the one
function that turns a comparison into publishable figures (`comparison_table`). Everything
that leaves the organisation — the comparison page, the JSON API, the note — goes through
it, so small counts are suppressed in one place."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samskap.analysis import statistics as stats
from samskap.comparison.models import (
    Comparison,
    Dataset,
    DatasetKind,
    Figure,
    Matrix,
    MatrixCell,
    MatrixColumn,
    MatrixRow,
)
from samskap.core.models import Organisation, User
from samskap.core.permissions import Capability, can_in_organisation, can_in_process
from samskap.processes.models import Process


def get_dataset_for_user(user: User | AnonymousUser, dataset_id: int) -> Dataset:
    dataset = Dataset.objects.select_related("organisation").filter(pk=dataset_id).first()
    if dataset is None:
        raise Http404
    if not can_in_organisation(user, dataset.organisation, Capability.VIEW_ORGANISATION):
        raise PermissionDenied
    return dataset


def get_comparison_for_user(
    user: User | AnonymousUser, comparison_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Comparison:
    comparison = (
        Comparison.objects.select_related("process__organisation", "dataset", "population")
        .filter(pk=comparison_id)
        .first()
    )
    if comparison is None:
        raise Http404
    if not can_in_process(user, comparison.process, capability):
        raise PermissionDenied
    return comparison


def get_matrix_for_user(
    user: User | AnonymousUser, matrix_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Matrix:
    matrix = Matrix.objects.select_related("process__organisation").filter(pk=matrix_id).first()
    if matrix is None:
        raise Http404
    if not can_in_process(user, matrix.process, capability):
        raise PermissionDenied
    return matrix


def datasets_of(organisation: Organisation, kind: str | None = None) -> QuerySet[Dataset]:
    datasets = Dataset.objects.filter(organisation=organisation)
    if kind:
        datasets = datasets.filter(kind=kind)
    return datasets.order_by("-imported_at", "-pk")


def comparisons_of(process: Process) -> QuerySet[Comparison]:
    return Comparison.objects.filter(process=process).select_related("dataset").order_by("created_at", "pk")


def matrices_of(process: Process) -> QuerySet[Matrix]:
    return Matrix.objects.filter(process=process).order_by("created_at", "pk")


# --- Series and regions ---------------------------------------------------------------------


def _series_label(indicator_name: str, indicator: str, dimensions: list[list[str]], unit: str) -> str:
    name = indicator_name or indicator or _("Figures")
    parts = [category for _label, category in dimensions]
    text = f"{name} ({', '.join(parts)})" if parts else name
    return f"{text} · {unit}" if unit else text


def series_choices(dataset: Dataset) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    rows = dataset.figures.order_by("pk").values_list("series", "indicator", "indicator_name", "dimensions", "unit")
    for series, indicator, name, dimensions, unit in rows.iterator():
        if series not in seen:
            seen[series] = _series_label(name, indicator, dimensions, unit)
    return list(seen.items())


def region_key(code: str, name: str) -> str:
    return stats.Observation(region_code=code, region_name=name, period="", value=None).region_key


def region_choices(dataset: Dataset, series: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for code, name in dataset.figures.filter(series=series).order_by("pk").values_list("region_code", "region_name"):
        key = region_key(code, name)
        if key not in seen:
            seen[key] = f"{name} ({code})" if code and name and code != name else (name or code)
    return list(seen.items())


# --- From stored figures back to the analysis model --------------------------------------------


def _breaks(dataset: Dataset) -> tuple[stats.SeriesBreak, ...]:
    return tuple(
        stats.SeriesBreak(
            period=str(b.get("period", "")), indicator=str(b.get("indicator", "")), note=str(b.get("note", ""))
        )
        for b in dataset.series_breaks
        if isinstance(b, dict)
    )


def _as_analysis(dataset: Dataset, figures: QuerySet[Figure] | list[Figure]) -> stats.Dataset:
    return stats.Dataset(
        source=dataset.source,
        format=dataset.format,
        table_id=dataset.table_id,
        title=dataset.title,
        unit=dataset.unit,
        observations=tuple(
            stats.Observation(
                region_code=f.region_code,
                region_name=f.region_name,
                period=f.period,
                value=f.value,
                flag=f.flag or None,
                indicator=f.indicator,
                indicator_name=f.indicator_name,
                unit=f.unit,
                dimensions=tuple((label, category) for label, category in f.dimensions),
                series_break=f.series_break,
            )
            for f in figures
        ),
        query=dataset.query,
        fetched_at=dataset.fetched_at,
        updated=dataset.updated,
        footnotes=tuple(dataset.footnotes),
        series_breaks=_breaks(dataset),
    )


# --- The comparison as publishable figures -------------------------------------------------------


@dataclass(frozen=True)
class Value:
    value: float | None
    text: str  # formatted for the active language, or the symbol shown instead
    flag: str = ""  # "suppressed", "missing", "no_population", "" when a number is shown
    starts_series: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    values: list[Value]
    change: Value
    home: bool = False
    national: bool = False


@dataclass(frozen=True)
class ComparisonTable:
    title: str
    unit: str
    periods: list[str]
    rows: list[Row]
    break_periods: list[str]
    break_notes: list[str]
    footnotes: list[str]
    flags_used: list[tuple[str, str]] = field(default_factory=list)  # (symbol, meaning)
    decimals: int = 0

    @property
    def municipalities(self) -> list[Row]:
        return [row for row in self.rows if not row.national]

    @property
    def national(self) -> Row | None:
        return next((row for row in self.rows if row.national), None)


SYMBOL_SUPPRESSED = ":"
SYMBOL_MISSING = ".."


def _flag_meanings() -> dict[str, str]:
    return {
        SYMBOL_SUPPRESSED: _("suppressed: too few people to publish, or it would reveal a small number"),
        SYMBOL_MISSING: _("not available"),
        "–": _("no population figure for that year"),
    }


def _decimals(values: list[float], *, computed: bool) -> int:
    """Published figures keep the decimals they came with (at most 2); computed rates get
    two below 10 and one above."""
    if not values:
        return 0
    if computed:
        return 2 if max(abs(v) for v in values) < 10 else 1
    return max(next((d for d in (0, 1) if abs(round(v, d) - v) < 1e-9), 2) for v in values)


def _fmt(value: float, decimals: int) -> str:
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


def comparison_table(comparison: Comparison) -> ComparisonTable:
    """The comparison's figures made safe to publish: counts of people ≤ 5 suppressed before
    anything is computed from them, so neither a rate nor a change can reveal one; figures
    per inhabitants from the population table; series breaks marked."""
    dataset = comparison.dataset
    keys = list(comparison.regions) + ([comparison.national_region] if comparison.national_region else [])
    figures = [
        f
        for f in dataset.figures.filter(series=comparison.series).order_by("pk")
        if region_key(f.region_code, f.region_name) in keys
    ]
    analysis = _as_analysis(dataset, figures)
    analysis = stats.mark_series_breaks(analysis, analysis.series_breaks)
    if dataset.counts_people:
        analysis = stats.suppress_small_counts(analysis)
    unit = figures[0].unit if figures else dataset.unit
    if comparison.per and comparison.population is not None:
        population = _as_analysis(comparison.population, list(comparison.population.figures.order_by("pk")))
        analysis = stats.per_inhabitants(analysis, population, per=comparison.per)
        unit = comparison.get_per_display()
    indicator = figures[0].indicator if figures else ""
    periods = sorted({obs.period for obs in analysis.observations})
    by_place: dict[tuple[str, str], stats.Observation] = {}
    names: dict[str, str] = {}
    for obs in analysis.observations:
        by_place[(obs.region_key, obs.period)] = obs
        names.setdefault(obs.region_key, obs.region_name or obs.region_code)
    shown = [obs.value for obs in analysis.observations if obs.value is not None and math.isfinite(obs.value)]
    decimals = _decimals(shown, computed=bool(comparison.per and comparison.population))
    meanings = _flag_meanings()
    used: set[str] = set()

    def value_of(obs: stats.Observation | None) -> Value:
        if obs is None or obs.value is None or not math.isfinite(obs.value):
            flag = obs.flag if obs is not None else None
            if flag == stats.SUPPRESSED or flag in (":", "x"):
                used.add(SYMBOL_SUPPRESSED)
                return Value(None, SYMBOL_SUPPRESSED, "suppressed", bool(obs and obs.series_break))
            if flag == stats.NO_POPULATION:
                used.add("–")
                return Value(None, "–", "no_population", bool(obs and obs.series_break))
            used.add(SYMBOL_MISSING)
            return Value(None, SYMBOL_MISSING, "missing", bool(obs and obs.series_break))
        return Value(obs.value, _fmt(obs.value, decimals), "", obs.series_break)

    def change_of(values: list[Value]) -> Value:
        published = [(period, v) for period, v in zip(periods, values, strict=True) if v.value is not None]
        if len(published) < 2:
            return Value(None, "")
        (first_period, first), (last_period, last) = published[0], published[-1]
        if stats.crosses_series_break(analysis, indicator, first_period, last_period):
            return Value(None, _("series break"), "break")
        assert first.value is not None and last.value is not None
        difference = last.value - first.value
        # A change in a count of people is itself a count: small ones stay unpublished.
        if dataset.counts_people and not comparison.per and 0 < abs(difference) <= stats.SMALL_COUNT:
            used.add(SYMBOL_SUPPRESSED)
            return Value(None, SYMBOL_SUPPRESSED, "suppressed")
        sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
        return Value(difference, sign + _fmt(abs(difference), decimals))

    rows: list[Row] = []
    for key in keys:
        values = [value_of(by_place.get((key, period))) for period in periods]
        rows.append(
            Row(
                key=key,
                name=names.get(key, key),
                values=values,
                change=change_of(values),
                home=key == keys[0],
                national=key == comparison.national_region,
            )
        )
    break_periods = sorted({obs.period for obs in analysis.observations if obs.series_break})
    return ComparisonTable(
        title=comparison.title,
        unit=unit,
        periods=periods,
        rows=rows,
        break_periods=break_periods,
        break_notes=[
            b.note for b in analysis.series_breaks if b.note and (not b.indicator or b.indicator == indicator)
        ],
        footnotes=list(dataset.footnotes),
        flags_used=[
            (symbol, meanings[symbol]) for symbol in (SYMBOL_SUPPRESSED, SYMBOL_MISSING, "–") if symbol in used
        ],
        decimals=decimals,
    )


# --- The comparison matrix ------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixGrid:
    columns: list[MatrixColumn]
    # Each row with its cells in column order: (column, cell or None).
    rows: list[tuple[MatrixRow, list[tuple[MatrixColumn, MatrixCell | None]]]]


def matrix_grid(matrix: Matrix) -> MatrixGrid:
    columns = list(matrix.columns.order_by("position"))
    cells = {(c.row_id, c.column_id): c for c in MatrixCell.objects.filter(row__matrix=matrix)}
    rows = [
        (row, [(column, cells.get((row.pk, column.pk))) for column in columns])
        for row in matrix.rows.order_by("position")
    ]
    return MatrixGrid(columns=columns, rows=rows)


def population_tables(organisation: Organisation) -> QuerySet[Dataset]:
    return datasets_of(organisation, DatasetKind.POPULATION)
