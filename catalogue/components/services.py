# SPDX-License-Identifier: EUPL-1.2
"""Writes of what software is made of: an SBOM's components stored for an entry (uploaded, or
harvested from a code host's dependency graph), and the dependencies its publiccode.yml
declares."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from catalogue import publiccode, sbom
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.components.models import Dependency, DependencySource, SbomDocument
from catalogue.errors import Invalid
from catalogue.permissions.guard import require
from catalogue.permissions.rules import Permission, Principal

if TYPE_CHECKING:  # the software is above what it is made of
    from catalogue.software.models import Repository, Software

BATCH = 1000  # rows per INSERT: well under SQLite's and asyncpg's parameter limits
MAX_WARNINGS = 200  # kept per document; the count of the rest is noted


async def import_sbom(
    *, principal: Principal, software: Software, content: bytes, filename: str | None = None
) -> SbomDocument:
    """Parse an SPDX document given for `software` and store its components, replacing the
    previous upload. Parsing runs in a worker thread: a large document never blocks the
    event loop. A document that cannot be read raises Invalid and stores nothing."""
    await require(
        principal,
        Permission.EDIT_SOFTWARE,
        software.organisation_id,
        target=("Software", str(software.pk)),
    )
    try:
        document = await asyncio.to_thread(sbom.parse, content, filename=filename)
    except sbom.SbomError as error:
        raise Invalid({"sbom": str(error)}) from None
    return await store_sbom(
        software=software, document=document, source=DependencySource.SBOM, actor=principal.actor
    )


async def store_sbom(
    *,
    software: Software,
    document: sbom.Sbom,
    source: DependencySource,
    actor: str,
    repository: Repository | None = None,
) -> SbomDocument:
    """Store a parsed SBOM's components for a software entry, in place of the one before it
    from the same source (and repository, for a harvested one), in one transaction."""
    warnings = list(document.warnings[:MAX_WARNINGS])
    if len(document.warnings) > MAX_WARNINGS:
        warnings.append(f"... and {len(document.warnings) - MAX_WARNINGS} more messages")
    async with in_transaction():
        previous = SbomDocument.filter(software=software, source=source)
        if repository is not None:
            previous = previous.filter(repository=repository)
        await previous.delete()
        stored = await SbomDocument.create(
            software=software,
            repository=repository,
            source=source,
            name=document.name[:300],
            spdx_version=document.spdx_version[:20],
            format=document.format.value,
            namespace=(document.namespace or "")[:500] or None,
            component_count=len(document.components),
            warnings=warnings,
            added_by=actor[:320],
        )
        components = document.components
        for start in range(0, len(components), BATCH):
            # Built a batch at a time, between writes: the event loop serves other requests
            # in between, however large the document (50,000 rows at once would stall it).
            batch = components[start : start + BATCH]
            await Dependency.bulk_create([_row(software, stored, source, c) for c in batch])
        await record_event(
            actor=actor,
            action=Action.SOFTWARE_SBOM,
            target=software,
            organisation_id=software.organisation_id,
            after={
                "sbom": stored.name,
                "source": source.value,
                "components": len(components),
                "warnings": len(document.warnings),
            },
        )
    return stored


def _row(
    software: Software, stored: SbomDocument, source: DependencySource, item: sbom.Component
) -> Dependency:
    return Dependency(
        software=software,
        sbom=stored,
        source=source,
        key=item.key[:300],
        name=item.name[:300],
        version=(item.version or "")[:200] or None,
        purl=(item.purl or "")[:1000] or None,
        licence_concluded=(item.licence_concluded or "")[:1000] or None,
        licence_declared=(item.licence_declared or "")[:1000] or None,
    )


async def replace_declared(
    software: Software, dependencies: Sequence[publiccode.Dependency]
) -> bool:
    """Make the software's publiccode.yml dependencies the given ones; True if they changed."""
    wanted = [
        (d.name[:300], (d.version or "")[:200] or None, d.kind) for d in dependencies if d.name
    ]
    current = await (
        Dependency.filter(software=software, source=DependencySource.PUBLICCODE)
        .order_by("id")
        .values_list("name", "version", "kind")
    )
    if [tuple(row) for row in current] == wanted:
        return False
    await Dependency.filter(software=software, source=DependencySource.PUBLICCODE).delete()
    await Dependency.bulk_create(
        [
            Dependency(
                software=software,
                source=DependencySource.PUBLICCODE,
                key=f"name:{name.casefold()}"[:300],
                name=name,
                version=version,
                kind=kind,
            )
            for name, version, kind in wanted
        ]
    )
    return True
