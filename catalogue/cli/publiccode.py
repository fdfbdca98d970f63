# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij publiccode validate`: check publiccode.yml files, for people and for CI (needs no
database, so it loads only the validator); `opentenzij publiccode recheck`: check again every
publiccode.yml the catalogue keeps."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from catalogue.publiccode import Problem, Result
    from catalogue.software.rechecks import Rechecked

FILES = click.Path(exists=True, dir_okay=False, readable=True, allow_dash=True, path_type=Path)
STDIN = Path("-")


@click.group()
def publiccode() -> None:
    """publiccode.yml files."""


@publiccode.command("validate")
@click.argument("files", nargs=-1, required=True, type=FILES)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem (FILE:LINE:COL: error|warning: KEY: message); json.",
)
@click.option(
    "--files/--no-files",
    "beside",
    default=True,
    show_default=True,
    help="Look in each file's folder for the logo, screenshots and authors file it names.",
)
def validate(files: tuple[Path, ...], output: str, beside: bool) -> None:
    """Check publiccode.yml FILES against the standard, with the verdicts of the reference parser
    (docs/publiccode.md). A relative logo, screenshot or authors file must be in the file's
    folder, unless --no-files. A FILE of - is standard input (its files are not looked for).
    Exit 0 when every file is valid (warnings allowed), 1 when any is not."""
    from catalogue.publiccode import on_disk
    from catalogue.publiccode import validate as check

    if files.count(STDIN) > 1:
        raise click.BadParameter("standard input (-) can be read only once", param_hint="FILES")
    results = [
        (path, check(_read(path), files=on_disk(path.parent) if beside and path != STDIN else None))
        for path in files
    ]
    if output == "json":
        import json

        click.echo(json.dumps([_as_json(path, result) for path, result in results], indent=2))
    else:
        for path, result in results:
            for problem in result.problems:
                click.echo(_line(path, problem))
        invalid = sum(not result.valid for _, result in results)
        click.echo(f"{len(results) - invalid} of {len(results)} files valid", err=True)
    sys.exit(0 if all(result.valid for _, result in results) else 1)


@publiccode.command("recheck")
def recheck() -> None:
    """Check again every publiccode.yml the catalogue keeps (of repositories and software
    entries) with this version's validator, and store the checks that changed. A stored check
    is otherwise recomputed only when its file changes; run this after an upgrade."""
    from catalogue.cli.runtime import run_with_database, settings
    from catalogue.software.rechecks import recheck_publiccode, stored_publiccode_count

    async def work() -> Rechecked:
        total = await stored_publiccode_count()
        with click.progressbar(length=total, label="checking", file=sys.stderr) as bar:
            return await recheck_publiccode(progress=bar.update)

    done = run_with_database(work, url=settings().database_url)
    click.echo(
        f"{done.checked} stored publiccode.yml checked again ({done.repositories} of "
        f"repositories, {done.software} of software entries); {done.changed} checks changed"
    )


def _read(path: Path) -> bytes:
    """The bytes of a file, or of standard input for -."""
    if path == STDIN:
        with click.open_file("-", "rb") as stdin:
            return bytes(stdin.read())
    return path.read_bytes()


def _line(path: Path, problem: Problem) -> str:
    """One problem in the FILE:LINE:COL: form editors and CI systems understand (0:0: the file
    as a whole, e.g. when it is not UTF-8)."""
    where = f"{path}:{problem.line or 0}:{problem.column or 0}"
    return f"{where}: {problem.severity.value}: {problem.key or '<document>'}: {problem.message}"


def _as_json(path: Path, result: Result) -> dict[str, Any]:
    return {
        "file": str(path),
        "valid": result.valid,
        "version": result.version,
        "problems": [problem.as_dict() for problem in result.problems],
    }
