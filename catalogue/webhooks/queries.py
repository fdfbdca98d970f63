# SPDX-License-Identifier: EUPL-1.2
"""Reads of webhooks: the list with delivery counts, one webhook, its delivery log."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count

from catalogue.paging import Page, PageRequest
from catalogue.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery


@dataclass(frozen=True, slots=True)
class WebhookSummary:
    """A webhook with the number of its deliveries still pending and given up."""

    webhook: Webhook
    pending: int = 0
    failed: int = 0


async def webhook_by_id(webhook_id: int) -> Webhook | None:
    return await Webhook.get_or_none(id=webhook_id).select_related("created_by", "organisation")


async def list_webhooks(
    page: PageRequest, *, organisation_id: int | None = None
) -> Page[WebhookSummary]:
    """One page of webhooks, oldest first, each with its pending and failed deliveries: the
    site-wide ones, or an organisation's own."""
    chosen = (
        Webhook.filter(organisation_id__isnull=True)
        if organisation_id is None
        else Webhook.filter(organisation_id=organisation_id)
    )
    total = await chosen.count()
    rows = (
        await chosen.order_by("id")
        .offset(page.offset)
        .limit(page.per_page)
        .select_related("created_by", "organisation")
    )
    counts = await _delivery_counts([row.pk for row in rows])
    items = [
        WebhookSummary(
            row,
            pending=counts.get((row.pk, DeliveryStatus.PENDING), 0),
            failed=counts.get((row.pk, DeliveryStatus.FAILED), 0),
        )
        for row in rows
    ]
    return Page(items, total, page)


async def summary_of(webhook: Webhook) -> WebhookSummary:
    counts = await _delivery_counts([webhook.pk])
    return WebhookSummary(
        webhook,
        pending=counts.get((webhook.pk, DeliveryStatus.PENDING), 0),
        failed=counts.get((webhook.pk, DeliveryStatus.FAILED), 0),
    )


async def _delivery_counts(webhook_ids: list[int]) -> dict[tuple[int, DeliveryStatus], int]:
    if not webhook_ids:
        return {}
    rows = (
        await WebhookDelivery.filter(
            webhook_id__in=webhook_ids,
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
        )
        .annotate(n=Count("id"))
        .group_by("webhook_id", "status")
        .values_list("webhook_id", "status", "n")
    )
    return {(webhook_id, DeliveryStatus(status)): n for webhook_id, status, n in rows}


async def deliveries(
    webhook: Webhook, page: PageRequest, *, status: DeliveryStatus | None = None
) -> Page[WebhookDelivery]:
    """One page of the webhook's delivery log, newest first."""
    query = WebhookDelivery.filter(webhook_id=webhook.pk)
    if status is not None:
        query = query.filter(status=status)
    total = await query.count()
    rows = await query.order_by("-id").offset(page.offset).limit(page.per_page)
    return Page(rows, total, page)


async def delivery_of(webhook: Webhook, delivery_id: int) -> WebhookDelivery | None:
    return await WebhookDelivery.get_or_none(id=delivery_id, webhook_id=webhook.pk)
