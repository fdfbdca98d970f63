# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import re

import httpx
import pytest
from tortoise.context import TortoiseContext

from catalogue.app import create_app
from catalogue.db import tortoise_config
from catalogue.organisations.models import Organisation
from catalogue.settings import Settings
from catalogue.software import facets as software_facets
from catalogue.software import queries
from catalogue.software.models import Software
from tests.catalogue.web.conftest import Catalogue
from tests.factories import make_organisation, make_software

PAGES = ["/", "/software", "/organisaties", "/organisaties/gemeente-utrecht"]


def heading(html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert match, html[:500]
    return match.group(1).strip()


@pytest.mark.parametrize("path", PAGES)
async def test_pages_are_dutch_by_default(
    client: httpx.AsyncClient, catalogue: Catalogue, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in response.text
    assert 'href="#inhoud">Naar de inhoud</a>' in response.text


async def test_home_shows_figures_and_recent_software(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    html = (await client.get("/")).text
    assert heading(html) == "Broncode van de overheid: open, tenzij"
    assert re.search(
        r'<dt>Niet openbaar</dt><dd><a href="/software\?release_status=withheld">1</a></dd>', html
    )
    assert "4 software-items van 2 organisaties." in html
    assert "/software/" + str(catalogue.geheim.id) in html


async def test_english_is_available_and_remembered(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    response = await client.get("/?lang=en")
    assert '<html lang="en">' in response.text
    assert heading(response.text) == "Government source code: open, unless"
    assert response.cookies.get("lang") == "en"
    again = await client.get("/software")  # the client sends the cookie back
    assert '<html lang="en">' in again.text
    back = await client.get("/software?lang=nl")
    assert '<html lang="nl">' in back.text


async def test_software_list_filters_like_the_api(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    html = (await client.get("/software?licence=EUPL-1.2&sort=-name")).text
    found = re.findall(r'<h3><a href="/software/\d+">([^<]+)</a></h3>', html)
    assert found == ["zaakafhandeling", "coronamelder"]
    assert "2 resultaten" in html
    assert '<option value="-name" selected>' in html


async def test_software_list_paginates(client: httpx.AsyncClient, catalogue: Catalogue) -> None:
    html = (await client.get("/software?per_page=2")).text
    assert "Pagina 1 van 2" in html
    following = re.search(r'rel="next" href="([^"]+)"', html)
    assert following and "per_page=2&amp;cursor=" in following[1]
    html = (await client.get(following[1].replace("&amp;", "&"))).text
    assert len(re.findall(r'<h3><a href="/software/\d+">', html)) == 2
    assert 'rel="next"' not in html and "Eerste pagina" in html


async def test_a_bad_filter_is_explained_on_a_400_page(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    response = await client.get("/software?release_status=geheim")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert heading(response.text) == "Het verzoek is niet begrepen"
    assert "release_status" in response.text


async def test_software_detail(client: httpx.AsyncClient, catalogue: Catalogue) -> None:
    html = (await client.get(f"/software/{catalogue.signalen.id}")).text
    assert heading(html) == "signalen"
    assert "MPL-2.0" in html
    assert "gemeenteutrecht/signalen-1" in html
    withheld = (await client.get(f"/software/{catalogue.geheim.id}")).text
    assert "Deze software heeft geen openbare repository." in withheld


async def test_organisation_pages(client: httpx.AsyncClient, catalogue: Catalogue) -> None:
    listing = (await client.get("/organisaties?kind=gemeente")).text
    assert "Gemeente Utrecht" in listing and "Volksgezondheid" not in listing
    detail = (await client.get("/organisaties/volksgezondheid-welzijn-en-sport")).text
    assert heading(detail) == "Volksgezondheid, Welzijn en Sport"
    assert "https://github.com/minvws" in detail
    assert re.search(r"<dt>Met een vastgelegd besluit</dt><dd>2 <", detail)
    assert re.search(
        r'<dt>Niet openbaar</dt><dd><a href="/software\?release_status=withheld&amp;'
        r'organisation=volksgezondheid-welzijn-en-sport">1</a></dd>',
        detail,
    )
    assert "nog niet geoogst" in detail  # the account's harvest freshness


@pytest.mark.parametrize("path", ["/software/999", "/organisaties/nergens", "/bestaat-niet"])
async def test_missing_pages_are_404_pages(client: httpx.AsyncClient, db: str, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert heading(response.text) == "Pagina niet gevonden"


PAYLOAD = '<script>alert("x")</script>'


async def test_every_text_is_escaped(client: httpx.AsyncClient, db: str) -> None:
    organisation = await make_organisation(f"Gemeente {PAYLOAD}")
    software = await make_software(
        organisation,
        name=f"naam{PAYLOAD}",
        description_nl=f"beschrijving {PAYLOAD}",
        languages=(PAYLOAD,),
    )
    await Organisation.filter(id=organisation.id).update(website=f"javascript:{PAYLOAD}")
    await Software.filter(id=software.id).update(homepage=f'" onmouseover="{PAYLOAD}')
    paths = [
        "/",
        "/software",
        f"/software/{software.id}",
        "/organisaties",
        f"/organisaties/{organisation.slug}",
        f"/software?q={PAYLOAD}",
    ]
    for path in paths:
        html = (await client.get(path)).text
        assert "<script>" not in html, path
        assert 'onmouseover="' not in html, path
        assert 'href="javascript:' not in html, path


async def test_health_reports_the_database(client: httpx.AsyncClient, db: str) -> None:
    response = await client.get("/healthz")
    assert response.json() == {"status": "ok"}


async def test_health_is_503_when_the_database_is_gone(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(Settings(), connect=False)
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config("postgres://app@127.0.0.1:1/gone"))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "health check failed" in caplog.text


async def test_facets_count_under_the_other_filters_and_combine_in_the_url(
    client: httpx.AsyncClient, catalogue: Catalogue, count_queries
) -> None:
    filters = queries.SoftwareFilters(licence="EUPL-1.2")
    facets = await software_facets.software_facets(filters)
    counts = {name: {v.value: v.count for v in values} for name, values in facets.items()}
    assert counts["licence"]["EUPL-1.2"] == 2 and counts["licence"]["MPL-2.0"] == 1
    assert counts["release_status"] == {"open": 2}  # under the licence filter
    assert counts["organisation"] == {"gemeente-utrecht": 1, "volksgezondheid-welzijn-en-sport": 1}
    assert counts["organisation_kind"] == {"gemeente": 1, "ministerie": 1}
    assert counts["language"] == {"kotlin": 1, "python": 1, "swift": 1, "typescript": 1}
    assert counts["archived"] == {"false": 2, "true": 0}
    assert counts["publiccode"] == {"true": 0, "false": 2}

    count_queries.statements.clear()
    page = await client.get("/software?licence=EUPL-1.2&organisation_kind=ministerie")
    assert page.status_code == 200
    fixed = len(count_queries.statements)
    assert "coronamelder" in page.text and "zaakafhandeling" not in page.text
    # each facet value keeps the other filters and drops the page number
    assert (
        'href="/software?licence=EUPL-1.2&amp;organisation_kind=ministerie&amp;language=kotlin"'
        in page.text
    )
    # a chosen value links to the URL without it
    assert 'href="/software?organisation_kind=ministerie" aria-current="true"' in page.text
    for number in range(20):
        await make_software(catalogue.vws, f"extra-{number}", languages=(f"Taal{number}",))
    count_queries.statements.clear()
    await client.get("/software?licence=EUPL-1.2&organisation_kind=ministerie")
    assert len(count_queries.statements) == fixed  # no query per facet value
