# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij organisations import`: organisations and their code-host accounts from a
publishers file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings


@click.group()
def organisations() -> None:
    """Manage organisations."""


@organisations.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def import_(file: Path | None) -> None:
    """Import organisations and code-host accounts from a publishers FILE (JSON).

    Without FILE, imports the list bundled with opentenzij. Importing twice changes nothing.
    """
    from catalogue.organisations import publishers
    from catalogue.organisations.services import import_organisations

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
