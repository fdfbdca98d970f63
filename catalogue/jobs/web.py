# SPDX-License-Identifier: EUPL-1.2
"""The API of the schedule: each job, when it runs next, and a summary of its last run."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.jobs import queries
from catalogue.jobs.models import ScheduledJob
from catalogue.web.endpoints import Endpoint
from catalogue.web.params import parse_query
from catalogue.web.schemas import DATETIME, NULLABLE_DATETIME, STRING, closed_object, iso


async def scheduled_job_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    jobs = await queries.scheduled_jobs()
    return JSONResponse({"items": [scheduled_job_json(job) for job in jobs]})


def scheduled_job_json(job: ScheduledJob) -> dict[str, Any]:
    return {
        "name": job.name,
        "next_due_at": iso(job.next_due_at),
        "running": bool(job.claimed_by),
        "last_started_at": iso(job.last_started_at),
        "last_finished_at": iso(job.last_finished_at),
        "last_failed": job.last_failed,
        "last_summary": job.last_summary,
        "runs": job.runs,
    }


SCHEDULED_JOB = closed_object(
    {
        "name": STRING,
        "next_due_at": DATETIME,
        "running": {"type": "boolean"},
        "last_started_at": NULLABLE_DATETIME,
        "last_finished_at": NULLABLE_DATETIME,
        "last_failed": {"type": "boolean"},
        "last_summary": STRING,
        "runs": {"type": "integer", "minimum": 0},
    }
)
SCHEMAS = {
    "ScheduledJob": SCHEDULED_JOB,
    "ScheduledJobList": closed_object(
        {"items": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduledJob"}}}
    ),
}

ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/scheduled-jobs",
        operation_id="listScheduledJobs",
        summary="The scheduled jobs (daily harvest, register review): next run, last run",
        handler=scheduled_job_list,
        schema="ScheduledJobList",
    ),
)
