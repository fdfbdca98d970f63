# SPDX-License-Identifier: EUPL-1.2
"""The record of harvests: one HarvestRun per run, one HarvestLog per repository outcome, and
the validators (ETag, Last-Modified) that let the next run ask a code host "changed since?"."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:  # relations are named by string at run time
    from catalogue.organisations.models import CodeHostAccount
    from catalogue.software.models import Repository


class RunStatus(StrEnum):
    """Where a harvest run stands."""

    RUNNING = "running"
    FINISHED = "finished"  # every account was tried (some repositories may have failed)
    FAILED = "failed"  # the run itself could not go on
    INTERRUPTED = "interrupted"  # its process stopped (its lease ran out) before it finished


class Outcome(StrEnum):
    """What happened to one repository (or account) in a run."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    INACTIVE = "inactive"  # gone from its account: kept, marked inactive
    FAILED = "failed"


class HarvestRun(Model):
    """One harvest of one or more code-host accounts."""

    id = fields.IntField(primary_key=True)
    source = fields.CharField(max_length=300, description="What was harvested, e.g. github:MinBZK.")
    dry_run = fields.BooleanField(default=False, description="Looked, but wrote no repository.")
    status = fields.CharEnumField(
        RunStatus, max_length=20, default=RunStatus.RUNNING, description="Where the run stands."
    )
    started_at = fields.DatetimeField(auto_now_add=True, description="Start of the run.")
    finished_at = fields.DatetimeField(null=True, description="End of the run.")
    new = fields.IntField(default=0, description="Repositories seen for the first time.")
    changed = fields.IntField(default=0, description="Repositories whose data changed.")
    unchanged = fields.IntField(default=0, description="Repositories that did not change.")
    inactive = fields.IntField(default=0, description="Repositories newly gone from the host.")
    failed = fields.IntField(default=0, description="Repositories or accounts that failed.")
    requests = fields.IntField(default=0, description="Requests made to code hosts.")
    rate_limit_used = fields.IntField(default=0, description="Rate-limit budget used.")
    message = fields.TextField(default="", description="Why the run failed, if it did.")
    lease_until = fields.DatetimeField(
        null=True,
        description="Until when the running harvest vouches that it lives: its heartbeat moves "
        "this on. A running run whose lease ran out is interrupted.",
    )
    heartbeat_at = fields.DatetimeField(null=True, description="Last heartbeat of its process.")
    summary: fields.JSONField[Any] = fields.JSONField(
        null=True,
        description="Per code host: requests made, the budget, the accounts postponed to the "
        "next run, and the accounts that failed, with why.",
    )

    logs: fields.ReverseRelation[HarvestLog]

    class Meta:
        table = "harvest_run"


class HarvestLog(Model):
    """The outcome for one repository (or a whole account) in a run, with the error if any."""

    id = fields.BigIntField(primary_key=True)
    run: fields.ForeignKeyRelation[HarvestRun] = fields.ForeignKeyField(
        "catalogue.HarvestRun",
        related_name="logs",
        on_delete=fields.CASCADE,
        description="The run.",
    )
    run_id: int  # the column behind `run`
    account: fields.ForeignKeyNullableRelation[CodeHostAccount] = fields.ForeignKeyField(
        "catalogue.CodeHostAccount",
        related_name="harvest_logs",
        null=True,
        on_delete=fields.SET_NULL,
        description="The account harvested.",
    )
    account_id: int | None  # the column behind `account`
    repository: fields.ForeignKeyNullableRelation[Repository] = fields.ForeignKeyField(
        "catalogue.Repository",
        related_name="harvest_logs",
        null=True,
        on_delete=fields.SET_NULL,
        description="The repository, when the outcome is about one.",
    )
    repository_id: int | None  # the column behind `repository`
    url = fields.CharField(max_length=400, description="Address of what was harvested.")
    outcome = fields.CharEnumField(Outcome, max_length=20, description="What happened.")
    message = fields.TextField(default="", description="The error, for a failure.")
    created_at = fields.DatetimeField(auto_now_add=True, description="When.")

    class Meta:
        table = "harvest_log"
        indexes = (("repository_id", "id"), ("run_id", "id"))


class RequestValidator(Model):
    """What a code host said about a URL last time, to ask for it conditionally next time."""

    id = fields.IntField(primary_key=True)
    url = fields.CharField(max_length=600, unique=True, description="The request URL.")
    etag = fields.CharField(max_length=200, null=True, description="ETag of the last answer.")
    last_modified = fields.CharField(
        max_length=100, null=True, description="Last-Modified of the last answer."
    )
    payload: fields.JSONField[Any] = fields.JSONField(
        null=True, description="What the answer said, for a 304 to stand in for later."
    )
    updated_at = fields.DatetimeField(auto_now=True, description="When it was stored.")

    class Meta:
        table = "request_validator"
