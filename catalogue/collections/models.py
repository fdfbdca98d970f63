# SPDX-License-Identifier: EUPL-1.2
"""Collections: curated lists of catalogue entries, handed to EDIC-style commons listings."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from catalogue.db import TimestampedModel


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
