# SPDX-License-Identifier: EUPL-1.2
"""Reads of collections: the list, one collection with the readiness of each entry, its
export records and the fingerprint that validates its exports."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, cast

from tortoise.expressions import Subquery
from tortoise.functions import Count

from catalogue import publiccode
from catalogue.collections import readiness
from catalogue.collections.models import MAX_SLUG, Collection, CollectionEntry
from catalogue.components.models import Dependency
from catalogue.errors import Invalid, NotFound
from catalogue.exports import records
from catalogue.exports.records import ExportRecord, records_of
from catalogue.messages import Message
from catalogue.quality import queries as quality
from catalogue.quality_signals import Signal, State, Verdict
from catalogue.software.models import Software
from catalogue.vulnerabilities.queries import disclosed_advisories


@dataclass(frozen=True, slots=True)
class CollectionSummary:
    """A collection with the number of entries in it."""

    collection: Collection
    entry_count: int


@dataclass(frozen=True, slots=True)
class EntryView:
    """One entry of a collection: its place and role, the catalogue entry, and its readiness."""

    entry: CollectionEntry
    record: ExportRecord
    readiness: readiness.Readiness
    reusers: tuple[str, ...]  # the distinct organisations known to use it
    quality: tuple[Verdict, ...] = ()  # its quality signals (catalogue.quality_signals)
    advisories: tuple[str, ...] | None = None  # open and past embargo; None: components unknown


@dataclass(frozen=True, slots=True)
class CollectionView:
    """A collection with its entries in order, each judged for readiness."""

    collection: Collection
    entries: tuple[EntryView, ...]
    assessed_at: datetime

    @property
    def ready(self) -> int:
        return sum(view.readiness.ready for view in self.entries)

    def count(self, status: readiness.Status) -> int:
        """Entries whose overall readiness has this status."""
        return sum(view.readiness.status is status for view in self.entries)

    def tally(self, criterion: readiness.Criterion, status: readiness.Status) -> int:
        """Entries whose check of one criterion has this status."""
        return sum(
            check.criterion is criterion and check.status is status
            for view in self.entries
            for check in view.readiness.checks
        )


async def list_collections() -> list[CollectionSummary]:
    """Every collection with its number of entries, by Dutch title; one query."""
    rows = await Collection.all().annotate(entry_count=Count("entries")).order_by("title_nl", "id")
    return [CollectionSummary(row, row.entry_count) for row in rows]  # type: ignore[attr-defined]


async def collection_by_slug(slug: str) -> Collection | None:
    return await Collection.get_or_none(slug=slug) if len(slug) <= MAX_SLUG else None


async def entry_of(collection: Collection, software_id: Any) -> CollectionEntry:
    """The collection's entry for a software id; NotFound when there is none."""
    number = software_id_of(software_id)
    entry = await CollectionEntry.get_or_none(collection=collection, software_id=number)
    if entry is None:
        raise NotFound(f"entry {number} is not in the collection")
    return entry


async def collection_view(collection: Collection, *, now: datetime | None = None) -> CollectionView:
    """The collection's entries in order with their readiness and quality signals; fourteen
    queries however many (up to 500 entries)."""
    now = now or datetime.now(UTC)
    entries = await CollectionEntry.filter(collection=collection).order_by("position", "id")
    records = {record.id: record for record in await records_of(e.software_id for e in entries)}
    dependants = await _dependants(records.values())
    advisories = await disclosed_advisories(list(records), now=now)
    signals = await quality.checklists(list(records), now=now)
    views = []
    for entry in entries:
        record = records.get(entry.software_id)
        if record is None:  # deleted since the entries were read
            continue
        checked = signals.get(record.id, ())
        facts = replace(
            entry_facts(record, dependants.get(record.id, ()), advisories.get(record.id)),
            security_policy=security_policy(checked),
        )
        judged = readiness.assess(facts, now=now)
        views.append(
            EntryView(entry, record, judged, readiness.reusers(facts), checked, facts.advisories)
        )
    return CollectionView(collection, tuple(views), now)


async def collection_records(collection: Collection) -> list[ExportRecord]:
    """The export records of the collection's entries, in the collection's order."""
    order = await entry_order(collection)
    records = {record.id: record for record in await records_of(order)}
    return [records[software_id] for software_id in order if software_id in records]


async def _dependants(records: Any) -> dict[int, tuple[str, ...]]:
    """For each entry, the organisations of other current software that depends on it; one
    query for all entries (see readiness.component_keys)."""
    keys_of = {
        record.id: readiness.component_keys(record.name, (r.url for r in record.repositories))
        for record in records
    }
    entries_by_key: dict[str, list[int]] = defaultdict(list)
    for software_id, keys in keys_of.items():
        for key in keys:
            entries_by_key[key].append(software_id)
    if not entries_by_key:
        return {}
    rows = await (
        Dependency.filter(key__in=list(entries_by_key), software__archived_at__isnull=True)
        .order_by("id")
        .values_list("key", "software_id", "software__organisation__name")
    )
    found: dict[int, dict[str, None]] = defaultdict(dict)
    for key, user_id, organisation in rows:
        for software_id in entries_by_key[key]:
            if software_id != user_id:
                found[software_id][organisation] = None
    return {software_id: tuple(names) for software_id, names in found.items()}


def security_policy(verdicts: tuple[Verdict, ...]) -> tuple[Message, ...] | None:
    """What the security-policy signal found, for readiness: its evidence when passed, ()
    when failed, None when unknown."""
    for verdict in verdicts:
        if verdict.signal is Signal.SECURITY_POLICY:
            if verdict.state is State.PASSED:
                return verdict.evidence
            return () if verdict.state is State.FAILED else None
    return None


def declared_users(text: str | None) -> tuple[str, ...] | None:
    """The usedBy list of a publiccode.yml; None without a file or when it cannot be read."""
    if text is None:
        return None
    data = publiccode.validate(text).data
    if data is None:
        return None
    used_by = data.get("usedBy")
    items = used_by if isinstance(used_by, list) else []
    return tuple(item.strip() for item in items if isinstance(item, str) and item.strip())


def entry_facts(
    record: ExportRecord,
    dependants: tuple[str, ...],
    advisories: tuple[str, ...] | None = None,
) -> readiness.EntryFacts:
    """What the readiness checks read, from an export record, the entry's dependants and the
    open advisories on its components past the embargo (None: its components are unknown)."""
    decision = record.decision
    withheld = (
        tuple(item.name or item.kind.value for item in decision.content.items if item.withheld)
        if decision
        else ()
    )
    return readiness.EntryFacts(
        licence=record.licence,
        has_publiccode=record.publiccode_yml is not None,
        publiccode_valid=bool(record.publiccode_valid),
        maintenance_type=record.maintenance_type,
        repositories=tuple(
            readiness.RepositoryFacts(r.url, r.archived, r.active, r.last_activity_at)
            for r in record.repositories
        ),
        owner=record.organisation.name,
        dependants=dependants,
        declared_users=declared_users(record.publiccode_yml),
        release_status=record.release_status,
        withheld_parts=withheld,
        decision_outcome=str(decision.content.outcome) if decision else None,
        advisories=advisories,
    )


async def fingerprint(collection: Collection) -> str:
    """A short hash that changes whenever the collection's DCAT-AP would: the collection itself
    (adding, removing or reordering entries touches it) and the export fingerprint of its
    entries, archived ones included."""
    stamp = await Collection.filter(id=collection.pk).values_list("updated_at", flat=True)
    ids = Subquery(CollectionEntry.filter(collection_id=collection.pk).values("software_id"))
    entries = await records.fingerprint(software=Software.filter(id__in=ids))
    return hashlib.sha256(repr((collection.pk, stamp, entries)).encode()).hexdigest()[:32]


async def collections_by_title(limit: int = 50) -> list[Collection]:
    """Collections by their Dutch title, for the open-data page's list."""
    return await Collection.all().order_by("title_nl", "id").limit(limit)


async def entry_order(collection: Collection) -> list[int]:
    """The ids of the collection's entries' software, in the collection's order."""
    query = CollectionEntry.filter(collection=collection).order_by("position", "id")
    return cast("list[int]", await query.values_list("software_id", flat=True))


def software_id_of(value: Any) -> int:
    text = str(value).strip() if isinstance(value, int | str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise Invalid({"software": Message("give the number of a catalogue entry")})
    return int(text)
