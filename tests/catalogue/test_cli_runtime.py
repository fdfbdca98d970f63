# SPDX-License-Identifier: EUPL-1.2
"""The CLI's runtime: only `serve` and `db upgrade` change the schema, every other command
refuses a database that is not up to date and names the command to run; and each command loads
only what it uses."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from click.testing import CliRunner, Result
from tortoise.context import TortoiseContext
from tortoise.migrations.api import migrate

from catalogue import db as database
from catalogue.cli import main
from tests.conftest import TEST_DATABASE_URL, is_postgres

ROOT = Path(__file__).resolve().parents[2]
UPGRADE = "run `opentenzij db upgrade` first"
COMMANDS = [
    ["demo"],
    ["organisations", "import"],
    ["audit", "verify"],
    ["decisions", "review-due"],
    ["export", "code-json", "--base-url", "https://catalogus.example.nl/"],
    ["webhooks", "list"],
    ["user", "token", "a@example.nl", "--name", "ci"],
    ["publiccode", "recheck"],
]


def invoke(url: str, *args: str) -> Result:
    return CliRunner().invoke(
        main, list(args), prog_name="opentenzij", env={"OPENTENZIJ_DATABASE_URL": url}
    )


@pytest.fixture(autouse=True)
def development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)


def test_a_database_that_does_not_exist_is_refused_and_not_made(tmp_path: Path) -> None:
    path = tmp_path / "var" / "new.sqlite3"
    result = invoke(f"sqlite://{path}", "demo")
    assert result.exit_code == 1
    assert f"there is no database at sqlite://{path} yet; {UPGRADE}" in result.output
    assert not path.parent.exists()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_other_command_refuses_an_empty_database(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()
    result = invoke(f"sqlite://{path}", *command)
    assert result.exit_code == 1, result.output
    assert f"the database at sqlite://{path} is empty; {UPGRADE}" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_database_is_a_clear_error_before_any_check() -> None:
    result = invoke("postgres://app:hunter2@127.0.0.1:1/nowhere", "audit", "verify")
    assert result.exit_code == 1
    assert "cannot use the database at postgres://app:***@127.0.0.1:1/nowhere" in result.output
    assert "hunter2" not in result.output


async def first_migration_only(url: str) -> None:
    database.ensure_sqlite_folder(url)
    async with TortoiseContext():
        await migrate(config=database.tortoise_config(url), target="catalogue.0001_initial")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def older_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with only the first migration applied, of each kind."""
    if request.param == "sqlite":
        url = f"sqlite://{tmp_path}/old.sqlite3"
        asyncio.run(first_migration_only(url))
        yield url
        return
    if not is_postgres(TEST_DATABASE_URL):
        pytest.skip("set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL database")
    name = f"opentenzij_cli_{uuid.uuid4().hex[:8]}"
    asyncio.run(_postgres(f'CREATE DATABASE "{name}"'))
    try:
        url = TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
        asyncio.run(first_migration_only(url))
        yield url
    finally:
        asyncio.run(_postgres(f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _postgres(statement: str) -> None:
    admin = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


def test_pending_migrations_are_named_and_only_db_upgrade_applies_them(older_database: str) -> None:
    refused = invoke(older_database, "audit", "verify")
    assert refused.exit_code == 1
    assert "needs migrations not applied yet (0002_" in refused.output
    assert UPGRADE in refused.output
    upgraded = invoke(older_database, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    verified = invoke(older_database, "audit", "verify")
    assert verified.exit_code == 0, verified.output


def test_serve_applies_the_migrations_then_serves_the_app_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from catalogue.logs import log_config

    served: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append((app, options)))
    url = f"sqlite://{tmp_path}/var/served.sqlite3"
    result = invoke(url, "serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert served == [
        (
            "catalogue.app:create_app",
            {
                "factory": True,
                "host": "127.0.0.1",
                "port": 8123,
                "workers": 1,
                "proxy_headers": True,
                "log_level": "info",
                "log_config": log_config("text"),  # each line with the request id
                "access_log": False,  # the app writes the access lines, with the request id
            },
        )
    ]
    assert invoke(url, "audit", "verify").exit_code == 0  # the schema is there


LOADED = """
import json, sys
from catalogue.cli import main
try:
    main(sys.argv[1:], prog_name="opentenzij")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = {"tortoise", "starlette", "uvicorn", "httpx", "jinja2", "harvesters", "wooexemptions"}


@pytest.mark.parametrize(
    "command",
    [["--help"], ["export", "--help"], ["publiccode", "validate", str(ROOT / "publiccode.yml")]],
    ids=" ".join,
)
def test_help_and_publiccode_validate_load_neither_the_orm_nor_the_web(
    command: list[str],
) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", LOADED, *command], capture_output=True, text=True, check=False
    )
    loaded = json.loads(finished.stderr.splitlines()[-1])
    assert {name.split(".")[0] for name in loaded} & HEAVY == set()
    assert not any(name.startswith(("catalogue.web", "catalogue.app")) for name in loaded)
