# SPDX-License-Identifier: EUPL-1.2
"""Collections: curated lists of catalogue entries, handed to EDIC-style commons listings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from catalogue.db import TimestampedModel

if TYPE_CHECKING:  # relations are named by string at run time
    from catalogue.accounts.models import User
    from catalogue.software.models import Software


MAX_SLUG = 100


class Collection(TimestampedModel):
    """A curated list of catalogue entries, e.g. the components of a workplace suite."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=MAX_SLUG, unique=True, description="Name in addresses.")
    title_nl = fields.CharField(max_length=200, description="Title in Dutch.")
    title_en = fields.CharField(max_length=200, default="", description="Title in English.")
    description_nl = fields.TextField(default="", description="What it is for, in Dutch.")
    description_en = fields.TextField(default="", description="What it is for, in English.")
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="collections",
        null=True,
        on_delete=fields.SET_NULL,
        description="The administrator who made it.",
    )
    created_by_id: int | None  # the column behind `created_by`

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
    collection_id: int  # the column behind `collection`
    software: fields.ForeignKeyRelation[Software] = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="collection_entries",
        on_delete=fields.CASCADE,
        description="The entry listed.",
    )
    software_id: int  # the column behind `software`
    position = fields.IntField(default=0, description="Order within the collection.")
    role_nl = fields.CharField(
        max_length=200, default="", description="What it does in the collection, in Dutch."
    )
    role_en = fields.CharField(max_length=200, default="", description="The same, in English.")

    class Meta:
        table = "collection_entry"
        unique_together = (("collection_id", "software_id"),)
        ordering = ("position", "id")
