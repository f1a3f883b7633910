"""Agreement between coders: Cohen's kappa and Krippendorff's alpha against published worked
examples, the interval computation against a character-by-character count (hypothesis), the
list of disagreements, bad input and the command line. No database.

Published values: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", examples
A (binary, two coders: 0.095), B (nominal, two coders: 0.692) and C (nominal, four coders,
missing data: 0.743); Cohen's kappa on the 2×2 tables of the usual textbook examples (20/5/10/15
of 50 → 0.40; 45/15/25/15 → 0.1304; 25/35/5/35 → 0.2593).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Hashable, Sequence
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.analysis.agreement import (
    AgreementInputError,
    KappaTable,
    Segment,
    Source,
    alpha_nominal,
    cohen_kappa,
    cohen_kappa_nominal,
    disagreements,
    krippendorff_alpha,
)
from samskap.cli import TOOLS, main
from samskap.cli.agreement import AgreementFileError, parse_input

N = None
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def units(*coders: Sequence[Hashable | None]) -> list[list[Hashable | None]]:
    return [list(row) for row in zip(*coders, strict=True)]


def test_it_matches_krippendorffs_nominal_example_with_four_coders_and_missing_data():
    assert alpha_nominal(units(*KRIPPENDORFF_C)) == pytest.approx(0.743, abs=5e-4)


def test_it_matches_krippendorffs_two_coder_examples():
    binary = units([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0])
    assert alpha_nominal(binary) == pytest.approx(0.095, abs=5e-4)
    nominal = units(list("aabbdcccedda"), list("babbbccceddd"))
    assert alpha_nominal(nominal) == pytest.approx(0.692, abs=5e-4)


def test_alpha_is_none_without_variation_or_pairable_units():
    assert alpha_nominal([[1, 1], [1, 1]]) is None
    assert alpha_nominal([[1, None], [None, 2]]) is None
    assert alpha_nominal([]) is None


@pytest.mark.parametrize(
    ("table", "expected"),
    [((20, 5, 10, 15), 0.4), ((45, 15, 25, 15), 0.1304), ((25, 35, 5, 35), 0.2593)],
)
def test_kappa_matches_the_textbook_tables(table, expected):
    assert KappaTable(*table).kappa == pytest.approx(expected, abs=5e-5)
    both, first_only, second_only, neither = table
    first = ["yes"] * (both + first_only) + ["no"] * (second_only + neither)
    second = ["yes"] * both + ["no"] * first_only + ["yes"] * second_only + ["no"] * neither
    assert cohen_kappa_nominal(first, second) == pytest.approx(expected, abs=5e-5)


def test_kappa_on_text_counts_characters():
    # 50 characters; A codes 0–25, B codes 0–20 and 25–35: both 20, A only 5, B only 10, neither 15.
    segments = [
        Segment("A", "need", "s1", 0, 25),
        Segment("B", "need", "s1", 0, 20),
        Segment("B", "need", "s1", 25, 35),
    ]
    report = cohen_kappa(segments, [Source("s1", 50)], "A", "B")
    table = report.per_code["need"]
    assert (table.both, table.first_only, table.second_only, table.neither) == (20, 5, 10, 15)
    assert table.kappa == pytest.approx(0.4)
    assert table.observed == pytest.approx(0.7)
    assert table.expected == pytest.approx(0.5)
    assert report.overall == table
    assert report.mean_kappa == pytest.approx(0.4)


def test_overlapping_segments_of_one_coder_count_once():
    once = cohen_kappa([Segment("A", "c", "s", 0, 10), Segment("B", "c", "s", 0, 10)], [Source("s", 20)], "A", "B")
    twice = cohen_kappa(
        [Segment("A", "c", "s", 0, 6), Segment("A", "c", "s", 4, 10), Segment("B", "c", "s", 0, 10)],
        [Source("s", 20)],
        "A",
        "B",
    )
    assert once.per_code == twice.per_code
    assert once.overall.kappa == 1.0


def test_kappa_uses_only_sources_both_coders_coded():
    segments = [Segment("A", "c", "s1", 0, 5), Segment("B", "c", "s1", 0, 5), Segment("A", "c", "s2", 0, 5)]
    sources = [Source("s1", 10, ("A", "B")), Source("s2", 10, ("A",))]
    report = cohen_kappa(segments, sources, "A", "B")
    assert report.sources == ("s1",)
    assert report.overall.units == 10
    assert report.overall.kappa == 1.0


def test_unused_code_has_no_kappa_and_pooling_adds_the_tables():
    segments = [Segment("A", "c1", "s", 0, 4), Segment("B", "c1", "s", 2, 6), Segment("A", "c2", "s", 6, 8)]
    report = cohen_kappa(segments, [Source("s", 10)], "A", "B", codes=["c3"])
    assert set(report.per_code) == {"c1", "c2", "c3"}
    assert report.per_code["c3"].kappa is None
    assert report.per_code["c3"].observed == 1.0
    assert report.overall == report.per_code["c1"] + report.per_code["c2"] + report.per_code["c3"]
    assert report.overall.units == 30


def brute_force(
    segments: Sequence[Segment], sources: Sequence[Source]
) -> tuple[list[str], dict[str, list[list[bool | None]]]]:
    """Per code, the units × coders matrix of one character each, the slow way."""
    coders = sorted({s.coder for s in segments} | {c for src in sources for c in src.coders})
    codes = sorted({s.code for s in segments})
    matrices = {}
    for code in codes:
        rows = []
        for source in sorted(sources, key=lambda s: s.id):
            who = source.coders or tuple(coders)
            for position in range(source.length):
                row: list[bool | None] = []
                for coder in coders:
                    if coder not in who:
                        row.append(None)
                        continue
                    row.append(
                        any(
                            s.coder == coder
                            and s.code == code
                            and s.source == source.id
                            and s.start <= position < s.end
                            for s in segments
                        )
                    )
                rows.append(row)
        matrices[code] = rows
    return coders, matrices


@st.composite
def coded_texts(draw):
    coders = ["A", "B", "C"][: draw(st.integers(2, 3))]
    sources = []
    for k in range(draw(st.integers(1, 3))):
        length = draw(st.integers(0, 30))
        who = tuple(sorted(draw(st.sets(st.sampled_from(coders))))) if draw(st.booleans()) else ()
        sources.append(Source(f"s{k}", length, who))
    segments = []
    for source in sources:
        for coder in source.coders or coders:
            for _ in range(draw(st.integers(0, 3))):
                start = draw(st.integers(0, source.length))
                end = draw(st.integers(start, source.length))
                segments.append(Segment(coder, draw(st.sampled_from(["x", "y"])), source.id, start, end))
    return segments, sources


@settings(max_examples=150, deadline=None)
@given(coded_texts())
def test_interval_computation_matches_counting_characters(data):
    segments, sources = data
    coders, matrices = brute_force(segments, sources)
    alpha = krippendorff_alpha(segments, sources)
    for code, rows in matrices.items():
        expected = alpha_nominal(rows)
        assert (alpha.per_code[code] is None) == (expected is None)
        if expected is not None:
            assert alpha.per_code[code] == pytest.approx(expected)
    pooled = [row for rows in matrices.values() for row in rows]
    expected_overall = alpha_nominal(pooled)
    assert (alpha.overall is None) == (expected_overall is None)
    if expected_overall is not None:
        assert alpha.overall == pytest.approx(expected_overall)
    for first, second in combinations(coders, 2):
        report = cohen_kappa(segments, sources, first, second)
        i, j = coders.index(first), coders.index(second)
        for code, rows in matrices.items():
            pairs = [(row[i], row[j]) for row in rows if row[i] is not None and row[j] is not None]
            expected = cohen_kappa_nominal([a for a, _ in pairs], [b for _, b in pairs])
            got = report.per_code[code].kappa
            assert (got is None) == (expected is None)
            if expected is not None:
                assert got == pytest.approx(expected)
    # Every character in a listed disagreement splits its coders; every other one does not.
    listed = {(d.source, d.code, p) for d in disagreements(segments, sources) for p in range(d.start, d.end)}
    for code in matrices:
        for source in sources:
            who = source.coders or tuple(coders)
            for p in range(source.length):
                said = {
                    any(
                        s.coder == c and s.code == code and s.source == source.id and s.start <= p < s.end
                        for s in segments
                    )
                    for c in who
                }
                assert ((source.id, code, p) in listed) == (len(who) >= 2 and len(said) == 2)


def test_results_do_not_depend_on_the_order_of_the_input():
    segments = [
        Segment(c, code, "s", a, b)
        for c, code, a, b in [("A", "x", 0, 5), ("B", "x", 3, 9), ("C", "y", 1, 2), ("A", "y", 0, 2)]
    ]
    sources = [Source("s", 12), Source("t", 4)]
    forward = krippendorff_alpha(segments, sources), disagreements(segments, sources)
    backward = krippendorff_alpha(segments[::-1], sources[::-1]), disagreements(segments[::-1], sources[::-1])
    assert forward == backward


def test_disagreements_are_listed_span_by_span():
    segments = [
        Segment("Kari", "need", "s1", 0, 10),
        Segment("Ola", "need", "s1", 5, 15),
        Segment("Ola", "need", "s1", 15, 20),
        Segment("Kari", "hope", "s1", 30, 40),
        Segment("Ola", "hope", "s1", 30, 40),
    ]
    found = disagreements(segments, [Source("s1", 50)])
    assert [(d.code, d.start, d.end, d.applied_by, d.not_applied_by) for d in found] == [
        ("need", 0, 5, ("Kari",), ("Ola",)),
        ("need", 10, 20, ("Ola",), ("Kari",)),
    ]


@pytest.mark.parametrize(
    ("segments", "sources", "message"),
    [
        ([Segment("A", "c", "s", 0, 11)], [Source("s", 10)], "outside"),
        ([Segment("A", "c", "s", 5, 4)], [Source("s", 10)], "outside"),
        ([Segment("A", "c", "t", 0, 1)], [Source("s", 10)], "unknown source"),
        ([Segment("C", "c", "s", 0, 1)], [Source("s", 10, ("A", "B"))], "not one of its coders"),
        ([], [Source("s", 10), Source("s", 5)], "twice"),
    ],
)
def test_bad_input_is_refused_with_a_reason(segments, sources, message):
    with pytest.raises(AgreementInputError, match=message):
        krippendorff_alpha(segments, sources)


def test_kappa_needs_two_different_coders():
    with pytest.raises(AgreementInputError):
        cohen_kappa([], [Source("s", 1)], "A", "A")


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv, TOOLS)
    return status, out.getvalue(), err.getvalue()


def test_the_command_line_prints_kappa_alpha_and_disagreements(tmp_path: Path):
    text = "Jeg trenger noen å snakke med. Det hjalp å gå på gruppa."
    data = {
        "sources": [{"id": "intervju-1", "text": text, "coders": ["Person A", "Person B"]}],
        "codes": ["ensomhet"],
        "segments": [
            {"coder": "Person A", "code": "behov", "source": "intervju-1", "start": 0, "end": 30},
            {"coder": "Person B", "code": "behov", "source": "intervju-1", "start": 4, "end": 30},
            {"coder": "Person A", "code": "mestring", "source": "intervju-1", "start": 31, "end": 56},
            {"coder": "Person B", "code": "mestring", "source": "intervju-1", "start": 31, "end": 56},
        ],
    }
    path = tmp_path / "coding.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, err = run_cli(["agreement", str(path)])
    assert status == 0, err
    payload = json.loads(out)
    assert payload["coders"] == ["Person A", "Person B"]
    (pair,) = payload["kappa"]
    assert pair["per_code"]["mestring"]["kappa"] == 1.0
    assert pair["per_code"]["ensomhet"]["kappa"] is None
    assert 0 < pair["per_code"]["behov"]["kappa"] < 1
    assert pair["overall"]["units"] == 3 * len(text)
    assert payload["alpha"]["per_code"]["mestring"] == {"alpha": 1.0, "units": len(text)}
    assert payload["disagreements"] == [
        {
            "source": "intervju-1",
            "code": "behov",
            "start": 0,
            "end": 4,
            "applied_by": ["Person A"],
            "not_applied_by": ["Person B"],
            "text": "Jeg ",
        }
    ]


SEGMENT = '{"coder": "A", "code": "c", "source": "s", "start": 0, "end": 5}'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ("[]", "must be an object"),
        (
            '{"sources": [{"id": "s", "length": 2}], "segments": ['
            + SEGMENT.replace('"start": 0', '"start": "0"')
            + "]}",
            "start must be a whole number",
        ),
        ('{"sources": [{"id": "s", "length": 3, "text": "ab"}], "segments": []}', "length is 3"),
        (
            '{"sources": [{"id": "s", "length": 2}], "segments": [' + SEGMENT + "]}",
            "outside",
        ),
    ],
)
def test_the_command_line_reports_bad_input_on_one_line(tmp_path: Path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    status, out, err = run_cli(["agreement", str(path)])
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_parse_input_needs_lists():
    with pytest.raises(AgreementFileError, match="sources must be a list"):
        parse_input('{"segments": []}')
