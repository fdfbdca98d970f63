# SPDX-License-Identifier: EUPL-1.2
"""A search that matches more than search.RANKED entries ranks a bounded set of candidates
(ADR 0014): names still first, totals past the cap marked, phrases and exclusions still
applied, pages stable, a fixed number of queries; on SQLite and on PostgreSQL. The cap is
made small here so that a few entries pass it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from tortoise import Tortoise

from catalogue.organisations.models import Organisation
from catalogue.paging import PageRequest
from catalogue.software import facets, listing, queries, search
from catalogue.software.models import Software
from tests.conftest import TEST_DATABASE_URL, is_postgres
from tests.factories import make_organisation, make_software


@pytest.fixture
async def town(db: str) -> Organisation:
    return await make_organisation("Gemeente Zuiderstad")


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(search, "RANKED", 3)
    monkeypatch.setattr(search, "NAMED", 3)
    return 3


async def names_found(q: str, per_page: int = 50) -> tuple[list[str], listing.Count]:
    filters = queries.SoftwareFilters(q=q, sort="relevance")
    page = await queries.list_software(filters, PageRequest(per_page=per_page))
    count = listing.Count(page.total, capped=page.capped, estimated=page.estimated)
    return [s.software.name for s in page.items], count


async def test_a_name_match_comes_first_when_more_match_than_are_ranked(
    town: Organisation, small_cap: int
) -> None:
    # The entry named so is in the middle: neither among the first entries of the index's
    # order (the newest on SQLite, the first written on PostgreSQL) nor among the last.
    for n in range(4):
        await make_software(town, f"Register {n}", description_nl="kaart " * (n + 3))
    await make_software(town, "Kaartviewer")
    for n in range(4, 8):
        await make_software(town, f"Register {n}", description_nl="kaart " * (n + 3))
    found, count = await names_found("kaart")
    assert found[0] == "Kaartviewer"
    assert count.capped or count.estimated
    assert len(found) > small_cap  # the other candidates follow it
    assert all(name.startswith("Register") for name in found[1:])


@pytest.mark.parametrize("ahead", [0, 1, 2, 1000])
async def test_the_name_matches_are_the_first_named_ones_in_and_past_the_candidates(
    town: Organisation, monkeypatch: pytest.MonkeyPatch, ahead: int
) -> None:
    """The name matches ranked are the first search.NAMED of them in the index's order:
    those among the candidates, then the next ones past them, and no more; on SQLite, whether
    the first reading went on past the candidates to none of them (`ahead` 0), not as far as
    the next one (1), to it (2) or to the end (1000). PostgreSQL reads no further."""
    monkeypatch.setattr(search, "RANKED", 3)
    monkeypatch.setattr(search, "NAMED", 2)
    monkeypatch.setattr(search, "SEARCH_AHEAD", ahead)
    order: list[str] = []  # as written: the index's order is the reverse on both databases
    for name in ("Kaart A", "Kaart B", "Kaart C", "Register 1", "Register 2", "Kaart D"):
        await make_software(town, name, description_nl="kaart")
        order.append(name)
    for name in ("Register 3", "Register 4"):
        await make_software(town, name, description_nl="kaart")
        order.append(name)
    # The candidates: the newest four (RANKED + 1): Register 4, 3, Kaart D, Register 2; one
    # of them named, so one more name match past them: Kaart C; not Kaart B or A.
    found, count = await names_found("kaart")
    assert count.capped or count.estimated
    assert set(found[:2]) == {"Kaart C", "Kaart D"}
    assert set(found) == {"Kaart C", "Kaart D", "Register 2", "Register 3", "Register 4"}


async def test_the_entry_named_the_query_is_first_even_beyond_the_candidates(
    town: Organisation, small_cap: int
) -> None:
    for n in range(4):
        await make_software(town, f"Kaart {n}")
    await make_software(town, "Kaart")
    for n in range(4, 8):
        await make_software(town, f"Kaart {n}")
    found, _ = await names_found("kaart")
    assert found[0] == "Kaart"


async def test_totals_past_the_cap_are_marked_and_below_it_exact(
    client: httpx.AsyncClient, town: Organisation, database_url: str, small_cap: int
) -> None:
    for n in range(5):
        await make_software(town, f"Melding {n}")
    await make_software(town, "Omgevingsplan")
    _, count = await names_found("melding")
    if database_url.startswith("postgres"):  # the planner's estimate
        assert count.estimated and count.total > small_cap
    else:  # "more than 3"
        assert count == listing.Count(small_cap, capped=True)
    assert (await names_found("omgevingsplan"))[1] == listing.Count(1)
    body = (await client.get("/api/v1/software?q=melding")).json()
    assert body["total_is_lower_bound"] or body["total_is_estimate"]
    exact = (await client.get("/api/v1/software?q=omgevingsplan")).json()
    assert exact["total"] == 1 and "total_is_estimate" not in exact
    html = (await client.get("/software?q=melding")).text
    assert "Meer dan 3 resultaten" in html or "Ongeveer" in html


async def test_phrases_and_exclusions_still_apply_past_the_cap(
    town: Organisation, small_cap: int
) -> None:
    for n in range(3):
        await make_software(town, f"Open data {n}", description_nl="open data van de stad")
        await make_software(town, f"Data open {n}", description_nl="data die open is")
        await make_software(town, f"Open water {n}", description_nl="open data over water")
    found, _ = await names_found('"open data" -water')
    assert found and all(name.startswith("Open data") for name in found)
    found, _ = await names_found("open -data")
    assert found == []
    found, _ = await names_found('data -"open data"')
    assert found and all(name.startswith("Data open") for name in found)


async def test_pages_of_a_capped_search_follow_each_other_without_repeats(
    town: Organisation, small_cap: int
) -> None:
    for n in range(10):
        name = f"Zaaksysteem {n}" if n % 3 == 0 else f"Systeem {n}"
        await make_software(town, name, description_nl="zaak " * (n % 4 + 1))
    filters = queries.SoftwareFilters(q="zaak", sort="relevance")
    seen, cursor = [], None
    while True:
        page = await queries.list_software(filters, PageRequest(per_page=2, cursor=cursor))
        seen += [s.software.name for s in page.items]
        assert page.capped or page.estimated
        if (cursor := page.next_cursor) is None:
            break
    everything = await queries.list_software(filters, PageRequest(per_page=50))
    assert seen == [s.software.name for s in everything.items]
    assert len(seen) == len(set(seen)) > small_cap
    by_number = await queries.list_software(filters, PageRequest(page=2, per_page=2))
    assert [s.software.name for s in by_number.items] == seen[2:4]


async def test_a_search_costs_a_fixed_number_of_queries_past_the_cap_too(
    client: httpx.AsyncClient, town: Organisation, database_url: str, count_queries, small_cap: int
) -> None:
    for n in range(8):
        await make_software(town, f"Portaal {n}", languages=("Go",), repositories=2)
    await client.get("/api/v1/software?q=portaal")  # the index is written once
    # the queue, the page with the count, its entries, their repositories; PostgreSQL asks
    # its planner for an estimate first (how to read its index; the total past the cap)
    expected = 5 if database_url.startswith("postgres") else 4
    for url in (
        "/api/v1/software?q=portaal&per_page=2",
        "/api/v1/software?q=portaal&per_page=50&licence=EUPL-1.2&language=go",
        "/api/v1/software?q=portaal+7",  # under the cap: exact
    ):
        count_queries.statements.clear()
        response = await client.get(url)
        assert response.status_code == 200
        assert len(count_queries.statements) == expected, "\n".join(count_queries.statements)


async def test_postgresql_indexes_the_names_apart(db: str, database_url: str) -> None:
    if not database_url.startswith("postgres"):
        pytest.skip("SQLite tells a name match by bm25 over the name column alone")
    rows = await search.connection().execute_query_dict(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'software_search_name'"
    )
    assert rows and "ts_filter(document, '{a}'" in rows[0]["indexdef"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("gemeente", "'gemeent':*"),  # the same stem in Dutch and in English: once
        ("zaak", "'zak':* | 'zaak':*"),  # two stems: both
        ('"open data"', "'open' <-> 'data'"),  # a phrase, the same in both
    ],
)
async def test_postgresql_looks_a_word_up_once_where_both_languages_stem_it_alike(
    db: str, database_url: str, q: str, expected: str
) -> None:
    if not database_url.startswith("postgres"):
        pytest.skip("SQLite stems in Python, once (textsearch.key)")
    sql, params = search._tsquery_of(search.parse(q).terms)
    client = search.connection()
    rows = await client.execute_query_dict(search.placeholders(f"SELECT {sql}::text AS q"), params)
    assert rows[0]["q"] == expected
    # written in, the planner works it out before it plans: a constant in the plan
    plan = await client.execute_query_dict(
        "EXPLAIN (VERBOSE, FORMAT JSON) SELECT 1 FROM software_search f WHERE f.document @@ "
        + search.inline(sql, params, postgres=True)
    )
    assert "to_tsquery" not in str(plan) and "CASE" not in str(plan)


async def test_a_candidate_s_name_is_looked_at_once(
    db: str, database_url: str, town: Organisation
) -> None:
    found = search.candidates(search.parse("kaart"), postgres=database_url.startswith("postgres"))
    any_sql, named_sql = found.any[0], found.named[0]
    assert any_sql.count(named_sql) == 1
    filters = queries.SoftwareFilters(q="kaart", sort="relevance")
    sql, _ = listing._ranked(found, filters, order=found.order, text="kaart", postgres=False)
    # o and m read the candidates; m's condition names the name once more, as a filter
    assert sql.count(named_sql) == 3


async def test_facets_of_a_search_past_the_cap_are_scaled_and_say_about(
    town: Organisation, small_cap: int
) -> None:
    for n in range(8):
        await make_software(town, f"Loket {n}", licence="MIT" if n % 4 == 0 else "EUPL-1.2")
    found = await facets.software_facets(queries.SoftwareFilters(q="loket"))
    licences = {item.value: item for item in found["licence"]}
    assert set(licences) <= {"EUPL-1.2", "MIT"} and "EUPL-1.2" in licences
    assert all(item.approximate for item in licences.values())
    exact = await facets.software_facets(queries.SoftwareFilters(q="loket", licence="MIT"))
    assert [(i.value, i.count, i.approximate) for i in exact["release_status"]][:1] == [
        ("open", 2, False)
    ]


async def test_quotes_and_backslashes_typed_are_only_words(
    client: httpx.AsyncClient, town: Organisation, small_cap: int
) -> None:
    # PostgreSQL's statement has the words written in (planned for them): quoted, not SQL
    await make_software(town, "O'Reilly\\Boek")
    for q in ("o'reilly", "'; DROP TABLE software; --", "boek\\'", "o'reilly\\boek"):
        response = await client.get("/api/v1/software", params={"q": q})
        assert response.status_code == 200, q
    body = (await client.get("/api/v1/software", params={"q": "o'reilly"})).json()
    assert [item["name"] for item in body["items"]] == ["O'Reilly\\Boek"]
    assert (await client.get("/api/v1/software")).json()["total"] == 1


async def test_a_filter_value_with_a_backslash_and_a_quote_stays_a_value(
    client: httpx.AsyncClient, town: Organisation
) -> None:
    """PostgreSQL's statement has its values written in: a backslash before a quote must not
    end the string, even on a server with standard_conforming_strings off."""
    for n in range(5):
        await make_software(town, f"Kaart {n}")
    if is_postgres(TEST_DATABASE_URL):
        connection = Tortoise.get_connection("default")
        await connection.execute_script("SET LOCAL standard_conforming_strings = off")
    for language in ("x\\' OR TRUE --", "x\\", "\\'", "x''"):
        response = await client.get("/api/v1/software", params={"q": "kaart", "language": language})
        assert response.status_code == 200, language
        assert response.json()["items"] == [], language
    everything = await client.get("/api/v1/software", params={"q": "kaart"})
    assert len(everything.json()["items"]) == 5


async def test_archived_matches_are_passed_over_and_the_candidates_still_reach_the_cap(
    town: Organisation, small_cap: int
) -> None:
    """The newest matches are archived: the candidates are the newest RANKED + 1 that are
    not, with filters that PostgreSQL's statement probes before it reads the entry (live
    last), and the name matches read on past them are not archived either."""
    await make_software(town, "Kaartviewer", languages=("Go",))  # a name match, the oldest
    for n in range(5):
        await make_software(town, f"Register {n}", description_nl="kaart", languages=("Go",))
    for n in range(4):
        gone = await make_software(town, f"Archief {n}", description_nl="kaart", languages=("Go",))
        await Software.filter(id=gone.pk).update(archived_at=datetime.now(UTC))
    await make_software(town, "Register elders", description_nl="kaart", languages=("Rust",))
    filters = queries.SoftwareFilters(q="kaart", licence="EUPL-1.2", language="go")
    page = await queries.list_software(replace(filters, sort="relevance"), PageRequest())
    found = [s.software.name for s in page.items]
    assert found[0] == "Kaartviewer"
    assert sorted(found[1:]) == [f"Register {n}" for n in range(1, 5)]
    assert page.capped or page.estimated
    archived = replace(filters, sort="relevance", archived=True)
    page = await queries.list_software(archived, PageRequest())
    assert sorted(s.software.name for s in page.items) == [f"Archief {n}" for n in range(4)]
