# SPDX-License-Identifier: EUPL-1.2
"""code.json from rows (`write_code_json_batches` over `stream_lean_batches`, what the endpoint
writes) is the
very same bytes as code.json from records (`write_code_json`, one `release` per record, the
writer before issue 21), over the demo catalogue with its example decisions and over entries
whose every text and address is hostile, in every release status, with and without
repositories and licences, and across batch boundaries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from tortoise import Tortoise

from catalogue.demo.loading import load_demo
from catalogue.exports import codejson
from catalogue.exports.json_export import SiteLinks
from catalogue.exports.lean import stream_lean_batches
from catalogue.exports.records import stream_records
from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.software.models import ReleaseStatus, Repository, Software
from catalogue.software.queries import SoftwareFilters
from tests.catalogue.exports.test_dcat_equivalence import HOSTILE, HOSTILE_ADDRESSES
from tests.factories import make_organisation, make_software
from wooexemptions.examples import load_examples

LINKS = SiteLinks("https://catalogus.example.nl/")


async def both(filters: SoftwareFilters | None = None, batch_size: int = 2000) -> tuple[str, str]:
    """(from rows, from records), over the same entries."""
    rows = codejson.write_code_json_batches(
        stream_lean_batches(filters, batch_size=batch_size), links=LINKS, agency="NL"
    )
    records = codejson.write_code_json(
        stream_records(filters, batch_size=batch_size), links=LINKS, agency="NL"
    )
    return "".join([p async for p in rows]), "".join([p async for p in records])


@pytest.mark.parametrize("batch_size", [2000, 7])
async def test_the_demo_catalogue_is_the_same_bytes(db: str, batch_size: int) -> None:
    await load_demo()
    await load_examples()
    new, old = await both(batch_size=batch_size)
    assert new == old
    releases = json.loads(new)["releases"]
    assert len(releases) == await Software.filter(archived_at__isnull=True).count() > 100
    assert any(r["permissions"]["usageType"] != "openSource" for r in releases)
    for organisation in await Organisation.filter(software__isnull=False).limit(5):
        new, old = await both(SoftwareFilters(organisation=organisation), batch_size)
        assert new == old


async def test_hostile_entries_are_the_same_bytes(db: str) -> None:
    """Every hostile text in every field the export writes, in each release status, with none,
    one or two repositories (their dates stored with different offsets), with and without a
    licence; addresses that need quoting, that quoting cannot mend, or that are no address."""
    addresses = HOSTILE_ADDRESSES
    statuses = list(ReleaseStatus)
    moment = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    for number, text in enumerate(HOSTILE):
        organisation = await make_organisation(
            f"{text} {number}", kind=list(OrganisationKind)[number % len(OrganisationKind)]
        )
        await Organisation.filter(id=organisation.id).update(
            website=addresses[number % len(addresses)]
        )
        software = await make_software(
            organisation,
            f"{text}-{number}",
            licence=(None, "EUPL-1.2 OR MIT", "LicenseRef-x", "EUPL-1.2")[number % 4],
            languages=(text, "Go"),
            release_status=statuses[number % len(statuses)],
            description_nl=text,
            description_en=("", text, "  \n ")[number % 3],
            repositories=number % 3,
        )
        await Software.filter(id=software.id).update(
            homepage=addresses[(number + 1) % len(addresses)],
            categories=[text, "x"],
            development_status=("stable", "beta", None, "obsolete")[number % 4],
        )
        for position, repository in enumerate(await Repository.filter(software=software)):
            offset = timezone(timedelta(hours=position * 5 - 3))
            address = addresses[(number + position) % len(addresses)]
            await Repository.filter(id=repository.id).update(
                topics=[text, "woo"],
                url=f"{address}{number}-{position}" if address else repository.url,
                created_on_host_at=(moment + timedelta(hours=position * 2)).astimezone(offset),
                last_activity_at=(moment - timedelta(hours=position)).astimezone(offset)
                if position or number % 2
                else None,
            )
    new, old = await both(batch_size=5)
    assert new == old
    assert len(json.loads(new)["releases"]) == len(HOSTILE)


async def test_the_endpoint_writes_from_rows(db: str, client: httpx.AsyncClient) -> None:
    """What the endpoint serves (written from rows) is the bytes of the records' writer."""
    await load_demo()
    response = await client.get("/api/v1/export/code.json")
    assert response.status_code == 200
    links = SiteLinks("http://testserver/")
    old = codejson.write_code_json(stream_records(), links=links, agency="NL")
    assert response.text == "".join([p async for p in old])


async def test_topics_stored_as_json_null_are_the_same_bytes(db: str) -> None:
    organisation = await make_organisation("Gemeente Leeg", account="leeg")
    await make_software(organisation, "leeg", repositories=2)
    await Tortoise.get_connection("default").execute_query("UPDATE repository SET topics = 'null'")
    new, old = await both()
    assert new == old
    assert json.loads(new)["releases"][0]["tags"] == []
