# SPDX-License-Identifier: EUPL-1.2
"""Harvesting GitHub accounts into the catalogue: PyGithub against the loopback fake GitHub."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.audit.models import AuditEvent
from catalogue.harvests.models import HarvestLog, Outcome
from catalogue.harvests.queries import harvest_failures
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind, HarvestState
from catalogue.organisations.models import CodeHostAccount
from catalogue.organisations.publishers import AccountRecord
from catalogue.organisations.queries import harvestable_accounts
from catalogue.permissions.rules import Role
from catalogue.software import services as registration
from catalogue.software.models import Repository, Software
from harvesters.github import GitHubForge
from harvesters.pipeline import harvest
from tests.factories import make_organisation
from tests.fakes.github import FakeGitHub, FakeRepo, Fault, queue, serve

PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: Signalen\n"


class FakeClock:
    """Time that moves only when someone sleeps."""

    def __init__(self) -> None:
        self.moment = 1_800_000_000.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.moment

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.moment += seconds


@pytest.fixture(scope="module")
def served() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub()) as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tools() -> int:
    """How many small repositories the organisation has besides signalen and zaken: a few,
    unless a test counts on a listing of more than one page."""
    return 8


@pytest.fixture
def github(served: FakeGitHub, clock: FakeClock, tools: int) -> FakeGitHub:
    """The served fake, emptied, with two accounts: an organisation and a user."""
    served.accounts.clear(), served.repos.clear(), served.moved.clear(), served.requests.clear()
    served._names.clear()
    served.faults, served.clock, served.rate_used = None, clock.now, 0
    served.rate_reset = clock.now() + 3600
    served.add_organisation(
        "gemeente",
        [
            FakeRepo(
                name="signalen",
                description="Meldingen over de openbare ruimte van de gemeente",
                topics=["meldingen"],
                languages={"Python": 900, "TypeScript": 300},
                licence="MPL-2.0",
                stars=12,
                publiccode_yml=PUBLICCODE,
            ),
            FakeRepo(
                name="zaken",
                description="Zaakgericht werken voor de gemeente en burgers",
                languages={"Java": 10},
                licence="EUPL-1.2",
                archived=True,
            ),
            *(FakeRepo(name=f"tool-{n:03}", languages={"Go": 1}) for n in range(tools)),
        ],
    )
    served.add_user("ontwikkelaar", [FakeRepo(name="script", languages={"Shell": 5})])
    return served


@pytest.fixture
async def registered(db: str) -> list[CodeHostAccount]:
    organisation = await make_organisation("Gemeente Voorbeeld", account="gemeente")
    user_account = await services.create_account(
        organisation,
        AccountRecord(ForgeKind.GITHUB, "https://github.com", "ontwikkelaar", False),
        actor="test",
    )
    return [await CodeHostAccount.get(name_key="gemeente"), user_account]


async def run(
    github: FakeGitHub, clock: FakeClock, accounts: list[CodeHostAccount], **kwargs: object
):
    forge = GitHubForge(api_url=github.base_url, token="t", clock=clock)
    return await harvest(
        accounts=accounts, forge_for=lambda account: forge, source="github:test", **kwargs
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("tools", [120])  # 123 repositories: listing pages 2 + 1
async def test_a_first_harvest_builds_the_catalogue(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    result = await run(github, clock, registered)
    assert (result.new, result.changed, result.failed, result.status.value) == (
        123,
        0,
        0,
        "finished",
    )
    signalen = await Repository.get(full_name="gemeente/signalen").prefetch_related("software")
    assert signalen.url == "https://github.com/gemeente/signalen"
    assert signalen.forge_key == f"github.com:{github.repo('gemeente/signalen').id}"
    assert (signalen.stars, signalen.topics, signalen.licence_forge) == (
        12,
        ["meldingen"],
        "MPL-2.0",
    )
    assert signalen.publiccode_yml == PUBLICCODE and signalen.has_publiccode
    # The listing names the main language; the full breakdown would cost a request each.
    assert [lang.name for lang in await signalen.languages.all().order_by("position")] == ["Python"]
    assert signalen.software.licence == "MPL-2.0"
    assert signalen.software.description_nl == "Meldingen over de openbare ruimte van de gemeente"
    assert signalen.software.release_status.value == "undecided"  # until a decision
    zaken = await Repository.get(full_name="gemeente/zaken")
    assert zaken.archived and zaken.publiccode_yml is None
    script = await Repository.get(full_name="ontwikkelaar/script")
    assert script.account_id == registered[1].id
    assert await HarvestLog.filter(outcome=Outcome.NEW).count() == 123
    # Listing pages of 100 (2 + 1); per repository only its publiccode.yml (issue 19: at most
    # 1.1 requests per repository): the rest is in the listing.
    assert result.requests == 3 + 123 == len(github.requests)


@pytest.mark.parametrize("tools", [120])  # 123 repositories: listing pages 2 + 1
async def test_an_unchanged_account_costs_only_conditional_requests_and_writes_nothing(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    await run(github, clock, registered)
    events = await AuditEvent.all().count()
    stamps = await Repository.all().order_by("id").values_list("updated_at", flat=True)
    github.requests.clear()

    again = await run(github, clock, registered)

    assert (again.new, again.changed, again.unchanged, again.inactive) == (0, 0, 123, 0)
    assert len(github.requests) == 3  # the three listing pages, each answered 304
    assert all(
        "If-None-Match" in {k.title(): v for k, v in r.headers.items()} for r in github.requests
    )
    assert again.rate_limit_used == 0
    assert await AuditEvent.all().count() == events
    assert await Repository.all().order_by("id").values_list("updated_at", flat=True) == stamps


@pytest.mark.parametrize("tools", [120])  # 123 repositories: listing pages 2 + 1
async def test_after_a_few_changes_only_the_changed_repositories_cost_a_request(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    await run(github, clock, registered)
    pushed = github.repo("gemeente/tool-050")
    starred = github.repo("gemeente/tool-100")
    assert pushed is not None and starred is not None and pushed.pushed_at is not None
    pushed.pushed_at, pushed.description = pushed.pushed_at.replace(year=2025), "Nieuw"
    starred.stars = 7  # a listing field only: its files were not pushed to
    github.add_repo("gemeente", FakeRepo(name="aaa-nieuw"))  # every page after it shifts
    github.requests.clear()

    again = await run(github, clock, registered)

    assert (again.new, again.changed, again.unchanged) == (1, 2, 121)
    # Issue 19: requests <= listing pages + 2 x changed; here the pages (3) and one
    # publiccode.yml each for the pushed and the new repository.
    assert sorted(r.path.split("?")[0] for r in github.requests) == [
        "/orgs/gemeente/repos",
        "/orgs/gemeente/repos",
        "/repos/gemeente/aaa-nieuw/contents/publiccode.yml",
        "/repos/gemeente/tool-050/contents/publiccode.yml",
        "/users/ontwikkelaar/repos",
    ]
    assert (await Repository.get(full_name="gemeente/tool-100")).stars == 7


async def test_renamed_changed_and_removed_repositories(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    await run(github, clock, registered)
    before = await Repository.get(full_name="gemeente/signalen")
    github.rename("gemeente/signalen", "gemeente/signalen-app")
    github.repo("gemeente/zaken").description = "Nieuwe beschrijving"  # type: ignore[union-attr]
    github.remove("gemeente/tool-007")

    result = await run(github, clock, registered)

    renamed = await Repository.get(id=before.id)
    assert renamed.full_name == "gemeente/signalen-app"
    assert renamed.url == "https://github.com/gemeente/signalen-app"
    assert await Repository.filter(forge_key=before.forge_key).count() == 1
    assert (await Repository.get(full_name="gemeente/zaken")).description == "Nieuwe beschrijving"
    gone = await Repository.get(full_name="gemeente/tool-007")
    assert not gone.active and gone.missing_since is not None  # kept, not deleted
    assert (result.new, result.changed, result.inactive) == (0, 2, 1)


async def test_a_harvest_never_overwrites_what_a_person_edited(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    await run(github, clock, registered)
    software = await Software.get(name="zaken")
    person = await accounts.create_user(email="dev@gemeente.nl", password=None, actor="test")
    organisation = await registered[0].organisation
    await accounts.grant(user=person, organisation=organisation, role=Role.DEVELOPER, actor="t")
    await registration.update_software(
        principal=await sessions.principal_for(person),
        software=software,
        values={"description_nl": "Door een mens geschreven"},
    )
    github.repo("gemeente/zaken").description = "Van de host"  # type: ignore[union-attr]
    github.repo("gemeente/zaken").licence = "MIT"  # type: ignore[union-attr]

    await run(github, clock, registered)

    stored = await Software.get(id=software.id)
    assert stored.description_nl == "Door een mens geschreven"
    assert stored.licence == "MIT"  # not edited by a person, so the host's value counts
    assert (await Repository.get(full_name="gemeente/zaken")).description == "Van de host"


@pytest.mark.parametrize("tools", [120])  # 123 repositories: listing pages 2 + 1
async def test_a_refused_token_stops_that_account_only(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    github.faults = queue(r"^/users/ontwikkelaar/repos", Fault.error(401))
    result = await run(github, clock, registered)
    assert result.new == 122 and result.failed == 1
    failure = await HarvestLog.get(outcome=Outcome.FAILED)
    assert failure.url == "https://github.com/ontwikkelaar"
    assert "401" in failure.message


@pytest.mark.parametrize("tools", [120])  # 123 repositories: listing pages 2 + 1
async def test_server_errors_are_retried_and_rate_limits_waited_out_without_sleeping(
    github: FakeGitHub,
    clock: FakeClock,
    registered: list[CodeHostAccount],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger="opentenzij.harvest")
    github.faults = queue(
        r"^/orgs/gemeente/repos",
        Fault.error(502),
        Fault.error(500),
        Fault.secondary_rate_limit(retry_after=60),
    )
    result = await run(github, clock, registered)
    assert result.new == 123 and result.failed == 0
    assert clock.sleeps == [1.0, 2.0, 60.0]
    assert (
        "/orgs/gemeente/repos?per_page=100&sort=full_name&page=1 answered 403; trying "
        "again in 60 s" in caplog.text
    )


async def test_a_malformed_answer_fails_that_repository_only_and_keeps_its_data(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    await run(github, clock, registered)
    signalen = github.repo("gemeente/signalen")
    assert signalen is not None and signalen.pushed_at is not None
    signalen.stars, signalen.pushed_at = 99, signalen.pushed_at.replace(year=2025)
    github.faults = queue(r"/repos/gemeente/signalen/contents", Fault.malformed_body())

    result = await run(github, clock, registered)

    assert result.failed == 1
    failure = await HarvestLog.get(outcome=Outcome.FAILED)
    assert "not JSON" in failure.message and failure.url.endswith("/signalen")
    kept = await Repository.get(full_name="gemeente/signalen")
    assert kept.stars == 12 and kept.active  # earlier data stays; not marked gone
    assert await Repository.filter(active=False).count() == 0


async def test_a_dry_run_writes_no_repository(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    result = await run(github, clock, registered, dry_run=True)
    assert result.dry_run and await Repository.all().count() == 0
    assert result.failed == 0


async def test_runs_and_failures_are_visible_to_everyone(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount], client
) -> None:
    await run(github, clock, registered)
    signalen = github.repo("gemeente/signalen")
    assert signalen is not None and signalen.pushed_at is not None
    signalen.stars, signalen.pushed_at = 50, signalen.pushed_at.replace(year=2025)
    github.faults = queue(r"/repos/gemeente/signalen/contents", Fault.malformed_body())
    second = await run(github, clock, registered)

    runs = (await client.get("/api/v1/harvest-runs")).json()
    assert runs["total"] == 2 and runs["items"][0]["id"] == second.id
    assert runs["items"][0]["failed"] == 1
    logs = (await client.get(f"/api/v1/harvest-runs/{second.id}/logs")).json()
    assert [log["outcome"] for log in logs["items"]] == ["failed"]
    signalen = await Repository.get(full_name="gemeente/signalen")
    history = (await client.get(f"/api/v1/repositories/{signalen.id}/harvest-logs")).json()
    assert [log["outcome"] for log in history["items"]] == ["failed", "new"]
    page = await client.get(f"/software/{signalen.software_id}")
    assert "mislukt" in page.text and "not JSON" in page.text


async def test_a_fork_names_what_it_was_forked_from(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    github.add_organisation("bron", [FakeRepo(name="upstream")])
    github.add_repo("gemeente", FakeRepo(name="eigen-kopie", fork=True, parent="bron/upstream"))
    await run(github, clock, registered)
    fork = await Repository.get(full_name="gemeente/eigen-kopie")
    assert fork.fork_of == "https://github.com/bron/upstream"
    assert (await Repository.get(full_name="gemeente/signalen")).fork_of is None


async def test_an_account_is_verified_by_a_publiccode_naming_its_organisation(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount], client
) -> None:
    """Issue 19, point 8: a publiccode.yml in the account that names the organisation's TOOI
    URI proves the account is theirs; without it the account is only claimed."""
    organisation = await registered[0].organisation
    organisation.tooi_uri = "https://identifier.overheid.nl/tooi/id/gemeente/gm9999"
    organisation.oin = "00000001234567890000"
    await organisation.save()
    await run(github, clock, registered)
    assert (await CodeHostAccount.get(id=registered[0].pk)).verified_at is None

    signalen = github.repo("gemeente/signalen")
    assert signalen is not None and signalen.pushed_at is not None
    signalen.publiccode_yml = PUBLICCODE + (
        "organisation:\n  uri: https://identifier.overheid.nl/tooi/id/gemeente/gm9999/\n"
    )
    signalen.pushed_at = signalen.pushed_at.replace(year=2025)
    await run(github, clock, registered)
    account = await CodeHostAccount.get(id=registered[0].pk)
    assert account.verified_at is not None and "gemeente/signalen" in account.verified_by
    assert (await CodeHostAccount.get(id=registered[1].pk)).verified_at is None  # the user's
    body = (await client.get(f"/api/v1/organisations/{organisation.slug}")).json()
    ownership = {a["name"]: a["ownership"] for a in body["accounts"]}
    assert ownership == {"gemeente": "verified", "ontwikkelaar": "claimed"}
    page = await client.get(f"/organisaties/{organisation.slug}")
    assert "geverifieerd" in page.text and "geclaimd" in page.text
    assert await AuditEvent.filter(action="catalogue:account:verify").count() == 1

    signalen.publiccode_yml = PUBLICCODE.replace("Signalen", "Signalen 2")  # the proof is gone
    signalen.pushed_at = signalen.pushed_at.replace(year=2026)
    await run(github, clock, registered)
    assert (await CodeHostAccount.get(id=registered[0].pk)).verified_at is None


def test_a_file_names_the_organisation_by_its_tooi_uri_or_its_oin() -> None:
    from catalogue.organisations import ownership

    known = ownership.identifiers(
        tooi_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm0344", oin="0000000123"
    )
    assert ownership.names("http://identifier.overheid.nl/tooi/id/gemeente/gm0344/", known)
    assert ownership.names("urn:oin:0000000123", known) and ownership.names("0000000123", known)
    assert not ownership.names("https://identifier.overheid.nl/tooi/id/gemeente/gm0345", known)
    assert not ownership.names(None, known) and not ownership.names("", known)
    assert ownership.identifiers(tooi_uri=None, oin=None) == frozenset()


# How an account's harvests went: a forge account that no longer exists is reported and its
# entries kept; a dry run changes nothing; a request budget postpones accounts to the next run.


async def test_an_account_the_forge_no_longer_has_is_reported_and_its_entries_kept(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    await run(github, clock, registered)
    gemeente = await CodeHostAccount.get(name_key="gemeente")
    assert gemeente.harvest_state is HarvestState.HARVESTED
    active = await Repository.filter(active=True).count()

    del github.accounts["gemeente"]  # the organisation is gone from GitHub: 404
    result = await run(github, clock, registered)

    gemeente = await CodeHostAccount.get(name_key="gemeente")
    assert gemeente.harvest_state is HarvestState.GONE
    assert "404" in (gemeente.harvest_message or "")
    assert await Repository.filter(active=True).count() == active  # kept, not emptied
    [failed] = result.summary["failed_accounts"]
    assert failed["url"] == "https://github.com/gemeente" and failed["state"] == "gone"
    since = gemeente.harvest_state_since
    await run(github, clock, registered)
    assert (await CodeHostAccount.get(name_key="gemeente")).harvest_state_since == since


async def test_a_dry_run_leaves_the_accounts_state_and_errors_as_they_were(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    del github.accounts["gemeente"]
    result = await run(github, clock, registered, dry_run=True)
    assert result.summary["failed_accounts"][0]["state"] == "gone"
    gemeente = await CodeHostAccount.get(name_key="gemeente")
    assert gemeente.harvest_state is HarvestState.NEVER and gemeente.harvested_at is None
    assert await harvest_failures([gemeente.organisation_id]) == []
    await run(github, clock, registered)
    assert len(await harvest_failures([gemeente.organisation_id])) == 1


async def test_a_budget_postpones_the_accounts_left_to_the_next_run(
    github: FakeGitHub, clock: FakeClock, registered: list[CodeHostAccount]
) -> None:
    first = await run(github, clock, await harvestable_accounts(), budget=1, concurrency=1)
    [host] = first.summary["hosts"].values()
    assert host["budget"] == 1 and host["requests"] >= 1
    assert len(host["postponed"]) == 1
    waiting = host["postponed"][0]
    assert (await harvestable_accounts())[0].url == waiting  # the next run begins with it
    second = await run(github, clock, await harvestable_accounts(), budget=1, concurrency=1)
    [host] = second.summary["hosts"].values()
    assert waiting not in host["postponed"]
    assert await CodeHostAccount.filter(harvested_at__isnull=True).count() == 0
