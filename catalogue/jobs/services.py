# SPDX-License-Identifier: EUPL-1.2
"""Running scheduled jobs: each due job is claimed with one conditional write (the database
lock that makes it run at most once across instances), run, and given its next time, a day
on, at its hour plus a random jitter so that many catalogues do not all ask a forge at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import F

from catalogue.jobs.models import ScheduledJob

logger = logging.getLogger("opentenzij.jobs")
CLAIM = timedelta(hours=6)  # a run that takes longer is assumed dead, and may be run again
Now = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Job:
    """A daily job: its name, the hour (UTC) it runs at, the jitter added to that, the work,
    which gets the moment it runs for and returns a summary, and how long a run holds its
    claim (after which a run that died is taken over)."""

    name: str
    run: Callable[[datetime], Awaitable[str]]
    hour: int = 3
    jitter: timedelta = timedelta(minutes=30)
    claim: timedelta = CLAIM


def next_time(job: Job, after: datetime, chance: random.Random) -> datetime:
    """The job's next moment after `after`: its hour on the next day it has not passed, plus
    up to `jitter`."""
    day = after.astimezone(UTC).replace(hour=job.hour, minute=0, second=0, microsecond=0)
    if day <= after:
        day += timedelta(days=1)
    return day + timedelta(seconds=chance.uniform(0, job.jitter.total_seconds()))


async def schedule(jobs: Sequence[Job], *, now: datetime, chance: random.Random) -> None:
    """Give every job a row, due at its next moment, unless it has one."""
    for job in jobs:
        if not await ScheduledJob.exists(name=job.name):
            await ScheduledJob.get_or_create(
                name=job.name, defaults={"next_due_at": next_time(job, now, chance)}
            )


async def bring_forward(name: str, *, now: datetime) -> bool:
    """Make a job due now (an SBOM came in: check it today, not tomorrow); False when the job
    has no row yet (the scheduler has never run) or is due already."""
    return bool(await ScheduledJob.filter(name=name, next_due_at__gt=now).update(next_due_at=now))


async def due_now(name: str, *, now: datetime) -> None:
    """Make a job due now, giving it its row if the scheduler has not yet (a harvest asked
    for from a page before the first scheduled run)."""
    if not await bring_forward(name, now=now):
        await ScheduledJob.get_or_create(name=name, defaults={"next_due_at": now})


async def claim(name: str, *, holder: str, now: datetime, lasting: timedelta = CLAIM) -> bool:
    """Claim a due job for `holder` (for `lasting`): True for exactly one of any instances
    that try at once."""
    taken = (
        await ScheduledJob.filter(name=name, next_due_at__lte=now)
        .filter(claimed_until__isnull=True)
        .update(claimed_by=holder, claimed_until=now + lasting)
    )
    if not taken:  # a claim that ran out (its instance died) may be taken over
        taken = await ScheduledJob.filter(
            name=name, next_due_at__lte=now, claimed_until__lt=now
        ).update(claimed_by=holder, claimed_until=now + lasting)
    return bool(taken)


async def run_due(
    jobs: Sequence[Job], *, holder: str, now: Now, chance: random.Random
) -> Mapping[str, str]:
    """Run every due job this instance can claim; returns their summaries by name."""
    await schedule(jobs, now=now(), chance=chance)
    done = {}
    for job in jobs:
        started = now()
        if not await claim(job.name, holder=holder, now=started, lasting=job.claim):
            continue
        await ScheduledJob.filter(name=job.name).update(last_started_at=started)
        failed, summary = False, ""
        try:
            summary = await job.run(started)
        except Exception as error:  # the job failed; the schedule goes on
            logger.exception("scheduled job %s failed", job.name)
            failed, summary = True, f"failed: {error!r}"
        finished = now()
        await ScheduledJob.filter(name=job.name, claimed_by=holder).update(
            claimed_by="",
            claimed_until=None,
            last_finished_at=finished,
            last_failed=failed,
            last_summary=summary[:5000],
            next_due_at=next_time(job, finished, chance),
            runs=F("runs") + 1,
        )
        done[job.name] = summary
    return done


async def run_forever(
    jobs: Sequence[Job],
    *,
    holder: str,
    stop: asyncio.Event,
    now: Now = lambda: datetime.now(UTC),
    pulse: timedelta = timedelta(minutes=1),
    chance: random.Random | None = None,
) -> None:
    """Look for due jobs every `pulse` until `stop` is set; a look that fails (the database
    is away) is logged and tried again at the next pulse."""
    chance = chance or random.Random()
    while not stop.is_set():
        try:
            await run_due(jobs, holder=holder, now=now, chance=chance)
        except Exception:
            logger.exception("looking for scheduled jobs failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), pulse.total_seconds())
