"""`python -m samskap spc`: output format, options, every qicharts2 case through the CSV path,
and bad input (exit status 2 with one clear line on stderr, never a traceback)."""

from __future__ import annotations

import contextlib
import csv
import io
import math
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.analysis.spc import CHART_TYPES, ChartType
from samskap.cli import TOOLS
from samskap.cli.spc import BASE_COLUMNS, MDC_COLUMNS, CsvInputError, parse_series, run
from tests.analysis import spc_vectors as vectors

REPO = Path(__file__).resolve().parents[2]
DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samskap", "spc", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run(argv)
    return status, out.getvalue(), err.getvalue()


def write(tmp: Path, text: str, name: str = "input.csv") -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def series_csv(y: Sequence[float], n: Sequence[float] | None = None) -> str:
    lines = ["x,y" + (",n" if n is not None else "")]
    for k, value in enumerate(y):
        lines.append(f"{k + 1},{value}" + (f",{n[k]}" if n is not None else ""))
    return "\n".join(lines) + "\n"


def test_registered_as_a_tool() -> None:
    assert "spc" in TOOLS


def test_i_chart_with_mdc_rules_in_a_subprocess(tmp_path: Path) -> None:
    done = cli(write(tmp_path, series_csv(DEVIATIONS)), "--chart", "i", "--rules", "mdc", "--improvement", "decrease")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == BASE_COLUMNS + MDC_COLUMNS
    assert len(rows) == 18
    assert round(float(rows[0]["ucl"]), 2) == 4.6 and round(float(rows[0]["lcl"]), 2) == -0.72
    assert rows[4]["special_cause_type"] == "above_ucl"
    assert rows[4]["point_type"] == "special_cause_concern"
    assert rows[4]["sigma_signal"] == rows[4]["outside_limits"] == "TRUE"
    assert {r["point_type"] for k, r in enumerate(rows) if k != 4} == {"common_cause"}


def test_anhoej_output_columns_and_missing_limits(tmp_path: Path) -> None:
    done = cli(write(tmp_path, series_csv([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])), "--chart", "run")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ",".join(BASE_COLUMNS)
    assert lines[1] == "1,1,1,1.0,5.5,,,FALSE,TRUE"


def test_xbar_takes_several_rows_per_x(tmp_path: Path) -> None:
    text = "x,y\n" + "".join(f"{x},{v}\n" for x, group in (("a", [1, 2, 3]), ("b", [2, 3, 4, 5])) for v in group)
    done = cli(write(tmp_path, text), "--chart", "xbar")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["x"] for r in rows] == ["a", "b"]
    assert [float(r["y"]) for r in rows] == [2.0, 3.5]
    assert float(rows[0]["cl"]) == pytest.approx(20 / 7)


def test_standard_input_semicolons_and_decimal_commas() -> None:
    done = cli("-", "--chart", "p", stdin="x;y;n\n2024-01;1;4\n2024-02;3;4\n2024-03;2,0;4\n")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["x"] for r in rows] == ["2024-01", "2024-02", "2024-03"]
    assert [float(r["y"]) for r in rows] == [0.25, 0.75, 0.5]


def test_options_reach_the_engine(tmp_path: Path) -> None:
    path = write(tmp_path, series_csv([float(v) for v in DEVIATIONS]))
    status, out, _ = in_process([path, "--chart", "i", "--part", "6", "--exclude", "2", "9", "--multiply", "10"])
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["part"] for r in rows] == ["1"] * 6 + ["2"] * 12
    assert float(rows[0]["y"]) == 10.0
    assert float(rows[0]["cl"]) == pytest.approx(10 * (1 + 1 + 2 + 10 + 1) / 5)
    status, out, _ = in_process([path, "--chart", "i", "--freeze", "4", "--no-screen-mr"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and float(rows[-1]["cl"]) == 1.5


def _case_ids() -> list[str]:
    return list(vectors.cases()) if vectors.data_present() else ["shared-data-missing"]


@pytest.mark.parametrize("case_id", _case_ids())
def test_every_qicharts2_case_through_the_csv_path(case_id: str, tmp_path: Path) -> None:
    """The CLI's parsing, option handling (1-based --exclude) and number formatting keep the
    engine's qicharts2 agreement to 1e-9."""
    vectors.require_data()
    case = vectors.cases()[case_id]
    if case.chart in ("xbar", "s"):
        groups = [group for group in case.y if isinstance(group, tuple)]
        text = "x,y\n" + "".join(f"{k},{v!r}\n" for k, group in enumerate(groups, start=1) for v in group)
    else:
        head = "x,y,n\n" if case.n is not None else "x,y\n"
        text = head + "".join(
            f"{k},{v!r}" + (f",{case.n[k - 1]!r}" if case.n is not None else "") + "\n"
            for k, v in enumerate(case.y, start=1)
        )
    argv = [write(tmp_path, text), "--chart", case.chart, "--multiply", repr(case.multiply)]
    if case.freeze is not None:
        argv += ["--freeze", str(case.freeze)]
    argv += [a for k in case.parts for a in ("--part", str(k))]
    argv += [a for k in case.exclude for a in ("--exclude", str(k))]
    if not case.screened_mr:
        argv.append("--no-screen-mr")
    status, out, err = in_process(argv)
    assert status == 0, err
    got = list(csv.DictReader(io.StringIO(out)))
    expected = [r for r in vectors.point_rows() if r["case_id"] == case_id]
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        assert (row["i"], row["x"], row["part"]) == (want["i"], want["x"], want["part"])
        for field in ("y", "cl", "lcl", "ucl"):
            expected_value = vectors.number(want[field])
            if expected_value is None:
                assert row[field] == "", field
            else:
                assert math.isclose(float(row[field]), expected_value, rel_tol=1e-9, abs_tol=1e-9), field
        assert (row["sigma_signal"], row["runs_signal"]) == (want["sigma_signal"], want["runs_signal"])


BAD_INPUTS = [
    ("x,y\n1,a\n2,3\n", "i", [], "line 2: y is not a number"),
    ("x,y\n1,nan\n2,3\n", "i", [], "not a number"),
    ("x,y\n1,inf\n2,3\n", "i", [], "not a number"),
    ("x,y\n1,\n2,3\n", "i", [], "y is empty"),
    ("x,y,n\n1,1,0\n2,1,4\n", "p", [], "greater than 0"),
    ("x,y,n\n1,5,4\n2,1,4\n", "p", [], "cannot exceed 1"),
    ("x,y\n1,2\n2,3\n", "p", [], "needs an n column"),
    ("x,y\n1,2\n", "i", [], "at least 2"),
    ("x,y\n", "run", [], "no data rows"),
    ("", "run", [], "empty"),
    ("a,b\n1,2\n", "run", [], "column named 'x'"),
    ("x,y\n1,2,3\n", "run", [], "field(s)"),
    ("x,y\n1,2\n1,3\n", "i", [], "more than once"),
    ("x,y\n1,2\n2,3\n", "xbar", [], "at least 2"),
    ("x,y\n1,0\n2,3\n", "t", [], "greater than 0"),
    ("x,y\n1,-1\n2,3\n", "c", [], "negative"),
    ("x,y,n\n1,2,3\n2,3,3\n", "c", [], "no n column"),
    ("x,y\n1,2\n2,3\n3,4\n", "i", ["--part", "3"], "outside the series"),
    ("x,y\n1,2\n2,3\n3,4\n", "i", ["--exclude", "4"], "outside the series"),
    ("x,y\n1,2\n2,3\n3,4\n", "i", ["--freeze", "9"], "outside the series"),
    ("x,y\n1,2\n2,3\n3,4\n", "i", ["--freeze", "1", "--part", "2"], "must lie in the last part"),
    ("x,y\n1,2\n2,3\n3,4\n", "run", ["--rules", "mdc"], "MDC"),
    ("x,y\n1,2\n2,3\n3,4\n", "i", ["--multiply", "0"], "positive"),
    ("x,y\n1,2\n2,3\n3,4\n4,5\n", "i", ["--part", "1"], "part 1 has 1 point"),
]


@pytest.mark.parametrize(("text", "chart", "extra", "message"), BAD_INPUTS)
def test_bad_input_exits_2_with_a_clear_message(
    text: str, chart: str, extra: list[str], message: str, tmp_path: Path
) -> None:
    status, out, err = in_process([write(tmp_path, text), "--chart", chart, *extra])
    assert status == 2
    assert out == ""
    assert message in err
    assert err.startswith("python -m samskap spc: error: ")
    assert len(err.strip().splitlines()) == 1


def test_bad_input_in_a_subprocess(tmp_path: Path) -> None:
    done = cli(write(tmp_path, "x,y\n1,abc\n"), "--chart", "i")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "line 2: y is not a number" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_file_and_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert cli(str(tmp_path / "nope.csv"), "--chart", "i").returncode == 2
    assert cli(write(tmp_path, series_csv([1, 2, 3])), "--chart", "nonsense").returncode == 2
    assert cli(write(tmp_path, series_csv([1, 2, 3]))).returncode == 2  # --chart is required
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"x,y\n1,\xff\n")
    done = cli(str(binary), "--chart", "i")
    assert done.returncode == 2 and "UTF-8" in done.stderr


def test_help_exits_0() -> None:
    done = cli("--help")
    assert done.returncode == 0 and "--chart" in done.stdout


# Hypothesis: junk in, never a crash. Either a parse or a clean CsvInputError.

CELLS = st.one_of(
    st.sampled_from(["", "1", "-2.5", "1e3", "0", "nan", "inf", "1,5", "x", "y", "n", '"', "1_0", "0x1f", " 3 "]),
    st.text(max_size=6),
)
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=4), max_size=8)
SEPARATORS = st.sampled_from([",", ";", "\t"])


def _join(rows: list[list[str]], sep: str) -> str:
    return "\n".join(sep.join(row) for row in rows)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200), st.builds(_join, ROWS, SEPARATORS)), chart=st.sampled_from(CHART_TYPES))
def test_parser_never_crashes_on_junk(text: str, chart: ChartType) -> None:
    try:
        series = parse_series(text, chart)
    except CsvInputError as exc:
        assert str(exc)
        return
    assert len(series.x) == len(series.y) > 0
    assert series.n is None or len(series.n) == len(series.y)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from(["x,y", "x,y,n", "x;y;n", "y,x"]),
    rows=ROWS,
    chart=st.sampled_from(CHART_TYPES),
    rules=st.sampled_from(["anhoej", "mdc"]),
)
def test_cli_exits_0_or_2_on_junk(header: str, rows: list[list[str]], chart: str, rules: str) -> None:
    sep = ";" if ";" in header else ","
    text = header + "\n" + _join(rows, sep) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        status, out, err = in_process([write(Path(folder), text), "--chart", chart, "--rules", rules])
    assert status in (0, 2)
    if status == 2:
        assert out == "" and err.startswith("python -m samskap spc: error: ")
    else:
        assert err == "" and out.splitlines()[0].startswith("i,x,part,y,cl")


@settings(max_examples=100, deadline=None)
@given(
    y=st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 3)), max_size=30),
    chart=st.sampled_from(["run", "i", "mr", "c", "g", "t"]),
)
def test_cli_on_random_numbers_exits_0_or_2(y: list[float], chart: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        status, out, err = in_process([write(Path(folder), series_csv(y)), "--chart", chart])
    assert status in (0, 2), err
    if status == 0:
        assert len(out.splitlines()) == len(y) + 1
