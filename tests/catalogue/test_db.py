# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from catalogue import db as database
from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from tests.conftest import TEST_DATABASE_URL, is_postgres


async def create_and_count(url: str, name: str) -> int:
    async with database.connected(url):
        await Organisation.create(slug=name, name=name, kind=OrganisationKind.OTHER)
        return await Organisation.filter(slug=name).count()


@pytest.mark.commits  # it writes to the test database through a connection of its own
async def test_one_process_can_use_sqlite_then_postgres(tmp_path: Path, db: str) -> None:
    if not is_postgres(TEST_DATABASE_URL):
        pytest.skip("set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL database")
    sqlite = f"sqlite://{tmp_path}/first.sqlite3"
    await database.upgrade(sqlite)
    assert await create_and_count(sqlite, "eerste") == 1
    assert await create_and_count(db, "tweede") == 1


async def test_connecting_to_an_unreachable_database_fails_at_once() -> None:
    with pytest.raises(OSError):
        async with database.connected("postgres://app@127.0.0.1:1/gone"):
            pass


@pytest.mark.usefixtures("migrated_from_template")
async def test_sqlite_runs_in_write_ahead_log_mode(tmp_path: Path) -> None:
    from tortoise import Tortoise

    url = f"sqlite://{tmp_path}/var/wal.sqlite3"
    await database.upgrade(url)
    async with database.connected(url):
        _, rows = await Tortoise.get_connection("default").execute_query("PRAGMA journal_mode")
    assert rows[0]["journal_mode"] == "wal"


@pytest.mark.usefixtures("migrated_from_template")
async def test_migrating_pauses_the_garbage_collector_and_collects_once_at_the_end(
    tmp_path: Path,
) -> None:
    """tortoise-orm builds every model again for each migration: automatic passes of the
    collector over those classes (and all else the process holds) were most of its time."""
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(count)
    try:
        await database.upgrade(f"sqlite://{tmp_path}/var/paused.sqlite3")
    finally:
        gc.callbacks.remove(count)
    assert passes == [2]  # the one full pass on leaving
    assert gc.isenabled()
