# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij federate URL`: import another catalogue's entries, with their provenance."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from catalogue.cli.runtime import run_with_database, settings
from catalogue.federation.limits import Limits

if TYPE_CHECKING:
    from catalogue.federation.services import Report

FORMATS = ("auto", "opentenzij", "developers-italia")
DEFAULTS = Limits()


@click.command(name="federate")
@click.argument("url")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Shape of the answer: another opentenzij's export, or the Developers Italia API.",
)
@click.option("--dry-run", is_flag=True, help="Read and compare, but write nothing.")
@click.option(
    "--trust-organisations",
    is_flag=True,
    help="Another opentenzij only, whose administrators check who an organisation is: match "
    "its organisations to ones here by TOOI URI or OIN. Without it, each stays apart as that "
    "catalogue's claim, named '<name> (volgens HOST)'. Give it on every run.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(1, 100_000),
    default=DEFAULTS.max_pages,
    show_default=True,
    help="Pages of a paginated list to read at most.",
)
@click.option(
    "--max-megabytes",
    type=click.IntRange(1, 4096),
    default=DEFAULTS.max_bytes // 2**20,
    show_default=True,
    help="Size of one answer at most.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=DEFAULTS.timeout,
    show_default=True,
    help="Seconds to wait for the other catalogue to say something.",
)
def federate(
    url: str,
    format_name: str,
    dry_run: bool,
    trust_organisations: bool,
    max_pages: int,
    max_megabytes: int,
    timeout: float,
) -> None:
    """Import the software entries of the catalogue at URL: another opentenzij's export
    (https://HOST/api/v1/export/catalogue.json) or the Developers Italia software API
    (https://api.developers.italia.it/v1/software).

    Each imported entry keeps where it came from. Running it again updates those entries and
    adds nothing twice; entries of this catalogue are never changed. An owner joins an
    organisation here only with --trust-organisations. Exit 1 when the catalogue cannot be
    read or an entry could not be imported.
    """
    from catalogue.federation import services
    from catalogue.federation.reading import Format

    limits = Limits(
        max_bytes=max_megabytes * 2**20,
        max_pages=max_pages,
        timeout=timeout,
        total_timeout=max(DEFAULTS.total_timeout, timeout),
    )
    config = settings()

    async def work() -> Report:
        wanted = None if format_name == "auto" else Format(format_name)
        return await services.federate(
            url,
            format=wanted,
            dry_run=dry_run,
            trust_organisations=trust_organisations,
            limits=limits,
        )

    try:
        report = run_with_database(work, url=config.database_url)
    except services.FederationError as error:
        click.echo(f"error: {error}; nothing was imported", err=True)
        sys.exit(1)
    _print(report)
    if report.failed:
        sys.exit(1)


def _print(report: Report) -> None:
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for line in report.errors:
        click.echo(f"error: {line}", err=True)
    for line in report.skipped:
        click.echo(f"skipped: {line}")
    pages = f", {report.pages} pages" if report.pages > 1 else ""
    click.echo(
        f"{report.catalogue_url} ({report.catalogue_name}, {report.format}{pages}"
        f"{', organisations trusted' if report.trusted else ''}"
        f"{', dry run: nothing written' if report.dry_run else ''}): "
        f"{len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.archived)} archived, "
        f"{len(report.skipped)} skipped, {len(report.errors)} errors"
    )
