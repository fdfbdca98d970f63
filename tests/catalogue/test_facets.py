# SPDX-License-Identifier: EUPL-1.2
"""The software list's facets are kept between requests, and never outlive a change."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from catalogue.software import facets
from catalogue.software.queries import SoftwareFilters
from tests.factories import make_organisation, make_software


def licences(found: facets.Facets) -> dict[str, int]:
    return {value.value: value.count for value in found["licence"]}


async def test_facets_are_kept_until_the_catalogue_changes(db: str, count_queries) -> None:  # type: ignore[no-untyped-def]
    organisation = await make_organisation()
    await make_software(organisation, licence="EUPL-1.2")
    first = await facets.software_facets(SoftwareFilters())
    assert licences(first) == {"EUPL-1.2": 1}
    count_queries.statements.clear()
    assert await facets.software_facets(SoftwareFilters()) is first
    assert len(count_queries.statements) == 2  # what marks a change, nothing more
    await make_software(organisation, licence="MIT")
    assert licences(await facets.software_facets(SoftwareFilters())) == {"EUPL-1.2": 1, "MIT": 1}


async def test_a_changed_entry_changes_the_facets(db: str) -> None:
    organisation = await make_organisation()
    entry = await make_software(organisation, licence="EUPL-1.2")
    assert licences(await facets.software_facets(SoftwareFilters())) == {"EUPL-1.2": 1}
    entry.archived_at = datetime.now(UTC)
    await entry.save()
    assert licences(await facets.software_facets(SoftwareFilters())) == {}


async def test_requests_at_once_count_the_facets_once(db: str, count_queries) -> None:  # type: ignore[no-untyped-def]
    organisation = await make_organisation()
    await make_software(organisation, licence="EUPL-1.2")
    facets._cache.clear()
    alone = SoftwareFilters(licence="EUPL-1.2")
    count_queries.statements.clear()
    await facets.software_facets(alone)
    one = len(count_queries.statements)
    facets._cache.clear()
    count_queries.statements.clear()
    found = await asyncio.gather(*(facets.software_facets(alone) for _ in range(5)))
    assert all(each is found[0] for each in found)
    assert licences(found[0]) == {"EUPL-1.2": 1}
    # Each request reads what marks a change (2 statements); the counting is done once.
    assert len(count_queries.statements) == one + 4 * 2
    assert facets._counting == {}


async def test_the_facets_of_a_search_count_each_matching_set_once(db: str, count_queries) -> None:  # type: ignore[no-untyped-def]
    organisation = await make_organisation()
    for n in range(3):
        await make_software(organisation, f"Zaaksysteem {n}", licence="EUPL-1.2")
    facets._cache.clear()
    count_queries.statements.clear()
    found = await facets.software_facets(SoftwareFilters(q="zaaksysteem"))
    assert licences(found) == {"EUPL-1.2": 3}
    counts = [s for s in count_queries.statements if s.lstrip().upper().startswith("SELECT COUNT")]
    # Every facet but the archived one counts within the same set: that set, and the
    # archived entries, are counted once each.
    assert len(counts) == 2, counts
