"""Theme suggestions for a big workshop: how long `suggest_themes` takes for 500, 2,000
and 5,000 short contributions (median of --repeat warm runs, after one run that imports
scipy and scikit-learn). The texts are made from the Drammen demo's contributions with
words shuffled and dropped, plus made-up words, so the vocabulary grows with the count.

    python benchmarks/themes.py [--repeat 5]

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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings")

import django

django.setup()  # only to read the demo's texts; the engine itself needs no Django

from samskap.analysis.themes import suggest_themes  # noqa: E402
from samskap.cli.demo import DRAMMEN_SNIPPETS  # noqa: E402

SIZES = (500, 2000, 5000)


def contributions(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    sources = [text for texts in DRAMMEN_SNIPPETS.values() for text in texts]
    letters = "abcdefghijklmnoprstuvyæøå"
    texts = []
    for _ in range(count):
        words = rng.choice(sources).rstrip(".").split()
        kept = [w for w in words if rng.random() > 0.25] or words[:1]
        kept += ["".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) for _ in range(rng.randint(0, 3))]
        rng.shuffle(kept)
        texts.append(" ".join(kept))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    suggest_themes(contributions(50))  # imports outside the timing
    figures: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "repeat": args.repeat,
    }
    for size in SIZES:
        texts = contributions(size)
        seconds = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = suggest_themes(texts)
            seconds.append(time.perf_counter() - started)
        assigned = sum(len(theme.members) for theme in result.themes)
        print(
            f"{size:>5} texts: median {statistics.median(seconds):.2f} s, best {min(seconds):.2f} s, "
            f"{len(result.themes)} themes, {assigned} placed"
        )
        figures[f"median_seconds_{size}"] = round(statistics.median(seconds), 3)
        figures[f"best_seconds_{size}"] = round(min(seconds), 3)
        figures[f"themes_{size}"] = len(result.themes)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
