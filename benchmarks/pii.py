"""Personal-data detection on a long transcript: how long `find_pii` takes on about 1 MB of
synthetic interview text in nb, nn, sv and en (median of --repeat runs, after one run that
loads the name lists), and what it finds. The text is made from interview sentences with
made-up names, phone numbers, valid and invalid id numbers, addresses and e-mail addresses,
and ordinary sentences around them (four in five sentences hold no personal data).

    python benchmarks/pii.py [--repeat 3] [--megabytes 1]

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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samskap.analysis.pii import PseudonymMap, find_pii, pseudonymise

FIRST = ["Kari", "Ola", "Per", "Åse", "Øystein", "Anders", "Maria", "Siv", "Bo", "Emma", "Jonas", "Liv", "Tor"]
LAST = ["Nordmann", "Hansen", "Berg", "Lindqvist", "Haugland", "Svensson", "Johansen", "Ek"]
PLAIN = [
    "Det var lang ventetid på DPS, og ingen ringte tilbake.",
    "Per dag får jeg bare en time med miljøterapeuten.",
    "Eg synest det er for lite tid med dei tilsette.",
    "Vi saknar en fast kontaktperson på socialtjänsten.",
    "The waiting list for the clinic was far too long.",
    "Bo i egen leilighet er viktig, men husleien er 12 500 kroner.",
    "Pårørende blir ikke hørt når det er møter på NAV.",
    "Det hjälpte att någon följde med till läkaren.",
    "I 2024 var det 14 møter, og bare 3 av dem var nyttige.",
]
PERSONAL = [
    "Jeg heter {first} {last} og bor i Storgata {number}, 0155 Oslo.",
    "Ring meg på 9{d2} {d2} {d3}, eller skriv til {lower}@example.no.",
    "Min kontakt {first} på socialtjänsten, tel 070-{d3} {d2} {d2}.",
    "Kontakten min, {first}, sa at fastlegen {first2} {last} skulle ringe.",
    "Eg heiter {first} og bur i Kyrkjevegen {number}B. Mora mi, {first2}, kjem på besøk.",
    "My daughter {first} met dr. {last} on Monday; call +47 22 {d2} {d2} {d2}.",
    "Fødselsnummeret er {fnr}, og saksnummeret 0101{d2}{d2}{d3}.",
    "Jag snakket med {first} i går, och hon {first2} ringde från Storgatan {number}.",
]


def _fnr(rng: random.Random) -> str:
    while True:
        nine = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{rng.randint(0, 999):03d}"
        digits = [int(c) for c in nine]
        first = 11 - sum(d * w for d, w in zip(digits, (3, 7, 6, 1, 8, 9, 4, 5, 2), strict=True)) % 11
        first = 0 if first == 11 else first
        second = 11 - sum(d * w for d, w in zip([*digits, first], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        second = 0 if second == 11 else second
        if first < 10 and second < 10:
            return f"{nine}{first}{second}"


def transcript(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            if rng.random() < 0.2:
                first, first2 = rng.sample(FIRST, 2)
                sentences.append(
                    rng.choice(PERSONAL).format(
                        first=first,
                        first2=first2,
                        last=rng.choice(LAST),
                        lower=first.lower(),
                        number=rng.randint(1, 120),
                        d2=f"{rng.randint(0, 99):02d}",
                        d3=f"{rng.randint(0, 999):03d}",
                        fnr=_fnr(rng),
                    )
                )
            else:
                sentences.append(rng.choice(PLAIN))
        line = f"{rng.choice(['Intervjuer', 'Informant', 'I', 'R'])}: {' '.join(sentences)}\n"
        lines.append(line)
        size += len(line.encode())
    return "".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    text = transcript(args.megabytes)
    find_pii(text[:10_000])  # loads the name lists outside the timing
    seconds = []
    findings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        findings = find_pii(text, known_names=["Kari Nordmann", "Ola Hansen"])
        seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    pseudonymise(text, findings, PseudonymMap(), language="nb")
    pseudonymise_seconds = time.perf_counter() - started
    by_kind = Counter(f.kind for f in findings)
    size = len(text.encode())
    print(
        f"{size / 1e6:.2f} MB, {len(text.splitlines())} lines: find_pii median {statistics.median(seconds):.2f} s, "
        f"best {min(seconds):.2f} s; pseudonymise {pseudonymise_seconds:.2f} s"
    )
    print("findings: " + ", ".join(f"{kind} {count}" for kind, count in sorted(by_kind.items())))
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "repeat": args.repeat,
        "bytes": size,
        "median_seconds": round(statistics.median(seconds), 3),
        "best_seconds": round(min(seconds), 3),
        "pseudonymise_seconds": round(pseudonymise_seconds, 3),
        "findings": dict(sorted(by_kind.items())),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
