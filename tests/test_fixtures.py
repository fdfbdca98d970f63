# SPDX-License-Identifier: EUPL-1.2
"""What the central fixtures promise (tests/conftest.py): each test starts on empty tables and
runs in a transaction that no other connection sees and that is rolled back after it; the code
under test nests its own transactions in it as savepoints, the app behind `client` runs in it
too, savepoints are not counted as queries, and a test marked `commits` commits for real."""

from __future__ import annotations

import sqlite3

import asyncpg
import httpx
import pytest
from tortoise.transactions import in_transaction

from catalogue.organisations.models import Organisation
from catalogue.settings import sqlite_path
from tests.conftest import QueryCounter, is_postgres
from tests.factories import make_organisation


async def committed_organisations(database_url: str) -> int:
    """The organisations another connection sees: only what was committed."""
    if is_postgres(database_url):
        other = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
        try:
            return int(await other.fetchval('SELECT count(*) FROM "organisation"'))
        finally:
            await other.close()
    path = sqlite_path(database_url)
    assert path is not None
    with sqlite3.connect(path) as other:
        return int(other.execute('SELECT count(*) FROM "organisation"').fetchone()[0])


@pytest.mark.parametrize("turn", [1, 2])
async def test_each_test_starts_empty_and_its_writes_stay_in_its_transaction(
    db: str, turn: int
) -> None:
    assert await Organisation.all().count() == 0
    organisation = await make_organisation()
    assert organisation.pk == 1  # ids start again, as on emptied tables
    assert await Organisation.all().count() == 1
    assert await committed_organisations(db) == 0


async def test_the_code_under_test_nests_its_transactions_in_the_tests(db: str) -> None:
    await make_organisation()  # commits its own transaction: a savepoint, released
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await make_organisation()
            raise RuntimeError("rolled back to the savepoint")
    assert await Organisation.all().count() == 1
    assert await committed_organisations(db) == 0


async def test_the_app_runs_in_the_tests_transaction(db: str, client: httpx.AsyncClient) -> None:
    organisation = await make_organisation("Gemeente Nergens")
    answer = await client.get(f"/api/v1/organisations/{organisation.slug}")
    assert answer.status_code == 200 and answer.json()["name"] == "Gemeente Nergens"
    assert await committed_organisations(db) == 0


async def test_savepoints_are_not_counted_as_queries(db: str, count_queries: QueryCounter) -> None:
    async with in_transaction():
        async with in_transaction():
            await Organisation.all().count()
    assert len(count_queries.statements) == 1


@pytest.mark.commits
async def test_a_test_marked_commits_commits(db: str) -> None:
    assert await Organisation.all().count() == 0
    organisation = await make_organisation()
    assert organisation.pk == 1
    assert await committed_organisations(db) == 1
