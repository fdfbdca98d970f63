# SPDX-License-Identifier: EUPL-1.2
"""Reads from the catalogue: lists with filters, sorting and pages, and details.

Every list costs a fixed number of queries, whatever the page size (no N+1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.functions import Count
from tortoise.query_utils import Prefetch
from tortoise.queryset import QuerySet, ValuesQuery

from catalogue.licences import LicenceError, explain, identifier
from catalogue.organisations.kinds import ForgeKind, OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.organisations.queries import organisation_named
from catalogue.paging import Page, PageRequest
from catalogue.rows import Row, moment, statement_rows
from catalogue.software import listing, search
from catalogue.software.models import (
    DevelopmentStatus,
    ReleaseStatus,
    Repository,
    RepositoryLanguage,
    Software,
    SoftwareLicence,
)
from catalogue.urls import UrlError, canonical_url

SOFTWARE_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
RELEVANCE = listing.RELEVANCE  # with free text, the most relevant first; else by name
BadPage = listing.BadPage
REPOSITORY_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "id"),
    "-name": ("-full_name", "-id"),
    "stars": ("stars", "id"),
    "-stars": ("-stars", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


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
    # Only these entries, e.g. those passing a quality signal (catalogue.quality judges them,
    # above this package: the web handler fills it in).
    only: frozenset[int] | None = None


async def searched(filters: SoftwareFilters) -> SoftwareFilters:
    """The filters, once the search index holds every write so far (free text is looked up
    in it); unchanged."""
    if filters.q:
        await search.refresh()
    return filters


async def software_filters(values: Mapping[str, Any]) -> SoftwareFilters:
    """The filters from checked plain values named as the list's query parameters (the API, the
    pages, `opentenzij export csv`); a missing one filters nothing. Raises UnknownOrganisation
    or LicenceError when the organisation or the licence names none."""
    slug, licence = values.get("organisation"), values.get("licence")
    status, kind = values.get("release_status"), values.get("organisation_kind")
    stage = values.get("development_status")
    return SoftwareFilters(
        q=values.get("q"),
        organisation=await organisation_named(slug) if slug is not None else None,
        licence=identifier(licence) if licence is not None else None,
        language=values.get("language"),
        release_status=ReleaseStatus(status) if status else None,
        archived=bool(values.get("archived")),
        sort=values.get("sort") or (RELEVANCE if values.get("q") else "name"),
        organisation_kind=OrganisationKind(kind) if kind else None,
        development_status=DevelopmentStatus(stage) if stage else None,
        publiccode=values.get("publiccode"),
    )


@dataclass(frozen=True, slots=True)
class ListedOrganisation:
    """The organisation of a listed entry: what a list shows of it."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ListedSoftware:
    """What a list shows of a software entry, read from one plain row (LISTED_SQL), not as a
    model object: the fields of Software that the list's page and resource show."""

    id: int
    name: str
    description_nl: str
    description_en: str
    release_status: ReleaseStatus
    licence: str | None
    source: RecordSource
    created_at: datetime
    updated_at: datetime
    organisation: ListedOrganisation

    @property
    def pk(self) -> int:
        return self.id

    @classmethod
    def of(cls, row: Row) -> ListedSoftware:
        """The entry of a row of LISTED_SQL."""
        id, name, nl, en, status, licence, source, created, updated, slug, owner = row
        return cls(
            id, name, nl, en, ReleaseStatus(status), licence, RecordSource(source),
            moment(created), moment(updated), ListedOrganisation(slug, owner),
        )  # fmt: skip


@dataclass(slots=True)
class SoftwareSummary:
    """A software entry with what a list shows of its repositories."""

    software: ListedSoftware
    languages: list[str] = field(default_factory=list)
    repository_count: int = 0


# The listed entries of a page, in LISTED_SQL's column order (ListedSoftware.of); `{marks}`
# one `?` per id.
LISTED_SQL = (
    "SELECT s.id, s.name, s.description_nl, s.description_en, s.release_status, s.licence, "
    "s.source, s.created_at, s.updated_at, o.slug, o.name "
    "FROM software s JOIN organisation o ON o.id = s.organisation_id WHERE s.id IN ({marks})"
)


def software_queryset(filters: SoftwareFilters) -> QuerySet[Software]:
    """The software entries matching the filters, unordered (for exports and figures; the
    list itself is catalogue.software.listing). Free text must have been `searched` first."""
    query = Software.filter(archived_at__isnull=not filters.archived)
    if filters.q:
        parsed = search.parse(filters.q)
        if not parsed:
            return query.filter(id__in=[])
        postgres = search.is_postgres()
        found = search.match(parsed, postgres=postgres)
        literal = search.inline(found.source, found.params, postgres=postgres)
        ids = f'"software"."id" IN (SELECT id FROM ({literal}) m)'
        query = query.annotate(found=RawSQL(ids)).filter(found=True)
    if filters.organisation is not None:
        query = query.filter(organisation_id=filters.organisation.pk)
    if filters.release_status is not None:
        query = query.filter(release_status=filters.release_status)
    if filters.licence:
        licensed = SoftwareLicence.filter(identifier=filters.licence).values("software_id")
        query = query.filter(id__in=Subquery(licensed))
    if filters.language:  # the list's own set (listing.LANGUAGE_ENTRIES)
        entries = search.inline(
            listing.LANGUAGE_ENTRIES, [filters.language.lower()], postgres=search.is_postgres()
        )
        query = query.annotate(in_language=RawSQL(f'"software"."id" IN ({entries})'))
        query = query.filter(in_language=True)
    if filters.organisation_kind is not None:
        query = query.filter(organisation__kind=filters.organisation_kind)
    if filters.development_status is not None:
        query = query.filter(development_status=filters.development_status)
    if filters.publiccode is not None:
        query = query.filter(publiccode_yml__isnull=not filters.publiccode)
    if filters.only is not None:
        query = query.filter(id__in=sorted(filters.only))
    return query


def _repositories_with_language(language: str) -> ValuesQuery[Literal[False]]:
    return RepositoryLanguage.filter(key=language.lower()).values("repository_id")


def _languages_in_order(relation: str = "languages") -> Prefetch:
    return Prefetch(relation, queryset=RepositoryLanguage.all().order_by("position"))


async def list_software(filters: SoftwareFilters, page: PageRequest) -> Page[SoftwareSummary]:
    """One page of software entries matching the filters, with languages and repository
    counts; in order of relevance when sorted so and searched. A fixed number of queries: the
    count (capped), the page's ids (one statement with the count when ranked), its entries,
    their repositories and languages."""
    filters = await searched(filters)
    if filters.sort == RELEVANCE and filters.q and search.parse(filters.q):
        ids, cursor, counted = await listing.ranked_page(filters, page)
    else:
        counted = await listing.count(filters)
        ids, cursor = await listing.page_ids(filters, page)
    summaries = [SoftwareSummary(software) for software in await listed(ids)]
    await _add_repository_facts(summaries)
    return Page(
        summaries,
        counted.total,
        page,
        next_cursor=cursor,
        capped=counted.capped,
        estimated=counted.estimated,
    )


async def listed(ids: list[int]) -> list[ListedSoftware]:
    """The entries of these ids that exist, in the order of the ids, as a list shows them."""
    if not ids:
        return []
    sql = LISTED_SQL.format(marks=", ".join("?" * len(ids)))
    found = {entry.id: entry for entry in map(ListedSoftware.of, await statement_rows(sql, ids))}
    return [found[id] for id in ids if id in found]


async def suggestions(q: str) -> list[str]:
    """Words to search for instead of a query that found nothing."""
    return await search.suggest(q)


async def _add_repository_facts(summaries: list[SoftwareSummary]) -> None:
    """Repository counts and languages for a page of software, in one query."""
    by_id = {summary.software.pk: summary for summary in summaries}
    if not by_id:
        return
    client = search.connection()
    marks = ", ".join("?" * len(by_id))
    sql = (
        "SELECT r.id AS repository_id, r.software_id AS software_id, rl.name AS language "
        "FROM repository r LEFT JOIN repository_language rl ON rl.repository_id = r.id "
        f"WHERE r.software_id IN ({marks}) ORDER BY r.id, rl.position"
    )
    if search.is_postgres(client):
        sql = search.placeholders(sql)
    repositories: dict[int, set[int]] = defaultdict(set)
    languages: dict[int, dict[str, None]] = defaultdict(dict)
    for row in await client.execute_query_dict(sql, list(by_id)):
        repositories[row["software_id"]].add(row["repository_id"])
        if row["language"] is not None:
            languages[row["software_id"]].setdefault(row["language"], None)
    for software_id, summary in by_id.items():
        summary.repository_count = len(repositories[software_id])
        summary.languages = list(languages[software_id])


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
        software.repository_list = await (
            Repository.filter(software_id=software_id)
            .order_by("full_name", "id")
            .prefetch_related(_languages_in_order())
        )
    return software


# One entry for its API resource, read as plain rows (catalogue.rows): three fixed statements,
# whatever the number of repositories, languages and licences. The columns are read by position
# in this order by catalogue.software.web.representations.
ENTRY_SQL = (
    "SELECT s.id, s.name, s.description_nl, s.description_en, s.release_status, s.licence, "
    "s.source, s.created_at, s.updated_at, s.licence_declared, s.development_status, "
    "s.maintenance_type, s.homepage, s.publiccode_yml IS NOT NULL, s.publiccode_check, "
    "s.software_type, s.categories, s.platforms, s.findings, s.archived_at, s.edited_fields, "
    "s.harvested_fields, o.slug, o.name "
    "FROM software s JOIN organisation o ON o.id = s.organisation_id WHERE s.id = ?"
)
LICENCES_SQL = "SELECT identifier FROM software_licence WHERE software_id = ?"
REPOSITORIES_SQL = (
    "SELECT r.id, r.url, r.forge, r.full_name, r.description, r.homepage, r.topics, r.stars, "
    "r.forks, r.archived, r.mirror, r.fork_of, r.licence_forge, r.licence_file, "
    "r.has_publiccode, r.publiccode_check, r.active, r.last_activity_at, "
    "r.created_on_host_at, r.first_seen_at, r.last_seen_at, r.missing_since, r.source, "
    "rl.name FROM repository r LEFT JOIN repository_language rl ON rl.repository_id = r.id "
    "WHERE r.software_id = ? ORDER BY r.full_name, r.id, rl.position, rl.id"
)


@dataclass(frozen=True, slots=True)
class EntryRows:
    """One software entry as the database driver gives it: the row of ENTRY_SQL, its licence
    identifiers (sorted), and the rows of REPOSITORIES_SQL (its repositories by name, a row per
    language in order, one with a NULL language for a repository without)."""

    entry: Row
    licences: list[str]
    repositories: list[Row]


async def entry_rows(software_id: int) -> EntryRows | None:
    """The entry with this id as plain rows, for its API resource; None if there is none."""
    found = await statement_rows(ENTRY_SQL, [software_id])
    if not found:
        return None
    licences = await statement_rows(LICENCES_SQL, [software_id])
    repositories = await statement_rows(REPOSITORIES_SQL, [software_id])
    return EntryRows(found[0], sorted(row[0] for row in licences), repositories)


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


async def repository_at(url: str) -> Repository | None:
    """The catalogue's repository at a web address, if it has one (for logging a failure)."""
    try:
        return await Repository.filter(url__iexact=canonical_url(url)).first()
    except UrlError:
        return None


@dataclass(frozen=True, slots=True)
class Openness:
    """Two separate questions about the current entries (of one organisation, or all), since
    code can be public without any decision and a decision can be recorded for code that is
    not public: is the code *published* (a public repository that is still on its host, under
    an open-source licence or not), and is there a *decision* (and with which outcome)?"""

    total: int
    published: int  # entries with a public repository still present on its host
    published_open_licence: int  # of those, entries under an open-source licence expression
    statuses: Mapping[str, int]  # entries per release status; "undecided" has no decision

    @property
    def unpublished(self) -> int:
        return self.total - self.published

    @property
    def decided(self) -> int:
        return self.total - self.statuses[ReleaseStatus.UNDECIDED.value]

    @property
    def outcomes(self) -> dict[str, int]:
        """The decided entries per outcome (every status but undecided)."""
        undecided = ReleaseStatus.UNDECIDED.value
        return {status: n for status, n in self.statuses.items() if status != undecided}


def _is_open_source(expression: str) -> bool:
    try:
        return explain(expression).open_source
    except LicenceError:
        return False


async def openness(organisation: Organisation | None = None) -> Openness:
    """What is published and what is decided, in three queries: the licence expressions of
    the published entries are judged once per distinct expression."""
    current = Software.filter(archived_at__isnull=True)
    if organisation is not None:
        current = current.filter(organisation_id=organisation.pk)
    statuses = await release_status_counts(organisation)
    on_host = Subquery(Repository.filter(active=True).values("software_id"))
    licences = await (
        current.filter(id__in=on_host)
        .group_by("licence")
        .annotate(n=Count("id"))
        .values_list("licence", "n")
    )
    return Openness(
        total=sum(statuses.values()),
        published=sum(n for _, n in licences),
        published_open_licence=sum(n for expr, n in licences if expr and _is_open_source(expr)),
        statuses=statuses,
    )


async def same_name(name: str, organisation_id: int, limit: int = 5) -> list[Software]:
    """Current entries named `name` (whatever the case), those of the organisation first: what
    a registration under that name would duplicate."""
    entries = await (
        Software.filter(sort_name=name.strip().casefold(), archived_at__isnull=True)
        .select_related("organisation")
        .order_by("id")
        .limit(50)
    )
    entries.sort(key=lambda entry: entry.organisation_id != organisation_id)
    return entries[:limit]
