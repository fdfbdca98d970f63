# SPDX-License-Identifier: EUPL-1.2
"""Facets of the software list: for each filter, its values with the number of entries each
would give under the other filters.

Each facet is one GROUP BY over the ids of the matching entries (catalogue.software.listing),
joined to the indexed column it counts. Up to a sample's size of matching entries the counts
are exact; past it they are counted over the first of them (in an index's order), scaled to
the whole, and marked `approximate` (the page says "about"). The sample is listing.CAP
entries, or for free text search.RANKED: what a search ranks (ADR 0014).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from tortoise.functions import Max

from catalogue.software import listing, search
from catalogue.software.models import Repository, Software
from catalogue.software.queries import SoftwareFilters, searched
from catalogue.turns import turn


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet, with the number of entries that match it and the other filters;
    `approximate` when counted over a sample of a large set."""

    value: str
    label: str
    count: int
    approximate: bool = False


FACETS = (
    "organisation",
    "organisation_kind",
    "licence",
    "language",
    "release_status",
    "development_status",
    "publiccode",
    "archived",
)
# What each facet groups by: (value, label) columns and the joins from the matching ids `x`.
GROUPS: dict[str, tuple[str, str, str]] = {
    "organisation": (
        "o.slug",
        "MAX(o.name)",
        "JOIN software s ON s.id = x.id JOIN organisation o ON o.id = s.organisation_id",
    ),
    "organisation_kind": (
        "o.kind",
        "o.kind",
        "JOIN software s ON s.id = x.id JOIN organisation o ON o.id = s.organisation_id",
    ),
    "licence": ("l.identifier", "l.identifier", "JOIN software_licence l ON l.software_id = x.id"),
    "language": (
        "rl.key",
        "MAX(rl.name)",
        "JOIN repository r ON r.software_id = x.id "
        "JOIN repository_language rl ON rl.repository_id = r.id",
    ),
    "release_status": ("s.release_status", "s.release_status", "JOIN software s ON s.id = x.id"),
    "development_status": (
        "s.development_status",
        "s.development_status",
        "JOIN software s ON s.id = x.id",
    ),
    "publiccode": (
        "CASE WHEN s.publiccode_yml IS NULL THEN 'false' ELSE 'true' END",
        "CASE WHEN s.publiccode_yml IS NULL THEN 'false' ELSE 'true' END",
        "JOIN software s ON s.id = x.id",
    ),
}

Facets = dict[str, list[FacetValue]]
# How many entries match each set of filters, with whether past the sample: one count of the
# facets' (most facets leave the other filters as they are, so they share one matching set).
Sizes = dict[SoftwareFilters, tuple[int, bool]]
# Kept per filters until the catalogue changes; what marks a change costs two index lookups
# (see _version).
CACHE_SIZE = 256
_cache: OrderedDict[tuple[Any, ...], Facets] = OrderedDict()
# The facets being counted now, by key: a request that finds its key here waits for that count
# rather than making the same queries at the same time (many visitors at once after a change).
_counting: dict[tuple[Any, ...], asyncio.Event] = {}


async def software_facets(filters: SoftwareFilters, limit: int = 12) -> Facets:
    """For each facet, its values with counts under every *other* filter (so that choosing a
    value shows what the others would give); one query per facet and one count per distinct
    matching set, or none while nothing in the catalogue changed since the same filters were
    asked for."""
    key = (replace(filters, sort="name"), limit, *await _version())
    async with turn(_counting, key):  # then kept, or (that count failed) counted here
        if (kept := _cache.get(key)) is not None:
            _cache.move_to_end(key)
            return kept
        filters = await searched(filters)
        sizes: Sizes = {}  # the facets share most of their matching sets: each counted once
        found = {
            facet: await _facet(facet, _without(filters, facet), limit, sizes) for facet in FACETS
        }
        _cache[key] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return found


def _without(filters: SoftwareFilters, facet: str) -> SoftwareFilters:
    off: dict[str, Any] = {facet: False if facet == "archived" else None}
    return replace(filters, **off)


async def _version() -> tuple[Any, ...]:
    """What changes whenever a count of a facet could: the newest entry and repository, and
    the last change to each (a repository's languages change with it; archiving an entry
    changes it; search queues what else a document holds)."""
    software = (
        await Software.all().annotate(last=Max("updated_at"), n=Max("id")).values("last", "n")
    )
    repositories = (
        await Repository.all().annotate(last=Max("updated_at"), n=Max("id")).values("last", "n")
    )
    return (*software[0].values(), *repositories[0].values())


async def _facet(
    facet: str, filters: SoftwareFilters, limit: int, sizes: Sizes
) -> list[FacetValue]:
    if facet == "archived":
        counts = [await _size(replace(filters, archived=flag), sizes) for flag in (False, True)]
        return [
            FacetValue(value, value, n, approximate)
            for value, (n, approximate) in zip(("false", "true"), counts, strict=True)
        ]
    client = search.connection()
    postgres = search.is_postgres(client)
    ids, params = listing.selection(filters, postgres=postgres).select("s.id AS id")
    total, approximate = await _size(filters, sizes)
    value, label, joins = GROUPS[facet]
    sample = _sample(filters) + 1
    sql = (
        f"SELECT {value} AS v, {label} AS label, COUNT(DISTINCT x.id) AS n "
        f"FROM ({ids} LIMIT {sample}) x {joins} "
        f"WHERE {value} IS NOT NULL GROUP BY {value} ORDER BY n DESC, v LIMIT {limit}"
    )
    rows = await client.execute_query_dict(search.placeholders(sql) if postgres else sql, params)
    scale = total / sample if approximate else 1
    if facet == "publiccode":  # both values, even at nought
        rows = [{"v": v, "label": v, "n": 0} for v in ("true", "false")] + rows
        rows = list({row["v"]: row for row in rows}.values())
    return [
        FacetValue(str(row["v"]), str(row["label"]), round(row["n"] * scale), approximate)
        for row in rows
    ]


def _sample(filters: SoftwareFilters) -> int:
    """How many matching entries the facets count exactly: with free text, as many as a search
    ranks; else the list's cap."""
    return search.RANKED if filters.q else listing.CAP


async def _size(filters: SoftwareFilters, sizes: Sizes) -> tuple[int, bool]:
    """How many entries match, and whether that is more than the facets count exactly;
    counted once for each set of filters in `sizes`."""
    if filters not in sizes:
        sizes[filters] = await _count(filters)
    return sizes[filters]


async def _count(filters: SoftwareFilters) -> tuple[int, bool]:
    counted = await listing.count(filters, _sample(filters))
    if not (counted.capped or counted.estimated) and counted.total <= _sample(filters):
        return counted.total, False
    if counted.capped:  # SQLite, narrowed: count the whole set once (the facets are kept)
        counted = listing.Count(await listing.exact_count(filters))
    return counted.total, True
