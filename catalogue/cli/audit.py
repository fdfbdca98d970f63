# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij audit verify`: check the hash chain of the audit trail."""

from __future__ import annotations

import sys

import click

from catalogue.cli.runtime import run_with_database, settings


@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
def verify() -> None:
    """Check the hash chain of the audit trail; exit 1 naming the first broken event."""
    from catalogue.audit.events import verify_chain

    config = settings()
    report = run_with_database(verify_chain, url=config.database_url)
    if report.broken_at is not None:
        click.echo(
            f"audit trail broken at event {report.broken_at}: {report.reason} "
            f"({report.events} events read)",
            err=True,
        )
        sys.exit(1)
    click.echo(f"audit trail intact: {report.events} events; head {report.head}")
