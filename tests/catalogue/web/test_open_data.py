# SPDX-License-Identifier: EUPL-1.2
"""The open-data page and the download links on the pages: every link leads to an export."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.catalogue.web.conftest import Catalogue

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".csv": "text/csv",
    ".atom": "application/atom+xml",
}


def api_links(html: str) -> list[str]:
    return [unescape(link) for link in re.findall(r'href="(/api/v1/[^"]+)"', html)]


async def assert_export(client: httpx.AsyncClient, link: str) -> None:
    answer = await client.get(link)
    assert answer.status_code == 200, (link, answer.text[:300])
    path = urlsplit(link).path
    suffix = next((s for s in MEDIA_TYPES if path.endswith(s)), None)
    if suffix and path != "/api/v1/openapi.json":
        assert answer.headers["content-type"].startswith(MEDIA_TYPES[suffix]), link
        assert answer.headers["etag"].startswith('W/"'), link


async def test_the_open_data_page_links_every_export_and_feed_and_each_link_works(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    page = await client.get("/open-data")
    assert page.status_code == 200
    assert "<h1>Open data en hergebruik</h1>" in page.text
    links = api_links(page.text)
    for expected in (
        "/api/v1/export/catalogue.ttl",
        "/api/v1/export/catalogue.jsonld",
        "/api/v1/export/code.json",
        "/api/v1/export/catalogue.json",
        "/api/v1/export/software.csv",
        "/api/v1/export/register.csv",
        "/api/v1/feeds/software-new.atom",
        "/api/v1/feeds/software-changed.atom",
        "/api/v1/feeds/decisions.atom",
        "/api/v1/openapi.json",
    ):
        assert expected in links
    for link in links:
        await assert_export(client, link)
    english = await client.get("/open-data?lang=en")
    assert "<h1>Open data and reuse</h1>" in english.text


async def test_an_organisation_page_links_its_own_exports_and_feeds(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    page = await client.get(f"/organisaties/{catalogue.utrecht.slug}")
    links = [link for link in api_links(page.text) if "organisation=" in link]
    assert len(links) == 7
    for link in links:
        assert parse_qs(urlsplit(link).query) == {"organisation": [catalogue.utrecht.slug]}
        await assert_export(client, link)
    code_json = await client.get(f"/api/v1/export/code.json?organisation={catalogue.vws.slug}")
    names = {project["name"] for project in code_json.json()["releases"]}
    assert names == {"coronamelder", "fraudescore"}


async def test_the_software_list_offers_its_search_as_csv_with_the_same_filters(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    page = await client.get("/software?q=zaak&licence=EUPL-1.2&sort=-created&page=1&lang=nl")
    links = [link for link in api_links(page.text) if "software.csv" in link]
    assert len(links) == 2
    assert parse_qs(urlsplit(links[0]).query) == {"q": ["zaak"], "licence": ["EUPL-1.2"]}
    answer = await client.get(links[0])
    assert answer.status_code == 200
    rows = answer.text.strip().splitlines()
    assert len(rows) == 2 and "zaakafhandeling" in rows[1]
    excel = await client.get(links[1])
    assert excel.status_code == 200 and ";" in excel.text.splitlines()[0]


async def test_the_register_offers_its_decisions_as_csv(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    page = await client.get("/register?outcome=withheld")
    links = [link for link in api_links(page.text) if "register.csv" in link]
    assert parse_qs(urlsplit(links[0]).query) == {"outcome": ["withheld"]}
    for link in links:
        await assert_export(client, link)


async def test_every_page_announces_the_feeds(client: httpx.AsyncClient, db: str) -> None:
    page = await client.get("/")
    feeds = re.findall(
        r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', page.text
    )
    assert feeds == ["/api/v1/feeds/software-new.atom", "/api/v1/feeds/decisions.atom"]
    for feed in feeds:
        await assert_export(client, feed)


async def test_a_software_page_links_its_publiccode_yml(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    page = await client.get(f"/software/{catalogue.zaken.id}")
    link = f"/api/v1/software/{catalogue.zaken.id}/publiccode.yml"
    assert link in api_links(page.text)
    assert "Download een publiccode.yml die uit deze vermelding is gemaakt" in page.text
    answer = await client.get(link)
    assert answer.status_code == 200 and "name: zaakafhandeling" in answer.text
