# SPDX-License-Identifier: EUPL-1.2
"""The audit trail: one append-only, hash-chained AuditEvent per write."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from tortoise.models import Model

from catalogue.models import AuditEvent

GENESIS_HASH = "0" * 64


class Action(StrEnum):
    """Audit tags, shaped subject:object:action."""

    ORGANISATION_CREATE = "catalogue:organisation:create"
    ORGANISATION_UPDATE = "catalogue:organisation:update"
    ACCOUNT_CREATE = "catalogue:account:create"
    ACCOUNT_MOVE = "catalogue:account:move"
    SOFTWARE_CREATE = "catalogue:software:create"
    REPOSITORY_CREATE = "catalogue:repository:create"


def event_hash(
    *,
    previous_hash: str,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    before: Any,
    after: Any,
) -> str:
    """SHA-256 over an event's content and the hash of the event before it."""
    payload = json.dumps(
        [previous_hash, actor, action, target_type, target_id, before, after],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


async def record_event(
    *,
    actor: str,
    action: Action,
    target: Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event for a write to `target`; call it inside the write's transaction."""
    last = await AuditEvent.all().order_by("-id").only("hash").first()
    previous_hash = last.hash if last else GENESIS_HASH
    fields = {
        "actor": actor,
        "action": str(action),
        "target_type": type(target).__name__,
        "target_id": str(target.pk),
        "before": before,
        "after": after,
    }
    return await AuditEvent.create(
        **fields,
        previous_hash=previous_hash,
        hash=event_hash(previous_hash=previous_hash, **fields),
    )
