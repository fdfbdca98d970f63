# SPDX-License-Identifier: EUPL-1.2
"""Webhooks through the API and the administration pages: site administrators only, the
secret shown once, the delivery log, and a change made through the API reaching a receiver."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.permissions.rules import Role
from catalogue.settings import Settings
from catalogue.webhooks import delivery
from catalogue.webhooks.delivery import deliver_due
from catalogue.webhooks.models import Webhook, WebhookDelivery
from tests.catalogue.test_webhooks import Receiver, verify
from tests.catalogue.test_webhooks import receiver as receiver  # the fixture
from tests.catalogue.web.test_forms import PASSWORD, csrf, sign_in
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, webhooks_allow_private=True)


@dataclass
class Tokens:
    admin: str
    developer: str


@pytest.fixture
async def tokens(db: str) -> Tokens:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    await make_software(organisation, "zaken")
    admin = await accounts.create_user(
        email="beheer@site.nl", password=PASSWORD, actor="test", is_site_admin=True
    )
    developer = await accounts.create_user(email="dev@eigen.nl", password=PASSWORD, actor="test")
    await accounts.grant(user=developer, organisation=organisation, role=Role.ADMIN, actor="test")
    return Tokens(
        admin=(await accounts.create_token(user=admin, name="t", actor="test"))[1],
        developer=(await accounts.create_token(user=developer, name="t", actor="test"))[1],
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def create(client: httpx.AsyncClient, token: str, **body: object) -> httpx.Response:
    return await client.post("/api/v1/webhooks", headers=bearer(token), json=body)


# --- API ------------------------------------------------------------------------------------


async def test_the_api_registers_a_webhook_and_shows_its_secret_once(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    response = await create(
        client, tokens.admin, url=receiver.url(), events=["software.updated"], description="CI"
    )
    assert response.status_code == 201, response.text
    check_response("/webhooks", response, "post")
    created = response.json()
    secret = created["secret"]
    assert response.headers["location"] == f"/api/v1/webhooks/{created['id']}"
    assert response.headers["cache-control"] == "no-store"
    assert created["events"] == ["software.updated"] and created["created_by"] == "beheer@site.nl"
    listed = await client.get("/api/v1/webhooks", headers=bearer(tokens.admin))
    check_response("/webhooks", listed)
    one = await client.get(created["api_url"], headers=bearer(tokens.admin))
    check_response("/webhooks/{id}", one)
    for answer in (listed, one):
        assert secret not in answer.text and "secret" not in answer.text
    assert listed.json()["items"] == [one.json()]
    assert one.json() == {k: v for k, v in created.items() if k != "secret"}


async def test_a_change_made_through_the_api_reaches_the_receiver(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    secret = (await create(client, tokens.admin, url=receiver.url())).json()["secret"]
    software = (await client.get("/api/v1/software")).json()["items"][0]
    changed = await client.patch(
        f"/api/v1/software/{software['id']}",
        headers=bearer(tokens.developer),
        json={"description_nl": "Zaken afhandelen"},
    )
    assert changed.status_code == 200, changed.text
    assert (await deliver_due(allow_private=True)).delivered == 1
    [request] = receiver.requests
    assert verify(secret, request.headers, request.body)
    assert request.headers["x-opentenzij-event"] == "software.updated"
    deliveries = await client.get(
        "/api/v1/webhooks/1/deliveries?status=delivered", headers=bearer(tokens.admin)
    )
    check_response("/webhooks/{id}/deliveries", deliveries)
    [logged] = deliveries.json()["items"]
    assert logged["status"] == "delivered" and logged["response_status"] == 204
    assert logged["payload"]["changed"] == ["description_nl"]
    assert logged["next_attempt_at"] is None


async def test_the_delivery_log_is_paged(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    await create(client, tokens.admin, url=receiver.url(), events=["organisation.created"])
    for _ in range(5):
        await make_organisation()
    response = await client.get(
        "/api/v1/webhooks/1/deliveries?per_page=2&page=2", headers=bearer(tokens.admin)
    )
    check_response("/webhooks/{id}/deliveries", response)
    body = response.json()
    assert body["total"] == 5 and [d["id"] for d in body["items"]] == [3, 2]
    assert 'rel="next"' in response.headers["link"] and 'rel="prev"' in response.headers["link"]
    pending = await client.get(
        "/api/v1/webhooks/1/deliveries?status=failed", headers=bearer(tokens.admin)
    )
    assert pending.json() == {"items": [], "total": 0}


async def test_only_site_administrators_use_the_webhook_api(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    await create(client, tokens.admin, url=receiver.url())
    for method, path in (
        ("GET", "/api/v1/webhooks"),
        ("POST", "/api/v1/webhooks"),
        ("GET", "/api/v1/webhooks/1"),
        ("DELETE", "/api/v1/webhooks/1"),
        ("GET", "/api/v1/webhooks/1/deliveries"),
    ):
        body = {"url": receiver.url()} if method == "POST" else None
        anonymous = await client.request(method, path, json=body)
        assert anonymous.status_code == 401, path
        assert anonymous.headers["www-authenticate"] == "Bearer"
        refused = await client.request(method, path, json=body, headers=bearer(tokens.developer))
        assert refused.status_code == 403, path
        assert refused.headers["content-type"] == "application/problem+json"
    await sign_in(client, "beheer@site.nl")  # a session cookie does not open the API
    assert (await client.get("/api/v1/webhooks")).status_code == 401
    assert await Webhook.all().count() == 1


async def test_bad_input_is_a_problem_and_registers_nothing(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    for body, status, field in (
        ({"url": "http://127.0.0.1:1/"}, 201, None),  # loopback is allowed in these tests
        ({"url": "gopher://example.org/"}, 422, "url"),
        ({"url": "https://93.184.215.14/", "events": ["software.deleted"]}, 422, "events"),
        ({"url": "https://93.184.215.14/", "secret": "my own"}, 422, "secret"),
        ({}, 422, "url"),
    ):
        response = await create(client, tokens.admin, **body)
        assert response.status_code == status, (body, response.text)
        check_response("/webhooks", response, "post")
        if field:
            assert [e["field"] for e in response.json()["errors"]] == [field]
    raw = await client.post(
        "/api/v1/webhooks",
        headers={**bearer(tokens.admin), "Content-Type": "text/plain"},
        content=b"url=x",
    )
    assert raw.status_code == 415
    assert await Webhook.all().count() == 1


async def test_deleting_a_webhook_deletes_its_log(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    await create(client, tokens.admin, url=receiver.url())
    await make_organisation()
    assert await WebhookDelivery.all().count() == 1
    deleted = await client.delete("/api/v1/webhooks/1", headers=bearer(tokens.admin))
    assert deleted.status_code == 204 and deleted.content == b""
    assert await WebhookDelivery.all().count() == 0
    gone = await client.get("/api/v1/webhooks/1", headers=bearer(tokens.admin))
    check_response("/webhooks/{id}", gone)
    assert gone.status_code == 404
    huge = await client.get("/api/v1/webhooks/99999999999", headers=bearer(tokens.admin))
    assert huge.status_code == 404


# --- pages ----------------------------------------------------------------------------------


def secret_on(html: str) -> str | None:
    match = re.search(r"<code>([A-Za-z0-9_-]{43})</code>", html)
    return match.group(1) if match else None


async def test_an_administrator_registers_a_webhook_on_the_page(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    await sign_in(client, "beheer@site.nl")
    page = await client.get("/beheer/webhooks")
    assert page.status_code == 200 and "Nieuwe webhook" in page.text
    token = csrf(page.text)
    form = {"url": receiver.url(), "description": "<b>CI</b>", "event.software.updated": "on"}
    refused = await client.post("/beheer/webhooks", data=form)
    assert refused.status_code == 403 and await Webhook.all().count() == 0
    created = await client.post("/beheer/webhooks", data={**form, "csrf_token": token})
    assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
    secret = secret_on(created.text)
    webhook = await Webhook.get()
    assert secret == webhook.secret and webhook.events == ["software.updated"]
    assert "&lt;b&gt;CI&lt;/b&gt;" in created.text and "<b>CI</b>" not in created.text
    again = await client.get("/beheer/webhooks")
    assert secret not in again.text and receiver.url() in again.text
    assert secret not in (await client.get("/beheer/webhooks/1")).text


async def test_a_bad_address_is_shown_with_the_form_kept(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    await sign_in(client, "beheer@site.nl")
    token = csrf((await client.get("/beheer/webhooks")).text)
    response = await client.post(
        "/beheer/webhooks",
        data={"url": "ftp://x.nl/", "event.decision.published": "on", "csrf_token": token},
    )
    assert response.status_code == 422
    assert "moet een http://- of https://-adres zijn" in response.text
    assert 'value="ftp://x.nl/"' in response.text
    assert re.search(r'name="event.decision.published" value="on" checked', response.text)
    assert await Webhook.all().count() == 0


async def test_the_delivery_log_page_shows_failures_and_retries_now(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    await create(client, tokens.admin, url=receiver.url(), events=["organisation.created"])
    await make_organisation()
    receiver.answer("500")
    assert (await deliver_due(allow_private=True)).retrying == 1
    await sign_in(client, "beheer@site.nl")
    page = await client.get("/beheer/webhooks/1")
    assert page.status_code == 200
    assert "HTTP 500" in page.text and "organisation.created" in page.text
    assert "volgende poging" in page.text
    token = csrf(page.text)
    retried = await client.post(
        "/beheer/webhooks/1/afleveringen/1/opnieuw", data={"csrf_token": token}
    )
    assert retried.status_code == 303 and retried.headers["location"] == "/beheer/webhooks/1"
    assert (await deliver_due(allow_private=True)).delivered == 1
    page = await client.get("/beheer/webhooks/1?status=delivered")
    assert "afgeleverd" in page.text and "Nu opnieuw" not in page.text
    missing = await client.post(
        "/beheer/webhooks/1/afleveringen/77/opnieuw", data={"csrf_token": token}
    )
    assert missing.status_code == 404


async def test_switching_off_a_new_secret_and_deleting_on_the_page(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    first = (await create(client, tokens.admin, url=receiver.url())).json()["secret"]
    await sign_in(client, "beheer@site.nl")
    token = csrf((await client.get("/beheer/webhooks/1")).text)
    off = await client.post("/beheer/webhooks/1/uitzetten", data={"csrf_token": token})
    assert off.status_code == 303 and not (await Webhook.get()).active
    assert "Aanzetten" in (await client.get("/beheer/webhooks/1")).text
    await client.post("/beheer/webhooks/1/aanzetten", data={"csrf_token": token})
    assert (await Webhook.get()).active
    rotated = await client.post("/beheer/webhooks/1/nieuw-geheim", data={"csrf_token": token})
    new = secret_on(rotated.text)
    assert new and new != first and new == (await Webhook.get()).secret
    unknown = await client.post("/beheer/webhooks/1/opblazen", data={"csrf_token": token})
    assert unknown.status_code == 404
    deleted = await client.post("/beheer/webhooks/1/verwijderen", data={"csrf_token": token})
    assert deleted.status_code == 303 and await Webhook.all().count() == 0


async def test_the_pages_are_for_site_administrators_only(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    await create(client, tokens.admin, url=receiver.url())
    anonymous = await client.get("/beheer/webhooks")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/aanmelden")
    await sign_in(client, "dev@eigen.nl")
    token = csrf((await client.get("/account")).text)
    for method, path in (
        ("GET", "/beheer/webhooks"),
        ("POST", "/beheer/webhooks"),
        ("GET", "/beheer/webhooks/1"),
        ("POST", "/beheer/webhooks/1/verwijderen"),
        ("POST", "/beheer/webhooks/1/nieuw-geheim"),
    ):
        form = {"csrf_token": token, "url": receiver.url()} if method == "POST" else None
        response = await client.request(method, path, data=form)
        assert response.status_code == 403, path
        assert receiver.url() not in response.text
    webhook = await Webhook.get()
    assert webhook.active


async def test_retrying_a_delivery_that_is_being_sent_is_refused_on_the_page(
    client: httpx.AsyncClient, tokens: Tokens, receiver: Receiver
) -> None:
    await create(client, tokens.admin, url=receiver.url(), events=["organisation.created"])
    await make_organisation()
    now = datetime.now(UTC)
    assert len(await delivery.claim_due(now=now)) == 1  # a worker is sending it right now
    await sign_in(client, "beheer@site.nl")
    page = (await client.get("/beheer/webhooks/1")).text
    assert "wordt nu geprobeerd" in page and "/afleveringen/1/opnieuw" not in page
    token = csrf(page)
    refused = await client.post(
        "/beheer/webhooks/1/afleveringen/1/opnieuw", data={"csrf_token": token}
    )
    assert refused.status_code == 409
    assert "deze aflevering wordt op dit moment geprobeerd" in refused.text
    assert (await WebhookDelivery.get()).next_attempt_at == now + delivery.LEASE
    assert (await deliver_due(allow_private=True)).claimed == 0  # so no second send
    assert receiver.requests == []
