"""Seating at dialogue tables for a large workshop: how long four rounds of `seat_round` take
for 1,000 people at 100 tables (median of --repeat runs), and the quality each round reaches.

The people are made up, seeded: roles in the proportions of a municipal dialogue workshop
(service users, relatives, staff, leaders, partners, others), 20 % online; 80 tables in the
room and 20 online.

    python benchmarks/seating.py [--people 1000] [--tables 100] [--rounds 4] [--repeat 5]

Prints readable lines, then one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samskap.analysis.seating import Person, Seating, Table, seat_round

ROLES = [("service_user", 2), ("relative", 2), ("staff", 4), ("leader", 1), ("partner", 1), ("other", 1)]


def people(count: int, seed: int = 11) -> list[Person]:
    rng = random.Random(seed)
    roles = [role for role, weight in ROLES for _ in range(weight)]
    return [Person(number + 1, rng.choice(roles), rng.random() < 0.2) for number in range(count)]


def tables(count: int) -> list[Table]:
    online = count // 5
    return [Table(number + 1, number >= count - online) for number in range(count)]


def rounds(crowd: list[Person], room: list[Table], count: int) -> list[Seating]:
    seatings: list[Seating] = []
    history: list[Mapping[int, int]] = []
    for _ in range(count):
        seating = seat_round(crowd, room, history)
        seatings.append(seating)
        history.append(seating.seats)
    return seatings


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    crowd, room = people(args.people), tables(args.tables)
    seconds = []
    seatings: list[Seating] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        seatings = rounds(crowd, room, args.rounds)
        seconds.append(time.perf_counter() - started)
    figures: dict[str, object] = {
        "benchmark": "seating",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "people": args.people,
        "tables": args.tables,
        "rounds": args.rounds,
        "repeat": args.repeat,
        "median_seconds": round(statistics.median(seconds), 3),
        "best_seconds": round(min(seconds), 3),
    }
    print(f"{args.people} people, {args.tables} tables, {args.rounds} rounds: median {figures['median_seconds']} s")
    for number, seating in enumerate(seatings, start=1):
        quality = seating.quality
        print(
            f"  round {number}: role spread {quality.role_spread:.3f}, lived experience at "
            f"{quality.lived_experience_tables} of {quality.lived_experience_possible} tables, "
            f"{quality.repeated_tables} back at a table, {quality.repeated_pairs} repeated pairs"
        )
        figures[f"round_{number}"] = {
            "role_spread": round(quality.role_spread, 4),
            "lived_experience_tables": quality.lived_experience_tables,
            "repeated_tables": quality.repeated_tables,
            "repeated_pairs": quality.repeated_pairs,
        }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
