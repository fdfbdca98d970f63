# SPDX-License-Identifier: EUPL-1.2
"""What every export reads: entries streamed in batches, and the fingerprint of their ETags."""

from __future__ import annotations

from datetime import UTC, datetime

from catalogue.exports.records import fingerprint, record_of, stream_records
from catalogue.federation.models import FederatedEntry
from catalogue.organisations.models import Organisation
from catalogue.software.models import Repository, Software
from catalogue.software.queries import SoftwareFilters
from tests.catalogue.exports.test_feeds_api import publish
from tests.conftest import QueryCounter
from tests.factories import make_organisation, make_software


async def test_every_entry_is_streamed_once_in_id_order_at_a_fixed_number_of_queries(
    db: str, count_queries: QueryCounter
) -> None:
    organisation = await make_organisation("Gemeente Batch", account="batch")
    made = [await make_software(organisation, f"entry-{n}", repositories=n % 3) for n in range(23)]
    await Software.filter(id=made[5].id).update(archived_at=datetime.now(UTC))
    count_queries.statements.clear()
    streamed = [record async for record in stream_records(batch_size=5)]
    assert [r.id for r in streamed] == [s.id for s in made if s.id != made[5].id]
    assert [len(r.repositories) for r in streamed[:4]] == [0, 1, 2, 0]
    # 22 entries in 5 batches: per batch one query for the entries, and one each for their
    # repositories, languages, decisions and provenance.
    assert len(count_queries.statements) == 5 * 5


async def test_a_record_carries_the_decision_in_force_and_the_provenance(db: str) -> None:
    organisation = await make_organisation("Gemeente Besluit", account="besluit")
    software = await make_software(organisation, "geheim", repositories=0)
    decision = await publish(software, organisation)
    await FederatedEntry.create(
        software=software,
        catalogue_url="https://elders.example.org/api/v1/export/catalogue.json",
        catalogue_name="elders",
        remote_id="17",
        imported_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    record = await record_of(software.id)
    assert record is not None and record.decision is not None
    assert record.decision.id == decision.id and record.decision.ground_codes == ("woo-5.1.2.d",)
    assert record.provenance is not None and record.provenance.remote_id == "17"


async def test_the_fingerprint_changes_with_everything_an_export_writes(db: str) -> None:
    organisation = await make_organisation("Gemeente Vinger", account="vinger")
    other = await make_organisation("Gemeente Anders", account="anders")
    software = await make_software(organisation, "afdruk", repositories=1)
    mine = SoftwareFilters(organisation=organisation)
    seen = [await fingerprint(mine)]

    async def changed() -> bool:
        now = await fingerprint(mine)
        fresh = now not in seen
        seen.append(now)
        return fresh

    assert not await changed()  # nothing happened
    await Software.filter(id=software.id).update(
        description_nl="Nieuw", updated_at=datetime.now(UTC)
    )
    assert await changed()
    await Repository.filter(software_id=software.id).update(stars=5, updated_at=datetime.now(UTC))
    assert await changed()
    await publish(software, organisation)
    assert await changed()
    entry = await FederatedEntry.create(
        software=software,
        catalogue_url="https://x.example/",
        remote_id="1",
        imported_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert await changed()
    entry.imported_at = datetime(2026, 2, 1, tzinfo=UTC)
    await entry.save()
    assert await changed()
    await Organisation.filter(id=organisation.id).update(
        name="Gemeente Vingerafdruk", updated_at=datetime.now(UTC)
    )
    assert await changed()
    await make_software(other, "elders")  # another organisation's entry: not in this export
    assert not await changed()


async def test_an_export_searched_by_free_text_holds_what_was_written_just_before(db: str) -> None:
    organisation = await make_organisation("Gemeente Zoekbaar", account="zoekbaar")
    before = await fingerprint(SoftwareFilters(q="parkeervergunning"))
    await make_software(organisation, "Parkeervergunning aanvragen")  # no search ran since
    records = [r async for r in stream_records(SoftwareFilters(q="parkeervergunningen"))]
    assert [r.name for r in records] == ["Parkeervergunning aanvragen"]
    assert await fingerprint(SoftwareFilters(q="parkeervergunning")) != before
