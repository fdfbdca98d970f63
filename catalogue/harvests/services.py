# SPDX-License-Identifier: EUPL-1.2
"""Writes of the harvest record: a run is started and finished, each outcome is logged, and
the validators of a code host's answers are kept for the next run's conditional requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from catalogue.harvests.models import HarvestLog, HarvestRun, Outcome, RequestValidator, RunStatus
from catalogue.organisations.kinds import HarvestState
from catalogue.organisations.models import CodeHostAccount

if TYPE_CHECKING:  # the software is above what it is made of
    from catalogue.software.models import Repository


@dataclass(slots=True)
class StoredValidator:
    etag: str | None
    last_modified: str | None
    payload: Any


Now = Callable[[], datetime]
# A running harvest renews its lease every LEASE / 3 (harvesters.pipeline); a lease that ran
# out means its process is gone: killed, or its machine went away.
LEASE = timedelta(minutes=5)


def utc_now() -> datetime:
    return datetime.now(UTC)


async def start_run(*, source: str, dry_run: bool, now: Now = utc_now) -> HarvestRun:
    """A new running run holding a lease; runs whose lease ran out are marked interrupted
    first, so that no run stays "running" forever."""
    await interrupt_expired(now=now)
    moment = now()
    return await HarvestRun.create(
        source=source[:300], dry_run=dry_run, lease_until=moment + LEASE, heartbeat_at=moment
    )


async def heartbeat(run: HarvestRun, *, now: Now = utc_now) -> None:
    """The run's process lives: move its lease on."""
    moment = now()
    run.heartbeat_at, run.lease_until = moment, moment + LEASE
    await run.save(update_fields=["heartbeat_at", "lease_until"])


async def interrupt_expired(*, now: Now = utc_now) -> int:
    """Mark every running run whose lease ran out as interrupted, saying when and why; runs
    started before leases existed (no lease) count as expired a lease after they started.
    Returns how many were marked. Called by each harvest as it starts and by `serve`."""
    moment = now()
    expired = await HarvestRun.filter(status=RunStatus.RUNNING, lease_until__lt=moment)
    expired += await HarvestRun.filter(
        status=RunStatus.RUNNING, lease_until__isnull=True, started_at__lt=moment - LEASE
    )
    for run in expired:
        seen = run.heartbeat_at or run.started_at
        # Only a run still running is marked: another instance may have got there first.
        await HarvestRun.filter(id=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.INTERRUPTED,
            finished_at=moment,
            message=(
                f"interrupted: its lease ran out at {_stamp(run.lease_until or seen + LEASE)} "
                f"without a heartbeat since {_stamp(seen)}; the harvesting process stopped "
                "before it finished (killed, or its machine went away). What it wrote stays; "
                "the next harvest goes on from there."
            ),
        )
    return len(expired)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


async def finish_run(run: HarvestRun, *, message: str = "", now: Now = utc_now) -> HarvestRun:
    run.status = RunStatus.FAILED if message else RunStatus.FINISHED
    run.message = message
    run.finished_at = now()
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


async def record_account_state(
    account: CodeHostAccount, *, state: HarvestState, message: str = "", now: Now = utc_now
) -> None:
    """How an account's harvest went: the state, since when it holds (kept while it stays the
    same), and the forge's answer when it failed. Its entries are never touched here."""
    moment = now()
    if account.harvest_state != state or account.harvest_state_since is None:
        account.harvest_state_since = moment
    account.harvest_state, account.harvested_at = state, moment
    account.harvest_message = message[:5000] or None  # type: ignore[assignment]  # a nullable column
    await account.save(
        update_fields=["harvest_state", "harvest_state_since", "harvested_at", "harvest_message"]
    )


HARVEST_REQUESTED = "harvest-requested"  # the scheduled job that takes up "harvest now"
# How long a run of that job holds it: a run that died (its requests still waiting) is taken
# over after this, not after the six hours of the daily jobs. A run that is merely slow may
# then be joined by a second one: both write the same, idempotently.
REQUESTED_CLAIM = timedelta(hours=1)


async def answer_request(account: CodeHostAccount) -> None:
    """The account's harvest has ended (whatever its outcome): the request it answered is
    done, and the account may be asked for again. Called only once that harvest ended, so
    that a run killed before it keeps the request for the next run."""
    await CodeHostAccount.filter(id=account.pk).update(harvest_requested_at=None)


def run_summary(run: HarvestRun, accounts: int) -> str:
    """One line on a run, for the schedule's record."""
    postponed = sum(len(h["postponed"]) for h in (run.summary or {}).get("hosts", {}).values())
    waiting = f"; {postponed} accounts wait for the next run (budget)" if postponed else ""
    return (
        f"harvest run {run.pk}: {accounts} accounts; {run.new} new, {run.changed} "
        f"changed, {run.unchanged} unchanged, {run.inactive} gone, {run.failed} failed; "
        f"{run.requests} requests{waiting}"
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
