# SPDX-License-Identifier: EUPL-1.2
"""Runs that end (issue 17, point 10): a harvest holds a lease with a heartbeat, a run whose
lease ran out is marked interrupted by the next harvest or by `serve`; repositories are marked
gone only from a complete listing, whatever failed around them, and come back when they do."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from catalogue import db as database
from catalogue.app import create_app
from catalogue.harvests import services
from catalogue.harvests.models import HarvestLog, HarvestRun, Outcome, RunStatus
from catalogue.organisations import services as organisations
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount
from catalogue.organisations.publishers import AccountRecord
from catalogue.settings import Settings
from catalogue.software import harvesting
from catalogue.software.models import Repository
from harvesters.github import GitHubForge
from harvesters.pipeline import harvest
from tests.factories import make_organisation
from tests.fakes.github import FakeGitHub, FakeRepo, Fault, serve
from tests.harvesters.test_github_harvest import FakeClock

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def served() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub()) as fake:
        yield fake


@pytest.fixture
def github(served: FakeGitHub) -> FakeGitHub:
    served.release()
    served.accounts.clear(), served.repos.clear(), served.moved.clear(), served.requests.clear()
    served._names.clear()
    served.faults, served.rate_used = None, 0
    served.add_organisation("gemeente", [FakeRepo(name=f"app-{n}") for n in range(4)])
    served.add_organisation("provincie", [FakeRepo(name="kaart")])
    return served


@pytest.fixture
async def accounts(db: str) -> list[CodeHostAccount]:
    organisation = await make_organisation("Gemeente Voorbeeld", account="gemeente")
    other = await organisations.create_account(
        organisation,
        AccountRecord(ForgeKind.GITHUB, "https://github.com", "provincie", True),
        actor="test",
    )
    return [await CodeHostAccount.get(name_key="gemeente"), other]


async def run(github: FakeGitHub, accounts: list[CodeHostAccount], **kwargs: Any) -> HarvestRun:
    forge = GitHubForge(api_url=github.base_url, token="t", clock=FakeClock(), timeout=10)
    return await harvest(accounts=accounts, forge_for=lambda _: forge, source="test", **kwargs)


# -- leases -----------------------------------------------------------------------------------


async def test_a_run_whose_lease_ran_out_is_interrupted_by_the_next_harvest(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    killed = await services.start_run(source="killed", dry_run=False, now=lambda: T0)
    alive = await services.start_run(source="alive", dry_run=False, now=lambda: T0)
    await services.heartbeat(alive, now=lambda: T0 + timedelta(minutes=4))

    later = T0 + services.LEASE + timedelta(seconds=1)
    assert await services.interrupt_expired(now=lambda: later) == 1

    await killed.refresh_from_db()
    assert killed.status is RunStatus.INTERRUPTED and killed.finished_at == later
    assert "lease ran out at 2026-12-01 03:05:00 UTC" in killed.message
    assert "without a heartbeat since 2026-12-01 03:00:00 UTC" in killed.message
    await alive.refresh_from_db()
    assert alive.status is RunStatus.RUNNING  # its heartbeat kept it

    # The next real harvest marks what is left over (its lease is long gone by now).
    await run(github, accounts)
    await alive.refresh_from_db()
    assert alive.status is RunStatus.INTERRUPTED


async def test_an_interrupted_run_says_when_and_why_in_the_api(db: str, client) -> None:
    killed = await services.start_run(source="killed", dry_run=False, now=lambda: T0)
    await services.interrupt_expired(now=lambda: T0 + timedelta(hours=1))
    body = (await client.get(f"/api/v1/harvest-runs/{killed.pk}")).json()
    assert body["status"] == "interrupted"
    assert body["finished_at"].startswith("2026-12-01T04:00")
    assert body["lease_until"].startswith("2026-12-01T03:05") and "lease ran out" in body["message"]


async def test_a_run_from_before_leases_is_interrupted_a_lease_after_it_started(db: str) -> None:
    old = await HarvestRun.create(source="old", lease_until=None)
    await HarvestRun.filter(id=old.pk).update(started_at=T0)
    assert await services.interrupt_expired(now=lambda: T0 + timedelta(minutes=1)) == 0
    assert await services.interrupt_expired(now=lambda: T0 + timedelta(minutes=6)) == 1
    await old.refresh_from_db()
    assert old.status is RunStatus.INTERRUPTED and "lease ran out" in old.message


async def test_a_killed_harvest_is_interrupted_and_the_next_one_finishes(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    upsert = harvesting.upsert

    async def killed(**kwargs: Any) -> Any:
        task.cancel()  # the process dies while writing its first repository
        return await upsert(**kwargs)

    monkeypatch.setattr(harvesting, "upsert", killed)
    task = asyncio.create_task(run(github, accounts))
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.setattr(harvesting, "upsert", upsert)
    [stuck] = await HarvestRun.all()
    assert stuck.status is RunStatus.RUNNING and stuck.lease_until is not None

    lease_ran_out = stuck.lease_until + timedelta(seconds=1)
    assert await services.interrupt_expired(now=lambda: lease_ran_out) == 1
    after = await run(github, accounts)
    assert after.status is RunStatus.FINISHED and after.failed == 0
    assert await Repository.filter(active=True).count() == 5


async def test_the_heartbeat_moves_the_lease_on_while_the_harvest_runs(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    beat = asyncio.Event()

    async def pulse(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) > 1:
            await asyncio.Event().wait()  # no more beats: the harvest ends first

    leases: list[datetime | None] = []
    original = services.heartbeat

    async def heartbeat(run_: HarvestRun, **kwargs: Any) -> None:
        await original(run_, **kwargs)
        leases.append(run_.lease_until)
        beat.set()

    monkeypatch.setattr(services, "heartbeat", heartbeat)
    result = await run(github, accounts, pulse=pulse)
    assert waits[0] == services.LEASE.total_seconds() / 3
    assert beat.is_set() and len(leases) >= 2  # the pulse's beat and one per account
    stored = await HarvestRun.get(id=result.id)
    assert stored.status is RunStatus.FINISHED and stored.lease_until == leases[-1]


@pytest.mark.usefixtures("migrated_from_template", "refreeze")
async def test_serve_marks_runs_whose_lease_ran_out_as_it_starts(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/var/serve.sqlite3"
    await database.upgrade(url)
    async with database.connected(url):
        stuck = await HarvestRun.create(
            source="killed", lease_until=datetime.now(UTC) - timedelta(minutes=1)
        )
    app = create_app(Settings(database_url=url))
    async with app.router.lifespan_context(app):
        await stuck.refresh_from_db()
        assert stuck.status is RunStatus.INTERRUPTED


# -- gone, only from a complete listing ---------------------------------------------------------


async def test_while_the_listing_fails_nothing_is_gone_and_once_it_succeeds_the_missing_are(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    await run(github, accounts)
    github.remove("gemeente/app-3")
    github.faults = lambda request: (
        Fault.error(502) if request.url.path == "/orgs/gemeente/repos" else None
    )
    failing = await run(github, accounts)
    assert failing.failed == 1 and failing.inactive == 0
    assert await Repository.filter(active=False).count() == 0

    github.faults = None
    recovered = await run(github, accounts)
    assert recovered.inactive == 1
    gone = await Repository.get(full_name="gemeente/app-3")
    assert not gone.active and gone.missing_since is not None


async def test_a_repository_that_fails_to_be_read_does_not_keep_others_from_being_gone(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    """Before: one repository that failed meant nothing of its account was ever marked gone."""
    await run(github, accounts)
    broken = github.repo("gemeente/app-0")
    assert broken is not None and broken.pushed_at is not None
    broken.pushed_at = broken.pushed_at + timedelta(days=1)  # its files must be read again
    github.faults = lambda request: (
        Fault.error(500) if "/repos/gemeente/app-0/" in request.url.path else None
    )
    github.remove("gemeente/app-3")

    result = await run(github, accounts)

    assert (result.failed, result.inactive) == (1, 1)
    assert not (await Repository.get(full_name="gemeente/app-3")).active
    assert (await Repository.get(full_name="gemeente/app-0")).active  # failed, not gone


async def test_a_repository_back_on_its_host_is_restored_with_its_history(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    await run(github, accounts)
    kept = github.repo("gemeente/app-2")
    assert kept is not None
    github.remove("gemeente/app-2")
    await run(github, accounts)
    gone = await Repository.get(full_name="gemeente/app-2")
    assert not gone.active

    github.add_repo("gemeente", kept)  # back, exactly as it was
    result = await run(github, accounts)

    back = await Repository.get(id=gone.pk)
    assert back.active and back.missing_since is None and back.software_id == gone.software_id
    assert result.changed == 1
    outcomes = await HarvestLog.filter(repository_id=gone.pk).order_by("id")
    assert [log.outcome for log in outcomes] == [Outcome.NEW, Outcome.INACTIVE, Outcome.CHANGED]


async def test_a_transfer_to_another_registered_account_moves_the_entry(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    await run(github, accounts)
    before = await Repository.get(full_name="gemeente/app-1")
    github.rename("gemeente/app-1", "provincie/app-1")

    for _ in range(2):  # whatever the order the accounts are read in, and again
        result = await run(github, list(reversed(accounts)))
        moved = await Repository.get(id=before.pk)
        assert moved.full_name == "provincie/app-1" and moved.account_id == accounts[1].pk
        assert moved.active and moved.software_id == before.software_id
    assert result.inactive == 0


async def test_a_repository_back_whose_old_print_still_matches_is_restored(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    """A listing that shrank to one page leaves the print of its old second page behind; a
    repository that comes back exactly as that print says is restored all the same."""
    for n in range(97):  # 101 repositories: zz-096 is alone on the second page
        github.add_repo("gemeente", FakeRepo(name=f"zz-{n:03}"))
    await run(github, accounts)
    github.remove("gemeente/app-0")  # one page now: zz-096 moves to the first
    await run(github, accounts)
    last = github.repo("gemeente/zz-096")
    assert last is not None
    github.remove("gemeente/zz-096")
    assert (await run(github, accounts)).inactive == 1

    github.add_repo("gemeente", last)
    result = await run(github, accounts)

    assert (await Repository.get(full_name="gemeente/zz-096")).active
    assert (result.changed, result.inactive) == (1, 0)


async def test_a_new_repository_after_a_full_unchanged_last_page_is_found(
    db: str, github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    """Before: a full last page answered 304 and said "no next page", so a repository that
    sorted after it was never asked for."""
    for n in range(96):  # exactly one full page of 100
        github.add_repo("gemeente", FakeRepo(name=f"zz-{n:03}"))
    await run(github, accounts)
    github.add_repo("gemeente", FakeRepo(name="zzz-nieuw"))  # page 1 stays as it was

    result = await run(github, accounts)

    assert result.new == 1 and await Repository.exists(full_name="gemeente/zzz-nieuw")
