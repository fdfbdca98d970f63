# SPDX-License-Identifier: EUPL-1.2
"""The API of the harvest record: runs, and what happened to each repository in a run."""

from __future__ import annotations

from typing import Annotated

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from catalogue.harvests import models, queries
from catalogue.harvests.models import RunStatus
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import EncodedResponse, found, page_request, page_response, path_id
from catalogue.web.params import PAGE, PER_PAGE, parse_query
from catalogue.web.schemas import API, Count, MaybeMoment, Moment, components, iso, one_of


async def harvest_run_list(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    page = await queries.list_harvest_runs(page_request(values))
    return page_response(request, page, [harvest_run_resource(run) for run in page.items])


async def _run(request: Request) -> models.HarvestRun:
    run_id = path_id(request, "harvest run")
    return found(await queries.harvest_run(run_id), f"there is no harvest run with id {run_id}")


async def harvest_run_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    return EncodedResponse(harvest_run_resource(await _run(request)))


async def harvest_run_logs(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    page = await queries.harvest_logs(page_request(values), run=await _run(request))
    return page_response(request, page, [harvest_log_resource(log) for log in page.items])


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class HostSpend(msgspec.Struct, forbid_unknown_fields=True):
    """What a run asked of one code host, against its budget."""

    host: str
    requests: Count
    budget: Annotated[int | None, _described("The run's budget for the host; null: none.")]
    postponed: Annotated[
        list[str], _described("Accounts postponed to the next run: the budget was spent.")
    ]


class FailedAccount(msgspec.Struct, forbid_unknown_fields=True):
    """An account a run could not list: gone (404), refused, ..."""

    url: str
    state: str
    message: str


class HarvestRun(msgspec.Struct, forbid_unknown_fields=True):
    """A harvest of code hosts: when it ran, how it ended and what it found."""

    id: int
    url: str
    source: Annotated[str, _described("What was harvested, e.g. github:MinBZK.")]
    dry_run: Annotated[bool, _described("Looked, but wrote no repository.")]
    status: RunStatus
    started_at: Moment
    finished_at: MaybeMoment
    heartbeat_at: MaybeMoment
    lease_until: MaybeMoment
    new: Count
    changed: Count
    unchanged: Count
    inactive: Count
    failed: Count
    requests: Count
    rate_limit_used: Count
    message: str
    hosts: Annotated[
        list[HostSpend],
        _described(
            "Per code host: requests made, the run's budget (null: none), and the accounts "
            "postponed to the next run because the budget was spent."
        ),
    ]
    failed_accounts: Annotated[
        list[FailedAccount],
        _described("Accounts that could not be listed: gone (404), refused, ..."),
    ]


def harvest_run_resource(run: models.HarvestRun) -> HarvestRun:
    summary = run.summary or {}
    return HarvestRun(
        id=run.pk,
        url=f"{API}/harvest-runs/{run.pk}",
        source=run.source,
        dry_run=run.dry_run,
        status=run.status,
        started_at=run.started_at.isoformat(),
        finished_at=iso(run.finished_at),
        heartbeat_at=iso(run.heartbeat_at),
        lease_until=iso(run.lease_until),
        new=run.new,
        changed=run.changed,
        unchanged=run.unchanged,
        inactive=run.inactive,
        failed=run.failed,
        requests=run.requests,
        rate_limit_used=run.rate_limit_used,
        message=run.message,
        hosts=[
            HostSpend(host, spent["requests"], spent["budget"], spent["postponed"])
            for host, spent in summary.get("hosts", {}).items()
        ],
        failed_accounts=[
            FailedAccount(failed["url"], failed["state"], failed["message"])
            for failed in summary.get("failed_accounts", [])
        ],
    )


class HarvestLog(msgspec.Struct, forbid_unknown_fields=True):
    """What happened to one repository in a harvest run."""

    id: int
    run: str
    url: Annotated[str, _described("Address of what was harvested.")]
    # Its enum is written in place: the register's Outcome is a component of that name.
    outcome: Annotated[str, one_of(models.Outcome)]
    message: Annotated[str, _described("The error, for a failure.")]
    repository: str | None
    created_at: Moment


def harvest_log_resource(log: models.HarvestLog) -> HarvestLog:
    return HarvestLog(
        id=log.pk,
        run=f"{API}/harvest-runs/{log.run_id}",
        url=log.url,
        outcome=log.outcome,
        message=log.message,
        repository=f"{API}/repositories/{log.repository_id}" if log.repository_id else None,
        created_at=log.created_at.isoformat(),
    )


SCHEMAS = components(HarvestRun, HarvestLog)
ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/harvest-runs",
        operation_id="listHarvestRuns",
        summary="Harvest runs, newest first",
        handler=harvest_run_list,
        schema="HarvestRun",
        params=(PAGE, PER_PAGE),
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/harvest-runs/{id}",
        operation_id="getHarvestRun",
        summary="One harvest run",
        handler=harvest_run_item,
        schema="HarvestRun",
    ),
    Endpoint(
        method="GET",
        path="/harvest-runs/{id}/logs",
        operation_id="listHarvestRunLogs",
        summary="What happened to each repository in a run",
        handler=harvest_run_logs,
        schema="HarvestLog",
        params=(PAGE, PER_PAGE),
        is_list=True,
    ),
)
