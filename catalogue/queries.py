# SPDX-License-Identifier: EUPL-1.2
"""Reads from the catalogue: lists with filters, sorting and pages, and details.

Every list costs a fixed number of queries, whatever the page size (no N+1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Max
from tortoise.query_utils import Prefetch
from tortoise.queryset import QuerySet

from catalogue.harvests import HarvestLog, HarvestRun, Outcome
from catalogue.models import (
    AuditEvent,
    DevelopmentStatus,
    ForgeKind,
    Organisation,
    OrganisationKind,
    ReleaseStatus,
    Repository,
    RepositoryLanguage,
    Software,
    SoftwareLicence,
)
from catalogue.users import Membership

T = TypeVar("T")

SOFTWARE_SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
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
    archived: bool = False
    sort: str = "name"
    organisation_kind: OrganisationKind | None = None
    development_status: DevelopmentStatus | None = None
    publiccode: bool | None = None  # has a publiccode.yml (True) or not (False)


@dataclass(slots=True)
class SoftwareSummary:
    """A software entry with what a list shows of its repositories."""

    software: Software
    languages: list[str] = field(default_factory=list)
    repository_count: int = 0


async def organisation_by_slug(slug: str) -> Organisation | None:
    return await Organisation.get_or_none(slug=slug)


def software_queryset(filters: SoftwareFilters) -> QuerySet[Software]:
    """The software entries matching the filters, unordered."""
    query = Software.filter(archived_at__isnull=not filters.archived)
    if filters.q:
        query = query.filter(search_text__contains=filters.q.casefold())
    if filters.organisation is not None:
        query = query.filter(organisation_id=filters.organisation.pk)
    if filters.release_status is not None:
        query = query.filter(release_status=filters.release_status)
    if filters.licence:
        licensed = SoftwareLicence.filter(identifier=filters.licence).values("software_id")
        query = query.filter(id__in=Subquery(licensed))
    if filters.language:
        query = query.filter(id__in=Subquery(_software_with_language(filters.language)))
    if filters.organisation_kind is not None:
        query = query.filter(organisation__kind=filters.organisation_kind)
    if filters.development_status is not None:
        query = query.filter(development_status=filters.development_status)
    if filters.publiccode is not None:
        query = query.filter(publiccode_yml__isnull=not filters.publiccode)
    return query


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


async def software_facets(filters: SoftwareFilters, limit: int = 12) -> dict[str, list[FacetValue]]:
    """For each facet, its values with counts under every *other* filter (so that choosing a
    value shows what the others would give); one query per facet."""
    found: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        without = replace(filters, **{facet: False if facet == "archived" else None})
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


def _repositories_with_language(language: str) -> QuerySet[RepositoryLanguage]:
    return RepositoryLanguage.filter(key=language.lower()).values("repository_id")


def _software_with_language(language: str) -> QuerySet[Repository]:
    # Nested IN subqueries, not a join: each uses its own index.
    repositories = Subquery(_repositories_with_language(language))
    return Repository.filter(id__in=repositories).values("software_id")


def _languages_in_order(relation: str = "languages") -> Prefetch:
    return Prefetch(relation, queryset=RepositoryLanguage.all().order_by("position"))


async def list_software(filters: SoftwareFilters, page: PageRequest) -> Page[SoftwareSummary]:
    """One page of software entries matching the filters, with languages and repository counts."""
    query = software_queryset(filters)
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
    """Repository counts and languages for a page of software, in two queries."""
    by_id = {summary.software.pk: summary for summary in summaries}
    repositories = dict(
        await Repository.filter(software_id__in=list(by_id))
        .order_by("id")
        .values_list("id", "software_id")
    )
    for software_id in repositories.values():
        by_id[software_id].repository_count += 1
    languages: dict[int, dict[str, None]] = defaultdict(dict)
    rows = await (
        RepositoryLanguage.filter(repository_id__in=list(repositories))
        .order_by("position", "repository_id")
        .values_list("repository_id", "name")
    )
    for repository_id, name in rows:
        languages[repositories[repository_id]].setdefault(name, None)
    for software_id, names in languages.items():
        by_id[software_id].languages = list(names)


async def software_detail(software_id: int) -> Software | None:
    """A software entry with its organisation and licences, and in `repository_list` its
    repositories by name, each with its languages in order."""
    software = await (
        Software.filter(id=software_id)
        .select_related("organisation")
        .prefetch_related("licences")
        .first()
    )
    if software is not None:
        # One level of prefetch per query: tortoise 1.1 can attach a nested, ordered prefetch
        # to the wrong objects when two prefetches of the same relation run at once.
        software.repository_list = await (  # type: ignore[attr-defined]
            Repository.filter(software_id=software_id)
            .order_by("full_name", "id")
            .prefetch_related(_languages_in_order())
        )
    return software


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


async def organisation_choices() -> list[tuple[str, str]]:
    """(slug, name) of every organisation by name, for a filter's choices."""
    return await Organisation.all().order_by("name").values_list("slug", "name")  # type: ignore[return-value]


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
    """How many current (not archived) software entries have each release status."""
    query = Software.filter(archived_at__isnull=True)
    if organisation is not None:
        query = query.filter(organisation_id=organisation.pk)
    rows = (
        await query.group_by("release_status").annotate(n=Count("id")).values("release_status", "n")
    )
    counts = {status.value: 0 for status in ReleaseStatus}
    counts.update({str(row["release_status"]): row["n"] for row in rows})
    return counts


async def harvest_freshness(organisation: Organisation) -> dict[int, Any]:
    """When each of the organisation's code-host accounts was last harvested (any outcome),
    by account id; one query."""
    rows = await (
        HarvestLog.filter(account__organisation_id=organisation.pk)
        .group_by("account_id")
        .annotate(last=Max("created_at"))
        .values_list("account_id", "last")
    )
    return {account_id: last for account_id, last in rows}


async def licence_counts(limit: int = 500) -> list[tuple[str, int]]:
    """Licence identifiers with the number of current software entries whose expression names
    them, most used first (a facet: EUPL-1.2 counts "EUPL-1.2 OR MIT" too)."""
    rows = await (
        SoftwareLicence.filter(software__archived_at__isnull=True)
        .group_by("identifier")
        .annotate(n=Count("software_id", distinct=True))
        .order_by("-n", "identifier")
        .limit(limit)
        .values_list("identifier", "n")
    )
    return [(identifier, n) for identifier, n in rows]


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
        query = query.filter(id__in=Subquery(_repositories_with_language(filters.language)))
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
        .prefetch_related(_languages_in_order())
    )
    return Page(rows, total, page)


async def repository_detail(repository_id: int) -> Repository | None:
    """A repository with its languages, software entry and account."""
    return await (
        Repository.filter(id=repository_id)
        .select_related("software", "account")
        .prefetch_related(_languages_in_order())
        .first()
    )


async def list_members(organisation: Organisation, page: PageRequest) -> Page[Membership]:
    """One page of the roles held in an organisation, with their users."""
    query = Membership.filter(organisation_id=organisation.pk)
    total = await query.count()
    rows = await (
        query.order_by("id")
        .offset(page.offset)
        .limit(page.per_page)
        .select_related("user", "organisation")
    )
    return Page(rows, total, page)


async def audit_events(organisation: Organisation, page: PageRequest) -> Page[AuditEvent]:
    """One page of the audit events that concern an organisation, newest first."""
    query = AuditEvent.filter(organisation_id=organisation.pk)
    total = await query.count()
    rows = await query.order_by("-id").offset(page.offset).limit(page.per_page)
    return Page(rows, total, page)


async def list_harvest_runs(page: PageRequest) -> Page[HarvestRun]:
    """One page of harvest runs, newest first."""
    total = await HarvestRun.all().count()
    rows = await HarvestRun.all().order_by("-id").offset(page.offset).limit(page.per_page)
    return Page(rows, total, page)


async def harvest_run(run_id: int) -> HarvestRun | None:
    return await HarvestRun.get_or_none(id=run_id)


async def harvest_logs(
    page: PageRequest, *, run: HarvestRun | None = None, repository_id: int | None = None
) -> Page[HarvestLog]:
    """One page of harvest outcomes of a run or of a repository, newest first."""
    query = HarvestLog.all()
    if run is not None:
        query = query.filter(run_id=run.pk)
    if repository_id is not None:
        query = query.filter(repository_id=repository_id)
    total = await query.count()
    rows = await query.order_by("-id").offset(page.offset).limit(page.per_page)
    return Page(rows, total, page)


async def harvest_failures(organisation_ids: list[int], limit: int = 20) -> list[HarvestLog]:
    """The newest failed harvest outcomes of the organisations' accounts, for their people to
    fix; one query."""
    return await (
        HarvestLog.filter(outcome=Outcome.FAILED, account__organisation_id__in=organisation_ids)
        .select_related("account")
        .order_by("-id")
        .limit(limit)
    )


async def latest_harvest_logs(repository_ids: list[int]) -> dict[int, HarvestLog]:
    """The newest harvest outcome of each repository that has one."""
    latest: dict[int, HarvestLog] = {}
    for row in await HarvestLog.filter(repository_id__in=repository_ids).order_by("id"):
        latest[row.repository_id] = row  # type: ignore[attr-defined]
    return latest
