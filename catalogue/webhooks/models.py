# SPDX-License-Identifier: EUPL-1.2
"""Outbound webhooks and their delivery log."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from catalogue.db import TimestampedModel

if TYPE_CHECKING:  # relations are named by string at run time
    from catalogue.accounts.models import User
    from catalogue.organisations.models import Organisation


class Webhook(TimestampedModel):
    """An address that is told of changes, by a signed POST."""

    id = fields.IntField(primary_key=True)
    url = fields.CharField(max_length=400, description="Where changes are POSTed.")
    secret = fields.CharField(
        max_length=100, description="Key of the HMAC-SHA256 signature. Shown once, never logged."
    )
    events: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="Kinds of change to send, or every kind when empty."
    )
    description = fields.CharField(max_length=200, default="", description="What it is for.")
    active = fields.BooleanField(default=True, description="Whether changes are sent.")
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="webhooks",
        null=True,
        on_delete=fields.SET_NULL,
        description="The administrator who registered it.",
    )
    created_by_id: int | None  # the column behind `created_by`
    organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "catalogue.Organisation",
        related_name="webhooks",
        null=True,
        on_delete=fields.CASCADE,
        description="The organisation whose admins own it: told only of that organisation's "
        "changes, including those not yet public. None: site-wide, told of public changes.",
    )
    organisation_id: int | None  # the column behind `organisation`

    deliveries: fields.ReverseRelation[WebhookDelivery]

    class Meta:
        table = "webhook"
        ordering = ("id",)


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # every attempt failed; no more are made


class WebhookDelivery(Model):
    """One change to send to one webhook: its payload and every attempt's outcome."""

    id = fields.BigIntField(primary_key=True)
    webhook: fields.ForeignKeyRelation[Webhook] = fields.ForeignKeyField(
        "catalogue.Webhook",
        related_name="deliveries",
        on_delete=fields.CASCADE,
        description="Where it goes.",
    )
    webhook_id: int  # the column behind `webhook`
    event_id = fields.BigIntField(null=True, description="The audit event it reports, if any.")
    kind = fields.CharField(max_length=60, description="Kind of change, e.g. software.updated.")
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(description="The JSON body sent.")
    status = fields.CharEnumField(
        DeliveryStatus, max_length=20, default=DeliveryStatus.PENDING, description="Where it is."
    )
    attempts = fields.IntField(default=0, description="Attempts made so far.")
    next_attempt_at = fields.DatetimeField(description="When the next attempt is due.")
    last_attempt_at = fields.DatetimeField(null=True, description="When it was last tried.")
    response_status = fields.IntField(null=True, description="HTTP status of the last answer.")
    error = fields.TextField(default="", description="Why the last attempt failed.")
    created_at = fields.DatetimeField(auto_now_add=True, description="When the change happened.")
    delivered_at = fields.DatetimeField(null=True, description="When the receiver accepted it.")

    class Meta:
        table = "webhook_delivery"
        indexes = (("status", "next_attempt_at"),)
        ordering = ("-id",)
