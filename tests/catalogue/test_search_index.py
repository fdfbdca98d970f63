# SPDX-License-Identifier: EUPL-1.2
"""The full-text index: the query language, ranking, the index after every kind of write,
keyset pages under inserts, counts that stop at a cap, and the list's fixed query count; on
SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.paging import PageRequest
from catalogue.permissions.rules import Principal
from catalogue.software import listing, queries, search, services, textsearch
from catalogue.software.models import Repository, RepositoryLanguage, Software
from catalogue.turns import turn
from tests.factories import make_organisation, make_software

ADMIN = Principal(user_id=1, is_site_admin=True)


async def names(query: str, *, archived: bool = False) -> list[str]:
    found = await search.find(query, archived=archived)
    rows = {row.pk: row.name for row in await Software.filter(id__in=found)}
    return [rows[id] for id in found]


def test_a_query_has_words_phrases_and_exclusions() -> None:
    parsed = textsearch.parse('zaak "open data" -water -"oude kaart" open-data ""')
    assert [(t.words, t.exclude) for t in parsed.terms] == [
        (("zaak",), False),
        (("open", "data"), False),
        (("water",), True),
        (("oude", "kaart"), True),
    ]  # "open-data" is the phrase "open data" again
    assert not textsearch.parse("-water")  # only exclusions: nothing to look for
    assert not textsearch.parse('% " -')


def test_nothing_typed_is_fts5_syntax() -> None:
    text = textsearch.fts5_match(textsearch.parse('a" OR b* NEAR(c) -"d'))
    assert text == '("a"* AND "or"* AND "b"* AND "near c") NOT "d"*'


@pytest.fixture
async def town(db: str) -> Organisation:
    return await make_organisation("Gemeente Zuiderstad")


async def test_stems_of_dutch_and_english_words_find_each_other(town: Organisation) -> None:
    await make_software(town, "Vergunningchecker", description_nl="Toetst aanvragen.")
    await make_software(town, "Licensing", description_en="Checks licences of the users.")
    assert await names("vergunningen") == ["Vergunningchecker"]
    assert await names("aanvraag") == ["Vergunningchecker"]
    assert await names("licence user") == ["Licensing"]
    assert await names("vergu") == ["Vergunningchecker"]  # typed so far: a prefix


async def test_phrases_and_exclusions(town: Organisation) -> None:
    await make_software(town, "Kaart A", description_nl="een open kaart van de data")
    await make_software(town, "Kaart B", description_nl="open data op de kaart")
    assert sorted(await names("open kaart")) == ["Kaart A", "Kaart B"]
    assert await names('"open kaart"') == ["Kaart A"]
    assert await names('"open data"') == ["Kaart B"]
    assert await names("kaart -data") == []
    assert await names('kaart -"open data"') == ["Kaart A"]


async def test_the_name_outranks_the_organisation_and_the_descriptions(db: str) -> None:
    water = await make_organisation("Waterschap Riviergebied")
    other = await make_organisation("Gemeente Elders")
    await make_software(other, "Peilbeheer", description_nl="Meet het water in de sloten.")
    await make_software(water, "Gemalen")
    await make_software(other, "Waterkaart")
    assert await names("water") == ["Waterkaart", "Gemalen", "Peilbeheer"]
    await make_software(other, "Water")
    assert (await names("water"))[0] == "Water"  # the whole query is its name


async def test_the_index_follows_every_kind_of_write(town: Organisation) -> None:
    entry = await make_software(town, "Zaaksysteem")  # registration
    assert await names("zaaksysteem") == ["Zaaksysteem"]

    await services.update_software(  # a person's edit
        principal=ADMIN, software=entry, values={"description_nl": "Behandelt bezwaarschriften."}
    )
    assert await names("bezwaarschrift") == ["Zaaksysteem"]

    await services.apply_harvest(  # a harvest
        software=await Software.get(id=entry.pk),
        values={"description_en": "Handles objections."},
        actor="harvest",
    )
    assert await names("objection") == ["Zaaksysteem"]
    repository = await Repository.get(software_id=entry.pk)
    repository.topics = ["common-ground"]
    await repository.save()
    assert await names('"common ground"') == ["Zaaksysteem"]
    await RepositoryLanguage.create(repository=repository, name="Elixir", key="elixir")
    assert await names("elixir") == ["Zaaksysteem"]

    town.name = "Gemeente Noorderstad"  # an organisation renamed
    await town.save()
    assert await names("noorderstad") == ["Zaaksysteem"]
    await CodeHostAccount.create(
        organisation=town, forge=ForgeKind.GITLAB, base_url="https://gitlab.com",
        name="noord-ict", name_key="noord-ict",
    )  # fmt: skip
    assert await names("noord-ict") == ["Zaaksysteem"]

    await services.archive_software(principal=ADMIN, software=await Software.get(id=entry.pk))
    assert await names("zaaksysteem") == []
    assert await names("zaaksysteem", archived=True) == ["Zaaksysteem"]

    await Software.filter(id=entry.pk).delete()  # gone, not only hidden
    assert await names("zaaksysteem", archived=True) == []


async def ranked(q: str, **filters: str) -> list[str]:
    """The names a search in order of relevance finds, with `filters` (licence, language)."""
    chosen = await queries.searched(queries.SoftwareFilters(q=q, sort="relevance", **filters))
    page = await queries.list_software(chosen, PageRequest(per_page=50))
    return sorted(summary.software.name for summary in page.items)


async def test_a_search_with_licence_and_language_follows_their_changes(
    town: Organisation,
) -> None:
    """A search with the licence and language filters finds what the filters let through,
    also after a licence or a language changes (on SQLite they are tokens of the index)."""
    kaart = await make_software(town, "Kaartlaag", licence="EUPL-1.2", languages=("Go",))
    await make_software(town, "Kaartviewer", licence="MIT", languages=("Go",))
    await make_software(town, "Kaartmaker", licence="EUPL-1.2", languages=("C#",))
    await make_software(town, "Kaartlezer", licence="EUPL-1.2 OR MIT", languages=("Go", "C#"))
    assert await ranked("kaart", licence="EUPL-1.2", language="go") == [
        "Kaartlaag", "Kaartlezer",
    ]  # fmt: skip
    assert await ranked("kaart", language="c#") == ["Kaartlezer", "Kaartmaker"]
    assert await ranked("kaart", licence="MIT") == ["Kaartlezer", "Kaartviewer"]
    assert await ranked("kaart -kaartlezer", licence="MIT") == ["Kaartviewer"]

    await services.update_software(principal=ADMIN, software=kaart, values={"licence": "MIT"})
    assert await ranked("kaart", licence="EUPL-1.2", language="go") == ["Kaartlezer"]
    assert await ranked("kaart", licence="MIT", language="go") == [
        "Kaartlaag", "Kaartlezer", "Kaartviewer",
    ]  # fmt: skip
    repository = await Repository.get(software_id=kaart.pk)
    await RepositoryLanguage.filter(repository=repository).delete()
    await RepositoryLanguage.create(repository=repository, name="Rust", key="rust")
    assert await ranked("kaart", licence="MIT", language="go") == ["Kaartlezer", "Kaartviewer"]
    assert await ranked("kaart", language="rust") == ["Kaartlaag"]


async def test_a_word_like_a_filter_token_finds_no_entry_by_its_filters(town: Organisation) -> None:
    """The query's words are looked up in the text, never in the filters' tokens."""
    await make_software(town, "Kaartlaag", licence="EUPL-1.2", languages=("Go",))
    for token in search.filter_tokens(licences=["EUPL-1.2"], languages=["go"]):
        assert await names(token) == []
        assert await names(token[:3]) == []


async def test_a_bulk_update_is_indexed_too(town: Organisation) -> None:
    entry = await make_software(town, "Rekenmodule")
    await Software.filter(id=entry.pk).update(publiccode_yml="features:\n  - Berekent toeslagen\n")
    assert await names("toeslag") == ["Rekenmodule"]


async def test_cursor_pages_skip_and_repeat_nothing_under_inserts(town: Organisation) -> None:
    for letter in "bdfhj":
        await make_software(town, f"{letter}-app")
    first = await queries.list_software(queries.SoftwareFilters(), PageRequest(per_page=2))
    assert [s.software.name for s in first.items] == ["b-app", "d-app"]
    await make_software(town, "a-app")  # before the cursor: not on a later page
    await make_software(town, "e-app")  # after it: on the next page
    second = await queries.list_software(
        queries.SoftwareFilters(), PageRequest(per_page=2, cursor=first.next_cursor)
    )
    assert [s.software.name for s in second.items] == ["e-app", "f-app"]
    third = await queries.list_software(
        queries.SoftwareFilters(), PageRequest(per_page=2, cursor=second.next_cursor)
    )
    assert [s.software.name for s in third.items] == ["h-app", "j-app"]
    assert third.next_cursor is None


async def test_cursor_pages_in_order_of_relevance(town: Organisation) -> None:
    for n in range(5):
        await make_software(town, f"kaart {n}", description_nl="kaart " * n)
    filters = queries.SoftwareFilters(q="kaart", sort="relevance")
    seen, cursor = [], None
    while True:
        page = await queries.list_software(filters, PageRequest(per_page=2, cursor=cursor))
        seen += [s.software.name for s in page.items]
        if (cursor := page.next_cursor) is None:
            break
    everything = await queries.list_software(filters, PageRequest(per_page=10))
    assert seen == [s.software.name for s in everything.items]
    assert sorted(seen) == [f"kaart {n}" for n in range(5)]


async def test_a_cursor_of_another_order_or_none_at_all_is_refused(town: Organisation) -> None:
    await make_software(town, "a")
    await make_software(town, "b")
    page = await queries.list_software(queries.SoftwareFilters(), PageRequest(per_page=1))
    assert page.next_cursor
    for cursor, sort in ((page.next_cursor, "-created"), ("bm90IGEgY3Vyc29y", "name")):
        with pytest.raises(listing.BadPage):
            await queries.list_software(
                queries.SoftwareFilters(sort=sort), PageRequest(per_page=1, cursor=cursor)
            )


async def test_counts_stop_at_the_cap_and_say_so(
    town: Organisation, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(6):
        await make_software(town, f"register {n}", licence="MIT" if n % 2 else "EUPL-1.2")
    await search.refresh()
    monkeypatch.setattr(listing, "CAP", 3)
    everything = await listing.count(queries.SoftwareFilters())
    narrowed = await listing.count(queries.SoftwareFilters(q="register"))
    if database_url.startswith("postgres"):  # the planner's estimate
        assert everything.estimated and narrowed.estimated
        assert everything.total > 3 and narrowed.total > 3
    else:  # exact for the whole catalogue through its index; else "more than 3"
        assert everything == listing.Count(6)
        assert narrowed == listing.Count(3, capped=True)
    assert await listing.count(queries.SoftwareFilters(licence="MIT")) == listing.Count(3)


async def test_a_filtered_count_the_planner_expects_past_the_cap_is_exact_to_sure(
    town: Organisation, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: when the planner expects more than the cap, a filtered list is counted
    exactly only up to listing.SURE, and past it the total is the estimate; one that finds
    no more than SURE is exact, however many the planner expected."""
    if not database_url.startswith("postgres"):
        pytest.skip("SQLite has no planner's estimate: it counts to the cap")
    for n in range(6):
        await make_software(town, f"mit {n}", licence="MIT", languages=("Python",))
        await make_software(town, f"eupl {n}", licence="EUPL-1.2", languages=("Go",))
    for n in range(2):
        await make_software(town, f"mit go {n}", licence="MIT", languages=("Go",))
    await search.connection().execute_script(
        "ANALYZE software; ANALYZE software_licence; ANALYZE software_language"
    )

    async def expected(filters: queries.SoftwareFilters) -> int:
        sql, params = listing.selection(filters, postgres=True).select("1")
        return await listing._estimate(sql, params)

    two = queries.SoftwareFilters(licence="MIT", language="go")  # two entries
    planned = await expected(two)
    assert planned > 3  # the planner takes the filters for independent: more than there are
    monkeypatch.setattr(listing, "CAP", 3)
    monkeypatch.setattr(listing, "SURE", 1)
    assert await listing.count(two) == listing.Count(planned, estimated=True)
    monkeypatch.setattr(listing, "SURE", 2)  # both within SURE: exact
    assert await listing.count(two) == listing.Count(2)

    none = queries.SoftwareFilters(licence="EUPL-1.2", language="python")
    planned = await expected(none)
    assert planned >= 1
    monkeypatch.setattr(listing, "CAP", planned - 1)
    monkeypatch.setattr(listing, "SURE", 0)
    assert await listing.count(none) == listing.Count(0)

    six = queries.SoftwareFilters(licence="MIT", language="python")
    monkeypatch.setattr(listing, "CAP", max(await expected(six), 6))  # expected within it
    assert await listing.count(six) == listing.Count(6)


async def test_a_filtered_list_on_sqlite_counts_to_sure_and_says_more_than(
    town: Organisation, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite, which has no planner's estimate: a narrowed list is counted to listing.SURE,
    and says "more than" past it; the whole list is still exact through its index, and the
    facets still count their sample whole."""
    if database_url.startswith("postgres"):
        pytest.skip("PostgreSQL counts to SURE only where its planner expects many")
    for n in range(4):
        await make_software(town, f"melding {n}", licence="MIT")
    await search.refresh()
    monkeypatch.setattr(listing, "CAP", 10)
    monkeypatch.setattr(listing, "SURE", 2)
    mit = queries.SoftwareFilters(licence="MIT")
    assert await listing.count(mit) == listing.Count(2, capped=True)
    assert await listing.count(queries.SoftwareFilters(q="melding")) == listing.Count(
        2, capped=True
    )
    assert await listing.count(queries.SoftwareFilters()) == listing.Count(4)
    assert await listing.count(mit, 10) == listing.Count(4)  # a sample of the facets
    monkeypatch.setattr(listing, "SURE", 4)
    assert await listing.count(mit) == listing.Count(4)


async def test_the_api_and_the_page_say_more_than(
    client: httpx.AsyncClient, town: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(5):
        await make_software(town, f"melding {n}")
    monkeypatch.setattr(listing, "CAP", 3)
    monkeypatch.setattr(search, "RANKED", 3)  # in order of relevance: the ranked candidates
    monkeypatch.setattr(search, "NAMED", 3)
    body = (await client.get("/api/v1/software?q=melding&per_page=2")).json()
    assert body["total_is_lower_bound"] or body["total_is_estimate"]
    assert body["next_cursor"]
    html = (await client.get("/software?q=melding")).text
    assert "Meer dan 3 resultaten" in html or "Ongeveer" in html


async def test_the_list_costs_the_same_queries_searched_and_by_cursor(
    client: httpx.AsyncClient, town: Organisation, count_queries
) -> None:
    for n in range(30):
        await make_software(town, f"portaal {n}", languages=("Go", "Shell"), repositories=2)
    await client.get("/api/v1/software?q=portaal")  # the index is written once
    for url in ("/api/v1/software?q=portaal&per_page=5", "/api/v1/software?q=portaal&per_page=50"):
        count_queries.statements.clear()
        body = (await client.get(url)).json()
        # the queue, the page's ids with the count, its entries, their repositories (and on
        # PostgreSQL its planner's estimate first)
        expected = 5 if search.is_postgres() else 4
        assert len(count_queries.statements) == expected, "\n".join(count_queries.statements)
    count_queries.statements.clear()
    cursor = body["next_cursor"] if "next_cursor" in body else None
    first = (await client.get("/api/v1/software?per_page=5")).json()
    assert cursor is None and first["next_cursor"]
    count_queries.statements.clear()
    await client.get(f"/api/v1/software?per_page=5&cursor={first['next_cursor']}")
    assert len(count_queries.statements) == 4


async def test_a_page_past_the_reach_of_page_points_to_the_cursor(
    client: httpx.AsyncClient, db: str
) -> None:
    response = await client.get("/api/v1/software?page=200&per_page=100")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"
    bad = await client.get("/api/v1/software?cursor=AAAA")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


async def test_organisation_kinds_and_abbreviations_are_found(db: str) -> None:
    cbs = await make_organisation("Centraal Bureau voor de Statistiek", kind=OrganisationKind.ZBO)
    await make_software(cbs, "Cijferbank")
    assert await names("cbs") == ["Cijferbank"]
    assert await names("CBS cijferbank") == ["Cijferbank"]


async def test_archived_entries_keep_their_document(town: Organisation) -> None:
    entry = await make_software(town, "Oud register")
    entry.archived_at = datetime.now(UTC)
    await entry.save()
    assert await names("register", archived=True) == ["Oud register"]


async def test_refreshes_at_once_write_each_document_once_and_fail_nothing(
    town: Organisation,
) -> None:
    """Many visitors searching at once after a change (in one worker, or in several) each
    find entries queued for the index: their refreshes overlap and must not collide."""
    for number in range(30):
        await make_software(town, f"Gelijktijdig {number}")
    await asyncio.gather(*(search.refresh() for _ in range(5)))
    assert len(await names("gelijktijdig")) == 30
    assert await search.refresh() == 0  # nothing left queued


async def test_searches_while_nothing_is_queued_do_not_wait_for_each_others_refresh(
    town: Organisation,
) -> None:
    """Every search refreshes the index first; with nothing queued that is one read, which
    searches at the same time make side by side instead of each waiting for the one before
    (under fifty visitors at once they came back in clusters, the last ones after a second)."""
    await make_software(town, "Zaaksysteem")
    await search.refresh()
    async with turn(search._refreshing, None):  # another request's refresh is under way
        found = await asyncio.wait_for(search.refresh(), timeout=60)  # a guard, not a timer
        assert found == 0
        assert await names("zaaksysteem") == ["Zaaksysteem"]


async def test_a_search_with_entries_queued_still_writes_them_after_a_refresh_under_way(
    town: Organisation,
) -> None:
    await search.refresh()  # what the fixtures queued
    refreshing = turn(search._refreshing, None)
    await refreshing.__aenter__()  # another request's refresh is under way
    await make_software(town, "Nieuw register")
    waiting = asyncio.ensure_future(search.refresh())
    await refreshing.__aexit__(None, None, None)
    assert await waiting == 1
    assert await names("register") == ["Nieuw register"]


async def test_refreshes_of_several_workers_overlapping_replace_each_others_documents(
    town: Organisation,
) -> None:
    """Workers do not share the turn-taking: their refreshes write the same documents at the
    same time, and each replaces the other's."""
    for number in range(30):
        await make_software(town, f"Gelijktijdig {number}")
    await asyncio.gather(*(search._refresh() for _ in range(3)))  # as three workers would
    assert len(await names("gelijktijdig")) == 30
