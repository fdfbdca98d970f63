# SPDX-License-Identifier: EUPL-1.2
"""Migrations: they apply to an empty database of each kind, and none is pending."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.cli.cli import tortoise_cli_context
from tortoise.migrations.autodetector import MigrationAutodetector

from catalogue import db
from tests.conftest import TEST_DATABASE_URL, is_postgres

TABLES = {
    "organisation",
    "code_host_account",
    "software",
    "software_licence",
    "repository",
    "repository_language",
    "audit_event",
    "tortoise_migrations",
}


async def tables_of(url: str) -> set[str]:
    async with db.connected(url):
        connection = Tortoise.get_connection("default")
        if is_postgres(url):
            _, rows = await connection.execute_query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
            return {row["tablename"] for row in rows}
        _, rows = await connection.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
        return {row["name"] for row in rows} - {"sqlite_sequence"}


async def test_migrations_create_the_schema_in_an_empty_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/fresh/catalogue.sqlite3"
    await db.upgrade(url)
    await db.upgrade(url)  # applying again is a no-op
    assert await tables_of(url) == TABLES
    assert (tmp_path / "fresh").stat().st_mode & 0o077 == 0  # the folder is private


async def test_migrations_create_the_schema_in_an_empty_postgres_database() -> None:
    if not is_postgres(TEST_DATABASE_URL):
        pytest.skip("set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL database")
    name = f"opentenzij_migrate_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
        await db.upgrade(url)
        await db.upgrade(url)
        assert await tables_of(url) == TABLES
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def test_no_model_change_lacks_a_migration(tmp_path: Path) -> None:
    config = db.tortoise_config(f"sqlite://{tmp_path}/detect.sqlite3")
    async with tortoise_cli_context(config) as context:
        writers = await MigrationAutodetector(context.apps, config["apps"]).changes()
    assert [writer.name for writer in writers] == [], "run: tortoise makemigrations"
