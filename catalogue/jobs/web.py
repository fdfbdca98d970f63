# SPDX-License-Identifier: EUPL-1.2
"""The API of the schedule: each job, when it runs next, and a summary of its last run."""

from __future__ import annotations

from typing import Annotated

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from catalogue.jobs import queries
from catalogue.jobs.models import ScheduledJob as ScheduledJobRow
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import EncodedResponse
from catalogue.web.params import parse_query
from catalogue.web.schemas import Count, MaybeMoment, Moment, components, iso


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class ScheduledJob(msgspec.Struct, forbid_unknown_fields=True):
    """A job the site runs on a schedule: when it runs next, and how its last run went."""

    name: Annotated[str, _described("The job, e.g. harvest-all.")]
    next_due_at: Annotated[Moment, _described("When it is due next (jitter included).")]
    running: Annotated[bool, _described("An instance runs it now.")]
    last_started_at: Annotated[MaybeMoment, _described("Start of the last run.")]
    last_finished_at: Annotated[MaybeMoment, _described("End of the last run.")]
    last_failed: Annotated[bool, _described("Whether the last run failed.")]
    last_summary: Annotated[str, _described("What the last run did, or why not.")]
    runs: Annotated[Count, _described("How many runs were started.")]


class ScheduledJobList(msgspec.Struct, forbid_unknown_fields=True):
    """Every scheduled job, by name."""

    items: list[ScheduledJob]


def scheduled_job_resource(job: ScheduledJobRow) -> ScheduledJob:
    return ScheduledJob(
        name=job.name,
        next_due_at=job.next_due_at.isoformat(),
        running=bool(job.claimed_by),
        last_started_at=iso(job.last_started_at),
        last_finished_at=iso(job.last_finished_at),
        last_failed=job.last_failed,
        last_summary=job.last_summary,
        runs=job.runs,
    )


async def scheduled_job_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    jobs = await queries.scheduled_jobs()
    return EncodedResponse(ScheduledJobList([scheduled_job_resource(job) for job in jobs]))


SCHEMAS = components(ScheduledJobList)

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
