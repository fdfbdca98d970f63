# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij demo`: load the bundled demo data into a database that `opentenzij db upgrade`
has made."""

from __future__ import annotations

from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings


@click.command()
def demo() -> None:
    """Load the seed organisations, the demo software, example decisions (on fictitious
    organisations, marked as examples), example collections and fictitious vulnerabilities of
    one demo entry's components, into a database made by
    `opentenzij db upgrade`. Loading twice adds nothing."""
    from catalogue.collections import services as collections
    from catalogue.demo.loading import load_demo
    from catalogue.vulnerabilities import examples as vulnerability_examples
    from wooexemptions.examples import load_examples

    async def work() -> Any:
        # The example collections pick demo entries, one of them decided by an example decision.
        return (
            await load_demo(),
            await load_examples(),
            await collections.load_examples(),
            await vulnerability_examples.load_examples(),
        )

    config = settings()
    result, examples, collection_examples, exposures = run_with_database(
        work, url=config.database_url
    )
    orgs = result.organisations
    click.echo(
        f"organisations: {orgs.created} created, {orgs.updated} updated, "
        f"{orgs.unchanged} unchanged; accounts: {orgs.accounts_created} created"
    )
    click.echo(
        f"demo software: {result.software_created} created, "
        f"{result.software_skipped} already present"
    )
    click.echo(f"example decisions: {examples} created")
    click.echo(f"example collections: {collection_examples} created")
    click.echo(f"example vulnerabilities: {exposures} affected components (fictitious advisories)")
