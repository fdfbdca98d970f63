# SPDX-License-Identifier: EUPL-1.2
"""Reading rows as the database driver returns them, for the hot paths (exports, detail
pages): no model objects, and no per-value conversion by the ORM, which costs more than the
query itself (an ISO 8601 parse per SQLite timestamp, an enum per choice). The few
conversions a reader needs are here, for both databases: `moment`, `json_value`.

The query is still built by the ORM (filters, joins, ordering), with `values_list`; only
running it and reading its rows is done here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

import msgspec
from tortoise import Tortoise
from tortoise.queryset import ValuesListQuery

Row = Sequence[Any]  # sqlite3.Row or asyncpg.Record: read by position, in values_list's order
_decode = msgspec.json.Decoder().decode


async def rows_of(query: ValuesListQuery[Any]) -> list[Row]:
    """The rows of a values_list query, by position, with the driver's own values: text for
    SQLite timestamps and JSON, 0/1 for its booleans (see `moment`, `json_value`, `bool`)."""
    # What ValuesListQuery.__await__ does, less its per-value to_python_value calls.
    query._choose_db_if_not_chosen()
    query._make_query()
    _, rows = await query._db.execute_query(*query.query.get_parameterized_sql())
    return cast(list[Row], list(rows))


async def statement_rows(sql: str, values: Sequence[Any]) -> list[Row]:
    """The rows of one SELECT written with `?` placeholders (and no other question mark), on
    either database: for the few hot reads whose SQL is fixed, so that no query is built per
    request."""
    client = Tortoise.get_connection("default")
    if client.capabilities.dialect == "postgres":
        sql = _numbered(sql)
    _, rows = await client.execute_query(sql, list(values))
    return cast(list[Row], list(rows))


@cache
def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1`, `$2`, ..."""
    parts = sql.split("?")
    return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], 1)) + parts[-1]


def moment(value: datetime | str) -> datetime:
    """A stored timestamp as an aware datetime in UTC (SQLite keeps ISO 8601 text)."""
    if isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def maybe_moment(value: datetime | str | None) -> datetime | None:
    """`moment` of a column that may be empty."""
    return None if value is None else moment(value)


def iso_moment(value: datetime | str | None) -> str | None:
    """A stored timestamp as ISO 8601 text in UTC, as `datetime.isoformat` writes it; None
    stays None."""
    return None if value is None else moment(value).isoformat()


def json_value(value: Any) -> Any:
    """A stored JSON column's value (SQLite and asyncpg give its text; decoded here)."""
    if isinstance(value, str | bytes):
        return _decode(value)
    return value
