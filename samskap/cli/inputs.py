"""Reading the files the command-line tools take: UTF-8 text from a path or standard input,
and CSV tables whose header names the columns. Errors are raised as the calling tool's own
error class, with the line number where there is one, so each tool prints one clear line."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence


def read_utf8(path: str, error: type[ValueError]) -> str:
    """The text of `path` (`-` for standard input), a byte-order mark dropped."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{'standard input' if path == '-' else path} is not UTF-8 text") from None


def sniff_delimiter(header_line: str) -> str:
    """Commas, unless the header uses semicolons or tabs (as Norwegian and Swedish
    spreadsheets export)."""
    for candidate in (";", "\t"):
        if candidate in header_line:
            return candidate
    return ","


def csv_table(
    text: str,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    error: type[ValueError],
    empty_message: str,
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header's column names (lower-cased) and each data row as (line number, cells of
    the known columns, stripped). Blank rows are skipped; a missing or repeated column, a
    row of the wrong width and broken quoting are errors."""
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise error(empty_message)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first), strict=True)
    known = [*required, *optional]
    names: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if names is None:
                names = [cell.strip().lower() for cell in row]
                for name in required:
                    if name not in names:
                        raise error(f"line {line}: the header needs a column named {name!r} (found {names})")
                for name in known:
                    if names.count(name) > 1:
                        raise error(f"line {line}: the header names column {name!r} twice")
                continue
            if len(row) != len(names):
                raise error(f"line {line}: {len(row)} field(s), but the header has {len(names)}")
            rows.append((line, {name: row[names.index(name)].strip() for name in known if name in names}))
    except csv.Error as exc:
        raise error(f"line {reader.line_num}: the input is not valid CSV: {exc}") from None
    if names is None:
        raise error(empty_message)
    return names, rows
