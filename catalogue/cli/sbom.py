# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij sbom import`: store an SPDX document as the dependencies of a software entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings

FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.group()
def sbom() -> None:
    """Software bills of materials (SPDX 2.2 and 2.3)."""


@sbom.command("import")
@click.argument("file", type=FILE)
@click.option("--software", "software_id", type=int, required=True, help="Id of the entry.")
def import_(file: Path, software_id: int) -> None:
    """Store the components of an SPDX document (JSON, YAML, tag-value, RDF/XML) as the
    dependencies of a software entry, in place of its previous upload."""
    from catalogue import sbom as spdx
    from catalogue.components import services as components
    from catalogue.components.models import DependencySource
    from catalogue.software.models import Software

    try:
        document = spdx.parse(file.read_bytes(), filename=file.name)
    except spdx.SbomError as error:
        raise click.ClickException(f"{file}: {error}") from None

    async def work() -> Any:
        software = await Software.get_or_none(id=software_id)
        if software is None:
            raise click.ClickException(f"there is no software with id {software_id}")
        return await components.store_sbom(
            software=software, document=document, source=DependencySource.SBOM, actor="cli"
        )

    stored = run_with_database(work, url=settings().database_url)
    click.echo(
        f"{file}: {stored.component_count} components stored for software {software_id} "
        f"({document.spdx_version}, {len(document.warnings)} validation warnings)"
    )
    for warning in document.warnings[:20]:
        click.echo(f"warning: {warning}", err=True)
