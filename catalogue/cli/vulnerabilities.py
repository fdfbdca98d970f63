# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij vulnerabilities check`: ask OSV about every component version in the stored
SBOMs and record which entries an advisory affects."""

from __future__ import annotations

import sys
from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings


@click.group()
def vulnerabilities() -> None:
    """Known vulnerabilities of the components in the catalogue (from OSV)."""


@vulnerabilities.command("check")
@click.option(
    "--osv-url",
    help="The OSV API to ask (default: OPENTENZIJ_OSV_URL, else https://api.osv.dev).",
)
def check(osv_url: str | None) -> None:
    """Query OSV in batches of 1,000 component versions, read only the advisories that are new
    or modified since the last check, and record affected entries with the version that fixes
    each. Exit 1 when OSV could not be asked (nothing is changed then)."""
    from datetime import UTC, datetime

    import httpx

    from catalogue import tls
    from catalogue.vulnerabilities.osv import OsvClient
    from catalogue.vulnerabilities.services import check_vulnerabilities

    configured = settings()

    async def work() -> Any:
        async with httpx.AsyncClient(verify=tls.verifying(), timeout=30) as client:
            osv = OsvClient(client, base_url=osv_url or configured.osv_url)
            return await check_vulnerabilities(osv, now=datetime.now(UTC))

    done = run_with_database(work, url=configured.database_url)
    click.echo(
        f"{done.versions} component versions checked ({done.unsupported} purls OSV does not "
        f"cover); {done.batches} batch and {done.details} advisory requests, {done.retries} "
        f"retried; {done.advisories} advisories read; {done.found} exposures found, "
        f"{done.resolved} resolved"
    )
    for error in done.errors:
        click.echo(f"error: {error}", err=True)
    sys.exit(1 if done.errors else 0)
