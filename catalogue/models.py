# SPDX-License-Identifier: EUPL-1.2
"""The catalogue's nouns: organisations, their code-host accounts, software, repositories, audit.

Each model's docstring defines the term; each field says what it holds. Dutch legal and
administrative terms are spelled out once, here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class OrganisationKind(StrEnum):
    """The kind of government body, as the Dutch register of organisations (ROO) sorts them."""

    MINISTERIE = "ministerie"  # a ministry of the central government
    UITVOERINGSORGANISATIE = "uitvoeringsorganisatie"  # an executive agency of a ministry
    GEMEENTE = "gemeente"  # a municipality
    PROVINCIE = "provincie"  # a province
    WATERSCHAP = "waterschap"  # a regional water authority
    ZBO = "zbo"  # zelfstandig bestuursorgaan: an independent administrative body
    OTHER = "other"  # associations, foundations and cooperatives of governments, ...


class ForgeKind(StrEnum):
    """The software that runs a code host."""

    GITHUB = "github"
    GITLAB = "gitlab"
    GIT = "git"  # any other host reachable with plain git


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


class RecordSource(StrEnum):
    """Where a catalogue row came from."""

    DEMO = "demo"  # the bundled demo data; not a statement of any government body
    SEED = "seed"  # the bundled list of government publishers
    REGISTRATION = "registration"  # entered by a person through a form or the API
    HARVEST = "harvest"  # pulled from a code host by a harvester
    FEDERATION = "federation"  # imported from another catalogue


class TimestampedModel(Model):
    created_at = fields.DatetimeField(auto_now_add=True, description="When the row was created.")
    updated_at = fields.DatetimeField(auto_now=True, description="When the row last changed.")

    class Meta:
        abstract = True


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

    class Meta:
        table = "code_host_account"
        unique_together = (("base_url", "name_key"),)
        ordering = ("base_url", "name_key")

    @property
    def url(self) -> str:
        return f"{self.base_url}/{self.name}"


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
    publiccode_yml = fields.TextField(
        null=True, description="The publiccode.yml of the software, verbatim as found."
    )
    publiccode_check = fields.JSONField(
        null=True,
        description="Validation of that publiccode.yml: version, valid, problems. None if none.",
    )
    software_type = fields.CharField(
        max_length=30, null=True, description="softwareType of publiccode.yml, e.g. standalone/web."
    )
    categories = fields.JSONField(
        default=list, null=True, description="Categories from publiccode.yml."
    )
    platforms = fields.JSONField(
        default=list, null=True, description="Platforms from publiccode.yml."
    )
    findings = fields.JSONField(
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
    edited_fields = fields.JSONField(
        default=list, description="Fields a person set: a harvest never overwrites these."
    )
    harvested_fields = fields.JSONField(
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
    account: fields.ForeignKeyNullableRelation[CodeHostAccount] = fields.ForeignKeyField(
        "catalogue.CodeHostAccount",
        related_name="repositories",
        null=True,
        on_delete=fields.SET_NULL,
        description="The code-host account that holds the repository.",
    )
    forge = fields.CharEnumField(ForgeKind, max_length=10, description="Software of the code host.")
    url = fields.CharField(max_length=400, unique=True, description="Canonical web address.")
    full_name = fields.CharField(
        max_length=300, description="Path on the host, e.g. MinBZK/woo-besluit."
    )
    description = fields.TextField(default="", description="Description as published on the host.")
    homepage = fields.CharField(
        max_length=400, null=True, description="Home page given on the host."
    )
    topics = fields.JSONField(default=list, description="Topics given on the host.")
    default_branch = fields.CharField(max_length=200, null=True, description="Default branch.")
    stars = fields.IntField(default=0, description="Stars (GitHub) or star count (GitLab).")
    forks = fields.IntField(default=0, description="Number of forks.")
    archived = fields.BooleanField(default=False, description="Archived (read-only) on the host.")
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
    publiccode_yml = fields.TextField(
        null=True, description="publiccode.yml of the default branch, verbatim."
    )
    publiccode_check = fields.JSONField(
        null=True,
        description="Validation of its publiccode.yml: version, valid, problems. None without one.",
    )
    licence_file = fields.CharField(
        max_length=300,
        null=True,
        description="SPDX licence found in the repository's licence file, when recognised.",
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
    name = fields.CharField(max_length=60, description="Language name as the host spells it.")
    key = fields.CharField(max_length=60, description="The name in lower case.")
    position = fields.SmallIntField(default=0, description="0 for the primary language.")

    class Meta:
        table = "repository_language"
        indexes = (("key", "repository_id"),)  # covers the language filter
        unique_together = (("repository", "key"),)


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
    before = fields.JSONField(null=True, description="Changed fields before the write.")
    after = fields.JSONField(null=True, description="Changed fields after the write.")
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
