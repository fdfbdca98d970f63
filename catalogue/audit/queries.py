# SPDX-License-Identifier: EUPL-1.2
"""Reads of the audit trail."""

from __future__ import annotations

from catalogue.audit.models import AuditEvent
from catalogue.paging import Page, PageRequest


async def audit_events(organisation_id: int, page: PageRequest) -> Page[AuditEvent]:
    """One page of the audit events that concern an organisation, newest first."""
    query = AuditEvent.filter(organisation_id=organisation_id)
    total = await query.count()
    rows = await query.order_by("-id").offset(page.offset).limit(page.per_page)
    return Page(rows, total, page)
