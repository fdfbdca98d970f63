# SPDX-License-Identifier: EUPL-1.2
"""Software entries and their repositories: what the catalogue lists.

Each model's docstring defines the term; each field says what it holds.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from catalogue.db import TimestampedModel, nullable_text
from catalogue.organisations.kinds import ForgeKind, RecordSource
from catalogue.organisations.models import CodeHostAccount, Organisation


class ReleaseStatus(StrEnum):
    """Whether the source code of a piece of software is released ("open, tenzij")."""

    OPEN = "open"  # released as open source
    PARTLY_OPEN = "partly_open"  # released, with named parts withheld
    WITHHELD = "withheld"  # not released, on recorded grounds
    OPEN_LATER = "open_later"  # to be released at a date or event
    UNDECIDED = "undecided"  # no decision recorded yet


class DevelopmentStatus(StrEnum):
    """The development stage, with the values of publiccode.yml's developmentStatus."""

    CONCEPT = "concept"
    DEVELOPMENT = "development"
    BETA = "beta"
    STABLE = "stable"
    OBSOLETE = "obsolete"


class MaintenanceType(StrEnum):
    """Who maintains the software, with the values of publiccode.yml's maintenance.type."""

    INTERNAL = "internal"
    CONTRACT = "contract"
    COMMUNITY = "community"
    NONE = "none"


class Software(TimestampedModel):
    """A catalogue entry: one piece of software of an organisation, released or not."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, description="Name of the software.")
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "catalogue.Organisation",
        related_name="software",
        on_delete=fields.RESTRICT,
        description="The organisation that owns the software.",
    )
    organisation_id: int  # the column behind `organisation`
    description_nl = fields.TextField(default="", description="Description in Dutch.")
    description_en = fields.TextField(default="", description="Description in English.")
    release_status = fields.CharEnumField(
        ReleaseStatus,
        max_length=20,
        default=ReleaseStatus.UNDECIDED,
        db_index=True,
        description="Whether the source code is released.",
    )
    licence = fields.CharField(
        max_length=300, null=True, description="Normalised SPDX licence expression, e.g. EUPL-1.2."
    )
    licence_declared = fields.CharField(
        max_length=300,
        null=True,
        description="The licence as declared, verbatim, before normalising.",
    )
    development_status = fields.CharEnumField(
        DevelopmentStatus, max_length=20, null=True, description="Development stage."
    )
    maintenance_type = fields.CharEnumField(
        MaintenanceType, max_length=20, null=True, description="Who maintains the software."
    )
    homepage = fields.CharField(
        max_length=300, null=True, description="Web page about the software."
    )
    publiccode_yml = nullable_text(
        description="The publiccode.yml of the software, verbatim as found."
    )
    publiccode_check: fields.JSONField[dict[str, Any] | None] = fields.JSONField(
        null=True,
        description="Validation of that publiccode.yml: version, valid, problems. None if none.",
    )
    software_type = fields.CharField(
        max_length=30, null=True, description="softwareType of publiccode.yml, e.g. standalone/web."
    )
    categories: fields.JSONField[list[str] | None] = fields.JSONField(
        default=list, null=True, description="Categories from publiccode.yml."
    )
    platforms: fields.JSONField[list[str] | None] = fields.JSONField(
        default=list, null=True, description="Platforms from publiccode.yml."
    )
    findings: fields.JSONField[list[dict[str, Any]] | None] = fields.JSONField(
        default=list,
        null=True,  # null on rows from before the column: an empty list
        description="What the catalogue noticed, e.g. licences that disagree between sources.",
    )
    source = fields.CharEnumField(
        RecordSource,
        max_length=20,
        default=RecordSource.REGISTRATION,
        description="Where this entry came from.",
    )
    archived_at = fields.DatetimeField(
        null=True, description="When its organisation archived the entry (hidden from lists)."
    )
    edited_fields: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="Fields a person set: a harvest never overwrites these."
    )
    harvested_fields: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="Fields whose value came from a harvest."
    )
    sort_name = fields.CharField(
        max_length=200,
        default="",
        description="The name case-folded, kept by save(), so that lists sort as people expect.",
    )
    search_text = fields.TextField(
        default="",
        description="Name and descriptions in lower case, kept by save(), for free-text search.",
    )

    repositories: fields.ReverseRelation[Repository]
    licences: fields.ReverseRelation[SoftwareLicence]
    # Not a column: the repositories in order, with their languages, as
    # catalogue.software.queries.software_detail reads them for one entry.
    repository_list: list[Repository]

    class Meta:
        table = "software"
        ordering = ("sort_name", "id")
        # One index per sort order of the software list, so that a page needs no full sort.
        indexes = (
            ("sort_name", "id"),
            ("created_at", "id"),
            ("updated_at", "id"),
            ("organisation_id",),
        )

    def __str__(self) -> str:
        return self.name

    async def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_name = self.name.casefold()
        self.search_text = search_text(self.name, self.description_nl, self.description_en)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [*update_fields, "sort_name", "search_text"]
        await super().save(*args, **kwargs)


def search_text(*texts: str) -> str:
    """The text that free-text search matches: every part, case-folded, one per line."""
    return "\n".join(text.casefold() for text in texts if text)


class SoftwareLicence(Model):
    """One licence identifier that occurs in a software's licence expression (for filtering)."""

    id = fields.IntField(primary_key=True)
    software: fields.ForeignKeyRelation[Software] = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="licences",
        on_delete=fields.CASCADE,
        description="The software whose expression names the licence.",
    )
    software_id: int  # the column behind `software`
    identifier = fields.CharField(max_length=100, description="SPDX licence identifier.")

    class Meta:
        table = "software_licence"
        indexes = (("identifier", "software_id"),)  # covers the licence filter
        unique_together = (("software", "identifier"),)


class Repository(TimestampedModel):
    """A source-code repository on a code host. It belongs to at most one software entry."""

    id = fields.IntField(primary_key=True)
    software: fields.ForeignKeyNullableRelation[Software] = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="repositories",
        null=True,
        on_delete=fields.SET_NULL,
        description="The catalogue entry the repository belongs to.",
    )
    software_id: int | None  # the column behind `software`
    account: fields.ForeignKeyNullableRelation[CodeHostAccount] = fields.ForeignKeyField(
        "catalogue.CodeHostAccount",
        related_name="repositories",
        null=True,
        on_delete=fields.SET_NULL,
        description="The code-host account that holds the repository.",
    )
    account_id: int | None  # the column behind `account`
    forge = fields.CharEnumField(ForgeKind, max_length=10, description="Software of the code host.")
    url = fields.CharField(max_length=400, unique=True, description="Canonical web address.")
    full_name = fields.CharField(
        max_length=300, description="Path on the host, e.g. MinBZK/woo-besluit."
    )
    description = fields.TextField(default="", description="Description as published on the host.")
    homepage = fields.CharField(
        max_length=400, null=True, description="Home page given on the host."
    )
    topics: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="Topics given on the host."
    )
    default_branch = fields.CharField(max_length=200, null=True, description="Default branch.")
    stars = fields.IntField(default=0, description="Stars (GitHub) or star count (GitLab).")
    forks = fields.IntField(default=0, description="Number of forks.")
    archived = fields.BooleanField(default=False, description="Archived (read-only) on the host.")
    mirror = fields.BooleanField(
        null=True,
        default=False,
        description="A mirror the host pulls from elsewhere (Forgejo, Gitea). None: harvested "
        "before the flag was read.",
    )
    fork_of = fields.CharField(
        max_length=400, null=True, description="URL of the parent, if a fork."
    )
    licence_forge = fields.CharField(
        max_length=100, null=True, description="Licence the code host reports (SPDX id), verbatim."
    )
    forge_key = fields.CharField(
        max_length=200,
        null=True,
        unique=True,
        description="Host and the host's own id, e.g. github.com:123: stays through renames.",
    )
    open_issues = fields.IntField(default=0, description="Open issues on the host.")
    created_on_host_at = fields.DatetimeField(null=True, description="Created on the host.")
    missing_since = fields.DatetimeField(
        null=True, description="First harvest that no longer found it on the host."
    )
    publiccode_yml = nullable_text(description="publiccode.yml of the default branch, verbatim.")
    publiccode_check: fields.JSONField[dict[str, Any] | None] = fields.JSONField(
        null=True,
        description="Validation of its publiccode.yml: version, valid, problems. None without one.",
    )
    licence_file = fields.CharField(
        max_length=300,
        null=True,
        description="SPDX licence found in the repository's licence file, when recognised.",
    )
    root_files: fields.JSONField[list[str] | None] = fields.JSONField(
        null=True,
        description="Names at the root of the default branch, folders ending in a slash. None: "
        "not read (this forge's harvest does not list them).",
    )
    security_policy = fields.CharField(
        max_length=300, null=True, description="Path of its security policy (SECURITY.md), if any."
    )
    reuse_toml = nullable_text(description="Its REUSE.toml, verbatim, if it has one.")
    licence_texts: fields.JSONField[list[str] | None] = fields.JSONField(
        null=True, description="File names in its LICENSES folder. None: none or not read."
    )
    has_publiccode = fields.BooleanField(
        default=False, description="Has a publiccode.yml at its root."
    )
    last_activity_at = fields.DatetimeField(
        null=True, description="Last push or activity on the host."
    )
    active = fields.BooleanField(
        default=True, description="Still present on the host at the last look."
    )
    first_seen_at = fields.DatetimeField(
        auto_now_add=True, description="When the catalogue first saw it."
    )
    last_seen_at = fields.DatetimeField(
        null=True, description="When a harvest last saw it on the host."
    )
    source = fields.CharEnumField(
        RecordSource,
        max_length=20,
        default=RecordSource.REGISTRATION,
        description="Where this row came from.",
    )

    languages: fields.ReverseRelation[RepositoryLanguage]

    class Meta:
        table = "repository"
        indexes = (("software_id",), ("account_id",))


class RepositoryLanguage(Model):
    """A programming language found in a repository, in the order the host ranks them."""

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "catalogue.Repository",
        related_name="languages",
        on_delete=fields.CASCADE,
        description="The repository.",
    )
    repository_id: int  # the column behind `repository`
    name = fields.CharField(max_length=60, description="Language name as the host spells it.")
    key = fields.CharField(max_length=60, description="The name in lower case.")
    position = fields.SmallIntField(default=0, description="0 for the primary language.")

    class Meta:
        table = "repository_language"
        indexes = (("key", "repository_id"),)  # covers the language filter
        unique_together = (("repository", "key"),)
