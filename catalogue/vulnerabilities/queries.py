# SPDX-License-Identifier: EUPL-1.2
"""Reads of exposures: what an organisation must act on, what a signed-in person's
organisations must act on, and what the public may know of a component.

The embargo: the public learns how many catalogue entries use an affected version of a
component at once, but which entries only once their owners have had `embargo` (default 14
days) since the catalogue found it — disclosure that helps attackers before the owners could
act is no service."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from catalogue.rows import statement_rows
from catalogue.vulnerabilities.models import Advisory, Exposure

DEFAULT_EMBARGO = timedelta(days=14)
LIMIT = 2000


async def organisation_exposures(organisation_id: int) -> list[Exposure]:
    """The open exposures of an organisation's entries: the entry, the component and the
    advisory, most recently found first."""
    return await (
        Exposure.filter(
            resolved_at__isnull=True,
            dependency__software__organisation_id=organisation_id,
            dependency__software__archived_at__isnull=True,
        )
        .select_related("dependency__software", "advisory")
        .order_by("-first_seen_at", "dependency__software__sort_name", "advisory_id")
        .limit(LIMIT)
    )


async def exposures_of_organisations(organisation_ids: Iterable[int]) -> list[Exposure]:
    """The open exposures of several organisations (a person's), for their account page."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return []
    return await (
        Exposure.filter(
            resolved_at__isnull=True,
            dependency__software__organisation_id__in=ids,
            dependency__software__archived_at__isnull=True,
        )
        .select_related("dependency__software__organisation", "advisory")
        .order_by("-first_seen_at", "advisory_id")
        .limit(LIMIT)
    )


@dataclass(frozen=True, slots=True)
class DisclosedUse:
    """An entry named as affected: its owners have had the embargo to act."""

    software_id: int
    software_name: str
    version: str | None
    advisories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PublicExposure:
    """What the public may know of a component's advisories: the open advisories, how many
    entries use an affected version, and the entries whose exposure is past the embargo (the
    others are counted, not named)."""

    advisories: list[Advisory]
    entries_affected: int
    disclosed: list[DisclosedUse]


async def component_exposure(
    key: str, *, now: datetime, embargo: timedelta = DEFAULT_EMBARGO
) -> PublicExposure:
    rows = await (
        Exposure.filter(
            resolved_at__isnull=True,
            dependency__key=key,
            dependency__software__archived_at__isnull=True,
        )
        .select_related("dependency__software", "advisory")
        .order_by("dependency__software__sort_name", "dependency_id", "advisory_id")
        .limit(LIMIT)
    )
    advisories = {row.advisory_id: row.advisory for row in rows}
    past: dict[int, list[Exposure]] = {}
    for row in rows:
        if row.first_seen_at + embargo <= now:
            past.setdefault(row.dependency_id, []).append(row)
    disclosed = [
        DisclosedUse(
            software_id=found[0].dependency.software_id,
            software_name=found[0].dependency.software.name,
            version=found[0].dependency.version,
            advisories=tuple(row.advisory_id for row in found),
        )
        for found in past.values()
    ]
    return PublicExposure(
        advisories=[advisories[key] for key in sorted(advisories)],
        entries_affected=len({row.dependency.software_id for row in rows}),
        disclosed=disclosed,
    )


async def disclosed_advisories(
    software_ids: list[int], *, now: datetime, embargo: timedelta = DEFAULT_EMBARGO
) -> dict[int, tuple[str, ...]]:
    """For each entry with components known by package URL, the open advisories on them whose
    embargo has ended (for public views such as collections); two queries for all entries.
    Entries whose components the catalogue does not know are left out."""
    if not software_ids:
        return {}
    # Fixed SQL, not a query built per call: an entry's page and API detail ask on every read.
    marks = ", ".join("?" * len(software_ids))
    with_components = await statement_rows(
        f"SELECT DISTINCT software_id FROM dependency WHERE software_id IN ({marks}) "
        "AND purl IS NOT NULL",
        software_ids,
    )
    found: dict[int, dict[str, None]] = {row[0]: {} for row in with_components}
    seen_before = Exposure._meta.fields_map["first_seen_at"].to_db_value(now - embargo, Exposure)
    rows = await statement_rows(
        "SELECT d.software_id, e.advisory_id FROM vulnerability_exposure e "
        "JOIN dependency d ON d.id = e.dependency_id WHERE e.resolved_at IS NULL "
        f"AND d.software_id IN ({marks}) AND e.first_seen_at <= ? ORDER BY e.advisory_id",
        [*software_ids, seen_before],
    )
    for software_id, advisory_id in rows:
        found.setdefault(software_id, {})[advisory_id] = None
    return {software_id: tuple(ids) for software_id, ids in found.items()}
