# SPDX-License-Identifier: EUPL-1.2
"""The vulnerability check: ask OSV about every component version in the stored SBOMs, read
the advisories that are new or were modified since the last check, and record which entries'
components they affect, with the version that fixes each.

Incremental by design: every run makes the batch queries (ceil(versions / 1,000) requests, how
new advisories are learnt), but reads an advisory's details only when OSV lists it with a
modified time the catalogue has not stored. Exposures that no longer hold (the entry upgraded,
the advisory was withdrawn or narrowed) are marked resolved, never deleted: the owner's view
keeps when each was found and ended."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.components.models import Dependency
from catalogue.vulnerabilities.matching import Package, judge, package_of
from catalogue.vulnerabilities.models import Advisory, ComponentCheck, Exposure
from catalogue.vulnerabilities.osv import Listed, OsvClient, OsvError, parse_time

CHUNK = 500  # rows per IN (…) list: SQLite allows 999 variables in one statement
ACTOR = "system:osv"

T = TypeVar("T")


@dataclass(slots=True)
class CheckSummary:
    """What one check did: versions asked about, requests made, advisories read, exposures
    found and resolved."""

    versions: int = 0
    unsupported: int = 0
    batches: int = 0
    details: int = 0
    retries: int = 0
    advisories: int = 0
    found: int = 0
    resolved: int = 0
    errors: list[str] = field(default_factory=list)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def components_by_package() -> tuple[dict[str, Package], dict[str, list[int]], int]:
    """Each OSV query key's package, the dependencies with that version, and how many
    dependencies have a purl OSV cannot be asked about."""
    packages: dict[str, Package] = {}
    dependencies: dict[str, list[int]] = defaultdict(list)
    unsupported = 0
    rows = await Dependency.filter(purl__isnull=False).order_by("id").values_list("id", "purl")
    for dependency_id, purl in rows:
        package = package_of(purl)
        if package is None:
            unsupported += 1
            continue
        key = query_key(package)
        packages[key] = package
        dependencies[key].append(dependency_id)
    return packages, dependencies, unsupported


def query_key(package: Package) -> str:
    return f"{package.ecosystem}\n{package.name}\n{package.version}"


async def check_vulnerabilities(osv: OsvClient, *, now: datetime) -> CheckSummary:
    """Run one check against OSV; nothing is written when OSV fails (OsvError is reported in
    the summary's errors, and the previous state stays)."""
    summary = CheckSummary()
    packages, dependencies, summary.unsupported = await components_by_package()
    keys = sorted(packages)
    summary.versions = len(keys)
    try:
        listed = dict(
            zip(keys, await osv.query([packages[key].query() for key in keys]), strict=True)
        )
        records = await _new_records(osv, listed)
    except OsvError as error:
        summary.errors.append(str(error.message))
        return _counted(summary, osv)
    async with in_transaction():
        summary.advisories = await _store_advisories(records, now=now)
        await _store_checks(listed, now=now)
        advisories = await _advisories_of(listed)
        found, resolved = await _store_exposures(
            packages, dependencies, listed, advisories, now=now
        )
        summary.found, summary.resolved = found, resolved
    return _counted(summary, osv)


async def apply_records(records: list[dict[str, Any]], *, now: datetime) -> CheckSummary:
    """Apply OSV records at hand (the demo's, or an offline mirror's) as a check would, listing
    for each component version the records that affect it by the catalogue's own evaluation of
    their ranges; advisories not among the records are left as they are."""
    summary = CheckSummary()
    packages, dependencies, summary.unsupported = await components_by_package()
    summary.versions = len(packages)
    listed = {
        key: [
            Listed(id=record["id"], modified=parse_time(record.get("modified")))
            for record in records
            if judge(package, record.get("affected") or []).affected
        ]
        for key, package in packages.items()
    }
    async with in_transaction():
        summary.advisories = await _store_advisories(records, now=now)
        advisories = await _advisories_of(listed)
        summary.found, summary.resolved = await _store_exposures(
            packages, dependencies, listed, advisories, now=now
        )
    return summary


def _counted(summary: CheckSummary, osv: OsvClient) -> CheckSummary:
    summary.batches, summary.details, summary.retries = (
        osv.counted.batches,
        osv.counted.details,
        osv.counted.retries,
    )
    return summary


async def _new_records(osv: OsvClient, listed: dict[str, list[Listed]]) -> list[dict[str, Any]]:
    """The full records of the advisories listed with a modified time not stored yet."""
    latest: dict[str, datetime] = {}
    for items in listed.values():
        for item in items:
            latest[item.id] = max(latest.get(item.id, item.modified), item.modified)
    stored: dict[str, datetime] = {}
    for ids in chunks(sorted(latest)):
        stored.update(await Advisory.filter(id__in=list(ids)).values_list("id", "modified"))
    wanted = [key for key, modified in sorted(latest.items()) if stored.get(key) != modified]
    return [await osv.advisory(advisory_id) for advisory_id in wanted]


async def _store_advisories(records: Iterable[dict[str, Any]], *, now: datetime) -> int:
    count = 0
    for record in records:
        fields = advisory_fields(record)
        await Advisory.update_or_create(id=record["id"], defaults={**fields, "fetched_at": now})
        count += 1
    return count


def advisory_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The columns of an advisory from its OSV record (a record without its modified time is
    refused by parse_time)."""
    severity = record.get("severity") or []
    vectors = [str(item.get("score", "")) for item in severity if isinstance(item, dict)]
    label = (record.get("database_specific") or {}).get("severity", "")
    return {
        "aliases": [str(alias) for alias in record.get("aliases") or []][:50],
        "summary": str(record.get("summary") or "")[:500],
        "severity": " ".join(vectors)[:300],
        "severity_label": str(label).upper()[:20] if isinstance(label, str) else "",
        "published": parse_time(record["published"]) if record.get("published") else None,
        "modified": parse_time(record.get("modified")),
        "withdrawn": parse_time(record["withdrawn"]) if record.get("withdrawn") else None,
        "affected": [entry for entry in record.get("affected") or [] if isinstance(entry, dict)],
        "references": [
            str(item.get("url"))
            for item in record.get("references") or []
            if isinstance(item, dict) and item.get("url")
        ][:20],
    }


async def _store_checks(listed: dict[str, list[Listed]], *, now: datetime) -> None:
    """Record what OSV answered per version: every row's time is set, but only the rows whose
    advisories changed are rewritten (an unchanged re-run writes a few statements, not one
    per version)."""
    answers = {
        key: {item.id: item.modified.isoformat() for item in items} for key, items in listed.items()
    }
    keys = sorted(answers)
    for chunk in chunks(keys):
        stored = dict(
            await ComponentCheck.filter(query__in=list(chunk)).values_list("query", "advisories")
        )
        await ComponentCheck.filter(query__in=list(chunk)).update(checked_at=now)
        await ComponentCheck.bulk_create(
            [
                ComponentCheck(query=key, advisories=answers[key], checked_at=now)
                for key in chunk
                if key not in stored
            ]
        )
        for key in chunk:
            if key in stored and stored[key] != answers[key]:
                await ComponentCheck.filter(query=key).update(advisories=answers[key])


async def _advisories_of(listed: dict[str, list[Listed]]) -> dict[str, Advisory]:
    ids = sorted({item.id for items in listed.values() for item in items})
    found: dict[str, Advisory] = {}
    for chunk in chunks(ids):
        found.update(
            {advisory.id: advisory for advisory in await Advisory.filter(id__in=list(chunk))}
        )
    return found


async def _store_exposures(
    packages: dict[str, Package],
    dependencies: dict[str, list[int]],
    listed: dict[str, list[Listed]],
    advisories: dict[str, Advisory],
    *,
    now: datetime,
) -> tuple[int, int]:
    """Open an exposure for each (dependency, advisory) that now holds; resolve those that no
    longer do. Returns (found, resolved)."""
    holds: dict[tuple[int, str], str | None] = {}
    for key, items in listed.items():
        for item in items:
            advisory = advisories.get(item.id)
            if advisory is None or advisory.withdrawn is not None:
                continue
            verdict = judge(packages[key], advisory.affected)
            if verdict.affected:
                for dependency_id in dependencies[key]:
                    holds[(dependency_id, item.id)] = verdict.fixed
    open_rows = await Exposure.filter(resolved_at__isnull=True)
    open_now = {(row.dependency_id, row.advisory_id): row for row in open_rows}
    resolved = 0
    for pair, row in open_now.items():
        if pair not in holds:
            row.resolved_at = now
            await row.save(update_fields=["resolved_at"])
            resolved += 1
        elif row.fixed_version != holds[pair]:
            row.fixed_version = holds[pair]
            await row.save(update_fields=["fixed_version"])
    new = [pair for pair in sorted(holds) if pair not in open_now]
    if not new:
        return 0, resolved
    earlier = await _resolved_exposures(new)
    facts = await _dependency_facts(sorted({dependency_id for dependency_id, _ in new}))
    for dependency_id, advisory_id in new:
        fixed = holds[(dependency_id, advisory_id)]
        exposure = earlier.get((dependency_id, advisory_id))
        if exposure is None:
            exposure = await Exposure.create(
                dependency_id=dependency_id,
                advisory_id=advisory_id,
                fixed_version=fixed,
                first_seen_at=now,
            )
        else:  # resolved before, holds again: a new finding, a new embargo
            exposure.resolved_at, exposure.fixed_version, exposure.first_seen_at = None, fixed, now
            await exposure.save(update_fields=["resolved_at", "fixed_version", "first_seen_at"])
        await _record_found(exposure, facts[dependency_id])
    return len(new), resolved


async def _resolved_exposures(pairs: list[tuple[int, str]]) -> dict[tuple[int, str], Exposure]:
    """The resolved exposures of these (dependency, advisory) pairs, read a chunk at a time."""
    found: dict[tuple[int, str], Exposure] = {}
    wanted = set(pairs)
    dependency_ids = sorted({dependency_id for dependency_id, _ in pairs})
    for chunk in chunks(dependency_ids):
        for row in await Exposure.filter(dependency_id__in=list(chunk), resolved_at__isnull=False):
            if (row.dependency_id, row.advisory_id) in wanted:
                found[(row.dependency_id, row.advisory_id)] = row
    return found


async def _dependency_facts(dependency_ids: list[int]) -> dict[int, tuple[int, int, str | None]]:
    """Per dependency: its software, that software's organisation, and its purl."""
    facts: dict[int, tuple[int, int, str | None]] = {}
    for chunk in chunks(dependency_ids):
        rows = await Dependency.filter(id__in=list(chunk)).values_list(
            "id", "software_id", "software__organisation_id", "purl"
        )
        facts.update({row[0]: (row[1], row[2], row[3]) for row in rows})
    return facts


async def _record_found(exposure: Exposure, facts: tuple[int, int, str | None]) -> None:
    software_id, organisation_id, purl = facts
    await record_event(
        actor=ACTOR,
        action=Action.VULNERABILITY_AFFECT,
        target=("Exposure", str(exposure.pk)),
        organisation_id=organisation_id,
        after={
            "advisory": exposure.advisory_id,
            "software": software_id,
            "component": purl,
            "fixed_version": exposure.fixed_version,
        },
    )
