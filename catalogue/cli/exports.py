# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij export` commands: the same streaming writers as the export endpoints, to a
file or to standard output. A file is written beside its destination and moved into place only
when complete, so a failed export never leaves half a file where a good one was."""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import click

from catalogue import collector
from catalogue.cli import filters
from catalogue.cli.runtime import run_with_database, settings

BASE_URL_HELP = (
    "The catalogue's public address, for the links in the export "
    "(or set OPENTENZIJ_BASE_URL), e.g. https://opentenzij.example.nl/"
)


def _base_url_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--base-url", envvar="OPENTENZIJ_BASE_URL", required=True, help=BASE_URL_HELP
    )(function)


def _output_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to this file (default: standard output).",
    )(function)


@click.group()
def export() -> None:
    """Write the catalogue or the register in an open format (docs/exports.md)."""


def _links(base_url: str) -> Any:
    from catalogue.exports.json_export import SiteLinks

    try:
        return SiteLinks(base_url)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from None


async def _write(pieces: AsyncIterable[str], output: Path | None) -> int:
    """Write the pieces; returns the number of characters written. No automatic garbage
    collection meanwhile: the command does nothing else (ADR 0010)."""
    if output is None:
        with collector.paused():
            return await _drain(pieces, lambda piece: click.echo(piece, nl=False))
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream, collector.paused():
            written = await _drain(pieces, stream.write)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return written


async def _drain(pieces: AsyncIterable[str], write: Callable[[str], object]) -> int:
    written = 0
    async for piece in pieces:
        write(piece)
        written += len(piece)
    return written


def _run(work: Callable[[], Awaitable[int]], output: Path | None) -> None:
    written = run_with_database(work, url=settings().database_url)
    if output is not None:
        click.echo(f"{output}: {written:,} characters", err=True)


async def _organisation_filters(slug: str | None) -> Any:
    from catalogue.organisations.queries import UnknownOrganisation, organisation_named
    from catalogue.software.queries import SoftwareFilters

    if slug is None:
        return SoftwareFilters(), None
    try:
        organisation = await organisation_named(slug)
    except UnknownOrganisation as error:
        raise click.BadParameter(str(error), param_hint="--organisation") from None
    return SoftwareFilters(organisation=organisation), organisation.name


def _organisation_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--organisation", metavar="SLUG", default=None, help="Only this organisation's software."
    )(function)


@export.command("catalogue-json")
@_organisation_option
@_base_url_option
@_output_option
def catalogue_json(organisation: str | None, base_url: str, output: Path | None) -> None:
    """The catalogue in the opentenzij JSON export format (what `federate` reads)."""
    from catalogue.exports.json_export import write_catalogue_json
    from catalogue.exports.records import stream_records

    links = _links(base_url)

    async def work() -> int:
        chosen, _ = await _organisation_filters(organisation)
        return await _write(write_catalogue_json(stream_records(chosen), links=links), output)

    _run(work, output)


@export.command("code-json")
@_organisation_option
@_base_url_option
@_output_option
def code_json(organisation: str | None, base_url: str, output: Path | None) -> None:
    """The catalogue as a code.gov inventory (code.json, schema 2.0.0)."""
    from catalogue.exports.codejson import AGENCY, write_code_json
    from catalogue.exports.records import stream_records

    links = _links(base_url)

    async def work() -> int:
        chosen, name = await _organisation_filters(organisation)
        pieces = write_code_json(stream_records(chosen), links=links, agency=name or AGENCY)
        return await _write(pieces, output)

    _run(work, output)


def software_fields() -> filters.Fields:
    """The filters `csv --query` takes: those of GET /api/v1/export/software.csv."""
    from catalogue.exports.tabular import DIALECTS
    from catalogue.organisations.kinds import OrganisationKind
    from catalogue.quality_signals import Signal
    from catalogue.software.models import DevelopmentStatus, ReleaseStatus

    return {
        "q": filters.Text(200),
        "organisation": filters.Text(100),
        "licence": filters.Text(100),
        "language": filters.Text(60),
        "release_status": filters.choice(ReleaseStatus),
        "organisation_kind": filters.choice(OrganisationKind),
        "development_status": filters.choice(DevelopmentStatus),
        "publiccode": filters.BOOLEAN,
        "quality": filters.choice(Signal),
        "archived": filters.BOOLEAN,
        "dialect": filters.choice(DIALECTS),
    }


def register_fields() -> filters.Fields:
    """The filters `register-csv --query` takes: those of GET /api/v1/export/register.csv."""
    from catalogue.exports.tabular import DIALECTS
    from wooexemptions.rules import Outcome

    return {
        "organisation": filters.Text(100),
        "ground": filters.Text(30),
        "outcome": filters.choice(Outcome),
        "year": click.INT,
        "history": filters.BOOLEAN,
        "dialect": filters.choice(DIALECTS),
    }


async def _checked(make: Callable[[], Awaitable[Any]]) -> Any:
    """The domain filters of checked values; a slug or a licence that names nothing is a usage
    error of --query, as it is a 400 problem in the API."""
    from catalogue.licences import LicenceError
    from catalogue.organisations.queries import UnknownOrganisation

    try:
        return await make()
    except UnknownOrganisation as error:
        raise click.BadParameter(f"organisation: {error}", param_hint="--query") from None
    except LicenceError as error:
        raise click.BadParameter(f"licence: {error}", param_hint="--query") from None


QUERY_HELP = (
    "Filters as a query string, with the parameters of the matching API endpoint "
    "(docs/exports.md), e.g. 'release_status=withheld&dialect=excel'."
)


@export.command("csv")
@click.option("--query", default="", help=QUERY_HELP)
@_base_url_option
@_output_option
def software_csv(query: str, base_url: str, output: Path | None) -> None:
    """The software list as CSV, with the filters of GET /api/v1/export/software.csv."""
    from catalogue.exports.records import stream_records
    from catalogue.exports.tabular import DIALECTS, write_software_csv
    from catalogue.software.queries import software_filters

    links = _links(base_url)
    values = filters.parse(query, software_fields())
    dialect = DIALECTS[values.get("dialect", "standard")]

    async def work() -> int:
        chosen = await _checked(lambda: software_filters(values))
        if values.get("quality"):  # judged above the software package: see catalogue.quality
            from dataclasses import replace
            from datetime import UTC, datetime

            from catalogue.quality.queries import passing
            from catalogue.quality_signals import Signal

            only = await passing(Signal(values["quality"]), now=datetime.now(UTC))
            chosen = replace(chosen, only=only)
        pieces = write_software_csv(stream_records(chosen), links=links, dialect=dialect)
        return await _write(pieces, output)

    _run(work, output)


@export.command("register-csv")
@click.option("--query", default="", help=QUERY_HELP)
@_base_url_option
@_output_option
def register_csv(query: str, base_url: str, output: Path | None) -> None:
    """The register of decisions as CSV, with the filters of GET /api/v1/export/register.csv."""
    from catalogue.exports.tabular import DIALECTS, write_register_csv
    from wooexemptions.queries import register_filters

    links = _links(base_url)
    values = filters.parse(query, register_fields())
    dialect = DIALECTS[values.get("dialect", "standard")]

    async def work() -> int:
        chosen = await _checked(lambda: register_filters(values))
        return await _write(write_register_csv(chosen, links=links, dialect=dialect), output)

    _run(work, output)


@export.command("publiccode")
@click.option("--software", "software_id", type=click.IntRange(1, 2**31 - 1), required=True)
@_base_url_option
@_output_option
def publiccode(software_id: int, base_url: str, output: Path | None) -> None:
    """The publiccode.yml of one entry: its own file verbatim, or one generated from it."""
    from catalogue.exports.publiccode_out import publiccode_document
    from catalogue.exports.records import record_of

    links = _links(base_url)

    async def work() -> int:
        record = await record_of(software_id)
        if record is None:
            raise click.BadParameter(
                f"there is no software with id {software_id}", param_hint="--software"
            )
        return await _write(_one(publiccode_document(record, links=links)), output)

    _run(work, output)


async def _one(text: str) -> AsyncIterator[str]:
    yield text
