"""Reading observations from a CSV file, as spreadsheets in Norway and Sweden write them.

Accepts comma, semicolon or tab separators, decimal commas, thousands spaces, UTF-8 (with
or without BOM) or Windows-1252, and periods as dates (2026-03-15, 15.03.2026), months
(2026-03) or ISO weeks (2026-W05). Column names may be in nb, nn, sv or en.

Nothing is saved here: `parse_observations` returns the rows it understood and, line by
line, the ones it did not, so the user sees a preview and every problem before saving.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000

PERIOD_NAMES = {"period", "periode", "dato", "date", "datum", "uke", "vecka", "week", "måned", "month", "månad"}
VALUE_NAMES = {"value", "verdi", "värde", "teller", "teljar", "täljare", "numerator", "antall", "antal", "count", "y"}
DENOMINATOR_NAMES = {"denominator", "nevner", "nemnar", "nämnare", "n"}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORDIC_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True, slots=True)
class ParsedRow:
    line: int
    period: dt.date
    value: float
    denominator: float | None


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 0 for problems with the file as a whole
    message: str


@dataclass(slots=True)
class ParsedUpload:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def example_header(*, needs_denominator: bool) -> str:
    """A header line in the user's language that this reader accepts."""
    names = [pgettext("CSV column", "period"), pgettext("CSV column", "value")]
    if needs_denominator:
        names.append(pgettext("CSV column", "denominator"))
    return ";".join(names)


def parse_period(text: str) -> dt.date | None:
    """A period as a date, or None. Months give their first day, ISO weeks their Monday."""
    text = text.strip()
    try:
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NORDIC_DATE.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _MONTH.match(text):
            return dt.date(int(m[1]), int(m[2]), 1)
        if m := _ISO_WEEK.match(text):
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        return None
    return None


def parse_number(text: str) -> float | None:
    """A number written with a decimal point or comma and optional thousands spaces."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return value if math.isfinite(value) else None


def _decode(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _column(header: list[str], names: set[str]) -> int | None:
    for position, name in enumerate(header):
        if name.strip().strip('"').lower() in names:
            return position
    return None


def parse_observations(data: bytes, *, needs_denominator: bool, is_proportion: bool) -> ParsedUpload:
    """Read observations from CSV bytes; see the module docstring for what is accepted."""
    result = ParsedUpload()
    if len(data) > MAX_BYTES:
        result.errors.append(RowError(0, _("The file is larger than 1 MB. Split it into smaller files.")))
        return result
    text = _decode(data)
    if text is None:
        result.errors.append(RowError(0, _("This does not look like a CSV file. Save the sheet as CSV and try again.")))
        return result
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        result.errors.append(RowError(0, _("The file is empty.")))
        return result
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    try:
        header = next(reader)
    except csv.Error:
        header = []
    period_col = _column(header, PERIOD_NAMES)
    value_col = _column(header, VALUE_NAMES)
    denominator_col = _column(header, DENOMINATOR_NAMES)
    if period_col is None or value_col is None:
        result.errors.append(
            RowError(
                1,
                _("The first line must name the columns, for example: %(example)s.")
                % {"example": example_header(needs_denominator=needs_denominator)},
            )
        )
        return result
    if needs_denominator and denominator_col is None:
        result.errors.append(
            RowError(1, _("This measure needs a denominator column (denominator, nevner or nämnare)."))
        )
        return result

    seen: dict[dt.date, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(result.rows) + len(result.errors) >= MAX_ROWS:
                result.errors.append(RowError(line, _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}))
                break
            error = _row_error(record, period_col, value_col, denominator_col, needs_denominator, is_proportion)
            if isinstance(error, str):
                result.errors.append(RowError(line, error))
                continue
            period, value, denominator = error
            if period in seen:
                result.errors.append(
                    RowError(
                        line,
                        _("The period %(period)s is already on line %(line)d.")
                        % {"period": period.isoformat(), "line": seen[period]},
                    )
                )
                continue
            seen[period] = line
            result.rows.append(ParsedRow(line, period, value, denominator))
    except csv.Error:
        result.errors.append(RowError(reader.line_num, _("The line could not be read as CSV (check the quotes).")))
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, _("The file has no observations under the header line.")))
    result.rows.sort(key=lambda row: row.period)
    return result


def _row_error(
    record: list[str],
    period_col: int,
    value_col: int,
    denominator_col: int | None,
    needs_denominator: bool,
    is_proportion: bool,
) -> str | tuple[dt.date, float, float | None]:
    """The row's values, or a message saying what is wrong with it."""
    if max(period_col, value_col, denominator_col or 0) >= len(record):
        return _("The line has too few columns.")
    period = parse_period(record[period_col])
    if period is None:
        return _(
            "“%(text)s” is not a period. Write a date (2026-03-15 or 15.03.2026), "
            "a month (2026-03) or a week (2026-W05)."
        ) % {"text": record[period_col].strip()[:40]}
    value = parse_number(record[value_col])
    if value is None:
        return _("“%(text)s” is not a number.") % {"text": record[value_col].strip()[:40]}
    denominator: float | None = None
    if needs_denominator and denominator_col is not None:
        denominator = parse_number(record[denominator_col])
        if denominator is None:
            return _("The denominator “%(text)s” is not a number.") % {"text": record[denominator_col].strip()[:40]}
        if denominator <= 0:
            return _("The denominator must be greater than 0.")
        if value < 0:
            return _("The value cannot be negative.")
        if is_proportion and value > denominator:
            return _("The numerator (%(value)s) is larger than the denominator (%(denominator)s).") % {
                "value": f"{value:g}",
                "denominator": f"{denominator:g}",
            }
    return period, value, denominator
