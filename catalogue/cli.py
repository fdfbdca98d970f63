# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij` command and its sub-commands."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from tortoise.exceptions import BaseORMException

from catalogue import db
from catalogue.settings import ConfigurationError, Settings, redact_url

T = TypeVar("T")


def settings() -> Settings:
    """The settings from the environment; exit with the reason when they are unfit."""
    try:
        result = Settings.from_env()
        result.check()
    except ConfigurationError as error:
        raise click.ClickException(f"configuration: {error}") from None
    return result


def run_with_database(work: Callable[[], Awaitable[T]], *, url: str, migrate: bool = True) -> T:
    """Upgrade the schema, connect, run `work`; a clear message if the database is out of reach."""

    async def main() -> T:
        if migrate:
            await db.upgrade(url)
        async with db.connected(url):
            return await work()

    try:
        return asyncio.run(main())
    except (OSError, BaseORMException) as error:
        raise click.ClickException(
            f"cannot use the database at {redact_url(url)}: {error or type(error).__name__}"
        ) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="opentenzij")
def main() -> None:
    """opentenzij: the catalogue of Dutch government source code and the register of decisions
    not to release it. Configure it with OPENTENZIJ_* environment variables (see README)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes."
)
@click.option("--no-upgrade", is_flag=True, help="Do not apply pending migrations first.")
def serve(host: str, port: int, workers: int, no_upgrade: bool) -> None:
    """Serve the web app and the API."""
    import uvicorn

    config = settings()
    run_with_database(_nothing, url=config.database_url, migrate=not no_upgrade)
    click.echo(
        f"opentenzij on http://{host}:{port} ({config.env}, {redact_url(config.database_url)})"
    )
    uvicorn.run(
        "catalogue.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
    )


async def _nothing() -> None:
    return None


@main.group("db")
def db_group() -> None:
    """Manage the database schema."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (creates the schema on an empty database)."""
    config = settings()
    run_with_database(_nothing, url=config.database_url)
    click.echo(f"database at {redact_url(config.database_url)} is up to date")


@main.command()
def demo() -> None:
    """Create the schema and load the seed organisations and the demo software."""
    from catalogue.demo import load_demo

    config = settings()
    result = run_with_database(load_demo, url=config.database_url)
    orgs = result.organisations
    click.echo(
        f"organisations: {orgs.created} created, {orgs.updated} updated, "
        f"{orgs.unchanged} unchanged; accounts: {orgs.accounts_created} created"
    )
    click.echo(
        f"demo software: {result.software_created} created, "
        f"{result.software_skipped} already present"
    )


@main.group()
def organisations() -> None:
    """Manage organisations."""


@organisations.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def organisations_import(file: Path | None) -> None:
    """Import organisations and code-host accounts from a publishers FILE (JSON).

    Without FILE, imports the list bundled with opentenzij. Importing twice changes nothing.
    """
    from catalogue import organisations as publishers
    from catalogue.services import import_organisations

    path = file or publishers.bundled_publishers_path()
    try:
        records = publishers.read_publishers(path)
    except publishers.PublishersError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    config = settings()

    async def work() -> Any:
        return await import_organisations(records=records, actor="cli")

    result = run_with_database(work, url=config.database_url)
    click.echo(
        f"{path}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged; {result.accounts_created} accounts created"
    )
