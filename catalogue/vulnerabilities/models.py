# SPDX-License-Identifier: EUPL-1.2
"""Known vulnerabilities of the components government software uses, from the OSV database.

An advisory is OSV's record of a vulnerability (GHSA-…, PYSEC-…, with CVE aliases); a check
is what OSV last answered for one component version, so that a re-run fetches only advisories
that are new or modified; an exposure is one dependency of one entry affected by one advisory,
with the version that fixes it and since when the owner knows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from catalogue.components.models import Dependency


class Advisory(Model):
    """A vulnerability as OSV describes it."""

    id = fields.CharField(primary_key=True, max_length=100, description="OSV id, e.g. GHSA-….")
    aliases: Any = fields.JSONField(default=list, description="Other ids, e.g. CVE-2021-44228.")
    summary = fields.CharField(max_length=500, default="", description="One line, from OSV.")
    severity = fields.CharField(
        max_length=300, default="", description="CVSS vector(s) as OSV gives them, or empty."
    )
    severity_label = fields.CharField(
        max_length=20, default="", description="LOW, MODERATE, HIGH or CRITICAL where given."
    )
    published = fields.DatetimeField(null=True, description="When OSV first published it.")
    modified = fields.DatetimeField(description="When OSV last changed it.")
    withdrawn = fields.DatetimeField(null=True, description="When it was withdrawn, if it was.")
    affected: Any = fields.JSONField(
        default=list, description="OSV's affected packages and ranges."
    )
    references: Any = fields.JSONField(default=list, description="Addresses to read more.")
    fetched_at = fields.DatetimeField(description="When the catalogue last read it.")

    class Meta:
        table = "vulnerability_advisory"


class ComponentCheck(Model):
    """What OSV answered for one component version: its advisories with their modified times."""

    id = fields.IntField(primary_key=True)
    query = fields.CharField(
        max_length=1000, unique=True, description="ecosystem, name and version, as queried."
    )
    advisories: Any = fields.JSONField(default=dict, description="Advisory id → modified time.")
    checked_at = fields.DatetimeField(description="When OSV was last asked.")

    class Meta:
        table = "vulnerability_check"


class Exposure(Model):
    """One dependency of one entry that an advisory affects."""

    id = fields.IntField(primary_key=True)
    dependency: fields.ForeignKeyRelation[Dependency] = fields.ForeignKeyField(
        "catalogue.Dependency",
        related_name="exposures",
        on_delete=fields.CASCADE,
        description="The affected component of the entry.",
    )
    dependency_id: int  # the column behind `dependency`
    advisory: fields.ForeignKeyRelation[Advisory] = fields.ForeignKeyField(
        "catalogue.Advisory",
        related_name="exposures",
        on_delete=fields.CASCADE,
        description="The advisory.",
    )
    advisory_id: str  # the column behind `advisory`
    fixed_version = fields.CharField(
        max_length=200, null=True, description="The least version that fixes it, if known."
    )
    first_seen_at = fields.DatetimeField(
        description="When the catalogue found it: the embargo starts."
    )
    resolved_at = fields.DatetimeField(
        null=True, description="When it stopped applying (upgraded, or advisory withdrawn)."
    )

    class Meta:
        table = "vulnerability_exposure"
        unique_together = (("dependency", "advisory"),)
