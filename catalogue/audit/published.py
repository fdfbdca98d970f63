# SPDX-License-Identifier: EUPL-1.2
"""The signed checkpoints of the audit trail that the site keeps and publishes, and the write that
makes one (issue 17, point 8; docs/adr/0006-audit-threat-model.md)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from catalogue.audit import checkpoints
from catalogue.audit.models import AuditCheckpoint
from catalogue.audit.queries import signed_checkpoint

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


async def record_checkpoint(key: Ed25519PrivateKey, *, now: datetime) -> AuditCheckpoint | None:
    """Sign the trail as it is now and keep the checkpoint for publication. Nothing is kept
    (None) when the trail has not grown since the newest kept checkpoint of the same key: the
    feed then says nothing new, and an unchanged trail needs no second witness."""
    checkpoint = await signed_checkpoint(key, now=now)
    newest = await AuditCheckpoint.filter(public_key=checkpoint.public_key).order_by("-id").first()
    if newest is not None and (newest.events, newest.head) == (checkpoint.events, checkpoint.head):
        return None
    return await AuditCheckpoint.create(
        events=checkpoint.events,
        head=checkpoint.head,
        signed_at=checkpoint.at,
        public_key=checkpoint.public_key,
        signature=checkpoint.signature,
    )


def as_checkpoint(row: AuditCheckpoint) -> checkpoints.Checkpoint:
    """A kept checkpoint as the signed statement it is."""
    return checkpoints.Checkpoint(
        events=row.events,
        head=row.head,
        at=row.signed_at,
        public_key=row.public_key,
        signature=row.signature,
    )
