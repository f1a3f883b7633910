"""Public statistics for comparing municipalities: one data model, parsers, per-capita figures,
series breaks and small-number suppression.

Samskap imports tables from SSB and SCB (PxWebApi, JSON-stat 2 or CSV), from Kolada (JSON) and
from FHI's open statistics API (JSON-stat 2 or `csv2`). Every format becomes a `Dataset`: its
provenance (source, table id, query, fetch time, unit, footnotes) and one `Observation` per
region, period and indicator. `parse_statistics` takes the bytes of a response or file and
recognises the format from the content:

- **JSON-stat 2** (SSB, SCB, FHI): dimensions in the order of `id` with the sizes in `size`;
  `category.index` as a list or an object of positions; `value` as a list or a sparse object
  (cells left out are missing); `status` as a list, an object or one string for every cell.
  The region and time dimensions come from `role.geo` and `role.time`, or, where a publisher
  leaves `role` out (FHI), from well-known ids (`Region`, `GEO`; `Tid`, `AAR`); the indicator
  dimension from `role.metric` or `ContentsCode` / `MEASURE_TYPE`. Footnotes are the `note`
  lists of the dataset, its dimensions and their categories.
- **PxWeb CSV** (SSB, SCB): comma, semicolon or tab separated, an optional title line, a region
  column (`region`, `kommune`, `kommun`...) and either a time column (`år`, `tid`, `year`...)
  or one value column per period (`Personer 2023`). Region cells may carry code and text
  (`3201 Bærum`). Numbers may use a decimal comma and spaces between thousands.
- **Kolada** v2/v3 JSON: `values[]` with `kpi`, `municipality`, `period` and `values[]` of
  `gender`, `status`, `value`, `count`; the total (`gender` `T`) is taken.
- **FHI `csv2`**: semicolon separated with readable labels (`Geografi`, `År`...), one column per
  measure and an optional flag column (`flagg`).

Missing and suppressed cells are `value=None` with the published symbol kept in `flag`, never 0:
`..` not available, `...` not yet available, `.` not applicable, `:` suppressed (confidential),
`-` nil. A flag column's symbol applies to the cells of its row.

Malformed input raises `StatisticsFormatError` with a short English message and a `code`, so an
interface can translate by code; nothing else escapes the parsers. The codes: `empty`, `binary`
(not text), `invalid_json`, `unknown_format` (neither JSON-stat, Kolada nor a CSV table),
`not_dataset`, `missing_field`, `missing_dimension` (no region or time, or an id without its
dimension), `bad_dimension`, `size_mismatch`, `value_count`, `bad_value`, `bad_status`,
`too_large`, `bad_csv`, `bad_number`, `no_values`, `population_ambiguous` and `bad_argument`
(a wrong argument to a function here); the command line adds `unreadable`.

Normalisation: `per_inhabitants` divides by a population dataset of the same region and year
(per 1,000 or 10,000, marked in the unit, so the two never mix); with no population figure the
result is `None` with the flag `no_population`. Series breaks come from footnotes
(`find_series_breaks`) or an explicit list (`mark_series_breaks`); `compare_periods` flags
a comparison across a break.

Small-number protection: `suppress_row` and `suppress_small_counts`; the rule is in
`suppress_row`'s docstring. Pure computation: no Django, no database, no network.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "MISSING_SYMBOLS",
    "SUPPRESSED",
    "Cell",
    "Comparison",
    "Dataset",
    "Observation",
    "SeriesBreak",
    "StatisticsFormatError",
    "SuppressedRow",
    "compare_periods",
    "crosses_series_break",
    "dataset_to_dict",
    "find_series_breaks",
    "mark_series_breaks",
    "parse_fhi_csv2",
    "parse_jsonstat",
    "parse_kolada",
    "parse_pxweb_csv",
    "parse_statistics",
    "per_inhabitants",
    "suppress_row",
    "suppress_small_counts",
]

# The symbols SSB, SCB and FHI publish instead of a number, and what they mean.
MISSING_SYMBOLS: Mapping[str, str] = {
    "..": "not available",
    "...": "not yet available",
    "…": "not yet available",
    ".": "not applicable",
    ":": "suppressed (confidential)",
    "-": "nil",
    "x": "suppressed (confidential)",
}
SUPPRESSED = "suppressed"
NO_POPULATION = "no_population"
SMALL_COUNT = 5
# A sparse JSON-stat object may describe far more cells than the file holds; refuse above this.
MAX_CELLS = 1_000_000

FORMAT_JSONSTAT = "json-stat2"
FORMAT_PXWEB_CSV = "pxweb-csv"
FORMAT_KOLADA = "kolada"
FORMAT_FHI_CSV2 = "fhi-csv2"


class StatisticsFormatError(ValueError):
    """The input is not a statistics table Samskap can read. `code` names the problem (for
    translation), the message says it in English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Observation:
    """One figure. `value` is None when missing or suppressed, with the reason in `flag`.
    `dimensions` holds the other dimensions as (dimension label, category label) pairs.
    `series_break` marks the first figure of a new series."""

    region_code: str
    region_name: str
    period: str
    value: float | None
    flag: str | None = None
    indicator: str = ""
    indicator_name: str = ""
    unit: str = ""
    dimensions: tuple[tuple[str, str], ...] = ()
    series_break: bool = False

    @property
    def region_key(self) -> str:
        """The region to join on: the code without a `K-`/`F-` prefix, or else the name."""
        return _region_key(self.region_code) or self.region_name.strip().casefold()


@dataclass(frozen=True)
class SeriesBreak:
    """The series of `indicator` (empty: every indicator) starts anew at `period`."""

    period: str
    indicator: str = ""
    note: str = ""


@dataclass(frozen=True)
class Dataset:
    source: str
    format: str
    table_id: str
    title: str
    unit: str
    observations: tuple[Observation, ...]
    query: str = ""
    fetched_at: str = ""
    updated: str = ""
    footnotes: tuple[str, ...] = ()
    series_breaks: tuple[SeriesBreak, ...] = ()
    per: int | None = None  # set by per_inhabitants: figures per this many inhabitants

    @property
    def regions(self) -> tuple[tuple[str, str], ...]:
        """(code, name) of each region, in order of first appearance."""
        seen: dict[str, str] = {}
        for obs in self.observations:
            seen.setdefault(obs.region_code, obs.region_name)
        return tuple(seen.items())

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(sorted({obs.period for obs in self.observations}))


@dataclass(frozen=True)
class Comparison:
    value_from: float | None
    value_to: float | None
    difference: float | None
    across_break: bool


@dataclass(frozen=True)
class Cell:
    """A count after suppression: `value` None with `flag` set when not published."""

    value: int | None
    flag: str | None = None
    secondary: bool = False


@dataclass(frozen=True)
class SuppressedRow:
    parts: tuple[Cell, ...]
    total: Cell | None = None


# --- reading bytes ----------------------------------------------------------------------------


def _text(data: bytes | str) -> str:
    binary = StatisticsFormatError("binary", "the file is binary, not a statistics table")
    if isinstance(data, str):
        text = data[1:] if data.startswith("\ufeff") else data
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # SSB's CSV has been served as ISO-8859-1; accept it when it reads as text.
            text = data.decode("cp1252", errors="replace")
            if "\ufffd" in text:
                raise binary from None
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
        raise binary
    if not text.strip():
        raise StatisticsFormatError("empty", "the file is empty")
    return text


def parse_statistics(
    data: bytes | str,
    *,
    source: str | None = None,
    table_id: str | None = None,
    query: str = "",
    fetched_at: str = "",
) -> Dataset:
    """A dataset from a JSON-stat 2, PxWeb CSV, Kolada JSON or FHI csv2 response, recognised
    from the content. `source`, `table_id`, `query` and `fetched_at` record the provenance
    where the content does not carry it."""
    text = _text(data)
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        payload = _load_json(stripped)
        if isinstance(payload, dict) and ("dimension" in payload or payload.get("class") == "dataset"):
            dataset = parse_jsonstat(payload)
        elif isinstance(payload, dict) and isinstance(payload.get("values"), list):
            dataset = parse_kolada(payload)
        else:
            raise StatisticsFormatError(
                "unknown_format", "the JSON is neither a JSON-stat 2 dataset nor a Kolada response"
            )
    else:
        heading, rows = _csv_rows(text)
        dataset = _parse_table(heading, rows, FORMAT_FHI_CSV2 if _is_fhi_header(rows[0][1]) else FORMAT_PXWEB_CSV)
    return replace(
        dataset,
        source=source or dataset.source,
        table_id=table_id or dataset.table_id,
        query=query or dataset.query,
        fetched_at=fetched_at or dataset.fetched_at,
    )


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise StatisticsFormatError("invalid_json", "the JSON is nested too deeply") from None
    except ValueError as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise StatisticsFormatError("invalid_json", f"the file is not valid JSON{where}") from None


# --- JSON-stat 2 ------------------------------------------------------------------------------

_GEO_IDS = {"region", "geo", "geografi", "kommune", "kommun", "municipality", "område"}
_TIME_IDS = {"tid", "aar", "år", "year", "time", "period", "ar"}
_METRIC_IDS = {"contentscode", "measure_type", "contents", "statistikkvariabel", "tabellinnehåll"}


def _fail(code: str, message: str) -> StatisticsFormatError:
    return StatisticsFormatError(code, message)


def _categories(name: str, dimension: Any) -> tuple[list[str], dict[str, str], dict[str, Any]]:
    """Category codes in index order, their labels, and the raw category object."""
    if not isinstance(dimension, dict):
        raise _fail("bad_dimension", f"dimension {name!r} is not an object")
    category = dimension.get("category")
    if not isinstance(category, dict):
        raise _fail("bad_dimension", f"dimension {name!r} has no categories")
    index = category.get("index")
    labels = category.get("label")
    if labels is not None and not isinstance(labels, dict):
        raise _fail("bad_dimension", f"dimension {name!r}: the category labels are not an object")
    labels = labels or {}
    if index is None:
        # The standard allows a single category given only by its label.
        if len(labels) != 1:
            raise _fail("bad_dimension", f"dimension {name!r} has no category index")
        codes = [str(next(iter(labels)))]
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        positions: dict[int, str] = {}
        for code, position in index.items():
            if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position < len(index):
                raise _fail("bad_dimension", f"dimension {name!r}: category {str(code)[:40]!r} has a bad position")
            if position in positions:
                raise _fail("bad_dimension", f"dimension {name!r}: two categories at position {position}")
            positions[position] = str(code)
        codes = [positions[k] for k in range(len(index))]
    else:
        raise _fail("bad_dimension", f"dimension {name!r}: the category index is neither a list nor an object")
    if len(set(codes)) != len(codes):
        raise _fail("bad_dimension", f"dimension {name!r} repeats a category")
    return codes, {str(k): str(v) for k, v in labels.items()}, category


def _notes(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int | float) and str(item).strip()]
    return []


def _role(payload: dict[str, Any], dims: Sequence[str], labels: Mapping[str, str], kind: str) -> str | None:
    role = payload.get("role")
    if isinstance(role, dict) and isinstance(role.get(kind), list):
        for name in role[kind]:
            if name in dims:
                return str(name)
    known = {"geo": _GEO_IDS, "time": _TIME_IDS, "metric": _METRIC_IDS}[kind]
    for name in dims:
        if name.casefold() in known or labels.get(name, "").casefold() in known:
            return name
    return None


def _cell_value(raw: Any, where: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _fail("bad_value", f"value {where} is not a number: {str(raw)[:40]!r}")
    number = float(raw)
    if not math.isfinite(number):
        raise _fail("bad_value", f"value {where} is not a finite number")
    return number


def _period(code: str) -> str:
    """FHI writes years as `2024_2024` and averages as `2020_2022`."""
    match = re.fullmatch(r"(\d{4})_(\d{4})", code.strip())
    if match:
        first, last = match.groups()
        return first if first == last else f"{first}-{last}"
    return code.strip()


def _jsonstat_source(payload: dict[str, Any], dims: Sequence[str]) -> str:
    text = str(payload.get("source") or "").casefold()
    if "statistisk sentralbyrå" in text or "statistics norway" in text or text == "ssb":
        return "ssb"
    if "statistiska centralbyrån" in text or "statistics sweden" in text or text == "scb":
        return "scb"
    if "folkehelse" in text or "fhi" in text or ("GEO" in dims and "MEASURE_TYPE" in dims):
        return "fhi"
    return "unknown"


def parse_jsonstat(payload: Mapping[str, Any]) -> Dataset:
    """A dataset from a decoded JSON-stat 2 `dataset` object (see the module docstring)."""
    data = dict(payload)
    if data.get("class", "dataset") != "dataset":
        raise _fail("not_dataset", f"JSON-stat class {str(data.get('class'))[:20]!r} is not a dataset")
    ids, sizes, dimensions = data.get("id"), data.get("size"), data.get("dimension")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise _fail("missing_field", "the JSON-stat dataset has no list of dimension ids ('id')")
    if len(set(ids)) != len(ids):
        raise _fail("bad_dimension", "the dimension ids ('id') repeat a dimension")
    if not isinstance(sizes, list) or not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes):
        raise _fail("missing_field", "the JSON-stat dataset has no list of sizes ('size')")
    if len(sizes) != len(ids):
        raise _fail("size_mismatch", f"'size' has {len(sizes)} entries but 'id' has {len(ids)}")
    if not isinstance(dimensions, dict):
        raise _fail("missing_field", "the JSON-stat dataset has no 'dimension' object")
    codes: dict[str, list[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    categories: dict[str, dict[str, Any]] = {}
    dim_labels: dict[str, str] = {}
    footnotes = _notes(data.get("note"))
    for name, size in zip(ids, sizes, strict=True):
        if name not in dimensions:
            raise _fail("missing_dimension", f"dimension {name!r} is listed in 'id' but not described")
        codes[name], labels[name], categories[name] = _categories(name, dimensions[name])
        if size != len(codes[name]):
            raise _fail("size_mismatch", f"dimension {name!r} has {len(codes[name])} categories but size {size}")
        dim_labels[name] = str(dimensions[name].get("label") or name)
        footnotes.extend(_notes(dimensions[name].get("note")))
    cells = math.prod(sizes)
    if cells > MAX_CELLS:
        raise _fail("too_large", f"the table has {cells} cells; at most {MAX_CELLS} are read")
    geo = _role(data, ids, dim_labels, "geo")
    time = _role(data, ids, dim_labels, "time")
    if geo is None or time is None:
        missing = "region" if geo is None else "time"
        raise _fail("missing_dimension", f"the table has no {missing} dimension")
    metric = _role(data, ids, dim_labels, "metric")

    values = data.get("value")
    if isinstance(values, list):
        if len(values) != cells:
            raise _fail("value_count", f"'value' has {len(values)} entries but the sizes give {cells}")
        cell_values: list[Any] = values
    elif isinstance(values, dict):
        # A sparse object leaves missing cells out.
        cell_values = [None] * cells
        for key, raw in values.items():
            if not str(key).isdigit() or int(key) >= cells:
                raise _fail("value_count", f"'value' has a cell {str(key)[:20]!r} outside the table")
            cell_values[int(key)] = raw
    else:
        raise _fail("missing_field", "the JSON-stat dataset has no 'value' list or object")
    status = data.get("status")
    status_at = _status_lookup(status, cells)

    # Category notes: footnotes of the table, and of the indicator they belong to.
    breaks: list[SeriesBreak] = []
    for name in ids:
        note_map = categories[name].get("note")
        if isinstance(note_map, dict):
            for code, notes in note_map.items():
                for note in _notes(notes):
                    footnotes.append(f"{labels[name].get(str(code), str(code))}: {note}")
                    indicator = str(code) if name == metric else ""
                    breaks.extend(find_series_breaks([note], indicator=indicator))
    breaks.extend(find_series_breaks(_notes(data.get("note"))))
    for name in ids:
        breaks.extend(find_series_breaks(_notes(dimensions[name].get("note"))))

    units = _units(categories[metric]) if metric else {}
    dataset_unit = ""
    if len(set(units.values())) == 1:
        dataset_unit = next(iter(units.values()))
    extension = data.get("extension")
    px = extension.get("px") if isinstance(extension, dict) else None
    if not isinstance(px, dict):
        px = {}
    others = [name for name in ids if name not in (geo, time, metric)]
    strides = [math.prod(sizes[k + 1 :]) for k in range(len(ids))]
    position = {name: k for k, name in enumerate(ids)}
    observations: list[Observation] = []
    for k in range(cells):
        chosen = {name: codes[name][(k // strides[position[name]]) % sizes[position[name]]] for name in ids}
        value = _cell_value(cell_values[k], f"#{k}")
        flag = status_at(k)
        indicator = chosen[metric] if metric else ""
        observations.append(
            Observation(
                region_code=chosen[geo],
                region_name=labels[geo].get(chosen[geo], chosen[geo]),
                period=_period(chosen[time]),
                value=value,
                flag=flag,
                indicator=indicator,
                indicator_name=labels[metric].get(indicator, indicator) if metric else "",
                unit=units.get(indicator, dataset_unit),
                dimensions=tuple((dim_labels[n], labels[n].get(chosen[n], chosen[n])) for n in others),
            )
        )
    return _with_breaks(
        Dataset(
            source=_jsonstat_source(data, ids),
            format=FORMAT_JSONSTAT,
            table_id=str(px.get("tableid") or px.get("table-id") or data.get("tableid") or ""),
            title=str(data.get("label") or ""),
            unit=dataset_unit,
            observations=tuple(observations),
            updated=str(data.get("updated") or ""),
            footnotes=tuple(dict.fromkeys(footnotes)),
            series_breaks=(),
        ),
        breaks,
    )


def _status_lookup(status: Any, cells: int) -> Any:
    def none(_k: int) -> str | None:
        return None

    if status is None:
        return none
    if isinstance(status, str):
        flag = status.strip() or None
        return lambda _k: flag
    if isinstance(status, list):
        if len(status) != cells:
            raise _fail("bad_status", f"'status' has {len(status)} entries but the sizes give {cells}")
        flags = [str(s).strip() or None if s is not None else None for s in status]
        return flags.__getitem__
    if isinstance(status, dict):
        mapping: dict[int, str | None] = {}
        for key, value in status.items():
            if not str(key).isdigit() or int(key) >= cells:
                raise _fail("bad_status", f"'status' has a cell {str(key)[:20]!r} outside the table")
            mapping[int(key)] = str(value).strip() or None if value is not None else None
        return lambda k: mapping.get(k)
    raise _fail("bad_status", "'status' is neither a string, a list nor an object")


def _units(category: Mapping[str, Any]) -> dict[str, str]:
    unit = category.get("unit")
    result: dict[str, str] = {}
    if isinstance(unit, dict):
        for code, spec in unit.items():
            if isinstance(spec, dict):
                text = spec.get("label") or spec.get("base") or spec.get("symbol") or ""
                result[str(code)] = str(text)
    return result


# --- Kolada -----------------------------------------------------------------------------------


def parse_kolada(payload: Mapping[str, Any]) -> Dataset:
    """A dataset from a Kolada v2/v3 `data` response: the total for all genders (`T`) per
    KPI, municipality and period. A single entry without a gender is taken as the total."""
    values = payload.get("values")
    if not isinstance(values, list):
        raise _fail("missing_field", "the Kolada response has no 'values' list")
    observations: list[Observation] = []
    kpis: list[str] = []
    for n, item in enumerate(values):
        if not isinstance(item, dict):
            raise _fail("bad_value", f"Kolada value #{n} is not an object")
        kpi, region, period, entries = (item.get(k) for k in ("kpi", "municipality", "period", "values"))
        if region is None:
            region = item.get("ou")
        if not isinstance(kpi, str) or not isinstance(region, str | int) or isinstance(region, bool):
            raise _fail("missing_field", f"Kolada value #{n} has no 'kpi' or 'municipality'")
        if not isinstance(period, str | int) or isinstance(period, bool) or not isinstance(entries, list):
            raise _fail("missing_field", f"Kolada value #{n} has no 'period' or 'values'")
        dicts = [e for e in entries if isinstance(e, dict)]
        if len(dicts) != len(entries):
            raise _fail("bad_value", f"Kolada value #{n}: an entry in 'values' is not an object")
        total = [e for e in dicts if e.get("gender") == "T"]
        if not total and len(dicts) == 1 and dicts[0].get("gender") in (None, ""):
            total = dicts
        if not total:
            continue
        entry = total[0]
        value = _cell_value(entry.get("value"), f"of Kolada value #{n}")
        status = entry.get("status")
        flag = str(status).strip() or None if status is not None else None
        if value is None and flag is None:
            flag = ".."
        if kpi not in kpis:
            kpis.append(kpi)
        observations.append(
            Observation(
                region_code=str(region),
                region_name="",
                period=str(period),
                value=value,
                flag=flag,
                indicator=kpi,
                indicator_name=kpi,
            )
        )
    if not observations:
        raise _fail("no_values", "the Kolada response has no values for all genders (T)")
    return Dataset(
        source="kolada",
        format=FORMAT_KOLADA,
        table_id=",".join(kpis),
        title=", ".join(kpis),
        unit="",
        observations=tuple(observations),
    )


# --- CSV (PxWeb and FHI csv2) -----------------------------------------------------------------

_REGION_HEADERS = {"region", "kommune", "kommun", "geografi", "geo", "municipality", "område", "region/kommune"}
_TIME_HEADERS = {"år", "tid", "year", "time", "period", "aar", "kvartal", "måned", "månad", "quarter", "month"}
_CONTENTS_HEADERS = {"statistikkvariabel", "statistikvariabel", "contents", "tabellinnehåll", "måltall", "measure"}
_FLAG_HEADERS = {"flagg", "flag", "flags", "flagg_verdi", "status"}
_PERIOD_IN_HEADER = re.compile(r"(?<!\d)(\d{4}(?:[KMQHU]\d{1,2}|[-_]\d{4})?)(?!\d)")
_TABLE_PREFIX = re.compile(r"^\s*(\d{5})\s*:\s*(.*)$")
_REGION_CELL = re.compile(r"^((?:[KF]-)?\d{1,6})(?:\s*[:\-–]\s*|\s+)(\S.*)$")
_REGION_CODE = re.compile(r"^(?:[KF]-)?\d{1,6}$")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _csv_rows(text: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """The title line (PxWeb's `IncludeTitle`; empty if none), and the other non-blank rows
    with their line numbers."""
    lines = [line for line in text.splitlines() if line.strip()][:6]
    delimiter = ","
    title = False
    for candidate in (";", "\t", ","):
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        except csv.Error:
            continue
        # A title line (PxWeb's IncludeTitle) is one field, or fewer fields than the rows below.
        title = len(widths) > 1 and (
            (widths[0] == 1 and widths[1] >= 2) or (len(widths) > 2 and widths[0] < widths[1] == widths[2])
        )
        if widths and widths[1 if title else 0] >= 2:
            delimiter = candidate
            break
    else:
        raise _fail("unknown_format", "the text is neither JSON nor a CSV table with a header row")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, [cell.strip() for cell in row]))
    except csv.Error as exc:
        raise _fail("bad_csv", f"line {reader.line_num}: the input is not valid CSV: {exc}") from None
    heading = ""
    if title:
        heading, rows = rows[0][1][0], rows[1:]
    if len(rows) < 2:
        raise _fail("no_values", "the CSV table has a header but no rows")
    return heading, rows


def _is_fhi_header(header: Sequence[str]) -> bool:
    names = {name.casefold() for name in header}
    return bool(names & {"geografi", "geo"}) or bool(names & _FLAG_HEADERS - {"status"})


def _number(cell: str, where: str) -> tuple[float | None, str | None]:
    text = cell.strip()
    if not text:
        return None, None
    if text in MISSING_SYMBOLS:
        return None, text
    compact = re.sub(r"[\s\u00a0\u202f\u2009']", "", text).replace("\u2212", "-")
    if "," in compact and "." in compact:
        decimal = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        compact = compact.replace(thousands, "").replace(decimal, ".")
    elif compact.count(",") == 1:
        compact = compact.replace(",", ".")
    elif compact.count(",") > 1 or compact.count(".") > 1:
        compact = compact.replace(",", "").replace(".", "")
    if not _NUMBER.fullmatch(compact):
        raise _fail("bad_number", f"{where}: not a number: {text[:40]!r}")
    number = float(compact)
    if not math.isfinite(number):
        raise _fail("bad_number", f"{where}: not a finite number: {text[:40]!r}")
    return number, None


def _split_region(cell: str) -> tuple[str, str]:
    if _REGION_CODE.fullmatch(cell):
        return cell, ""
    match = _REGION_CELL.fullmatch(cell)
    if match:
        return match.group(1), match.group(2).strip()
    return "", cell


def _is_value_column(header: str, cells: Iterable[str]) -> bool:
    if _PERIOD_IN_HEADER.search(header):
        return True
    for cell in cells:
        try:
            _number(cell, "")
        except StatisticsFormatError:
            return False
    return True


def _indicator_label(header: str, period: str | None) -> str:
    label = header
    match = _TABLE_PREFIX.match(label)
    if match:
        label = match.group(2)
    if period:
        label = label.replace(period, "")
    return label.strip(" ,;:-") or "value"


def _parse_table(heading: str, rows: list[tuple[int, list[str]]], fmt: str) -> Dataset:
    header_line, header = rows[0]
    width = len(header)
    for line, row in rows[1:]:
        if len(row) != width:
            raise _fail("bad_csv", f"line {line}: {len(row)} field(s), but the header has {width}")
    names = [name.casefold() for name in header]
    region = next((k for k, n in enumerate(names) if n in _REGION_HEADERS), None)
    if region is None:
        raise _fail("missing_dimension", f"line {header_line}: the CSV header has no region column")
    time = next((k for k, n in enumerate(names) if n in _TIME_HEADERS), None)
    contents = next((k for k, n in enumerate(names) if n in _CONTENTS_HEADERS), None)
    flag_col = next((k for k, n in enumerate(names) if n in _FLAG_HEADERS), None)
    fixed = {k for k in (region, time, contents, flag_col) if k is not None}
    value_cols: list[int] = []
    other_cols: list[int] = []
    for k in range(width):
        if k in fixed:
            continue
        if _is_value_column(header[k], (row[k] for _line, row in rows[1:])):
            value_cols.append(k)
        else:
            other_cols.append(k)
    if not value_cols:
        raise _fail("no_values", f"line {header_line}: the CSV table has no column of numbers")
    column_period: dict[int, str] = {}
    if time is None:
        for k in value_cols:
            match = _PERIOD_IN_HEADER.search(header[k])
            if not match:
                raise _fail("missing_dimension", f"line {header_line}: the CSV header has no time column")
            column_period[k] = match.group(1)
    table_id, title = "", heading
    for name in (heading, *header):
        match = _TABLE_PREFIX.match(name)
        if match:
            table_id, title = match.group(1), match.group(2).strip()
            break
    column_label = {k: _indicator_label(header[k], column_period.get(k)) for k in value_cols}
    several = len(set(column_label.values())) > 1
    observations: list[Observation] = []
    for line, row in rows[1:]:
        code, name = _split_region(row[region])
        if not code and not name:
            raise _fail("bad_csv", f"line {line}: the region is empty")
        row_flag = row[flag_col].strip() or None if flag_col is not None else None
        for k in value_cols:
            value, flag = _number(row[k], f"line {line}, column {header[k][:40]!r}")
            flag = flag or row_flag
            if flag is not None:
                # A flagged cell is never published as a number, whatever the cell holds.
                value = None
            period = _period(row[time]) if time is not None else _period(column_period[k])
            if not period:
                raise _fail("bad_csv", f"line {line}: the period is empty")
            label = column_label[k]
            if contents is not None:
                label = f"{row[contents]}, {label}" if several else row[contents]
            observations.append(
                Observation(
                    region_code=code,
                    region_name=name,
                    period=period,
                    value=value,
                    flag=flag,
                    indicator=label,
                    indicator_name=label,
                    dimensions=tuple((header[c], row[c]) for c in other_cols),
                )
            )
    source = "fhi" if fmt == FORMAT_FHI_CSV2 else _csv_source(names)
    return Dataset(
        source=source,
        format=fmt,
        table_id=table_id,
        title=title,
        unit="",
        observations=tuple(observations),
    )


def _csv_source(names: Sequence[str]) -> str:
    """SSB's and SCB's headers differ in language: `statistikkvariabel` and `kommune` are
    Norwegian, `statistikvariabel`, `tabellinnehåll` and `kommun` Swedish."""
    if {"statistikkvariabel", "kommune"} & set(names):
        return "ssb"
    if {"statistikvariabel", "tabellinnehåll", "kommun"} & set(names):
        return "scb"
    return "unknown"


def parse_pxweb_csv(data: bytes | str) -> Dataset:
    """A dataset from SSB's or SCB's PxWeb CSV output (see the module docstring)."""
    return _parse_table(*_csv_rows(_text(data)), FORMAT_PXWEB_CSV)


def parse_fhi_csv2(data: bytes | str) -> Dataset:
    """A dataset from FHI's `csv2` output; flagged cells stay None with their flag."""
    return _parse_table(*_csv_rows(_text(data)), FORMAT_FHI_CSV2)


# --- series breaks ----------------------------------------------------------------------------

_BREAK_WORDS = re.compile(
    r"brudd i (?:tids)?serien|(?:tids)?seriebrudd|series break|break in (?:the )?(?:time )?series|"
    r"brott i (?:tids)?serien|(?:tids)?seriebrott",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def find_series_breaks(footnotes: Iterable[str], *, indicator: str = "") -> list[SeriesBreak]:
    """Series breaks named in footnotes: a note that speaks of a break ("brudd i
    tidsserien", "series break", "brott i tidsserien"...) marks one at the latest year it
    names, e.g. "Brudd i tidsserien mellom 2023 og 2024" → 2024."""
    breaks: list[SeriesBreak] = []
    for note in footnotes:
        if _BREAK_WORDS.search(note):
            years = _YEAR.findall(note)
            if years:
                breaks.append(SeriesBreak(period=max(years), indicator=indicator, note=note))
    return breaks


def _with_breaks(dataset: Dataset, breaks: Iterable[SeriesBreak]) -> Dataset:
    merged = tuple(dict.fromkeys([*dataset.series_breaks, *breaks]))
    observations = tuple(
        replace(obs, series_break=obs.series_break or _starts_series(merged, obs.indicator, obs.period))
        for obs in dataset.observations
    )
    return replace(dataset, series_breaks=merged, observations=observations)


def _starts_series(breaks: Iterable[SeriesBreak], indicator: str, period: str) -> bool:
    return any(b.indicator in ("", indicator) and _year_of(period) == _year_of(b.period) for b in breaks)


def mark_series_breaks(dataset: Dataset, breaks: Iterable[SeriesBreak]) -> Dataset:
    """The dataset with `breaks` added to those from its footnotes, and the first
    observation of each new series marked."""
    return _with_breaks(dataset, breaks)


def crosses_series_break(dataset: Dataset, indicator: str, period_a: str, period_b: str) -> bool:
    """Whether comparing `indicator` (empty: any) between the two periods crosses a series
    break: a break after the earlier period and no later than the later one."""
    first, last = sorted((_year_of(period_a) or period_a, _year_of(period_b) or period_b))
    for brk in dataset.series_breaks:
        start = _year_of(brk.period) or brk.period
        if (not indicator or brk.indicator in ("", indicator)) and first < start <= last:
            return True
    return False


def compare_periods(
    dataset: Dataset, region_code: str, period_from: str, period_to: str, *, indicator: str = ""
) -> Comparison:
    """The change of one region's figure between two periods, flagged when it crosses a
    series break. A missing figure gives a None difference."""
    key = _region_key(region_code) or region_code.casefold()

    def value(period: str) -> float | None:
        for obs in dataset.observations:
            if obs.region_key == key and obs.period == period and (not indicator or obs.indicator == indicator):
                return obs.value
        return None

    a, b = value(period_from), value(period_to)
    return Comparison(
        value_from=a,
        value_to=b,
        difference=None if a is None or b is None else b - a,
        across_break=crosses_series_break(dataset, indicator, period_from, period_to),
    )


# --- normalisation ----------------------------------------------------------------------------


def _region_key(code: str) -> str:
    return re.sub(r"^[KF]-", "", code.strip())


def _year_of(period: str) -> str | None:
    """The calendar year of a year or a part of one (`2024`, `2024K1`, `2024M03`); None
    for a span of years."""
    match = re.fullmatch(r"(\d{4})(?:[KMQHU]\d{1,2})?", period.strip())
    return match.group(1) if match else None


def per_inhabitants(dataset: Dataset, population: Dataset, *, per: int = 1000) -> Dataset:
    """Each figure divided by the region's population in the same year, times `per` (1,000
    or 10,000). The population dataset must give one figure per region and year. A figure
    without a population (missing region or year, a span of years, a population of 0 or
    missing) becomes None flagged `no_population`; a suppressed or missing figure stays as it
    was. The unit says `per 1000 inhabitants` or `per 10000 inhabitants`, and `per` is kept,
    so figures of the two scales are never mixed."""
    if per not in (1000, 10000):
        raise _fail("bad_argument", f"per must be 1000 or 10000, not {per}")
    if dataset.per is not None:
        raise _fail("bad_argument", "the figures are already per inhabitants")
    # By region code, and by name for tables that give names only (FHI's csv2); a name two
    # regions share is not used.
    people: dict[tuple[str, str], float | None] = {}
    by_name: dict[tuple[str, str], float | None] = {}
    shared: set[tuple[str, str]] = set()
    for obs in population.observations:
        year = _year_of(obs.period)
        if year is None:
            continue
        key = (obs.region_key, year)
        if key in people:
            raise _fail(
                "population_ambiguous",
                f"the population table has more than one figure for {obs.region_code or obs.region_name} in {year}",
            )
        people[key] = obs.value
        name = (obs.region_name.strip().casefold(), year)
        if name[0]:
            if name in by_name:
                shared.add(name)
            by_name[name] = obs.value
    unit = f"per {per} inhabitants"
    observations: list[Observation] = []
    for obs in dataset.observations:
        if obs.value is None:
            observations.append(replace(obs, unit=unit))
            continue
        year = _year_of(obs.period)
        count = None
        if year and obs.region_code:
            count = people.get((obs.region_key, year))
        elif year and (obs.region_key, year) not in shared:
            count = by_name.get((obs.region_key, year))
        if count is None or count <= 0:
            observations.append(replace(obs, value=None, flag=NO_POPULATION, unit=unit))
        else:
            observations.append(replace(obs, value=obs.value / count * per, unit=unit))
    return replace(dataset, observations=tuple(observations), unit=unit, per=per)


# --- small-number protection ------------------------------------------------------------------


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def suppress_row(
    parts: Sequence[int | None], total: int | None = None, *, threshold: int = SMALL_COUNT
) -> SuppressedRow:
    """Counts of people in `parts` (and their `total`, if published) made safe to publish.

    The rule:

    1. Primary: every count ≤ `threshold` (5) is suppressed (None, flag "suppressed"). A part
       that is already None stays hidden and keeps no number.
    2. Secondary, only when the total is published: the hidden parts sum to the total minus
       the shown parts, so
       a. if exactly one part is hidden, it could be recovered: the smallest shown part is
          suppressed as well (ties: the first);
       b. if parts are hidden and that difference is ≤ `threshold`, their sum would reveal a
          small count: the smallest shown part is suppressed;
       c. if no part is hidden but the total minus the parts is between 1 and `threshold`
          (people in no part), that difference is a small count: likewise.
       This repeats until none applies; when every part is hidden and the row is still
       unsafe, the total is suppressed.

    So after suppression: no published count is ≤ `threshold`, and with a published total,
    no part can be recovered by subtraction and no difference between the total and the sum
    of shown parts is a count from 1 to `threshold`. Example: parts (2, 8, 40) with total 50
    publish (None, None, 40) and 50: 2 is small, and 8 hides it.
    """
    for value in (*parts, total):
        if value is not None and (not _is_count(value) or value < 0):
            raise _fail("bad_argument", f"counts must be whole numbers of 0 or more, not {value!r}")
    hidden = [value is None or value <= threshold for value in parts]
    secondary = [False] * len(parts)
    primary = [value is not None and value <= threshold for value in parts]
    total_hidden = total is None or total <= threshold
    total_secondary = False
    while not total_hidden and total is not None:
        shown = [k for k, h in enumerate(hidden) if not h]
        difference = total - sum(parts[k] or 0 for k in shown)
        count_hidden = len(parts) - len(shown)
        unsafe = (
            count_hidden == 1
            or (count_hidden > 1 and difference <= threshold)
            or (count_hidden == 0 and 0 < difference <= threshold)
        )
        if not unsafe:
            break
        if shown:
            smallest = min(shown, key=lambda k: (parts[k] or 0, k))
            hidden[smallest] = secondary[smallest] = True
        else:
            total_hidden = total_secondary = True
    cells = tuple(
        Cell(None, SUPPRESSED, secondary[k])
        if primary[k] or secondary[k]
        else Cell(None, None)
        if value is None
        else Cell(value)
        for k, value in enumerate(parts)
    )
    if total is None:
        total_cell = None
    elif total_hidden:
        total_cell = Cell(None, SUPPRESSED, total_secondary)
    else:
        total_cell = Cell(total)
    return SuppressedRow(cells, total_cell)


def suppress_small_counts(dataset: Dataset, *, threshold: int = SMALL_COUNT) -> Dataset:
    """Every figure ≤ `threshold` suppressed (None, flag "suppressed"). For a dataset of
    counts of people with no totals among its figures; where parts and their total are
    published together, use `suppress_row` so that differences reveal nothing either."""
    return replace(
        dataset,
        observations=tuple(
            replace(obs, value=None, flag=SUPPRESSED) if obs.value is not None and obs.value <= threshold else obs
            for obs in dataset.observations
        ),
    )


# --- output -----------------------------------------------------------------------------------


def dataset_to_dict(dataset: Dataset) -> dict[str, Any]:
    """The dataset as plain JSON-ready data."""
    return {
        "source": dataset.source,
        "format": dataset.format,
        "table_id": dataset.table_id,
        "title": dataset.title,
        "unit": dataset.unit,
        "per": dataset.per,
        "query": dataset.query,
        "fetched_at": dataset.fetched_at,
        "updated": dataset.updated,
        "footnotes": list(dataset.footnotes),
        "series_breaks": [
            {"period": b.period, "indicator": b.indicator, "note": b.note} for b in dataset.series_breaks
        ],
        "observations": [
            {
                "region_code": obs.region_code,
                "region_name": obs.region_name,
                "period": obs.period,
                "indicator": obs.indicator,
                "indicator_name": obs.indicator_name,
                "unit": obs.unit,
                "value": obs.value,
                "flag": obs.flag,
                "dimensions": dict(obs.dimensions),
                "series_break": obs.series_break,
            }
            for obs in dataset.observations
        ],
    }
