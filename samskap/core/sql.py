"""Pieces for the few queries Samskap writes in SQL: hot paths where the ORM's work per row
shows, such as a burst of votes (`samskap.opinions`). Everything else uses the ORM.

A list of values goes to the database as one parameter, however long: an array on PostgreSQL,
a JSON text read with `json_each` elsewhere (SQLite). The statement's text is then the same
for any number of values, so the driver's cache of parsed statements is hit, no statement
runs into a limit on the number of parameters, and a few hundred rows cost a few parameters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection


def in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column IN values` as SQL and its parameters. `column` is SQL, never input; values are
    numbers or text (on SQLite, a uuid as the 32 hex digits Django stores)."""
    if not values:
        return "1 = 0", []
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(values))]  # noqa: S608 (column is SQL)


def rows(values: Sequence[Sequence[Any]], types: Sequence[str]) -> tuple[str, list[Any]]:
    """Rows for `INSERT INTO table (columns) <rows> ON CONFLICT …`, as SQL and its parameters,
    in the order given (callers sort them, so that concurrent inserts lock rows in one order).
    `types` names the columns' SQL types on PostgreSQL; elsewhere each value is as the database
    stores it (`connection.ops.adapt_datetimefield_value` for a time)."""
    if not values:
        raise ValueError("rows() needs at least one row")
    names = [f"c{i}" for i in range(len(types))]
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{sql_type}[]" for sql_type in types)
        return (
            f"SELECT {', '.join(names)} FROM unnest({arrays}) WITH ORDINALITY AS r({', '.join(names)}, n) ORDER BY n",  # noqa: S608 (types are SQL from the caller)
            [list(column) for column in zip(*values, strict=True)],
        )
    columns = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(types)))
    # WHERE true: SQLite reads `ON CONFLICT` after a bare SELECT as the start of a join.
    return f"SELECT {columns} FROM json_each(%s) WHERE true ORDER BY key", [json.dumps([list(v) for v in values])]  # noqa: S608 (as above)


def quoted(name: str) -> str:
    """A table or column name as the database quotes it."""
    return connection.ops.quote_name(name)
