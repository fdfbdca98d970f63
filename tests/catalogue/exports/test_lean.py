# SPDX-License-Identifier: EUPL-1.2
"""What code.json reads: a batch in one statement with its repositories and their languages
brought along by the database, alike on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest

from catalogue.exports import lean
from catalogue.exports.lean import stream_lean_batches
from catalogue.rows import moment
from catalogue.software import search
from catalogue.software.models import Repository, RepositoryLanguage, Software
from catalogue.software.queries import SoftwareFilters, software_queryset
from tests.catalogue.exports.test_dcat_equivalence import HOSTILE
from tests.catalogue.exports.test_feeds_api import publish
from tests.conftest import QueryCounter
from tests.factories import make_organisation, make_software


async def test_repositories_come_by_full_name_with_their_languages_primary_first(db: str) -> None:
    organisation = await make_organisation("Gemeente Volgorde", account="volgorde")
    software = await make_software(organisation, "volgorde", languages=("Zig", "Ada", "Go"))
    for name in ("c/zz", "c/aa"):  # made after the first: ids in another order than names
        await Repository.create(
            software=software, url=f"https://github.com/{name}", forge="github", full_name=name,
            description="", topics=["t"], stars=0, forks=0, archived=False, open_issues=0,
            has_publiccode=False, active=True, first_seen_at=datetime.now(UTC), source="demo",
        )  # fmt: skip
    created = datetime(2026, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=-3)))
    await Repository.filter(full_name="c/aa").update(created_on_host_at=created)
    aa = await Repository.get(full_name="c/aa")
    for position, language in enumerate(("Rust", "C", "Python")):
        await RepositoryLanguage.create(
            repository=aa, name=language, key=language.lower(), position=position
        )
    [batch] = [batch async for batch in stream_lean_batches()]
    [row] = batch.rows
    repositories = batch.repositories(row)
    assert [r.full_name for r in repositories] == ["c/aa", "c/zz", "volgorde/volgorde-0"]
    assert repositories[0].languages == ["Rust", "C", "Python"]
    assert repositories[2].languages == ["Zig", "Ada", "Go"]
    assert repositories[0].topics == ["t"]
    assert repositories[0].created_on_host_at is not None
    assert moment(repositories[0].created_on_host_at) == created  # the same instant
    assert repositories[1].created_on_host_at is None
    assert repositories[1].languages == []


async def test_two_statements_a_batch_and_records_only_for_decided_entries(
    db: str, count_queries: QueryCounter
) -> None:
    organisation = await make_organisation("Gemeente Lean", account="lean")
    made = [await make_software(organisation, f"lean-{n}", repositories=n % 3) for n in range(12)]
    count_queries.statements.clear()
    batches = [batch async for batch in stream_lean_batches(batch_size=5)]
    assert [row[0] for batch in batches for row in batch.rows] == [s.id for s in made]
    assert [len(batches[0].repositories(row)) for row in batches[0].rows] == [0, 1, 2, 0, 1]
    assert len(count_queries.statements) == 3 * 2
    assert not any(batch.decided for batch in batches)

    await publish(made[6], organisation)
    count_queries.statements.clear()
    batches = [batch async for batch in stream_lean_batches(batch_size=5)]
    assert list(batches[1].decided) == [made[6].id]
    assert batches[1].decided[made[6].id].decision is not None
    assert len(count_queries.statements) == 3 * 2 + 5  # the batch with a decision: its record


async def test_sqlite_reads_a_batch_as_one_text_that_gives_the_same_rows(db: str) -> None:
    """SQLite reads a batch as one JSON text (`_batch_rows`): the same values, in the same
    order, as a row at a time, whatever the texts hold; on PostgreSQL it is never used."""
    if search.is_postgres():
        pytest.skip("PostgreSQL reads a row at a time: its server works while Python writes")
    organisation = await make_organisation('Gemeente "Aan\\het\nWerk" \u202e', account="werk")
    for number, text in enumerate((*HOSTILE, "nul \x00 en \x01", "")):
        software = await make_software(
            organisation, f"werk-{number}", languages=("Go", text or "C"),
            description_nl=text, repositories=number % 3,
        )  # fmt: skip
        await Software.filter(id=software.pk).update(homepage=text, categories=[text])
        await Repository.filter(software_id=software.pk).update(topics=[text, "t"])
    entries = software_queryset(SoftwareFilters()).order_by("id")
    query = entries.values_list(*lean.COLUMNS)
    one_text = await lean._batch_rows(query)
    row_by_row = await lean._rows_with(query, lean._SQLITE)
    assert len(one_text) == len(row_by_row) == len(HOSTILE) + 2
    batch = lean.LeanBatch(row_by_row, {})
    for read, expected in zip(one_text, row_by_row, strict=True):
        assert tuple(read[: lean.REPOSITORIES]) == tuple(expected[: lean.REPOSITORIES])
        assert read[lean.REPOSITORIES] == batch.repositories(expected)
    assert await lean._batch_rows(entries.filter(id__gt=10**9).values_list(*lean.COLUMNS)) == []


async def test_a_download_broken_off_leaves_no_read_of_the_next_batch_running(db: str) -> None:
    organisation = await make_organisation("Gemeente Afgebroken", account="af")
    for number in range(6):
        await make_software(organisation, f"af-{number}")
    before = asyncio.all_tasks()
    batches = stream_lean_batches(batch_size=2)
    first = await anext(batches)  # the second batch is being read meanwhile
    assert len(first.rows) == 2
    reading = [task for task in asyncio.all_tasks() - before if task is not asyncio.current_task()]
    assert reading and not all(task.done() for task in reading)
    await batches.aclose()
    assert all(task.done() for task in reading)
