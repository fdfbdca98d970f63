# SPDX-License-Identifier: EUPL-1.2
"""The API of the harvest record: runs, and what happened to each repository in a run."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.harvests import queries
from catalogue.harvests.models import HarvestLog, HarvestRun, Outcome, RunStatus
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import found, page_request, page_response, path_id
from catalogue.web.params import PAGE, PER_PAGE, parse_query
from catalogue.web.schemas import (
    API,
    DATETIME,
    NULLABLE_DATETIME,
    NULLABLE_STRING,
    STRING,
    closed_object,
    enum,
    iso,
)


async def harvest_run_list(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    page = await queries.list_harvest_runs(page_request(values))
    return page_response(request, page, [harvest_run_json(run) for run in page.items])


async def _run(request: Request) -> HarvestRun:
    run_id = path_id(request, "harvest run")
    return found(await queries.harvest_run(run_id), f"there is no harvest run with id {run_id}")


async def harvest_run_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    return JSONResponse(harvest_run_json(await _run(request)))


async def harvest_run_logs(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    page = await queries.harvest_logs(page_request(values), run=await _run(request))
    return page_response(request, page, [harvest_log_json(log) for log in page.items])


def harvest_run_json(run: HarvestRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "url": f"{API}/harvest-runs/{run.pk}",
        "source": run.source,
        "dry_run": run.dry_run,
        "status": run.status.value,
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "heartbeat_at": iso(run.heartbeat_at),
        "lease_until": iso(run.lease_until),
        "new": run.new,
        "changed": run.changed,
        "unchanged": run.unchanged,
        "inactive": run.inactive,
        "failed": run.failed,
        "requests": run.requests,
        "rate_limit_used": run.rate_limit_used,
        "message": run.message,
        "hosts": [
            {"host": host, **spent} for host, spent in (run.summary or {}).get("hosts", {}).items()
        ],
        "failed_accounts": (run.summary or {}).get("failed_accounts", []),
    }


COUNT = {"type": "integer", "minimum": 0}

HARVEST_RUN = closed_object(
    {
        "id": {"type": "integer"},
        "url": STRING,
        "source": STRING,
        "dry_run": {"type": "boolean"},
        "status": enum(RunStatus),
        "started_at": DATETIME,
        "finished_at": NULLABLE_DATETIME,
        "heartbeat_at": NULLABLE_DATETIME,
        "lease_until": NULLABLE_DATETIME,
        "new": COUNT,
        "changed": COUNT,
        "unchanged": COUNT,
        "inactive": COUNT,
        "failed": COUNT,
        "requests": COUNT,
        "rate_limit_used": COUNT,
        "message": STRING,
        "hosts": {
            "type": "array",
            "description": "Per code host: requests made, the run's budget (null: none), and "
            "the accounts postponed to the next run because the budget was spent.",
            "items": closed_object(
                {
                    "host": STRING,
                    "requests": COUNT,
                    "budget": {"type": ["integer", "null"]},
                    "postponed": {"type": "array", "items": STRING},
                }
            ),
        },
        "failed_accounts": {
            "type": "array",
            "description": "Accounts that could not be listed: gone (404), refused, ...",
            "items": closed_object({"url": STRING, "state": STRING, "message": STRING}),
        },
    }
)


def harvest_log_json(log: HarvestLog) -> dict[str, Any]:
    return {
        "id": log.pk,
        "run": f"{API}/harvest-runs/{log.run_id}",
        "url": log.url,
        "outcome": log.outcome.value,
        "message": log.message,
        "repository": (f"{API}/repositories/{log.repository_id}" if log.repository_id else None),
        "created_at": iso(log.created_at),
    }


HARVEST_LOG = closed_object(
    {
        "id": {"type": "integer"},
        "run": STRING,
        "url": STRING,
        "outcome": enum(Outcome),
        "message": STRING,
        "repository": NULLABLE_STRING,
        "created_at": DATETIME,
    }
)


SCHEMAS = {"HarvestRun": HARVEST_RUN, "HarvestLog": HARVEST_LOG}
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
