# SPDX-License-Identifier: EUPL-1.2
"""The schedule: each daily job runs at most once across instances (the database row is the
lock), at its hour plus jitter, on an injected clock; a failure is recorded and the schedule
goes on; the API shows each job's next and last run; serve's daily jobs harvest and review."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest

from catalogue.app import scheduled_jobs
from catalogue.harvests.models import HarvestRun
from catalogue.jobs import services
from catalogue.jobs.models import ScheduledJob
from catalogue.jobs.services import Job
from catalogue.settings import Settings

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def counting(runs: list[datetime], summary: str = "gedaan") -> Job:
    async def run(moment: datetime) -> str:
        runs.append(moment)
        return summary

    return Job("tellen", run, hour=3, jitter=timedelta(minutes=30))


def test_the_next_time_is_the_hour_on_the_next_day_it_has_not_passed_plus_jitter() -> None:
    job = Job("x", counting([]).run, hour=3, jitter=timedelta(minutes=30))
    chance = random.Random(7)
    first = services.next_time(job, T0, chance)
    assert (
        datetime(2026, 12, 2, 3, 0, tzinfo=UTC) <= first < datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
    )
    early = services.next_time(job, datetime(2026, 12, 1, 1, 0, tzinfo=UTC), chance)
    assert early.date() == datetime(2026, 12, 1).date()  # 03:00 has not passed yet that day
    spread = {services.next_time(job, T0, chance).minute for _ in range(20)}
    assert len(spread) > 5  # jitter: catalogues do not all ask the forges at the same minute


async def test_a_job_runs_when_due_and_once_a_day(db: str) -> None:
    runs: list[datetime] = []
    job, clock, chance = counting(runs), Clock(T0), random.Random(1)
    assert await services.run_due([job], holder="a", now=clock, chance=chance) == {}
    clock.moment = T0 + timedelta(hours=16)  # the next day, 04:00: past 03:00 and its jitter
    done = await services.run_due([job], holder="a", now=clock, chance=chance)
    assert done == {"tellen": "gedaan"} and runs == [clock.moment]
    assert await services.run_due([job], holder="a", now=clock, chance=chance) == {}
    row = await ScheduledJob.get(name="tellen")
    assert row.runs == 1 and row.last_summary == "gedaan" and not row.claimed_by
    assert row.next_due_at.date() == (T0 + timedelta(days=2)).date()


async def test_of_instances_looking_at_once_exactly_one_runs_the_job(db: str) -> None:
    runs: list[datetime] = []
    job, clock = counting(runs), Clock(T0)
    await services.schedule([job], now=T0, chance=random.Random(2))
    clock.moment = T0 + timedelta(days=1)
    results = await asyncio.gather(
        *(
            services.run_due([job], holder=f"instance-{n}", now=clock, chance=random.Random(n))
            for n in range(5)
        )
    )
    assert sum(bool(result) for result in results) == 1 and len(runs) == 1


async def test_a_claim_that_ran_out_is_taken_over_and_a_live_one_is_not(db: str) -> None:
    runs: list[datetime] = []
    job = counting(runs)
    await services.schedule([job], now=T0, chance=random.Random(3))
    due = T0 + timedelta(days=1)
    assert await services.claim("tellen", holder="dead", now=due)  # then the instance died
    live = Clock(due + timedelta(hours=1))
    assert await services.run_due([job], holder="b", now=live, chance=random.Random(3)) == {}
    later = Clock(due + services.CLAIM + timedelta(seconds=1))
    assert await services.run_due([job], holder="b", now=later, chance=random.Random(3))
    assert len(runs) == 1


async def test_a_failing_job_is_recorded_and_the_others_still_run(db: str) -> None:
    async def broken(moment: datetime) -> str:
        raise RuntimeError("kapot")

    runs: list[datetime] = []
    jobs = [Job("breekt", broken), counting(runs)]
    clock = Clock(T0)
    await services.run_due(jobs, holder="a", now=clock, chance=random.Random(4))
    clock.moment = T0 + timedelta(days=1)
    done = await services.run_due(jobs, holder="a", now=clock, chance=random.Random(4))
    assert set(done) == {"breekt", "tellen"} and len(runs) == 1
    row = await ScheduledJob.get(name="breekt")
    assert row.last_failed and "kapot" in row.last_summary and row.next_due_at > clock.moment


async def test_the_api_shows_each_job_with_its_next_and_last_run(db: str, client) -> None:
    job, clock = counting([], "3 nieuw"), Clock(T0)
    await services.run_due([job], holder="a", now=clock, chance=random.Random(5))
    clock.moment = T0 + timedelta(days=1)
    await services.run_due([job], holder="a", now=clock, chance=random.Random(5))
    body = (await client.get("/api/v1/scheduled-jobs")).json()
    [item] = body["items"]
    assert item["name"] == "tellen" and item["last_summary"] == "3 nieuw"
    assert item["runs"] == 1 and not item["running"] and not item["last_failed"]
    assert item["next_due_at"].startswith("2026-12-03T03:")


async def test_the_worker_runs_what_is_due_and_stops_when_told(db: str) -> None:
    stop = asyncio.Event()

    async def last(moment: datetime) -> str:
        stop.set()  # the app shuts down while the job runs
        return "klaar"

    job = Job("laatste", last)
    await services.schedule([job], now=T0, chance=random.Random(6))
    await services.run_forever(
        [job], holder="a", stop=stop, now=Clock(T0 + timedelta(days=1)), pulse=timedelta(days=1)
    )
    assert (await ScheduledJob.get(name="laatste")).last_summary == "klaar"


async def test_serves_daily_jobs_harvest_every_account_and_review_the_register(db: str) -> None:
    jobs = {job.name: job for job in scheduled_jobs(Settings(database_url="sqlite://:memory:"))}
    assert set(jobs) == {
        "harvest-all",
        "harvest-requested",
        "ownership-check",
        "vulnerabilities-check",
        "review-due",
    }
    summary = await jobs["harvest-all"].run(T0)  # no accounts registered: nothing to ask
    assert summary.startswith("harvest run") and "0 accounts" in summary
    assert (await HarvestRun.get()).source == "schedule:harvest-all"
    assert await jobs["review-due"].run(T0) == "0 decisions came due for review; 0 openings drafted"


async def test_the_daily_vulnerability_check_asks_the_configured_osv(db: str) -> None:
    from catalogue.components.models import Dependency, DependencySource
    from tests.factories import make_organisation, make_software
    from tests.fakes.osv import advisory, served_osv

    software = await make_software(await make_organisation())
    await Dependency.create(
        software_id=software.id,
        source=DependencySource.SBOM,
        key="pkg:npm/lodash",
        name="lodash",
        version="4.17.20",
        purl="pkg:npm/lodash@4.17.20",
    )
    with served_osv() as osv:
        osv.add(advisory("GHSA-x", ecosystem="npm", name="lodash", versions=["4.17.20"]))
        settings = Settings(database_url="sqlite://:memory:", osv_url=osv.url)
        jobs = {job.name: job for job in scheduled_jobs(settings)}
        summary = await jobs["vulnerabilities-check"].run(T0)
    assert summary == (
        "1 component versions, 1 batch and 1 advisory requests; 1 exposures found, 0 resolved"
    )


@pytest.mark.parametrize("value", ["0", "off", "false"])
def test_the_scheduler_can_be_switched_off(value: str) -> None:
    assert not Settings.from_env({"OPENTENZIJ_SCHEDULER": value}).scheduler
    assert Settings.from_env({}).scheduler


async def test_beheer_shows_the_jobs_to_the_site_administrator(db: str, client) -> None:
    from catalogue.accounts import services as accounts
    from tests.catalogue.web.test_forms import PASSWORD, sign_in

    await accounts.create_user(
        email="beheer@site.nl", password=PASSWORD, actor="test", is_site_admin=True
    )
    job, clock = counting([], "5 nieuw, 1 weg"), Clock(T0)
    await services.run_due([job], holder="a", now=clock, chance=random.Random(8))
    clock.moment = T0 + timedelta(days=1)
    await services.run_due([job], holder="a", now=clock, chance=random.Random(8))
    await sign_in(client, "beheer@site.nl")
    page = await client.get("/beheer")
    assert "Geplande taken" in page.text and "5 nieuw, 1 weg" in page.text
