# SPDX-License-Identifier: EUPL-1.2
"""Delivering queued changes: claim the due deliveries, POST each signed body, record the
answer, and retry failures with exponential backoff until they are delivered or given up.

Several app instances (or `opentenzij webhooks deliver` processes) may run this at once: a
claim is one conditional write that moves a delivery's next attempt a lease into the future,
so no two workers send the same attempt. A worker that dies mid-attempt leaves a claim that
expires with its lease, and the delivery is tried again. Every attempt (resolving the name
included) has a time limit, a worker claims no more than it can attempt within the lease, and
an attempt that could no longer end within its lease is not started but handed back.

The receiver's name is resolved once per attempt (`catalogue.addresses.target_of`); unless
private addresses are allowed, every address it resolves to must be public, and the POST goes
to exactly the address that was checked (with the name in the Host header and, for https, as
TLS server name: the certificate is verified for the name). A name cannot resolve to a public
address for the check and to an internal one for the connection (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit

import httpx
from tortoise import Tortoise

from catalogue import tls
from catalogue.addresses import IPAddress, Target, UnsafeAddress, target_of
from catalogue.webhooks.models import DeliveryStatus, WebhookDelivery

logger = logging.getLogger("opentenzij.webhooks")

TIMEOUT_SECONDS = 10.0
MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
JITTER = 0.1  # up to 10% added to each delay, so that many failures do not retry in step
LEASE = timedelta(minutes=2)  # a claim hides a delivery this long from other workers
LEASE_MARGIN = timedelta(seconds=20)  # for slow bookkeeping, and clocks of workers that differ
BATCH = 50  # at most; see batch_limit()
CONCURRENCY = 10
MAX_ERROR_CHARS = 500
MAX_READ_BYTES = 1024

SIGNATURE_HEADER = "X-Opentenzij-Signature"
TIMESTAMP_HEADER = "X-Opentenzij-Timestamp"
EVENT_HEADER = "X-Opentenzij-Event"
DELIVERY_HEADER = "X-Opentenzij-Delivery"


def _user_agent() -> str:
    try:
        return f"opentenzij-webhooks/{version('opentenzij')}"
    except PackageNotFoundError:  # a checkout that is not installed
        return "opentenzij-webhooks"


USER_AGENT = _user_agent()


def body_of(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent: compact, sorted JSON in UTF-8."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of `{timestamp}.{body}` with the secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def headers_for(
    *, delivery_id: int, kind: str, secret: str, timestamp: int, body: bytes
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: kind,
        DELIVERY_HEADER: str(delivery_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def retry_delay(attempts: int, *, jitter: float = 0.0) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4 ... minutes, at most an
    hour, plus `jitter` (0..1) of JITTER."""
    base = min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)
    delay: timedelta = base * (1 + JITTER * jitter)
    return delay


@dataclass(slots=True)
class DeliveryReport:
    """What one round of deliver_due did."""

    claimed: int = 0  # claimed and attempted
    released: int = 0  # claimed, but handed back unattempted: too late to end within the lease
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Answer:
    """The outcome of one attempt: the HTTP status, if an answer came, and what went wrong."""

    status: int | None
    error: str = ""

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


async def claim_due(*, now: datetime, limit: int = BATCH) -> list[WebhookDelivery]:
    """Claim up to `limit` pending deliveries that are due, of active webhooks, for this worker:
    each claimed one counts an attempt and is hidden from other workers for LEASE."""
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "postgres":
        ids = await _claim_postgres(connection, now=now, limit=limit)
    else:
        ids = await _claim_conditionally(now=now, limit=limit)
    if not ids:
        return []
    return await WebhookDelivery.filter(id__in=ids).select_related("webhook").order_by("id")


async def _claim_postgres(connection: Any, *, now: datetime, limit: int) -> list[int]:
    """One statement; rows another worker is claiming right now are skipped, not waited for.
    (execute_query_dict, since execute_query drops the rows an UPDATE ... RETURNING gives.)"""
    rows = await connection.execute_query_dict(
        """
        UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = $1,
               next_attempt_at = $2
        WHERE id IN (
            SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND w.active
            ORDER BY d.next_attempt_at, d.id
            LIMIT $3
            FOR UPDATE OF d SKIP LOCKED
        )
        RETURNING id
        """,
        [now, now + LEASE, limit],
    )
    return [row["id"] for row in rows]


async def _claim_conditionally(*, now: datetime, limit: int) -> list[int]:
    """Read the candidates, then take each with an update that only succeeds if no other
    worker has taken it since (its attempt count is unchanged and it is still due)."""
    candidates = (
        await WebhookDelivery.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now, webhook__active=True
        )
        .order_by("next_attempt_at", "id")
        .limit(limit)
        .values_list("id", "attempts")
    )
    claimed = []
    for delivery_id, attempts in candidates:
        taken = await WebhookDelivery.filter(
            id=delivery_id,
            status=DeliveryStatus.PENDING,
            attempts=attempts,
            next_attempt_at__lte=now,
        ).update(attempts=attempts + 1, last_attempt_at=now, next_attempt_at=now + LEASE)
        if taken:
            claimed.append(delivery_id)
    return claimed


async def attempt(
    client: httpx.AsyncClient, delivery: WebhookDelivery, *, allow_private: bool
) -> Answer:
    """POST the delivery once, to the address checked for it; never raises for what the
    receiver, the network or the resolver does. Everything, resolving included, ends within
    TIMEOUT_SECONDS."""
    webhook = delivery.webhook
    body = body_of(delivery.payload)
    headers = headers_for(
        delivery_id=delivery.pk,
        kind=delivery.kind,
        secret=webhook.secret,
        timestamp=int(time.time()),
        body=body,
    )
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            target = await target_of(webhook.url, allow_private=allow_private)
            answer, text = await _post(client, target, body, headers)
    except UnsafeAddress as error:
        return Answer(None, f"not sent: {error}")
    except (TimeoutError, httpx.TimeoutException):
        return Answer(None, f"no answer within {TIMEOUT_SECONDS:g} seconds")
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return Answer(None, _short(f"{type(error).__name__}: {error}"))
    if 300 <= answer.status_code < 400:
        where = answer.headers.get("location", "")
        return Answer(answer.status_code, _short(f"redirects are not followed (to {where})"))
    if answer.status_code >= 400 or answer.status_code < 200:
        return Answer(answer.status_code, _short(f"HTTP {answer.status_code}: {text}"))
    return Answer(answer.status_code)


async def _post(
    client: httpx.AsyncClient, target: Target, body: bytes, headers: dict[str, str]
) -> tuple[httpx.Response, str]:
    """POST to the target's addresses in turn until one accepts the connection (a refused
    connection has sent nothing); the answer and the start of its body."""
    headers = {
        **headers,
        "Host": target.url.netloc.decode("ascii"),
        # A connection is never reused: a pooled one, opened for another name on the same
        # address, would carry this request under that name's TLS session.
        "Connection": "close",
    }
    for address in target.addresses[:-1]:
        try:
            return await _post_to(client, target, address, body, headers)
        except httpx.ConnectError:
            continue
    return await _post_to(client, target, target.addresses[-1], body, headers)


async def _post_to(
    client: httpx.AsyncClient,
    target: Target,
    address: IPAddress,
    body: bytes,
    headers: dict[str, str],
) -> tuple[httpx.Response, str]:
    request = client.build_request(
        "POST",
        target.request_url(address),
        content=body,
        headers=headers,
        extensions=target.extensions(),
    )
    answer = await client.send(request, stream=True)
    try:
        return answer, await _start_of(answer)
    finally:
        await answer.aclose()


async def _start_of(answer: httpx.Response) -> str:
    """The first bytes of the answer's body, as text: enough to say why it failed."""
    read = b""
    async for chunk in answer.aiter_bytes():
        read += chunk
        if len(read) >= MAX_READ_BYTES:
            break
    return read[:MAX_READ_BYTES].decode("utf-8", "replace").strip()


def _short(text: str) -> str:
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


async def settle(delivery: WebhookDelivery, answer: Answer, *, now: datetime) -> DeliveryStatus:
    """Record the attempt's outcome, unless another worker has taken the delivery since (its
    claim expired): then that worker's attempt is the one that counts."""
    changes: dict[str, Any] = {"response_status": answer.status, "error": answer.error}
    if answer.delivered:
        changes |= {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "error": ""}
    elif delivery.attempts >= MAX_ATTEMPTS:
        changes["status"] = DeliveryStatus.FAILED
    else:
        changes["next_attempt_at"] = now + retry_delay(delivery.attempts, jitter=random.random())
    recorded = await WebhookDelivery.filter(
        id=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(**changes)
    if not recorded:
        logger.warning(
            "delivery %s: attempt %s ended after its claim expired; not recorded",
            delivery.pk,
            delivery.attempts,
        )
    status: DeliveryStatus = changes.get("status", DeliveryStatus.PENDING)
    return status


def new_client() -> httpx.AsyncClient:
    """The HTTP client of the deliveries: no redirects, no proxies from the environment, no
    connections kept for reuse (see _post)."""
    return httpx.AsyncClient(
        verify=tls.verifying(trust_env=False),
        timeout=httpx.Timeout(TIMEOUT_SECONDS),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def start_window() -> float:
    """Seconds after its claim in which an attempt may start: it must end, TIMEOUT_SECONDS
    later, before the lease does (less a margin), or another worker could send it too."""
    return (LEASE - LEASE_MARGIN).total_seconds() - TIMEOUT_SECONDS


def batch_limit() -> int:
    """The most deliveries one round claims: as many as CONCURRENCY workers can start within
    start_window(), at most BATCH."""
    rounds = int(start_window() // TIMEOUT_SECONDS) + 1
    return max(1, min(BATCH, CONCURRENCY * rounds))


async def deliver_due(
    *,
    now: datetime | None = None,
    allow_private: bool = False,
    client: httpx.AsyncClient | None = None,
    limit: int = BATCH,
    clock: Callable[[], float] = time.monotonic,
) -> DeliveryReport:
    """Claim the deliveries due at `now` (default: now), at most batch_limit(), and attempt
    each, at most CONCURRENCY at a time; returns what happened. A delivery whose turn comes
    too late to end within its lease (by `clock`, in seconds) is handed back unattempted."""
    moment = now or datetime.now(UTC)
    claimed = await claim_due(now=moment, limit=min(limit, batch_limit()))
    claimed_at = clock()
    report = DeliveryReport()
    if not claimed:
        return report
    own_client = client is None
    http = client or new_client()
    try:
        limiter = asyncio.Semaphore(CONCURRENCY)

        async def one(delivery: WebhookDelivery) -> None:
            async with limiter:
                if clock() - claimed_at > start_window():
                    answer = None
                else:
                    answer = await attempt(http, delivery, allow_private=allow_private)
            if answer is None:
                released = await release(delivery, now=now or datetime.now(UTC))
                report.released += released  # not `+= await`: that adds to a stale count
                return
            report.claimed += 1
            status = await settle(delivery, answer, now=now or datetime.now(UTC))
            _count(report, delivery, answer, status)

        # Every attempt runs to its end even if recording another fails; then that failure is
        # raised (the claims it left expire with their lease, and are tried again).
        outcomes = await asyncio.gather(*(one(d) for d in claimed), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
    finally:
        if own_client:
            await http.aclose()
    return report


async def release(delivery: WebhookDelivery, *, now: datetime) -> int:
    """Hand back a claimed delivery that was not attempted: due now, the attempt uncounted."""
    released = await WebhookDelivery.filter(
        id=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=delivery.attempts - 1, next_attempt_at=now)
    logger.warning(
        "delivery %s: not attempted, too late to end within its claim; handed back",
        delivery.pk,
    )
    return released


def _count(
    report: DeliveryReport, delivery: WebhookDelivery, answer: Answer, status: DeliveryStatus
) -> None:
    host = urlsplit(delivery.webhook.url).hostname
    if status is DeliveryStatus.DELIVERED:
        report.delivered += 1
        logger.info(
            "delivery %s (%s) to webhook %s at %s: delivered",
            delivery.pk,
            delivery.kind,
            delivery.webhook_id,
            host,
        )
        return
    report.failed += status is DeliveryStatus.FAILED
    report.retrying += status is DeliveryStatus.PENDING
    report.errors.append(f"delivery {delivery.pk}: {answer.error}")
    logger.warning(
        "delivery %s (%s) to webhook %s at %s, attempt %s: %s%s",
        delivery.pk,
        delivery.kind,
        delivery.webhook_id,
        host,
        delivery.attempts,
        answer.error,
        "; given up" if status is DeliveryStatus.FAILED else "",
    )


async def run_worker(
    *, stop: asyncio.Event, allow_private: bool = False, interval: float = 2.0
) -> None:
    """Deliver until `stop` is set: a full batch is followed at once by the next, otherwise the
    worker waits `interval` seconds. A failing database is logged and tried again."""
    async with new_client() as client:
        while not stop.is_set():
            try:
                report = await deliver_due(allow_private=allow_private, client=client)
            except Exception:  # the database may be away for a moment; keep the worker alive
                logger.exception("webhook delivery round failed")
                report = DeliveryReport()
            if report.claimed + report.released >= batch_limit():
                continue
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                pass
