# SPDX-License-Identifier: EUPL-1.2
"""The audit trail's table, and the signed checkpoints of it that the site publishes."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class AuditEvent(Model):
    """One write to the catalogue: who did what to which row, with the values before and after.

    Rows are only ever appended. Each carries the hash of the one before it, so that a changed
    or deleted row breaks the chain.
    """

    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True, description="When it happened.")
    actor = fields.CharField(
        max_length=200, description="Who did it: user:<id>, cli, system:<job>."
    )
    action = fields.CharField(
        max_length=100,
        db_index=True,
        description="Tag shaped subject:object:action, e.g. catalogue:software:create.",
    )
    target_type = fields.CharField(max_length=50, description="Model of the row written.")
    target_id = fields.CharField(max_length=50, description="Primary key of the row written.")
    before: fields.JSONField[dict[str, Any] | None] = fields.JSONField(
        null=True, description="Changed fields before the write."
    )
    after: fields.JSONField[dict[str, Any] | None] = fields.JSONField(
        null=True, description="Changed fields after the write."
    )
    organisation_id = fields.IntField(
        null=True, db_index=True, description="Organisation the write concerns, for its members."
    )
    previous_hash = fields.CharField(
        max_length=64, unique=True, description="Hash of the event before this one."
    )
    hash = fields.CharField(
        max_length=64, unique=True, description="SHA-256 over this event and previous_hash."
    )

    class Meta:
        table = "audit_event"
        ordering = ("id",)


class AuditCheckpoint(Model):
    """A signed checkpoint of the trail, kept so that the site can publish every one it made
    (an Atom feed): outsiders who keep copies can hold the trail to each of them later. A
    deleted or edited row here proves nothing away, since the copies outside are signed."""

    id = fields.BigIntField(primary_key=True)
    events = fields.BigIntField(description="How many events the trail held.")
    head = fields.CharField(max_length=64, description="The hash of the newest event.")
    signed_at = fields.CharField(max_length=40, description="When it was signed (ISO 8601).")
    public_key = fields.CharField(max_length=64, description="The signing key (base64).")
    signature = fields.CharField(max_length=128, description="The signature (base64).")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "audit_checkpoint"
        ordering = ("id",)
