# SPDX-License-Identifier: EUPL-1.2
"""Webhooks for site administrators: register one (its secret is returned once), switch it off
and on, give it a new secret, delete it; read the list and each webhook's delivery log, and
send a delivery again now. Every write checks the permission and leaves an audit event, which
records the host and kinds but never the secret or the full address (it may hold a token)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from catalogue.addresses import UnsafeAddress, check_address
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.errors import Conflict, Invalid
from catalogue.messages import Message, Number, message_of
from catalogue.permissions.guard import require
from catalogue.permissions.rules import Permission, Principal
from catalogue.webhooks.delivery import LEASE
from catalogue.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from catalogue.webhooks.outbox import kinds_for

MAX_URL = 400
MAX_DESCRIPTION = 200
SECRET_BYTES = 32  # token_urlsafe: 43 characters


def checked_url(value: Any) -> str:
    """The address, if it is an http(s) URL a webhook may have; else Invalid saying why."""
    url = value.strip() if isinstance(value, str) else ""
    if not url:
        raise Invalid({"url": Message("is required")})
    if len(url) > MAX_URL:
        raise Invalid(
            {"url": Message("is longer than %(limit)s characters", limit=Number(MAX_URL))}
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise Invalid({"url": Message("is not a valid address")}) from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise Invalid({"url": Message("must be an http:// or https:// address")})
    if parts.username is not None or parts.password is not None:
        raise Invalid(
            {
                "url": Message(
                    "must not hold a user name or password; the signature proves the sender"
                )
            }
        )
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise Invalid({"url": Message("must not hold spaces or control characters")})
    return url


def checked_events(value: Any, organisation_id: int | None = None) -> list[str]:
    """The kinds of change asked for, sorted and without repeats; empty means every kind."""
    kinds = kinds_for(organisation_id)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid({"events": Message("must be a list of kinds of change")})
    unknown = sorted(set(value) - set(kinds))
    if unknown:
        raise Invalid(
            {
                "events": Message(
                    "%(kind)s is not a kind of change; the kinds are: %(kinds)s",
                    kind=unknown[0][:60],
                    kinds=", ".join(kinds),
                )
            }
        )
    return sorted(set(value))


def _description(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid({"description": Message("must be text")})
    if len(value.strip()) > MAX_DESCRIPTION:
        raise Invalid(
            {
                "description": Message(
                    "is longer than %(limit)s characters", limit=Number(MAX_DESCRIPTION)
                )
            }
        )
    return value.strip()


async def _may_manage(
    principal: Principal, organisation_id: int | None, target: tuple[str, str]
) -> None:
    """Site administrators manage the site-wide webhooks; an organisation's admins its own."""
    if organisation_id is None:
        await require(principal, Permission.MANAGE_SITE, None, target=target)
    else:
        await require(principal, Permission.MANAGE_WEBHOOKS, organisation_id, target=target)


async def register_webhook(
    *,
    principal: Principal,
    values: Mapping[str, Any],
    allow_private: bool = False,
    organisation_id: int | None = None,
) -> tuple[Webhook, str]:
    """Register a webhook; returns it with its secret, shown only now. Site-wide (site
    administrators) it hears public changes; an organisation's (its admins) hears that
    organisation's changes, including its own news before it is public.

    The address must be http(s) and, unless `allow_private`, resolve to public addresses only:
    the server must not be made to post to itself or to its neighbours (SSRF).
    """
    await _may_manage(principal, organisation_id, ("Webhook", "new"))
    unknown = sorted(set(values) - {"url", "events", "description"})
    if unknown:
        raise Invalid(
            {str(name)[:60]: Message("is not a field that can be set") for name in unknown}
        )
    url = checked_url(values.get("url"))
    events = checked_events(values.get("events"), organisation_id)
    description = _description(values.get("description"))
    if not allow_private:
        try:
            await check_address(url)
        except UnsafeAddress as error:
            raise Invalid(
                {"url": Message("is not allowed: %(reason)s", reason=message_of(error))}
            ) from None
    secret = secrets.token_urlsafe(SECRET_BYTES)
    async with in_transaction():
        webhook = await Webhook.create(
            url=url,
            secret=secret,
            events=events,
            description=description,
            created_by_id=principal.user_id,
            organisation_id=organisation_id,
        )
        await record_event(
            actor=principal.actor,
            action=Action.WEBHOOK_CREATE,
            target=webhook,
            organisation_id=organisation_id,
            after={"host": urlsplit(url).hostname, "events": events},
        )
    return webhook, secret


async def set_active(*, principal: Principal, webhook: Webhook, active: bool) -> Webhook:
    """Switch a webhook off (nothing is queued or sent for it) or on again."""
    await _may_manage(principal, webhook.organisation_id, ("Webhook", str(webhook.pk)))
    if webhook.active == active:
        return webhook
    async with in_transaction():
        webhook.active = active
        await webhook.save(update_fields=["active", "updated_at"])
        await record_event(
            actor=principal.actor,
            action=Action.WEBHOOK_UPDATE,
            target=webhook,
            organisation_id=webhook.organisation_id,
            before={"active": not active},
            after={"active": active},
        )
    return webhook


async def rotate_secret(*, principal: Principal, webhook: Webhook) -> str:
    """Give the webhook a new secret and return it (shown once); the old one stops at once."""
    await _may_manage(principal, webhook.organisation_id, ("Webhook", str(webhook.pk)))
    secret = secrets.token_urlsafe(SECRET_BYTES)
    async with in_transaction():
        webhook.secret = secret
        await webhook.save(update_fields=["secret", "updated_at"])
        await record_event(
            actor=principal.actor,
            action=Action.WEBHOOK_UPDATE,
            target=webhook,
            organisation_id=webhook.organisation_id,
            after={"secret": "replaced"},
        )
    return secret


async def delete_webhook(*, principal: Principal, webhook: Webhook) -> None:
    """Delete a webhook and its delivery log; what was pending is not sent."""
    await _may_manage(principal, webhook.organisation_id, ("Webhook", str(webhook.pk)))
    async with in_transaction():
        await record_event(
            actor=principal.actor,
            action=Action.WEBHOOK_DELETE,
            target=webhook,
            organisation_id=webhook.organisation_id,
            before={"host": urlsplit(webhook.url).hostname, "events": webhook.events},
        )
        await webhook.delete()


async def retry_now(*, principal: Principal, delivery: WebhookDelivery) -> WebhookDelivery:
    """Make a pending or failed delivery due now: one more attempt, even after the last one.
    A delivery that was delivered is left alone. Conflict for one that a worker has claimed
    and may be sending right now: made due, a second worker would send it too."""
    webhook = await Webhook.get(id=delivery.webhook_id)
    await _may_manage(principal, webhook.organisation_id, ("WebhookDelivery", str(delivery.pk)))
    await delivery.refresh_from_db()
    now = datetime.now(UTC)
    if is_claimed(delivery, now=now):
        raise _being_attempted()
    changed = await WebhookDelivery.filter(
        id=delivery.pk,
        status=delivery.status,
        attempts=delivery.attempts,  # claimed since it was read: a worker has it now
        status__not=DeliveryStatus.DELIVERED,
    ).update(status=DeliveryStatus.PENDING, next_attempt_at=now)
    await delivery.refresh_from_db()
    if not changed and delivery.status is not DeliveryStatus.DELIVERED:
        raise _being_attempted()
    return delivery


def is_claimed(delivery: WebhookDelivery, *, now: datetime) -> bool:
    """Whether a worker holds the delivery's claim, so that an attempt may be under way: a
    claim moves the next attempt exactly a LEASE past the attempt's start, and the outcome of
    the attempt moves it again (or ends the delivery)."""
    return (
        delivery.status is DeliveryStatus.PENDING
        and delivery.last_attempt_at is not None
        and delivery.next_attempt_at > now
        and delivery.next_attempt_at == delivery.last_attempt_at + LEASE
    )


def _being_attempted() -> Conflict:
    return Conflict(
        Message(
            "this delivery is being attempted right now; try again when the attempt has "
            "ended (within %(minutes)s minutes)",
            minutes=Number(int(LEASE.total_seconds() // 60)),
        )
    )
