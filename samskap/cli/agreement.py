"""`python -m samskap agreement FILE.json`.

Agreement between coders who coded the same texts: Cohen's kappa for every pair of coders,
Krippendorff's alpha for all of them, per code and overall, and the spans where they differ.

FILE is a UTF-8 JSON file (`-` reads standard input):

    {"sources": [{"id": str, "length": int, "coders": [str], "text": str}],
     "segments": [{"coder": str, "code": str, "source": str, "start": int, "end": int}],
     "codes": [str]}

Offsets are 0-based code points, end exclusive. Per source, give `length` or `text` (or both,
then they must agree); `coders` lists who coded that source (omitted or empty: every coder in
the segments) and `text` adds each disagreement's text to the output. `codes` is optional and
adds codes nobody used. Prints one JSON object on stdout:

    {"coders": [str],
     "kappa": [{"first": str, "second": str, "sources": [str], "mean_kappa": float | null,
                "overall": TABLE, "per_code": {code: TABLE}}],
     "alpha": {"overall": float | null, "per_code": {code: {"alpha": float | null, "units": int}}},
     "disagreements": [{"source": str, "code": str, "start": int, "end": int,
                        "applied_by": [str], "not_applied_by": [str], "text": str}]}

where TABLE is {"kappa": float | null, "observed": float | null, "expected": float | null,
"units": int, "both": int, "first_only": int, "second_only": int, "neither": int}; units are
characters. Figures are rounded to 4 decimals. Input that cannot be read gives one line on
stderr and exit status 2. No Django, no database. The method is described in
`samskap.analysis.agreement`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from samskap.analysis.agreement import (
    AgreementInputError,
    KappaTable,
    Segment,
    Source,
    coder_pairs,
    cohen_kappa,
    disagreements,
    krippendorff_alpha,
)
from samskap.cli.inputs import read_utf8

PROG = "python -m samskap agreement"


class AgreementFileError(ValueError):
    """The input cannot be read as coded segments; the message says where and why."""


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AgreementFileError(f"{where} must be a whole number")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise AgreementFileError(f"{where} must be a non-empty string")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise AgreementFileError(f"{where} must be a list")
    return value


def parse_input(text: str) -> tuple[list[Source], list[Segment], list[str] | None, dict[str, str]]:
    """Sources, segments, extra codes (or None) and source texts from the JSON described above."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AgreementFileError(f"not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise AgreementFileError("the JSON input must be an object with 'sources' and 'segments'")
    sources: list[Source] = []
    texts: dict[str, str] = {}
    for k, item in enumerate(_list(data.get("sources"), "sources")):
        where = f"sources[{k}]"
        if not isinstance(item, dict):
            raise AgreementFileError(f"{where} must be an object")
        sid = _str(item.get("id"), f"{where}.id")
        source_text = item.get("text")
        length = item.get("length")
        if source_text is not None:
            if not isinstance(source_text, str):
                raise AgreementFileError(f"{where}.text must be a string")
            texts[sid] = source_text
            if length is None:
                length = len(source_text)
            elif _int(length, f"{where}.length") != len(source_text):
                raise AgreementFileError(f"{where}.length is {length} but the text has {len(source_text)} code points")
        coders = tuple(_str(c, f"{where}.coders[]") for c in _list(item.get("coders", []), f"{where}.coders"))
        sources.append(Source(sid, _int(length, f"{where}.length"), coders))
    segments: list[Segment] = []
    for k, item in enumerate(_list(data.get("segments"), "segments")):
        where = f"segments[{k}]"
        if not isinstance(item, dict):
            raise AgreementFileError(f"{where} must be an object")
        segments.append(
            Segment(
                coder=_str(item.get("coder"), f"{where}.coder"),
                code=_str(item.get("code"), f"{where}.code"),
                source=_str(item.get("source"), f"{where}.source"),
                start=_int(item.get("start"), f"{where}.start"),
                end=_int(item.get("end"), f"{where}.end"),
            )
        )
    codes = None
    if data.get("codes") is not None:
        codes = [_str(c, "codes[]") for c in _list(data["codes"], "codes")]
    return sources, segments, codes, texts


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _table(table: KappaTable) -> dict[str, Any]:
    return {
        "kappa": _round(table.kappa),
        "observed": _round(table.observed),
        "expected": _round(table.expected),
        "units": table.units,
        "both": table.both,
        "first_only": table.first_only,
        "second_only": table.second_only,
        "neither": table.neither,
    }


def agreement_payload(
    sources: list[Source], segments: list[Segment], codes: list[str] | None, texts: dict[str, str]
) -> dict[str, Any]:
    """The JSON object described in the module docstring."""
    alpha = krippendorff_alpha(segments, sources, codes=codes)
    kappas = []
    for first, second in coder_pairs(alpha.coders):
        report = cohen_kappa(segments, sources, first, second, codes=codes)
        kappas.append(
            {
                "first": first,
                "second": second,
                "sources": list(report.sources),
                "mean_kappa": _round(report.mean_kappa),
                "overall": _table(report.overall),
                "per_code": {code: _table(t) for code, t in report.per_code.items()},
            }
        )
    spans = []
    for d in disagreements(segments, sources, codes=codes):
        span: dict[str, Any] = {
            "source": d.source,
            "code": d.code,
            "start": d.start,
            "end": d.end,
            "applied_by": list(d.applied_by),
            "not_applied_by": list(d.not_applied_by),
        }
        if d.source in texts:
            span["text"] = texts[d.source][d.start : d.end]
        spans.append(span)
    return {
        "coders": list(alpha.coders),
        "kappa": kappas,
        "alpha": {
            "overall": _round(alpha.overall),
            "per_code": {
                code: {"alpha": _round(value), "units": alpha.pairable_units[code]}
                for code, value in alpha.per_code.items()
            },
        },
        "disagreements": spans,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Cohen's kappa, Krippendorff's alpha and disagreements of coders, from JSON."
    )
    parser.add_argument("file", metavar="FILE", help="a JSON file of sources and coded segments, or -")
    return parser


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else 2
    try:
        sources, segments, codes, texts = parse_input(read_utf8(args.file, AgreementFileError))
        payload = agreement_payload(sources, segments, codes, texts)
    except (AgreementFileError, AgreementInputError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    try:
        json.dump(payload, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0
