# SPDX-License-Identifier: EUPL-1.2
"""What the catalogue exchanges with others: entries federated in from other catalogues,
curated collections (commons listings) handed to EDIC-style listings, and outbound webhooks
with their delivery log."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from catalogue.models import TimestampedModel


class FederatedEntry(Model):
    """Provenance of a software entry imported from another catalogue: which one, under which
    identifier there, and when. Local entries have none; a federation run only ever writes
    entries that have one from the same catalogue."""

    id = fields.IntField(primary_key=True)
    software: fields.OneToOneRelation = fields.OneToOneField(
        "catalogue.Software",
        related_name="federation",
        on_delete=fields.CASCADE,
        description="The imported entry.",
    )
    catalogue_url = fields.CharField(
        max_length=400, description="The export the entry was read from, as given to federate."
    )
    catalogue_name = fields.CharField(
        max_length=200, default="", description="The name the other catalogue gives itself."
    )
    remote_id = fields.CharField(max_length=200, description="The entry's identifier there.")
    remote_url = fields.CharField(
        max_length=400, null=True, description="The entry's page in the other catalogue."
    )
    remote_updated_at = fields.DatetimeField(
        null=True, description="When the other catalogue last changed the entry, as it says."
    )
    first_imported_at = fields.DatetimeField(auto_now_add=True, description="First import.")
    imported_at = fields.DatetimeField(description="Latest import that read the entry.")

    class Meta:
        table = "federated_entry"
        unique_together = (("catalogue_url", "remote_id"),)


class Collection(TimestampedModel):
    """A curated list of catalogue entries, e.g. the components of a workplace suite."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=100, unique=True, description="Name in addresses.")
    title_nl = fields.CharField(max_length=200, description="Title in Dutch.")
    title_en = fields.CharField(max_length=200, default="", description="Title in English.")
    description_nl = fields.TextField(default="", description="What it is for, in Dutch.")
    description_en = fields.TextField(default="", description="What it is for, in English.")
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "catalogue.User",
        related_name="collections",
        null=True,
        on_delete=fields.SET_NULL,
        description="The administrator who made it.",
    )

    entries: fields.ReverseRelation[CollectionEntry]

    class Meta:
        table = "collection"
        ordering = ("title_nl", "id")


class CollectionEntry(Model):
    """One catalogue entry in a collection, with its role there."""

    id = fields.IntField(primary_key=True)
    collection: fields.ForeignKeyRelation[Collection] = fields.ForeignKeyField(
        "catalogue.Collection",
        related_name="entries",
        on_delete=fields.CASCADE,
        description="The collection.",
    )
    software: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="collection_entries",
        on_delete=fields.CASCADE,
        description="The entry listed.",
    )
    position = fields.IntField(default=0, description="Order within the collection.")
    role_nl = fields.CharField(
        max_length=200, default="", description="What it does in the collection, in Dutch."
    )
    role_en = fields.CharField(max_length=200, default="", description="The same, in English.")

    class Meta:
        table = "collection_entry"
        unique_together = (("collection_id", "software_id"),)
        ordering = ("position", "id")


class Webhook(TimestampedModel):
    """An address that is told of changes, by a signed POST."""

    id = fields.IntField(primary_key=True)
    url = fields.CharField(max_length=400, description="Where changes are POSTed.")
    secret = fields.CharField(
        max_length=100, description="Key of the HMAC-SHA256 signature. Shown once, never logged."
    )
    events = fields.JSONField(
        default=list, description="Kinds of change to send, or every kind when empty."
    )
    description = fields.CharField(max_length=200, default="", description="What it is for.")
    active = fields.BooleanField(default=True, description="Whether changes are sent.")
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "catalogue.User",
        related_name="webhooks",
        null=True,
        on_delete=fields.SET_NULL,
        description="The administrator who registered it.",
    )

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
    event_id = fields.BigIntField(null=True, description="The audit event it reports, if any.")
    kind = fields.CharField(max_length=60, description="Kind of change, e.g. software.updated.")
    payload = fields.JSONField(description="The JSON body sent.")
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
