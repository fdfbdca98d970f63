# SPDX-License-Identifier: EUPL-1.2
"""Migrations: they apply to an empty database of each kind, and none is pending."""

from __future__ import annotations

import importlib
import shutil
import uuid
from pathlib import Path
from types import SimpleNamespace

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.cli.cli import tortoise_cli_context
from tortoise.context import TortoiseContext
from tortoise.migrations.api import migrate
from tortoise.migrations.autodetector import MigrationAutodetector

from catalogue import db as database
from catalogue.software import search
from catalogue.software.models import Software
from tests.conftest import TEST_DATABASE_URL, is_postgres

TABLES = {
    "organisation",
    "code_host_account",
    "software",
    "software_licence",
    "repository",
    "repository_language",
    "audit_event",
    "audit_checkpoint",
    "tortoise_migrations",
    "harvest_run",
    "harvest_log",
    "request_validator",
    "app_user",
    "membership",
    "web_session",
    "api_token",
    "sign_in_throttle",
    "sbom_document",
    "dependency",
    "decision",
    "decision_ground",
    "inventory_grondslag",
    "inventory_item",
    "woo_request",
    "woo_third_party",
    "woo_appeal",
    "federated_entry",
    "collection",
    "collection_entry",
    "webhook",
    "webhook_delivery",
    "vulnerability_advisory",
    "vulnerability_check",
    "vulnerability_exposure",
    "scheduled_job",
    "search_pending",
    "software_language",
}
# The search index: an FTS5 table and its shadow tables, or a table with a tsvector.
SQLITE_TABLES = TABLES | {
    "software_fts",
    *(f"software_fts_{shadow}" for shadow in ("data", "idx", "content", "docsize", "config")),
}
POSTGRES_TABLES = TABLES | {"software_search"}


async def tables_of(url: str) -> set[str]:
    async with database.connected(url):
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
    await database.upgrade(url)
    await database.upgrade(url)  # applying again is a no-op
    assert await tables_of(url) == SQLITE_TABLES
    assert (tmp_path / "fresh").stat().st_mode & 0o077 == 0  # the folder is private


@pytest.mark.postgres
async def test_migrations_create_the_schema_in_an_empty_postgres_database() -> None:
    if not is_postgres(TEST_DATABASE_URL):
        pytest.skip("set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL database")
    name = f"{TEST_DATABASE_URL.rsplit('/', 1)[1]}_migrate_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
        await database.upgrade(url)
        await database.upgrade(url)
        assert await tables_of(url) == POSTGRES_TABLES
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def upgrade_with_data(url: str) -> Software:
    """Migrate to the first migration, add rows, upgrade: columns added later must take the
    rows that exist (a NOT NULL column needs a default), on either database."""
    database.ensure_sqlite_folder(url)
    async with TortoiseContext():
        await migrate(config=database.tortoise_config(url), target="catalogue.0001_initial")
    async with database.connected(url):
        await Tortoise.get_connection("default").execute_script(
            "INSERT INTO organisation (created_at, updated_at, slug, name, kind, source) "
            "VALUES ('2026-01-01', '2026-01-01', 'o', 'O', 'gemeente', 'seed');"
            "INSERT INTO software (created_at, updated_at, name, organisation_id, "
            "description_nl, description_en, release_status, source, edited_fields, "
            "harvested_fields, sort_name, search_text) VALUES ('2026-01-01', '2026-01-01', "
            "'oud', 1, '', '', 'open', 'demo', '[]', '[]', 'oud', 'oud');"
        )
    await database.upgrade(url)
    async with database.connected(url):
        return await Software.get(name="oud")


async def test_a_catalogue_with_data_upgrades_on_sqlite(tmp_path: Path) -> None:
    software = await upgrade_with_data(f"sqlite://{tmp_path}/old/catalogue.sqlite3")
    assert (software.categories, software.findings, software.publiccode_check) == (None,) * 3
    assert software.release_status.value == "undecided"  # it follows the register now


@pytest.mark.postgres
async def test_a_catalogue_with_data_upgrades_on_postgres() -> None:
    if not is_postgres(TEST_DATABASE_URL):
        pytest.skip("set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL database")
    name = f"{TEST_DATABASE_URL.rsplit('/', 1)[1]}_upgrade_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        software = await upgrade_with_data(TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}")
        assert software.findings is None and software.name == "oud"
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def test_no_model_change_lacks_a_migration(tmp_path: Path) -> None:
    config = database.tortoise_config(f"sqlite://{tmp_path}/detect.sqlite3")
    async with tortoise_cli_context(config) as context:
        writers = await MigrationAutodetector(context.apps, config["apps"]).changes()
    assert [writer.name for writer in writers] == [], "run: tortoise makemigrations"


LIST_INDEXES = {
    ("software", ("sort_name", "id")),
    ("software", ("created_at", "id")),
    ("software", ("updated_at", "id")),
    ("software", ("organisation_id",)),
    ("repository", ("software_id",)),
    ("repository", ("account_id",)),
    ("repository_language", ("key", "repository_id")),
    ("software_licence", ("identifier", "software_id")),
    ("software_language", ("key", "software_id")),
}


async def index_columns(url: str) -> set[tuple[str, tuple[str, ...]]]:
    """Every index of the database as (table, columns), read from the database itself."""
    async with database.connected(url):
        connection = Tortoise.get_connection("default")
        if is_postgres(url):
            _, rows = await connection.execute_query(
                "SELECT t.relname AS tbl, array_agg(a.attname ORDER BY k.n) AS cols "
                "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
                "JOIN pg_namespace s ON s.oid = t.relnamespace WHERE s.nspname = 'public' "
                "GROUP BY t.relname, i.indexrelid"
            )
            return {(row["tbl"], tuple(row["cols"])) for row in rows}
        found = set()
        for table in TABLES:
            _, indexes = await connection.execute_query(f'PRAGMA index_list("{table}")')
            for index in indexes:
                _, columns = await connection.execute_query(f'PRAGMA index_info("{index["name"]}")')
                found.add((table, tuple(column["name"] for column in columns)))
        return found


async def test_the_lists_have_their_indexes_on_real_columns(db: str) -> None:
    assert LIST_INDEXES <= await index_columns(db)


async def test_the_sqlite_index_gets_its_filter_tokens_in_sql_and_loses_them_going_back(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """Migration 0022 makes the FTS5 table again with a `filters` column: the indexed text is
    copied as it was, and the tokens it writes in SQL are the ones search.filter_tokens
    gives; going back drops the column and keeps the text. Its two steps are run by hand on
    a copy of the migrated template: tortoise-orm would build every model of every earlier
    migration again for each (seconds, where the steps take milliseconds)."""
    step = importlib.import_module("catalogue.migrations.0022_search_filters")
    path = tmp_path / "catalogue.sqlite3"
    shutil.copyfile(sqlite_template, path)
    text = ("oud", "o", "kaart", "python go", "een oude kaart", "")
    async with database.connected(f"sqlite://{path}"):
        connection = Tortoise.get_connection("default")
        editor = SimpleNamespace(client=connection)
        await step.backward(None, editor)  # as at 0021
        await connection.execute_script(
            "INSERT INTO organisation (created_at, updated_at, slug, name, kind, source) "
            "VALUES ('2026-01-01', '2026-01-01', 'o', 'O', 'gemeente', 'seed');"
            "INSERT INTO software (id, created_at, updated_at, name, organisation_id, "
            "description_nl, description_en, release_status, source, edited_fields, "
            "harvested_fields, sort_name, search_text) VALUES (7, '2026-01-01', '2026-01-01', "
            "'oud', 1, '', '', 'open', 'demo', '[]', '[]', 'oud', 'oud');"
            "INSERT INTO software_licence (software_id, identifier) VALUES (7, 'EUPL-1.2'), "
            "(7, 'MIT');"
            "INSERT INTO repository (id, created_at, updated_at, forge, url, full_name, "
            "description, topics, stars, forks, archived, open_issues, has_publiccode, active, "
            "first_seen_at, source, software_id) VALUES (3, '2026-01-01', '2026-01-01', "
            "'github', 'https://x.example/o/oud', 'o/oud', '', '[]', 0, 0, 0, 0, 0, 1, "
            "'2026-01-01', 'demo', 7);"
            "INSERT INTO repository_language (repository_id, name, key, position) VALUES "
            "(3, 'Python', 'python', 0), (3, 'C#', 'c#', 1);"
            "DELETE FROM search_pending;"
            "INSERT INTO software_fts (rowid, name, organisation, topics, languages, text, "
            f"publiccode) VALUES (7, {', '.join(repr(t) for t in text)});"
        )
        await step.forward(None, editor)
        _, rows = await connection.execute_query("SELECT * FROM software_fts WHERE rowid = 7")
        row = dict(rows[0])
        assert tuple(row[name] for name in search.FIELDS) == text
        expected = search.filter_tokens(licences=["EUPL-1.2", "MIT"], languages=["python", "c#"])
        assert set(row["filters"].split()) == set(expected)
        _, found = await connection.execute_query(
            "SELECT rowid FROM software_fts WHERE software_fts MATCH ?",
            [search.fts5_match(search.parse("kaart"), expected[::3])],
        )
        assert [dict(r)["rowid"] for r in found] == [7]
        await connection.execute_query(
            "UPDATE software_licence SET identifier = 'MPL-2.0' WHERE identifier = 'MIT'"
        )
        _, queued = await connection.execute_query("SELECT software_id FROM search_pending")
        assert {dict(r)["software_id"] for r in queued} == {7}  # the new trigger
        await step.backward(None, editor)
        _, rows = await connection.execute_query("SELECT * FROM software_fts WHERE rowid = 7")
        assert dict(rows[0]) == dict(zip(search.FIELDS, text, strict=True))
