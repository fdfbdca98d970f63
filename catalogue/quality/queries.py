# SPDX-License-Identifier: EUPL-1.2
"""The quality signals of entries, computed in sets from what is stored: the facts of any
number of entries in five queries a chunk (the entries, their active repositories, which have
known components, their open advisories past the embargo, their decisions in force), judged by
catalogue.quality_signals. Nothing is stored, so nothing goes stale after a harvest, an SBOM,
a vulnerability check or a decision: every read judges what is there now.

Only public facts are read: advisories count once their embargo has ended, as on the
component pages, so that a checklist or a filter never discloses an embargoed exposure."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from catalogue.components.models import Dependency
from catalogue.quality_signals import (
    ACTIVITY_WINDOW,
    EntryFacts,
    RepositoryFacts,
    Signal,
    State,
    Verdict,
    assess,
)
from catalogue.rows import json_value, maybe_moment, statement_rows
from catalogue.software.models import Repository, Software
from catalogue.vulnerabilities.queries import disclosed_advisories
from wooexemptions.states import IN_FORCE

CHUNK = 500  # entries per IN (…) list


async def checklists(
    software_ids: Sequence[int], *, now: datetime
) -> dict[int, tuple[Verdict, ...]]:
    """Every signal of each entry (archived ones too, when asked for by id)."""
    found: dict[int, tuple[Verdict, ...]] = {}
    for start in range(0, len(software_ids), CHUNK):
        facts = await entry_facts(list(software_ids[start : start + CHUNK]), now=now)
        found.update({key: assess(value, now=now) for key, value in facts.items()})
    return found


async def checklist(software_id: int, *, now: datetime) -> tuple[Verdict, ...]:
    return (await checklists([software_id], now=now)).get(software_id, ())


async def passing(signal: Signal, *, now: datetime) -> frozenset[int]:
    """The entries, current or archived, that pass the signal: its candidates (those with
    the data a pass needs) judged in sets."""
    candidates = await _candidates(signal, now=now)
    judged = await checklists(candidates, now=now)
    return frozenset(
        software_id
        for software_id, verdicts in judged.items()
        if any(v.signal is signal and v.state is State.PASSED for v in verdicts)
    )


async def organisation_counts(*, now: datetime) -> dict[int, tuple[int, Counter[Signal]]]:
    """Per organisation with current entries, how many it has and how many pass each signal
    (for the figures): one query, then five per 500 entries."""
    owner = dict(
        await Software.filter(archived_at__isnull=True)
        .order_by("id")
        .values_list("id", "organisation_id")
    )
    entries = Counter(owner.values())
    passed: dict[int, Counter[Signal]] = {key: Counter() for key in entries}
    for software_id, verdicts in (await checklists(list(owner), now=now)).items():
        for verdict in verdicts:
            if verdict.state is State.PASSED:
                passed[owner[software_id]][verdict.signal] += 1
    return {key: (entries[key], passed[key]) for key in entries}


async def _candidates(signal: Signal, *, now: datetime) -> list[int]:
    """A superset of the entries that can pass the signal, cheap to find."""
    repositories = Repository.filter(active=True, software_id__isnull=False)
    if signal is Signal.REUSE:
        rows: Iterable[Any] = await repositories.filter(reuse_toml__isnull=False).values_list(
            "software_id", flat=True
        )
    elif signal is Signal.SECURITY_POLICY:
        rows = await repositories.filter(security_policy__isnull=False).values_list(
            "software_id", flat=True
        )
    elif signal is Signal.ACTIVE:
        rows = await repositories.filter(
            last_activity_at__gte=now - ACTIVITY_WINDOW, archived=False
        ).values_list("software_id", flat=True)
    elif signal is Signal.LICENCE_FILE:
        rows = await Software.filter(licence__isnull=False, repositories__active=True).values_list(
            "id", flat=True
        )
    elif signal is Signal.NO_KNOWN_VULNERABILITIES:
        rows = await Dependency.filter(purl__isnull=False).values_list("software_id", flat=True)
    elif signal is Signal.PUBLICCODE:
        rows = await Software.filter(publiccode_check__isnull=False).values_list("id", flat=True)
    else:
        rows = await Software.all().values_list("id", flat=True)
    return sorted({int(row) for row in rows})


async def entry_facts(software_ids: list[int], *, now: datetime) -> dict[int, EntryFacts]:
    """What the signals read of each of these entries, in five queries of fixed SQL (no query
    is built per request: an entry's page and its API detail judge it on every read)."""
    if not software_ids:
        return {}
    marks = _marks(software_ids)
    entries = await statement_rows(
        f"SELECT id, licence, release_status, publiccode_check FROM software WHERE id IN ({marks})",
        software_ids,
    )
    repositories = await _repositories(software_ids)
    advisories = await disclosed_advisories(software_ids, now=now)
    in_force = [str(state) for state in IN_FORCE]
    decided = await statement_rows(
        f"SELECT software_id, outcome FROM decision WHERE software_id IN ({marks}) "
        f"AND state IN ({_marks(in_force)})",
        [*software_ids, *in_force],
    )
    decisions: dict[int, Any] = {row[0]: row[1] for row in decided}
    return {
        software_id: EntryFacts(
            licence=licence,
            release_status=str(status),
            publiccode=json_value(check),
            repositories=tuple(repositories.get(software_id, ())),
            advisories=advisories.get(software_id),
            decision_outcome=_value(decisions.get(software_id)),
        )
        for software_id, licence, status, check in entries
    }


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _value(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


async def _repositories(software_ids: list[int]) -> dict[int, list[RepositoryFacts]]:
    rows = await statement_rows(
        "SELECT software_id, url, archived, last_activity_at, licence_forge, licence_file, "
        "root_files, security_policy, reuse_toml, licence_texts FROM repository "
        f"WHERE software_id IN ({_marks(software_ids)}) AND active ORDER BY id",
        software_ids,
    )
    found: dict[int, list[RepositoryFacts]] = defaultdict(list)
    for software_id, url, archived, activity, forge, file, root, policy, toml, texts in rows:
        root, texts = json_value(root), json_value(texts)
        found[software_id].append(
            RepositoryFacts(
                url=url,
                archived=bool(archived),
                last_activity_at=maybe_moment(activity),
                licence_forge=forge,
                licence_file=file,
                root_files=tuple(root) if root is not None else None,
                security_policy=policy,
                reuse_toml=toml,
                licence_texts=tuple(texts) if texts is not None else None,
            )
        )
    return found
