# SPDX-License-Identifier: EUPL-1.2
"""The sizes of the work queues that all instances share, read from the database when
Prometheus scrapes: they are the same whichever instance answers."""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.harvests.models import HarvestRun, RunStatus
from catalogue.jobs.models import ScheduledJob
from catalogue.webhooks.models import DeliveryStatus, WebhookDelivery


@dataclass(frozen=True, slots=True)
class Queues:
    webhook_deliveries_pending: int  # waiting for their (next) attempt
    webhook_deliveries_failed: int  # gave up after every attempt
    harvest_runs_running: int
    scheduled_jobs_claimed: int  # being run by some instance now


async def queue_sizes() -> Queues:
    """Four counts, each answered by an index."""
    return Queues(
        webhook_deliveries_pending=await WebhookDelivery.filter(
            status=DeliveryStatus.PENDING
        ).count(),
        webhook_deliveries_failed=await WebhookDelivery.filter(
            status=DeliveryStatus.FAILED
        ).count(),
        harvest_runs_running=await HarvestRun.filter(status=RunStatus.RUNNING).count(),
        scheduled_jobs_claimed=await ScheduledJob.filter(claimed_until__isnull=False).count(),
    )
