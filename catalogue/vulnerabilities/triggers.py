# SPDX-License-Identifier: EUPL-1.2
"""When to check: every day (the scheduled job), and as soon as the scheduler next looks after
an SBOM is stored, so that new components are checked the same day. Subscribes to the audit
trail (which does not know it), as the webhooks' outbox does."""

from __future__ import annotations

from tortoise.models import Model

from catalogue.audit.actions import Action
from catalogue.audit.events import subscribe
from catalogue.audit.models import AuditEvent
from catalogue.jobs import services as jobs

CHECK_JOB = "vulnerabilities-check"


def subscribe_to_audit() -> None:
    """Bring the check forward on every stored SBOM from now on (each composition root calls
    this once)."""
    subscribe(on_event)


async def on_event(event: AuditEvent, target: Model | None) -> bool:
    """An SBOM was stored (uploaded, imported or harvested): make the check due now."""
    if event.action != Action.SOFTWARE_SBOM:
        return False
    return await jobs.bring_forward(CHECK_JOB, now=event.created_at)
