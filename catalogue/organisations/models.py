# SPDX-License-Identifier: EUPL-1.2
"""Organisations: the government bodies that own software, and the accounts on code hosts
under which they publish it. Dutch administrative terms are spelled out once, here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from catalogue.db import TimestampedModel
from catalogue.organisations.kinds import (
    ForgeKind,
    HarvestState,
    OrganisationKind,
    RecordSource,
    WebsiteCheck,
)

if TYPE_CHECKING:  # the software belongs to an organisation, not the other way round
    from catalogue.software.models import Software


class Organisation(TimestampedModel):
    """A Dutch government body (or a body of governments) that owns software."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(
        max_length=100, unique=True, description="URL name, e.g. gemeente-utrecht."
    )
    name = fields.CharField(max_length=200, description="Official name, in Dutch.")
    kind = fields.CharEnumField(
        OrganisationKind, max_length=30, description="Kind of government body."
    )
    tooi_uri = fields.CharField(
        max_length=200,
        null=True,
        unique=True,
        description="TOOI identifier (Thesaurus en Ontologie Overheidsinformatie) of the body.",
    )
    oin = fields.CharField(
        max_length=20,
        null=True,
        unique=True,
        description="OIN (Organisatie-identificatienummer): number of the body in Digikoppeling.",
    )
    roo_id = fields.CharField(
        max_length=20, null=True, description="Number in the Register van Overheidsorganisaties."
    )
    publisher_id = fields.CharField(
        max_length=64,
        null=True,
        unique=True,
        description="Identifier in the publishers list this row was imported from, if any.",
    )
    website = fields.CharField(max_length=300, null=True, description="Home page of the body.")
    source = fields.CharEnumField(
        RecordSource,
        max_length=20,
        default=RecordSource.REGISTRATION,
        description="Where this row came from.",
    )
    website_checked_at = fields.DatetimeField(
        null=True,
        description="When its website was last asked for its list of code-host accounts "
        "(/.well-known/opentenzij.json), at most daily.",
    )
    website_check = fields.CharEnumField(
        WebsiteCheck, max_length=20, null=True, description="How that check went."
    )
    website_check_detail = fields.TextField(
        null=True, description="What the website answered, in words (a status, what was wrong)."
    )
    website_proof: fields.JSONField[dict[str, Any] | None] = fields.JSONField(
        null=True,
        description="The last list that proved something: the file's address and the "
        "accounts it listed. Kept while checks fail, dropped when the file is gone.",
    )

    accounts: fields.ReverseRelation[CodeHostAccount]
    software: fields.ReverseRelation[Software]

    class Meta:
        table = "organisation"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class CodeHostAccount(TimestampedModel):
    """An account or group on a code host under which an organisation publishes repositories."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "catalogue.Organisation",
        related_name="accounts",
        on_delete=fields.CASCADE,
        description="The organisation that owns the account.",
    )
    organisation_id: int  # the column behind `organisation`
    forge = fields.CharEnumField(ForgeKind, max_length=10, description="Software of the code host.")
    base_url = fields.CharField(
        max_length=200, description="Web address of the code host, e.g. https://github.com."
    )
    name = fields.CharField(
        max_length=200, description="Account, organisation or group path on the host."
    )
    name_key = fields.CharField(max_length=200, description="The name in lower case, for lookups.")
    is_group = fields.BooleanField(
        default=True, description="An organisation/group, not a personal account."
    )
    verified_at = fields.DatetimeField(
        null=True,
        description="Since when the account is proven to be the organisation's, if it is "
        "(else it is only claimed).",
    )
    verified_by = fields.CharField(
        max_length=500,
        null=True,
        # Also the address of the website's list of accounts (catalogue.software.proofs); the
        # description stays as migrated: changing it would rebuild the table on SQLite.
        description="The proof: which file names the organisation. None while only claimed.",
    )
    harvest_state = fields.CharEnumField(
        HarvestState,
        max_length=20,
        default=HarvestState.NEVER,
        db_default=HarvestState.NEVER,  # accounts there before the column are never harvested
        description="How its last harvest went (dry runs leave it as it was).",
    )
    harvest_state_since = fields.DatetimeField(
        null=True, description="Since when its harvests have gone this way."
    )
    harvested_at = fields.DatetimeField(null=True, description="When it was last harvested.")
    harvest_message = fields.TextField(
        null=True, description="What the forge answered, when the last harvest failed."
    )
    harvest_requested_at = fields.DatetimeField(
        null=True,
        description="When a member of its organisation asked for a harvest now, cleared "
        "when the queue takes it up (so at most one is waiting).",
    )

    class Meta:
        table = "code_host_account"
        unique_together = (("base_url", "name_key"),)
        ordering = ("base_url", "name_key")

    @property
    def url(self) -> str:
        return f"{self.base_url}/{self.name}"
