# SPDX-License-Identifier: EUPL-1.2
"""The number of SQL statements each hot detail endpoint sends, pinned: the same however many
repositories, languages and licences an entry has (no query per row), and no more than
written here, so that a change that adds one is seen."""

from __future__ import annotations

import httpx
import pytest

from catalogue.organisations.models import Organisation
from catalogue.software.models import Software
from tests.catalogue.exports.test_feeds_api import publish
from tests.conftest import QueryCounter
from tests.factories import make_organisation, make_software


async def statements(client: httpx.AsyncClient, path: str, counter: QueryCounter) -> int:
    counter.statements.clear()
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return len(counter.statements)


async def test_the_software_detail_reads_the_same_few_statements_however_large_the_entry(
    db: str, client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    organisation = await make_organisation("Gemeente Tellen", account="tellen")
    small = await make_software(organisation, "klein", repositories=1, languages=("Go",))
    large = await make_software(
        organisation,
        "groot",
        repositories=6,
        languages=("Python", "Go", "Rust"),
        licence="EUPL-1.2 OR MIT OR Apache-2.0",
    )
    few = await statements(client, f"/api/v1/software/{small.id}", count_queries)
    many = await statements(client, f"/api/v1/software/{large.id}", count_queries)
    # Three for the entry and its rows, five for its quality signals' facts (catalogue.quality).
    assert few == many <= 8


async def test_the_organisation_detail_reads_a_fixed_number_of_statements(
    db: str, client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    quiet = await make_organisation("Gemeente Stil", account="stil")
    busy = await make_organisation("Gemeente Druk", account="druk")
    for number in range(5):
        await make_software(busy, f"druk-{number}", repositories=2)
    few = await statements(client, f"/api/v1/organisations/{quiet.slug}", count_queries)
    many = await statements(client, f"/api/v1/organisations/{busy.slug}", count_queries)
    assert few == many <= 2


async def test_the_decision_detail_reads_a_fixed_number_of_statements(
    db: str, client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    organisation: Organisation = await make_organisation("Gemeente Besluit", account="besluit")
    software = await make_software(organisation, "geheim", repositories=0)
    decision = await publish(software, organisation)
    assert await statements(client, f"/api/v1/decisions/{decision.id}", count_queries) <= 4


async def test_the_software_list_reads_its_entries_as_rows_not_model_objects(
    db: str, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of the list, in the API and in HTML, searched or not, makes no Software object:
    the ORM's per-row conversion cost more than the statement (catalogue.rows)."""
    organisation = await make_organisation("Gemeente Rijen", account="rijen")
    for number in range(3):
        await make_software(organisation, f"kaart-{number}", description_nl="kaart", repositories=2)
    made: list[object] = []
    original = Software._init_from_db.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Software], **row: object) -> Software:
        made.append(row)
        return original(cls, **row)  # type: ignore[no-any-return]

    monkeypatch.setattr(Software, "_init_from_db", classmethod(counted))
    for path in ("/api/v1/software", "/api/v1/software?q=kaart", "/software", "/software?q=kaart"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "kaart-2" in response.text, path
    assert made == []
    await Software.get(name="kaart-0")  # the check itself sees the ORM make one
    assert len(made) == 1
