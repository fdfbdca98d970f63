# SPDX-License-Identifier: EUPL-1.2
"""The opentenzij JSON export ("opentenzij-export/1"): the catalogue as another opentenzij
instance reads it to federate. One JSON document, written piece by piece: the header, each
entry as it is read, the footer; memory does not grow with the catalogue.

Its shape is a contract with catalogue federation (see docs/exports.md): change it only with a
new format name.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import msgspec

from catalogue.exports.records import (
    DecisionRecord,
    ExportRecord,
    OrganisationRecord,
    Provenance,
    RepositoryRecord,
)

FORMAT = "opentenzij-export/1"
CATALOGUE_NAME = "opentenzij"


@dataclass(frozen=True, slots=True)
class SiteLinks:
    """The absolute addresses of this catalogue's pages, from its base URL (ending in /)."""

    base_url: str

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("https://", "http://")):
            raise ValueError(f"the base URL must start with https:// or http://: {self.base_url!r}")
        if not self.base_url.isprintable() or " " in self.base_url or "#" in self.base_url:
            raise ValueError(
                f"the base URL has spaces, control characters or a #: {self.base_url!r}"
            )
        if not self.base_url.endswith("/"):
            object.__setattr__(self, "base_url", self.base_url + "/")

    def software(self, software_id: int) -> str:
        return f"{self.base_url}software/{software_id}"

    def decision(self, decision_id: int) -> str:
        return f"{self.base_url}register/{decision_id}"

    def organisation(self, slug: str) -> str:
        return f"{self.base_url}organisaties/{slug}"


def rfc3339(moment: datetime | None) -> str | None:
    """A moment as RFC 3339 in UTC with a Z, e.g. 2026-01-31T12:00:00.123456Z."""
    if moment is None:
        return None
    if moment.tzinfo is None:  # the ORM stores UTC; a naive value is UTC too
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _organisation(organisation: OrganisationRecord) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "tooi_uri": organisation.tooi_uri,
        "oin": organisation.oin,
        "website": organisation.website,
    }


def _repository(repository: RepositoryRecord) -> dict[str, Any]:
    return {
        "url": repository.url,
        "forge": repository.forge,
        "full_name": repository.full_name,
        "description": repository.description,
        "topics": list(repository.topics),
        "languages": list(repository.languages),
        "archived": repository.archived,
        "last_activity_at": rfc3339(repository.last_activity_at),
    }


def _decision(decision: DecisionRecord, links: SiteLinks) -> dict[str, Any]:
    content = decision.content
    return {
        "id": str(decision.id),
        "version": decision.version,
        "outcome": str(content.outcome),
        "summary": content.summary,
        "grounds": list(decision.ground_codes),
        "decided_on": _day(content.decided_on),
        "published_on": _day(decision.published_on),
        "review_on": _day(content.review_on),
        "url": links.decision(decision.id),
    }


def _provenance(provenance: Provenance) -> dict[str, Any]:
    return {
        "catalogue_url": provenance.catalogue_url,
        "catalogue_name": provenance.catalogue_name,
        "remote_id": provenance.remote_id,
        "remote_url": provenance.remote_url,
        "imported_at": rfc3339(provenance.imported_at),
    }


def software_entry(record: ExportRecord, links: SiteLinks) -> dict[str, Any]:
    """One entry of the export's "software" list."""
    return {
        "id": str(record.id),
        "url": links.software(record.id),
        "name": record.name,
        "description": {"nl": record.description_nl, "en": record.description_en},
        "organisation": _organisation(record.organisation),
        "release_status": record.release_status,
        "licence": record.licence,
        "development_status": record.development_status,
        "maintenance_type": record.maintenance_type,
        "homepage": record.homepage,
        "software_type": record.software_type,
        "categories": list(record.categories),
        "platforms": list(record.platforms),
        "publiccode_yml": record.publiccode_yml,
        "repositories": [_repository(r) for r in record.repositories],
        "decision": None if record.decision is None else _decision(record.decision, links),
        "provenance": None if record.provenance is None else _provenance(record.provenance),
        "created_at": rfc3339(record.created_at),
        "updated_at": rfc3339(record.updated_at),
    }


# The same bytes as json.dumps(value, ensure_ascii=False, separators=(",", ":")), several
# times faster: every export writes its JSON with it.
encode = msgspec.json.Encoder().encode


def _dumps(value: Any) -> str:
    return encode(value).decode()


async def write_catalogue_json(
    records: AsyncIterable[ExportRecord], *, links: SiteLinks, now: datetime | None = None
) -> AsyncIterator[str]:
    """The export document in pieces: header, one entry per record (one per line), footer."""
    catalogue = {
        "name": CATALOGUE_NAME,
        "url": links.base_url,
        "generated_at": rfc3339(now or datetime.now(UTC)),
    }
    yield f'{{"format":{_dumps(FORMAT)},"catalogue":{_dumps(catalogue)},"software":['
    separator = "\n"
    async for record in records:
        yield separator + _dumps(software_entry(record, links))
        separator = ",\n"
    yield "\n]}\n"
