"""Load the shared SPC test vectors (`shared/data/spc/`, beside the repository clone).

The folder is required: when it is missing, every test that needs it fails with a message
saying where it was looked for (a silent skip would hide a broken checkout).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "spc"
MISSING = (
    f"SPC test vectors not found at {DATA_DIR}: the shared/ folder must sit beside the repository clone "
    "(shared/data/spc/qicharts2_expected_summary.csv and friends)"
)


def require_data() -> Path:
    """The data folder, or a test failure that names where it should be."""
    if not (DATA_DIR / "qicharts2_expected_summary.csv").is_file():
        pytest.fail(MISSING, pytrace=False)
    return DATA_DIR


def data_present() -> bool:
    return (DATA_DIR / "qicharts2_expected_summary.csv").is_file()


def read_csv(name: str) -> list[dict[str, str]]:
    with (require_data() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    return None if text in ("", "NA") else float(text)


def flag(text: str) -> bool:
    if text not in ("TRUE", "FALSE"):
        raise ValueError(f"not a boolean: {text!r}")
    return text == "TRUE"


@dataclass(frozen=True)
class Case:
    """One case of the qicharts2 vectors: the chart settings and the input series."""

    case_id: str
    chart: str
    screened_mr: bool
    freeze: int | None
    parts: tuple[int, ...]
    exclude: tuple[int, ...]  # 1-based, as in the file
    multiply: float
    y: tuple[float, ...] | tuple[tuple[float, ...], ...]
    n: tuple[float, ...] | None


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in text.split(";")) if text else ()


@cache
def summary_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_csv("qicharts2_expected_summary.csv"))


@cache
def point_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_csv("qicharts2_expected_points.csv"))


@cache
def subgroups() -> tuple[tuple[float, ...], ...]:
    groups: dict[int, list[float]] = {}
    for row in read_csv("qicharts2_xbar_s_input.csv"):
        groups.setdefault(int(row["subgroup"]), []).append(float(row["value"]))
    return tuple(tuple(groups[k]) for k in sorted(groups))


@cache
def cases() -> dict[str, Case]:
    """Rebuild each case's input from the points file (y_sum, y_n, n) and the Xbar/S values."""
    points: dict[str, list[dict[str, str]]] = {}
    for row in point_rows():
        points.setdefault(row["case_id"], []).append(row)
    result: dict[str, Case] = {}
    for row in summary_rows():
        case_id = row["case_id"]
        if case_id in result:
            continue
        rows = points[case_id]
        chart = row["chart"]
        y: tuple[float, ...] | tuple[tuple[float, ...], ...]
        n: tuple[float, ...] | None = None
        if chart in ("xbar", "s"):
            y = subgroups()
        elif rows[0]["n"]:
            # P/U charts: y_sum is the numerator and n the denominator.
            y = tuple(float(r["y_sum"]) for r in rows)
            n = tuple(float(r["n"]) for r in rows)
        else:
            # One value per x: qicharts2 aggregates with the mean, y_sum / y_n.
            y = tuple(float(r["y_sum"]) / float(r["y_n"]) for r in rows)
        result[case_id] = Case(
            case_id=case_id,
            chart=chart,
            screened_mr=flag(row["screened_mr"]),
            freeze=int(row["freeze"]) if row["freeze"] else None,
            parts=_ints(row["part"]),
            exclude=_ints(row["exclude"]),
            multiply=float(row["multiply"]),
            y=y,
            n=n,
        )
    return result


@cache
def ae_attendances() -> tuple[dict[str, str], ...]:
    return tuple(read_csv("ae_attendances.csv"))
