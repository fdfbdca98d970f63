# SPDX-License-Identifier: EUPL-1.2
"""Central fixtures: a migrated database per run, a clean one per test, and an HTTP client.

Every test that takes `db` runs on SQLite; set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL
URL (postgres://...) to run the same tests on PostgreSQL instead. Its database is emptied.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from tortoise import Tortoise

from catalogue import db as database
from catalogue.app import create_app
from catalogue.settings import Settings
from catalogue.webhooks import outbox

TEST_DATABASE_URL = os.environ.get("OPENTENZIJ_TEST_DATABASE_URL", "")
# As in every composition root: webhooks hear of the writes the tests make.
outbox.subscribe_to_audit()


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


async def reset_postgres_schema(url: str) -> None:
    """Drop everything in the database's public schema (the test database only)."""
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with every migration applied, once per test run."""
    if is_postgres(TEST_DATABASE_URL):
        url = TEST_DATABASE_URL
        asyncio.run(reset_postgres_schema(url))
    else:
        url = f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    asyncio.run(database.upgrade(url))
    return url


async def empty_tables() -> None:
    connection = Tortoise.get_connection("default")
    tables = [model._meta.db_table for model in Tortoise.apps["catalogue"].values()]
    if is_postgres(TEST_DATABASE_URL):
        quoted = ", ".join(f'"{table}"' for table in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        deletes = "".join(f'DELETE FROM "{table}";' for table in tables)
        await connection.execute_script(
            f"PRAGMA foreign_keys=OFF;{deletes}DELETE FROM sqlite_sequence;PRAGMA foreign_keys=ON;"
        )


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    """The ORM connected to the test database, with every table empty."""
    async with database.connected(database_url):
        await empty_tables()
        yield database_url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
async def client(db: str, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the real app in this test's event loop."""
    app = create_app(settings, connect=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


class QueryCounter(logging.Handler):
    """Counts the SQL statements the ORM sends."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple):
            statement = str(record.args[0]).lstrip()
            if statement.split(" ", 1)[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE"}:
                self.statements.append(statement)


@pytest.fixture
def count_queries() -> Iterator[QueryCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter, level = QueryCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(level)


@pytest.fixture
def reference_dir() -> Path:
    """The shared reference data, when present beside the checkout."""
    return Path(__file__).resolve().parents[2] / "shared" / "reference"
