# SPDX-License-Identifier: EUPL-1.2
"""An owner's "harvest my account now" on /account: queued for the schedule's worker (never run
in the request), at most one waiting per account; the job takes it up and the page says how
each account's harvests went, in words."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.app import scheduled_jobs
from catalogue.audit.models import AuditEvent
from catalogue.harvests.models import HarvestRun
from catalogue.jobs import services as jobs
from catalogue.jobs.models import ScheduledJob
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind, HarvestState
from catalogue.organisations.models import CodeHostAccount
from catalogue.organisations.publishers import AccountRecord
from catalogue.permissions.rules import Role
from catalogue.settings import Settings
from tests.catalogue.web.test_forms import PASSWORD, csrf, sign_in
from tests.factories import make_organisation
from tests.fakes.gitlab import FakeGitLab, serve


@pytest.fixture(scope="module")
def gitlab() -> Iterator[FakeGitLab]:
    with serve(FakeGitLab()) as fake:
        fake.add_project("commonground/core", "haven")
        yield fake


@pytest.fixture
async def account(db: str, gitlab: FakeGitLab) -> CodeHostAccount:
    organisation = await make_organisation("Vereniging van Nederlandse Gemeenten")
    for email, role in (("dev@vng.nl", Role.DEVELOPER), ("woo@vng.nl", Role.PUBLICATION_OFFICER)):
        user = await accounts.create_user(email=email, password=PASSWORD, actor="test")
        await accounts.grant(user=user, organisation=organisation, role=role, actor="test")
    return await services.create_account(
        organisation,
        AccountRecord(ForgeKind.GITLAB, gitlab.base_url, "commonground", True),
        actor="test",
    )


async def ask(client: httpx.AsyncClient, account: CodeHostAccount) -> httpx.Response:
    token = csrf((await client.get("/account")).text)
    return await client.post(f"/account/oogsten/{account.id}", data={"csrf_token": token})


async def test_harvest_now_is_queued_once_and_the_job_takes_it_up(
    client: httpx.AsyncClient, account: CodeHostAccount
) -> None:
    await sign_in(client, "dev@vng.nl")
    before = (await client.get("/account")).text
    assert "Nog niet geoogst" in before  # no claim of success before any harvest
    assert "Nu oogsten" in before
    page = await ask(client, account)
    assert page.status_code == 200 and "staat klaar" in page.text
    asked = (await CodeHostAccount.get(id=account.id)).harvest_requested_at
    assert asked is not None
    await ask(client, account)  # a second ask while one waits: still one
    assert (await CodeHostAccount.get(id=account.id)).harvest_requested_at == asked
    assert await AuditEvent.filter(action="catalogue:account:harvest-request").count() == 1
    assert not await HarvestRun.exists()  # nothing harvested in the request

    job = {j.name: j for j in scheduled_jobs(Settings(database_url="sqlite://:memory:"))}[
        "harvest-requested"
    ]
    due = (await ScheduledJob.get(name="harvest-requested")).next_due_at
    assert due <= datetime.now(UTC)
    done = await jobs.run_due(
        [job], holder="t", now=lambda: datetime.now(UTC), chance=random.Random(1)
    )
    assert "1 accounts; 1 new" in done["harvest-requested"]
    harvested = await CodeHostAccount.get(id=account.id)
    assert harvested.harvest_requested_at is None
    assert harvested.harvest_state is HarvestState.HARVESTED
    assert "Geoogst" in (await client.get("/account")).text


async def test_someone_outside_the_organisation_cannot_ask(
    client: httpx.AsyncClient, account: CodeHostAccount
) -> None:
    await accounts.create_user(email="ander@elders.nl", password=PASSWORD, actor="test")
    await sign_in(client, "ander@elders.nl")
    page = await ask(client, account)
    assert page.status_code == 403
    assert (await CodeHostAccount.get(id=account.id)).harvest_requested_at is None


async def test_a_gone_account_is_explained_in_words_on_account_and_organisation_page(
    client: httpx.AsyncClient, account: CodeHostAccount
) -> None:
    from catalogue.harvests.services import record_account_state

    await record_account_state(account, state=HarvestState.GONE, message="/groups/x: 404")
    await sign_in(client, "woo@vng.nl")
    text = (await client.get("/account")).text
    assert "bestaat dit account niet" in text and "/groups/x: 404" in text
    assert "Nu oogsten" not in text  # a publication officer may not ask: no button to refuse
    organisation = await account.organisation
    page = await client.get(f"/organisaties/{organisation.slug}")
    assert "bestaat dit account niet meer" in page.text


async def test_the_run_summary_per_code_host_is_on_beheer_and_in_the_api(
    client: httpx.AsyncClient, account: CodeHostAccount, gitlab: FakeGitLab
) -> None:
    from harvesters.forges import Forges
    from harvesters.pipeline import harvest

    run = await harvest(accounts=[account], forge_for=Forges(), source="test", budget=50)
    item = (await client.get(f"/api/v1/harvest-runs/{run.id}")).json()
    [host] = item["hosts"]
    assert host["budget"] == 50 and host["requests"] == run.requests and host["postponed"] == []
    await accounts.create_user(
        email="beheer@site.nl", password=PASSWORD, actor="test", is_site_admin=True
    )
    await sign_in(client, "beheer@site.nl")
    page = (await client.get("/beheer")).text
    assert "Recente oogsten" in page and f"{run.requests} verzoeken / 50" in page


async def test_a_request_survives_a_run_killed_before_its_harvest_ended(
    account: CodeHostAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from catalogue.harvests.services import REQUESTED_CLAIM
    from catalogue.software import harvesting

    t0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    await CodeHostAccount.filter(id=account.pk).update(harvest_requested_at=t0)
    await jobs.due_now("harvest-requested", now=t0)
    job = {j.name: j for j in scheduled_jobs(Settings(database_url="sqlite://:memory:"))}[
        "harvest-requested"
    ]
    upsert = harvesting.upsert

    async def killed(**kwargs: object) -> object:
        task.cancel()  # the process dies while writing the account's first repository
        return await upsert(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(harvesting, "upsert", killed)
    task = asyncio.create_task(
        jobs.run_due([job], holder="a", now=lambda: t0, chance=random.Random(1))
    )
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.setattr(harvesting, "upsert", upsert)
    waiting = await CodeHostAccount.get(id=account.pk)
    assert waiting.harvest_requested_at == t0  # the request outlives the run that took it
    assert waiting.harvest_state is HarvestState.NEVER

    # While the dead run's claim holds, no other instance runs the job; after, one does.
    held = t0 + REQUESTED_CLAIM - timedelta(minutes=1)
    assert await jobs.run_due([job], holder="b", now=lambda: held, chance=random.Random(1)) == {}
    later = t0 + REQUESTED_CLAIM + timedelta(minutes=1)
    done = await jobs.run_due([job], holder="b", now=lambda: later, chance=random.Random(1))
    assert "1 accounts; 1 new" in done["harvest-requested"]
    harvested = await CodeHostAccount.get(id=account.pk)
    assert harvested.harvest_requested_at is None
    assert harvested.harvest_state is HarvestState.HARVESTED
