"""The observation CSV reader: the formats Nordic spreadsheets write, and any bytes at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.improvement.csv_import import MAX_BYTES, parse_number, parse_observations, parse_period


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-15", dt.date(2026, 3, 15)),
        ("15.03.2026", dt.date(2026, 3, 15)),
        ("5/3/2026", dt.date(2026, 3, 5)),
        ("2026-03", dt.date(2026, 3, 1)),
        ("2026-W05", dt.date(2026, 1, 26)),
        ("2026w5", dt.date(2026, 1, 26)),
        (" 2026-01-05 ", dt.date(2026, 1, 5)),
        ("2026-02-30", None),
        ("2026-W54", None),
        ("mars 2026", None),
        ("", None),
    ],
)
def test_periods(text: str, expected: dt.date | None) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12.0), ("12,5", 12.5), ("12.5", 12.5), ("1 234,5", 1234.5), ("1\u00a0234", 1234.0), ("-3", -3.0)],
)
def test_numbers(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "tolv", "1,2,3", "12%", "1e400", "nan", "inf"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_a_norwegian_excel_export() -> None:
    data = "\ufeffPeriode;Teller;Nevner\r\n01.01.2026;12;40\r\n01.02.2026;15;38\r\n".encode()
    result = parse_observations(data, needs_denominator=True, is_proportion=True)
    assert result.ok
    assert [(r.period, r.value, r.denominator) for r in result.rows] == [
        (dt.date(2026, 1, 1), 12.0, 40.0),
        (dt.date(2026, 2, 1), 15.0, 38.0),
    ]


def test_windows_1252_and_tabs() -> None:
    data = "måned\tværdi\tantal\n2026-01\t3\t4\n".encode("cp1252").replace("værdi".encode("cp1252"), b"value")
    result = parse_observations(data, needs_denominator=False, is_proportion=False)
    assert result.ok and result.rows[0].value == 3.0


def test_rows_come_back_in_time_order_with_their_line_numbers() -> None:
    data = b"period,value\n2026-03-01,3\n2026-01-01,1\n\n2026-02-01,2\n"
    result = parse_observations(data, needs_denominator=False, is_proportion=False)
    assert [(r.line, r.value) for r in result.rows] == [(3, 1.0), (5, 2.0), (2, 3.0)]


def test_too_large_and_too_many_rows() -> None:
    big = b"period;value\n" + b"2026-01-01;1\n" * (MAX_BYTES // 10)
    assert "larger than 1 MB" in parse_observations(big, needs_denominator=False, is_proportion=False).errors[0].message
    many = b"period;value\n" + b"".join(
        f"{dt.date(2000, 1, 1) + dt.timedelta(days=k)};1\n".encode() for k in range(5001)
    )
    result = parse_observations(many, needs_denominator=False, is_proportion=False)
    assert "more than 5000 rows" in result.errors[-1].message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_messages_never_an_exception(data: bytes) -> None:
    result = parse_observations(data, needs_denominator=True, is_proportion=True)
    assert result.rows or result.errors
    for row in result.rows:
        assert row.denominator is not None and row.denominator > 0 and 0 <= row.value <= row.denominator


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
            st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False),
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda row: row[0],
    ),
    st.sampled_from([";", ",", "\t"]),
    st.booleans(),
)
def test_written_rows_read_back(rows: list[tuple[dt.date, object]], separator: str, nordic: bool) -> None:
    lines = ["periode" + separator + "verdi"]
    for day, value in rows:
        period = day.strftime("%d.%m.%Y") if nordic else day.isoformat()
        number = str(value).replace(".", ",") if nordic and separator != "," else str(value)
        if separator == "," and "," in number:
            number = f'"{number}"'
        lines.append(period + separator + number)
    result = parse_observations("\n".join(lines).encode(), needs_denominator=False, is_proportion=False)
    assert result.ok, result.errors
    assert [(r.period, r.value) for r in result.rows] == sorted((d, float(str(v))) for d, v in rows)
