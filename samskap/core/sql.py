"""Pieces for the few queries Samskap writes in SQL: hot paths where the ORM's work per row
shows, such as a burst of votes (`samskap.opinions`). Everything else uses the ORM."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


def in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column IN values` as SQL and its parameters: one array parameter on PostgreSQL, so
    the statement text is the same however many values (psycopg prepares it once and converts
    the array in C), and one placeholder per value elsewhere. `column` is SQL, never input."""
    if not values:
        return "1 = 0", []
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def quoted(name: str) -> str:
    """A table or column name as the database quotes it."""
    return connection.ops.quote_name(name)


def rows(values: Sequence[Sequence[Any]], types: Sequence[str]) -> tuple[str, list[Any]]:
    """Rows for `INSERT INTO table (columns) <rows> ON CONFLICT …`, as SQL and its parameters.

    On PostgreSQL one array per column (`SELECT * FROM unnest(…)`, `types` naming the columns'
    SQL types): the statement's text is the same for any number of rows, so the driver parses
    it once, and a few hundred rows cost a few parameters. Elsewhere a VALUES list."""
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{sql_type}[]" for sql_type in types)
        return f"SELECT * FROM unnest({arrays})", [  # noqa: S608 (types are SQL from the caller)
            list(column) for column in zip(*values, strict=True)
        ]
    row = "(" + ", ".join(["%s"] * len(types)) + ")"
    return "VALUES " + ", ".join([row] * len(values)), [value for one in values for value in one]
