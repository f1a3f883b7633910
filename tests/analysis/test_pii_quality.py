"""The quality figures for personal-data detection, on the labelled corpus in
`tests/data/pii-corpus/corpus.jsonl` (600 notes in nb, nn, sv and en; how it is made is in the
README next to it): exact spans, per label, with the thresholds the platform promises, the share
of planted hard negatives that are flagged, and the time for a 10,000-word transcript.

`python benchmarks/pii_quality.py` prints the same figures per label and language, and on a
held-out corpus made with another seed.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from samskap.analysis.pii import find_pii
from samskap.cli.pii import LABELS

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pii-corpus" / "corpus.jsonl"
STRICT_LABELS = ("NO_FNR", "SE_PNR", "PHONE", "EMAIL")


@lru_cache(maxsize=1)
def corpus() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip())


@lru_cache(maxsize=1)
def scored() -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    for record in corpus():
        gold = {(s["start"], s["end"], s["label"]) for s in record["spans"]}
        found = {(f.start, f.end, LABELS[f.kind]) for f in find_pii(record["text"], language=record["lang"])}
        for span in found & gold:
            tp[span[2]] += 1
        for span in found - gold:
            fp[span[2]] += 1
        for span in gold - found:
            fn[span[2]] += 1
        wrong = found - gold
        for negative in record["negatives"]:
            planted[negative["kind"]] += 1
            if any(s[0] < negative["end"] and negative["start"] < s[1] for s in wrong):
                flagged[negative["kind"]] += 1
    return {"tp": tp, "fp": fp, "fn": fn, "flagged": flagged, "planted": planted}


def precision(label: str) -> float:
    s = scored()
    return float(s["tp"][label] / (s["tp"][label] + s["fp"][label]))


def recall(label: str) -> float:
    s = scored()
    return float(s["tp"][label] / (s["tp"][label] + s["fn"][label]))


def test_the_corpus_is_well_formed():
    records = corpus()
    assert len(records) >= 600
    assert Counter(r["lang"] for r in records) == {"nb": 150, "nn": 150, "sv": 150, "en": 150}
    labels = Counter(s["label"] for r in records for s in r["spans"])
    assert set(labels) == {"PERSON", "NO_FNR", "SE_PNR", "PHONE", "EMAIL", "ADDRESS"}
    assert min(labels.values()) >= 100
    for record in records:
        assert set(record) == {"id", "lang", "text", "spans", "negatives"}
        spans = sorted(record["spans"], key=lambda s: s["start"])
        for span in spans:
            assert 0 <= span["start"] < span["end"] <= len(record["text"])
            text = record["text"][span["start"] : span["end"]]
            assert text == text.strip() and text
        for left, right in pairwise(spans):
            assert left["end"] <= right["start"], record["id"]


@pytest.mark.parametrize("label", STRICT_LABELS)
def test_ids_phones_and_emails_are_found_exactly(label):
    assert recall(label) >= 0.99, scored()
    assert precision(label) >= 0.98, scored()


def test_no_checksum_invalid_number_and_no_organisation_number_is_flagged():
    s = scored()
    assert s["planted"]["invalid_id"] >= 50 and s["planted"]["org_number"] >= 50
    assert s["flagged"]["invalid_id"] == 0
    assert s["flagged"]["org_number"] == 0


def test_addresses_are_found():
    assert recall("ADDRESS") >= 0.85


def test_person_names_are_found():
    assert recall("PERSON") >= 0.92
    assert precision("PERSON") >= 0.90


def test_few_hard_negatives_are_flagged():
    s = scored()
    assert sum(s["planted"].values()) >= 1000
    assert sum(s["flagged"].values()) / sum(s["planted"].values()) < 0.02, s["flagged"]


def test_a_10000_word_transcript_is_fast():
    pieces, words = [], 0
    for record in corpus():
        if words >= 10_000:
            break
        pieces.append(record["text"])
        words += len(record["text"].split())
    text = "\n\n".join(pieces)
    find_pii(text)  # loads the name lists
    started = time.perf_counter()
    find_pii(text)
    # The target is 1 s (benchmarks/pii_quality.py reports the real figure); shared CI machines
    # are noisy, so the test allows three.
    assert time.perf_counter() - started < 3.0
