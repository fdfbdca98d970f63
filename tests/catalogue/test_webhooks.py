# SPDX-License-Identifier: EUPL-1.2
"""Outbound webhooks against a real receiver on a loopback port: the outbox in the write's
transaction, private events kept in, the signature, retries with backoff, no redirects, time
limits, address checks, and two workers that never send the same delivery."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
import re
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from tortoise.transactions import in_transaction

from catalogue import addresses
from catalogue import db as database
from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.audit.actions import Action
from catalogue.audit.models import AuditEvent
from catalogue.cli import main
from catalogue.errors import Conflict, Invalid, NotPermitted
from catalogue.messages import Message
from catalogue.organisations import services
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Principal, Role
from catalogue.software import services as registration
from catalogue.webhooks import delivery
from catalogue.webhooks.delivery import LEASE, MAX_ATTEMPTS, deliver_due, retry_delay
from catalogue.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from catalogue.webhooks.outbox import KINDS, PRIVATE_ACTIONS, PUBLIC_KINDS
from catalogue.webhooks.services import register_webhook, retry_now, rotate_secret, set_active
from tests.factories import make_organisation, make_software
from tests.fakes.server import free_port, serving
from tests.wooexemptions.test_decisions import WITHHELD, principal
from wooexemptions import services as decisions

TOLERANCE = 300  # seconds a receiver accepts between the signed timestamp and its clock


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does (docs/webhooks.md): recompute the signature, compare in constant
    time, and refuse old timestamps."""
    timestamp = headers["x-opentenzij-timestamp"]
    if abs(time.time() - int(timestamp)) > TOLERANCE:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(f"sha256={expected.hexdigest()}", headers["x-opentenzij-signature"])


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A webhook receiver on a loopback port that records every request and answers as told:
    each request takes the next answer from `script` ("ok" once it is empty); a "slow" one is
    answered only when the receiver closes, long after any sender's time limit."""

    port: int
    requests: list[Received] = field(default_factory=list)
    script: deque[str] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Event = field(default_factory=threading.Event)
    closing: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *answers: str) -> None:
        self.script.extend(answers)

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        with self.lock:
            self.requests.append(Received(request.url.path, dict(request.headers), body))
            how = self.script.popleft() if self.script else "ok"
        self.arrived.set()
        if how == "slow":
            await asyncio.to_thread(self.closing.wait)
        if how == "redirect":
            return RedirectResponse(self.url("/elsewhere"), status_code=302)
        if how == "500":
            return PlainTextResponse("database is down " + "x" * 5000, status_code=500)
        return Response(status_code=204)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    port = free_port()
    found = Receiver(port)
    app = Starlette(routes=[Route("/{path:path}", found.endpoint, methods=["POST"])])
    with serving(app, port):
        try:
            yield found
        finally:
            found.closing.set()


@pytest.fixture
async def admin(db: str) -> Principal:
    return await principal("beheer@example.nl", admin=True)


async def hook(admin: Principal, receiver: Receiver, *events: str) -> tuple[Webhook, str]:
    return await register_webhook(
        principal=admin,
        values={"url": receiver.url(), "events": list(events)},
        allow_private=True,
    )


async def deliver(now: datetime | None = None) -> delivery.DeliveryReport:
    return await deliver_due(now=now, allow_private=True)


# --- which changes go out -----------------------------------------------------------------


def test_every_audit_action_is_either_public_or_private() -> None:
    actions = {action.value for action in Action}
    assert set(KINDS) <= actions and PRIVATE_ACTIONS <= actions
    assert set(KINDS) & PRIVATE_ACTIONS == set()
    assert actions - set(KINDS) - PRIVATE_ACTIONS == set(), "decide: public or private?"


async def test_a_change_queues_one_delivery_per_webhook_that_wants_it(
    admin: Principal, receiver: Receiver
) -> None:
    every, _ = await hook(admin, receiver)
    updates, _ = await hook(admin, receiver, "software.updated")
    await hook(admin, receiver, "decision.published")
    switched_off, _ = await hook(admin, receiver)
    await set_active(principal=admin, webhook=switched_off, active=False)
    organisation = await make_organisation("Gemeente Zaanstad", account="zaanstad")
    software = await make_software(organisation, "zaken")
    assert await WebhookDelivery.filter(kind="organisation.created").count() == 1
    created = await WebhookDelivery.get(kind="software.created")
    assert created.webhook_id == every.pk
    await registration.update_software(
        principal=admin, software=software, values={"name": "zaken-2", "homepage": "https://z.nl"}
    )
    updated = await WebhookDelivery.filter(kind="software.updated").order_by("webhook_id")
    assert [d.webhook_id for d in updated] == [every.pk, updates.pk]
    event = await AuditEvent.get(action=Action.SOFTWARE_UPDATE)
    assert (
        updated[0].payload
        == updated[1].payload
        == {
            "kind": "software.updated",
            "event_id": event.pk,
            "occurred_at": event.created_at.isoformat(),
            "target": {
                "type": "software",
                "id": software.pk,
                "url": f"/software/{software.pk}",
                "api_url": f"/api/v1/software/{software.pk}",
            },
            "organisation": {
                "id": organisation.pk,
                "slug": "gemeente-zaanstad",
                "name": "Gemeente Zaanstad",
                "url": "/organisaties/gemeente-zaanstad",
                "api_url": "/api/v1/organisations/gemeente-zaanstad",
            },
            "data": {
                "name": "zaken-2",
                "release_status": "open",
                "licence": "EUPL-1.2",
                "archived": False,
            },
            "changed": ["homepage", "name"],
        }
    )


async def test_a_change_that_is_rolled_back_sends_nothing(
    admin: Principal, receiver: Receiver
) -> None:
    await hook(admin, receiver)
    organisation = await make_organisation()
    queued = await WebhookDelivery.all().count()
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await make_software(organisation, "half")
            assert await WebhookDelivery.all().count() == queued + 1  # queued with the write
            raise RuntimeError("the write fails after its event")
    assert await WebhookDelivery.all().count() == queued
    with pytest.raises(Invalid):  # a write refused by validation queues nothing either
        await registration.register_software(
            principal=admin, organisation=organisation, values={"name": ""}
        )
    assert await WebhookDelivery.all().count() == queued
    assert (await deliver()).delivered == queued
    assert {r.headers["x-opentenzij-event"] for r in receiver.requests} == {"organisation.created"}


async def test_private_events_and_drafts_never_go_out(admin: Principal, receiver: Receiver) -> None:
    organisation = await make_organisation("Uitvoeringsinstituut", account="uwv")
    software = await make_software(organisation, "fraudescore")
    _, secret = await hook(admin, receiver)
    alice = await principal("alice@uwv.nl", (organisation, Role.PUBLICATION_OFFICER))
    bob = await principal("bob@uwv.nl", (organisation, Role.PUBLICATION_OFFICER))
    user = await accounts.create_user(email="dev@uwv.nl", password="a long password!", actor="t")
    await accounts.grant(user=user, organisation=organisation, role=Role.DEVELOPER, actor="t")
    await sessions.sign_in(email="dev@uwv.nl", password="a long password!", address="10.0.0.1")
    await accounts.create_token(user=user, name="ci", actor="t")
    with pytest.raises(NotPermitted):
        await registration.archive_software(
            principal=await sessions.principal_for(await accounts.create_user(
                email="x@y.nl", password=None, actor="t")),
            software=software,
        )  # fmt: skip
    draft = await decisions.start_draft(principal=alice, software=software, content=WITHHELD)
    draft = await decisions.submit(
        principal=alice, decision=draft, lock_version=0, today=datetime.now(UTC).date()
    )
    draft = await decisions.reject(
        principal=bob, decision=draft, reason="Too vague", lock_version=1
    )
    draft = await decisions.submit(
        principal=alice, decision=draft, lock_version=2, today=datetime.now(UTC).date()
    )
    draft = await decisions.approve(principal=bob, decision=draft, lock_version=3)
    assert await WebhookDelivery.all().count() == 0
    published = await decisions.publish(
        principal=bob, decision=draft, lock_version=4, today=datetime.now(UTC).date()
    )
    assert (await deliver()).delivered == 1
    [request] = receiver.requests
    assert verify(secret, request.headers, request.body)
    assert request.headers["x-opentenzij-event"] == "decision.published"
    text = request.body.decode()
    for private in ("Too vague", "dev@uwv.nl", "alice@uwv.nl", "fraudsters", "selection rules"):
        assert private not in text
    data = (await WebhookDelivery.get()).payload["data"]
    assert data["state"] == "published" and data["outcome"] == "partly_open"
    assert data["grounds"] == ["woo-5.1.2.d"] and data["version"] == published.version
    assert data["software"]["id"] == software.pk


# --- delivering -----------------------------------------------------------------------------


async def test_a_delivery_is_a_signed_post_that_the_receiver_can_verify(
    admin: Principal, receiver: Receiver
) -> None:
    _, secret = await hook(admin, receiver, "organisation.created")
    await make_organisation("Gemeente Ede", account="ede")
    report = await deliver()
    assert (report.claimed, report.delivered, report.errors) == (1, 1, [])
    [request] = receiver.requests
    stored = await WebhookDelivery.get()
    assert request.path == "/hook"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("opentenzij-webhooks")
    assert request.headers["x-opentenzij-delivery"] == str(stored.pk)
    assert request.headers["x-opentenzij-event"] == "organisation.created"
    assert verify(secret, request.headers, request.body)
    assert not verify("another secret", request.headers, request.body)
    tampered = request.body.replace(b"Ede", b"Edam")
    assert not verify(secret, request.headers, tampered)
    assert secret not in str(request.headers) and secret.encode() not in request.body
    assert stored.status is DeliveryStatus.DELIVERED and stored.attempts == 1
    assert stored.response_status == 204 and stored.delivered_at is not None
    assert (await deliver()).claimed == 0  # delivered once, never again


async def test_failures_are_retried_with_growing_delays_then_given_up(
    admin: Principal, receiver: Receiver
) -> None:
    await hook(admin, receiver, "organisation.created")
    await make_organisation()
    receiver.answer(*["500"] * MAX_ATTEMPTS)
    now = datetime.now(UTC)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = await deliver(now)
        assert report.claimed == 1, attempt
        stored = await WebhookDelivery.get()
        assert stored.attempts == attempt and stored.response_status == 500
        assert stored.error.startswith("HTTP 500: database is down xxx")
        assert len(stored.error) <= delivery.MAX_ERROR_CHARS
        if attempt == MAX_ATTEMPTS:
            break
        waited = stored.next_attempt_at - now
        base = retry_delay(attempt)
        assert base <= waited <= base * 1.1 + timedelta(seconds=1), (attempt, waited)
        assert (await deliver(stored.next_attempt_at - timedelta(seconds=1))).claimed == 0
        now = stored.next_attempt_at
    assert stored.status is DeliveryStatus.FAILED and report.failed == 1
    assert [retry_delay(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert (await deliver(now + timedelta(days=1))).claimed == 0  # given up stays given up


async def test_retry_now_gives_a_failed_delivery_one_more_attempt(
    admin: Principal, receiver: Receiver
) -> None:
    await hook(admin, receiver, "organisation.created")
    await make_organisation()
    stored = await WebhookDelivery.get()
    await WebhookDelivery.filter(id=stored.pk).update(
        status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS
    )
    assert (await deliver()).claimed == 0
    await retry_now(principal=admin, delivery=stored)
    assert (await deliver()).delivered == 1
    stored = await WebhookDelivery.get()
    assert stored.status is DeliveryStatus.DELIVERED and stored.attempts == MAX_ATTEMPTS + 1


async def test_a_redirect_is_not_followed(admin: Principal, receiver: Receiver) -> None:
    await hook(admin, receiver, "organisation.created")
    await make_organisation()
    receiver.answer("redirect")
    report = await deliver()
    assert (report.delivered, report.retrying) == (0, 1)
    assert [r.path for r in receiver.requests] == ["/hook"]  # /elsewhere is never asked
    stored = await WebhookDelivery.get()
    assert stored.response_status == 302 and "redirects are not followed" in stored.error
    assert stored.status is DeliveryStatus.PENDING


async def test_a_slow_receiver_is_given_up_on_after_the_time_limit(
    admin: Principal, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.5)
    await hook(admin, receiver, "organisation.created")
    await make_organisation()
    receiver.answer("slow")  # answered only after the test: a wait for it would never end
    report = await deliver()
    assert report.retrying == 1
    stored = await WebhookDelivery.get()
    assert stored.error == "no answer within 0.5 seconds" and stored.response_status is None


async def test_an_unreachable_receiver_is_retried(admin: Principal) -> None:
    await register_webhook(
        principal=admin, values={"url": f"http://127.0.0.1:{free_port()}/"}, allow_private=True
    )
    await make_organisation()
    assert (await deliver()).retrying == 1
    stored = await WebhookDelivery.get()
    assert stored.error.startswith("ConnectError") and stored.status is DeliveryStatus.PENDING


async def test_a_switched_off_webhook_is_not_sent_to(admin: Principal, receiver: Receiver) -> None:
    webhook, _ = await hook(admin, receiver)
    await make_organisation()
    await set_active(principal=admin, webhook=webhook, active=False)
    assert (await deliver()).claimed == 0 and receiver.requests == []
    await make_organisation()  # nothing is queued while it is off
    assert await WebhookDelivery.all().count() == 1
    await set_active(principal=admin, webhook=webhook, active=True)
    assert (await deliver()).delivered == 1


# --- several workers ------------------------------------------------------------------------


@pytest.mark.commits  # two workers at once
async def test_two_workers_never_send_the_same_delivery(
    admin: Principal, receiver: Receiver
) -> None:
    await hook(admin, receiver, "organisation.created")
    await hook(admin, receiver, "organisation.created")
    for _ in range(15):
        await make_organisation()

    async def worker() -> int:
        """Small batches, so that the two take turns and race for the same rows."""
        sent = 0
        while await WebhookDelivery.filter(status=DeliveryStatus.PENDING).exists():
            sent += (await deliver_due(allow_private=True, limit=3)).claimed
            await asyncio.sleep(0)
        return sent

    first, second = await asyncio.gather(worker(), worker())
    assert first + second == 30 and first > 0 and second > 0
    sent = [r.headers["x-opentenzij-delivery"] for r in receiver.requests]
    assert len(sent) == len(set(sent)) == 30
    assert await WebhookDelivery.filter(status=DeliveryStatus.DELIVERED, attempts=1).count() == 30


async def test_a_claim_hides_a_delivery_until_its_lease_expires(admin: Principal) -> None:
    await register_webhook(
        principal=admin, values={"url": "http://127.0.0.1:9/"}, allow_private=True
    )
    await make_organisation()
    now = datetime.now(UTC)
    [claimed] = await delivery.claim_due(now=now)
    assert await delivery.claim_due(now=now) == []  # taken: the second claim gets nothing
    assert await delivery.claim_due(now=now + LEASE - timedelta(seconds=1)) == []
    [again] = await delivery.claim_due(now=now + LEASE)  # the first worker died
    assert (claimed.attempts, again.attempts) == (1, 2)
    # The first worker wakes up late: its outcome is not recorded over the second one's.
    await delivery.settle(claimed, delivery.Answer(204), now=now)
    assert (await WebhookDelivery.get()).status is DeliveryStatus.PENDING
    await delivery.settle(again, delivery.Answer(204), now=now)
    assert (await WebhookDelivery.get()).status is DeliveryStatus.DELIVERED


async def test_retry_now_refuses_a_delivery_that_a_worker_is_sending(
    admin: Principal, receiver: Receiver
) -> None:
    await hook(admin, receiver, "organisation.created")
    await make_organisation()
    now = datetime.now(UTC)
    [claimed] = await delivery.claim_due(now=now)  # a worker is mid-attempt
    with pytest.raises(Conflict) as refused:
        await retry_now(principal=admin, delivery=await WebhookDelivery.get())
    assert "is being attempted right now" in str(refused.value)
    assert isinstance(refused.value.args[0], Message)  # so that pages show it in Dutch
    stored = await WebhookDelivery.get()
    assert stored.next_attempt_at == now + LEASE and stored.attempts == 1
    assert await delivery.claim_due(now=now) == []  # so no second worker sends it meanwhile
    await delivery.settle(claimed, delivery.Answer(500, "HTTP 500"), now=now)  # it ended
    retried = await retry_now(principal=admin, delivery=await WebhookDelivery.get())
    assert retried.next_attempt_at <= datetime.now(UTC)
    assert (await deliver()).delivered == 1 and len(receiver.requests) == 1


async def test_retry_now_refuses_a_delivery_claimed_while_it_decides(
    admin: Principal, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    await hook(admin, receiver, "organisation.created")
    await make_organisation()
    receiver.answer("500")
    assert (await deliver()).retrying == 1
    due = (await WebhookDelivery.get()).next_attempt_at
    original = WebhookDelivery.refresh_from_db
    reads = 0

    async def read_then_claimed(self: WebhookDelivery, *args: Any, **kwargs: Any) -> None:
        """A worker claims the delivery just after retry_now has read it."""
        nonlocal reads
        await original(self, *args, **kwargs)
        reads += 1
        if reads == 1:
            assert len(await delivery.claim_due(now=due)) == 1

    monkeypatch.setattr(WebhookDelivery, "refresh_from_db", read_then_claimed)
    with pytest.raises(Conflict):
        await retry_now(principal=admin, delivery=await WebhookDelivery.get())
    stored = await WebhookDelivery.get()
    assert stored.attempts == 2 and stored.next_attempt_at == due + LEASE  # the claim stands


async def test_slow_name_resolution_counts_towards_the_time_limit(
    admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.5)
    resolver = Resolver({"slow.test": ["93.184.215.14"]}, hang=True)
    monkeypatch.setattr(addresses, "resolve", resolver)
    await register_webhook(
        principal=admin, values={"url": "https://slow.test/"}, allow_private=True
    )
    await make_organisation()
    report = await deliver_due(allow_private=False)  # a resolver that never answers: ended
    assert report.retrying == 1 and resolver.calls == [("slow.test", 443)]
    stored = await WebhookDelivery.get()
    assert stored.error == "no answer within 0.5 seconds"


async def test_a_round_claims_no_more_than_it_can_attempt_within_the_lease(
    admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each attempt hangs in name resolution until its time limit; two at a time. A round
    claims only what it can start in time, and every attempt ends before the lease does."""
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(delivery, "LEASE", timedelta(seconds=3))
    monkeypatch.setattr(delivery, "LEASE_MARGIN", timedelta(seconds=0.8))
    monkeypatch.setattr(delivery, "CONCURRENCY", 2)
    assert delivery.start_window() == pytest.approx(1.7)
    assert delivery.batch_limit() == 8  # starts at 0, 0.5, 1.0 and 1.5 seconds, two each
    clock = Stopwatch()
    resolver = Resolver({"slow.test": ["93.184.215.14"]}, hang=True, clock=clock)
    monkeypatch.setattr(addresses, "resolve", resolver)
    await register_webhook(
        principal=admin, values={"url": "https://slow.test/"}, allow_private=True
    )
    for _ in range(10):
        await make_organisation()
    started = clock()
    report = await deliver_due(allow_private=False, clock=clock)
    took = clock() - started
    assert (report.claimed, report.released, report.retrying) == (8, 0, 8)
    assert took < delivery.LEASE.total_seconds(), took
    assert await WebhookDelivery.filter(attempts=0).count() == 2  # left for the next round
    assert all(started_at - started <= delivery.start_window() for started_at in resolver.times)


async def test_a_delivery_whose_turn_comes_too_late_is_handed_back(
    admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a round hold more than it can start in time (here: the limit is forced), what
    would still be sending when the lease ends is not started, but handed back uncounted."""
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(delivery, "LEASE", timedelta(seconds=1.5))
    monkeypatch.setattr(delivery, "LEASE_MARGIN", timedelta(seconds=0.3))
    monkeypatch.setattr(delivery, "CONCURRENCY", 2)
    monkeypatch.setattr(delivery, "batch_limit", lambda: 6)
    clock = Stopwatch()
    resolver = Resolver({"slow.test": ["93.184.215.14"]}, hang=True, clock=clock)
    monkeypatch.setattr(addresses, "resolve", resolver)
    await register_webhook(
        principal=admin, values={"url": "https://slow.test/"}, allow_private=True
    )
    for _ in range(6):
        await make_organisation()
    report = await deliver_due(allow_private=False, clock=clock)
    assert (report.claimed, report.released, report.retrying) == (4, 2, 4)
    assert len(resolver.calls) == 4
    handed_back = await WebhookDelivery.filter(attempts=0)
    assert len(handed_back) == 2
    assert all(d.next_attempt_at <= datetime.now(UTC) for d in handed_back)  # due at once


# --- addresses and secrets -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.org/hook", "must be an http:// or https:// address"),
        ("javascript:alert(1)", "must be an http:// or https:// address"),
        ("https://", "must be an http:// or https:// address"),
        ("", "is required"),
        ("https://user:pw@example.org/", "must not hold a user name or password"),
        ("http://127.0.0.1:8000/", "127.0.0.1 is a loopback address"),
        ("http://localhost/hook", "is a loopback address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://10.1.2.3/", "10.1.2.3 is a private address"),
        ("http://192.168.1.1/", "is a private address"),
        ("http://169.254.169.254/latest/meta-data", "is a link-local address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
        ("http://[2002:a00:1::]/", "2002:a00:1:: is a private address"),  # 6to4 of 10.0.0.1
        ("http://[64:ff9b::7f00:1]/", "is not a unicast address"),  # NAT64 of 127.0.0.1
        ("http://0.0.0.0/", "is not a unicast address"),
        ("https://example.org:99999/", "is not a valid address"),
    ],
)
async def test_unfit_addresses_are_refused(admin: Principal, url: str, why: str) -> None:
    with pytest.raises(Invalid) as refused:
        await register_webhook(principal=admin, values={"url": url})
    assert why in refused.value.errors["url"]
    assert await Webhook.all().count() == 0


async def test_other_bad_input_is_refused_and_a_public_address_accepted(admin: Principal) -> None:
    for values, field_name in (
        ({"url": "https://93.184.215.14/", "events": ["software.deleted"]}, "events"),
        ({"url": "https://93.184.215.14/", "events": "software.created"}, "events"),
        ({"url": "https://93.184.215.14/", "description": "x" * 201}, "description"),
        ({"url": "https://93.184.215.14/", "secret": "mine"}, "secret"),
    ):
        with pytest.raises(Invalid) as refused:
            await register_webhook(principal=admin, values=values)
        assert field_name in refused.value.errors
    webhook, secret = await register_webhook(
        principal=admin,
        values={"url": "https://93.184.215.14/", "events": ["software.updated"] * 2},
    )
    assert webhook.events == ["software.updated"] and len(secret) >= 43
    assert set(PUBLIC_KINDS) >= set(webhook.events)


async def test_only_site_administrators_manage_webhooks(db: str) -> None:
    organisation = await make_organisation()
    officer = await principal("woo@example.nl", (organisation, Role.ADMIN))
    with pytest.raises(NotPermitted):
        await register_webhook(principal=officer, values={"url": "https://93.184.215.14/"})
    assert await Webhook.all().count() == 0
    assert await AuditEvent.filter(action=Action.WRITE_REFUSE, target_type="Webhook").exists()


async def test_an_address_that_turns_private_is_not_sent_to(
    admin: Principal, receiver: Receiver
) -> None:
    await hook(admin, receiver)  # registered while loopback was allowed
    await make_organisation()
    report = await deliver_due(allow_private=False)
    assert report.retrying == 1 and receiver.requests == []
    error = (await WebhookDelivery.get()).error
    assert error == "not sent: 127.0.0.1 is a loopback address"


# --- resolving once, connecting to what was checked ------------------------------------------


@dataclass
class Stopwatch:
    """The deliveries' clock in seconds (`deliver_due(clock=...)`), moved only by a Resolver
    that hangs."""

    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Resolver:
    """Stands in for addresses.resolve: each name answers its next list of addresses (the last
    one again once they run out); records each call and when it began by `clock`.

    One that hangs never answers: the attempt's time limit ends the wait. With a Stopwatch for
    clock, no time passes for real: the attempts under way together each move the stopwatch to
    their time limit and end there as the limit would end them."""

    answers: dict[str, list[list[str]] | list[str]]
    hang: bool = False
    clock: Callable[[], float] = time.monotonic
    calls: list[tuple[str, int]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    async def __call__(self, host: str, port: int) -> list[Any]:
        self.calls.append((host, port))
        began = self.clock()
        self.times.append(began)
        if self.hang and isinstance(self.clock, Stopwatch):
            await asyncio.sleep(0)  # the other attempts of this turn begin too
            self.clock.now = max(self.clock.now, began + delivery.TIMEOUT_SECONDS)
            raise TimeoutError  # as the attempt's asyncio.timeout raises it at its limit
        if self.hang:
            await asyncio.Event().wait()
        answers = self.answers.get(host)
        if not answers:
            raise OSError(f"{host}: name unknown")
        current = answers[0]
        if isinstance(current, list):  # a list per call: a name that changes (rebinding)
            if len(answers) > 1:
                answers.pop(0)
            return [ipaddress.ip_address(a) for a in current]
        return [ipaddress.ip_address(a) for a in answers]  # type: ignore[arg-type]


def recording_client(seen: list[httpx.Request]) -> httpx.AsyncClient:
    """A client whose every request is recorded and answered 204, without any connection."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer), follow_redirects=False)


async def test_the_post_goes_to_the_address_that_was_resolved_once(
    admin: Principal, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name is loopback for the first lookup only; were it looked up again to connect
    # (the DNS rebinding of a name that passed the check), the POST would go elsewhere.
    resolver = Resolver({"hook.test": [["127.0.0.1"], ["192.0.2.1"]]})
    monkeypatch.setattr(addresses, "resolve", resolver)
    url = f"http://hook.test:{receiver.port}/hook"
    await register_webhook(principal=admin, values={"url": url}, allow_private=True)
    await make_organisation()
    assert (await deliver()).delivered == 1
    assert resolver.calls == [("hook.test", receiver.port)]
    [request] = receiver.requests
    assert request.headers["host"] == f"hook.test:{receiver.port}" and request.path == "/hook"


async def test_a_name_with_any_private_address_is_refused_without_connecting(
    admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver = Resolver({"hook.example": ["93.184.215.14", "10.0.0.1"]})
    monkeypatch.setattr(addresses, "resolve", resolver)
    with pytest.raises(Invalid) as refused:
        await register_webhook(principal=admin, values={"url": "https://hook.example/h"})
    assert "hook.example (10.0.0.1) is a private address" in refused.value.errors["url"]
    await register_webhook(
        principal=admin, values={"url": "https://hook.example/h"}, allow_private=True
    )
    await make_organisation()
    seen: list[httpx.Request] = []
    async with recording_client(seen) as client:
        report = await deliver_due(allow_private=False, client=client)
    assert report.retrying == 1 and seen == []
    stored = await WebhookDelivery.get()
    assert stored.error == "not sent: hook.example (10.0.0.1) is a private address"
    resolver.answers["hook.example"] = []
    async with recording_client(seen) as client:
        await deliver_due(now=stored.next_attempt_at, allow_private=False, client=client)
    assert (await WebhookDelivery.get()).error == "not sent: hook.example cannot be resolved"
    assert seen == []


@pytest.mark.parametrize(
    ("url", "answers", "sent_to", "host", "sni"),
    [
        (
            "https://hook.example:8443/h?t=1",
            ["2001:4860:4860::8888", "93.184.215.14"],
            "https://[2001:4860:4860::8888]:8443/h?t=1",
            "hook.example:8443",
            "hook.example",
        ),
        (
            "http://hook.example/h",
            ["93.184.215.14"],
            "http://93.184.215.14/h",
            "hook.example",
            None,
        ),
        (
            "https://[2001:4860:4860::8844]/h",
            [],
            "https://[2001:4860:4860::8844]/h",
            "[2001:4860:4860::8844]",
            "2001:4860:4860::8844",
        ),
        (
            "https://bücher.example/h",
            ["93.184.215.14"],
            "https://93.184.215.14/h",
            "xn--bcher-kva.example",
            "xn--bcher-kva.example",
        ),
    ],
)
async def test_the_request_names_the_host_while_it_goes_to_the_address(
    admin: Principal,
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    answers: list[str],
    sent_to: str,
    host: str,
    sni: str | None,
) -> None:
    monkeypatch.setattr(addresses, "resolve", Resolver({host.split(":")[0]: answers}))
    await register_webhook(principal=admin, values={"url": url}, allow_private=False)
    await make_organisation()
    seen: list[httpx.Request] = []
    async with recording_client(seen) as client:
        assert (await deliver_due(allow_private=False, client=client)).delivered == 1
    [request] = seen
    assert str(request.url) == sent_to
    assert request.headers["host"] == host and request.headers["connection"] == "close"
    assert request.extensions.get("sni_hostname") == sni


async def test_an_address_that_refuses_the_connection_is_followed_by_the_next(
    admin: Principal, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = free_port()  # nothing listens here: the connection is refused, nothing is sent
    monkeypatch.setattr(addresses, "resolve", Resolver({"hook.test": ["127.0.0.2", "127.0.0.1"]}))
    url = f"http://hook.test:{receiver.port}/hook"
    await register_webhook(principal=admin, values={"url": url}, allow_private=True)
    assert closed != receiver.port
    await make_organisation()
    assert (await deliver()).delivered == 1 and len(receiver.requests) == 1


def certificates(directory: Path, name: str) -> tuple[Path, Path, ssl.SSLContext]:
    """A certificate authority and a server certificate for `name` only (no IP address), in
    `directory`: the server's certificate and key files, and a client context trusting it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def made(subject: str, key: Any, issuer: str, signer: Any, *, ca: bool) -> x509.Certificate:
        now = datetime.now(UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False
            )
        return builder.sign(signer, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = made("test CA", ca_key, "test CA", ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = made(name, key, "test CA", ca_key, ca=False)
    cert_file, key_file = directory / "server.pem", directory / "server.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(
        cadata=ca.public_bytes(serialization.Encoding.PEM).decode()
    )
    return cert_file, key_file, context


@contextmanager
def serving_tls(app: Any, port: int, cert_file: Path, key_file: Path) -> Iterator[None]:
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            ssl_certfile=str(cert_file),
            ssl_keyfile=str(key_file),
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # however busy the machine: up, or a clear error
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not server.started:
        raise RuntimeError(f"the server on port {port} did not start")
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def test_tls_verifies_the_certificate_for_the_name_at_the_checked_address(
    admin: Principal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The connection goes to the address, yet TLS sends the name and checks the certificate
    against it: a certificate for hook.test (which names no address) is accepted for
    hook.test, and refused for another name served from the same address."""
    cert_file, key_file, trusting = certificates(tmp_path, "hook.test")
    port = free_port()
    found = Receiver(port)
    app = Starlette(routes=[Route("/{path:path}", found.endpoint, methods=["POST"])])
    names = {"hook.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]}
    monkeypatch.setattr(addresses, "resolve", Resolver(names))
    right, _ = await register_webhook(
        principal=admin,
        values={"url": f"https://hook.test:{port}/hook", "events": ["organisation.created"]},
        allow_private=True,
    )
    wrong, _ = await register_webhook(
        principal=admin,
        values={"url": f"https://other.test:{port}/hook", "events": ["organisation.created"]},
        allow_private=True,
    )
    await make_organisation()
    with serving_tls(app, port, cert_file, key_file):
        async with httpx.AsyncClient(verify=trusting, trust_env=False) as client:
            report = await deliver_due(allow_private=True, client=client)
    assert (report.delivered, report.retrying) == (1, 1)
    assert (await WebhookDelivery.get(webhook_id=right.pk)).status is DeliveryStatus.DELIVERED
    refused = await WebhookDelivery.get(webhook_id=wrong.pk)
    assert refused.error.startswith("ConnectError") and "hostname" in refused.error.lower()
    [request] = found.requests
    assert request.headers["host"] == f"hook.test:{port}"


async def test_the_secret_is_never_logged_nor_audited(
    admin: Principal, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="opentenzij")
    webhook, secret = await register_webhook(
        principal=admin,
        values={"url": receiver.url("/hook?token=abc"), "events": ["organisation.created"]},
        allow_private=True,
    )
    await make_organisation()
    receiver.answer("500")
    await deliver()
    await deliver(datetime.now(UTC) + timedelta(minutes=5))
    new_secret = await rotate_secret(principal=admin, webhook=webhook)
    assert "delivery 1 (organisation.created) to webhook 1 at 127.0.0.1" in caplog.text
    audited = str(await AuditEvent.all().values_list("before", "after"))
    for text in (secret, new_secret):
        assert text not in caplog.text and text not in audited
    assert "token=abc" not in audited  # the address may hold a token: only its host is audited
    assert verify(new_secret, receiver.requests[-1].headers, receiver.requests[-1].body) is False


async def test_a_new_secret_signs_from_then_on(admin: Principal, receiver: Receiver) -> None:
    webhook, old = await hook(admin, receiver)
    new = await rotate_secret(principal=admin, webhook=webhook)
    assert new != old
    await make_organisation()
    await deliver()
    [request] = receiver.requests
    assert verify(new, request.headers, request.body)
    assert not verify(old, request.headers, request.body)


async def rename(admin: Principal, organisation: Organisation, name: str) -> None:
    await services.update_organisation(
        principal=admin, organisation=organisation, values={"name": name}
    )


async def test_enqueueing_costs_one_query_per_public_change(
    admin: Principal, receiver: Receiver, count_queries
) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    count_queries.statements.clear()
    await rename(admin, organisation, "Zonder webhook")
    without = list(count_queries.statements)
    await hook(admin, receiver, "software.archived")
    count_queries.statements.clear()
    await rename(admin, organisation, "Met webhook")
    assert len(count_queries.statements) == len(without)  # not wanted: no payload, no insert
    assert sum('"webhook' in s for s in count_queries.statements) == 1
    count_queries.statements.clear()
    await registration.archive_software(principal=admin, software=software)
    touching = [
        s for s in count_queries.statements if '"webhook' in s or 'FROM "organisation"' in s
    ]
    assert len(touching) == 3, touching  # webhooks, the organisation's slug, the insert
    assert await Organisation.all().count() == 1


# --- the documented receiver, the worker and the command --------------------------------------


def documented_verify() -> Callable[..., bool]:
    """The `verify` function of docs/webhooks.md, as a receiver would copy it."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()
    [code] = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    return namespace["verify"]  # type: ignore[no-any-return]


async def test_the_documented_check_accepts_deliveries_and_refuses_forgeries(
    admin: Principal, receiver: Receiver
) -> None:
    check = documented_verify()
    _, secret = await hook(admin, receiver)
    await make_organisation()
    await deliver()
    [request] = receiver.requests
    headers = httpx.Headers(request.headers)
    assert check(secret, headers, request.body)
    assert not check(secret, headers, request.body + b" ")
    assert not check(secret[:-1], headers, request.body)
    old = int(headers["x-opentenzij-timestamp"]) - TOLERANCE - 5
    replayed = httpx.Headers(
        {**headers, "x-opentenzij-timestamp": str(old)}
    )  # a captured request sent again later, even with its signature redone for that time
    replayed["x-opentenzij-signature"] = delivery.signature(secret, old, request.body)
    assert not check(secret, replayed, request.body)


@pytest.mark.commits  # the worker reads what the test writes, at the same time
async def test_the_worker_delivers_until_it_is_stopped(
    admin: Principal, receiver: Receiver
) -> None:
    await hook(admin, receiver, "organisation.created")
    stop = asyncio.Event()
    worker = asyncio.create_task(delivery.run_worker(stop=stop, allow_private=True, interval=0.05))
    await make_organisation()
    await asyncio.to_thread(receiver.arrived.wait, 60)
    stop.set()
    await asyncio.wait_for(worker, timeout=5)
    assert len(receiver.requests) == 1
    assert (await WebhookDelivery.get()).status is DeliveryStatus.DELIVERED


def test_the_command_delivers_what_is_due_and_lists_webhooks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    receiver: Receiver,
    migrated_from_template: None,
) -> None:
    url = f"sqlite://{tmp_path}/cli.sqlite3"
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", url)
    monkeypatch.setenv("OPENTENZIJ_WEBHOOKS_ALLOW_PRIVATE", "1")
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)

    async def prepare() -> str:
        await database.upgrade(url)
        async with database.connected(url):
            admin = await principal("root@example.nl", admin=True)
            _, secret = await hook(admin, receiver, "organisation.created")
            await make_organisation()
            await make_organisation()
            return secret

    secret = asyncio.run(prepare())
    runner = CliRunner()
    result = runner.invoke(main, ["webhooks", "deliver", "--once"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 attempted: 2 delivered, 0 to retry, 0 given up" in result.output
    assert len(receiver.requests) == 2
    assert all(verify(secret, r.headers, r.body) for r in receiver.requests)
    listed = runner.invoke(main, ["webhooks", "list"], catch_exceptions=False)
    assert (
        f"1\tactive\t{receiver.url()}\torganisation.created\t0 pending, 0 failed" in listed.output
    )
    assert secret not in listed.output
    again = runner.invoke(main, ["webhooks", "deliver", "--once"], catch_exceptions=False)
    assert "0 attempted" in again.output
