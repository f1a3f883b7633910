"""`python -m samskap pii [--lang nb|nn|sv|en] [--redact] [--jsonl] [--known-names FILE] [FILE]`:
find personal data in a transcript.

Reads UTF-8 text on standard input (or from FILE; `-` is standard input) and prints one JSON
object:

    {"spans": [{"start": int, "end": int, "label": str, "text": str}]}

with `start`/`end` 0-based Unicode code-point offsets into the text (end exclusive; a leading
byte-order mark is dropped before counting) and `label` one of PERSON, NO_FNR (fødselsnummer
and D-number), SE_PNR (personnummer and samordningsnummer), PHONE, EMAIL and ADDRESS. A
name span is the name only: no title ("dr."), no genitive "s".

`--lang` picks the name cues and the replacement labels; without it the cues of all four
languages are used and the labels follow the guessed language. `--redact` prints the
pseudonymised text instead ("Person A", "[telefon]"). `--known-names FILE` is a UTF-8 file
with the project's names, one per line ("Kari Nordmann", "Kari"); blank lines and lines
starting with `#` are skipped.

`--jsonl` reads JSON lines `{"id": str|int, "lang": "nb"|"nn"|"sv"|"en", "text": str}` and writes
one line `{"id": ..., "spans": [...]}` per document, in order, ids echoed (with `--redact`:
`{"id": ..., "text": str}`, pseudonyms shared across the batch). `lang` may be left out or
null (then `--lang`, or the guess). Blank lines are skipped. Every line is checked before
anything is printed, so a malformed line gives no output at all.

Input that cannot be read, is not UTF-8 or is binary, a malformed JSON line and bad arguments
give one line on stderr and exit status 2. No Django, no database, no network. The method is
described in `samskap.analysis.pii`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from samskap.analysis.pii import LANGUAGES, Finding, PseudonymMap, find_pii, guess_language, pseudonymise
from samskap.cli.inputs import read_utf8

PROG = "python -m samskap pii"

LABELS = {
    "national_id_no": "NO_FNR",
    "d_number_no": "NO_FNR",
    "personnummer_se": "SE_PNR",
    "samordningsnummer_se": "SE_PNR",
    "phone": "PHONE",
    "email": "EMAIL",
    "address": "ADDRESS",
    "person_name": "PERSON",
}


class TextFileError(ValueError):
    """The input cannot be read as text; the message says which file and why."""


def _source(path: str) -> str:
    return "standard input" if path == "-" else path


def read_text(path: str) -> str:
    """The UTF-8 text of `path`; binary files (with NUL bytes) are refused."""
    text = read_utf8(path, TextFileError)
    if "\x00" in text:
        raise TextFileError(f"{_source(path)} is binary, not text")
    return text


def parse_known_names(text: str) -> list[str]:
    """One name per line; blank lines and `#` comments skipped, order kept, repeats dropped."""
    names: list[str] = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and not name.startswith("#") and name not in names:
            names.append(name)
    return names


def span_dict(finding: Finding) -> dict[str, Any]:
    """A finding in the command line's shape: start, end, label and text only."""
    return {"start": finding.start, "end": finding.end, "label": LABELS[finding.kind], "text": finding.text}


@dataclass(frozen=True)
class Document:
    id: str | int
    lang: str | None
    text: str


def parse_jsonl(text: str, source: str) -> list[Document]:
    """The documents of a JSON-lines text, all checked; TextFileError names the first bad line."""
    documents: list[Document] = []
    # Only "\n" ends a line: JSON strings may hold U+2028 and other characters that
    # `str.splitlines` would split on.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TextFileError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise TextFileError(f'{where}: expected an object {{"id", "lang", "text"}}')
        doc_id, lang, body = record.get("id"), record.get("lang"), record.get("text")
        if "id" not in record or not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
            raise TextFileError(f'{where}: "id" must be a string or a whole number')
        if not isinstance(body, str):
            raise TextFileError(f'{where}: "text" must be a string')
        if lang is not None and lang not in LANGUAGES:
            raise TextFileError(f'{where}: "lang" must be one of {", ".join(LANGUAGES)}, not {lang!r}')
        documents.append(Document(doc_id, lang, body))
    return documents


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Find personal data (ids, phones, e-mail, addresses, names) in UTF-8 text on standard input.",
        allow_abbrev=False,
    )
    parser.add_argument("file", metavar="FILE", nargs="?", default="-", help="read this file instead of stdin")
    parser.add_argument("--lang", choices=LANGUAGES, help="the text's language (default: guessed)")
    parser.add_argument("--redact", action="store_true", help="print the pseudonymised text instead of the spans")
    parser.add_argument("--jsonl", action="store_true", help='read JSON lines {"id", "lang", "text"}')
    parser.add_argument("--known-names", metavar="FILE", help="a UTF-8 file with the project's names, one per line")
    return parser


def _write(out: str) -> None:
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _one(text: str, lang: str | None, known: Sequence[str], redact: bool, mapping: PseudonymMap) -> dict[str, Any]:
    findings = find_pii(text, known_names=known, language=lang)
    if redact:
        return {"text": pseudonymise(text, findings, mapping, language=lang or guess_language(text))}
    return {"spans": [span_dict(f) for f in findings]}


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else 2
    try:
        known = parse_known_names(read_text(args.known_names)) if args.known_names else []
        text = read_text(args.file)
        documents = parse_jsonl(text, _source(args.file)) if args.jsonl else None
    except TextFileError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    mapping = PseudonymMap()
    if documents is None:
        result = _one(text, args.lang, known, args.redact, mapping)
        _write(result["text"] if args.redact else _dumps(result) + "\n")
        return 0
    lines = [_dumps({"id": d.id, **_one(d.text, d.lang or args.lang, known, args.redact, mapping)}) for d in documents]
    _write("".join(line + "\n" for line in lines))
    return 0
