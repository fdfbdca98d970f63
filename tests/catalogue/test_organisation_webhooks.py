# SPDX-License-Identifier: EUPL-1.2
"""An organisation's own webhooks (issue 20, point 2): its admins register them, they hear only
that organisation's changes, among them `vulnerability.affects` for a new exposure under
embargo, signed as every delivery; site-wide webhooks never hear of the exposure."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.audit.actions import Action
from catalogue.audit.models import AuditEvent
from catalogue.components.models import Dependency, DependencySource
from catalogue.errors import Invalid, NotPermitted
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Role
from catalogue.software.models import Software
from catalogue.vulnerabilities.services import apply_records
from catalogue.webhooks.models import Webhook, WebhookDelivery
from catalogue.webhooks.services import delete_webhook, register_webhook, set_active
from tests.catalogue.test_webhooks import Receiver, deliver, receiver, verify
from tests.factories import make_organisation, make_software
from tests.wooexemptions.test_decisions import principal

__all__ = ["receiver"]  # the loopback receiver fixture

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
LODASH = {
    "id": "GHSA-35jh-r3h4-6jhm",
    "modified": "2026-12-01T00:00:00Z",
    "published": "2021-02-15T00:00:00Z",
    "summary": "Command injection in lodash",
    "affected": [
        {
            "package": {"ecosystem": "npm", "name": "lodash"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}],
        }
    ],
}


async def _uses_lodash(software: Software) -> None:
    await Dependency.create(
        software_id=software.pk,
        source=DependencySource.SBOM,
        key="pkg:npm/lodash",
        name="lodash",
        version="4.17.20",
        purl="pkg:npm/lodash@4.17.20",
    )


async def _owners(db: str) -> tuple[Organisation, Organisation]:
    return (
        await make_organisation("Gemeente Eigen", account="eigen"),
        await make_organisation("Gemeente Ander", account="ander"),
    )


async def test_an_organisation_webhook_hears_its_exposure_and_a_site_wide_one_does_not(
    db: str, receiver: Receiver
) -> None:
    own, other = await _owners(db)
    admin = await principal("beheer@eigen.nl", (own, Role.ADMIN))
    site = await principal("root@example.nl", admin=True)
    _, secret = await register_webhook(
        principal=admin,
        values={"url": receiver.url("/eigen"), "events": ["vulnerability.affects"]},
        allow_private=True,
        organisation_id=own.pk,
    )
    await register_webhook(
        principal=site, values={"url": receiver.url("/site")}, allow_private=True
    )
    await register_webhook(
        principal=await principal("beheer@ander.nl", (other, Role.ADMIN)),
        values={"url": receiver.url("/ander")},
        allow_private=True,
        organisation_id=other.pk,
    )
    zaken = await make_software(own, "zaken")
    await make_software(other, "loket")
    await _uses_lodash(zaken)
    receiver.requests.clear()
    await WebhookDelivery.all().delete()
    summary = await apply_records([LODASH], now=NOW)
    assert summary.found == 1
    report = await deliver()
    assert report.errors == []
    [request] = receiver.requests  # only the owner's webhook: not the site's, not the other's
    assert request.path == "/eigen"
    assert request.headers["x-opentenzij-event"] == "vulnerability.affects"
    assert verify(secret, request.headers, request.body)
    payload = json.loads(request.body)
    assert payload["kind"] == "vulnerability.affects"
    assert payload["organisation"]["slug"] == own.slug
    assert payload["data"] == {
        "advisory": "GHSA-35jh-r3h4-6jhm",
        "software": zaken.pk,
        "component": "pkg:npm/lodash@4.17.20",
        "fixed_version": "4.17.21",
    }
    assert payload["target"]["url"] == f"/organisaties/{own.slug}/kwetsbaarheden"
    site_hook = await Webhook.get(organisation_id=None)
    assert not await WebhookDelivery.filter(webhook_id=site_hook.pk).exists()


async def test_an_organisation_webhook_hears_only_its_own_public_changes(
    db: str, receiver: Receiver
) -> None:
    own, other = await _owners(db)
    admin = await principal("beheer@eigen.nl", (own, Role.ADMIN))
    await register_webhook(
        principal=admin,
        values={"url": receiver.url("/eigen"), "events": ["software.created"]},
        allow_private=True,
        organisation_id=own.pk,
    )
    await make_software(other, "loket")
    await make_software(own, "zaken")
    await deliver()
    [request] = receiver.requests
    assert json.loads(request.body)["organisation"]["slug"] == own.slug


async def test_only_the_organisations_admins_manage_its_webhooks(db: str) -> None:
    own, other = await _owners(db)
    values = {"url": "https://93.184.215.14/hook"}
    for person in (
        await principal("dev@eigen.nl", (own, Role.DEVELOPER)),
        await principal("woo@eigen.nl", (own, Role.PUBLICATION_OFFICER)),
        await principal("beheer@ander.nl", (other, Role.ADMIN)),
    ):
        with pytest.raises(NotPermitted):
            await register_webhook(principal=person, values=values, organisation_id=own.pk)
    admin = await principal("beheer@eigen.nl", (own, Role.ADMIN))
    with pytest.raises(NotPermitted):  # a site-wide webhook is for site administrators
        await register_webhook(principal=admin, values=values)
    with pytest.raises(Invalid):  # the same SSRF rules: no private address
        await register_webhook(
            principal=admin, values={"url": "http://127.0.0.1/hook"}, organisation_id=own.pk
        )
    webhook, _ = await register_webhook(principal=admin, values=values, organisation_id=own.pk)
    stranger = await principal("beheer2@ander.nl", (other, Role.ADMIN))
    with pytest.raises(NotPermitted):
        await set_active(principal=stranger, webhook=webhook, active=False)
    with pytest.raises(NotPermitted):
        await delete_webhook(principal=stranger, webhook=webhook)
    await set_active(principal=admin, webhook=webhook, active=False)
    created = await AuditEvent.get(action=Action.WEBHOOK_CREATE)
    assert created.organisation_id == own.pk  # in the organisation's own audit log
    with pytest.raises(Invalid):  # the kinds an organisation's webhook may ask for
        await register_webhook(
            principal=admin, values={**values, "events": ["no.such"]}, organisation_id=own.pk
        )
    site = await principal("root@example.nl", admin=True)
    with pytest.raises(Invalid):  # a site-wide webhook never hears an embargoed exposure
        await register_webhook(
            principal=site, values={**values, "events": ["vulnerability.affects"]}
        )


async def test_the_api_of_an_organisations_webhooks(client: httpx.AsyncClient) -> None:
    own, other = await _owners("")
    tokens = {}
    for name, organisation, role in (
        ("admin", own, Role.ADMIN),
        ("developer", own, Role.DEVELOPER),
        ("stranger", other, Role.ADMIN),
    ):
        user = await accounts.create_user(email=f"{name}@example.nl", password=None, actor="t")
        await accounts.grant(user=user, organisation=organisation, role=role, actor="t")
        _, tokens[name] = await accounts.create_token(user=user, name="t", actor="t")

    def auth(name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[name]}"}

    path = f"/api/v1/organisations/{own.slug}/webhooks"
    body = {"url": "https://93.184.215.14/hook", "events": ["vulnerability.affects"]}
    assert (await client.post(path, json=body)).status_code == 401
    assert (await client.post(path, json=body, headers=auth("developer"))).status_code == 403
    assert (await client.post(path, json=body, headers=auth("stranger"))).status_code == 403
    created = await client.post(path, json=body, headers=auth("admin"))
    assert created.status_code == 201, created.text
    made = created.json()
    assert made["organisation"] == own.slug and made["secret"]
    listed = (await client.get(path, headers=auth("admin"))).json()["items"]
    assert [item["id"] for item in listed] == [made["id"]]
    assert "secret" not in listed[0]
    item = f"/api/v1/webhooks/{made['id']}"
    assert (await client.get(item, headers=auth("stranger"))).status_code == 404
    assert (await client.get(item, headers=auth("admin"))).status_code == 200
    assert (await client.get("/api/v1/webhooks", headers=auth("admin"))).status_code == 403
    assert (await client.delete(item, headers=auth("stranger"))).status_code == 404
    assert (await client.delete(item, headers=auth("admin"))).status_code == 204
    assert not await Webhook.exists()


async def test_the_pages_of_an_organisations_webhooks(client: httpx.AsyncClient) -> None:
    from tests.catalogue.web.test_forms import PASSWORD, csrf, sign_in

    own, other = await _owners("")
    for email, organisation, role in (
        ("beheer@eigen.nl", own, Role.ADMIN),
        ("dev@eigen.nl", own, Role.DEVELOPER),
        ("beheer@ander.nl", other, Role.ADMIN),
    ):
        user = await accounts.create_user(email=email, password=PASSWORD, actor="t")
        await accounts.grant(user=user, organisation=organisation, role=role, actor="t")
    base = f"/organisaties/{own.slug}/webhooks"
    await sign_in(client, "dev@eigen.nl")
    assert (await client.get(base)).status_code == 403
    await sign_in(client, "beheer@eigen.nl")
    detail = await client.get(f"/organisaties/{own.slug}")
    assert base in detail.text
    page = await client.get(base)
    assert page.status_code == 200 and "vulnerability.affects" in page.text
    form = {"url": "https://93.184.215.14/hook", "event.vulnerability.affects": "on"}
    refused = await client.post(base, data={**form, "csrf_token": "wrong"})
    assert refused.status_code == 403 and not await Webhook.exists()  # CSRF
    created = await client.post(base, data={**form, "csrf_token": csrf(page.text)})
    assert created.status_code == 200, created.text
    webhook = await Webhook.get()
    assert (webhook.organisation_id, webhook.events) == (own.pk, ["vulnerability.affects"])
    item = await client.get(f"{base}/{webhook.pk}")
    assert item.status_code == 200
    switched = await client.post(
        f"{base}/{webhook.pk}/uitzetten", data={"csrf_token": csrf(item.text)}
    )
    assert switched.status_code in (302, 303) and not (await Webhook.get()).active
    # Another organisation's admin finds no such webhook under their own organisation.
    await sign_in(client, "beheer@ander.nl")
    elsewhere = f"/organisaties/{other.slug}/webhooks/{webhook.pk}"
    assert (await client.get(elsewhere)).status_code == 404
    assert (await client.get(f"{base}/{webhook.pk}")).status_code == 403
