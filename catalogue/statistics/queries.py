# SPDX-License-Identifier: EUPL-1.2
"""Figures about the current (not archived) catalogue, for the statistics page: when software
was first published, which licences it carries, and its release status per kind of organisation.

The figures cost a fixed number of queries, however large the catalogue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from tortoise.expressions import Subquery
from tortoise.functions import Count, Min

from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.quality.queries import organisation_counts
from catalogue.quality_signals import Signal
from catalogue.software.models import ReleaseStatus, Software, SoftwareLicence
from catalogue.software.queries import licence_counts

TOP_LICENCES = 10
QUARTERS_UP_TO_YEARS = 3  # a span of at most this many calendar years is shown per quarter


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """How many software entries of a group have each release status (every status, in order)."""

    counts: Mapping[str, int]

    @classmethod
    def of(cls, statuses: Iterable[tuple[str, int]]) -> StatusCounts:
        counts = dict.fromkeys(ReleaseStatus, 0)
        for status, n in statuses:
            counts[ReleaseStatus(status)] += n
        return cls({status.value: n for status, n in counts.items()})

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar year, or a quarter of one, and the entries first published in it."""

    year: int
    quarter: int | None
    statuses: StatusCounts


@dataclass(frozen=True, slots=True)
class Releases:
    """Software entries by when they were first published: the earliest creation of one of
    their repositories on its code host, else when the entry was added to the catalogue."""

    unit: Literal["year", "quarter"]
    periods: tuple[Period, ...]
    dated_by_host: int  # entries dated by a repository rather than by the catalogue

    @property
    def total(self) -> int:
        return sum(period.statuses.total for period in self.periods)


@dataclass(frozen=True, slots=True)
class Licences:
    """The most used licence identifiers, with the number of entries whose licence names each
    (an entry under "EUPL-1.2 OR MIT" counts for both), and the entries outside them."""

    top: tuple[tuple[str, int], ...]
    other: int  # entries with a licence that names none of the top identifiers
    none: int  # entries without a known licence
    total: int  # all current entries

    def share(self, count: int) -> float | None:
        """The fraction of all current entries; None when there are none."""
        return _share(count, self.total)


@dataclass(frozen=True, slots=True)
class KindStatuses:
    """The release statuses of the software of one kind of organisation."""

    kind: OrganisationKind
    statuses: StatusCounts

    @property
    def share_open(self) -> float | None:
        """The fraction of the decided entries released as open source; None without any
        decided entry (an entry without a decision is not "not open": nobody decided yet)."""
        decided = self.statuses.total - self.statuses.counts[ReleaseStatus.UNDECIDED.value]
        return _share(self.statuses.counts[ReleaseStatus.OPEN.value], decided)


@dataclass(frozen=True, slots=True)
class Statistics:
    """Every figure of the statistics page, and the day they were read."""

    releases: Releases
    licences: Licences
    kinds: tuple[KindStatuses, ...]
    as_of: date

    @property
    def total(self) -> int:
        return sum(kind.statuses.total for kind in self.kinds)


async def statistics() -> Statistics:
    """Every figure of the statistics page, in five queries."""
    kinds = await statuses_by_kind()
    total = sum(kind.statuses.total for kind in kinds)
    return Statistics(
        releases=await releases_over_time(),
        licences=await licence_figures(total=total),
        kinds=kinds,
        as_of=datetime.now(UTC).date(),
    )


async def statuses_by_kind() -> tuple[KindStatuses, ...]:
    """Release status counts of current software for every kind of organisation, in one query."""
    rows = await (
        Software.filter(archived_at__isnull=True)
        .group_by("organisation__kind", "release_status")
        .annotate(n=Count("id"))
        .values_list("organisation__kind", "release_status", "n")
    )
    by_kind: dict[str, list[tuple[str, int]]] = {kind.value: [] for kind in OrganisationKind}
    for kind, status, n in rows:
        by_kind[str(kind)].append((str(status), n))
    return tuple(
        KindStatuses(OrganisationKind(kind), StatusCounts.of(counts))
        for kind, counts in by_kind.items()
    )


async def licence_figures(*, total: int, limit: int = TOP_LICENCES) -> Licences:
    """The `limit` most used licences, and how many current entries fall outside them, in
    three queries. `total` is the number of current entries."""
    top = tuple(await licence_counts(limit=limit))
    current = Software.filter(archived_at__isnull=True)
    licensed = Subquery(SoftwareLicence.all().values("software_id"))
    named = Subquery(
        SoftwareLicence.filter(identifier__in=[i for i, _ in top]).values("software_id")
    )
    other = await current.filter(id__in=licensed).exclude(id__in=named).count()
    none = await current.exclude(id__in=licensed).count()
    return Licences(top=top, other=other, none=none, total=total)


async def releases_over_time() -> Releases:
    """Current software entries per year (or quarter, over a short span) of first publication,
    split by release status, in one query of one row per entry."""
    rows = await (
        Software.filter(archived_at__isnull=True)
        .annotate(first_on_host=Min("repositories__created_on_host_at"))
        .group_by("id", "created_at", "release_status")
        .values_list("first_on_host", "created_at", "release_status")
    )
    # Years and quarters are counted in UTC: a day's difference at New Year is not worth a
    # time zone database.
    dated = [(on_host or created, str(status)) for on_host, created, status in rows]
    if not dated:
        return Releases("year", (), 0)
    earliest, latest = min(day for day, _ in dated), max(day for day, _ in dated)
    unit: Literal["year", "quarter"] = (
        "quarter" if latest.year - earliest.year < QUARTERS_UP_TO_YEARS else "year"
    )
    counts = Counter((_period_of(day, unit), status) for day, status in dated)
    periods = tuple(
        Period(*period, StatusCounts.of((s.value, counts[period, s.value]) for s in ReleaseStatus))
        for period in _periods_between(earliest, latest, unit)
    )
    return Releases(unit, periods, sum(1 for on_host, _, _ in rows if on_host is not None))


def _period_of(moment: datetime, unit: str) -> tuple[int, int | None]:
    return moment.year, ((moment.month - 1) // 3 + 1 if unit == "quarter" else None)


def _periods_between(
    earliest: datetime, latest: datetime, unit: str
) -> list[tuple[int, int | None]]:
    """Every period from the earliest to the latest moment, the empty ones too."""
    if unit == "year":
        return [(year, None) for year in range(earliest.year, latest.year + 1)]
    start, end = (moment.year * 4 + (moment.month - 1) // 3 for moment in (earliest, latest))
    return [(index // 4, index % 4 + 1) for index in range(start, end + 1)]


@dataclass(frozen=True, slots=True)
class OrganisationQuality:
    """How many of an organisation's current entries pass each quality signal."""

    name: str
    slug: str
    entries: int
    passed: dict[Signal, int]


async def quality_by_organisation(*, now: datetime | None = None) -> list[OrganisationQuality]:
    """Per organisation with current entries, the count that passes each signal, by name;
    the signals are judged in sets (catalogue.quality.queries), a few queries per 500 entries."""
    counts = await organisation_counts(now=now or datetime.now(UTC))
    organisations = (
        await Organisation.filter(id__in=list(counts))
        .order_by("name")
        .values_list("id", "name", "slug")
    )
    return [
        OrganisationQuality(
            name=name,
            slug=slug,
            entries=counts[organisation_id][0],
            passed={signal: counts[organisation_id][1][signal] for signal in Signal},
        )
        for organisation_id, name, slug in organisations
    ]
