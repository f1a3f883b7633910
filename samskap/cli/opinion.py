"""`python -m samskap opinion DIR [--json]`: the opinion map of a Pol.is open-data export folder.

DIR holds `participants-votes.csv` and `comments.csv` (and `votes.csv` when present, for vote
times and re-votes). Prints the groups, what sets each apart and what everyone agrees on; with
`--json`, one JSON object on stdout:

    {"k": int, "groups": {participant: group or null}, "repness": {group: [...]},
     "consensus": {"agree": [...], "disagree": [...]}, "group_informed_consensus": {statement: p},
     "seconds": float, "compute_seconds": float, "compared_with_polis": {...} or null}

`seconds` covers reading and computing. A folder that cannot be read gives one line on stderr
and exit status 2. No Django, no database.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from samskap.analysis.opinion import (
    OpinionInputError,
    OpinionResult,
    PolisExport,
    PolisFormatError,
    compute_export,
    read_polis_export,
)

PROG = "python -m samskap opinion"


def _compared_with_polis(export: PolisExport, result: OpinionResult) -> dict[str, Any] | None:
    from sklearn.metrics import adjusted_rand_score

    theirs = {pid: g for pid, g in export.polis_groups.items() if g is not None}
    if not theirs:
        return None
    ours = result.groups
    both = [pid for pid, g in ours.items() if g is not None and pid in theirs]
    ari = float(adjusted_rand_score([theirs[p] for p in both], [ours[p] for p in both])) if both else 0.0
    return {"k": len(set(theirs.values())), "ari": ari, "participants_in_both": len(both)}


def _text(export: PolisExport, result: OpinionResult, seconds: float, compared: dict[str, Any] | None) -> str:
    texts = {s.id: " ".join(s.text.split()) for s in export.statements}

    def short(statement: int) -> str:
        text = texts.get(statement, "")
        return text if len(text) <= 90 else text[:89] + "…"

    lines = [
        f"{len(result.participants)} participants, {len(result.statements)} statements, "
        f"{int(result.clustered.sum())} clustered into {result.k} groups ({seconds:.2f} s)"
    ]
    for g, size in enumerate(result.group_sizes):
        lines.append(f"\nGroup {chr(ord('A') + g)} ({size} participants):")
        for rep in result.repness.get(g, []):
            share = rep.n_agree if rep.repful == "agree" else rep.n_disagree
            lines.append(f"  {rep.repful:<8} {share}/{rep.n_seen}  #{rep.statement} {short(rep.statement)}")
    for side, items in (("agree", result.consensus_agree), ("disagree", result.consensus_disagree)):
        if items:
            lines.append(f"\nMost {'agree' if side == 'agree' else 'disagree'}:")
            lines.extend(f"  {c.n_success}/{c.n_seen}  #{c.statement} {short(c.statement)}" for c in items)
    if compared:
        lines.append(
            f"\nAgainst Pol.is' own groups: {compared['k']} groups, adjusted Rand index {compared['ari']:.3f} "
            f"over {compared['participants_in_both']} participants"
        )
    return "\n".join(lines)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Opinion groups of a Pol.is open-data export folder.")
    parser.add_argument("directory", type=Path, help="folder with participants-votes.csv and comments.csv")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--seed", type=int, default=0, help="seed for the starting vectors (default 0)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        export = read_polis_export(args.directory)
        computing = time.perf_counter()
        result = compute_export(export, seed=args.seed)
    except (PolisFormatError, OpinionInputError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    finished = time.perf_counter()
    compared = _compared_with_polis(export, result)
    if args.json:
        payload = result.to_json()
        payload["seconds"] = round(finished - started, 4)
        payload["compute_seconds"] = round(finished - computing, 4)
        payload["compared_with_polis"] = compared
        json.dump(payload, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(_text(export, result, finished - started, compared))
    return 0
