# SPDX-License-Identifier: EUPL-1.2
"""What code.json reads: a batch of entries in one statement, only the columns it writes, each
entry's repositories and their languages brought along as one JSON array made by the database
(SQLite `json_group_array`, PostgreSQL `json_agg`) and decoded by msgspec; a second, light
statement finds the batch's entries with a decision in force, and only those are read whole,
as records (ADR 0010).

Alike on both databases: the same columns, the same order of repositories (by full name, then
id) and of their languages (the primary first), moments as text in UTC.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

import msgspec
from tortoise import Tortoise
from tortoise.queryset import ValuesListQuery

from catalogue.exports.records import BATCH_SIZE, ExportRecord, records_of, software_ids_filter
from catalogue.federation.models import FederatedEntry
from catalogue.rows import Row, rows_of
from catalogue.software.queries import SoftwareFilters, searched, software_queryset
from wooexemptions.models import Decision
from wooexemptions.states import IN_FORCE


class RepositoryRow(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """What code.json writes of a repository, as the database's JSON array gives it."""

    url: str
    full_name: str
    topics: list[Any] | None  # stored JSON: null read as none, as records read it
    created_on_host_at: str | None  # ISO 8601; UTC where no offset is written
    last_activity_at: str | None
    languages: list[str]  # primary first


_repositories = msgspec.json.Decoder(list[RepositoryRow]).decode
_batch_repositories = msgspec.json.Decoder(list[list[RepositoryRow]]).decode

# The entry's columns code.json writes, then its repositories (the JSON array above).
COLUMNS = (
    "id",
    "name",
    "description_nl",
    "description_en",
    "release_status",
    "licence",
    "development_status",
    "homepage",
    "categories",
    "created_at",
    "updated_at",
    "organisation__id",
    "organisation__name",
    "organisation__website",
    # and what DCAT writes of the organisation besides (code.json reads them by position
    # before these: they cost it little)
    "organisation__slug",
    "organisation__kind",
    "organisation__tooi_uri",
    "organisation__oin",
)
REPOSITORIES = len(COLUMNS)  # the position of the repositories' JSON in a row

# Each correlated on the entry ("software"."id"), by the index on repository.software_id.
_SQLITE = (
    "(SELECT json_group_array(json_array(r.url, r.full_name, json(r.topics), "
    "r.created_on_host_at, r.last_activity_at, "
    "(SELECT json_group_array(l.name) FROM (SELECT l.name FROM repository_language l "
    "WHERE l.repository_id = r.id ORDER BY l.position) l))) "
    'FROM (SELECT * FROM repository r WHERE r.software_id = "software"."id" '
    "ORDER BY r.full_name, r.id) r)"
)
# SQLite before 3.44 has no ORDER BY inside an aggregate; it aggregates the rows of an ordered
# subquery in their order (tests/catalogue/exports/test_lean.py holds it to that).
_POSTGRES = (
    "(SELECT coalesce(json_agg(json_build_array(r.url, r.full_name, r.topics, "
    "r.created_on_host_at AT TIME ZONE 'UTC', r.last_activity_at AT TIME ZONE 'UTC', "
    "(SELECT coalesce(json_agg(l.name ORDER BY l.position), '[]') FROM repository_language l "
    "WHERE l.repository_id = r.id)) ORDER BY r.full_name, r.id), '[]') "
    'FROM repository r WHERE r.software_id = "software"."id")'
)


@dataclass(frozen=True, slots=True)
class LeanBatch:
    """A batch of entries: `rows` (COLUMNS, then the repositories' JSON), by id, and the
    records of those with a decision in force (`decided`; and of those with a provenance,
    where the batches were read `federated`)."""

    rows: list[Row]
    decided: dict[int, ExportRecord]

    def repositories(self, row: Row) -> list[RepositoryRow]:
        value = row[REPOSITORIES]
        if isinstance(value, str | bytes):
            return _repositories(value)
        if isinstance(value, list) and all(type(r) is RepositoryRow for r in value):
            return value  # read whole as one batch (SQLite, `_batch_rows`)
        return msgspec.convert(value, list[RepositoryRow])  # a driver that decoded it

    def all_repositories(self) -> list[list[RepositoryRow]]:
        """`repositories` of each row, in order: decoded in one go where the driver gave text."""
        values = [row[REPOSITORIES] for row in self.rows]
        if all(type(value) is str for value in values):
            return _batch_repositories("[" + ",".join(values) + "]")
        return [self.repositories(row) for row in self.rows]


async def stream_lean_batches(
    filters: SoftwareFilters | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    federated: bool = False,
) -> AsyncIterator[LeanBatch]:
    """The entries matching the filters (all non-archived ones by default), by id, a batch of
    `batch_size` at a time: two statements a batch, five more for a batch with decisions.
    With `federated`, entries with a provenance are read whole too, as records in `decided`
    (DCAT writes where a federated entry comes from), in one more statement a batch.

    The next batch's rows are read while the caller writes this one: the database works
    (PostgreSQL's server, or SQLite in its driver's thread, where the whole batch is one step
    of the statement, `_batch_rows`) while Python writes."""
    postgres = Tortoise.get_connection("default").capabilities.dialect == "postgres"
    query = software_queryset(await searched(filters or SoftwareFilters()))

    def read(after: int) -> asyncio.Task[list[Row]]:
        batch = query.filter(id__gt=after).order_by("id").limit(batch_size)
        rows = (
            _rows_with(batch.values_list(*COLUMNS), _POSTGRES)
            if postgres
            else _batch_rows(batch.values_list(*COLUMNS))
        )
        return asyncio.ensure_future(rows)

    reading = read(0)
    try:
        while True:
            rows = await reading
            if not rows:
                return
            ids = [row[0] for row in rows]
            in_force = Decision.filter(**software_ids_filter(ids), state__in=list(IN_FORCE))
            decided = await rows_of(in_force.values_list("software_id"))
            if federated:
                imported = FederatedEntry.filter(**software_ids_filter(ids))
                decided += await rows_of(imported.values_list("software_id"))
            wanted = set(ids).intersection(row[0] for row in decided)
            records = {record.id: record for record in await records_of(wanted)} if wanted else {}
            if len(rows) < batch_size:
                yield LeanBatch(rows, records)
                return
            reading = read(ids[-1])  # after this batch's own statements: one connection
            await asyncio.sleep(0)  # let it reach the driver's thread before writing
            yield LeanBatch(rows, records)
    finally:
        if not reading.done():  # the caller stopped early (a download broken off)
            reading.cancel()
            await asyncio.gather(reading, return_exceptions=True)


def _with_column(query: ValuesListQuery[Any], column: str) -> tuple[str, list[Any]]:
    """The SQL of a values_list query of the software table with one more column written
    after its own, and its values. Not the ORM's RawSQL annotation: tortoise selects an
    annotation twice when `values_list` names it, and this one is most of the statement's
    work."""
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, values = query.query.get_parameterized_sql()
    select, found, rest = sql.partition(_FROM)
    if not found:
        raise ValueError("not a query of the software table")
    return f"{select},{column}{found}{rest}", values


async def _rows_with(query: ValuesListQuery[Any], column: str) -> list[Row]:
    """`rows_of`, with one more column written in SQL after the query's own."""
    sql, values = _with_column(query, column)  # chooses the query's database first
    _, rows = await query._db.execute_query(sql, values)
    return cast(list[Row], list(rows))


async def _batch_rows(query: ValuesListQuery[Any]) -> list[Row]:
    """SQLite: `_rows_with` the repositories, as one JSON text for the whole batch: one step
    of the statement, which the driver runs in its thread with the GIL released, where a row
    at a time it takes the GIL back for each row and waits for it behind the writer (so the
    next batch read while one is written gained nothing). Decoded by msgspec into the same
    tuples, the repositories decoded too. SQLite aggregates an ordered subquery's rows in
    their order (before 3.44 it has no ORDER BY inside an aggregate; test_lean holds it)."""
    sql, values = _with_column(query, f'{_SQLITE} AS "r"')
    names = ", ".join(f'"{n}"' for n in range(REPOSITORIES))
    whole = f'SELECT json_group_array(json_array({names}, json("r"))) FROM ({sql})'
    _, rows = await query._db.execute_query(whole, values)
    return cast(list[Row], _batch(rows[0][0])) if rows else []


# A batch as `_batch_rows` reads it: the columns as the driver gives them, then the
# repositories. A tuple type of REPOSITORIES + 1 positions, made at run time (mypy cannot
# read a computed one).
_BatchRow = tuple.__class_getitem__((*(Any,) * REPOSITORIES, list[RepositoryRow]))
_batch = msgspec.json.Decoder(list[_BatchRow]).decode  # type: ignore[valid-type]
_FROM = ' FROM "software"'  # where the select list of the ORM's statement ends
