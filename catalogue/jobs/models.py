# SPDX-License-Identifier: EUPL-1.2
"""A scheduled job's row: when it is due next, who holds it while it runs, and how its last
run went. The row is the lock: an instance runs a job only after claiming the row with one
conditional write, so that of many instances exactly one runs each due job."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ScheduledJob(Model):
    """A job that runs on a schedule (e.g. harvest-all daily), and the record of its last run."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50, unique=True, description="The job, e.g. harvest-all.")
    next_due_at = fields.DatetimeField(description="When it is due next (jitter included).")
    claimed_by = fields.CharField(
        max_length=100, default="", description="The instance that runs it now, if any."
    )
    claimed_until = fields.DatetimeField(
        null=True, description="Until when that claim holds: a claim that ran out is free again."
    )
    last_started_at = fields.DatetimeField(null=True, description="Start of the last run.")
    last_finished_at = fields.DatetimeField(null=True, description="End of the last run.")
    last_failed = fields.BooleanField(default=False, description="Whether the last run failed.")
    last_summary = fields.TextField(default="", description="What the last run did, or why not.")
    runs = fields.IntField(default=0, description="How many runs were started.")

    class Meta:
        table = "scheduled_job"
