# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij publiccode` and `opentenzij sbom` commands: checking publiccode.yml files,
and storing an SBOM for a software entry."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from catalogue import publiccode, sbom

FILES = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.group("publiccode")
def publiccode_group() -> None:
    """publiccode.yml files."""


@publiccode_group.command("validate")
@click.argument("files", nargs=-1, required=True, type=FILES)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem (FILE:LINE:COL: error|warning: KEY: message); json.",
)
def publiccode_validate(files: tuple[Path, ...], output: str) -> None:
    """Check publiccode.yml FILES against the standard. Exit 0 when every file is valid
    (warnings allowed), 1 when any is not."""
    results = [(path, publiccode.validate(path.read_bytes())) for path in files]
    if output == "json":
        click.echo(json.dumps([_as_json(path, result) for path, result in results], indent=2))
    else:
        for path, result in results:
            for problem in result.problems:
                click.echo(_line(path, problem))
        invalid = sum(not result.valid for _, result in results)
        click.echo(f"{len(results) - invalid} of {len(results)} files valid", err=True)
    sys.exit(0 if all(result.valid for _, result in results) else 1)


def _line(path: Path, problem: publiccode.Problem) -> str:
    """One problem in the FILE:LINE:COL: form editors and CI systems understand (0:0: the file
    as a whole, e.g. when it is not UTF-8)."""
    where = f"{path}:{problem.line or 0}:{problem.column or 0}"
    return f"{where}: {problem.severity.value}: {problem.key or '<document>'}: {problem.message}"


def _as_json(path: Path, result: publiccode.Result) -> dict[str, Any]:
    return {
        "file": str(path),
        "valid": result.valid,
        "version": result.version,
        "problems": [problem.as_dict() for problem in result.problems],
    }


@click.group("sbom")
def sbom_group() -> None:
    """Software bills of materials (SPDX 2.2 and 2.3)."""


@sbom_group.command("import")
@click.argument("file", type=FILES)
@click.option("--software", "software_id", type=int, required=True, help="Id of the entry.")
def sbom_import(file: Path, software_id: int) -> None:
    """Store the components of an SPDX document (JSON, YAML, tag-value, RDF/XML) as the
    dependencies of a software entry, in place of its previous upload."""
    from catalogue.cli import commands as cli
    from catalogue.components import services as components
    from catalogue.components.models import DependencySource
    from catalogue.software.models import Software

    try:
        document = sbom.parse(file.read_bytes(), filename=file.name)
    except sbom.SbomError as error:
        raise click.ClickException(f"{file}: {error}") from None

    async def work() -> Any:
        software = await Software.get_or_none(id=software_id)
        if software is None:
            raise click.ClickException(f"there is no software with id {software_id}")
        return await components.store_sbom(
            software=software, document=document, source=DependencySource.SBOM, actor="cli"
        )

    stored = cli.run_with_database(work, url=cli.settings().database_url)
    click.echo(
        f"{file}: {stored.component_count} components stored for software {software_id} "
        f"({document.spdx_version}, {len(document.warnings)} validation warnings)"
    )
    for warning in document.warnings[:20]:
        click.echo(f"warning: {warning}", err=True)
