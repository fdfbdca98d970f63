# SPDX-License-Identifier: EUPL-1.2
"""The audit trail: one append-only, hash-chained AuditEvent per write, and its verification.

Each hash covers every field of its event but the id (its place is fixed by the hash before
it): the moment too. Events written before the moment was covered (the first form) are still
verified as such, but only as a leading run: once an event of the second form follows, every
later one must be of it. The chain alone shows what was changed by whoever did not recompute
the hashes after it; signed checkpoints (catalogue.audit.checkpoints) show the rest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypedDict

from tortoise.models import Model
from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.audit.models import AuditEvent

GENESIS_HASH = "0" * 64
# Any fixed number: PostgreSQL writers take this transaction lock to append one at a time.
AUDIT_LOCK = 7_265_420

Subscriber = Callable[[AuditEvent, Model | None], Awaitable[object]]
# Features that act on writes (webhooks' outbox) subscribe here; the trail imports none of them.
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    """Call `subscriber(event, target)` for every event, inside the write's transaction, so
    that what it writes stands or falls with the write. Subscribing twice changes nothing."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


class Content(TypedDict):
    """What an event says; its hash covers this and the hash of the event before it."""

    actor: str
    action: str
    target_type: str
    target_id: str
    organisation_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def event_hash(
    *,
    previous_hash: str,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    organisation_id: int | None,
    before: Any,
    after: Any,
    created_at: datetime | None = None,
) -> str:
    """SHA-256 over an event's content, its moment and the hash of the event before it (the
    first form, without `created_at`, is how the oldest events were hashed)."""
    fields = [previous_hash, actor, action, target_type, target_id, organisation_id, before, after]
    if created_at is not None:
        fields.append(moment_text(created_at))
    payload = json.dumps(
        fields,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def moment_text(moment: datetime) -> str:
    """A moment as hashed: UTC, to the microsecond, as either database gives it back."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _now() -> datetime:
    return datetime.now(UTC)


async def record_event(
    *,
    actor: str,
    action: Action,
    target: Model | tuple[str, str],
    organisation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event for a write to `target` (a row, or a (type, id) pair).

    Call it inside the write's transaction, so that the event and the write stand or fall
    together. Appends are serialised, so the chain never forks. Subscribers (such as
    catalogue.webhooks.outbox, which queues webhook deliveries) run in the same transaction.
    """
    target_type, target_id = (
        target if isinstance(target, tuple) else (type(target).__name__, str(target.pk))
    )
    async with in_transaction() as connection:
        if connection.capabilities.dialect == "postgres":
            await connection.execute_query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK])
        last = await AuditEvent.all().order_by("-id").only("hash").first()
        previous_hash = last.hash if last else GENESIS_HASH
        content = Content(
            actor=actor,
            action=str(action),
            target_type=target_type,
            target_id=target_id,
            organisation_id=organisation_id,
            before=before,
            after=after,
        )
        created_at = _now()
        event = await AuditEvent.create(
            **content,
            created_at=created_at,
            previous_hash=previous_hash,
            hash=event_hash(previous_hash=previous_hash, created_at=created_at, **content),
        )
        for subscriber in _subscribers:
            await subscriber(event, target if isinstance(target, Model) else None)
        return event


async def update_recorded(
    row: Model,
    changes: dict[str, Any],
    *,
    actor: str,
    action: Action,
    organisation_id: int | None = None,
) -> None:
    """Change fields of `row` and record the values before and after, in one transaction."""
    before = {field: getattr(row, field) for field in changes}
    async with in_transaction():
        row.update_from_dict(changes)
        await row.save()
        await record_event(
            actor=actor,
            action=action,
            target=row,
            organisation_id=organisation_id,
            before=before,
            after=changes,
        )


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of checking the audit chain."""

    events: int
    head: str  # hash of the newest event: publish it to detect removal of the newest events
    broken_at: int | None = None  # id of the first event that does not fit
    reason: str = ""


async def _events_in_order(batch: int = 1000) -> AsyncIterator[AuditEvent]:
    last_id = 0
    while rows := await AuditEvent.filter(id__gt=last_id).order_by("id").limit(batch):
        for row in rows:
            yield row
        last_id = rows[-1].id


async def verify_chain(*, against: tuple[int, str] | None = None) -> ChainReport:
    """Recompute every hash in order; report the first event that was changed or follows a gap.
    With `against` (a checkpoint's count and head), also that the event it counted is still
    there with the same hash: the newest events deleted, or the trail rewritten, show there."""
    previous, count, second_form = GENESIS_HASH, 0, False
    async for event in _events_in_order():
        count += 1
        if event.previous_hash != previous:
            return ChainReport(
                count, previous, event.id, "its predecessor is missing or was changed"
            )
        form = _form_of(event, second_form=second_form)
        if form is None:
            return ChainReport(count, previous, event.id, "its content was changed")
        second_form = form == 2
        previous = event.hash
        if against is not None and count == against[0] and event.hash != against[1]:
            return ChainReport(
                count, previous, event.id, "the checkpoint's event has another hash: rewritten"
            )
    if against is not None and count < against[0]:
        return ChainReport(
            count,
            previous,
            count + 1,
            f"the checkpoint counted {against[0]} events, {against[0] - count} are gone",
        )
    return ChainReport(count, previous)


def _form_of(event: AuditEvent, *, second_form: bool) -> int | None:
    """Which form of hash the event's is (2: with its moment; 1: the first form, only before
    any of the second), or None if neither fits: the event was changed."""
    content = Content(
        actor=event.actor,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        organisation_id=event.organisation_id,
        before=event.before,
        after=event.after,
    )
    hashed = event_hash(previous_hash=event.previous_hash, created_at=event.created_at, **content)
    if hashed == event.hash:
        return 2
    if not second_form and event_hash(previous_hash=event.previous_hash, **content) == event.hash:
        return 1
    return None
