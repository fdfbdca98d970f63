# SPDX-License-Identifier: EUPL-1.2
"""What every export reads: a software entry with its organisation, repositories, decision in
force and provenance, as plain frozen values, streamed from the database in batches.

Memory stays constant however large the catalogue is: entries are read in batches of
`BATCH_SIZE` by ascending id (keyset, no OFFSET), with a fixed number of queries per batch.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count, Max
from tortoise.queryset import QuerySet

from catalogue.federation.models import FederatedEntry
from catalogue.organisations.models import Organisation
from catalogue.rows import Row, json_value, maybe_moment, moment, rows_of
from catalogue.software.models import Repository, RepositoryLanguage, Software
from catalogue.software.queries import SoftwareFilters, searched, software_queryset
from wooexemptions.models import Appeal, Decision, WooRequest
from wooexemptions.rules import DecisionContent
from wooexemptions.services import content_of
from wooexemptions.states import IN_FORCE

BATCH_SIZE = 2000


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    id: int
    slug: str
    name: str
    kind: str  # catalogue.models.OrganisationKind value
    tooi_uri: str | None
    oin: str | None
    website: str | None


@dataclass(frozen=True, slots=True)
class RepositoryRecord:
    url: str
    forge: str  # catalogue.models.ForgeKind value
    full_name: str
    description: str
    topics: tuple[str, ...]
    languages: tuple[str, ...]  # primary language first
    archived: bool
    active: bool  # still listed by its code-host account
    stars: int
    forks: int
    licence_forge: str | None
    has_publiccode: bool
    created_on_host_at: datetime | None
    last_activity_at: datetime | None


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """The published version of the software's release decision that is in force."""

    id: int
    version: int
    state: str  # published or review_due
    content: DecisionContent  # outcome, scope items with grounds and motivations, dates
    published_on: date | None
    updated_at: datetime
    besluit: Besluit | None = None  # the formal besluit, where the register records it
    inventory_items: int = 0  # items of its inventory; its inventarislijst is published if any

    @property
    def ground_codes(self) -> tuple[str, ...]:
        """The Woo grounds applied anywhere in the decision, in the order first applied."""
        codes = (use.code for item in self.content.items for use in item.grounds)
        return tuple(dict.fromkeys(codes))


@dataclass(frozen=True, slots=True)
class Besluit:
    """What the register records of the formal besluit (never the requester: that is private):
    the basis (proactive or on a request), the day it was made known, who decided and the
    function that signed, where the besluit and its inventarislijst are published, the commit(s)
    it covers, and whether this version carries out an objection or ruling."""

    basis: str
    made_known_on: date | None
    bestuursorgaan: str
    signatory: str
    besluit_url: str
    inventory_url: str
    covers: str
    disclosure_only: bool
    follows_appeal: bool
    # The Woo-verzoek it decides (never who asked) and the objection or ruling it carries out.
    request_zaaknummer: str = ""
    request_received_on: date | None = None
    appeal_kind: str = ""
    appeal_court: str = ""
    appeal_ecli: str = ""
    appeal_outcome: str = ""


def besluit_of(decision: Any) -> Besluit:
    """The public facts of a decision row's formal besluit."""
    return Besluit(
        basis=str(getattr(decision.basis, "value", decision.basis)),
        made_known_on=decision.made_known_on,
        bestuursorgaan=decision.bestuursorgaan,
        signatory=decision.signatory,
        besluit_url=decision.besluit_url,
        inventory_url=decision.inventory_url,
        covers=decision.covers,
        disclosure_only=bool(decision.disclosure_only),
        follows_appeal=decision.follows_appeal_id is not None,
        **_request_and_appeal(decision),
    )


def _request_and_appeal(decision: Any) -> dict[str, Any]:
    """The public facts of the request and the appeal, where they were read with the decision
    (select_related); nothing is read here."""
    found: dict[str, Any] = {}
    request = getattr(decision, "request", None)  # a query, unless it was read with it
    if isinstance(request, WooRequest):
        found |= {
            "request_zaaknummer": request.zaaknummer,
            "request_received_on": request.received_on,
        }
    appeal = getattr(decision, "follows_appeal", None)
    if isinstance(appeal, Appeal):
        found |= {
            "appeal_kind": str(getattr(appeal.kind, "value", appeal.kind)),
            "appeal_court": appeal.court,
            "appeal_ecli": appeal.ecli,
            "appeal_outcome": str(getattr(appeal.outcome, "value", appeal.outcome) or ""),
        }
    return found


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a federated entry came from."""

    catalogue_url: str
    catalogue_name: str
    remote_id: str
    remote_url: str | None
    remote_updated_at: datetime | None
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class ExportRecord:
    id: int
    name: str
    description_nl: str
    description_en: str
    release_status: str  # catalogue.models.ReleaseStatus value
    licence: str | None  # normalised SPDX expression
    development_status: str | None
    maintenance_type: str | None
    homepage: str | None
    software_type: str | None
    categories: tuple[str, ...]
    platforms: tuple[str, ...]
    publiccode_yml: str | None  # the harvested file, verbatim
    publiccode_valid: bool | None  # None when there is no file
    source: str  # catalogue.models.RecordSource value
    archived: bool
    created_at: datetime
    updated_at: datetime
    organisation: OrganisationRecord
    repositories: tuple[RepositoryRecord, ...]
    decision: DecisionRecord | None
    provenance: Provenance | None

    @property
    def repository_url(self) -> str | None:
        """The first repository's address, if any is public."""
        return self.repositories[0].url if self.repositories else None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for repo in self.repositories for name in repo.languages))

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(topic for repo in self.repositories for topic in repo.topics))

    @property
    def last_activity_at(self) -> datetime | None:
        moments = [r.last_activity_at for r in self.repositories if r.last_activity_at]
        return max(moments, default=None)


async def stream_records(
    filters: SoftwareFilters | None = None, *, batch_size: int = BATCH_SIZE
) -> AsyncIterator[ExportRecord]:
    """Every entry matching the filters (all non-archived entries by default), by id."""
    async for batch in stream_batches(filters, batch_size=batch_size):
        for record in batch.records():
            yield record


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch of entries as the database gave them, read by position: what `records()`
    makes records of (code.json reads less: catalogue.exports.lean).

    `rows` are the entries' rows (_COLUMNS, by id); `repositories` each entry's repository
    rows (_REPOSITORY_COLUMNS, by full name), `languages` each repository's languages (primary
    first); `decisions` and `provenance` the few entries that have one."""

    rows: list[Row]
    repositories: dict[int, list[Row]]
    languages: dict[int, list[str]]
    decisions: dict[int, Decision]
    provenance: dict[int, FederatedEntry]

    def repository_records(self, software_id: int) -> tuple[RepositoryRecord, ...]:
        return tuple(
            _repository(row, self.languages) for row in self.repositories.get(software_id, ())
        )

    def record(self, row: Row, organisations: dict[int, OrganisationRecord]) -> ExportRecord:
        """The record of one of the batch's rows."""
        software_id = row[0]
        return _record(
            row,
            organisations,
            self.repository_records(software_id),
            self.decisions.get(software_id),
            self.provenance.get(software_id),
        )

    def records(self) -> list[ExportRecord]:
        organisations: dict[int, OrganisationRecord] = {}
        return [self.record(row, organisations) for row in self.rows]


async def stream_batches(
    filters: SoftwareFilters | None = None, *, batch_size: int = BATCH_SIZE
) -> AsyncIterator[Batch]:
    """The entries matching the filters (all non-archived entries by default), by id, a batch
    of `batch_size` at a time, five queries a batch."""
    query = software_queryset(await searched(filters or SoftwareFilters()))
    last_id = 0
    while True:
        rows = await rows_of(
            query.filter(id__gt=last_id).order_by("id").limit(batch_size).values_list(*_COLUMNS)
        )
        if not rows:
            return
        yield await _batch(rows)
        last_id = rows[-1][0]
        if len(rows) < batch_size:
            return


async def record_of(software_id: int) -> ExportRecord | None:
    """One entry, archived or not."""
    records = await records_of([software_id])
    return records[0] if records else None


async def records_of(software_ids: Iterable[int]) -> list[ExportRecord]:
    """The entries with these ids, archived or not, by id, in five queries however many."""
    ids = sorted(set(software_ids))
    if not ids:
        return []
    query = Software.filter(id__in=ids).order_by("id").values_list(*_COLUMNS)
    return await _records(await rows_of(query))


# Read as plain rows (catalogue.exports.rows): the entry's columns, then its organisation's.
_COLUMNS = (
    "id",
    "name",
    "description_nl",
    "description_en",
    "release_status",
    "licence",
    "development_status",
    "maintenance_type",
    "homepage",
    "software_type",
    "categories",
    "platforms",
    "publiccode_yml",
    "publiccode_check",
    "source",
    "archived_at",
    "created_at",
    "updated_at",
    "organisation__id",
    "organisation__slug",
    "organisation__name",
    "organisation__kind",
    "organisation__tooi_uri",
    "organisation__oin",
    "organisation__website",
)
_REPOSITORY_COLUMNS = (
    "id",
    "software_id",
    "url",
    "forge",
    "full_name",
    "description",
    "topics",
    "archived",
    "active",
    "stars",
    "forks",
    "licence_forge",
    "has_publiccode",
    "created_on_host_at",
    "last_activity_at",
)


def software_ids_filter(ids: list[int]) -> dict[str, Any]:
    """A filter on software_id for a batch of ids in ascending order: a range when the batch
    is dense (every entry, in id order: a short statement the index answers), else the ids."""
    if ids[-1] - ids[0] < 2 * len(ids):
        return {"software_id__gte": ids[0], "software_id__lte": ids[-1]}
    return {"software_id__in": ids}


async def _records(rows: list[Row]) -> list[ExportRecord]:
    """Records for a batch of entries' rows (by id), in four more queries."""
    if not rows:
        return []
    return (await _batch(rows)).records()


async def _batch(rows: list[Row]) -> Batch:
    """What goes with a batch of entries' rows (by id), in four more queries."""
    ids = [row[0] for row in rows]
    wanted = set(ids)
    within = software_ids_filter(ids)
    repositories: dict[int, list[Row]] = defaultdict(list)
    # By entry first: the index on software_id gives that order, so the database sorts each
    # entry's few repositories rather than the whole batch's (each entry's list is the same).
    ordered = Repository.filter(**within).order_by("software_id", "full_name", "id")
    for row in await rows_of(ordered.values_list(*_REPOSITORY_COLUMNS)):
        if row[1] in wanted:  # in the batch's range of ids, but maybe not of the batch
            repositories[row[1]].append(row)
    languages: dict[int, list[str]] = defaultdict(list)
    for repository_id, name in await rows_of(
        RepositoryLanguage.filter(**{f"repository__{k}": v for k, v in within.items()})
        .order_by("repository_id", "position")
        .values_list("repository_id", "name")
    ):
        languages[repository_id].append(name)
    decisions = {
        d.software_id: d
        for d in await Decision.filter(**within, state__in=list(IN_FORCE)).select_related(
            "request", "follows_appeal"
        )
        if d.software_id in wanted
    }
    provenance = {
        f.software_id: f for f in await FederatedEntry.filter(**within) if f.software_id in wanted
    }
    return Batch(rows, dict(repositories), dict(languages), decisions, provenance)


def _repository(row: Row, languages: dict[int, list[str]]) -> RepositoryRecord:
    return RepositoryRecord(
        url=row[2],
        forge=row[3],
        full_name=row[4],
        description=row[5],
        topics=tuple(json_value(row[6]) or ()),
        languages=tuple(languages.get(row[0], ())),
        archived=bool(row[7]),
        active=bool(row[8]),
        stars=row[9],
        forks=row[10],
        licence_forge=row[11],
        has_publiccode=bool(row[12]),
        created_on_host_at=maybe_moment(row[13]),
        last_activity_at=maybe_moment(row[14]),
    )


def _organisation(row: Row, known: dict[int, OrganisationRecord]) -> OrganisationRecord:
    """The organisation of an entry's row, made once per batch."""
    found = known.get(row[18])
    if found is None:
        found = known[row[18]] = OrganisationRecord(
            id=row[18],
            slug=row[19],
            name=row[20],
            kind=row[21],
            tooi_uri=row[22],
            oin=row[23],
            website=row[24],
        )
    return found


def _record(
    row: Row,
    organisations: dict[int, OrganisationRecord],
    repositories: Iterable[RepositoryRecord],
    decision: Decision | None,
    federated: FederatedEntry | None,
) -> ExportRecord:
    publiccode_yml = row[12]
    check = json_value(row[13]) if publiccode_yml is not None else None
    return ExportRecord(
        id=row[0],
        name=row[1],
        description_nl=row[2],
        description_en=row[3],
        release_status=row[4],
        licence=row[5],
        development_status=row[6] or None,
        maintenance_type=row[7] or None,
        homepage=row[8],
        software_type=row[9],
        categories=tuple(json_value(row[10]) or ()),
        platforms=tuple(json_value(row[11]) or ()),
        publiccode_yml=publiccode_yml,
        publiccode_valid=None if publiccode_yml is None else bool((check or {}).get("valid")),
        source=row[14],
        archived=row[15] is not None,
        created_at=moment(row[16]),
        updated_at=moment(row[17]),
        organisation=_organisation(row, organisations),
        repositories=tuple(repositories),
        decision=None if decision is None else _decision(decision),
        provenance=None if federated is None else _provenance(federated),
    )


def _decision(decision: Decision) -> DecisionRecord:
    return DecisionRecord(
        id=decision.id,
        version=decision.version,
        state=str(decision.state),
        content=content_of(decision),
        published_on=decision.published_on,
        updated_at=decision.updated_at,
        besluit=besluit_of(decision),
        inventory_items=decision.inventory_size,
    )


def _provenance(federated: FederatedEntry) -> Provenance:
    return Provenance(
        catalogue_url=federated.catalogue_url,
        catalogue_name=federated.catalogue_name,
        remote_id=federated.remote_id,
        remote_url=federated.remote_url,
        remote_updated_at=federated.remote_updated_at,
        imported_at=federated.imported_at,
    )


async def fingerprint(
    filters: SoftwareFilters | None = None, *, software: QuerySet[Software] | None = None
) -> str:
    """A short hash that changes whenever an export of these entries (those matching the
    filters, or the `software` given) would: their number and the latest change to any of
    them, their repositories, the decisions in force, their provenance, or any organisation
    (whose names every export writes). Five aggregate queries; the basis of exports' ETags."""
    if software is None:
        software = software_queryset(await searched(filters or SoftwareFilters()))
    query = software
    ids = Subquery(query.values("id"))
    latest = {"n": Count("id"), "latest": Max("updated_at")}
    entries = await query.annotate(**latest).values_list("n", "latest")
    repositories = await (
        Repository.filter(software_id__in=ids).annotate(**latest).values_list("n", "latest")
    )
    decisions = await (
        Decision.filter(software_id__in=ids, state__in=list(IN_FORCE))
        .annotate(**latest)
        .values_list("n", "latest")
    )
    provenance = await (
        FederatedEntry.filter(software_id__in=ids)
        .annotate(n=Count("id"), latest=Max("imported_at"))
        .values_list("n", "latest")
    )
    organisations = await Organisation.all().annotate(**latest).values_list("n", "latest")
    text = repr((entries, repositories, decisions, provenance, organisations))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
