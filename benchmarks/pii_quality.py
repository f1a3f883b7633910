"""Quality of personal-data detection on the labelled corpus in `tests/data/pii-corpus/`:
precision, recall and F1 on exact spans (start, end and label all right) per label and per
language, the share of planted hard negatives that are flagged, and how long `find_pii` takes
on a 10,000-word transcript.

    python benchmarks/pii_quality.py [--corpus tests/data/pii-corpus/corpus.jsonl] [--heldout-seed 7] [--repeat 5]

The committed corpus is scored first, then a held-out corpus made in memory by
`benchmarks/pii_corpus.py` with another seed (other names, numbers and sentence mixes; the same
generator). A hard negative counts as flagged when a finding that is not a gold span overlaps
it. Prints readable lines, then one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pii_corpus

from samskap.analysis.pii import find_pii
from samskap.cli.pii import LABELS

LABEL_ORDER = ("NO_FNR", "SE_PNR", "PHONE", "EMAIL", "ADDRESS", "PERSON")
LANG_ORDER = ("nb", "nn", "sv", "en")


def predict(record: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, LABELS[f.kind]) for f in find_pii(record["text"], language=record["lang"])]


def score(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # (label, lang) -> tp, fp, fn
    negatives: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # kind -> flagged, total
    errors: list[dict[str, Any]] = []
    for record in records:
        gold = {(s["start"], s["end"], s["label"]) for s in record["spans"]}
        found = set(predict(record))
        lang = record["lang"]
        for span in found | gold:
            cell = counts[(span[2], lang)]
            if span in found and span in gold:
                cell[0] += 1
            elif span in found:
                cell[1] += 1
                errors.append(
                    {"id": record["id"], "type": "fp", "label": span[2], "text": record["text"][span[0] : span[1]]}
                )
            else:
                cell[2] += 1
                errors.append(
                    {"id": record["id"], "type": "fn", "label": span[2], "text": record["text"][span[0] : span[1]]}
                )
        wrong = [s for s in found if s not in gold]
        for negative in record.get("negatives", ()):
            hit = any(s[0] < negative["end"] and negative["start"] < s[1] for s in wrong)
            negatives[negative["kind"]][0] += hit
            negatives[negative["kind"]][1] += 1
            if hit:
                errors.append(
                    {
                        "id": record["id"],
                        "type": "negative",
                        "label": negative["kind"],
                        "text": record["text"][negative["start"] : negative["end"]],
                    }
                )
    return {"counts": counts, "negatives": negatives, "errors": errors}


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "gold": tp + fn,
        "tp": tp,
        "fp": fp,
    }


def summarise(result: Mapping[str, Any]) -> dict[str, Any]:
    counts = result["counts"]

    def total(keys: Iterable[tuple[str, str]]) -> dict[str, float | int]:
        tp = fp = fn = 0
        for key in keys:
            a, b, c = counts.get(key, (0, 0, 0))
            tp, fp, fn = tp + a, fp + b, fn + c
        return prf(tp, fp, fn)

    by_label = {label: total((label, lang) for lang in LANG_ORDER) for label in LABEL_ORDER}
    by_cell = {label: {lang: total([(label, lang)]) for lang in LANG_ORDER} for label in LABEL_ORDER}
    by_lang = {lang: total((label, lang) for label in LABEL_ORDER) for lang in LANG_ORDER}
    negatives = result["negatives"]
    flagged = sum(v[0] for v in negatives.values())
    planted = sum(v[1] for v in negatives.values())
    return {
        "by_label": by_label,
        "by_label_and_language": by_cell,
        "by_language": by_lang,
        "overall": total(counts),
        "hard_negatives": {
            "planted": planted,
            "flagged": flagged,
            "rate": round(flagged / planted, 4) if planted else 0.0,
            "by_kind": {k: {"flagged": v[0], "planted": v[1]} for k, v in sorted(negatives.items())},
        },
    }


def transcript(records: Sequence[Mapping[str, Any]], words: int = 10_000) -> str:
    pieces: list[str] = []
    count = 0
    while count < words:
        for record in records:
            pieces.append(record["text"])
            count += len(record["text"].split())
            if count >= words:
                break
    return "\n\n".join(pieces)


def timing(records: Sequence[Mapping[str, Any]], repeat: int) -> dict[str, Any]:
    text = transcript([r for r in records if r["lang"] == "nb"])
    started = time.perf_counter()
    find_pii(text, language="nb")  # the first run also loads the name lists
    first = time.perf_counter() - started
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        find_pii(text, language="nb")
        runs.append(time.perf_counter() - started)
    return {
        "words": len(text.split()),
        "characters": len(text),
        "first_run_seconds": round(first, 3),
        "median_seconds": round(statistics.median(runs), 3),
        "best_seconds": round(min(runs), 3),
    }


def print_table(name: str, summary: Mapping[str, Any]) -> None:
    print(f"\n{name}")
    print(f"{'label':8} {'lang':4} {'gold':>5} {'P':>7} {'R':>7} {'F1':>7}")
    for label in LABEL_ORDER:
        for lang in LANG_ORDER:
            c = summary["by_label_and_language"][label][lang]
            print(f"{label:8} {lang:4} {c['gold']:5d} {c['precision']:7.3f} {c['recall']:7.3f} {c['f1']:7.3f}")
        c = summary["by_label"][label]
        print(f"{label:8} {'all':4} {c['gold']:5d} {c['precision']:7.3f} {c['recall']:7.3f} {c['f1']:7.3f}")
    for lang in LANG_ORDER:
        c = summary["by_language"][lang]
        print(f"{'all':8} {lang:4} {c['gold']:5d} {c['precision']:7.3f} {c['recall']:7.3f} {c['f1']:7.3f}")
    negatives = summary["hard_negatives"]
    print(f"hard negatives flagged: {negatives['flagged']} of {negatives['planted']} ({100 * negatives['rate']:.2f} %)")
    print("  " + ", ".join(f"{k} {v['flagged']}/{v['planted']}" for k, v in negatives["by_kind"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=pii_corpus.DEFAULT_OUT)
    parser.add_argument("--heldout-seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each corpus")
    args = parser.parse_args(argv)
    corpus = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    heldout = pii_corpus.generate(args.heldout_seed)
    output: dict[str, Any] = {
        "benchmark": "pii_quality",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    for name, records in (("corpus", corpus), (f"heldout_seed_{args.heldout_seed}", heldout)):
        result = score(records)
        summary = summarise(result)
        print_table(f"{name}: {len(records)} notes", summary)
        for error in result["errors"][: args.errors]:
            print("  ", json.dumps(error, ensure_ascii=False))
        output[name] = {"notes": len(records), **summary}
    output["transcript"] = timing(corpus, args.repeat)
    t = output["transcript"]
    print(
        f"\n{t['words']}-word transcript: median {t['median_seconds']:.3f} s, best {t['best_seconds']:.3f} s, "
        f"first run {t['first_run_seconds']:.3f} s"
    )
    print(json.dumps(output, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
