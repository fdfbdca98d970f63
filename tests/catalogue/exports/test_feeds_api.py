# SPDX-License-Identifier: EUPL-1.2
"""The DCAT-AP exports and the Atom feeds over HTTP: media types, the organisation filter,
ETag and 304, the OpenAPI document listing them, and a fixed number of queries."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime

import feedparser
import httpx
import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.app import openapi_document
from catalogue.exports import dcat
from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Role
from catalogue.software.models import ReleaseStatus, Software
from tests.conftest import QueryCounter
from tests.factories import make_organisation, make_software
from wooexemptions import services as decisions
from wooexemptions.models import Decision
from wooexemptions.rules import DecisionContent, GroundUse, ItemKind, Outcome, ScopeItem

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
API = "/api/v1"
EXPORTS = {"/export/catalogue.ttl": "turtle", "/export/catalogue.jsonld": "json-ld"}
FEEDS = ("/feeds/software-new.atom", "/feeds/software-changed.atom", "/feeds/decisions.atom")
MEDIA_TYPES = {
    "/export/catalogue.ttl": "text/turtle",
    "/export/catalogue.jsonld": "application/ld+json",
    **dict.fromkeys(FEEDS, "application/atom+xml"),
}
WITHHELD = DecisionContent(
    outcome=Outcome.WITHHELD,
    items=(
        ScopeItem(
            ItemKind.WHOLE,
            "fraudescore",
            withheld=True,
            grounds=(
                GroundUse(
                    "woo-5.1.2.d",
                    "The rules say which applications are checked first.",
                    "Knowing them lets fraudsters avoid checks; this outweighs openness now.",
                ),
            ),
        ),
    ),
    decided_on=date(2026, 6, 1),
    review_on=date(2029, 6, 1),
    summary="De broncode blijft gesloten: <b>fraude</b> & misbruik.",
)


@dataclass
class Data:
    utrecht: Organisation
    vws: Organisation
    zaken: Software
    signalen: Software
    melder: Software
    fraudescore: Software


@pytest.fixture
async def data(db: str) -> Data:
    utrecht = await make_organisation("Gemeente Utrecht", account="gemeenteutrecht")
    vws = await make_organisation("VWS", kind=OrganisationKind.MINISTERIE, account="minvws")
    return Data(
        utrecht=utrecht,
        vws=vws,
        zaken=await make_software(utrecht, "zaken", description_nl="Zaken <afhandelen>"),
        signalen=await make_software(utrecht, "signalen", licence="MPL-2.0", repositories=2),
        melder=await make_software(vws, "melder", languages=("Kotlin",)),
        fraudescore=await make_software(
            vws, "fraudescore", licence=None, release_status=ReleaseStatus.UNDECIDED
        ),
    )


def graph_of(response: httpx.Response, fmt: str) -> Graph:
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated class
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=response.text, format=fmt)


def feed_of(response: httpx.Response) -> feedparser.FeedParserDict:
    result = feedparser.parse(response.content)
    assert result.bozo == 0, result.get("bozo_exception")
    return result


def software_iri(software: Software) -> URIRef:
    return URIRef(f"http://testserver/software/{software.id}#software")


async def publish(software: Software, organisation: Organisation) -> Decision:
    """A decision through the whole way to the register, by two officers."""
    officers = []
    for name in ("alice", "bob"):
        user = await accounts.create_user(
            email=f"{name}-{software.id}@example.nl", password=None, actor="test"
        )
        await accounts.grant(
            user=user, organisation=organisation, role=Role.PUBLICATION_OFFICER, actor="test"
        )
        officers.append(await sessions.principal_for(user))
    alice, bob = officers
    draft = await decisions.start_draft(principal=alice, software=software, content=WITHHELD)
    submitted = await decisions.submit(
        principal=alice, decision=draft, lock_version=0, today=date(2026, 6, 2)
    )
    approved = await decisions.approve(principal=bob, decision=submitted, lock_version=1)
    return await decisions.publish(
        principal=bob, decision=approved, lock_version=2, today=date(2026, 6, 2)
    )


@pytest.mark.parametrize(("path", "fmt"), EXPORTS.items())
async def test_the_catalogue_exports_every_current_entry(
    client: httpx.AsyncClient, data: Data, path: str, fmt: str
) -> None:
    data.signalen.archived_at = datetime.now(UTC)
    await data.signalen.save()
    response = await client.get(API + path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == MEDIA_TYPES[path]
    assert response.headers["etag"].startswith('W/"')
    assert "attachment" in response.headers["content-disposition"]
    graph = graph_of(response, fmt)
    catalogue = URIRef("http://testserver/#catalogue")
    assert set(graph.objects(catalogue, DCAT.dataset)) == {
        software_iri(s) for s in (data.zaken, data.melder, data.fraudescore)
    }
    assert graph.value(software_iri(data.zaken), DCT.publisher) == URIRef(data.utrecht.tooi_uri)
    assert graph.value(URIRef(data.utrecht.tooi_uri), FOAF.name).toPython() == "Gemeente Utrecht"
    assert graph.value(catalogue, DCT.modified) is not None


@pytest.mark.parametrize(("path", "fmt"), EXPORTS.items())
async def test_one_organisation_s_catalogue(
    client: httpx.AsyncClient, data: Data, path: str, fmt: str
) -> None:
    response = await client.get(API + path, params={"organisation": data.vws.slug})
    assert response.status_code == 200
    assert f"opentenzij-catalogue-{data.vws.slug}." in response.headers["content-disposition"]
    graph = graph_of(response, fmt)
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert catalogue == URIRef(f"http://testserver/organisaties/{data.vws.slug}#catalogue")
    assert graph.value(catalogue, DCT.publisher) == URIRef(data.vws.tooi_uri)
    assert set(graph.objects(catalogue, DCAT.dataset)) == {
        software_iri(data.melder),
        software_iri(data.fraudescore),
    }


async def test_a_decision_in_force_is_in_the_export(client: httpx.AsyncClient, data: Data) -> None:
    decision = await publish(data.fraudescore, data.vws)
    graph = graph_of(await client.get(f"{API}/export/catalogue.ttl"), "turtle")
    ot = Namespace(dcat.OPENTENZIJ_NS)
    node = graph.value(software_iri(data.fraudescore), ot.decision)
    assert node == URIRef(f"http://testserver/register/{decision.id}")
    assert graph.value(node, ot.ground).toPython() == "woo-5.1.2.d"
    assert graph.value(software_iri(data.fraudescore), ot.releaseStatus).toPython() == "withheld"


@pytest.mark.parametrize("path", [*EXPORTS, *FEEDS])
async def test_an_unknown_organisation_is_a_404_as_everywhere_in_the_api(
    client: httpx.AsyncClient, data: Data, path: str
) -> None:
    response = await client.get(API + path, params={"organisation": "bestaat-niet"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "bestaat-niet" in response.json()["detail"]


@pytest.mark.parametrize("path", [*EXPORTS, *FEEDS])
async def test_an_unknown_parameter_is_named_in_a_warning(
    client: httpx.AsyncClient, data: Data, path: str
) -> None:
    response = await client.get(API + path, params={"organisatie": data.vws.slug})
    assert response.status_code == 200
    assert "unknown query parameters ignored: organisatie" in response.headers["warning"]


@pytest.mark.parametrize("path", [*EXPORTS, *FEEDS])
async def test_an_unchanged_export_answers_304_and_a_change_changes_the_etag(
    client: httpx.AsyncClient, data: Data, path: str
) -> None:
    first = await client.get(API + path)
    etag = first.headers["etag"]
    again = await client.get(API + path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other_host = await client.get(
        API + path, headers={"If-None-Match": etag, "Host": "elders.example"}
    )
    assert other_host.status_code == 200  # absolute links differ: another validator
    if path.startswith("/feeds/decisions"):
        await publish(data.fraudescore, data.vws)
    else:
        data.zaken.description_nl = "Nieuwe beschrijving"
        await data.zaken.save()
    changed = await client.get(API + path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


async def test_the_new_software_feed(client: httpx.AsyncClient, data: Data) -> None:
    response = await client.get(f"{API}/feeds/software-new.atom")
    assert response.headers["content-type"] == "application/atom+xml"
    result = feed_of(response)
    assert [e.title for e in result.entries] == ["fraudescore", "melder", "signalen", "zaken"]
    assert result.feed.links[0].rel == "self"
    assert result.feed.links[0].href == f"http://testserver{API}/feeds/software-new.atom"
    zaken = result.entries[3]
    assert zaken.link == f"http://testserver/software/{data.zaken.id}"
    assert zaken.summary == "Zaken <afhandelen>"
    assert zaken.author_detail.name == "Gemeente Utrecht"


async def test_the_changed_software_feed_puts_the_last_change_first(
    client: httpx.AsyncClient, data: Data
) -> None:
    data.zaken.description_en = "Handling cases"
    await data.zaken.save()
    result = feed_of(await client.get(f"{API}/feeds/software-changed.atom"))
    assert result.entries[0].title == "zaken"


@pytest.mark.parametrize("path", FEEDS[:2])
async def test_one_organisation_s_software_feed(
    client: httpx.AsyncClient, data: Data, path: str
) -> None:
    result = feed_of(await client.get(API + path, params={"organisation": data.utrecht.slug}))
    assert {e.title for e in result.entries} == {"zaken", "signalen"}
    assert "Gemeente Utrecht" in result.feed.title
    assert result.feed.id.endswith(f"?organisation={data.utrecht.slug}")


async def test_the_decisions_feed(client: httpx.AsyncClient, data: Data) -> None:
    empty = feed_of(await client.get(f"{API}/feeds/decisions.atom"))
    assert empty.entries == []
    decision = await publish(data.fraudescore, data.vws)
    result = feed_of(await client.get(f"{API}/feeds/decisions.atom"))
    [entry] = result.entries
    assert entry.id == f"http://testserver/register/{decision.id}"
    assert entry.title == "fraudescore: niet openbaar (versie 1)"
    assert entry.summary == (
        "De broncode blijft gesloten: <b>fraude</b> & misbruik. Genomen uit eigen beweging."
    )
    assert entry.published_parsed[:3] == (2026, 6, 2)
    assert [tag.term for tag in entry.tags] == ["withheld", "proactive", "woo-5.1.2.d"]
    assert entry.tags[1].label == "uit eigen beweging"
    assert entry.tags[2].label.startswith("Woo art. 5.1")
    links = {link.rel: link.href for link in entry.links}
    assert links["related"] == f"http://testserver/software/{data.fraudescore.id}"
    mine = feed_of(
        await client.get(f"{API}/feeds/decisions.atom", params={"organisation": data.utrecht.slug})
    )
    assert mine.entries == []


async def test_a_draft_decision_is_not_in_the_feed(client: httpx.AsyncClient, data: Data) -> None:
    user = await accounts.create_user(email="carol@example.nl", password=None, actor="test")
    await accounts.grant(
        user=user, organisation=data.vws, role=Role.PUBLICATION_OFFICER, actor="test"
    )
    principal = await sessions.principal_for(user)
    await decisions.start_draft(principal=principal, software=data.melder, content=WITHHELD)
    result = feed_of(await client.get(f"{API}/feeds/decisions.atom"))
    assert result.entries == []


@pytest.mark.parametrize("path", FEEDS)
async def test_a_feed_takes_as_many_queries_for_many_entries_as_for_few(
    client: httpx.AsyncClient, data: Data, count_queries: QueryCounter, path: str
) -> None:
    async def queries() -> int:
        count_queries.statements.clear()
        assert (await client.get(API + path)).status_code == 200
        return len(count_queries.statements)

    few = await queries()
    for number in range(6):
        software = await make_software(data.utrecht, f"extra-{number}", repositories=2)
        if path.startswith("/feeds/decisions"):
            await publish(software, data.utrecht)
    assert await queries() == few


async def test_the_openapi_document_lists_the_exports_and_feeds() -> None:
    paths = openapi_document()["paths"]
    for path, media_type in MEDIA_TYPES.items():
        operation = paths[path]["get"]
        assert list(operation["responses"]["200"]["content"]) == [media_type]
        assert "ETag" in operation["responses"]["200"]["headers"]
        assert "304" in operation["responses"] and "400" in operation["responses"]
        assert [p["name"] for p in operation["parameters"]] == ["organisation"]


@pytest.mark.parametrize("path", [*EXPORTS, *FEEDS])
async def test_a_host_header_that_is_no_address_is_refused(
    client: httpx.AsyncClient, data: Data, path: str
) -> None:
    response = await client.get(API + path, headers={"Host": 'evil"<x>'})
    assert response.status_code == 400
    assert "Host" in response.json()["detail"]
