"""Team matching for a large camp: how long `match_teams` takes for 60, 150 and 300 people
in teams of five (median of --repeat runs), and the quality it reaches.

The people are made up, seeded: roles in the proportions of the demo camp, 30 % online,
four challenges with skewed first choices, and a few groups who registered together.

    python benchmarks/matching.py [--repeat 5]

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samskap.analysis.matching import Person, match_teams

SIZES = (60, 150, 300)
ROLES = [
    ("service_user", 9),
    ("relative", 6),
    ("staff", 12),
    ("specialist_service", 5),
    ("researcher", 5),
    ("entrepreneur", 7),
    ("other", 2),
]
CHALLENGES = [1, 2, 3, 4]


def people(count: int, seed: int = 11) -> list[Person]:
    rng = random.Random(seed)
    roles = [role for role, weight in ROLES for _ in range(weight)]
    result = []
    for number in range(count):
        grouped = number % 25 in (0, 1, 2)  # about one group of three per 25 people
        mode = "room" if grouped or rng.random() >= 0.3 else "online"
        wanted = rng.sample(CHALLENGES, k=rng.randint(0, 3))
        wanted.sort(key=lambda c: (c != 1, rng.random()))  # most want challenge 1 first
        result.append(
            Person(
                id=number + 1,
                role=rng.choice(roles),
                mode=mode,
                preferences=tuple(wanted),
                group=f"group-{number // 25}" if grouped else None,
            )
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "repeat": args.repeat,
        "team_size": 5,
    }
    for size in SIZES:
        camp = people(size)
        seconds = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = match_teams(camp, CHALLENGES, 5)
            seconds.append(time.perf_counter() - started)
        quality = result.quality
        print(
            f"{size:>4} people: median {statistics.median(seconds):.3f} s, {len(result.teams)} teams, "
            f"score {quality.score:.3f} (preference {quality.preference:.3f}, lived experience "
            f"{quality.lived_experience:.3f}, diversity {quality.diversity:.3f})"
        )
        figures[f"median_seconds_{size}"] = round(statistics.median(seconds), 3)
        figures[f"score_{size}"] = round(quality.score, 3)
        figures[f"teams_{size}"] = len(result.teams)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
