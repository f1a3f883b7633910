"""`python -m samskap statistics FILE [--per 1000|10000 --population FILE] [--json]`.

Read a recorded statistics table and show what Samskap makes of it. FILE (`-` reads standard
input) is a JSON-stat 2 response from SSB, SCB or FHI, a PxWeb CSV file from SSB or SCB, a
Kolada JSON response or an FHI `csv2` file; the format is recognised from the content. With
`--per`, each figure is divided by the region's population in the same year from the
`--population` table (any of the same formats) and given per 1,000 or 10,000 inhabitants.

Prints one line per figure; with `--json`, one JSON object on stdout instead:

    {"source": str, "format": str, "table_id": str, "title": str, "unit": str,
     "per": int | null, "query": str, "fetched_at": str, "updated": str,
     "footnotes": [str], "series_breaks": [{"period": str, "indicator": str, "note": str}],
     "observations": [{"region_code": str, "region_name": str, "period": str,
                       "indicator": str, "indicator_name": str, "unit": str,
                       "value": float | null, "flag": str | null,
                       "dimensions": {str: str}, "series_break": bool}]}

A suppressed or missing figure has `value` null and the published symbol in `flag`. Input that
cannot be read gives one line on stderr and exit status 2. No Django, no database. The formats
are described in `samskap.analysis.statistics`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from samskap.analysis.statistics import (
    Dataset,
    StatisticsFormatError,
    dataset_to_dict,
    parse_statistics,
    per_inhabitants,
)

PROG = "python -m samskap statistics"


def read_bytes(path: str) -> bytes:
    """The bytes of `path`, or of standard input for `-`."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise StatisticsFormatError("unreadable", f"cannot read {path}: {exc.strerror or exc}") from None


def _text(dataset: Dataset) -> str:
    heading = " ".join(part for part in (dataset.table_id, dataset.title) if part) or "(untitled)"
    lines = [f"{heading} [{dataset.source}, {dataset.format}], {len(dataset.observations)} figures"]
    if dataset.unit:
        lines.append(f"unit: {dataset.unit}")
    lines.extend(f"note: {note}" for note in dataset.footnotes)
    for brk in dataset.series_breaks:
        lines.append(f"series break from {brk.period}" + (f" ({brk.indicator})" if brk.indicator else ""))
    for obs in dataset.observations:
        region = " ".join(part for part in (obs.region_code, obs.region_name) if part)
        shown = f"{obs.value:g}" if obs.value is not None else "none"
        flag = f" [{obs.flag}]" if obs.flag else ""
        mark = " (new series)" if obs.series_break else ""
        extra = "".join(f", {value}" for _name, value in obs.dimensions)
        lines.append(f"   {region}, {obs.period}, {obs.indicator_name or obs.indicator}{extra}: {shown}{flag}{mark}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Read a JSON-stat 2, PxWeb CSV, Kolada JSON or FHI csv2 statistics table."
    )
    parser.add_argument("file", metavar="FILE", help="a statistics file, or -")
    parser.add_argument("--per", type=int, choices=(1000, 10000), help="figures per this many inhabitants")
    parser.add_argument("--population", metavar="FILE", help="population table for --per")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return parser


def run(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if (args.per is None) != (args.population is None):
            parser.error("--per and --population go together")
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else 2
    try:
        dataset = parse_statistics(read_bytes(args.file))
        if args.per is not None:
            population = parse_statistics(read_bytes(args.population))
            dataset = per_inhabitants(dataset, population, per=args.per)
    except StatisticsFormatError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.json:
            json.dump(dataset_to_dict(dataset), sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            print(_text(dataset))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0
