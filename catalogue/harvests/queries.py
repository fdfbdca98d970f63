# SPDX-License-Identifier: EUPL-1.2
"""Reads of the harvest record: runs, their outcomes per repository, the failures an
organisation's people should fix, and when each account was last harvested."""

from __future__ import annotations

from typing import Any

from tortoise.functions import Max

from catalogue.harvests.models import HarvestLog, HarvestRun, Outcome
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.paging import Page, PageRequest


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


async def list_harvest_runs(page: PageRequest) -> Page[HarvestRun]:
    """One page of harvest runs, newest first."""
    total = await HarvestRun.all().count()
    rows = await HarvestRun.all().order_by("-id").offset(page.offset).limit(page.per_page)
    return Page(rows, total, page)


async def recent_runs(limit: int = 5) -> list[HarvestRun]:
    """The newest harvest runs, for the administrators' overview."""
    return await HarvestRun.all().order_by("-id").limit(limit)


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
        .filter(run__dry_run=False)  # a dry run only looked: its errors are not the account's
        .select_related("account")
        .order_by("-id")
        .limit(limit)
    )


async def latest_harvest_logs(repository_ids: list[int]) -> dict[int, HarvestLog]:
    """The newest harvest outcome of each repository that has one."""
    latest: dict[int, HarvestLog] = {}
    for row in await HarvestLog.filter(repository_id__in=repository_ids).order_by("id"):
        if row.repository_id is not None:  # it is: they were read by repository
            latest[row.repository_id] = row
    return latest


async def accounts_of(organisation_ids: list[int]) -> list[CodeHostAccount]:
    """The organisations' code-host accounts, with how their last harvest went."""
    return await CodeHostAccount.filter(organisation_id__in=organisation_ids).order_by(
        "base_url", "name_key"
    )
