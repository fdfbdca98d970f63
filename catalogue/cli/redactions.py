# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij redactions scan`: find the runs of redaction markers in a released tree (a folder,
a commit of a local repository, a tar or zip archive, or a git URL). Needs no database, unless
it attaches the result to a draft decision (`--decision`)."""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from wooexemptions.redactions import Entry, Scan


@click.group()
def redactions() -> None:
    """Redaction markers in released code."""


@redactions.command("scan")
@click.argument("source")
@click.option("--commit", help="Scan this commit (of the local repository or of the git URL).")
@click.option(
    "--marker",
    "markers",
    multiple=True,
    required=True,
    metavar="TEXT=GROUND",
    help="A marker and the ground it stands for, e.g. S=woo-5.1.2.i; give one per marker.",
)
@click.option(
    "--min-run",
    type=click.IntRange(1, 10_000),
    default=4,
    show_default=True,
    help="The shortest run that counts, in characters.",
)
@click.option(
    "--licence",
    metavar="SPDX",
    help="The licence the decision releases the tree under (e.g. EUPL-1.2): list the files "
    "whose headers or REUSE.toml give another.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="text: totals per marker and directory; json: totals, skipped and lines per file; "
    "csv: a row per run.",
)
@click.option(
    "--decision",
    "decision_id",
    type=click.IntRange(1, 2**31 - 1),
    help="Attach the result to this draft decision as its inventory, with the markers as its "
    "legend (a decision that has a scan is verified instead: same commit, same numbers).",
)
def scan(
    source: str,
    commit: str | None,
    markers: tuple[str, ...],
    min_run: int,
    licence: str | None,
    output: str,
    decision_id: int | None,
) -> None:
    """Find every standalone run of the markers in SOURCE: a folder, a tar or zip archive, or a
    git URL (fetched shallowly). Binary files, symbolic links and files over 10 MB are skipped
    and listed; a tree of over 100,000 files is refused. Exit 0 after a scan, 1 on an error."""
    from catalogue.licences import LicenceError, normalise
    from wooexemptions.grounds import refusal_grounds
    from wooexemptions.redactions import RedactionError, parse_marker
    from wooexemptions.redactions import scan as scan_tree

    try:
        licence = normalise(licence).expression if licence else None
    except LicenceError as error:
        raise click.BadParameter(str(error), param_hint="--licence") from None
    try:
        codes = [ground.code for ground in refusal_grounds()]
        legend = [parse_marker(spec, codes) for spec in markers]
        with ExitStack() as stack:
            entries, scanned_commit = _entries(source, commit, stack)
            result = scan_tree(entries, legend, min_run=min_run, licence=licence)
    except RedactionError as error:
        raise click.ClickException(error.message) from None
    if decision_id is not None:
        _attach(decision_id, result, scanned_commit, source)
    if output == "json":
        click.echo(json.dumps(as_json(result, scanned_commit), indent=2, ensure_ascii=False))
    elif output == "csv":
        _write_csv(result)
    else:
        _write_text(result, scanned_commit)


def _entries(source: str, commit: str | None, stack: ExitStack) -> tuple[list[Entry], str | None]:
    """The tree's members (listed while the folder or archive is open) and, for a commit of a
    repository or a git URL, the commit scanned."""
    from wooexemptions.redactions import archive_entries, folder_entries
    from wooexemptions.trees import archive_of, fetch

    path = Path(source)
    if path.is_dir() and commit:
        archive = stack.enter_context(archive_of(path, commit))
        return list(archive_entries(archive)), _full(path, commit)
    if path.is_dir():  # what is in the folder, committed or not: no commit to name
        return list(folder_entries(path)), None
    if path.is_file():
        if commit:
            raise click.UsageError("--commit goes with a repository folder or a git URL")
        archive = stack.enter_context(path.open("rb"))
        return list(archive_entries(archive)), None
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="opentenzij-scan-")))
    fetched = fetch(source, folder / "tree", commit=commit)
    return list(folder_entries(fetched.folder)), fetched.commit


def _attach(decision_id: int, result: Scan, commit: str | None, source: str) -> None:
    """Attach the scan to a draft as its inventory (wooexemptions.inventories.attach_scan), as
    the operator at the command line; every refusal is a clear error and stores nothing."""
    from datetime import date

    from catalogue.cli.runtime import run_with_database, settings
    from catalogue.errors import Conflict, Invalid
    from wooexemptions import inventories
    from wooexemptions.models import Decision

    tree_url = source if "://" in source else ""

    async def work() -> tuple[int, bool]:
        decision = await Decision.get_or_none(id=decision_id)
        if decision is None:
            raise click.ClickException(f"there is no decision {decision_id}")
        changed, verified = await inventories.attach_scan(
            actor=inventories.CLI,
            decision=decision,
            scan=result,
            commit=commit,
            tree_url=tree_url,
            lock_version=None,
            today=date.today(),
        )
        return changed.inventory_size, verified

    try:
        size, verified = run_with_database(work, url=settings().database_url)
    except Invalid as error:
        raise click.ClickException("; ".join(error.errors.values())) from None
    except Conflict as error:
        raise click.ClickException(str(error)) from None
    if verified:
        click.echo(f"decision {decision_id}: verified, the same numbers as its scan", err=True)
    else:
        click.echo(f"decision {decision_id}: {size} inventory items attached", err=True)


def _full(repository: Path, commit: str) -> str:
    from wooexemptions.trees import resolve_commit

    return resolve_commit(repository, commit)


def as_json(result: Scan, commit: str | None) -> dict[str, Any]:
    """The scan as one object: totals (marker → files, runs), skipped (with the reason) and
    files (path → marker → the line of each run), with the legend and the commit."""
    return {
        "commit": commit,
        "min_run": result.min_run,
        "markers": {marker.text: marker.ground for marker in result.markers},
        "scanned": result.scanned,
        "totals": result.totals(),
        "directories": result.per_directory(),
        "skipped": [{"path": item.path, "reason": str(item.reason)} for item in result.skipped],
        "files": result.lines(),
        "licence": result.licence,
        "licence_exceptions": dict(sorted(result.exceptions.items())),
    }


def _write_csv(result: Scan) -> None:
    grounds = {marker.text: marker.ground for marker in result.markers}
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["path", "line", "marker", "ground", "length"])
    for path, runs in sorted(result.files.items()):
        for run in runs:
            writer.writerow([path, run.line, run.marker, grounds[run.marker], run.length])


def _write_text(result: Scan, commit: str | None) -> None:
    if commit:
        click.echo(f"commit {commit}")
    click.echo(f"{result.scanned} files scanned, {len(result.skipped)} skipped")
    for marker in result.markers:
        counts = result.totals()[marker.text]
        click.echo(
            f"{marker.text} ({marker.ground}): {counts['runs']} runs in {counts['files']} files"
        )
    for directory, counts in result.per_directory().items():
        shown = ", ".join(f"{text} {count}" for text, count in sorted(counts.items()))
        click.echo(f"  {directory}/: {shown}")
    for path, expression in sorted(result.exceptions.items()):
        click.echo(f"under {expression}, not {result.licence}: {path}")
    for item in result.skipped:
        click.echo(f"skipped {item.path}: {item.reason}", err=True)
