# SPDX-License-Identifier: EUPL-1.2
"""Reads from the catalogue: lists with filters, sorting and pages, and details.

Every list costs a fixed number of queries, whatever the page size (no N+1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from catalogue.models import (
    ForgeKind,
    Organisation,
    OrganisationKind,
    ReleaseStatus,
    Repository,
    RepositoryLanguage,
    Software,
    SoftwareLicence,
)

T = TypeVar("T")

SOFTWARE_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
ORGANISATION_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "software": ("software_count", "name"),
    "-software": ("-software_count", "name"),
}
REPOSITORY_SORTS = {
    "name": ("full_name", "id"),
    "-name": ("-full_name", "-id"),
    "stars": ("stars", "id"),
    "-stars": ("-stars", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which page of a list to read: 1-based page number and page size."""

    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a list, with the total over all pages."""

    items: list[T]
    total: int
    request: PageRequest

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


@dataclass(frozen=True, slots=True)
class SoftwareFilters:
    """Filters of the software list. Each is optional. Values are already checked."""

    q: str | None = None
    organisation: Organisation | None = None
    licence: str | None = None  # an SPDX identifier, canonical case
    language: str | None = None
    release_status: ReleaseStatus | None = None
    sort: str = "name"


@dataclass(slots=True)
class SoftwareSummary:
    """A software entry with what a list shows of its repositories."""

    software: Software
    languages: list[str] = field(default_factory=list)
    repository_count: int = 0


async def organisation_by_slug(slug: str) -> Organisation | None:
    return await Organisation.get_or_none(slug=slug)


def _software_queryset(filters: SoftwareFilters) -> QuerySet[Software]:
    query = Software.all()
    if filters.q:
        query = query.filter(
            Q(name__icontains=filters.q)
            | Q(description_nl__icontains=filters.q)
            | Q(description_en__icontains=filters.q)
        )
    if filters.organisation is not None:
        query = query.filter(organisation_id=filters.organisation.pk)
    if filters.release_status is not None:
        query = query.filter(release_status=filters.release_status)
    if filters.licence:
        licensed = SoftwareLicence.filter(identifier=filters.licence).values("software_id")
        query = query.filter(id__in=Subquery(licensed))
    if filters.language:
        with_language = RepositoryLanguage.filter(key=filters.language.lower()).values(
            "repository__software_id"
        )
        query = query.filter(id__in=Subquery(with_language))
    return query


async def list_software(filters: SoftwareFilters, page: PageRequest) -> Page[SoftwareSummary]:
    """One page of software entries matching the filters, with languages and repository counts."""
    query = _software_queryset(filters)
    total = await query.count()
    rows = await (
        query.order_by(*SOFTWARE_SORTS[filters.sort])
        .offset(page.offset)
        .limit(page.per_page)
        .select_related("organisation")
    )
    summaries = [SoftwareSummary(row) for row in rows]
    await _add_repository_facts(summaries)
    return Page(summaries, total, page)


async def _add_repository_facts(summaries: list[SoftwareSummary]) -> None:
    by_id = {summary.software.pk: summary for summary in summaries}
    if not by_id:
        return
    counts = await (
        Repository.filter(software_id__in=list(by_id))
        .group_by("software_id")
        .annotate(n=Count("id"))
        .values("software_id", "n")
    )
    for row in counts:
        by_id[row["software_id"]].repository_count = row["n"]
    languages: dict[int, dict[str, None]] = defaultdict(dict)
    rows = await (
        RepositoryLanguage.filter(repository__software_id__in=list(by_id))
        .order_by("position", "repository_id")
        .values_list("repository__software_id", "name")
    )
    for software_id, name in rows:
        languages[software_id].setdefault(name, None)
    for software_id, names in languages.items():
        by_id[software_id].languages = list(names)


async def software_detail(software_id: int) -> Software | None:
    """A software entry with its organisation, repositories and their languages."""
    return await (
        Software.filter(id=software_id)
        .select_related("organisation")
        .prefetch_related("repositories__languages", "licences")
        .first()
    )


@dataclass(frozen=True, slots=True)
class OrganisationFilters:
    """Filters of the organisation list."""

    q: str | None = None
    kind: OrganisationKind | None = None
    sort: str = "name"


async def list_organisations(filters: OrganisationFilters, page: PageRequest) -> Page[Organisation]:
    """One page of organisations, each annotated with `software_count`."""
    query = Organisation.all()
    if filters.q:
        query = query.filter(name__icontains=filters.q)
    if filters.kind is not None:
        query = query.filter(kind=filters.kind)
    total = await query.count()
    rows = await (
        query.annotate(software_count=Count("software"))
        .group_by("id")
        .order_by(*ORGANISATION_SORTS[filters.sort])
        .offset(page.offset)
        .limit(page.per_page)
        .prefetch_related("accounts")
    )
    return Page(rows, total, page)


async def organisation_detail(slug: str) -> Organisation | None:
    """An organisation with its code-host accounts, annotated with `software_count`."""
    return await (
        Organisation.filter(slug=slug)
        .annotate(software_count=Count("software"))
        .group_by("id")
        .prefetch_related("accounts")
        .first()
    )


async def release_status_counts(organisation: Organisation | None = None) -> dict[str, int]:
    """How many software entries have each release status (zero included)."""
    query = Software.all()
    if organisation is not None:
        query = query.filter(organisation_id=organisation.pk)
    rows = (
        await query.group_by("release_status").annotate(n=Count("id")).values("release_status", "n")
    )
    counts = {status.value: 0 for status in ReleaseStatus}
    counts.update({str(row["release_status"]): row["n"] for row in rows})
    return counts


@dataclass(frozen=True, slots=True)
class RepositoryFilters:
    """Filters of the repository list."""

    q: str | None = None
    organisation: Organisation | None = None
    forge: ForgeKind | None = None
    language: str | None = None
    archived: bool | None = None
    active: bool | None = None
    sort: str = "name"


async def list_repositories(filters: RepositoryFilters, page: PageRequest) -> Page[Repository]:
    """One page of repositories with their languages and software entry."""
    query = Repository.all()
    if filters.q:
        query = query.filter(
            Q(full_name__icontains=filters.q) | Q(description__icontains=filters.q)
        )
    if filters.organisation is not None:
        query = query.filter(software__organisation_id=filters.organisation.pk)
    if filters.forge is not None:
        query = query.filter(forge=filters.forge)
    if filters.language:
        query = query.filter(
            id__in=Subquery(
                RepositoryLanguage.filter(key=filters.language.lower()).values("repository_id")
            )
        )
    if filters.archived is not None:
        query = query.filter(archived=filters.archived)
    if filters.active is not None:
        query = query.filter(active=filters.active)
    total = await query.count()
    rows = await (
        query.order_by(*REPOSITORY_SORTS[filters.sort])
        .offset(page.offset)
        .limit(page.per_page)
        .select_related("software")
        .prefetch_related("languages")
    )
    return Page(rows, total, page)


async def repository_detail(repository_id: int) -> Repository | None:
    """A repository with its languages, software entry and account."""
    return await (
        Repository.filter(id=repository_id)
        .select_related("software", "account")
        .prefetch_related("languages")
        .first()
    )
