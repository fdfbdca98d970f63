# SPDX-License-Identifier: EUPL-1.2
"""The API for browsers and scripts (issue 16.8): reads from any site (CORS, no
credentials), writes from none; unknown query parameters ignored and named in a Warning
header; the OpenAPI document says so."""

from __future__ import annotations

import httpx

from tests.catalogue.web.conftest import Catalogue

ORIGIN = {"Origin": "https://elders.example"}


async def test_reads_of_the_api_exports_and_feeds_are_open_to_other_sites(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    for path in (
        "/api/v1/software",
        f"/api/v1/software/{catalogue.zaken.pk}",
        "/api/v1/export/software.csv",
        "/api/v1/feeds/software-new.atom",
        "/api/v1/software/999999",  # a problem, too, can be read
    ):
        answer = await client.get(path, headers=ORIGIN)
        assert answer.headers["access-control-allow-origin"] == "*", path
        assert "access-control-allow-credentials" not in answer.headers
        assert "Link" in answer.headers["access-control-expose-headers"]
        assert "Origin" in answer.headers["vary"]
    page = await client.get("/software", headers=ORIGIN)
    assert "access-control-allow-origin" not in page.headers  # pages are not an API


async def test_a_preflight_allows_reads_and_refuses_writes(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    read = await client.options(
        "/api/v1/software",
        headers={**ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert read.status_code == 204
    assert read.headers["access-control-allow-origin"] == "*"
    assert read.headers["access-control-allow-methods"] == "GET, HEAD"
    write = await client.options(
        f"/api/v1/software/{catalogue.zaken.pk}",
        headers={**ORIGIN, "Access-Control-Request-Method": "PATCH"},
    )
    assert "access-control-allow-origin" not in write.headers
    posted = await client.post("/api/v1/software", headers=ORIGIN, json={})
    assert "access-control-allow-origin" not in posted.headers


async def test_unknown_query_parameters_are_ignored_and_named_in_a_warning(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    plain = (await client.get("/api/v1/software")).json()
    answer = await client.get("/api/v1/software?colour=blue&utm_source=nieuwsbrief")
    assert answer.status_code == 200 and answer.json() == plain
    assert answer.headers["warning"] == (
        '299 opentenzij "unknown query parameters ignored: colour, utm_source"'
    )
    detail = await client.get(f"/api/v1/software/{catalogue.zaken.pk}?verbose=1")
    assert detail.status_code == 200 and "verbose" in detail.headers["warning"]
    assert "warning" not in (await client.get("/api/v1/software?page=1")).headers
    repeated = await client.get("/api/v1/software?page=1&page=2")
    assert repeated.status_code == 400  # what it would take is not clear
    page = await client.get("/software?fbclid=x")  # a page opens as if it were not there
    assert page.status_code == 200


async def test_the_openapi_document_says_how_reads_unknown_parameters_and_patch_work(
    client: httpx.AsyncClient, db: str
) -> None:
    document = (await client.get("/api/v1/openapi.json")).json()
    description = document["info"]["description"]
    for words in ("Access-Control-Allow-Origin", "Warning", "partial update"):
        assert words in description
    listing = document["paths"]["/software"]["get"]["responses"]["200"]["headers"]
    assert {"Link", "Warning"} <= set(listing)
    changes = document["components"]["schemas"]["SoftwareChanges"]
    assert changes["additionalProperties"] is False and "partial" in changes["description"]
