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
from typing import Any, cast

import msgspec
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


def moment(value: datetime | str) -> datetime:
    """A stored timestamp as an aware datetime in UTC (SQLite keeps ISO 8601 text)."""
    if isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def maybe_moment(value: datetime | str | None) -> datetime | None:
    """`moment` of a column that may be empty."""
    return None if value is None else moment(value)


def json_value(value: Any) -> Any:
    """A stored JSON column's value (SQLite and asyncpg give its text; decoded here)."""
    if isinstance(value, str | bytes):
        return _decode(value)
    return value
