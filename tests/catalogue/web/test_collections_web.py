# SPDX-License-Identifier: EUPL-1.2
"""Collections on the web: the public pages in both languages, the administrators' pages, the
JSON API as documented, and each collection as a DCAT-AP catalogue of its own."""

from __future__ import annotations

import html
import json
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from catalogue.accounts import services as accounts
from catalogue.collections import queries
from catalogue.collections import services as collections
from catalogue.collections.models import Collection, CollectionEntry
from catalogue.components.models import Dependency, DependencySource
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Principal, Role
from catalogue.software.models import Software
from tests.catalogue.web.test_forms import PASSWORD, csrf, sign_in
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SCRIPT = "<script>alert(1)</script>"
BASE = "/beheer/collecties"


@dataclass
class Site:
    organisation: Organisation
    zaken: Software
    signalen: Software
    collection: Collection


@pytest.fixture
async def site(db: str) -> Site:
    organisation = await make_organisation("Gemeente Utrecht", account="utrecht")
    other = await make_organisation("Gemeente Ander", account="ander")
    zaken = await make_software(organisation, "zaakafhandeling", licence="EUPL-1.2")
    signalen = await make_software(organisation, "signalen", licence="BUSL-1.1")
    user = await make_software(other, "loket")
    await Dependency.create(
        software=user,
        source=DependencySource.SBOM,
        key="pkg:github/utrecht/zaakafhandeling-0",
        name="zaakafhandeling",
    )
    admin = await accounts.create_user(
        email="beheer@site.nl", password=PASSWORD, actor="test", is_site_admin=True
    )
    member = await accounts.create_user(email="dev@utrecht.nl", password=PASSWORD, actor="test")
    await accounts.grant(user=member, organisation=organisation, role=Role.ADMIN, actor="test")
    principal = Principal(user_id=admin.pk, email=admin.email, is_site_admin=True)
    collection = await collections.create_collection(
        principal=principal,
        values={
            "slug": "mijn-bureau",
            "title_nl": "Mijn Bureau-werkplek",
            "title_en": "Mijn Bureau workplace",
            "description_nl": "Onderdelen van een werkplek.",
            "description_en": "Parts of a workplace.",
        },
    )
    for software, role_nl, role_en in ((zaken, "Zaken", "Cases"), (signalen, "Meldingen", "")):
        await collections.add_entry(
            principal=principal,
            collection=collection,
            software_id=software.pk,
            values={"role_nl": role_nl, "role_en": role_en},
        )
    return Site(organisation, zaken, signalen, collection)


def parse(text: str, fmt: str) -> Graph:
    """rdflib's reading of a document; its JSON-LD parser warns of its own deprecated class."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=text, format=fmt)


def visible(response: httpx.Response) -> str:
    """The text of the page's main content, tags taken out."""
    body = response.text.split('<main id="inhoud"', 1)[1].split("</main>", 1)[0]
    out, inside = [], False
    for char in body:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
            out.append(" ")
        elif not inside:
            out.append(char)
    return " ".join(html.unescape("".join(out)).split())


async def test_the_list_and_a_collection_in_dutch_and_english(
    client: httpx.AsyncClient, site: Site
) -> None:
    listed = await client.get("/collecties")
    assert listed.status_code == 200
    assert "Mijn Bureau-werkplek" in visible(listed) and "2 componenten" in visible(listed)
    page = await client.get("/collecties/mijn-bureau")
    text = visible(page)
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    for expected in (
        "Mijn Bureau-werkplek",
        "2 componenten · waarvan 0 klaar voor hergebruik",
        "zaakafhandeling Gemeente Utrecht · Zaken",
        "de licentie is de EUPL-1.2 zelf",
        "BUSL-1.1 is niet door het OSI goedgekeurd",
        "organisaties die het gebruiken: Gemeente Utrecht, Gemeente Ander",
        "Hergebruikt door meer dan één organisatie Voldaan",
        "er is geen publiccode.yml",
        "Niet klaar voor hergebruik",
    ):
        assert expected in text, expected
    english = visible(await client.get("/collecties/mijn-bureau?lang=en"))
    for expected in (
        "Mijn Bureau workplace",
        "2 components · 0 of them ready for reuse",
        "zaakafhandeling Gemeente Utrecht · Cases",
        "signalen Gemeente Utrecht · Meldingen",  # no English role: the Dutch one
        "BUSL-1.1 is not OSI-approved",
        "Reused by more than one organisation Met",
        "Valid publiccode.yml Not met",
    ):
        assert expected in english, expected
    assert (await client.get("/collecties/bestaat-niet")).status_code == 404
    ignored = await client.get("/collecties/mijn-bureau?x=1")  # an unknown parameter: a warning
    assert ignored.status_code == 200 and "x" in ignored.headers["warning"]


async def test_results_are_text_not_colour_alone(client: httpx.AsyncClient, site: Site) -> None:
    page = (await client.get("/collecties/mijn-bureau")).text
    assert '<span class="status status-open">Voldaan</span>' in page
    assert '<span class="status status-withheld">Niet voldaan</span>' in page
    assert "<caption>Gereedheid van zaakafhandeling</caption>" in page
    assert 'style="' not in page


async def test_hostile_names_are_escaped(client: httpx.AsyncClient, site: Site) -> None:
    await Software.filter(id=site.zaken.pk).update(name=f"zaken {SCRIPT}")
    await Collection.filter(id=site.collection.pk).update(
        title_nl=f"Bureau {SCRIPT}", description_nl=f'"><img src=x onerror=alert(1)> {SCRIPT}'
    )
    await CollectionEntry.filter(software_id=site.zaken.pk).update(role_nl=SCRIPT)
    await sign_in(client, "beheer@site.nl")
    for path in ("/collecties", "/collecties/mijn-bureau", BASE, f"{BASE}/mijn-bureau?q=zaken"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert SCRIPT not in response.text and "<img src=x" not in response.text, path
        assert "&lt;script&gt;" in response.text, path
    api = await client.get("/api/v1/collections/mijn-bureau")
    assert api.json()["entries"][0]["software"]["name"] == f"zaken {SCRIPT}"
    turtle = await client.get("/api/v1/collections/mijn-bureau.ttl")
    graph = parse(turtle.text, "turtle")
    assert Literal(f"zaken {SCRIPT}") in set(graph.objects(None, DCT.title))


async def test_an_administrator_assembles_a_collection(
    client: httpx.AsyncClient, site: Site
) -> None:
    await sign_in(client, "beheer@site.nl")
    page = await client.get(BASE)
    assert page.status_code == 200 and "Mijn Bureau-werkplek" in page.text
    token = csrf(page.text)
    made = await client.post(
        BASE,
        data={"csrf_token": token, "slug": "gemeenten", "title_nl": "Gemeenten", "title_en": ""},
    )
    assert made.status_code == 303 and made.headers["location"] == f"{BASE}/gemeenten?done=created"
    edit = await client.get(made.headers["location"])
    assert "De collectie is gemaakt." in visible(edit)
    url = f"{BASE}/gemeenten"

    async def post(**data: str) -> httpx.Response:
        return await client.post(url, data={"csrf_token": token, **data})

    added = await post(action="add", software=str(site.zaken.pk), role_nl="Zaken")
    assert added.status_code == 303 and added.headers["location"] == f"{url}?done=add"
    found = await client.get(f"{url}?q=signa")
    assert "signalen" in visible(found) and "in de collectie" not in visible(found)
    assert (await post(action="add", software=str(site.signalen.pk))).status_code == 303
    assert "in de collectie" in visible(await client.get(f"{url}?q=signa"))
    assert (await post(action="up", software=str(site.signalen.pk))).status_code == 303
    roles = {"role_nl": "Meldingen", "role_en": "Reports"}
    assert (await post(action="roles", software=str(site.signalen.pk), **roles)).status_code == 303
    texts = {"title_nl": "Gemeenten", "title_en": "Municipalities", "description_en": ""}
    texts["description_nl"] = "Voor gemeenten."
    assert (await post(action="texts", **texts)).status_code == 303
    collection = await Collection.get(slug="gemeenten")
    view = await queries.collection_view(collection)
    assert [(v.record.name, v.entry.role_nl, v.entry.role_en) for v in view.entries] == [
        ("signalen", "Meldingen", "Reports"),
        ("zaakafhandeling", "Zaken", ""),
    ]
    assert (collection.title_en, collection.description_nl) == ("Municipalities", "Voor gemeenten.")
    assert (await post(action="remove", software=str(site.zaken.pk))).status_code == 303
    assert await CollectionEntry.filter(collection=collection).count() == 1
    deleted = await post(action="delete")
    assert deleted.status_code == 303 and deleted.headers["location"] == BASE
    assert not await Collection.filter(slug="gemeenten").exists()
    assert await Software.filter(id=site.signalen.pk).exists()


async def test_bad_input_is_shown_on_the_form_and_changes_nothing(
    client: httpx.AsyncClient, site: Site
) -> None:
    await sign_in(client, "beheer@site.nl")
    token = csrf((await client.get(BASE)).text)
    bad = await client.post(
        BASE, data={"csrf_token": token, "slug": "Niet Goed", "title_nl": "", "title_en": "x"}
    )
    assert bad.status_code == 422
    text = visible(bad)
    assert "gebruik kleine letters, cijfers en enkele koppeltekens" in text
    assert "Titel in het Nederlands: is verplicht" in text and "title_nl" not in text
    assert 'value="Niet Goed"' in bad.text  # what was typed stays
    taken = await client.post(
        BASE, data={"csrf_token": token, "slug": "mijn-bureau", "title_nl": "Nog een"}
    )
    assert taken.status_code == 409 and "het adres mijn-bureau is al in gebruik" in visible(taken)
    url = f"{BASE}/mijn-bureau"
    for data, message in (
        ({"action": "add", "software": "abc"}, "geef het nummer van software in de catalogus"),
        ({"action": "add", "software": "987654"}, "er is geen software met nummer 987654"),
        ({"action": "add", "software": str(site.zaken.pk)}, "zaakafhandeling staat al in de"),
        ({"action": "texts", "title_nl": " "}, "Titel in het Nederlands: is verplicht"),
        ({"action": "vreemd"}, "is geen handeling van deze pagina"),
    ):
        response = await client.post(url, data={"csrf_token": token, **data})
        assert response.status_code == 422 and message in visible(response), data
    missing = await client.post(
        url, data={"csrf_token": token, "action": "remove", "software": "987654"}
    )
    assert missing.status_code == 404
    assert await CollectionEntry.filter(collection=site.collection).count() == 2
    assert (await Collection.get(slug="mijn-bureau")).title_nl == "Mijn Bureau-werkplek"


async def test_only_site_administrators_reach_the_administration(
    client: httpx.AsyncClient, site: Site
) -> None:
    anonymous = await client.get(BASE)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/aanmelden")
    await sign_in(client, "dev@utrecht.nl")  # an administrator of an organisation, not the site
    token = csrf((await client.get("/account")).text)
    for path in (BASE, f"{BASE}/mijn-bureau"):
        assert (await client.get(path)).status_code == 403
    refused = [
        await client.post(BASE, data={"csrf_token": token, "slug": "x", "title_nl": "x"}),
        await client.post(f"{BASE}/mijn-bureau", data={"csrf_token": token, "action": "delete"}),
    ]
    assert [response.status_code for response in refused] == [403, 403]
    assert await Collection.filter(slug="mijn-bureau").exists()
    await sign_in(client, "beheer@site.nl")
    for data in ({}, {"csrf_token": "vals"}):
        forged = await client.post(f"{BASE}/mijn-bureau", data={**data, "action": "delete"})
        assert forged.status_code == 403
    assert await Collection.filter(slug="mijn-bureau").exists()


async def test_the_api_answers_as_documented(client: httpx.AsyncClient, site: Site) -> None:
    listed = await client.get("/api/v1/collections")
    check_response("/collections", listed)
    [item] = listed.json()["items"]
    assert (item["slug"], item["entry_count"]) == ("mijn-bureau", 2)
    detail = await client.get(item["url"])
    check_response("/collections/{slug}", detail)
    body = detail.json()
    assert body["summary"] == {
        "entries": 2,
        "ready": 0,
        "not_met": 2,
        "unknown": 0,
        "met_per_criterion": {
            "licence": 1,
            "publiccode": 0,
            "maintained": 0,
            "reused": 1,
            "nothing_withheld": 2,
            "secure": 0,  # neither has an SBOM
            "reportable": 0,  # no harvest read their files
        },
    }
    zaken, signalen = body["entries"]
    assert zaken["software"]["id"] == site.zaken.pk and zaken["role_en"] == "Cases"
    assert zaken["used_by"] == ["Gemeente Utrecht", "Gemeente Ander"]
    licence = signalen["checks"][0]
    assert licence == {
        "criterion": "licence",
        "status": "not_met",
        "found": [],
        "missing": ["BUSL-1.1 is not OSI-approved"],
    }
    for path in ("/collections/{slug}", "/collections/{slug}.ttl", "/collections/{slug}.jsonld"):
        check_response(path, await client.get("/api/v1" + path.replace("{slug}", "onbekend")))
    check_response("/collections/{slug}", await client.get(f"{item['url']}?lang=nl"))


async def test_a_collection_as_dcat_ap(client: httpx.AsyncClient, site: Site) -> None:
    turtle = await client.get("/api/v1/collections/mijn-bureau.ttl")
    assert turtle.status_code == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    jsonld = await client.get("/api/v1/collections/mijn-bureau.jsonld")
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    json.loads(jsonld.text)
    catalogue = URIRef("http://testserver/collecties/mijn-bureau#catalogue")
    for graph in (
        parse(turtle.text, "turtle"),
        parse(jsonld.text, "json-ld"),
    ):
        assert (catalogue, RDF.type, DCAT.Catalog) in graph
        assert Literal("Mijn Bureau-werkplek", lang="nl") in set(
            graph.objects(catalogue, DCT.title)
        )
        assert set(graph.objects(catalogue, DCAT.dataset)) == {
            URIRef(f"http://testserver/software/{site.zaken.pk}#software"),
            URIRef(f"http://testserver/software/{site.signalen.pk}#software"),
        }
        assert len(set(graph.subjects(RDF.type, DCAT.Catalog))) == 1
    etag = turtle.headers["etag"]
    assert etag != jsonld.headers["etag"]
    again = await client.get("/api/v1/collections/mijn-bureau.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    await CollectionEntry.filter(software_id=site.signalen.pk).delete()
    await Collection.filter(id=site.collection.pk).update(title_en="Changed")
    changed = await client.get(
        "/api/v1/collections/mijn-bureau.ttl", headers={"If-None-Match": etag}
    )
    assert changed.status_code == 200 and changed.headers["etag"] != etag


async def test_the_dcat_etag_follows_what_the_entries_write_and_the_host_asked(
    client: httpx.AsyncClient, site: Site
) -> None:
    path = "/api/v1/collections/mijn-bureau.ttl"
    etag = (await client.get(path)).headers["etag"]
    await Organisation.filter(id=site.organisation.pk).update(
        name="Gemeente Utrecht (nieuw)", updated_at=datetime(2030, 1, 1, tzinfo=UTC)
    )
    renamed = await client.get(path, headers={"If-None-Match": etag})
    assert renamed.status_code == 200 and "Gemeente Utrecht (nieuw)" in renamed.text
    etag = renamed.headers["etag"]
    other_host = await client.get(
        path, headers={"If-None-Match": etag, "Host": "catalogus.example.nl"}
    )
    assert other_host.status_code == 200 and "http://catalogus.example.nl/" in other_host.text


async def test_a_problem_of_one_entrys_role_names_and_links_that_entrys_field(
    client: httpx.AsyncClient, site: Site
) -> None:
    await sign_in(client, "beheer@site.nl")
    url = f"{BASE}/mijn-bureau"
    token = csrf((await client.get(url)).text)
    pk = site.zaken.pk
    data = {"csrf_token": token, "action": "roles", "software": str(pk), "role_nl": "x" * 201}
    response = await client.post(url, data=data)
    assert response.status_code == 422
    summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert (
        f'href="#role_nl-{pk}"' in summary
        and "Rol in het Nederlands (zaakafhandeling): " in summary
    )
    assert f'id="role_nl-{pk}-error"' in response.text  # shown at the field itself
    assert 'id="new-role_nl-error"' not in response.text  # not at the add form's field
    added = await client.post(
        url, data={"csrf_token": token, "action": "add", "software": "abc", "role_nl": "Nieuw"}
    )
    summary = added.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#software"' in summary and "Nummer van de software: " in summary
    assert 'value="Nieuw"' in added.text  # what was typed stays
