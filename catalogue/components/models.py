# SPDX-License-Identifier: EUPL-1.2
"""What software is made of: the SBOMs given for it and the components they list, and the
dependencies its publiccode.yml declares. One Dependency row per component per software, so
that "which government software uses this component" is one indexed lookup."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:  # relations are named by string at run time
    from catalogue.software.models import Repository, Software


class DependencySource(StrEnum):
    """Where the catalogue learnt of a dependency."""

    SBOM = "sbom"  # an SPDX document uploaded through the API or the CLI
    GITHUB = "github"  # GitHub's dependency graph, harvested
    PUBLICCODE = "publiccode"  # dependsOn in the software's publiccode.yml


class SbomDocument(Model):
    """An SPDX document (software bill of materials) given for a software entry."""

    id = fields.IntField(primary_key=True)
    software: fields.ForeignKeyRelation[Software] = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="sboms",
        on_delete=fields.CASCADE,
        description="The software the document describes.",
    )
    software_id: int  # the column behind `software`
    repository: fields.ForeignKeyNullableRelation[Repository] = fields.ForeignKeyField(
        "catalogue.Repository",
        related_name="sboms",
        null=True,
        on_delete=fields.SET_NULL,
        description="The repository whose dependency graph gave it, for a harvested SBOM.",
    )
    repository_id: int | None  # the column behind `repository`
    source = fields.CharEnumField(
        DependencySource, max_length=20, description="Uploaded, or harvested from a code host."
    )
    name = fields.CharField(max_length=300, description="The document's own name.")
    spdx_version = fields.CharField(max_length=20, description="SPDX version, e.g. SPDX-2.3.")
    format = fields.CharField(max_length=20, description="File format it came in.")
    namespace = fields.CharField(max_length=500, null=True, description="Document namespace.")
    component_count = fields.IntField(default=0, description="Components it lists.")
    warnings: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="Validation messages, kept as warnings."
    )
    added_by = fields.CharField(max_length=320, description="Who gave it (user or system actor).")
    created_at = fields.DatetimeField(auto_now_add=True, description="When it was stored.")

    class Meta:
        table = "sbom_document"


class Dependency(Model):
    """One component a software entry depends on, from an SBOM or its publiccode.yml."""

    id = fields.IntField(primary_key=True)
    software: fields.ForeignKeyRelation[Software] = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="dependencies",
        on_delete=fields.CASCADE,
        description="The software that uses the component.",
    )
    software_id: int  # the column behind `software`
    sbom: fields.ForeignKeyNullableRelation[SbomDocument] = fields.ForeignKeyField(
        "catalogue.SbomDocument",
        related_name="components",
        null=True,
        on_delete=fields.CASCADE,
        description="The SBOM that lists it (none for a publiccode.yml declaration).",
    )
    sbom_id: int | None  # the column behind `sbom`
    source = fields.CharEnumField(
        DependencySource, max_length=20, description="Where it came from."
    )
    key = fields.CharField(
        max_length=300,
        description="The component across versions: purl without version, or name:<name>.",
    )
    name = fields.CharField(max_length=300, description="Component name.")
    version = fields.CharField(max_length=200, null=True, description="Version or version range.")
    purl = fields.CharField(max_length=1000, null=True, description="Package URL, verbatim.")
    kind = fields.CharField(
        max_length=20,
        default="package",
        description="package (SBOM), or open, proprietary or hardware (publiccode.yml).",
    )
    licence_concluded = fields.CharField(
        max_length=1000, null=True, description="Licence the SBOM's author concluded."
    )
    licence_declared = fields.CharField(
        max_length=1000, null=True, description="Licence the component's authors declared."
    )

    class Meta:
        table = "dependency"
        indexes = (("key", "software_id"), ("software_id", "source"))
