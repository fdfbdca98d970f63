# SPDX-License-Identifier: EUPL-1.2
"""A harvest under fire: one answer in ten goes wrong, or the harvest is killed halfway."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from starlette.requests import Request

from catalogue.harvests.models import HarvestLog, Outcome
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount
from catalogue.organisations.publishers import AccountRecord
from catalogue.software import harvesting
from catalogue.software.models import Repository, Software
from harvesters.github import GitHubForge
from harvesters.pipeline import harvest
from tests.conftest import empty_tables
from tests.factories import make_organisation
from tests.fakes.github import FakeGitHub, FakeRepo, Fault, serve
from tests.harvesters.test_github_harvest import FakeClock

ACCOUNTS = ("gemeente-a", "gemeente-b", "provincie-c")
REPOS_PER_ACCOUNT = 60


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
    for account in ACCOUNTS:
        served.add_organisation(
            account,
            [
                FakeRepo(
                    name=f"app-{n:02}",
                    description=f"Applicatie {n} van {account}",
                    languages={"Python": 10, "HTML": 2},
                    licence="EUPL-1.2",
                    stars=n,
                )
                for n in range(REPOS_PER_ACCOUNT)
            ],
        )
    return served


@pytest.fixture
async def accounts(db: str) -> list[CodeHostAccount]:
    return await register()


async def register() -> list[CodeHostAccount]:
    organisation = await make_organisation("Samenwerkende overheden", account="elders")
    return [
        await services.create_account(
            organisation,
            AccountRecord(ForgeKind.GITHUB, "https://github.com", name, True),
            actor="test",
        )
        for name in ACCOUNTS
    ]


async def run(
    github: FakeGitHub,
    accounts: list[CodeHostAccount],
    clock: FakeClock | None = None,
    timeout: int = 10,
):
    forge = GitHubForge(
        api_url=github.base_url, token="t", clock=clock or FakeClock(), timeout=timeout
    )
    return await harvest(accounts=accounts, forge_for=lambda _: forge, source="github:test")


async def catalogue_state() -> list[tuple[Any, ...]]:
    """Everything a harvest decides, without ids and times."""
    rows = []
    for repository in await Repository.all().prefetch_related("software", "languages"):
        languages = [lang.name for lang in sorted(repository.languages, key=lambda x: x.position)]
        rows.append(
            (
                repository.forge_key,
                repository.url,
                repository.description,
                repository.stars,
                repository.active,
                repository.licence_forge,
                tuple(languages),
                repository.software.name,
                repository.software.licence,
            )
        )
    return sorted(rows)


class OneInTen:
    """A fault hook: about one answer in ten goes wrong, in every way a host can go wrong."""

    def __init__(self, seed: int) -> None:
        self.chance = random.Random(seed)
        self.kinds = [
            Fault.error(500),
            Fault.error(502),
            Fault.secondary_rate_limit(retry_after=30),
            Fault.secondary_rate_limit(retry_after=5, status=429),
            Fault.malformed_body(),
        ]
        self.slow_left = 2  # a couple of answers that never come: the client's time limit
        self.injected = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Fault | None:
        with self.lock:
            if self.chance.random() >= 0.10:
                return None
            self.injected += 1
            if self.slow_left and self.chance.random() < 0.1:
                self.slow_left -= 1
                return Fault.hang()
            return self.chance.choice(self.kinds)


async def test_with_one_answer_in_ten_failing_every_repository_is_accounted_for(
    github: FakeGitHub, accounts: list[CodeHostAccount]
) -> None:
    await run(github, accounts)
    before = {r.forge_key: r for r in await Repository.all()}
    for repo in list(github.repos.values())[::3]:
        repo.stars += 100  # a third of them changed on the host
    for repo in github.repos.values():  # and every one was pushed to: its files are read again
        repo.pushed_at = (repo.pushed_at or repo.created_at) + timedelta(days=1)
    faults = github.faults = OneInTen(seed=20261128)

    result = await run(github, accounts, timeout=1)

    assert result.status.value == "finished"
    failed_urls = set(
        await HarvestLog.filter(run_id=result.id, outcome=Outcome.FAILED).values_list(
            "url", flat=True
        )
    )
    assert not await HarvestLog.filter(
        run_id=result.id, outcome=Outcome.FAILED, message=""
    ).exists()  # every failure says why
    after = {r.forge_key: r for r in await Repository.all()}
    assert set(after) == set(before)  # nothing lost
    for repo in github.repos.values():
        stored = after[f"github.com:{repo.id}"]
        assert stored.active  # a failure never marks a repository as gone
        harvested = stored.stars == repo.stars
        assert harvested or stored.url in failed_urls, stored.url
    assert faults.injected > 8  # the host really did misbehave, in the ways above
    assert result.failed == len(failed_urls)
    assert result.changed + result.unchanged + result.failed == len(github.repos)


async def test_a_killed_harvest_started_again_ends_in_the_same_catalogue(
    github: FakeGitHub, accounts: list[CodeHostAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    upsert, written = harvesting.upsert, 0

    async def killed_after_40(**kwargs: Any) -> Any:
        """The harvest is killed once 40 repositories are written: in the next write."""
        nonlocal written
        stored = await upsert(**kwargs)
        written += 1
        if written == 40:
            task.cancel()
        return stored

    monkeypatch.setattr(harvesting, "upsert", killed_after_40)
    task = asyncio.create_task(run(github, accounts))
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.setattr(harvesting, "upsert", upsert)
    assert await HarvestLog.filter(outcome=Outcome.NEW).count() >= 40
    assert 40 <= await Repository.all().count() < len(github.repos)

    await run(github, accounts)
    resumed = await catalogue_state()
    assert await Software.all().count() == len(github.repos)

    await empty_tables()
    await run(github, await register(), clock=FakeClock())
    assert await catalogue_state() == resumed
    assert len(resumed) == len(ACCOUNTS) * REPOS_PER_ACCOUNT
