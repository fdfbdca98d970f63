# SPDX-License-Identifier: EUPL-1.2
"""The request file through the API, and the proof that no page, export, feed, webhook or
audit event carries a requester's name or e-mail address."""

from __future__ import annotations

import httpx

from catalogue.app import openapi_document
from catalogue.audit.models import AuditEvent
from catalogue.webhooks.models import Webhook, WebhookDelivery
from tests.catalogue.web.test_openapi import check_response
from tests.wooexemptions.test_register_api import DRAFT, Tokens, bearer, tokens
from wooexemptions.models import Appeal, Decision

__all__ = ["tokens"]  # the fixture, shared

NAME, EMAIL = "Jan Verzoeker", "jan.verzoeker@example.org"
REQUEST = {
    "zaaknummer": "WOO-2025-0007",
    "received_on": "2025-03-07",
    "subject": "De broncode van fraudescore",
    "requester_name": NAME,
    "requester_email": EMAIL,
}
BESLUIT = {
    "bestuursorgaan": "de raad van bestuur van het Uitvoeringsinstituut",
    "signatory": "de directeur Informatievoorziening",
    "remedies": "Binnen zes weken na bekendmaking kunt u bezwaar maken bij de raad van bestuur.",
    "besluit_url": "https://open.overheid.nl/documenten/besluit-woo-2025-0007",
    "inventory_url": "https://open.overheid.nl/documenten/inventaris-woo-2025-0007",
    "covers": "https://code.example.nl/uwv/fraudescore/-/tree/v2.3.1",
}


async def request_through_the_api(client: httpx.AsyncClient, tokens: Tokens) -> dict:  # type: ignore[type-arg]
    """A request received, extended, a third party's view, a deelbesluit published and made
    known, a bezwaar lodged and upheld: all through the API."""
    alice, bob = bearer(tokens.alice), bearer(tokens.bob)
    created = await client.post(
        "/api/v1/organisations/uitvoeringsinstituut/requests",
        json={**REQUEST, "software": tokens.software_id},
        headers=alice,
    )
    check_response("/organisations/{slug}/requests", created, "post")
    assert created.status_code == 201, created.text
    url = created.json()["url"]
    extended = await client.post(
        f"{url}/extend",
        json={"notified_on": "2025-04-01", "reason": "Omvangrijke code."},
        headers=alice,
    )
    assert extended.status_code == 200, extended.text
    asked = await client.post(
        f"{url}/third-parties",
        json={"name": "Leverancier B.V.", "asked_on": "2025-03-20"},
        headers=alice,
    )
    assert asked.status_code == 201, asked.text
    [party] = asked.json()["third_parties"]
    viewed = await client.post(
        f"/api/v1/third-parties/{party['id']}/view",
        json={"answered_on": "2025-04-03", "view": "Geen bezwaar.", "objects": False},
        headers=alice,
    )
    check_response("/third-parties/{id}/view", viewed, "post")
    body = viewed.json()
    # 7 March + 4 + 2 weeks = 18 April; 14 days suspended = 2 May, a Friday
    assert (body["deadline"], body["suspended_days"]) == ("2025-05-02", 14)
    draft = await client.post(
        f"/api/v1/software/{tokens.software_id}/decisions",
        json={**DRAFT, **BESLUIT, "basis": "request", "decided_on": "2025-04-30",
              "review_on": "2028-04-30", "made_known_on": "2025-05-01"},
        headers=alice,
    )  # fmt: skip
    assert draft.status_code == 201, draft.text
    decision = draft.json()
    attached = await client.post(
        f"{url}/decisions", json={"decision": decision["id"]}, headers=alice
    )
    assert attached.status_code == 200, attached.text
    durl = f"/api/v1/decisions/{decision['id']}"
    for step, who, lock in (("submit", alice, 1), ("approve", bob, 2), ("publish", bob, 3)):
        moved = await client.post(f"{durl}/{step}", json={"lock_version": lock}, headers=who)
        assert moved.status_code == 200, (step, moved.text)
    public = await client.get(durl)
    check_response("/decisions/{id}", public)
    assert (
        public.json()["request"] == url
        and public.json()["bestuursorgaan"] == BESLUIT["bestuursorgaan"]
    )
    lodged = await client.post(
        f"{durl}/appeals", json={"kind": "bezwaar", "lodged_on": "2025-05-20"}, headers=alice
    )
    check_response("/decisions/{id}/appeals", lodged, "post")
    ruled = await client.post(
        f"/api/v1/appeals/{lodged.json()['id']}/decision",
        json={"outcome": "upheld", "decided_on": "2025-07-01", "summary": "Gegrond."},
        headers=bob,
    )
    check_response("/appeals/{id}/decision", ruled, "post")
    assert ruled.json()["outcome"] == "upheld"
    appeals = await client.get(f"{durl}/appeals")
    check_response("/decisions/{id}/appeals", appeals)
    assert [a["kind"] for a in appeals.json()["items"]] == ["bezwaar"]
    return created.json()


async def test_a_request_through_the_api(client: httpx.AsyncClient, tokens: Tokens) -> None:
    made = await request_through_the_api(client, tokens)
    url = made["url"]
    public = await client.get(url)
    check_response("/requests/{id}", public)
    assert public.json()["requester"] is None and public.json()["third_parties"] == []
    officer = await client.get(url, headers=bearer(tokens.bob))
    assert officer.json()["requester"] == {"name": NAME, "email": EMAIL}
    developer = await client.get(url, headers=bearer(tokens.dev))
    assert developer.json()["requester"] is None
    mine = await client.get("/api/v1/requests", headers=bearer(tokens.alice))
    check_response("/requests", mine)
    assert [r["zaaknummer"] for r in mine.json()["items"]] == ["WOO-2025-0007"]
    assert mine.json()["items"][0]["due"] == "overdue"  # 2 May 2025 has passed
    assert (await client.get("/api/v1/requests", headers=bearer(tokens.dev))).json()["total"] == 0
    anonymous = await client.post(f"{url}/extend", json={"notified_on": "2025-04-01"})
    assert anonymous.status_code == 401
    probing = await client.post("/api/v1/requests/999999/extend", json={})
    assert probing.status_code == 401  # authenticated before any lookup
    refused = await client.post(
        f"{url}/extend",
        json={"notified_on": "2025-04-01", "reason": "x"},
        headers=bearer(tokens.dev),
    )
    assert refused.status_code == 403


async def test_no_page_export_feed_or_webhook_carries_a_requester(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    await Webhook.create(url="http://127.0.0.1:9/hook", secret="s" * 40, events=[])
    made = await request_through_the_api(client, tokens)
    decision = await Decision.filter(request_id=made["id"]).first()
    assert decision is not None
    ids = {"id": str(tokens.software_id)}
    bodies: list[str] = []
    for path, operations in openapi_document()["paths"].items():
        if "get" not in operations or "{slug}" in path or "{key}" in path:
            continue
        for concrete in {
            path.replace("{id}", ids["id"]),
            path.replace("{id}", str(decision.pk)),
            path.replace("{id}", str(made["id"])),
        }:
            response = await client.get(f"/api/v1{concrete}")
            bodies.append(response.text)
    for page in (
        "/",
        "/register",
        f"/register/{decision.pk}",
        f"/software/{tokens.software_id}",
        "/software",
        "/organisaties/uitvoeringsinstituut",
        "/statistieken",
        "/open-data",
    ):
        bodies.append((await client.get(page)).text)
    bodies += [f"{d.payload}" for d in await WebhookDelivery.all()]
    bodies += [f"{e.before} {e.after}" for e in await AuditEvent.all()]
    assert len(bodies) > 40
    assert await WebhookDelivery.all().count() > 0
    for body in bodies:
        assert NAME not in body and EMAIL not in body and "Verzoeker" not in body


async def test_the_decision_page_shows_the_formal_besluit_and_its_appeals(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    made = await request_through_the_api(client, tokens)
    decision = await Decision.get(request_id=made["id"])
    page = (await client.get(f"/register/{decision.pk}?lang=nl")).text
    assert "Besloten door" in page and BESLUIT["bestuursorgaan"] in page
    assert "In mandaat ondertekend door" in page and BESLUIT["signatory"] in page
    assert BESLUIT["remedies"] in page and BESLUIT["covers"] in page
    assert "Bezwaar en beroep" in page and "gegrond" in page
    assert f'href="/verzoeken/{made["id"]}"' in page
    request_page = (await client.get(f"/verzoeken/{made['id']}?lang=nl")).text
    assert f'href="/register/{decision.pk}"' in request_page and NAME not in request_page


async def test_the_exports_feeds_and_webhooks_carry_the_formal_besluit(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    """DCAT-AP, the decisions feed and the webhooks say on what basis, by whom and where the
    besluit and its inventarislijst are published (issue 14, point 6)."""
    import feedparser
    import rdflib

    await Webhook.create(url="http://127.0.0.1:9/hook", secret="s" * 40, events=[])
    made = await request_through_the_api(client, tokens)
    decision = await Decision.get(request_id=made["id"])
    graph = rdflib.Graph().parse(
        data=(await client.get("/api/v1/export/catalogue.ttl")).text, format="turtle"
    )
    ot = rdflib.Namespace(
        "https://github.com/opentenzij/opentenzij/blob/main/docs/dcat-and-feeds.md#"
    )
    node = rdflib.URIRef(f"http://testserver/register/{decision.pk}")
    assert str(graph.value(node, ot.basis)) == "request"
    assert str(graph.value(node, ot.bestuursorgaan)) == BESLUIT["bestuursorgaan"]
    assert str(graph.value(node, ot.signatory)) == BESLUIT["signatory"]
    assert graph.value(node, ot.besluit) == rdflib.URIRef(BESLUIT["besluit_url"])
    assert graph.value(node, ot.inventory) == rdflib.URIRef(BESLUIT["inventory_url"])
    assert str(graph.value(node, ot.covers)) == BESLUIT["covers"]
    assert str(graph.value(node, ot.zaaknummer)) == "WOO-2025-0007"
    assert str(graph.value(node, ot.requestReceivedOn)) == made["received_on"]
    feed = feedparser.parse((await client.get("/api/v1/feeds/decisions.atom")).content)
    assert feed.bozo == 0
    [entry] = [e for e in feed.entries if e.id.endswith(f"/register/{decision.pk}")]
    assert {link.href for link in entry.links} >= {BESLUIT["besluit_url"], BESLUIT["inventory_url"]}
    assert "op een Woo-verzoek (WOO-2025-0007) door " + BESLUIT["bestuursorgaan"] in entry.summary
    payloads = [d.payload for d in await WebhookDelivery.filter(kind="decision.published")]
    besluiten = [p["data"] for p in payloads if p["data"].get("basis") == "request"]
    assert besluiten and besluiten[-1]["besluit_url"] == BESLUIT["besluit_url"]
    assert besluiten[-1]["bestuursorgaan"] == BESLUIT["bestuursorgaan"]
    assert besluiten[-1]["request"] == {
        "zaaknummer": "WOO-2025-0007",
        "received_on": made["received_on"],
    }
    # A version that carries out the upheld bezwaar names it (set here as such a version would).
    appeal = await Appeal.get(decision_id=decision.pk)
    await Decision.filter(id=decision.pk).update(follows_appeal_id=appeal.pk)
    graph = rdflib.Graph().parse(
        data=(await client.get("/api/v1/export/catalogue.ttl")).text, format="turtle"
    )
    assert str(graph.value(node, ot.appealKind)) == "bezwaar"
    assert str(graph.value(node, ot.appealOutcome)) == "upheld"
    assert str(graph.value(node, ot.followsAppeal)) == "true"
    feed = feedparser.parse((await client.get("/api/v1/feeds/decisions.atom")).content)
    [entry] = [e for e in feed.entries if e.id.endswith(f"/register/{decision.pk}")]
    assert "op een Woo-verzoek (WOO-2025-0007)" in entry.summary
    assert "voert de beslissing op bezwaar uit" in entry.summary
