# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import httpx
import pytest

from catalogue.web.params import MAX_PER_PAGE
from tests.catalogue.web.conftest import Catalogue
from tests.factories import make_organisation, make_software

PROBLEM = "application/problem+json"


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


def assert_problem(response: httpx.Response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]
    return body


async def test_software_list_has_items_and_total(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    response = await client.get("/api/v1/software")
    body = response.json()
    assert set(body) == {"items", "total"}
    assert body["total"] == 4
    assert names(response) == ["coronamelder", "fraudescore", "signalen", "zaakafhandeling"]
    zaken = body["items"][3]
    assert zaken["organisation"]["slug"] == "gemeente-utrecht"
    assert zaken["languages"] == ["Python", "TypeScript"]
    assert zaken["repository_count"] == 1
    assert zaken["licence"] == "EUPL-1.2 OR MIT"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=zaken", ["zaakafhandeling"]),  # Dutch description
        ("q=PUBLIC SPACE", ["signalen"]),  # English description, any case
        ("q=corona", ["coronamelder"]),  # name
        ("q=100%25", []),  # LIKE wildcards are literal
        ("q=_", []),
        ("organisation=gemeente-utrecht", ["signalen", "zaakafhandeling"]),
        ("licence=EUPL-1.2", ["coronamelder", "zaakafhandeling"]),  # inside an OR expression too
        ("licence=mpl-2.0", ["signalen"]),  # any case
        ("licence=GPL-3.0-only", []),
        ("language=python", ["zaakafhandeling"]),
        ("language=Kotlin", ["coronamelder"]),
        ("language=COBOL", []),
        ("release_status=withheld", ["fraudescore"]),
        ("release_status=open&organisation=volksgezondheid-welzijn-en-sport", ["coronamelder"]),
        ("licence=EUPL-1.2&language=Swift", ["coronamelder"]),
        ("sort=-name", ["zaakafhandeling", "signalen", "fraudescore", "coronamelder"]),
        ("sort=created", ["zaakafhandeling", "signalen", "coronamelder", "fraudescore"]),
        ("sort=-created", ["fraudescore", "coronamelder", "signalen", "zaakafhandeling"]),
        ("q=&licence=", ["coronamelder", "fraudescore", "signalen", "zaakafhandeling"]),
    ],
)
async def test_software_filters_and_sorting(
    client: httpx.AsyncClient, catalogue: Catalogue, query: str, expected: list[str]
) -> None:
    response = await client.get(f"/api/v1/software?{query}")
    assert names(response) == expected
    assert response.json()["total"] == len(expected)


async def test_sort_by_update_time(client: httpx.AsyncClient, catalogue: Catalogue) -> None:
    catalogue.zaken.name = "zaakafhandeling"
    await catalogue.zaken.save()
    assert names(await client.get("/api/v1/software?sort=-updated"))[0] == "zaakafhandeling"
    assert names(await client.get("/api/v1/software?sort=updated"))[-1] == "zaakafhandeling"


async def test_pagination_with_link_headers(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    first = await client.get("/api/v1/software?per_page=3&q=")
    assert names(first) == ["coronamelder", "fraudescore", "signalen"]
    assert first.json()["total"] == 4
    links = first.links
    assert set(links) == {"first", "last", "next"}
    assert "cursor=" in links["next"]["url"] and "&page=" not in links["next"]["url"]
    second = await client.get(links["next"]["url"])
    assert names(second) == ["zaakafhandeling"]
    assert set(second.links) == {"first", "last"}  # a cursor leads forward only
    assert second.links["first"]["url"].endswith("page=1")
    assert "per_page=3" in second.links["first"]["url"]
    by_number = await client.get("/api/v1/software?per_page=3&page=2")
    assert names(by_number) == ["zaakafhandeling"]
    assert set(by_number.links) == {"first", "last", "prev"}


async def test_a_page_past_the_end_is_empty_with_links_back(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    response = await client.get("/api/v1/software?page=9&per_page=3")
    assert response.json() == {"items": [], "total": 4}
    assert response.links["prev"]["url"].endswith("page=2")


async def test_software_detail(client: httpx.AsyncClient, catalogue: Catalogue) -> None:
    body = (await client.get(f"/api/v1/software/{catalogue.signalen.id}")).json()
    assert body["name"] == "signalen"
    assert body["licence_identifiers"] == ["MPL-2.0"]
    assert [r["full_name"] for r in body["repositories"]] == [
        "gemeenteutrecht/signalen-0",
        "gemeenteutrecht/signalen-1",
    ]
    assert body["repositories"][0]["languages"] == ["JavaScript"]
    withheld = (await client.get(f"/api/v1/software/{catalogue.geheim.id}")).json()
    assert withheld["repositories"] == [] and withheld["release_status"] == "withheld"


async def test_organisation_list_and_detail(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    listing = (await client.get("/api/v1/organisations?sort=-software")).json()
    assert listing["total"] == 2
    assert [(o["slug"], o["software_count"]) for o in listing["items"]] == [
        ("gemeente-utrecht", 2),
        ("volksgezondheid-welzijn-en-sport", 2),
    ]
    assert names(await client.get("/api/v1/organisations?kind=ministerie")) == [
        "Volksgezondheid, Welzijn en Sport"
    ]
    assert names(await client.get("/api/v1/organisations?q=utrecht")) == ["Gemeente Utrecht"]
    detail = (await client.get("/api/v1/organisations/gemeente-utrecht")).json()
    assert detail["accounts"][0]["url"] == "https://github.com/gemeenteutrecht"
    assert detail["software_count"] == 2
    assert detail["software_url"] == "/api/v1/software?organisation=gemeente-utrecht"


async def test_repository_list_and_detail(client: httpx.AsyncClient, catalogue: Catalogue) -> None:
    listing = await client.get("/api/v1/repositories?organisation=gemeente-utrecht")
    assert [r["full_name"] for r in listing.json()["items"]] == [
        "gemeenteutrecht/signalen-0",
        "gemeenteutrecht/signalen-1",
        "gemeenteutrecht/zaakafhandeling-0",
    ]
    by_language = (await client.get("/api/v1/repositories?language=swift&forge=github")).json()
    assert [r["full_name"] for r in by_language["items"]] == ["minvws/coronamelder-0"]
    assert (await client.get("/api/v1/repositories?archived=true")).json()["total"] == 0
    assert (await client.get("/api/v1/repositories?active=true")).json()["total"] == 4
    repository_id = by_language["items"][0]["id"]
    detail = (await client.get(f"/api/v1/repositories/{repository_id}")).json()
    assert detail["software"]["name"] == "coronamelder"
    assert detail["web_url"] == "https://github.com/minvws/coronamelder-0"


@pytest.mark.parametrize(
    ("url", "fragments"),
    [
        ("/api/v1/software?release_status=secret", ["release_status", "'secret' is not one of"]),
        ("/api/v1/software?organisation=Nowhere", ["organisation", "not of the form"]),
        ("/api/v1/software?sort=stars", ["sort"]),
        (f"/api/v1/software?per_page={MAX_PER_PAGE + 1}", ["per_page", f"at most {MAX_PER_PAGE}"]),
        ("/api/v1/software?per_page=0", ["per_page", "at least 1"]),
        ("/api/v1/software?page=abc", ["page", "whole number"]),
        ("/api/v1/software?page=1.5", ["page", "whole number"]),
        ("/api/v1/software?page=%EF%BC%91", ["page", "whole number"]),  # a full-width digit
        ("/api/v1/software?page=99999999999999999999", ["page"]),
        ("/api/v1/software?q=" + "x" * 201, ["q", "longer than 200"]),
        ("/api/v1/software?q=a%00b", ["q", "control characters"]),
        ("/api/v1/software?page=1&page=2", ["page", "more than once"]),
        ("/api/v1/organisations?kind=castle", ["kind"]),
        ("/api/v1/repositories?archived=yes", ["archived", "true or false"]),
    ],
)
async def test_bad_queries_are_problems_with_a_useful_detail(
    client: httpx.AsyncClient, catalogue: Catalogue, url: str, fragments: list[str]
) -> None:
    body = assert_problem(await client.get(url), 400, *fragments)
    assert body["errors"][0]["parameter"] in url


@pytest.mark.parametrize(
    ("url", "fragments"),
    [
        ("/api/v1/software?organisation=nowhere", ["organisation", "nowhere"]),
        ("/api/v1/software?licence=Foo-1.0", ["licence", "Foo-1.0"]),
        ("/api/v1/software?licence=MIT%20OR%20EUPL-1.2", ["not a single licence"]),
    ],
)
async def test_a_filter_naming_nothing_is_a_404(
    client: httpx.AsyncClient, catalogue: Catalogue, url: str, fragments: list[str]
) -> None:
    """Well formed (the OpenAPI document allows it), but nothing by that name is there."""
    body = assert_problem(await client.get(url), 404, *fragments)
    assert body["errors"][0]["parameter"] in url


async def test_every_problem_of_a_query_is_listed(client: httpx.AsyncClient, db: str) -> None:
    body = assert_problem(await client.get("/api/v1/software?page=0&per_page=x&sort=?"), 400)
    assert [e["parameter"] for e in body["errors"]] == ["page", "per_page", "sort"]


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("/api/v1/software/999", "no software with id 999"),
        ("/api/v1/software/99999999999", "no software with id 99999999999"),
        ("/api/v1/software/abc", "no resource at /api/v1/software/abc"),
        ("/api/v1/organisations/nowhere", "no organisation with the slug 'nowhere'"),
        ("/api/v1/repositories/0", "no repository with id 0"),
        ("/api/v1/nothing", "no resource"),
    ],
)
async def test_unknown_ids_are_404_problems(
    client: httpx.AsyncClient, db: str, url: str, fragment: str
) -> None:
    assert_problem(await client.get(url), 404, fragment)


async def test_wrong_method_is_a_405_problem(client: httpx.AsyncClient, db: str) -> None:
    assert_problem(await client.put("/api/v1/software"), 405, "PUT is not allowed")


async def test_a_list_page_costs_a_fixed_number_of_queries(
    client: httpx.AsyncClient, catalogue: Catalogue, count_queries
) -> None:
    for _ in range(50):
        await make_software(catalogue.utrecht, languages=("Go", "Shell"), repositories=2)
    budgets = {"/api/v1/software": 4, "/api/v1/organisations": 3, "/api/v1/repositories": 3}
    for url, budget in budgets.items():
        for per_page in (5, 50):
            count_queries.statements.clear()
            response = await client.get(f"{url}?per_page={per_page}")
            assert len(response.json()["items"]) == min(per_page, response.json()["total"])
            assert 0 < len(count_queries.statements) <= budget, (url, count_queries.statements)


async def test_free_text_ignores_case_beyond_ascii(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    await make_software(catalogue.utrecht, "loket", description_nl="Één loket voor ondernemers")
    assert names(await client.get("/api/v1/software?q=ÉÉN LOKET")) == ["loket"]


async def test_names_sort_regardless_of_case(client: httpx.AsyncClient, db: str) -> None:
    organisation = await make_organisation()
    for name in ("beta", "Gamma", "alpha", "Delta"):
        await make_software(organisation, name)
    assert names(await client.get("/api/v1/software")) == ["alpha", "beta", "Delta", "Gamma"]
