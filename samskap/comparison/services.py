"""Every change to statistics, comparisons and comparison matrices goes through here:
permission, validation, one transaction, one audit entry."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
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
    PerInhabitants,
    SourceKind,
)
from samskap.core.audit import audit_record
from samskap.core.models import Organisation, User
from samskap.core.permissions import Capability, can_in_organisation, can_in_process
from samskap.processes.models import Process

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FIGURES = 200_000
MAX_REGIONS = 12
MAX_MATRIX_SIZE = 30  # rows, and columns


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def may_import(user: User, organisation: Organisation) -> bool:
    """Those who run processes in the organisation keep its statistics."""
    return can_in_organisation(user, organisation, Capability.MANAGE_PROCESS)


def _audit(
    action: str, actor: User | None, obj: Any, organisation_id: int, process_id: int | None = None, **detail: Any
) -> None:
    audit_record(
        action=action,
        actor=actor,
        obj=obj,
        organisation_id=organisation_id,
        process_id=process_id,
        detail=detail or None,
    )


# --- Import -----------------------------------------------------------------------------------


FORMAT_MESSAGES = {
    "binary": lambda: _("The file is not a statistics table: it is not text."),
    "empty": lambda: _("The file is empty."),
    "invalid_json": lambda: _("The file is not valid JSON."),
    "unknown_format": lambda: _(
        "The file is neither JSON-stat 2 (SSB, SCB, FHI), Kolada JSON, PxWeb CSV nor FHI's csv2."
    ),
}


def format_error_message(error: stats.StatisticsFormatError) -> str:
    """The parser's problem in the user's language; the English detail says where."""
    message = FORMAT_MESSAGES.get(error.code)
    if message is not None:
        return message()
    return _("The statistics file cannot be read: %(detail)s.") % {"detail": error.message}


# The parser names publishers by a short code; people read the agency's usual short name.
SOURCE_NAMES = {"ssb": "SSB", "scb": "SCB", "kolada": "Kolada", "fhi": "FHI", "hdir": "Helsedirektoratet"}


def series_key(indicator: str, dimensions: Sequence[Sequence[str]]) -> str:
    """A short stable key for one series: an indicator and one category per other dimension."""
    raw = json.dumps([indicator, [list(pair) for pair in dimensions]], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _check_population(dataset: stats.Dataset) -> None:
    seen: set[tuple[str, str]] = set()
    for obs in dataset.observations:
        key = (obs.region_key, obs.period)
        if key in seen:
            raise ValidationError(
                _(
                    "A population table must give one figure per region and year; "
                    "%(region)s has more than one in %(period)s."
                )
                % {"region": obs.region_name or obs.region_code, "period": obs.period}
            )
        seen.add(key)


@transaction.atomic
def dataset_import(
    *,
    actor: User,
    organisation: Organisation,
    data: bytes,
    file_name: str = "",
    kind: str = DatasetKind.INDICATOR,
    counts_people: bool = False,
    title: str = "",
    source: str = "",
    table_id: str = "",
    query: str = "",
    fetched_at: str = "",
) -> Dataset:
    """Read a JSON-stat 2, PxWeb CSV, Kolada or FHI csv2 table and keep every figure with
    its provenance. Nothing is saved when any part of the file is wrong."""
    _require(may_import(actor, organisation))
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    try:
        parsed = stats.parse_statistics(
            data, source=source.strip() or None, table_id=table_id.strip() or None, query=query, fetched_at=fetched_at
        )
    except stats.StatisticsFormatError as error:
        raise ValidationError(format_error_message(error)) from error
    if not parsed.observations:
        raise ValidationError(_("The file has no figures."))
    if len(parsed.observations) > MAX_FIGURES:
        raise ValidationError(
            _("The file has more than %(count)s figures: choose fewer regions or years at the source.")
            % {"count": f"{MAX_FIGURES:,}".replace(",", " ")}
        )
    if kind == DatasetKind.POPULATION:
        _check_population(parsed)
    dataset = Dataset(
        organisation=organisation,
        kind=kind,
        title=(title.strip() or parsed.title or file_name or _("Statistics"))[:300],
        # An unknown publisher stays empty (shown as "–"): the person importing can name it.
        source=SOURCE_NAMES.get(parsed.source.casefold(), parsed.source)[:100] if parsed.source != "unknown" else "",
        format=parsed.format,
        table_id=parsed.table_id[:100],
        unit=parsed.unit[:200],
        query=parsed.query[:4000],
        fetched_at=(parsed.fetched_at or timezone.now().isoformat(timespec="seconds"))[:40],
        updated=parsed.updated[:40],
        footnotes=list(parsed.footnotes),
        series_breaks=[{"period": b.period, "indicator": b.indicator, "note": b.note} for b in parsed.series_breaks],
        counts_people=counts_people,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        imported_by=actor,
    )
    dataset.full_clean()
    dataset.save()
    figures = []
    for obs in parsed.observations:
        dimensions = [[label[:200], category[:200]] for label, category in obs.dimensions]
        figures.append(
            Figure(
                dataset=dataset,
                series=series_key(obs.indicator, dimensions),
                indicator=obs.indicator[:200],
                indicator_name=obs.indicator_name[:300],
                unit=(obs.unit or parsed.unit)[:200],
                dimensions=dimensions,
                region_code=obs.region_code[:40],
                region_name=obs.region_name[:200],
                period=obs.period[:40],
                value=obs.value,
                flag=(obs.flag or "")[:40],
                series_break=obs.series_break,
            )
        )
    Figure.objects.bulk_create(figures, batch_size=2000)
    _audit(
        "statistics.import",
        actor,
        dataset,
        organisation.pk,
        source=dataset.source,
        table=dataset.table_id,
        figures=len(figures),
    )
    return dataset


@transaction.atomic
def dataset_delete(*, actor: User, dataset: Dataset) -> None:
    _require(may_import(actor, dataset.organisation))
    if dataset.comparisons.exists() or dataset.population_for.exists():
        raise ValidationError(_("A comparison uses this table: delete the comparison first."))
    _audit("statistics.delete", actor, dataset, dataset.organisation_id, table=dataset.table_id)
    dataset.delete()


# --- Comparisons --------------------------------------------------------------------------


_ALREADY_PER = re.compile(r"\b(per|pr\.?|per\s+capita|promille)\b|‰|/\s*1\s?000", re.IGNORECASE)


def _already_per_inhabitants(unit: str) -> bool:
    return bool(_ALREADY_PER.search(unit)) or "inhabitants" in unit or "innbyggere" in unit or "invånare" in unit


@transaction.atomic
def comparison_create(
    *,
    actor: User,
    process: Process,
    title: str,
    dataset: Dataset,
    series: str,
    regions: Sequence[str],
    national_region: str = "",
    per: int = PerInhabitants.AS_PUBLISHED,
    population: Dataset | None = None,
    note: str = "",
) -> Comparison:
    from samskap.comparison.selectors import region_choices

    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    if dataset.organisation_id != process.organisation_id:
        raise ValidationError(_("Choose a table imported by this organisation."))
    if not dataset.figures.filter(series=series).exists():
        raise ValidationError(_("Choose a series from the table."))
    known = {key for key, _label in region_choices(dataset, series)}
    chosen = list(dict.fromkeys(r for r in regions if r))
    if not chosen:
        raise ValidationError(_("Choose at least one municipality."))
    if len(chosen) > MAX_REGIONS:
        raise ValidationError(_("Compare at most %(count)s municipalities at once.") % {"count": MAX_REGIONS})
    if any(r not in known for r in chosen) or (national_region and national_region not in known):
        raise ValidationError(_("Choose municipalities from the table."))
    if national_region in chosen:
        raise ValidationError(_("The national figure is shown for reference: do not choose it as a municipality too."))
    if per not in PerInhabitants.values:
        raise ValidationError(_("Choose how the figures are shown."))
    if per:
        if population is None:
            raise ValidationError(_("Choose a population table to count per inhabitants."))
        if population.organisation_id != process.organisation_id or population.kind != DatasetKind.POPULATION:
            raise ValidationError(_("Choose a population table imported by this organisation."))
        unit = dataset.figures.filter(series=series).values_list("unit", flat=True).first() or dataset.unit
        if _already_per_inhabitants(unit):
            raise ValidationError(
                _("The figures are already per inhabitants (%(unit)s): show them as published.") % {"unit": unit}
            )
    else:
        population = None
    comparison = Comparison(
        process=process,
        title=title.strip(),
        dataset=dataset,
        series=series,
        regions=chosen,
        national_region=national_region,
        per=per,
        population=population,
        note=note.strip(),
        created_by=actor,
    )
    comparison.full_clean()
    comparison.save()
    _audit("comparison.create", actor, comparison, process.organisation_id, process.pk, dataset=dataset.pk)
    return comparison


@transaction.atomic
def comparison_delete(*, actor: User, comparison: Comparison) -> None:
    process = comparison.process
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    _forget_evidence(comparison)
    _audit("comparison.delete", actor, comparison, process.organisation_id, process.pk)
    comparison.delete()


def _forget_evidence(obj: Comparison | Matrix) -> None:
    """A deleted comparison or matrix is no longer evidence for anything."""
    from django.contrib.contenttypes.models import ContentType

    from samskap.processes.models import EvidenceLink

    EvidenceLink.objects.filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk).delete()


# --- The comparison matrix ----------------------------------------------------------------


def _names(values: Sequence[str], what: str) -> list[str]:
    names = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if len(names) > MAX_MATRIX_SIZE:
        raise ValidationError(_("At most %(count)s %(what)s.") % {"count": MAX_MATRIX_SIZE, "what": what})
    if any(len(n) > 200 for n in names):
        raise ValidationError(_("Keep each name under 200 characters."))
    return names


@transaction.atomic
def matrix_create(*, actor: User, process: Process, title: str, columns: Sequence[str], rows: Sequence[str]) -> Matrix:
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    column_names = _names(columns, _("municipalities"))
    row_names = _names(rows, _("dimensions"))
    if not column_names:
        raise ValidationError(_("Name at least one municipality."))
    matrix = Matrix(process=process, title=title.strip(), created_by=actor)
    matrix.full_clean()
    matrix.save()
    MatrixColumn.objects.bulk_create(
        MatrixColumn(matrix=matrix, name=name, position=k) for k, name in enumerate(column_names)
    )
    MatrixRow.objects.bulk_create(MatrixRow(matrix=matrix, name=name, position=k) for k, name in enumerate(row_names))
    _audit("matrix.create", actor, matrix, process.organisation_id, process.pk)
    return matrix


def _line_add(
    *, actor: User, matrix: Matrix, name: str, model: type[MatrixRow] | type[MatrixColumn], what: str, duplicate: str
) -> MatrixRow | MatrixColumn:
    """A row or a column at the end of the matrix: the two differ only in their words."""
    process = matrix.process
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    lines = model.objects.filter(matrix=matrix)
    if lines.count() >= MAX_MATRIX_SIZE:
        raise ValidationError(_("At most %(count)s %(what)s.") % {"count": MAX_MATRIX_SIZE, "what": what})
    if lines.filter(name__iexact=name.strip()).exists():
        raise ValidationError(duplicate)
    highest = lines.aggregate(m=Max("position"))["m"]
    line = model(matrix=matrix, name=name.strip(), position=0 if highest is None else highest + 1)
    line.full_clean()
    line.save()
    action = "matrix.row_add" if model is MatrixRow else "matrix.column_add"
    _audit(action, actor, line, process.organisation_id, process.pk, matrix=matrix.pk)
    return line


@transaction.atomic
def matrix_row_add(*, actor: User, matrix: Matrix, name: str) -> MatrixRow | MatrixColumn:
    return _line_add(
        actor=actor,
        matrix=matrix,
        name=name,
        model=MatrixRow,
        what=_("dimensions"),
        duplicate=_("The matrix already has that row."),
    )


@transaction.atomic
def matrix_column_add(*, actor: User, matrix: Matrix, name: str) -> MatrixRow | MatrixColumn:
    return _line_add(
        actor=actor,
        matrix=matrix,
        name=name,
        model=MatrixColumn,
        what=_("municipalities"),
        duplicate=_("The matrix already has that municipality."),
    )


@transaction.atomic
def matrix_cell_save(
    *,
    actor: User,
    row: MatrixRow,
    column: MatrixColumn,
    text: str,
    source_kind: str = SourceKind.OTHER,
    source_note: str = "",
) -> MatrixCell | None:
    """Write a cell; an empty text clears it."""
    matrix = row.matrix
    if column.matrix_id != matrix.pk:
        raise ValidationError(_("The row and the column are in different matrices."))
    process = matrix.process
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    cell = MatrixCell.objects.filter(row=row, column=column).first()
    if not text.strip():
        if cell is not None:
            cell.delete()
            _audit(
                "matrix.cell_clear", actor, matrix, process.organisation_id, process.pk, row=row.pk, column=column.pk
            )
        return None
    if cell is None:
        cell = MatrixCell(row=row, column=column)
    cell.text = text.strip()
    cell.source_kind = source_kind
    cell.source_note = source_note.strip()
    cell.updated_by = actor
    cell.updated_at = timezone.now()
    cell.full_clean()
    cell.save()
    _audit("matrix.cell_save", actor, matrix, process.organisation_id, process.pk, row=row.pk, column=column.pk)
    return cell


@transaction.atomic
def matrix_delete(*, actor: User, matrix: Matrix) -> None:
    process = matrix.process
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    _forget_evidence(matrix)
    _audit("matrix.delete", actor, matrix, process.organisation_id, process.pk)
    matrix.delete()
