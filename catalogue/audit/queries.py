# SPDX-License-Identifier: EUPL-1.2
"""Reads of the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from catalogue.audit import checkpoints
from catalogue.audit.events import GENESIS_HASH
from catalogue.audit.models import AuditCheckpoint, AuditEvent
from catalogue.paging import Page, PageRequest

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


async def audit_events(organisation_id: int, page: PageRequest) -> Page[AuditEvent]:
    """One page of the audit events that concern an organisation, newest first."""
    query = AuditEvent.filter(organisation_id=organisation_id)
    total = await query.count()
    rows = await query.order_by("-id").offset(page.offset).limit(page.per_page)
    return Page(rows, total, page)


async def signed_checkpoint(
    key: Ed25519PrivateKey, *, now: datetime | None = None
) -> checkpoints.Checkpoint:
    """The trail as it is now (how many events, the newest's hash), signed with `key`."""
    at = now or datetime.now(UTC)
    newest = await AuditEvent.all().order_by("-id").only("id", "hash").first()
    if newest is None:
        return checkpoints.sign(key, events=0, head=GENESIS_HASH, at=at)
    count = await AuditEvent.filter(id__lte=newest.id).count()
    return checkpoints.sign(key, events=count, head=newest.hash, at=at)


async def kept_checkpoints(limit: int = 100) -> list[AuditCheckpoint]:
    """The newest `limit` checkpoints the site kept, newest first."""
    return await AuditCheckpoint.all().order_by("-id").limit(limit)
