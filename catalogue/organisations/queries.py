# SPDX-License-Identifier: EUPL-1.2
"""Reads about organisations: by slug, the list with software counts, choices for filters."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.functions import Count

from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.paging import Page, PageRequest
from catalogue.urls import host_and_owners

ORGANISATION_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "software": ("software_count", "name"),
    "-software": ("-software_count", "name"),
}


async def organisation_by_slug(slug: str) -> Organisation | None:
    return await Organisation.get_or_none(slug=slug)


class UnknownOrganisation(LookupError):
    """No organisation has the slug that a filter or a command names."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"no organisation has the slug {slug!r}")


async def organisation_named(slug: str) -> Organisation:
    """The organisation with `slug`; UnknownOrganisation, saying so, when there is none."""
    organisation = await organisation_by_slug(slug)
    if organisation is None:
        raise UnknownOrganisation(slug)
    return organisation


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


async def organisation_choices(*, ids: Collection[int] | None = None) -> list[tuple[str, str]]:
    """(slug, name) of every organisation by name (of those with `ids`, when given), for a
    filter's or a form's choices."""
    query = Organisation.all() if ids is None else Organisation.filter(id__in=list(ids))
    return [(slug, name) for slug, name in await query.order_by("name").values_list("slug", "name")]


async def organisation_detail(slug: str) -> Organisation | None:
    """An organisation with its code-host accounts, annotated with `software_count`."""
    return await (
        Organisation.filter(slug=slug)
        .annotate(software_count=Count("software"))
        .group_by("id")
        .prefetch_related("accounts")
        .first()
    )


async def harvestable_accounts() -> list[CodeHostAccount]:
    """Every account a harvest can list: those on a known forge, and plain git repositories
    (an account of kind git that is a group, on a host that is no known forge, cannot be)."""
    forges = [kind for kind in ForgeKind if kind is not ForgeKind.GIT]
    accounts = await CodeHostAccount.filter(
        Q(forge__in=forges) | Q(forge=ForgeKind.GIT, is_group=False)
    ).order_by("base_url", "name_key")
    return _longest_waiting_first(accounts)


def _longest_waiting_first(accounts: list[CodeHostAccount]) -> list[CodeHostAccount]:
    """Never harvested first, then the longest since: a run that stopped at its budget goes on
    where it stopped."""
    return sorted(accounts, key=lambda a: (a.harvested_at is not None, a.harvested_at or 0))


async def harvest_requested_accounts() -> list[CodeHostAccount]:
    """The accounts whose people asked for a harvest now, oldest request first."""
    return await CodeHostAccount.filter(harvest_requested_at__isnull=False).order_by(
        "harvest_requested_at"
    )


async def account_for(url: str) -> CodeHostAccount | None:
    """The registered code-host account that holds the repository at `url`, if any."""
    host, owners = host_and_owners(url)
    candidates = await CodeHostAccount.filter(
        base_url=host, name_key__in=[o.lower() for o in owners]
    ).select_related("organisation")
    return max(candidates, key=lambda account: len(account.name_key), default=None)


async def account(account_id: int) -> CodeHostAccount | None:
    return await CodeHostAccount.get_or_none(id=account_id)


async def websites_due(*, now: datetime) -> list[Organisation]:
    """The organisations whose website may be asked for their list of code-host accounts:
    with a website and a TOOI URI or OIN for the list to name, and not asked yet on this
    (UTC) day, so at most once a day whatever the job's jitter."""
    today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        await Organisation.filter(website__isnull=False)
        .exclude(website="")
        .filter(Q(tooi_uri__isnull=False) | Q(oin__isnull=False))
        .filter(Q(website_checked_at__isnull=True) | Q(website_checked_at__lt=today))
        .order_by("id")
    )
