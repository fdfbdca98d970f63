# SPDX-License-Identifier: EUPL-1.2
"""Harvesting Forgejo and Gitea accounts (code.overheid.nl, Codeberg): the harvester against the
loopback fake Forgejo, with its paging, raw-file ETags, 429s, 5xx, malformed and slow answers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from catalogue.audit.models import AuditEvent
from catalogue.harvests.models import HarvestLog, Outcome, RequestValidator
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount
from catalogue.organisations.publishers import AccountRecord, account_from_url
from catalogue.software.models import Repository, Software
from harvesters.forgejo import ForgejoForge
from harvesters.pipeline import harvest
from tests.factories import make_organisation
from tests.fakes.forgejo import FakeForgejo, ForgejoRepo, serve
from tests.fakes.github import Fault, queue
from tests.harvesters.test_github_harvest import FakeClock

PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: Regelrecht\n"
EUPL = "EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL (c) the European Union 2007, 2016\n"


@pytest.fixture(scope="module")
def served() -> Iterator[FakeForgejo]:
    with serve(FakeForgejo()) as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tools() -> int:
    """How many small repositories minbzk has besides regelrecht: a few, unless a test counts
    on a listing of more than one page (50 a page)."""
    return 5


@pytest.fixture
def forgejo(served: FakeForgejo, clock: FakeClock, tools: int) -> FakeForgejo:
    served.release()
    served.organisations.clear(), served.users.clear(), served.repos.clear()
    served.redirects.clear(), served.requests.clear()
    served.faults, served.rate_limit, served.tokens, served.clock = None, None, None, clock.now
    served.window = (0.0, 0)
    served.add_organisation(
        "minbzk",
        [
            ForgejoRepo(
                name="regelrecht",
                description="Wetgeving als uitvoerbare regels",
                topics=["wetgeving"],
                language="Go",
                stars=4,
                website="https://regelrecht.nl",
                files={"publiccode.yml": PUBLICCODE, "LICENSE": EUPL, "main.go": "package main"},
            ),
            ForgejoRepo(name="spiegel", mirror=True, original_url="https://github.com/x/y"),
            ForgejoRepo(name="oud", archived=True, files={"README.md": "Oud"}),
            *(ForgejoRepo(name=f"tool-{n:03}", language="Python") for n in range(tools)),
        ],
    )
    served.add_user("ontwikkelaar", [ForgejoRepo(name="kopie", parent="minbzk/regelrecht")])
    return served


@pytest.fixture
async def accounts(db: str, forgejo: FakeForgejo) -> list[CodeHostAccount]:
    organisation = await make_organisation("Ministerie van BZK")
    return [
        await services.create_account(
            organisation,
            AccountRecord(ForgeKind.FORGEJO, forgejo.base_url, name, is_group),
            actor="test",
        )
        for name, is_group in (("minbzk", True), ("ontwikkelaar", False))
    ]


async def run(forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount], **kw):
    forge = ForgejoForge(url=forgejo.base_url, clock=clock, timeout=kw.pop("timeout", 10))
    return await harvest(accounts=accounts, forge_for=lambda _: forge, source="forgejo:test", **kw)


def paths(forgejo: FakeForgejo) -> list[str]:
    return [request.path for request in forgejo.requests]


async def test_a_first_harvest_takes_the_listing_and_reads_only_the_files_there_are(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    result = await run(forgejo, clock, accounts)

    assert (result.new, result.failed, result.status.value) == (9, 0, "finished")
    regelrecht = await Repository.get(full_name="minbzk/regelrecht")
    web = forgejo.base_url.replace("http://", "https://")  # the catalogue keeps https
    assert regelrecht.url == f"{web}/minbzk/regelrecht"
    assert regelrecht.forge_key == f"{forgejo.base_url.split('://')[1]}:101"
    assert (regelrecht.topics, regelrecht.stars, regelrecht.homepage) == (
        ["wetgeving"],
        4,
        "https://regelrecht.nl",
    )
    assert regelrecht.publiccode_yml == PUBLICCODE
    assert (regelrecht.licence_forge, regelrecht.licence_file) == (None, "EUPL-1.2")
    assert [lang.name for lang in await regelrecht.languages.all()] == ["Go"]
    software = await Software.get(id=regelrecht.software_id)
    assert software.licence == "EUPL-1.2"  # from the licence file: Forgejo names none
    assert (await Repository.get(full_name="minbzk/spiegel")).mirror
    assert (await Repository.get(full_name="minbzk/oud")).archived
    kopie = await Repository.get(full_name="ontwikkelaar/kopie")
    assert kopie.fork_of == f"{forgejo.base_url}/minbzk/regelrecht"  # the listing names it
    # Two listings; the root folder of each non-empty repository (all but the empty ones in
    # the fake have files), and the two files regelrecht has; nothing for a missing file.
    assert sorted(p.split("?")[0] for p in paths(forgejo) if "/raw/" in p) == [
        "/api/v1/repos/minbzk/regelrecht/raw/LICENSE",
        "/api/v1/repos/minbzk/regelrecht/raw/publiccode.yml",
    ]
    assert result.requests == len(forgejo.requests) == 2 + 9 + 2


@pytest.mark.parametrize("tools", [120])  # 123 repositories: pages of 50, so 3
async def test_paging_and_an_unchanged_account_cost_only_the_listing(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    first = await run(forgejo, clock, accounts)
    assert first.new == 124
    listing = [p for p in paths(forgejo) if p.startswith("/api/v1/orgs/minbzk/repos")]
    assert listing == [f"/api/v1/orgs/minbzk/repos?limit=50&page={n}" for n in (1, 2, 3)]
    events = await AuditEvent.all().count()
    forgejo.requests.clear()

    again = await run(forgejo, clock, accounts)

    assert (again.new, again.changed, again.unchanged) == (0, 0, 124)
    # Forgejo sends no ETag for listings: the pages are read again, and nothing else.
    assert len(forgejo.requests) == 4 and all("/repos?" in p for p in paths(forgejo))
    assert await AuditEvent.all().count() == events


async def test_a_push_reads_only_the_files_whose_blob_changed_conditionally(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    await run(forgejo, clock, accounts)
    forgejo.push("minbzk/regelrecht", {"main.go": "package main // 2"})
    forgejo.requests.clear()
    await run(forgejo, clock, accounts)
    assert [p.split("?")[0] for p in paths(forgejo) if "/repos/minbzk/" in p] == [
        "/api/v1/repos/minbzk/regelrecht/contents"  # neither file changed: not read
    ]

    changed = PUBLICCODE.replace("Regelrecht", "RegelRecht")
    forgejo.push("minbzk/regelrecht", {"publiccode.yml": changed})
    forgejo.requests.clear()
    result = await run(forgejo, clock, accounts)
    assert [p.split("?")[0] for p in paths(forgejo) if "/repos/minbzk/" in p] == [
        "/api/v1/repos/minbzk/regelrecht/contents",
        "/api/v1/repos/minbzk/regelrecht/raw/publiccode.yml",
    ]
    [asked] = [r for r in forgejo.requests if "/raw/publiccode.yml" in r.path]
    assert "if-none-match" in asked.headers  # asked conditionally
    assert result.changed == 1
    assert (await Repository.get(full_name="minbzk/regelrecht")).publiccode_yml == changed


async def test_renamed_removed_and_restored_repositories(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    await run(forgejo, clock, accounts)
    before = await Repository.get(full_name="minbzk/regelrecht")
    forgejo.rename("minbzk/regelrecht", "minbzk/regelrecht-nl")
    removed = forgejo.repo("minbzk/tool-001")
    assert removed is not None
    forgejo.remove("minbzk/tool-001")

    result = await run(forgejo, clock, accounts)

    moved = await Repository.get(id=before.id)
    assert moved.full_name == "minbzk/regelrecht-nl" and moved.software_id == before.software_id
    gone = await Repository.get(full_name="minbzk/tool-001")
    assert not gone.active and gone.missing_since is not None
    kopie = await Repository.get(full_name="ontwikkelaar/kopie")
    assert kopie.fork_of == f"{forgejo.base_url}/minbzk/regelrecht-nl"  # its parent moved
    assert (result.changed, result.inactive) == (2, 1)

    forgejo.add_repo("minbzk", removed)  # back, as it was
    back = await run(forgejo, clock, accounts)
    restored = await Repository.get(full_name="minbzk/tool-001")
    assert restored.active and restored.missing_since is None
    assert back.changed == 1


async def test_429_with_retry_after_is_waited_out_on_the_clock(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    forgejo.rate_limit, forgejo.rate_window = 5, 60.0
    result = await run(forgejo, clock, accounts)
    assert result.failed == 0 and result.new == 9
    assert clock.sleeps and all(0 < s <= 60 for s in clock.sleeps)  # never a real wait


async def test_5xx_is_retried_and_a_malformed_page_asked_for_again(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    forgejo.faults = queue(
        r"/orgs/minbzk/repos", Fault.error(502), Fault.error(500), Fault.malformed_body()
    )
    result = await run(forgejo, clock, accounts)
    assert (result.new, result.failed) == (9, 0)
    assert clock.sleeps == [1.0, 2.0, 1.0]  # backoff after each 5xx, then the torn page


async def test_a_malformed_file_listing_fails_that_repository_only(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    forgejo.faults = queue(r"/regelrecht/contents", Fault.malformed_body())
    result = await run(forgejo, clock, accounts)
    assert (result.new, result.failed) == (8, 1)
    failure = await HarvestLog.get(outcome=Outcome.FAILED)
    assert failure.url.endswith("/minbzk/regelrecht") and "not JSON" in failure.message
    assert await Repository.filter(active=False).count() == 0


async def test_a_slow_answer_ends_in_the_clients_time_limit_and_is_retried(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    forgejo.faults = queue(r"/oud/contents", Fault.hang())
    result = await run(forgejo, clock, accounts, timeout=0.5)
    assert (result.new, result.failed) == (9, 0)
    assert clock.sleeps == [1.0]  # no answer in time: tried again after the backoff


async def test_a_missing_account_and_a_refused_token_are_logged_not_emptied(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount]
) -> None:
    await run(forgejo, clock, accounts)
    forgejo.organisations.discard("minbzk")
    gone = await run(forgejo, clock, accounts)
    [failure] = await HarvestLog.filter(run_id=gone.id, outcome=Outcome.FAILED)
    assert failure.url.endswith("/minbzk") and "not found (404)" in failure.message

    forgejo.tokens = {"geheim"}  # and the harvester has no token
    refused = await run(forgejo, clock, accounts)
    assert refused.failed == 2
    messages = await HarvestLog.filter(run_id=refused.id).values_list("message", flat=True)
    assert any("401" in message for message in messages)
    assert await Repository.filter(active=False).count() == 0  # nothing marked gone


def test_code_overheid_nl_and_codeberg_are_forgejo() -> None:
    assert account_from_url("https://code.overheid.nl/minbzk").forge is ForgeKind.FORGEJO
    assert account_from_url("https://codeberg.org/gemeente").forge is ForgeKind.FORGEJO
    assert account_from_url("https://gitea.example.nl/x").forge is ForgeKind.GITEA


async def test_the_entry_shows_the_mirror_flag_and_the_activity_from_the_listing(
    forgejo: FakeForgejo, clock: FakeClock, accounts: list[CodeHostAccount], client
) -> None:
    await run(forgejo, clock, accounts)
    spiegel = await Repository.get(full_name="minbzk/spiegel")
    page = await client.get(f"/software/{spiegel.software_id}")
    assert "spiegel" in page.text and "Laatste activiteit" in page.text
    assert "1 jan 2024" in page.text  # its updated_at, from the listing: no request
    answer = await client.get(f"/api/v1/repositories/{spiegel.pk}")
    body = answer.json()
    assert body["mirror"] is True and body["created_on_host_at"].startswith("2020-01-01")


@pytest.mark.parametrize("tools", [60])  # 63 repositories over two pages, and the user's fork
async def test_a_killed_harvest_started_again_ends_in_the_same_catalogue(
    forgejo: FakeForgejo,
    clock: FakeClock,
    accounts: list[CodeHostAccount],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from catalogue.software import harvesting

    upsert, written = harvesting.upsert, 0

    async def killed_after_20(**kwargs: object) -> object:
        nonlocal written
        stored = await upsert(**kwargs)  # type: ignore[arg-type]
        written += 1
        if written == 20:
            task.cancel()
        return stored

    monkeypatch.setattr(harvesting, "upsert", killed_after_20)
    task = asyncio.create_task(run(forgejo, clock, accounts))
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.setattr(harvesting, "upsert", upsert)
    assert 20 <= await Repository.all().count() < 64

    await run(forgejo, clock, accounts)
    resumed = sorted(
        await Repository.all().values_list("forge_key", "url", "publiccode_yml", "licence_file")
    )
    assert len(resumed) == 64 and await Software.all().count() == 64
    await Repository.all().delete()
    await Software.all().delete()
    await RequestValidator.all().delete()
    await run(forgejo, clock, accounts)  # from nothing, as if the first had never run
    fresh = sorted(
        await Repository.all().values_list("forge_key", "url", "publiccode_yml", "licence_file")
    )
    assert fresh == resumed
