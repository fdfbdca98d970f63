# SPDX-License-Identifier: EUPL-1.2
"""Federation in: import the entries of another catalogue, with their provenance.

`federate(url)` reads another opentenzij instance's export, or the Developers Italia software
API, and writes its entries here as entries of source federation, each with a FederatedEntry
saying from which catalogue, under which id, and when. Running it again brings them up to date
and adds nothing twice; it never writes a local entry. Everything is fetched and read before
anything is written, so an answer that cannot be had changes nothing; an entry that cannot be
read is reported and left out, and the others are written. Its organisations join local
bodies only when the caller trusts them (`trust_organisations`, for another opentenzij; see
`owners`). docs/federation.md has the rules.

The modules, in the order an answer passes through them: `fetching` (HTTP, limits), `reading`
(the two shapes, entry by entry, pure), `owners` (the local organisation of an entry) and
`writing` (the entries, through the domain services).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from tortoise.exceptions import BaseORMException
from tortoise.transactions import in_transaction

from catalogue.errors import DomainError
from catalogue.federation.fetching import FetchError, check_address, client, fetch_json
from catalogue.federation.fetching import next_page as next_page_url
from catalogue.federation.limits import Limits
from catalogue.federation.reading import (
    Format,
    Reading,
    ShapeError,
    detect,
    read_export,
    read_italian_page,
)
from catalogue.federation.writing import Outcome, Source, Writer

__all__ = ["FederationError", "Format", "Limits", "Report", "federate"]

ITALIAN_PAGE_SIZE = "100"  # the most the Developers Italia API gives per page


class FederationError(Exception):
    """A run that could not read the other catalogue at all; nothing was written."""


@dataclass(slots=True)
class Report:
    """What one run did, entry by entry."""

    catalogue_url: str
    dry_run: bool = False
    trusted: bool = False  # its organisations may match local bodies by TOOI URI or OIN
    catalogue_name: str = ""
    format: Format | None = None
    pages: int = 0
    complete: bool = True  # every page was read (else nothing was archived)
    created: list[str] = field(default_factory=list)  # remote ids
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "id X: why"
    errors: list[str] = field(default_factory=list)  # entries that could not be read or written
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


class _DryRun(Exception):
    """Raised at the end of a dry run to roll every write back."""


async def federate(
    url: str,
    *,
    format: Format | None = None,
    dry_run: bool = False,
    trust_organisations: bool = False,
    limits: Limits | None = None,
    now: datetime | None = None,
) -> Report:
    """Import the catalogue at `url` (format None: detect it). FederationError when its
    answer cannot be had or is not a catalogue; then nothing is written.

    With `trust_organisations` (another opentenzij only), its organisations are matched to
    local ones by TOOI URI or OIN; without, each stands apart as that catalogue's claim."""
    limits = limits or Limits()
    try:
        if trust_organisations:
            _check_trust(format)
        start = _start(check_address(url), format)
        async with client(limits) as http:
            reading, report = await _read(http, start, format, limits)
        if trust_organisations:
            _check_trust(report.format)
    except (FetchError, ShapeError) as error:
        raise FederationError(str(error)) from None
    report.dry_run, report.trusted = dry_run, trust_organisations
    source = Source(
        catalogue_url=report.catalogue_url,
        catalogue_name=report.catalogue_name,
        actor=f"federation:{start.host}"[:200],
        moment=now or datetime.now(UTC),
        trusted=trust_organisations,
    )
    if not dry_run:  # each entry in its own transaction: the others are not held up
        await _write(reading, source, report)
        return report
    try:
        async with in_transaction():
            await _write(reading, source, report)
            raise _DryRun
    except _DryRun:
        pass
    return report


def _check_trust(format: Format | None) -> None:
    """Refuse to trust what no one vouches for: a Developers Italia entry's owner is what its
    publiccode.yml says, written by whoever wrote the repository."""
    if format is Format.DEVELOPERS_ITALIA:
        raise FederationError(
            "the organisations of the Developers Italia API cannot be trusted: an entry's owner "
            "is what its publiccode.yml claims, written by whoever wrote the repository"
        )


def _start(url: httpx.URL, format: Format | None) -> httpx.URL:
    """The first address to fetch: for the Developers Italia API, its software list."""
    if format is not Format.DEVELOPERS_ITALIA:
        return url
    if not url.path.rstrip("/").endswith("/software"):
        url = url.copy_with(path=url.path.rstrip("/") + "/software")
    if "page[size]" not in url.params:
        url = url.copy_merge_params({"page[size]": ITALIAN_PAGE_SIZE})
    return url


async def _read(
    http: httpx.AsyncClient, start: httpx.URL, format: Format | None, limits: Limits
) -> tuple[Reading, Report]:
    document = await fetch_json(http, start, limits)
    found = detect(document)
    if format is not None and found is not format:
        raise ShapeError(f"{start} answers in the {found} shape, not {format}")
    if found is Format.OPENTENZIJ:
        reading = read_export(document)
        report = Report(str(start), catalogue_name=reading.catalogue_name or start.host)
        report.format, report.pages = found, 1
        return reading, report
    return await _read_pages(http, start, document, limits)


async def _read_pages(
    http: httpx.AsyncClient, start: httpx.URL, document: object, limits: Limits
) -> tuple[Reading, Report]:
    """Every page of a Developers Italia list, to its end or the page limit."""
    catalogue_url = start.copy_remove_param("page[size]").copy_remove_param("page[after]")
    report = Report(str(catalogue_url), catalogue_name=start.host, format=Format.DEVELOPERS_ITALIA)
    reading, current, fetched = Reading(catalogue_name=start.host), start, {str(start)}
    while True:
        page = read_italian_page(document, page_url=str(current))
        report.pages += 1
        reading.entries += page.entries
        reading.seen |= page.seen
        reading.errors += [f"page {report.pages}, {error}" for error in page.errors]
        reading.warnings += [f"page {report.pages}, {warning}" for warning in page.warnings]
        if page.next_page is None:
            return reading, report
        if report.pages >= limits.max_pages:
            report.complete = False
            report.warnings.append(
                f"stopped after {limits.max_pages} pages; entries not read were not archived"
            )
            return reading, report
        current = next_page_url(current, page.next_page, start)
        if str(current) in fetched:
            raise FetchError(f"the pages of {start} go round in a circle at {current}")
        fetched.add(str(current))
        document = await fetch_json(http, current, limits)


async def _write(reading: Reading, source: Source, report: Report) -> None:
    report.errors += reading.errors
    report.warnings += reading.warnings
    writer = Writer(source)
    await writer.load()
    for entry in reading.entries:
        try:
            written = await writer.write(entry)
        except (DomainError, BaseORMException, ValueError) as error:
            report.errors.append(f"id {entry.remote_id}: not written: {error}")
            continue
        if written.outcome is Outcome.SKIPPED:
            report.skipped.append(f"id {entry.remote_id}: {written.reason}")
        else:
            getattr(report, written.outcome.value).append(entry.remote_id)
    if report.complete:
        report.archived += await writer.archive_missing(reading.seen)
