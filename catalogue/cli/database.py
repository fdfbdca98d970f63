# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij db upgrade`: apply the pending migrations. With `serve`, the only command that
changes the schema."""

from __future__ import annotations

import click

from catalogue.cli.runtime import run_with_database, settings
from catalogue.settings import redact_url


@click.group("db")
def db() -> None:
    """Manage the database schema."""


@db.command("upgrade")
def upgrade() -> None:
    """Apply every pending migration (creates the schema on an empty database)."""
    config = settings()
    run_with_database(_nothing, url=config.database_url, migrate=True)
    click.echo(f"database at {redact_url(config.database_url)} is up to date")


async def _nothing() -> None:
    return None
