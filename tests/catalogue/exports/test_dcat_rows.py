# SPDX-License-Identifier: EUPL-1.2
"""The DCAT documents from rows (`dcat.turtle_rows` and `dcat.jsonld_rows` over
`stream_lean_batches(federated=True)`, what the endpoints write) are the very same bytes as
those from records (`dcat.turtle` and `dcat.jsonld` over `stream_records`, which the rdflib
oracle holds to the graph: test_dcat_equivalence.py): over the demo catalogue with its example
decisions, over entries whose every text and address is hostile, with and without
repositories, licences and descriptions, federated entries, organisations whose IRI is an
entry's own or the catalogue's, and across batch boundaries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from catalogue.demo.loading import load_demo
from catalogue.exports import dcat, feeds
from catalogue.exports.lean import stream_lean_batches
from catalogue.exports.records import stream_records
from catalogue.federation.models import FederatedEntry
from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.software.models import ReleaseStatus, Repository, Software
from catalogue.software.queries import SoftwareFilters
from tests.catalogue.exports.test_dcat_equivalence import HOSTILE, HOSTILE_ADDRESSES
from tests.factories import make_organisation, make_software
from wooexemptions.examples import load_examples

BASE = "https://catalogus.example.nl"
WRITERS = ((dcat.turtle_rows, dcat.turtle), (dcat.jsonld_rows, dcat.jsonld))


async def both(
    fmt: int, filters: SoftwareFilters | None = None, batch_size: int = 2000
) -> tuple[str, str]:
    """(from rows, from records), over the same entries, in Turtle (0) or JSON-LD (1)."""
    organisation = filters.organisation if filters else None
    info = dcat.site_catalogue(BASE, organisation=organisation, modified=None)
    rows, records = WRITERS[fmt]
    new: AsyncIterator[str] = rows(
        stream_lean_batches(filters, batch_size=batch_size, federated=True), info
    )
    old: AsyncIterator[str] = records(stream_records(filters, batch_size=batch_size), info)
    return "".join([p async for p in new]), "".join([p async for p in old])


@pytest.mark.parametrize("batch_size", [2000, 7])
@pytest.mark.parametrize("fmt", [0, 1])
async def test_the_demo_catalogue_is_the_same_bytes(db: str, batch_size: int, fmt: int) -> None:
    await load_demo()
    await load_examples()
    new, old = await both(fmt, batch_size=batch_size)
    assert new == old
    assert new.count("ot:Decision") > 0
    for organisation in await Organisation.filter(software__isnull=False).limit(5):
        new, old = await both(fmt, SoftwareFilters(organisation=organisation), batch_size)
        assert new == old


@pytest.mark.parametrize("fmt", [0, 1])
async def test_hostile_entries_are_the_same_bytes(db: str, fmt: int) -> None:
    """Every hostile text in every field DCAT writes, in each release status, with none, one
    or two repositories, with and without a licence and descriptions; addresses that are no
    IRI; an organisation IRI that is an entry's own; federated entries."""
    addresses = (*HOSTILE_ADDRESSES, "https://example.nl/plain")
    statuses = list(ReleaseStatus)
    moment = datetime(2026, 1, 31, 23, 30, 15, 123456, tzinfo=UTC)
    for number, text in enumerate(HOSTILE):
        organisation = await make_organisation(
            f"{text} {number}", kind=list(OrganisationKind)[number % len(OrganisationKind)]
        )
        await Organisation.filter(id=organisation.id).update(
            website=addresses[number % len(addresses)],
            tooi_uri=(f"https://identifier.overheid.nl/tooi/id/gemeente/gm{number:04}", None, text)[
                number % 3
            ],
            oin=(None, text[:20])[number % 2],
        )
        software = await make_software(
            organisation,
            f"{text}-{number}",
            licence=(None, "EUPL-1.2 OR MIT", "LicenseRef-x", "EUPL-1.2")[number % 4],
            languages=(text, "Go", " "),
            release_status=statuses[number % len(statuses)],
            description_nl=("", text)[number % 2],
            description_en=("", text, "  \n ")[number % 3],
            repositories=number % 3,
        )
        await Software.filter(id=software.id).update(
            homepage=addresses[(number + 1) % len(addresses)],
            categories=[text, "x", " ", text],
            development_status=("stable", "beta", None, "obsolete")[number % 4],
            created_at=moment.astimezone(timezone(timedelta(hours=number % 3))),
        )
        for position, repository in enumerate(await Repository.filter(software=software)):
            address = addresses[(number + position) % len(addresses)]
            await Repository.filter(id=repository.id).update(
                topics=[text, "woo", text],
                url=f"{address}{number}-{position}" if address else repository.url,
            )
        if number % 5 == 4:
            await FederatedEntry.create(
                software=software,
                catalogue_url="https://other.example/",
                catalogue_name=text,
                remote_id=str(number),
                remote_url=f"https://other.example/software/{number}",
                imported_at=moment,
            )
    # An organisation whose IRI is an entry's own page, and one whose IRI is the catalogue's.
    for iri in (f"{BASE}/software/{software.id + 1}", f"{BASE}/#catalogue"):
        odd = await make_organisation(f"odd {iri}")
        await Organisation.filter(id=odd.id).update(tooi_uri=iri)
        await make_software(odd, f"odd {iri}", repositories=1)
    for batch_size in (5, 2000):
        new, old = await both(fmt, batch_size=batch_size)
        assert new == old
        assert new.count("_:s") > 0


async def test_the_endpoints_write_from_rows(db: str, client: httpx.AsyncClient) -> None:
    """What the endpoints serve is the bytes of the records' writers."""
    await load_demo()
    for extension, records in (("ttl", dcat.turtle), ("jsonld", dcat.jsonld)):
        response = await client.get(f"/api/v1/export/catalogue.{extension}")
        assert response.status_code == 200
        info = dcat.site_catalogue("http://testserver", modified=await feeds.latest_change(None))
        old = records(stream_records(), info)
        assert response.text == "".join([p async for p in old])
