# SPDX-License-Identifier: EUPL-1.2
"""Where a federated entry came from: its provenance, one row per imported entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:  # relations are named by string at run time
    from catalogue.software.models import Software


class FederatedEntry(Model):
    """Provenance of a software entry imported from another catalogue: which one, under which
    identifier there, and when. Local entries have none; a federation run only ever writes
    entries that have one from the same catalogue."""

    id = fields.IntField(primary_key=True)
    software: fields.OneToOneRelation[Software] = fields.OneToOneField(
        "catalogue.Software",
        related_name="federation",
        on_delete=fields.CASCADE,
        description="The imported entry.",
    )
    software_id: int  # the column behind `software`
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
