# SPDX-License-Identifier: EUPL-1.2
"""Database set-up: the Tortoise configuration, connecting, applying migrations, and the base
of the models that keep their creation and change times."""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

import asyncpg  # type: ignore[import-untyped]  # ships no types; only its exceptions are named
from tortoise import Tortoise, fields
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.exceptions import DBConnectionError, OperationalError
from tortoise.migrations.api import migrate
from tortoise.migrations.executor import MigrationExecutor
from tortoise.models import Model

from catalogue import collector
from catalogue.settings import DEFAULT_DATABASE_URL, sqlite_path

APPS = {
    "catalogue": {
        "models": [
            "catalogue.audit.models",
            "catalogue.organisations.models",
            "catalogue.accounts.models",
            "catalogue.software.models",
            "catalogue.components.models",
            "catalogue.harvests.models",
            "catalogue.jobs.models",
            "catalogue.federation.models",
            "catalogue.collections.models",
            "catalogue.webhooks.models",
            "catalogue.vulnerabilities.models",
            "wooexemptions.models",
        ],
        "migrations": "catalogue.migrations",
        "default_connection": "default",
    },
}


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise ORM configuration for a database URL."""
    return {
        "connections": {"default": database_url},
        "apps": APPS,
        "use_tz": True,
        "timezone": "UTC",
    }


# Read by the `tortoise` CLI (pyproject [tool.tortoise]) for makemigrations.
TORTOISE_ORM = tortoise_config(os.environ.get("OPENTENZIJ_DATABASE_URL") or DEFAULT_DATABASE_URL)


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a SQLite database file, readable by its owner only."""
    path = sqlite_path(database_url)
    if path is not None and not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)


async def upgrade(database_url: str) -> None:
    """Apply every migration not yet applied to the database.

    The garbage collector pauses meanwhile: tortoise-orm builds each model again for every
    step (thousands of classes, each in reference cycles), and the collector's passes over
    them, and over everything else the process holds, were most of the time that migrating
    took (from nothing on SQLite: 3.5 s with, 1.6 s without, on this project's machine). What
    the migrations leave is collected at the end."""
    ensure_sqlite_folder(database_url)
    async with TortoiseContext():
        with collector.paused():
            await migrate(config=tortoise_config(database_url))


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Which migrations the database has had, and which it still needs (in the order that
    `upgrade` would apply them)."""

    applied: tuple[str, ...]
    pending: tuple[str, ...]


async def schema_state() -> SchemaState:
    """The migrations of the connected database, read without changing anything: an empty
    database has every migration pending."""
    executor = MigrationExecutor(Tortoise.get_connection("default"), APPS)
    pending = tuple(step.migration.name for step in await executor.plan())
    applied = tuple(key.name for key in await executor.recorder.applied_migrations())
    return SchemaState(applied=applied, pending=pending)


# What a database that does not answer raises: refused or dropped connections, a server that
# is starting or shutting down, a connection that timed out, an SQLite file that cannot be
# opened or stays locked. Each is for the client to try again later, not a fault of ours.
UNAVAILABLE: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    DBConnectionError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.InterfaceError,
)
_SQLITE_UNAVAILABLE = ("unable to open database", "database is locked", "disk i/o error")


# Every error a query can raise that may mean the database does not answer.
DATABASE_ERRORS = (*UNAVAILABLE, sqlite3.OperationalError, OperationalError)


def unavailable(error: BaseException) -> bool:
    """Whether `error` means the database does not answer (now), rather than a bug."""
    while error is not None:
        if isinstance(error, UNAVAILABLE):
            return True
        if isinstance(error, sqlite3.OperationalError | OperationalError) and any(
            text in str(error).lower() for text in _SQLITE_UNAVAILABLE
        ):
            return True
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return False


@asynccontextmanager
async def connected(
    database_url: str, *, global_fallback: bool = False, probe: bool = True
) -> AsyncIterator[None]:
    """Connect the ORM for the duration of the block, then close the connections. With
    `probe`, fail at once when the database does not answer; without, connect when first
    used (a server starts, and answers 503 until the database does)."""
    ensure_sqlite_folder(database_url)
    # tortoise-orm caches each model's INSERT statement per connection *name*, not per
    # database kind; a process that connects to SQLite and then to PostgreSQL (the CLI and
    # the tests do) would send SQLite's placeholders to PostgreSQL without this.
    EXECUTOR_CACHE.clear()
    async with TortoiseContext() as context:
        await context.init(
            config=tortoise_config(database_url), _enable_global_fallback=global_fallback
        )
        if probe:
            # Connect now, so that an unreachable database fails here with a clear error.
            await Tortoise.get_connection("default").execute_query("SELECT 1")
        yield


def nullable_text(**options: Any) -> fields.Field[str | None]:
    """A TEXT column that may hold NULL. (tortoise-orm types every TextField as a str.)"""
    return cast("fields.Field[str | None]", fields.TextField(null=True, **options))


class TimestampedModel(Model):
    created_at = fields.DatetimeField(auto_now_add=True, description="When the row was created.")
    updated_at = fields.DatetimeField(auto_now=True, description="When the row last changed.")

    class Meta:
        abstract = True
