# SPDX-License-Identifier: EUPL-1.2
"""Free-text search: organisations by name and abbreviation, topics, languages and
publiccode.yml fields; Dutch words by their stems; the most relevant first; suggestions."""

from __future__ import annotations

import httpx
import pytest

from catalogue.organisations.kinds import OrganisationKind
from catalogue.paging import PageRequest
from catalogue.software import queries, search, textsearch
from catalogue.software.models import Repository, Software
from tests.factories import make_organisation, make_software


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("belastingen", "aangifte belasting"),
        ("belasting", "de belastingdienst"),
        ("toeslagen", "een toeslag aanvragen"),
        ("gemeenten", "voor de gemeente"),
        ("regelingen", "rekent een regeling door"),
    ],
)
def test_a_word_is_found_by_its_dutch_stem(query: str, text: str) -> None:
    assert found_in(query, text)


def found_in(query: str, text: str) -> bool:
    """Whether a word finds a text as the index does: its key begins a key of the text."""
    (word,) = textsearch.words(query)
    return any(k.startswith(textsearch.key(word)) for k in textsearch.indexed(text).split())


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("licences", "a licence checker"),
        ("users", "for every user"),
        ("running", "runs the checks"),
        ("gebruikers", "voor de gebruiker"),
    ],
)
def test_english_and_dutch_forms_meet_under_one_key(query: str, text: str) -> None:
    assert found_in(query, text)


def test_a_word_is_not_found_in_an_unrelated_text() -> None:
    assert not found_in("belastingen", "bestand van de bibliotheek")


def test_abbreviations_leave_out_the_linking_words() -> None:
    assert textsearch.abbreviation("Centraal Bureau voor de Statistiek") == "cbs"
    assert textsearch.abbreviation("Volksgezondheid, Welzijn en Sport") == "vws"


@pytest.fixture
async def catalogue(db: str) -> dict[str, Software]:
    tax = await make_organisation("Belastingdienst", kind=OrganisationKind.UITVOERINGSORGANISATIE)
    cbs = await make_organisation("Centraal Bureau voor de Statistiek", kind=OrganisationKind.ZBO)
    town = await make_organisation("Gemeente Voorbeeld")
    entries = {
        "aangifte": await make_software(tax, "Aangifte-app", description_nl="Voor ondernemers."),
        "belasting": await make_software(town, "Belasting", description_nl="Lokale heffingen."),
        "cijfers": await make_software(cbs, "Cijferbank", languages=("R",)),
        "kaart": await make_software(town, "Kaartviewer", languages=("Rust",)),
        "toeslag": await make_software(town, "Rekenhulp"),
        "archief": await make_software(town, "Archiefkast"),
    }
    await Repository.filter(software_id=entries["kaart"].pk).update(topics=["geo", "open-data"])
    await Software.filter(id=entries["toeslag"].pk).update(
        publiccode_yml="description:\n  nl:\n    features:\n      - Berekent toeslagen\n"
    )
    return entries


async def names(query: str, **filters: object) -> list[str]:
    found = await search.find(query, **filters)  # type: ignore[arg-type]
    rows = {row.pk: row.name for row in await Software.filter(id__in=found)}
    return [rows[id] for id in found]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Belastingdienst", ["Aangifte-app"]),  # the organisation's name
        ("belastingen", ["Belasting", "Aangifte-app"]),  # stemmed; the name ranks first
        ("cbs", ["Cijferbank"]),  # an abbreviation
        ("statistiek", ["Cijferbank"]),
        ("open-data", ["Kaartviewer"]),  # a topic
        ("rust", ["Kaartviewer"]),  # a language
        ("toeslag", ["Rekenhulp"]),  # a publiccode.yml feature
        ("belasting ondernemers", ["Aangifte-app"]),  # every word must occur
        ("belasting bibliotheek", []),
        ("%", []),  # no words
    ],
)
async def test_search_finds_what_people_look_for(
    catalogue: dict[str, Software], query: str, expected: list[str]
) -> None:
    assert await names(query) == expected


async def test_the_other_filters_still_apply_in_the_order_of_relevance(
    catalogue: dict[str, Software],
) -> None:
    town = await catalogue["belasting"].organisation
    filters = await queries.searched(queries.SoftwareFilters(q="belasting", sort="relevance"))
    page = await queries.list_software(filters, PageRequest(per_page=10))
    assert [s.software.name for s in page.items] == ["Belasting", "Aangifte-app"]
    only_town = await queries.searched(
        queries.SoftwareFilters(q="belasting", organisation=town, sort="relevance")
    )
    page = await queries.list_software(only_town, PageRequest(per_page=10))
    assert [s.software.name for s in page.items] == ["Belasting"]
    by_name = queries.SoftwareFilters(q="belasting", sort="-name")
    page = await queries.list_software(by_name, PageRequest(per_page=10))
    assert [s.software.name for s in page.items] == ["Belasting", "Aangifte-app"]


async def test_a_misspelt_query_gets_suggestions(catalogue: dict[str, Software]) -> None:
    assert await names("belastingdeinst") == []
    assert "belastingdienst" in await search.suggest("belastingdeinst")
    assert await search.suggest("kaartvieuwer") == ["kaartviewer"]


async def test_the_pages_and_the_api_search_so(
    client: httpx.AsyncClient, catalogue: dict[str, Software]
) -> None:
    answer = (await client.get("/api/v1/software?q=belastingen")).json()
    assert [item["name"] for item in answer["items"]] == ["Belasting", "Aangifte-app"]
    page = (await client.get("/software?q=belastingdeinst")).text
    assert "Bedoelde u misschien:" in page
    assert 'href="/software?q=belastingdienst"' in page
    found = (await client.get("/software?q=Belastingdienst")).text
    assert "Aangifte-app" in found and "Bedoelde u misschien" not in found
    assert '<option value="relevance" selected>' in found
