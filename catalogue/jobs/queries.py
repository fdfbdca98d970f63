# SPDX-License-Identifier: EUPL-1.2
"""Reads of the schedule: every job with its next time and its last run."""

from __future__ import annotations

from catalogue.jobs.models import ScheduledJob


async def scheduled_jobs() -> list[ScheduledJob]:
    return await ScheduledJob.all().order_by("name")
