# SPDX-License-Identifier: EUPL-1.2
"""Writes of the harvest record: a run is started and finished, each outcome is logged, and
the validators of a code host's answers are kept for the next run's conditional requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from catalogue.harvests.models import HarvestLog, HarvestRun, Outcome, RequestValidator, RunStatus
from catalogue.organisations.models import CodeHostAccount

if TYPE_CHECKING:  # the software is above what it is made of
    from catalogue.software.models import Repository


@dataclass(slots=True)
class StoredValidator:
    etag: str | None
    last_modified: str | None
    payload: Any


async def start_run(*, source: str, dry_run: bool) -> HarvestRun:
    return await HarvestRun.create(source=source[:300], dry_run=dry_run)


async def finish_run(run: HarvestRun, *, message: str = "") -> HarvestRun:
    run.status = RunStatus.FAILED if message else RunStatus.FINISHED
    run.message = message
    run.finished_at = datetime.now(UTC)
    await run.save()
    return run


async def validators(prefix: str) -> dict[str, StoredValidator]:
    """The stored validators of every request URL that starts with `prefix`."""
    rows = await RequestValidator.filter(url__istartswith=prefix)
    return {row.url: StoredValidator(row.etag, row.last_modified, row.payload) for row in rows}


async def store_validators(found: dict[str, Any]) -> None:
    """Keep the validators of this run's answers (objects with etag/last_modified/payload)."""
    for url, validator in found.items():
        await RequestValidator.update_or_create(
            url=url[:600],
            defaults={
                "etag": validator.etag,
                "last_modified": validator.last_modified,
                "payload": validator.payload,
            },
        )


async def log(
    run: HarvestRun,
    *,
    outcome: Outcome,
    url: str,
    account: CodeHostAccount | None,
    repository: Repository | None = None,
    message: str = "",
) -> None:
    await HarvestLog.create(
        run=run,
        outcome=outcome,
        url=url[:400],
        account=account,
        repository=repository,
        message=message[:5000],
    )
    setattr(run, outcome.value, getattr(run, outcome.value) + 1)
