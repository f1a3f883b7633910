"""`python -m samskap matching FILE [--team-size N] [--challenges 1,2,3] [--seed N] [--json]`: form teams.

FILE is a UTF-8 CSV file (`-` reads standard input) with one row per person and the columns
`id` (a whole number), `role`, `mode` (`room` or `online`, any case), and optionally
`preferences` (challenge ids, most wanted first, separated by spaces or `|`; may be empty) and
`group` (people with the same non-empty key registered together). Column names are matched
without regard to case. Commas separate fields; a header that uses semicolons or tabs switches
to those (as Norwegian and Swedish spreadsheets export).

`--challenges` lists the camp's challenge ids; by default they are the ids mentioned in the
preferences. `--team-size` is 5 by default. Prints the teams and the quality; with `--json`,
one JSON object on stdout instead:

    {"teams": [{"challenge": int or null, "mode": str, "members": [id]}], "unplaced": [id],
     "quality": {"score": float, "preference": float, "lived_experience": float,
                 "diversity": float, "size_balance": float, "notes": [str],
                 "codes": [{"code": str, "mode": str or null, "count": int,
                            "challenge": int or null, "group": str or null}]},
     "seconds": float}

`seconds` covers reading and computing. Input that cannot be read or matched gives one line on
stderr and exit status 2. No Django, no database. The method is described in
`samskap.analysis.matching`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from typing import Any

from samskap.analysis.matching import MODES, Matching, MatchingInputError, Person, match_teams
from samskap.cli.inputs import csv_table, read_utf8

PROG = "python -m samskap matching"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_SEPARATOR = re.compile(r"[\s|]+")
REQUIRED_COLUMNS = ("id", "role", "mode")
OPTIONAL_COLUMNS = ("preferences", "group")


class PeopleFileError(ValueError):
    """The input cannot be read as people; the message says where and why."""


def _integer(value: str, what: str, line: int) -> int:
    if not _INTEGER.fullmatch(value):
        raise PeopleFileError(f"line {line}: {what} is not an integer: {value[:40]!r}")
    return int(value)


def parse_people(text: str) -> list[Person]:
    """People from CSV text with the columns described in the module docstring."""
    expected = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    _names, rows = csv_table(
        text,
        required=REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        error=PeopleFileError,
        empty_message=f"the CSV input is empty; expected a header row with the columns {expected}",
    )
    people: list[Person] = []
    for line, cells in rows:
        person_id = _integer(cells["id"], "id", line)
        if not cells["role"]:
            raise PeopleFileError(f"line {line}: the role is empty")
        mode = cells["mode"].lower()
        if mode not in MODES:
            raise PeopleFileError(f"line {line}: mode must be 'room' or 'online', not {cells['mode'][:40]!r}")
        preferences = tuple(
            _integer(piece, "a preference", line) for piece in _SEPARATOR.split(cells.get("preferences", "")) if piece
        )
        people.append(Person(person_id, cells["role"], mode, preferences, cells.get("group") or None))
    return people


def _challenge_list(value: str) -> list[int]:
    pieces = [piece.strip() for piece in value.split(",") if piece.strip()]
    if not pieces or not all(_INTEGER.fullmatch(piece) for piece in pieces):
        raise argparse.ArgumentTypeError(f"expected challenge ids separated by commas, such as 1,2,3, not {value!r}")
    return [int(piece) for piece in pieces]


def _text(people: Sequence[Person], result: Matching, seconds: float) -> str:
    role_of = {person.id: person.role for person in people}
    quality = result.quality
    lines = [
        f"{len(people)} people: {len(result.teams)} teams ({seconds:.2f} s)",
        f"quality {quality.score:.2f}: preference {quality.preference:.2f}, "
        f"lived experience {quality.lived_experience:.2f}, diversity {quality.diversity:.2f}, "
        f"size balance {quality.size_balance:.2f}",
    ]
    for number, team in enumerate(result.teams, start=1):
        challenge = "no challenge" if team.challenge is None else f"challenge {team.challenge}"
        lines.append(f"\n{number}. {team.mode}, {challenge} ({len(team.members)} people)")
        lines.extend(f"   #{member} {role_of[member]}" for member in team.members)
    if result.unplaced:
        lines.append("\nNot placed: " + ", ".join(f"#{member}" for member in result.unplaced))
    if quality.notes:
        lines.append("\nNotes:")
        lines.extend(f"   {note}" for note in quality.notes)
    return "\n".join(lines)


def _payload(result: Matching, seconds: float) -> dict[str, Any]:
    quality = result.quality
    return {
        "teams": [
            {"challenge": team.challenge, "mode": team.mode, "members": list(team.members)} for team in result.teams
        ],
        "unplaced": list(result.unplaced),
        "quality": {
            "score": round(quality.score, 4),
            "preference": round(quality.preference, 4),
            "lived_experience": round(quality.lived_experience, 4),
            "diversity": round(quality.diversity, 4),
            "size_balance": round(quality.size_balance, 4),
            "notes": list(quality.notes),
            "codes": [
                {
                    "code": note.code,
                    "mode": note.mode,
                    "count": note.count,
                    "challenge": note.challenge,
                    "group": note.group,
                }
                for note in quality.codes
            ],
        },
        "seconds": round(seconds, 4),
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Form camp teams from a CSV file of people (id, role, mode, preferences, group)."
    )
    parser.add_argument("file", metavar="FILE", help="a CSV file with one row per person, or -")
    parser.add_argument("--team-size", type=int, default=5, metavar="N", help="people per team, 3 to 10 (default 5)")
    parser.add_argument(
        "--challenges",
        type=_challenge_list,
        default=None,
        metavar="IDS",
        help="challenge ids separated by commas (default: every id in the preferences)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for the local search (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return parser


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help
        return exc.code if isinstance(exc.code, int) else 2
    started = time.perf_counter()
    try:
        people = parse_people(read_utf8(args.file, PeopleFileError))
        challenges = args.challenges
        if challenges is None:
            challenges = sorted({challenge for person in people for challenge in person.preferences})
        result = match_teams(people, challenges, args.team_size, seed=args.seed)
    except (PeopleFileError, MatchingInputError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    try:
        if args.json:
            json.dump(_payload(result, seconds), sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            print(_text(people, result, seconds))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0
