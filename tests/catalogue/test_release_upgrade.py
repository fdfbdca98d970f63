# SPDX-License-Identifier: EUPL-1.2
"""A catalogue made by the previous release upgrades to today's schema, whatever moved in the
code since: migrations replay what they did without importing live models.

tests/data/release-0.1.0/ holds a database of release 0.1.0 (one organisation, one entry with
a repository, their audit events) dumped from SQLite and from PostgreSQL; make.py says how."""

from __future__ import annotations

import ast
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise import Tortoise

from catalogue import db as database
from catalogue.audit.events import verify_chain
from catalogue.software.models import Software
from tests.conftest import TEST_DATABASE_URL, is_postgres

RELEASE = Path(__file__).resolve().parents[1] / "data" / "release-0.1.0"
MIGRATIONS = Path(database.__file__).resolve().parent / "migrations"


async def sqlite_schema(url: str) -> dict[str, Any]:
    """Every table's columns and every index, as SQLite describes them."""
    async with database.connected(url):
        connection = Tortoise.get_connection("default")
        _, tables = await connection.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sqlite_sequence'"
        )
        schema: dict[str, Any] = {}
        for table in sorted(row["name"] for row in tables):
            _, columns = await connection.execute_query(f'PRAGMA table_info("{table}")')
            _, indexes = await connection.execute_query(f'PRAGMA index_list("{table}")')
            described = []
            for index in indexes:
                _, keys = await connection.execute_query(f'PRAGMA index_info("{index["name"]}")')
                names = tuple(key["name"] for key in keys)
                described.append((index["unique"], index["origin"], names))
            schema[table] = {
                "columns": [tuple(column) for column in columns],
                "indexes": sorted(described),
            }
        return schema


async def postgres_schema(url: str) -> dict[str, Any]:
    """Every column, index and constraint of the public schema, as PostgreSQL describes them."""
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        columns = await connection.fetch(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, "
            "character_maximum_length FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        )
        indexes = await connection.fetch(
            "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "ORDER BY tablename, indexdef"
        )
        constraints = await connection.fetch(
            "SELECT conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
        )
    finally:
        await connection.close()
    return {
        "columns": [tuple(row) for row in columns],
        "indexes": [tuple(row) for row in indexes],
        "constraints": [tuple(row) for row in constraints],
    }


async def applied_migrations(url: str) -> list[str]:
    async with database.connected(url):
        _, rows = await Tortoise.get_connection("default").execute_query(
            "SELECT name FROM tortoise_migrations ORDER BY name"
        )
        return [row["name"] for row in rows]


async def check_the_old_data(url: str) -> None:
    async with database.connected(url):
        software = await Software.get(name="oude-app").prefetch_related("repositories", "licences")
        assert [r.url for r in software.repositories] == [
            "https://github.com/gemeente-oud/oude-app"
        ]
        assert [licence.identifier for licence in software.licences] == ["EUPL-1.2"]
        report = await verify_chain()
        assert report.broken_at is None and report.events == 3


async def test_a_sqlite_catalogue_of_release_0_1_0_upgrades_to_todays_schema(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """Compared with the session's template: a new file that every migration was applied to."""
    old = tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as connection:
        connection.executescript((RELEASE / "sqlite.sql").read_text(encoding="utf-8"))
    old_url, new_url = f"sqlite://{old}", f"sqlite://{tmp_path}/new.sqlite3"
    await database.upgrade(old_url)
    shutil.copyfile(sqlite_template, tmp_path / "new.sqlite3")
    assert await sqlite_schema(old_url) == await sqlite_schema(new_url)
    assert await applied_migrations(old_url) == await applied_migrations(new_url)
    await check_the_old_data(old_url)


@pytest.mark.postgres
async def test_a_postgres_catalogue_of_release_0_1_0_upgrades_to_todays_schema(
    database_url: str,
) -> None:
    """Compared with the session's test database: one that every migration was applied to."""
    if not is_postgres(TEST_DATABASE_URL):
        pytest.skip("set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL database")
    admin = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    name = f"opentenzij_release_{uuid.uuid4().hex[:8]}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        old_url = TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
        old = await asyncpg.connect(old_url.replace("postgres://", "postgresql://", 1))
        try:
            await old.execute((RELEASE / "postgresql.sql").read_text(encoding="utf-8"))
        finally:
            await old.close()
        await database.upgrade(old_url)
        assert await postgres_schema(old_url) == await postgres_schema(database_url)
        assert await applied_migrations(old_url) == await applied_migrations(database_url)
        await check_the_old_data(old_url)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def test_migrations_import_no_live_code() -> None:
    """A migration that imported a model or an enum by path would break when it moves: they
    import only tortoise, the standard library and their own frozen enums."""
    allowed = (
        "tortoise",
        "catalogue.migrations._enums",
        "enum",
        "json",
        "functools",
        "typing",
        "__future__",
    )
    found = {
        (path.name, node.module)
        for path in MIGRATIONS.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
        if not node.module.startswith(allowed)
    }
    found |= {
        (path.name, alias.name)
        for path in MIGRATIONS.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import)
        for alias in node.names
        if not alias.name.startswith(allowed)
    }
    assert found == set()
