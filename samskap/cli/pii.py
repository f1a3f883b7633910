"""`python -m samskap pii FILE [--known-names FILE] [--language nb|nn|sv|en] [--json] [--pseudonymise]`:
find personal data in a transcript.

FILE is UTF-8 text (`-` reads standard input). `--known-names` is a UTF-8 file with one name
per line ("Kari Nordmann", "Kari"); blank lines and lines starting with `#` are skipped.
`--language` picks the name cues and the labels; by default the cues of all four languages
are used and the labels follow the text's language.

By default prints one line per finding: `start-end kind confidence reason text`. With
`--pseudonymise`, prints the text with every finding replaced ("Person A", "[telefon]").
With `--json`, one JSON object on stdout instead:

    {"language": str, "findings": [{"kind": str, "start": int, "end": int, "text": str,
                                    "confidence": float, "reason": str}],
     "seconds": float}

and with both flags the object also has `"text"` (the pseudonymised text) and `"mapping"`
(the pseudonym key, `PseudonymMap.to_dict()`, which is personal data: store it apart).
Offsets are Unicode code points. A file that cannot be read, is not UTF-8 or is binary gives
one line on stderr and exit status 2. No Django, no database, no network. The method is
described in `samskap.analysis.pii`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from samskap.analysis.pii import LANGUAGES, Finding, PseudonymMap, find_pii, guess_language, pseudonymise
from samskap.cli.inputs import read_utf8

PROG = "python -m samskap pii"


class TextFileError(ValueError):
    """The input cannot be read as text; the message says which file and why."""


def read_text(path: str) -> str:
    """The UTF-8 text of `path`; binary files (with NUL bytes) are refused."""
    text = read_utf8(path, TextFileError)
    if "\x00" in text:
        raise TextFileError(f"{'standard input' if path == '-' else path} is binary, not text")
    return text


def parse_known_names(text: str) -> list[str]:
    """One name per line; blank lines and `#` comments skipped, order kept, repeats dropped."""
    names: list[str] = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and not name.startswith("#") and name not in names:
            names.append(name)
    return names


def _lines(findings: Sequence[Finding]) -> str:
    if not findings:
        return "no personal data found"
    return "\n".join(
        f"{f.start}-{f.end} {f.kind} {f.confidence:.2f} {f.reason} {json.dumps(f.text, ensure_ascii=False)}"
        for f in findings
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Find personal data (ids, phones, e-mail, addresses, names) in a UTF-8 text."
    )
    parser.add_argument("file", metavar="FILE", help="a UTF-8 text file, or -")
    parser.add_argument("--known-names", metavar="FILE", help="a UTF-8 file with the project's names, one per line")
    parser.add_argument("--language", choices=LANGUAGES, help="the text's language (default: guessed)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--pseudonymise", action="store_true", help="print the text with the findings replaced")
    return parser


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else 2
    started = time.perf_counter()
    try:
        known = parse_known_names(read_text(args.known_names)) if args.known_names else []
        text = read_text(args.file)
    except TextFileError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    findings = find_pii(text, known_names=known, language=args.language)
    language = args.language or guess_language(text)
    mapping = PseudonymMap()
    replaced = pseudonymise(text, findings, mapping, language=language) if args.pseudonymise else None
    seconds = time.perf_counter() - started
    try:
        if args.json:
            payload: dict[str, Any] = {"language": language, "findings": [f.to_dict() for f in findings]}
            if replaced is not None:
                payload["text"] = replaced
                payload["mapping"] = mapping.to_dict()
            payload["seconds"] = round(seconds, 4)
            json.dump(payload, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        elif replaced is not None:
            sys.stdout.write(replaced)
        else:
            print(_lines(findings))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0
