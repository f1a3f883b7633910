"""`python -m samskap seating FILE [--tables N] [--online-tables M] [--rounds R] [--seed N] [--json]`.

Seat people at dialogue tables for R rounds, each round rotating people away from the tables
and the people they sat with before.

FILE is a UTF-8 CSV file (`-` reads standard input) with one row per person and the columns
`id` (a whole number), `role`, and optionally `mode` (`room` or `online`, any case; empty means
room), so a camp's people file for `python -m samskap matching` works as it is. Column names
are matched without regard to case. Commas separate fields; a header that uses semicolons or
tabs switches to those.

Tables in the room get the ids 1 to N, online tables N+1 to N+M. By default there is a table
for every six people of each kind (rounded up). Prints each round's tables and quality; with
`--json`, one JSON object on stdout instead:

    {"rounds": [{"round": int,
                 "tables": [{"id": int, "online": bool, "members": [id],
                             "roles": {role: int}}],
                 "quality": {"role_spread": float, "lived_experience_tables": int,
                             "lived_experience_possible": int, "repeated_tables": int,
                             "repeated_pairs": int}}],
     "seconds": float}

`seconds` covers reading and computing. Input that cannot be read or seated gives one line on
stderr and exit status 2. No Django, no database. The method is described in
`samskap.analysis.seating`.
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

from samskap.analysis.seating import Person, Seating, SeatingInputError, Table, seat_round
from samskap.cli.inputs import csv_table, read_utf8

PROG = "python -m samskap seating"
PEOPLE_PER_TABLE = 6
_INTEGER = re.compile(r"[+-]?[0-9]+")
REQUIRED_COLUMNS = ("id", "role")
OPTIONAL_COLUMNS = ("mode",)


class PeopleFileError(ValueError):
    """The input cannot be read as people; the message says where and why."""


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
        if not _INTEGER.fullmatch(cells["id"]):
            raise PeopleFileError(f"line {line}: id is not an integer: {cells['id'][:40]!r}")
        if not cells["role"]:
            raise PeopleFileError(f"line {line}: the role is empty")
        mode = cells.get("mode", "").lower() or "room"
        if mode not in ("room", "online"):
            raise PeopleFileError(f"line {line}: mode must be 'room' or 'online', not {cells['mode'][:40]!r}")
        people.append(Person(int(cells["id"]), cells["role"], mode == "online"))
    return people


def make_tables(people: Sequence[Person], room: int | None, online: int | None) -> list[Table]:
    """Room tables 1..room, then online tables; None means one per six people of that kind."""
    if room is None:
        room = -(-sum(1 for p in people if not p.online) // PEOPLE_PER_TABLE)
    if online is None:
        online = -(-sum(1 for p in people if p.online) // PEOPLE_PER_TABLE)
    return [Table(k, False) for k in range(1, room + 1)] + [Table(room + k, True) for k in range(1, online + 1)]


def seat_rounds(people: Sequence[Person], tables: Sequence[Table], rounds: int, seed: int) -> list[Seating]:
    """`rounds` seatings, each rotating away from the ones before."""
    seatings: list[Seating] = []
    for _ in range(rounds):
        seatings.append(seat_round(people, tables, [s.seats for s in seatings], seed=seed))
    return seatings


def _members(seating: Seating) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {table.id: [] for table in seating.tables}
    for person, table in seating.seats.items():
        members[table].append(person)
    return members


def _text(people: Sequence[Person], seatings: Sequence[Seating], seconds: float) -> str:
    role_of = {person.id: person.role for person in people}
    tables = len(seatings[0].tables) if seatings else 0
    lines = [f"{len(people)} people, {tables} tables, {len(seatings)} rounds ({seconds:.2f} s)"]
    for number, seating in enumerate(seatings, start=1):
        quality = seating.quality
        lines.append(
            f"\nRound {number}: role spread {quality.role_spread:.2f}, lived experience at "
            f"{quality.lived_experience_tables} of {quality.lived_experience_possible} possible tables, "
            f"{quality.repeated_tables} back at a table, {quality.repeated_pairs} pairs met before"
        )
        members = _members(seating)
        for table in seating.tables:
            kind = "online" if table.online else "room"
            people_here = ", ".join(f"#{p} {role_of[p]}" for p in members[table.id])
            lines.append(f"   table {table.id} ({kind}, {table.size}): {people_here}")
    return "\n".join(lines)


def _payload(seatings: Sequence[Seating], seconds: float) -> dict[str, Any]:
    rounds = []
    for number, seating in enumerate(seatings, start=1):
        members = _members(seating)
        quality = seating.quality
        rounds.append(
            {
                "round": number,
                "tables": [
                    {"id": t.id, "online": t.online, "members": members[t.id], "roles": dict(t.roles)}
                    for t in seating.tables
                ],
                "quality": {
                    "role_spread": round(quality.role_spread, 4),
                    "lived_experience_tables": quality.lived_experience_tables,
                    "lived_experience_possible": quality.lived_experience_possible,
                    "repeated_tables": quality.repeated_tables,
                    "repeated_pairs": quality.repeated_pairs,
                },
            }
        )
    return {"rounds": rounds, "seconds": round(seconds, 4)}


def _count(value: str) -> int:
    if not _INTEGER.fullmatch(value.strip()) or int(value) < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not {value!r}")
    return int(value)


def _rounds(value: str) -> int:
    if not _INTEGER.fullmatch(value.strip()) or not 1 <= int(value) <= 20:
        raise argparse.ArgumentTypeError(f"expected a number of rounds from 1 to 20, not {value!r}")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Seat people at dialogue tables for one or more rounds from a CSV (id, role, mode)."
    )
    parser.add_argument("file", metavar="FILE", help="a CSV file with one row per person, or -")
    parser.add_argument("--tables", type=_count, default=None, metavar="N", help="tables in the room")
    parser.add_argument("--online-tables", type=_count, default=None, metavar="M", help="online tables")
    parser.add_argument("--rounds", type=_rounds, default=1, metavar="R", help="rounds, 1 to 20 (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the search (default 0)")
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
        tables = make_tables(people, args.tables, args.online_tables)
        seatings = seat_rounds(people, tables, args.rounds, args.seed)
    except (PeopleFileError, SeatingInputError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    try:
        if args.json:
            json.dump(_payload(seatings, seconds), sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            print(_text(people, seatings, seconds))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early; that is not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0
