"""The SQL pieces of the vote path (samskap/core/sql.py), on whichever database the run uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from samskap.core.sql import in_list, rows

pytestmark = pytest.mark.django_db

NUMBERS = "(SELECT 1 AS c UNION ALL SELECT 2 UNION ALL SELECT 3) AS numbers"


def selected(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def test_in_list_keeps_the_values_asked_for_and_none_when_none_are() -> None:
    among, params = in_list("c", [3, 1])
    assert selected(f"SELECT c FROM {NUMBERS} WHERE {among} ORDER BY c", params) == [(1,), (3,)]
    among, params = in_list("c", [])
    assert selected(f"SELECT c FROM {NUMBERS} WHERE {among}", params) == []


def test_rows_come_back_in_the_order_given() -> None:
    sql, params = rows([(3, "c"), (1, "a"), (2, "b")], ["bigint", "text"])
    assert selected(sql, params) == [(3, "c"), (1, "a"), (2, "b")]
    with pytest.raises(ValueError, match="at least one row"):
        rows([], ["bigint"])
