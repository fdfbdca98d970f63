# SPDX-License-Identifier: EUPL-1.2
"""Harvesting GitLab groups (with subgroups) into the catalogue: python-gitlab against the fake."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from catalogue.audit.models import AuditEvent
from catalogue.harvests.models import HarvestLog, Outcome
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount
from catalogue.organisations.publishers import AccountRecord
from catalogue.software.models import Repository
from harvesters.gitlab import GitLabForge
from harvesters.pipeline import harvest
from tests.factories import make_organisation
from tests.fakes.gitlab import FakeGitLab, Fault, License, serve
from tests.harvesters.test_github_harvest import FakeClock

PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: Haven\n"
MIT_OPENING = """MIT License

Copyright (c) 2024 VNG

Permission is hereby granted, free of charge, to any person obtaining a copy
"""


@pytest.fixture(scope="module")
def served() -> Iterator[FakeGitLab]:
    with serve(FakeGitLab()) as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def components() -> int:
    """How many projects commonground/components has: a few, unless a test counts on a
    listing of more than one page."""
    return 8


@pytest.fixture
def gitlab(served: FakeGitLab, clock: FakeClock, components: int) -> FakeGitLab:
    served.reset(clock=clock.now)
    served.add_project(
        "commonground/core",
        "haven",
        description="Standaard voor de cloud",
        topics=["kubernetes"],
        languages={"Go": 80.0, "Shell": 20.0},
        license=License(key="eupl-1.2", name="EUPL 1.2"),
        star_count=7,
        publiccode_yml=PUBLICCODE,
    )
    for n in range(components):
        served.add_project(
            "commonground/components", f"component-{n:03}", languages={"Python": 100.0}
        )
    served.add_project("elders", "niet-van-ons")
    return served


@pytest.fixture
async def account(db: str, gitlab: FakeGitLab) -> CodeHostAccount:
    organisation = await make_organisation("Vereniging van Nederlandse Gemeenten")
    return await services.create_account(
        organisation,
        AccountRecord(ForgeKind.GITLAB, gitlab.base_url, "commonground", True),
        actor="test",
    )


async def run(gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount):
    forge = GitLabForge(url=gitlab.base_url, token="t", clock=clock)
    return await harvest(accounts=[account], forge_for=lambda _: forge, source="gitlab:test")


@pytest.mark.parametrize("components", [105])  # 106 projects: listing pages 1 + 1
async def test_a_group_is_harvested_with_its_subgroups(
    gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount
) -> None:
    result = await run(gitlab, clock, account)
    assert (result.new, result.failed) == (106, 0)
    haven = await Repository.get(full_name="commonground/core/haven").prefetch_related("software")
    assert haven.url == gitlab.base_url.replace("http:", "https:") + "/commonground/core/haven"
    assert (haven.licence_forge, haven.stars, haven.topics) == ("EUPL-1.2", 7, ["kubernetes"])
    assert haven.publiccode_yml == PUBLICCODE
    assert [lang.name for lang in await haven.languages.all().order_by("position")] == [
        "Go",
        "Shell",
    ]
    assert haven.software.licence == "EUPL-1.2"
    assert not await Repository.filter(full_name="elders/niet-van-ons").exists()


@pytest.mark.parametrize("components", [105])  # 106 projects: listing pages 1 + 1
async def test_an_unchanged_group_costs_only_conditional_requests(
    gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount
) -> None:
    await run(gitlab, clock, account)
    events = await AuditEvent.all().count()
    gitlab.requests.clear()
    again = await run(gitlab, clock, account)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 106)
    assert len(gitlab.requests) == 2  # two listing pages, each 304
    assert again.rate_limit_used == 0
    assert await AuditEvent.all().count() == events


async def test_moved_and_removed_projects(
    gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount
) -> None:
    await run(gitlab, clock, account)
    haven = gitlab.find_project("commonground/core/haven")
    before = await Repository.get(full_name="commonground/core/haven")
    gitlab.move(haven, "commonground/components")
    gitlab.remove(gitlab.find_project("commonground/components/component-004"))

    result = await run(gitlab, clock, account)

    moved = await Repository.get(id=before.id)
    assert moved.full_name == "commonground/components/haven"
    assert (await Repository.get(full_name="commonground/components/component-004")).active is False
    assert (result.changed, result.inactive) == (1, 1)


@pytest.mark.parametrize("components", [105])  # 106 projects: listing pages 1 + 1
async def test_429_is_waited_out_and_5xx_retried(
    gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount
) -> None:
    gitlab.inject(Fault(status=429, retry_after=30), path="/groups/*/projects*", times=1)
    gitlab.inject(Fault(status=502), path="/projects/*/languages*", times=1)
    result = await run(gitlab, clock, account)
    assert (result.new, result.failed) == (106, 0)
    assert 30.0 in clock.sleeps and 1.0 in clock.sleeps


async def test_a_refused_token_is_logged_for_the_group(
    gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount
) -> None:
    gitlab.revoked_tokens.add("t")
    result = await run(gitlab, clock, account)
    assert result.failed == 1 and result.new == 0
    assert "401" in (await HarvestLog.get(outcome=Outcome.FAILED)).message


async def test_the_licence_file_is_read_only_when_gitlab_cannot_name_it(
    gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount
) -> None:
    gitlab.add_project(
        "commonground/core",
        "zaken",
        license=License(key="other", name="Other"),
        files={"LICENSE": MIT_OPENING},
    )
    await run(gitlab, clock, account)
    zaken = await Repository.get(full_name="commonground/core/zaken")
    assert (zaken.licence_forge, zaken.licence_file) == (None, "MIT")
    haven = await Repository.get(full_name="commonground/core/haven")
    assert (haven.licence_forge, haven.licence_file) == ("EUPL-1.2", None)
    files = [r.path for r in gitlab.requests if "/repository/files/LICENSE" in r.path]
    assert len(files) == 1  # zaken's: GitLab named haven's licence, so its file is not read


async def test_a_first_harvest_asks_per_project_only_what_the_listing_lacks(
    gitlab: FakeGitLab, clock: FakeClock, account: CodeHostAccount
) -> None:
    declared = "publiccodeYmlVersion: '0.4'\nname: Zaken\nlegal:\n  license: EUPL-1.2\n"
    gitlab.add_project("commonground/core", "zaken", publiccode_yml=declared)
    result = await run(gitlab, clock, account)
    asked = [r.path.removeprefix("/api/v4") for r in gitlab.requests]
    zaken = gitlab.find_project("commonground/core/zaken")
    assert not [path for path in asked if path.startswith(f"/projects/{zaken.id}?")]
    details = [path for path in asked if "?license=true" in path.lower()]
    assert len(details) == result.new - 1  # every project but the one whose file declares it
    assert len(asked) == 1 + result.new * 2 + len(details)  # listing, publiccode, languages
