"""`python -m samskap themes FILE [--json] [--max-themes N] [--min-size N]`: suggest themes.

FILE is UTF-8 text with one contribution per line, or a `.csv` file with a `text` column and an
optional `id` column of integers. `-` reads standard input, as lines unless `--csv` is given. In
a text file blank lines are skipped, and each contribution's id is its line number. In a CSV
file without an `id` column, the id is the data row's number, counting from 1. Commas separate
CSV fields; a header that uses semicolons or tabs switches to those (as Norwegian and Swedish
spreadsheets export).

Prints each theme with its keywords and a few of its texts. With `--json`, prints one JSON
object on stdout instead:

    {"themes": [{"label": str, "keywords": [str], "members": [id]}], "unassigned": [id],
     "seconds": float}

`seconds` covers reading and computing. Input that cannot be read gives one line on stderr and
exit status 2. No Django, no database. The method is described in `samskap.analysis.themes`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass

from samskap.analysis.themes import ThemeInputError, ThemeSuggestions, suggest_themes
from samskap.cli.inputs import csv_table, read_utf8

PROG = "python -m samskap themes"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_EXAMPLES = 5
_SHOWN_UNASSIGNED = 20


class ThemeFileError(ValueError):
    """The input cannot be read as contributions; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Contributions:
    ids: tuple[int, ...]
    texts: tuple[str, ...]


def parse_lines(text: str) -> Contributions:
    """One contribution per non-blank line; the id is the line number."""
    numbered = [(k, line.strip()) for k, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return Contributions(ids=tuple(k for k, _ in numbered), texts=tuple(line for _, line in numbered))


def parse_csv(text: str) -> Contributions:
    """Contributions from CSV text with a `text` column and an optional integer `id` column."""
    _names, rows = csv_table(
        text,
        required=("text",),
        optional=("id",),
        error=ThemeFileError,
        empty_message="the CSV input is empty; expected a header row with a column named 'text'",
    )
    ids: list[int] = []
    texts: list[str] = []
    for line, cells in rows:
        texts.append(cells["text"])
        if "id" in cells:
            if not _INTEGER.fullmatch(cells["id"]):
                raise ThemeFileError(f"line {line}: id is not an integer: {cells['id'][:40]!r}")
            ids.append(int(cells["id"]))
        else:
            ids.append(len(texts))
    return Contributions(ids=tuple(ids), texts=tuple(texts))


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _text(contributions: Contributions, result: ThemeSuggestions, seconds: float) -> str:
    text_of = dict(zip(contributions.ids, contributions.texts, strict=True))
    themed = sum(len(theme.members) for theme in result.themes)
    lines = [
        f"{len(contributions.texts)} texts: {len(result.themes)} themes covering {themed}, "
        f"{len(result.unassigned)} unassigned ({seconds:.2f} s)"
    ]
    for number, theme in enumerate(result.themes, start=1):
        lines.append(f"\n{number}. {theme.label} ({len(theme.members)} texts)")
        lines.append(f"   keywords: {', '.join(theme.keywords)}")
        lines.extend(f"   #{member}  {_short(text_of[member])}" for member in theme.members[:_EXAMPLES])
        if len(theme.members) > _EXAMPLES:
            lines.append(f"   … and {len(theme.members) - _EXAMPLES} more")
    if result.unassigned:
        shown = ", ".join(f"#{member}" for member in result.unassigned[:_SHOWN_UNASSIGNED])
        more = (
            f", … and {len(result.unassigned) - _SHOWN_UNASSIGNED} more"
            if len(result.unassigned) > _SHOWN_UNASSIGNED
            else ""
        )
        lines.append(f"\nUnassigned: {shown}{more}")
    return "\n".join(lines)


def _positive(value: str) -> int:
    if not _INTEGER.fullmatch(value.strip()) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Suggest themes for short texts: one per line, or a CSV file with a text column."
    )
    parser.add_argument("file", metavar="FILE", help="a text file (one contribution per line), a .csv file, or -")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--csv", action="store_true", help="read FILE as CSV whatever its name (for -)")
    parser.add_argument("--max-themes", type=_positive, default=12, metavar="N", help="at most N themes (default 12)")
    parser.add_argument(
        "--min-size", type=_positive, default=2, metavar="N", help="themes need at least N texts (default 2)"
    )
    return parser


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else 2
    started = time.perf_counter()
    try:
        text = read_utf8(args.file, ThemeFileError)
        is_csv = args.csv or args.file.lower().endswith(".csv")
        contributions = parse_csv(text) if is_csv else parse_lines(text)
        result = suggest_themes(
            contributions.texts, contributions.ids, max_themes=args.max_themes, min_size=args.min_size
        )
    except (ThemeFileError, ThemeInputError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    try:
        if args.json:
            payload = {
                "themes": [
                    {"label": theme.label, "keywords": list(theme.keywords), "members": list(theme.members)}
                    for theme in result.themes
                ],
                "unassigned": list(result.unassigned),
                "seconds": round(seconds, 4),
            }
            json.dump(payload, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            print(_text(contributions, result, seconds))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0
