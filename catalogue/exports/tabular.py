# SPDX-License-Identifier: EUPL-1.2
"""CSV downloads: the catalogue's search results and the decision register, a row at a time.

Two dialects (docs/exports.md): "standard" is RFC 4180 (comma, CRLF, UTF-8 without BOM) for
scripts; "excel" adds a byte-order mark and separates with semicolons, which is what Excel in
a Dutch locale needs to open the file in columns with its accents intact. In both, a text cell
that a spreadsheet would take for a formula (starting with = + - @, a tab or a carriage return)
gets a leading apostrophe, so that opening a download never runs what someone typed.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.functions import Count, Max

from catalogue.exports.json_export import SiteLinks, rfc3339
from catalogue.exports.records import BATCH_SIZE, ExportRecord
from catalogue.organisations.models import Organisation
from catalogue.software.models import Software
from wooexemptions.models import Decision
from wooexemptions.queries import RegisterFilters, register_queryset

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    delimiter: str
    bom: bool


DIALECTS = {
    "standard": Dialect("standard", ",", bom=False),
    "excel": Dialect("excel", ";", bom=True),
}
SOFTWARE_COLUMNS = (
    "id",
    "name",
    "organisation",
    "organisation_slug",
    "organisation_kind",
    "release_status",
    "licence",
    "development_status",
    "maintenance_type",
    "software_type",
    "languages",
    "topics",
    "repositories",
    "homepage",
    "has_publiccode",
    "decision_grounds",
    "decision_url",
    "description_nl",
    "description_en",
    "url",
    "created_at",
    "updated_at",
)
REGISTER_COLUMNS = (
    "decision_id",
    "version",
    "state",
    "outcome",
    "organisation",
    "organisation_slug",
    "software_id",
    "software",
    "grounds",
    "decided_on",
    "published_on",
    "review_on",
    "open_later_date",
    "open_later_trigger",
    "licence",
    "summary",
    "is_example",
    "url",
    # the legal model (ADR 0004): the basis and the formal besluit; never the requester
    "basis",
    "request_id",
    "bestuursorgaan",
    "made_known_on",
    "besluit_url",
    "inventory_url",
    "covers",
    "disclosure_only",
)


def defused(value: Any) -> Any:
    """A cell value that no spreadsheet runs as a formula: text starting with = + - @, a tab
    or a carriage return gets a leading apostrophe. Numbers and booleans are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Rows:
    """Rows to CSV text, one line at a time, through the csv module's quoting."""

    def __init__(self, dialect: Dialect) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=dialect.delimiter, lineterminator="\r\n")

    def line(self, cells: Iterable[Any]) -> str:
        self._writer.writerow([defused(cell) for cell in cells])
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


async def write_rows(
    columns: Sequence[str], rows: AsyncIterable[Sequence[Any]], *, dialect: Dialect
) -> AsyncIterator[str]:
    """A CSV document: the byte-order mark if the dialect has one, the header, each row."""
    writer = _Rows(dialect)
    yield (BOM if dialect.bom else "") + writer.line(columns)
    async for row in rows:
        yield writer.line(row)


def _joined(values: Iterable[str]) -> str:
    return "; ".join(values)


def software_row(record: ExportRecord, links: SiteLinks) -> tuple[Any, ...]:
    """One row of the software CSV, in the order of SOFTWARE_COLUMNS."""
    decision = record.decision
    return (
        record.id,
        record.name,
        record.organisation.name,
        record.organisation.slug,
        record.organisation.kind,
        record.release_status,
        record.licence or "",
        record.development_status or "",
        record.maintenance_type or "",
        record.software_type or "",
        _joined(record.languages),
        _joined(record.topics),
        " ".join(repository.url for repository in record.repositories),
        record.homepage or "",
        "true" if record.publiccode_yml is not None else "false",
        _joined(decision.ground_codes) if decision else "",
        links.decision(decision.id) if decision else "",
        record.description_nl,
        record.description_en,
        links.software(record.id),
        rfc3339(record.created_at),
        rfc3339(record.updated_at),
    )


async def write_software_csv(
    records: AsyncIterable[ExportRecord], *, links: SiteLinks, dialect: Dialect
) -> AsyncIterator[str]:
    """The software entries as CSV, one row per entry."""

    async def rows() -> AsyncIterator[tuple[Any, ...]]:
        async for record in records:
            yield software_row(record, links)

    async for piece in write_rows(SOFTWARE_COLUMNS, rows(), dialect=dialect):
        yield piece


def register_row(decision: Decision, links: SiteLinks) -> tuple[Any, ...]:
    """One row of the register CSV (software and organisation selected), as REGISTER_COLUMNS."""
    grounds = dict.fromkeys(g["code"] for item in decision.items for g in item.get("grounds", ()))
    return (
        decision.pk,
        decision.version,
        decision.state.value,
        decision.outcome.value,
        decision.organisation.name,
        decision.organisation.slug,
        decision.software.pk,
        decision.software.name,
        _joined(grounds),
        _iso(decision.decided_on),
        _iso(decision.published_on),
        _iso(decision.review_on),
        _iso(decision.open_later_date),
        decision.open_later_trigger,
        decision.licence or "",
        decision.summary,
        "true" if decision.is_example else "false",
        links.decision(decision.pk),
        decision.basis.value,
        decision.request_id or "",
        decision.bestuursorgaan,
        _iso(decision.made_known_on),
        decision.besluit_url,
        decision.inventory_url,
        decision.covers,
        "true" if decision.disclosure_only else "false",
    )


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


async def stream_decisions(
    filters: RegisterFilters, *, batch_size: int = BATCH_SIZE
) -> AsyncIterator[Decision]:
    """The register's decisions matching the filters, newest recorded first, read in batches
    by id (keyset: no OFFSET), with their software and organisation."""
    query = register_queryset(filters)
    before: int | None = None
    while True:
        batch = query if before is None else query.filter(id__lt=before)
        rows = (
            await batch.order_by("-id").limit(batch_size).select_related("software", "organisation")
        )
        for row in rows:
            yield row
        if len(rows) < batch_size:
            return
        before = rows[-1].pk


async def write_register_csv(
    filters: RegisterFilters, *, links: SiteLinks, dialect: Dialect
) -> AsyncIterator[str]:
    """The register's decisions as CSV, one row per decision version."""

    async def rows() -> AsyncIterator[tuple[Any, ...]]:
        async for decision in stream_decisions(filters):
            yield register_row(decision, links)

    async for piece in write_rows(REGISTER_COLUMNS, rows(), dialect=dialect):
        yield piece


async def register_fingerprint(filters: RegisterFilters) -> str:
    """Changes whenever the register CSV would: the number of matching decisions and their
    latest change (every step of a decision touches it), and the latest change to any
    software entry or organisation, whose names the rows carry; three aggregate queries."""
    latest = {"n": Count("id"), "latest": Max("updated_at")}
    found = (
        await register_queryset(filters).annotate(**latest).values_list("n", "latest"),
        await Software.all().annotate(**latest).values_list("n", "latest"),
        await Organisation.all().annotate(**latest).values_list("n", "latest"),
    )
    return hashlib.sha256(repr(found).encode()).hexdigest()[:32]
