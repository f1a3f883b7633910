"""`python -m samskap spc INPUT.csv --chart CHART [options]`: chart a series from a CSV file.

Input: a header row with columns `x` and `y`, and `n` where a denominator applies (P, P′, U,
U′; optional for run, I and MR charts, which then chart y/n). Xbar and S charts take several
rows per `x`, one per measurement. Extra columns are ignored. Commas separate fields; a file
whose header uses semicolons (as Norwegian and Swedish spreadsheets export) may use decimal
commas. `-` reads standard input.

Output on stdout: one CSV row per point, `i,x,part,y,cl,lcl,ucl,sigma_signal,runs_signal`, and
with `--rules mdc` also `outside_limits,close_to_limits,special_cause_type,point_type`.
Bad input gives one line on stderr and exit status 2. No Django, no database.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO, cast

from samskap.analysis.spc import (
    CHART_TYPES,
    IMPROVEMENTS,
    RULE_SETS,
    ChartResult,
    ChartType,
    Improvement,
    RuleSet,
    SpcInputError,
    spc_chart,
)
from samskap.analysis.spc.model import DENOMINATOR_CHARTS, OPTIONAL_DENOMINATOR_CHARTS, SUBGROUP_CHARTS
from samskap.cli.inputs import read_utf8, sniff_delimiter

PROG = "python -m samskap spc"
BASE_COLUMNS = ("i", "x", "part", "y", "cl", "lcl", "ucl", "sigma_signal", "runs_signal")
MDC_COLUMNS = ("outside_limits", "close_to_limits", "special_cause_type", "point_type")

# Plain decimal numbers only: no "nan", "inf", hex or digit separators that float() would take.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class CsvInputError(ValueError):
    """The input file cannot be read as a series; the message names the line and the problem."""


@dataclass(frozen=True, slots=True)
class Series:
    """A parsed input: x labels as written, and y (subgroups for Xbar/S) and n as numbers."""

    x: tuple[str, ...]
    y: tuple[float, ...] | tuple[tuple[float, ...], ...]
    n: tuple[float, ...] | None


def _number(text: str, *, column: str, line: int, decimal_comma: bool) -> float:
    value = text.strip()
    if decimal_comma:
        value = value.replace(",", ".")
    if not value:
        raise CsvInputError(f"line {line}: {column} is empty")
    if not _NUMBER.fullmatch(value):
        raise CsvInputError(f"line {line}: {column} is not a number: {text.strip()[:40]!r}")
    number = float(value)
    if not math.isfinite(number):
        raise CsvInputError(f"line {line}: {column} is too large: {text.strip()[:40]!r}")
    return number


def parse_series(text: str, chart: ChartType) -> Series:
    """Parse CSV text into a series for `chart`, or raise `CsvInputError` saying what is wrong."""
    lines = text.splitlines()
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CsvInputError("the input is empty; expected a header row with columns x and y")
    delimiter = sniff_delimiter(lines[first])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise CsvInputError(f"the input is not valid CSV: {exc}") from None
    numbered = [(k, row) for k, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise CsvInputError("the input is empty; expected a header row with columns x and y")
    header_line, header = numbered[0]
    names = [cell.strip().lower() for cell in header]
    for name in ("x", "y"):
        if name not in names:
            raise CsvInputError(f"line {header_line}: the header needs a column named {name!r} (found {names})")
    for name in ("x", "y", "n"):
        if names.count(name) > 1:
            raise CsvInputError(f"line {header_line}: the header names column {name!r} twice")
    has_n = "n" in names
    if has_n and chart not in DENOMINATOR_CHARTS and chart not in OPTIONAL_DENOMINATOR_CHARTS:
        raise CsvInputError(f"a {chart} chart takes no n column; remove it")
    if chart in DENOMINATOR_CHARTS and not has_n:
        raise CsvInputError(f"a {chart} chart needs an n column with the denominators")
    ix, iy = names.index("x"), names.index("y")
    i_n = names.index("n") if has_n else None
    decimal_comma = delimiter == ";"

    xs: list[str] = []
    ys: list[float] = []
    ns: list[float] = []
    for line, row in numbered[1:]:
        if len(row) != len(names):
            raise CsvInputError(f"line {line}: {len(row)} field(s), but the header has {len(names)}")
        x = row[ix].strip()
        if not x:
            raise CsvInputError(f"line {line}: x is empty")
        xs.append(x)
        ys.append(_number(row[iy], column="y", line=line, decimal_comma=decimal_comma))
        if i_n is not None:
            ns.append(_number(row[i_n], column="n", line=line, decimal_comma=decimal_comma))
    if not xs:
        raise CsvInputError("the input has a header but no data rows")

    if chart in SUBGROUP_CHARTS:
        groups: dict[str, list[float]] = {}
        for x, y in zip(xs, ys, strict=True):
            groups.setdefault(x, []).append(y)
        return Series(tuple(groups), tuple(tuple(g) for g in groups.values()), None)
    seen: set[str] = set()
    for x in xs:
        if x in seen:
            raise CsvInputError(f"x value {x!r} appears more than once; only Xbar and S charts take several rows per x")
        seen.add(x)
    return Series(tuple(xs), tuple(ys), tuple(ns) if has_n else None)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Compute a run or control chart from a CSV file (columns x, y and n) and print one row per point.",
    )
    parser.add_argument("input", metavar="INPUT.csv", help="the input file, or - for standard input")
    parser.add_argument("--chart", required=True, choices=CHART_TYPES, help="chart type")
    parser.add_argument("--rules", default="anhoej", choices=RULE_SETS, help="rule set (default: anhoej)")
    parser.add_argument("--freeze", type=int, metavar="N", help="use points 1..N as the baseline for all points")
    parser.add_argument(
        "--part", type=int, nargs="+", action="extend", default=[], metavar="K", help="start a new part after point K"
    )
    parser.add_argument(
        "--exclude",
        type=int,
        nargs="+",
        action="extend",
        default=[],
        metavar="I",
        help="leave point I (1-based) out of the calculations",
    )
    parser.add_argument("--no-screen-mr", action="store_true", help="do not screen large moving ranges")
    parser.add_argument("--multiply", type=float, default=1.0, metavar="M", help="multiply y and the lines by M")
    parser.add_argument("--improvement", choices=IMPROVEMENTS, help="direction of improvement (MDC point types)")
    return parser


def _cell(value: float) -> str:
    return "" if math.isnan(value) else repr(float(value))


def _flag(value: object) -> str:
    return "TRUE" if value else "FALSE"


def write_csv(result: ChartResult, x: Sequence[str], out: TextIO) -> None:
    """Write one row per point to `out`."""
    writer = csv.writer(out, lineterminator="\n")
    mdc = result.mdc
    writer.writerow(BASE_COLUMNS + (MDC_COLUMNS if mdc is not None else ()))
    for k in range(len(result)):
        row = [
            str(k + 1),
            x[k],
            str(int(result.part[k])),
            _cell(float(result.y[k])),
            _cell(float(result.cl[k])),
            _cell(float(result.lcl[k])),
            _cell(float(result.ucl[k])),
            _flag(result.sigma_signal[k]),
            _flag(result.runs_signal[k]),
        ]
        if mdc is not None:
            row += [
                _flag(mdc.outside_limits[k]),
                _flag(mdc.close_to_limits[k]),
                mdc.special_cause_type[k],
                mdc.point_type[k],
            ]
        writer.writerow(row)


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else 2
    chart = cast(ChartType, args.chart)
    try:
        series = parse_series(read_utf8(args.input, CsvInputError), chart)
        result = spc_chart(
            series.y,
            series.n,
            chart=chart,
            freeze=args.freeze,
            parts=args.part,
            exclude=[k - 1 for k in args.exclude],
            multiply=args.multiply,
            screen_mr=not args.no_screen_mr,
            rules=cast(RuleSet, args.rules),
            improvement=cast(Improvement | None, args.improvement),
        )
    except (CsvInputError, SpcInputError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    try:
        write_csv(result, series.x, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0
