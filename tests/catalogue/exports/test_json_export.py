# SPDX-License-Identifier: EUPL-1.2
"""The opentenzij JSON export: exactly the shape of docs/exports.md (federation reads it), one
entry per piece, provenance for federated entries."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from catalogue.exports import json_export
from catalogue.exports.records import ExportRecord, stream_records
from catalogue.federation.models import FederatedEntry
from catalogue.software.models import Software
from tests.catalogue.exports.samples import LINKS, record, withheld_record
from tests.factories import make_organisation, make_software
from wooexemptions.examples import load_examples

TOP = {"format", "catalogue", "software"}
ENTRY = {
    "id",
    "url",
    "name",
    "description",
    "organisation",
    "release_status",
    "licence",
    "development_status",
    "maintenance_type",
    "homepage",
    "software_type",
    "categories",
    "platforms",
    "publiccode_yml",
    "repositories",
    "decision",
    "provenance",
    "created_at",
    "updated_at",
}
ORGANISATION = {"slug", "name", "kind", "tooi_uri", "oin", "website"}
REPOSITORY = {
    "url",
    "forge",
    "full_name",
    "description",
    "topics",
    "languages",
    "archived",
    "last_activity_at",
}
DECISION = {
    "id",
    "version",
    "outcome",
    "summary",
    "grounds",
    "decided_on",
    "published_on",
    "review_on",
    "url",
}
PROVENANCE = {"catalogue_url", "catalogue_name", "remote_id", "remote_url", "imported_at"}
RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
NOW = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)


async def _stream(records: list[ExportRecord]) -> AsyncIterator[ExportRecord]:
    for item in records:
        yield item


async def exported(records: AsyncIterator[ExportRecord]) -> tuple[dict[str, Any], list[str]]:
    pieces = [p async for p in json_export.write_catalogue_json(records, links=LINKS, now=NOW)]
    return json.loads("".join(pieces)), pieces


async def test_the_document_has_exactly_the_documented_shape() -> None:
    body, pieces = await exported(_stream([record(), withheld_record("woo-5.1.2.h", id=43)]))
    assert set(body) == TOP
    assert body["format"] == "opentenzij-export/1"
    assert body["catalogue"] == {
        "name": "opentenzij",
        "url": "https://catalogus.example.nl/",
        "generated_at": "2026-04-01T08:00:00Z",
    }
    assert len(pieces) == 4  # header, two entries, footer
    first, second = body["software"]
    for entry in (first, second):
        assert set(entry) == ENTRY
        assert set(entry["organisation"]) == ORGANISATION
        assert set(entry["description"]) == {"nl", "en"}
        assert RFC3339_UTC.fullmatch(entry["created_at"])
        assert RFC3339_UTC.fullmatch(entry["updated_at"])
    assert first["id"] == "42"
    assert first["url"] == "https://catalogus.example.nl/software/42"
    assert first["decision"] is None and first["provenance"] is None
    [repository] = first["repositories"]
    assert set(repository) == REPOSITORY
    assert repository["last_activity_at"] == "2026-03-01T12:30:00Z"
    assert second["repositories"] == []
    assert second["decision"] == {
        "id": "7",
        "version": 2,
        "outcome": "withheld",
        "summary": "Samenvatting van het besluit.",
        "grounds": ["woo-5.1.2.h"],
        "decided_on": "2026-02-01",
        "published_on": "2026-02-02",
        "review_on": "2028-02-01",
        "url": "https://catalogus.example.nl/register/7",
    }


def test_moments_are_written_in_utc_with_a_z() -> None:
    amsterdam = timezone(timedelta(hours=2))
    assert json_export.rfc3339(datetime(2026, 6, 1, 14, 0, tzinfo=amsterdam)) == (
        "2026-06-01T12:00:00Z"
    )
    assert json_export.rfc3339(datetime(2026, 6, 1, 12, 0)) == "2026-06-01T12:00:00Z"
    assert json_export.rfc3339(None) is None


async def test_an_empty_catalogue_is_a_valid_document() -> None:
    body, _ = await exported(_stream([]))
    assert body["software"] == []


async def test_the_database_export_carries_decisions_publiccode_and_provenance(db: str) -> None:
    await load_examples()
    organisation = await make_organisation("Gemeente Elders")
    imported = await make_software(organisation, "van-elders", description_en="From elsewhere")
    await FederatedEntry.create(
        software=imported,
        catalogue_url="https://andere.example.org/",
        catalogue_name="andere catalogus",
        remote_id="99",
        remote_url="https://andere.example.org/software/99",
        imported_at=NOW,
    )
    own = await make_software(organisation, "eigen")
    own.publiccode_yml = "publiccodeYmlVersion: '0.4'\nname: eigen\n"
    await own.save()
    body, _ = await exported(stream_records())
    by_name = {entry["name"]: entry for entry in body["software"]}
    assert [entry["id"] for entry in body["software"]] == sorted(
        (entry["id"] for entry in body["software"]), key=int
    )
    provenance = by_name["van-elders"]["provenance"]
    assert set(provenance) == PROVENANCE
    assert provenance["remote_id"] == "99"
    assert provenance["imported_at"] == "2026-04-01T08:00:00Z"
    assert by_name["eigen"]["publiccode_yml"] == "publiccodeYmlVersion: '0.4'\nname: eigen\n"
    assert by_name["eigen"]["provenance"] is None
    later = by_name["Rekenmodule nieuwe regeling (voorbeeld)"]
    assert later["release_status"] == "open_later"
    assert later["decision"]["grounds"] == ["woo-5.1.2.i"]
    assert later["decision"]["url"].startswith("https://catalogus.example.nl/register/")
    assert later["organisation"]["kind"] == "ministerie"
    archived = await Software.get(name="eigen")
    archived.archived_at = NOW
    await archived.save()
    body, _ = await exported(stream_records())
    assert "eigen" not in {entry["name"] for entry in body["software"]}
