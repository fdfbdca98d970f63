# SPDX-License-Identifier: EUPL-1.2
"""Harvesting Bitbucket Cloud workspaces and Bitbucket Data Center projects: the harvesters
against the loopback fakes, with their paging envelopes, 429 with Retry-After, 5xx, torn and
hanging answers, pushes, removals and returns."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from catalogue.harvests.models import HarvestLog, Outcome, RequestValidator
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount
from catalogue.organisations.publishers import AccountRecord, account_from_url
from catalogue.software.models import Repository
from harvesters.bitbucket import BitbucketCloudForge, BitbucketServerForge
from harvesters.pipeline import harvest
from tests.factories import make_organisation
from tests.fakes.bitbucket import BitbucketRepo, FakeBitbucket, serve
from tests.fakes.github import Fault, queue
from tests.harvesters.test_github_harvest import FakeClock
from tests.harvesters.test_harvest_metadata import MIT_TEXT

PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: Parkeren\n"
MIT = MIT_TEXT


def repositories(extra: int) -> list[BitbucketRepo]:
    return [
        BitbucketRepo(
            slug="parkeren",
            name="Parkeren",
            description="Parkeervergunningen aanvragen",
            language="java",
            files={"publiccode.yml": PUBLICCODE, "LICENSE": MIT, "pom.xml": "<project/>"},
        ),
        BitbucketRepo(slug="kopie", parent="gemeente/parkeren", files={"README": "kopie"}),
        *(BitbucketRepo(slug=f"tool-{n:03}") for n in range(extra)),
    ]


@pytest.fixture(scope="module")
def cloud_served() -> Iterator[FakeBitbucket]:
    with serve(FakeBitbucket(cloud=True)) as fake:
        yield fake


@pytest.fixture(scope="module")
def server_served() -> Iterator[FakeBitbucket]:
    with serve(FakeBitbucket(cloud=False)) as fake:
        yield fake


@pytest.fixture
def extra() -> int:
    return 3


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def reset(fake: FakeBitbucket, clock: FakeClock, owner: str, extra: int) -> FakeBitbucket:
    fake.release()
    fake.owners.clear(), fake.repos.clear(), fake.requests.clear()
    fake.faults, fake.rate_limit, fake.clock, fake.window = None, None, clock.now, (0.0, 0)
    fake.add_owner(owner, repositories(extra))
    return fake


@pytest.fixture
def cloud(cloud_served: FakeBitbucket, clock: FakeClock, extra: int) -> FakeBitbucket:
    return reset(cloud_served, clock, "gemeente", extra)


@pytest.fixture
def server(server_served: FakeBitbucket, clock: FakeClock, extra: int) -> FakeBitbucket:
    fake = reset(server_served, clock, "GEM", extra)
    fake.repo("GEM/kopie").parent = "GEM/parkeren"  # type: ignore[union-attr]
    fake.add_owner("~ontwikkelaar", [BitbucketRepo(slug="script")])
    return fake


async def account(kind: ForgeKind, base_url: str, name: str, group: bool = True):
    organisation = await make_organisation(f"Gemeente {name}")
    return await services.create_account(
        organisation, AccountRecord(kind, base_url, name, group), actor="test"
    )


async def run_cloud(
    fake: FakeBitbucket, clock: FakeClock, accounts: list[CodeHostAccount], timeout: float = 2
):
    forge = BitbucketCloudForge(
        api_url=fake.base_url, web_url=fake.base_url, clock=clock, timeout=timeout
    )
    return await harvest(accounts=accounts, forge_for=lambda _: forge, source="bitbucket:test")


async def run_server(fake: FakeBitbucket, clock: FakeClock, accounts: list[CodeHostAccount]):
    forge = BitbucketServerForge(url=fake.base_url, clock=clock, timeout=2)
    return await harvest(accounts=accounts, forge_for=lambda _: forge, source="bbserver:test")


# -- Cloud ----------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [120])  # 122 repositories: pages of 100, so 2
async def test_a_cloud_workspace_is_listed_page_by_page_and_its_files_read(
    db: str, cloud: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [await account(ForgeKind.BITBUCKET, cloud.base_url, "gemeente")]
    result = await run_cloud(cloud, clock, accounts)

    assert (result.new, result.failed) == (122, 0)
    parkeren = await Repository.get(full_name="gemeente/parkeren")
    assert parkeren.forge_key.endswith(":{00000000-0000-0000-0000-0000000001f5}")
    assert (parkeren.publiccode_yml, parkeren.licence_file) == (PUBLICCODE, "MIT")
    assert [lang.name for lang in await parkeren.languages.all()] == ["java"]
    kopie = await Repository.get(full_name="gemeente/kopie")
    assert kopie.fork_of == f"{cloud.base_url}/gemeente/parkeren"
    listing = [r.path for r in cloud.requests if r.path.startswith("/2.0/repositories/gemeente?")]
    assert listing == [f"/2.0/repositories/gemeente?pagelen=100&page={n}" for n in (1, 2)]

    cloud.requests.clear()
    again = await run_cloud(cloud, clock, accounts)
    assert (again.unchanged, again.changed) == (122, 0)
    assert len(cloud.requests) == 2  # the pages; nobody pushed


async def test_a_cloud_push_reads_the_root_again_and_the_files_conditionally(
    db: str, cloud: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [await account(ForgeKind.BITBUCKET, cloud.base_url, "gemeente")]
    await run_cloud(cloud, clock, accounts)
    cloud.push("gemeente/parkeren", {"pom.xml": "<project>2</project>"})
    cloud.requests.clear()
    result = await run_cloud(cloud, clock, accounts)
    asked = [r for r in cloud.requests if "/src/" in r.path]
    assert len(asked) == 3  # the root, and both files, each answered 304
    assert all("if-none-match" in r.headers for r in asked if not r.path.endswith("/?pagelen=100"))
    assert result.changed == 1  # its updated_on moved


async def test_cloud_429_5xx_and_a_torn_page_are_waited_out_and_retried(
    db: str, cloud: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [await account(ForgeKind.BITBUCKET, cloud.base_url, "gemeente")]
    cloud.faults = queue(
        r"/2.0/repositories/gemeente$",
        Fault.secondary_rate_limit(retry_after=30, status=429),
        Fault.error(503),
        Fault.malformed_body(),
    )
    result = await run_cloud(cloud, clock, accounts)
    assert (result.new, result.failed) == (5, 0)
    assert clock.sleeps == [30.0, 2.0, 1.0]


async def test_a_cloud_file_that_hangs_fails_that_repository_only(
    db: str, cloud: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [await account(ForgeKind.BITBUCKET, cloud.base_url, "gemeente")]
    cloud.faults = queue(r"/parkeren/src/main/LICENSE", *[Fault.hang()] * 4)
    result = await run_cloud(cloud, clock, accounts, timeout=0.3)
    assert (result.new, result.failed) == (4, 1)
    failure = await HarvestLog.get(outcome=Outcome.FAILED)
    assert "no answer" in failure.message and "LICENSE" in failure.message


# -- Data Center ----------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [100])  # 102 repositories: pages of 100, so 2
async def test_a_data_center_project_and_a_users_repositories_are_harvested(
    db: str, server: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [
        await account(ForgeKind.BITBUCKET_SERVER, server.base_url, "GEM"),
        await account(ForgeKind.BITBUCKET_SERVER, server.base_url, "ontwikkelaar", False),
    ]
    result = await run_server(server, clock, accounts)

    assert (result.new, result.failed) == (103, 0)
    parkeren = await Repository.get(full_name="GEM/parkeren")
    web = server.base_url.replace("http://", "https://")
    assert parkeren.url == f"{web}/projects/GEM/repos/parkeren"
    assert (parkeren.publiccode_yml, parkeren.licence_file, parkeren.default_branch) == (
        PUBLICCODE,
        "MIT",
        "main",
    )
    assert (await Repository.get(full_name="GEM/kopie")).fork_of == (
        f"{server.base_url}/projects/GEM/repos/parkeren"
    )
    assert await Repository.exists(full_name="~ONTWIKKELAAR/script")
    starts = [
        r.path for r in server.requests if r.path.startswith("/rest/api/1.0/projects/GEM/repos?")
    ]
    assert starts == [
        "/rest/api/1.0/projects/GEM/repos?limit=100&start=0",
        "/rest/api/1.0/projects/GEM/repos?limit=100&start=100",
    ]


async def test_data_center_reads_a_file_only_when_its_content_id_changed(
    db: str, server: FakeBitbucket, clock: FakeClock
) -> None:
    """Its listing shows no push: the default branch's latest commit says whether to read the
    root folder, and the root folder's contentIds which files to read."""
    accounts = [await account(ForgeKind.BITBUCKET_SERVER, server.base_url, "GEM")]
    await run_server(server, clock, accounts)
    server.requests.clear()
    again = await run_server(server, clock, accounts)
    assert again.unchanged == 5 and not [r for r in server.requests if "/raw/" in r.path]

    changed = PUBLICCODE.replace("Parkeren", "Parkeren 2")
    server.push("GEM/parkeren", {"publiccode.yml": changed})
    server.requests.clear()
    pushed = await run_server(server, clock, accounts)
    assert [r.path for r in server.requests if "/raw/" in r.path] == [
        "/rest/api/1.0/projects/GEM/repos/parkeren/raw/publiccode.yml"
    ]
    assert pushed.changed == 1
    assert (await Repository.get(full_name="GEM/parkeren")).publiccode_yml == changed


def paths(fake: FakeBitbucket, part: str) -> list[str]:
    prefix = "/rest/api/1.0/projects/GEM/repos/"
    return [r.path.removeprefix(prefix) for r in fake.requests if part in r.path]


async def test_data_center_reads_the_root_only_when_the_latest_commit_moved(
    db: str, server: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [await account(ForgeKind.BITBUCKET_SERVER, server.base_url, "GEM")]
    first = await run_server(server, clock, accounts)
    assert first.new == 5
    assert len(paths(server, "/branches/default")) == 5  # one per repository, then the root
    assert len(paths(server, "/browse")) == 5

    server.requests.clear()
    again = await run_server(server, clock, accounts)
    assert again.unchanged == 5
    assert len(paths(server, "/branches/default")) == 5
    # Only the repositories without a commit (404: empty) have their root read again.
    assert paths(server, "/browse") == [f"tool-00{n}/browse?limit=1000" for n in range(3)]

    described = server.repo("GEM/parkeren")
    assert described is not None
    described.description = "Parkeervergunningen, nu digitaal"  # the item moves, the commit not
    server.requests.clear()
    renamed = await run_server(server, clock, accounts)
    assert renamed.changed == 1 and not [p for p in paths(server, "parkeren/") if "/raw/" in p]
    assert "parkeren/browse?limit=1000" not in paths(server, "/browse")
    stored = await Repository.get(full_name="GEM/parkeren")
    assert stored.description == "Parkeervergunningen, nu digitaal"
    assert (stored.publiccode_yml, stored.licence_file) == (PUBLICCODE, "MIT")

    server.push("GEM/parkeren", {"pom.xml": "<project><name>2</name></project>"})
    server.requests.clear()
    pushed = await run_server(server, clock, accounts)
    assert "parkeren/browse?limit=1000" in paths(server, "/browse")
    assert not paths(server, "/raw/")  # publiccode.yml and LICENSE kept their contentId
    assert (pushed.changed, pushed.unchanged) == (0, 5)  # nothing the catalogue keeps moved


async def test_a_failing_default_branch_answer_fails_or_falls_back_but_marks_nothing_gone(
    db: str, server: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [await account(ForgeKind.BITBUCKET_SERVER, server.base_url, "GEM")]
    await run_server(server, clock, accounts)
    server.faults = queue(r"/parkeren/branches/default$", *[Fault.error(503)] * 4)
    failed = await run_server(server, clock, accounts)
    assert (failed.failed, failed.inactive, failed.unchanged) == (1, 0, 4)
    assert clock.sleeps[-4:] == [1.0, 2.0, 4.0, 8.0]  # retried, on the injected clock
    assert await Repository.get(full_name="GEM/parkeren", active=True)

    # A torn answer: the commit is unknown, so the root is read as before.
    server.faults = queue(r"/parkeren/branches/default$", Fault.malformed_body())
    server.requests.clear()
    torn = await run_server(server, clock, accounts)
    assert (torn.failed, torn.inactive) == (0, 0)
    assert "parkeren/browse?limit=1000" in paths(server, "/browse")
    assert await Repository.filter(active=True).count() == 5


async def test_data_center_gone_and_back_and_a_missing_project(
    db: str, server: FakeBitbucket, clock: FakeClock
) -> None:
    accounts = [await account(ForgeKind.BITBUCKET_SERVER, server.base_url, "GEM")]
    await run_server(server, clock, accounts)
    removed = server.repo("GEM/tool-001")
    assert removed is not None
    del server.repos[removed.id]
    assert (await run_server(server, clock, accounts)).inactive == 1
    server.add_repo("GEM", removed)
    assert (await run_server(server, clock, accounts)).changed == 1
    assert (await Repository.get(full_name="GEM/tool-001")).active

    server.owners.discard("gem")
    gone = await run_server(server, clock, accounts)
    assert gone.failed == 1 and await Repository.filter(active=False).count() == 0


def test_bitbucket_hosts_are_known() -> None:
    assert account_from_url("https://bitbucket.org/gemeente").forge is ForgeKind.BITBUCKET
    assert account_from_url("https://bitbucket.gemeente.nl/GEM").forge is ForgeKind.BITBUCKET_SERVER


@pytest.mark.parametrize("cloud_api", [True, False])
async def test_a_killed_harvest_started_again_ends_in_the_same_catalogue(
    db: str,
    cloud: FakeBitbucket,
    server: FakeBitbucket,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    cloud_api: bool,
) -> None:
    from catalogue.software import harvesting

    fake = cloud if cloud_api else server
    kind, name = (
        (ForgeKind.BITBUCKET, "gemeente") if cloud_api else (ForgeKind.BITBUCKET_SERVER, "GEM")
    )
    accounts = [await account(kind, fake.base_url, name)]
    runner = run_cloud if cloud_api else run_server
    upsert, written = harvesting.upsert, 0

    async def killed_after_2(**kwargs: object) -> object:
        nonlocal written
        stored = await upsert(**kwargs)  # type: ignore[arg-type]
        written += 1
        if written == 2:
            task.cancel()
        return stored

    monkeypatch.setattr(harvesting, "upsert", killed_after_2)
    task = asyncio.create_task(runner(fake, clock, accounts))
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.setattr(harvesting, "upsert", upsert)
    assert await Repository.all().count() == 2

    await runner(fake, clock, accounts)
    fields = ("forge_key", "url", "publiccode_yml", "licence_file", "fork_of")
    resumed = sorted(await Repository.all().values_list(*fields))
    await Repository.all().delete()
    await RequestValidator.all().delete()  # from nothing, as if the first had never run
    await runner(fake, clock, accounts)
    assert sorted(await Repository.all().values_list(*fields)) == resumed
    assert len(resumed) == 5
