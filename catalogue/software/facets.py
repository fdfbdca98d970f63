# SPDX-License-Identifier: EUPL-1.2
"""Facets of the software list: for each filter, its values with the number of entries each
would give under the other filters."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count, Max
from tortoise.queryset import QuerySet

from catalogue.software.models import Repository, RepositoryLanguage, Software, SoftwareLicence
from catalogue.software.queries import SoftwareFilters, software_queryset


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet, with the number of entries that match it and the other filters."""

    value: str
    label: str
    count: int


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


Facets = dict[str, list[FacetValue]]
# The facets are ten queries over the whole catalogue, most of the software list page's time
# (bench/load.py). They are kept per filters until the catalogue changes; what marks a change
# costs two small queries (see _version).
CACHE_SIZE = 256
_cache: OrderedDict[tuple[Any, ...], Facets] = OrderedDict()


async def software_facets(filters: SoftwareFilters, limit: int = 12) -> Facets:
    """For each facet, its values with counts under every *other* filter (so that choosing a
    value shows what the others would give); one query per facet, or none while nothing in
    the catalogue changed since the same filters were asked for."""
    key = (filters, limit, *await _version())
    if (kept := _cache.get(key)) is not None:
        _cache.move_to_end(key)
        return kept
    found = await _all_facets(filters, limit)
    _cache[key] = found
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return found


async def _version() -> tuple[Any, ...]:
    """What changes whenever a count of a facet could: how many entries and repositories
    there are and when the last of each changed (a repository's languages change with it)."""
    software = (
        await Software.all().annotate(n=Count("id"), last=Max("updated_at")).values("n", "last")
    )
    repositories = (
        await Repository.all().annotate(n=Count("id"), last=Max("updated_at")).values("n", "last")
    )
    return (*software[0].values(), *repositories[0].values())


async def _all_facets(filters: SoftwareFilters, limit: int) -> Facets:
    found: Facets = {}
    for facet in FACETS:
        off: dict[str, Any] = {facet: False if facet == "archived" else None}
        without = replace(filters, **off)
        found[facet] = await _facet(facet, without, limit)
    return found


async def _facet(facet: str, filters: SoftwareFilters, limit: int) -> list[FacetValue]:
    if facet == "archived":
        current = software_queryset(replace(filters, archived=False))
        archived = software_queryset(replace(filters, archived=True))
        counts = [await current.count(), await archived.count()]
        return [FacetValue(v, v, n) for v, n in zip(("false", "true"), counts, strict=True)]
    matching = Subquery(software_queryset(filters).values("id"))
    if facet == "licence":
        rows = await _grouped(
            SoftwareLicence.filter(software_id__in=matching), "identifier", "software_id", limit
        )
        return [FacetValue(v, v, n) for v, n in rows]
    if facet == "language":
        languages = RepositoryLanguage.filter(repository__software_id__in=matching)
        rows = await _grouped(languages, "key", "repository__software_id", limit, label="name")
        return [FacetValue(v, label, n) for v, n, label in rows]
    if facet == "organisation":
        software = Software.filter(id__in=matching)
        rows = await _grouped(
            software, "organisation__slug", "id", limit, label="organisation__name"
        )
        return [FacetValue(v, label, n) for v, n, label in rows]
    if facet == "publiccode":
        software = Software.filter(id__in=matching)
        with_file = await software.filter(publiccode_yml__isnull=False).count()
        return [
            FacetValue("true", "true", with_file),
            FacetValue("false", "false", await software.count() - with_file),
        ]
    field = "organisation__kind" if facet == "organisation_kind" else facet
    rows = await _grouped(Software.filter(id__in=matching), field, "id", limit)
    return [FacetValue(str(v), str(v), n) for v, n in rows if v is not None]


async def _grouped(
    query: QuerySet[Any], field: str, counted: str, limit: int, *, label: str | None = None
) -> list[Any]:
    """(value, count[, label]) rows of `query` grouped by `field`, most frequent first."""
    annotations: dict[str, Any] = {"n": Count(counted, distinct=True)}
    if label:
        annotations["label"] = Max(label)
    names = [field, "n", *(["label"] if label else [])]
    rows = await (
        query.group_by(field)
        .annotate(**annotations)
        .order_by("-n", field)
        .limit(limit)
        .values_list(*names)
    )
    return [tuple(row) for row in rows]
