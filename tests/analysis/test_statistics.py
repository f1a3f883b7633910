"""Public statistics: each recorded format parses to the expected figures, suppressed cells stay
suppressed, malformed input raises `StatisticsFormatError` (and random input nothing else),
per-capita figures, series breaks, small-number suppression and the command line. No database,
no network: the files in tests/data/statistics are hand-made recordings (see its README)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.analysis.statistics import (
    SUPPRESSED,
    Dataset,
    Observation,
    SeriesBreak,
    StatisticsFormatError,
    SuppressedRow,
    compare_periods,
    crosses_series_break,
    dataset_to_dict,
    find_series_breaks,
    mark_series_breaks,
    parse_fhi_csv2,
    parse_jsonstat,
    parse_kolada,
    parse_pxweb_csv,
    parse_statistics,
    per_inhabitants,
    suppress_row,
    suppress_small_counts,
)
from samskap.cli import TOOLS, main
from samskap.cli.statistics import run

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "statistics"
SSB_POPULATION = DATA / "ssb_07459_population.jsonstat2.json"
SCB = DATA / "scb_missbruk.jsonstat2.json"
SSB_CSV = DATA / "ssb_kostra_brukere.csv"
SSB_LONG_CSV = DATA / "ssb_personer_long.csv"
KOLADA = DATA / "kolada_u71017.json"
FHI_JSON = DATA / "fhi_psykiske_lidelser.jsonstat2.json"
FHI_CSV2 = DATA / "fhi_unge_psykiske_plager.csv2.csv"


def load(path: Path) -> Dataset:
    return parse_statistics(path.read_bytes())


def figures(dataset: Dataset, indicator: str | None = None) -> dict[tuple[str, str], tuple[float | None, str | None]]:
    """(region code or name, period) → (value, flag)."""
    return {
        (obs.region_code or obs.region_name, obs.period): (obs.value, obs.flag)
        for obs in dataset.observations
        if indicator is None or obs.indicator == indicator
    }


# --- the recorded formats ---------------------------------------------------------------------


def test_ssb_jsonstat_population():
    dataset = load(SSB_POPULATION)
    assert (dataset.source, dataset.format, dataset.table_id) == ("ssb", "json-stat2", "07459")
    assert dataset.unit == "personer"
    assert dataset.updated == "2024-02-21T07:00:00Z"
    assert dataset.regions == (("3201", "Bærum"), ("3203", "Asker"), ("0301", "Oslo"), ("0", "Hele landet"))
    assert dataset.periods == ("2022", "2023", "2024")
    assert len(dataset.observations) == 12
    shown = figures(dataset)
    assert shown["3201", "2022"] == (128850.0, None)
    assert shown["3203", "2024"] == (98810.0, None)
    assert shown["0", "2023"] == (5488900.0, None)
    assert "Tallene gjelder befolkningen per 1. januar." in dataset.footnotes
    assert {obs.indicator_name for obs in dataset.observations} == {"Personer"}
    assert dataset.series_breaks == ()


def test_scb_jsonstat_sparse_values_status_and_a_series_break_in_a_category_note():
    dataset = load(SCB)
    assert (dataset.source, dataset.table_id, dataset.unit) == ("scb", "TAB6471", "per 10 000 invånare")
    shown = figures(dataset)
    assert shown["2184", "2022"] == (41.2, None)
    assert shown["2183", "2023"] == (None, "..")
    assert shown["00", "2024"] == (40.6, None)
    assert dataset.series_breaks == (
        SeriesBreak("2023", "000007ZX", "Brott i tidsserien 2023: ny redovisning av öppna insatser."),
    )
    assert [obs.period for obs in dataset.observations if obs.series_break] == ["2023"] * 4
    assert any(note.startswith("Invånare med insatser") for note in dataset.footnotes)


def test_ssb_csv_with_title_decimal_commas_and_symbols():
    dataset = load(SSB_CSV)
    assert (dataset.source, dataset.format, dataset.table_id) == ("ssb", "pxweb-csv", "13555")
    assert dataset.title.startswith("Kommunale helse- og omsorgstjenester")
    shown = figures(dataset)
    assert shown["3201", "2022"] == (212.4, None)
    assert shown["3203", "2023"] == (None, "..")
    assert shown["0301", "2024"] == (None, ":")
    assert shown["0", "2024"] == (239.8, None)
    assert dataset.regions[-1] == ("0", "Hele landet")
    assert {obs.indicator for obs in dataset.observations} == {"Brukere per 10 000 innbyggere"}


def test_ssb_csv_in_iso_8859_1_reads_the_same():
    text = SSB_CSV.read_text(encoding="utf-8")
    assert parse_statistics(text.encode("iso-8859-1")) == load(SSB_CSV)
    assert parse_pxweb_csv(text) == load(SSB_CSV)


def test_ssb_long_csv_with_commas_and_the_table_id_in_the_header():
    dataset = load(SSB_LONG_CSV)
    assert (dataset.table_id, dataset.title) == ("07459", "Personer")
    assert figures(dataset)["0301", "2024"] == (717300.0, None)
    assert len(dataset.observations) == 6


def test_kolada_takes_the_total_for_all_genders():
    dataset = load(KOLADA)
    assert (dataset.source, dataset.format, dataset.table_id) == ("kolada", "kolada", "U71017")
    shown = figures(dataset)
    assert len(shown) == 9
    assert shown["2184", "2021"] == (12.1, None)
    assert shown["2182", "2023"] == (15.8, None)
    assert shown["2184", "2023"] == (None, "Missing")
    assert parse_kolada(json.loads(KOLADA.read_text(encoding="utf-8"))) == dataset


def test_fhi_jsonstat_with_bom_no_role_and_anonymised_cells():
    raw = FHI_JSON.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    dataset = parse_statistics(raw)
    assert (dataset.source, dataset.format) == ("fhi", "json-stat2")
    assert dataset.periods == ("2022", "2023", "2024")
    counts = figures(dataset, "TELLER")
    rates = figures(dataset, "RATE")
    assert counts["3201", "2022"] == (14210.0, None)
    assert rates["0301", "2024"] == (128.7, None)
    assert counts["3203", "2024"] == (None, ":")
    assert rates["3203", "2024"] == (None, ":")
    assert dataset.observations[0].dimensions == (("Kjønn", "Kjønn samlet"), ("Alder", "Alle aldre"))
    assert dataset.series_breaks == (
        SeriesBreak("2023", "", "Brudd i tidsserien mellom 2022 og 2023 etter endret diagnosekoding."),
    )


def test_fhi_csv2_keeps_suppressed_cells_suppressed():
    dataset = load(FHI_CSV2)
    assert (dataset.source, dataset.format) == ("fhi", "fhi-csv2")
    counts = figures(dataset, "antall")
    shares = figures(dataset, "andel (prosent)")
    assert counts["Bærum", "2022"] == (1204.0, None)
    assert shares["Oslo", "2024"] == (13.1, None)
    assert counts["Oslo", "2022"] == (7932.0, None)
    # Flagged by the flag column with empty cells, or with the symbol in the cell itself.
    assert counts["Bærum", "2024"] == (None, ":")
    assert counts["Asker", "2022"] == (None, ":")
    assert shares["Asker", "2022"] == (None, ":")
    assert counts["Asker", "2024"] == (None, "..")
    assert parse_fhi_csv2(FHI_CSV2.read_bytes()) == dataset


def test_suppressed_cells_never_become_zero():
    for path in (SCB, SSB_CSV, FHI_JSON, FHI_CSV2, KOLADA):
        for obs in load(path).observations:
            if obs.flag is not None and obs.flag not in ("",):
                assert obs.value is None, (path.name, obs)


def test_a_flag_column_hides_a_number_in_the_same_row():
    dataset = parse_statistics("Geografi;År;antall;flagg\nBærum;2024;3;:\nAsker;2024;40;\n")
    assert figures(dataset) == {("Bærum", "2024"): (None, ":"), ("Asker", "2024"): (40.0, None)}


def test_provenance_is_recorded():
    dataset = parse_statistics(
        FHI_JSON.read_bytes(),
        source="fhi",
        table_id="nokkel/123",
        query='{"dimensions": []}',
        fetched_at="2026-03-01T10:00:00+00:00",
    )
    assert (dataset.table_id, dataset.query, dataset.fetched_at) == (
        "nokkel/123",
        '{"dimensions": []}',
        "2026-03-01T10:00:00+00:00",
    )


# --- JSON-stat variants -----------------------------------------------------------------------


def small_jsonstat(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "test",
        "id": ["Tid", "Region"],
        "size": [2, 2],
        "role": {"time": ["Tid"], "geo": ["Region"]},
        "dimension": {
            "Tid": {"label": "år", "category": {"index": ["2023", "2024"]}},
            "Region": {
                "label": "region",
                "category": {"index": {"3201": 0, "0301": 1}, "label": {"3201": "Bærum", "0301": "Oslo"}},
            },
        },
        "value": [1.5, 2.5, None, 4.0],
    }
    data.update(changes)
    return data


def test_jsonstat_dimension_order_follows_id_and_size():
    shown = figures(parse_jsonstat(small_jsonstat()))
    assert shown == {
        ("3201", "2023"): (1.5, None),
        ("0301", "2023"): (2.5, None),
        ("3201", "2024"): (None, None),
        ("0301", "2024"): (4.0, None),
    }


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("e", ["e", "e", "e", "e"]),
        ("", [None, None, None, None]),
        ([None, "", "..", "e"], [None, None, "..", "e"]),
        ({"2": ":"}, [None, None, ":", None]),
    ],
)
def test_jsonstat_status_as_string_list_or_object(status, expected):
    dataset = parse_jsonstat(small_jsonstat(status=status))
    assert [obs.flag for obs in dataset.observations] == expected


def test_jsonstat_sparse_values_and_index_as_object():
    dense = parse_jsonstat(small_jsonstat())
    sparse = parse_jsonstat(small_jsonstat(value={"0": 1.5, "1": 2.5, "3": 4.0}))
    assert sparse == dense


# --- malformed input --------------------------------------------------------------------------

TRUNCATED = SSB_POPULATION.read_bytes()[:200]


def broken(**changes: Any) -> bytes:
    return json.dumps(small_jsonstat(**changes)).encode()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (TRUNCATED, "invalid_json"),
        (b"{" * 100_000, "invalid_json"),
        (b"\x00\x01\x02\xff\xfe binary", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"[1, 2, 3]", "unknown_format"),
        (b'{"hello": "world"}', "unknown_format"),
        (broken(size=[2, 3]), "size_mismatch"),
        (broken(size=[2]), "size_mismatch"),
        (broken(value=[1, 2, 3]), "value_count"),
        (broken(value={"9": 1}), "value_count"),
        (broken(value=[1, 2, "x", 4]), "bad_value"),
        (broken(value=[1, 2, True, 4]), "bad_value"),
        (broken(id=["Tid", "Region", "Kjønn"], size=[2, 2, 1]), "missing_dimension"),
        (broken(id=None), "missing_field"),
        (broken(value=None), "missing_field"),
        (broken(status=[None]), "bad_status"),
        (broken(status=7), "bad_status"),
        (broken(role=None, id=["Tid", "X"]), "missing_dimension"),
        (broken(**{"class": "collection"}), "not_dataset"),
        (b"1e999", "unknown_format"),
        (b'{"values": [1]}', "bad_value"),
        (b'{"values": [{"kpi": "N1"}]}', "missing_field"),
        (b'{"values": []}', "no_values"),
        (b"just one line of text", "unknown_format"),
        (b"region;tid\n", "no_values"),
        (b"kjonn;tid;verdi\nmenn;2024;4\n", "missing_dimension"),
        (b"region;verdi\nOslo;4\n", "missing_dimension"),
        (b"region;tid;verdi\nOslo;2024;4;5\nOslo;2023;4\n", "bad_csv"),
        (b"region;tid;verdi\nOslo;2024;4\nOslo;2023;4;5\n", "bad_csv"),
        (b'region,tid,verdi\nOslo,2024,"4\n', "bad_csv"),
        (b"region;tid;navn\nOslo;2024;Per\n", "no_values"),
    ],
)
def test_malformed_input_raises_a_format_error_with_a_code(data, code):
    with pytest.raises(StatisticsFormatError) as caught:
        parse_statistics(data)
    assert caught.value.code == code
    assert 0 < len(str(caught.value)) <= 120 and "\n" not in str(caught.value)


def test_sizes_that_describe_too_many_cells_are_refused():
    index = [str(k) for k in range(1001)]
    data = small_jsonstat(
        id=["Tid", "Region"],
        size=[1001, 1000],
        dimension={
            "Tid": {"category": {"index": index}},
            "Region": {"category": {"index": index[:1000]}},
        },
        value={},
    )
    with pytest.raises(StatisticsFormatError) as caught:
        parse_jsonstat(data)
    assert caught.value.code == "too_large"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=6), children, max_size=5),
    max_leaves=30,
)


def parses_or_format_error(data: bytes | str) -> None:
    try:
        dataset = parse_statistics(data)
    except StatisticsFormatError as exc:
        assert exc.code and str(exc)
    else:
        assert isinstance(dataset, Dataset)
        json.dumps(dataset_to_dict(dataset))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise_anything_else(data):
    parses_or_format_error(data)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_random_json_never_raises_anything_else(value):
    parses_or_format_error(json.dumps(value))


KEYS = ("id", "size", "dimension", "value", "status", "role", "note", "class")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=3))
def test_damaged_jsonstat_never_raises_anything_else(damage):
    parses_or_format_error(json.dumps(small_jsonstat(**damage)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='region;tid,år"\n:.0123456789 -Oslo', max_size=200))
def test_random_csv_never_raises_anything_else(text):
    parses_or_format_error(text)


# --- per-capita figures -----------------------------------------------------------------------


def test_per_1000_inhabitants_from_a_population_table():
    population = load(SSB_POPULATION)
    dataset = per_inhabitants(load(SSB_LONG_CSV), population, per=1000)
    assert (dataset.unit, dataset.per) == ("per 1000 inhabitants", 1000)
    shown = figures(dataset)
    value, flag = shown["3201", "2022"]
    assert value == pytest.approx(1000.0) and flag is None
    assert {obs.unit for obs in dataset.observations} == {"per 1000 inhabitants"}


def test_per_10000_and_missing_figures_and_missing_population():
    population = load(SSB_POPULATION)
    dataset = per_inhabitants(load(FHI_CSV2), population, per=10000)
    counts = figures(dataset, "antall")
    assert counts["Bærum", "2022"][0] == pytest.approx(1204 / 128850 * 10000)
    assert counts["Bærum", "2024"] == (None, ":")  # suppressed stays suppressed
    assert counts["Asker", "2024"] == (None, "..")
    other = Dataset(
        source="x",
        format="x",
        table_id="",
        title="",
        unit="",
        observations=(
            Observation("5001", "Trondheim", "2024", 10.0),
            Observation("3201", "Bærum", "2021", 10.0),
            Observation("3201", "Bærum", "2020-2022", 10.0),
            Observation("K-3201", "Bærum", "2024", 13.04),
        ),
    )
    shown = figures(per_inhabitants(other, population, per=1000))
    assert shown["5001", "2024"] == (None, "no_population")
    assert shown["3201", "2021"] == (None, "no_population")
    assert shown["3201", "2020-2022"] == (None, "no_population")
    assert shown["K-3201", "2024"][0] == pytest.approx(0.1)


def test_per_inhabitants_refuses_bad_arguments():
    population = load(SSB_POPULATION)
    with pytest.raises(StatisticsFormatError) as caught:
        per_inhabitants(load(SSB_CSV), population, per=100)
    assert caught.value.code == "bad_argument"
    once = per_inhabitants(load(SSB_CSV), population, per=1000)
    with pytest.raises(StatisticsFormatError):
        per_inhabitants(once, population, per=10000)
    with pytest.raises(StatisticsFormatError) as caught:
        per_inhabitants(load(SSB_CSV), load(FHI_JSON), per=1000)
    assert caught.value.code == "population_ambiguous"


def test_a_population_of_zero_or_missing_gives_none():
    population = parse_jsonstat(small_jsonstat(value=[0, None, 100, 200]))
    dataset = parse_jsonstat(small_jsonstat(value=[1, 2, 3, 4]))
    shown = figures(per_inhabitants(dataset, population, per=1000))
    assert shown["3201", "2023"] == (None, "no_population")
    assert shown["0301", "2023"] == (None, "no_population")
    assert shown["0301", "2024"] == (20.0, None)


# --- series breaks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "period"),
    [
        ("Brudd i tidsserien mellom 2023 og 2024.", "2024"),
        ("Tidsseriebrudd fra 2019.", "2019"),
        ("Series break in 2020 due to new definitions.", "2020"),
        ("Brott i tidsserien 2015/2016", "2016"),
        ("Tallene gjelder per 1. januar 2024.", None),
        ("Brudd i tidsserien.", None),
    ],
)
def test_series_breaks_from_footnotes(note, period):
    found = find_series_breaks([note])
    assert [b.period for b in found] == ([period] if period else [])


def test_comparisons_across_a_break_are_flagged():
    scb = load(SCB)
    across = compare_periods(scb, "2184", "2022", "2024", indicator="000007ZX")
    assert across == compare_periods(scb, "2184", "2022", "2024")
    assert across.across_break and across.difference == pytest.approx(4.1)
    assert not compare_periods(scb, "2184", "2023", "2024").across_break
    assert compare_periods(scb, "2183", "2022", "2023").difference is None
    assert crosses_series_break(scb, "000007ZX", "2024", "2022")
    assert not crosses_series_break(scb, "other", "2022", "2024")


def test_explicit_series_breaks():
    population = load(SSB_POPULATION)
    marked = mark_series_breaks(population, [SeriesBreak("2024", "Personer1", "ny kommuneinndeling")])
    assert [obs.period for obs in marked.observations if obs.series_break] == ["2024"] * 4
    assert crosses_series_break(marked, "Personer1", "2023", "2024")
    assert not crosses_series_break(marked, "Personer1", "2022", "2023")
    assert mark_series_breaks(marked, marked.series_breaks) == marked


# --- small-number protection ------------------------------------------------------------------


def values(row: SuppressedRow) -> tuple[list[int | None], int | None]:
    return [cell.value for cell in row.parts], (row.total.value if row.total else None)


@pytest.mark.parametrize(
    ("parts", "total", "expected"),
    [
        ((2, 8, 40), 50, ([None, None, 40], 50)),
        ((10, 20, 30), 60, ([10, 20, 30], 60)),
        ((10, 20), 33, ([None, None], 33)),  # 3 people in no part would show
        ((0, 1, 100), 101, ([None, None, None], 101)),
        ((3, 4, 50), 57, ([None, None, 50], 57)),
        ((1, 2), 3, ([None, None], None)),
        ((None, 20, 30), 60, ([None, None, 30], 60)),
        ((4, 9, 12), None, ([None, 9, 12], None)),
        ((6, 7), 13, ([6, 7], 13)),
    ],
)
def test_suppress_row_examples(parts, total, expected):
    row = suppress_row(parts, total)
    assert values(row) == expected
    for original, cell in zip(parts, row.parts, strict=True):
        if original is not None and cell.value is None:
            assert cell.flag == SUPPRESSED


def test_suppress_row_marks_secondary_suppression():
    row = suppress_row((2, 8, 40), 50)
    assert [cell.secondary for cell in row.parts] == [False, True, False]
    with pytest.raises(StatisticsFormatError):
        suppress_row((-1, 3))
    with pytest.raises(StatisticsFormatError):
        suppress_row((1.5, 3))  # type: ignore[arg-type]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=8),
    st.integers(0, 12),
    st.booleans(),
)
def test_suppressed_rows_reveal_no_small_count(parts, unassigned, with_total):
    total = sum(parts) + unassigned if with_total else None
    row = suppress_row(parts, total)
    published = [cell.value for cell in row.parts if cell.value is not None]
    total_shown = row.total.value if row.total else None
    # No published count is 5 or less, and published figures are the original ones.
    assert all(value > 5 for value in published)
    assert total_shown is None or total_shown > 5
    for original, cell in zip(parts, row.parts, strict=True):
        assert cell.value in (None, original)
    if total_shown is not None:
        hidden = sum(1 for cell in row.parts if cell.value is None)
        difference = total_shown - sum(published)
        # One hidden part would equal the difference; several must not sum to a small count;
        # with none hidden, people in no part must not be a small count either.
        assert hidden != 1
        if hidden:
            assert difference > 5
        else:
            assert difference == 0 or difference > 5


def test_suppress_small_counts_in_a_dataset():
    dataset = parse_jsonstat(small_jsonstat(value=[5, 6, 0, None]))
    shown = figures(suppress_small_counts(dataset))
    assert shown == {
        ("3201", "2023"): (None, SUPPRESSED),
        ("0301", "2023"): (6.0, None),
        ("3201", "2024"): (None, SUPPRESSED),
        ("0301", "2024"): (None, None),
    }


# --- the command line -------------------------------------------------------------------------


def in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run(argv)
    return status, out.getvalue(), err.getvalue()


def test_cli_is_registered():
    tool, summary = TOOLS["statistics"]
    assert callable(tool)
    assert summary.endswith("statistics FILE [--per 1000 --population FILE] [--json]")


def test_cli_json_matches_the_library():
    status, out, err = in_process([str(FHI_CSV2), "--json"])
    assert (status, err) == (0, "")
    assert json.loads(out) == dataset_to_dict(load(FHI_CSV2))
    assert out.count("\n") == 1


def test_cli_per_inhabitants():
    status, out, _err = in_process([str(SSB_LONG_CSV), "--per", "1000", "--population", str(SSB_POPULATION), "--json"])
    payload = json.loads(out)
    assert status == 0 and payload["per"] == 1000 and payload["unit"] == "per 1000 inhabitants"
    assert math.isclose(payload["observations"][0]["value"], 1000.0)


def test_cli_text_output():
    status, out, err = in_process([str(SCB)])
    assert (status, err) == (0, "")
    assert out.startswith("TAB6471 Invånare med insatser")
    assert "series break from 2023 (000007ZX)" in out
    assert "   2183 Bollnäs, 2023, Invånare med insatser, per 10 000 invånare: none [..] (new series)\n" in out


def test_cli_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(KOLADA.read_bytes())))
    status, out, _err = in_process(["-", "--json"])
    assert status == 0 and json.loads(out)["source"] == "kolada"


def test_cli_through_the_tool_registry(capsys):
    assert main(["statistics", str(SSB_POPULATION), "--json"], TOOLS) == 0
    assert json.loads(capsys.readouterr().out)["table_id"] == "07459"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"", "the file is empty"),
        (TRUNCATED, "the file is not valid JSON"),
        (b"\x00\x9f\x92\x96", "the file is binary"),
        (broken(size=[2, 3]), "dimension 'Region' has 2 categories but size 3"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "table.json"
    if content is not None:
        path.write_bytes(content)
    status, out, err = in_process([str(path), "--json"])
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("python -m samskap statistics: error: ")
    assert message in err


@pytest.mark.parametrize(
    "argv",
    [["--per", "1000"], ["--population", str(SSB_POPULATION)], ["--per", "100", "--population", "x"], ["--x"]],
)
def test_cli_bad_options_exit_2(argv):
    status, _out, err = in_process([str(SSB_CSV), *argv])
    assert status == 2 and "usage:" in err


def test_cli_bad_population_exits_2(tmp_path):
    path = tmp_path / "population.csv"
    path.write_text("", encoding="utf-8")
    status, _out, err = in_process([str(SSB_CSV), "--per", "1000", "--population", str(path)])
    assert status == 2 and "the file is empty" in err


def test_cli_as_a_module_without_django():
    done = subprocess.run(
        [sys.executable, "-m", "samskap", "statistics", str(FHI_JSON), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["observations"]) == 24
    assert "django" not in done.stderr.lower()
