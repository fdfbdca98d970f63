# SPDX-License-Identifier: EUPL-1.2
"""Reads of what software is made of: an entry's dependencies and SBOMs, the components the
catalogue uses with the number of entries that use each, and who uses one component."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Max, Min

from catalogue.components.models import Dependency, SbomDocument
from catalogue.paging import Page, PageRequest


@dataclass(frozen=True, slots=True)
class ComponentUse:
    """A component and how many catalogue entries use it."""

    key: str
    name: str
    used_by: int


async def page_of_dependencies(software_id: int, page: PageRequest) -> Page[Dependency]:
    """A page of the software's dependencies: SBOM components, then publiccode.yml's, by name."""
    query = Dependency.filter(software_id=software_id)
    rows = await query.order_by("source", "name", "id").offset(page.offset).limit(page.per_page)
    return Page(rows, await query.count(), page)


async def sboms_of(software_id: int) -> list[SbomDocument]:
    return await SbomDocument.filter(software_id=software_id).order_by("-created_at", "-id")


async def page_of_components(q: str | None, page: PageRequest) -> Page[ComponentUse]:
    """Components by the number of current software entries that use them; two queries."""
    query = Dependency.filter(software__archived_at__isnull=True)
    if q:
        query = query.filter(Q(name__icontains=q) | Q(key__icontains=q))
    # One row per key, counted: tortoise cannot COUNT(DISTINCT) without grouping by every column.
    firsts = query.group_by("key").annotate(first=Min("id")).values("first")
    total = await Dependency.filter(id__in=Subquery(firsts)).count()
    rows = await (
        query.group_by("key")
        .annotate(used_by=Count("software_id", distinct=True), label=Max("name"))
        .order_by("-used_by", "key")
        .offset(page.offset)
        .limit(page.per_page)
        .values_list("key", "label", "used_by")
    )
    return Page([ComponentUse(*row) for row in rows], total, page)


async def component_users(key: str) -> list[Dependency]:
    """Every use of a component, with the software and its organisation: who depends on it."""
    return await (
        Dependency.filter(key=key, software__archived_at__isnull=True)
        .select_related("software__organisation")
        .order_by("software__sort_name", "version", "id")
        .limit(2000)
    )
