# SPDX-License-Identifier: EUPL-1.2
"""Proof of ownership through the organisation's own website (docs/adr/0005, decision 14):
`https://HOST/.well-known/opentenzij.json` lists the organisation's accounts. Fetched for real
from a loopback HTTPS server with a certificate for the website's name, pinned to the address
resolved once; every way the website can fail is an outcome in words, and changes no
verification it cannot prove."""

from __future__ import annotations

import json
import random
import ssl
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from catalogue import addresses
from catalogue.app import OWNERSHIP_CHECK, scheduled_jobs
from catalogue.audit.models import AuditEvent
from catalogue.jobs import services as jobs
from catalogue.organisations import services, websites
from catalogue.organisations.kinds import ForgeKind, WebsiteCheck
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.organisations.publishers import AccountRecord
from catalogue.settings import Settings
from catalogue.software import proofs
from catalogue.software.models import Repository
from tests.catalogue.test_webhooks import Resolver, certificates, serving_tls
from tests.factories import make_organisation, make_software
from tests.fakes.server import free_port

NAME = "www.gemeente-x.test"  # the certificate's only name
OTHER = "other.test"  # resolves to the same server, which has no certificate for it
TODAY = datetime(2026, 12, 7, 3, 30, tzinfo=UTC)


@dataclass
class Website:
    """The organisation's website: answers the next `answer` to every request, and records
    each request's path and Host header."""

    port: int
    answer: tuple[int, bytes, dict[str, str]] = (404, b"", {})
    streamed: bool = False  # without Content-Length: the size limit must hold while reading
    seen: list[tuple[str, str]] = field(default_factory=list)

    async def endpoint(self, request: Request) -> Response:
        self.seen.append((request.url.path, request.headers.get("host", "")))
        status, body, headers = self.answer
        if self.streamed:

            async def chunks() -> AsyncIterator[bytes]:
                for start in range(0, len(body), 4096):
                    yield body[start : start + 4096]

            return StreamingResponse(chunks(), status_code=status, headers=headers)
        return Response(body, status_code=status, headers=headers)

    def serves(self, document: Any, *, status: int = 200) -> None:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        self.answer = (status, body, {"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, ssl.SSLContext]:
    return certificates(tmp_path_factory.mktemp("tls"), NAME)


@pytest.fixture(scope="module")
def served(tls: tuple[Path, Path, ssl.SSLContext]) -> Iterator[Website]:
    cert_file, key_file, _ = tls
    website = Website(free_port())
    app = Starlette(routes=[Route("/{path:path}", website.endpoint)])
    with serving_tls(app, website.port, cert_file, key_file):
        yield website


@pytest.fixture
def website(served: Website, monkeypatch: pytest.MonkeyPatch) -> Website:
    served.answer, served.streamed, served.seen = (404, b"", {}), False, []
    names = {NAME: ["127.0.0.1"], OTHER: ["127.0.0.1"], "private.test": ["10.1.2.3"]}
    monkeypatch.setattr(addresses, "resolve", Resolver(names))
    return served


@pytest.fixture
async def organisation(db: str, website: Website) -> Organisation:
    organisation = await make_organisation("Gemeente X", account="gemeente-x")
    organisation.website = f"https://{NAME}:{website.port}/over-ons"
    await organisation.save()
    await services.create_account(
        organisation,
        AccountRecord(ForgeKind.GITLAB, "https://gitlab.com", "gemeente-x/apps", True),
        actor="test",
    )
    return organisation


def listing(organisation: Organisation, *accounts: str) -> dict[str, Any]:
    return {"organisation": organisation.tooi_uri, "accounts": list(accounts)}


async def check(
    tls: tuple[Path, Path, ssl.SSLContext], *, now: datetime = TODAY, allow_private: bool = True
) -> proofs.WebsitesReport:
    async with websites.new_client(verify=tls[2]) as client:
        return await proofs.check_websites(now=now, allow_private=allow_private, client=client)


async def accounts_of(organisation: Organisation) -> dict[str, str | None]:
    found = await CodeHostAccount.filter(organisation_id=organisation.pk).order_by("id")
    return {a.url: a.verified_by for a in found}


async def state(organisation: Organisation) -> tuple[WebsiteCheck | None, str | None]:
    stored = await Organisation.get(id=organisation.pk)
    return stored.website_check, stored.website_check_detail


async def test_the_accounts_the_website_lists_are_verified_by_its_file(
    organisation: Organisation,
    website: Website,
    tls: tuple[Path, Path, ssl.SSLContext],
    client: httpx.AsyncClient,
) -> None:
    website.serves(listing(organisation, "https://GitHub.com/gemeente-x/", "https://x.org/y"))
    report = await check(tls)
    assert report.summary() == "1 websites asked for their accounts: 1 listed"
    url = f"https://{NAME}:{website.port}/.well-known/opentenzij.json"
    # Asked once, at the address resolved, under the website's name (TLS checked for it).
    assert website.seen == [("/.well-known/opentenzij.json", f"{NAME}:{website.port}")]
    assert await accounts_of(organisation) == {
        "https://github.com/gemeente-x": url,
        "https://gitlab.com/gemeente-x/apps": None,  # not listed: only claimed
    }
    assert await state(organisation) == (WebsiteCheck.LISTED, "2 accounts listed")
    [event] = await AuditEvent.filter(action="catalogue:account:verify")
    assert event.after == {"verified": True, "verified_by": url}

    body = (await client.get(f"/api/v1/organisations/{organisation.slug}")).json()
    assert {a["name"]: a["verified_by"] for a in body["accounts"]} == {
        "gemeente-x": url,
        "gemeente-x/apps": None,
    }
    assert body["website_check"]["outcome"] == "listed"
    page = (await client.get(f"/organisaties/{organisation.slug}")).text
    assert url in page and "geverifieerd" in page
    assert "de accounts in de lijst zijn geverifieerd (2 accounts listed)" in page

    # At most once a day: the same day asks nothing; the next day asks again.
    assert (await check(tls, now=TODAY + timedelta(hours=12))).checked == 0
    assert len(website.seen) == 1
    assert (await check(tls, now=TODAY + timedelta(days=1))).checked == 1
    assert len(website.seen) == 2
    assert await AuditEvent.filter(action="catalogue:account:verify").count() == 1


async def test_an_account_no_longer_listed_falls_back_to_its_publiccode_else_claimed(
    organisation: Organisation, website: Website, tls: tuple[Path, Path, ssl.SSLContext]
) -> None:
    github = await CodeHostAccount.get(organisation_id=organisation.pk, name="gemeente-x")
    software = await make_software(organisation)
    named = f"publiccodeYmlVersion: '0.4'\nname: x\norganisation:\n  uri: {organisation.tooi_uri}\n"
    await Repository.filter(software_id=software.pk).update(
        account_id=github.pk, publiccode_yml=named
    )
    website.serves(
        listing(organisation, "https://github.com/gemeente-x", "https://gitlab.com/gemeente-x/apps")
    )
    await check(tls)
    url = f"https://{NAME}:{website.port}/.well-known/opentenzij.json"
    assert set((await accounts_of(organisation)).values()) == {url}

    website.serves(listing(organisation))  # the list is emptied
    await check(tls, now=TODAY + timedelta(days=1))
    verified = await accounts_of(organisation)
    assert verified["https://github.com/gemeente-x"].startswith("the publiccode.yml of https://")
    assert verified["https://gitlab.com/gemeente-x/apps"] is None
    assert await AuditEvent.filter(action="catalogue:account:verify").count() == 4


TOO_LARGE = json.dumps({"organisation": "x", "accounts": ["a" * (websites.MAX_BYTES)]}).encode()


@pytest.mark.parametrize(
    ("answer", "outcome", "detail"),
    [
        ((200, b"<html>Welkom</html>", {}), WebsiteCheck.MALFORMED, "the file is not JSON"),
        ((200, b"[]", {}), WebsiteCheck.MALFORMED, "the file is not a JSON object"),
        (
            (200, b'{"organisation": "x", "accounts": "github.com/x"}', {}),
            WebsiteCheck.MALFORMED,
            '"accounts" is not a list of addresses',
        ),
        (
            (200, b'{"accounts": []}', {}),
            WebsiteCheck.MALFORMED,
            '"organisation" is not a TOOI URI or OIN',
        ),
        (
            (200, b'{"organisation": "urn:oin:00000001000000000000", "accounts": []}', {}),
            WebsiteCheck.WRONG_ORGANISATION,
            "the file names urn:oin:00000001000000000000",
        ),
        ((200, TOO_LARGE, {}), WebsiteCheck.TOO_LARGE, "larger than 64 KiB"),
        ((500, b"", {}), WebsiteCheck.HTTP_ERROR, "HTTP 500 (redirects are not followed)"),
        (
            (302, b"", {"Location": "https://127.0.0.1/x"}),
            WebsiteCheck.HTTP_ERROR,
            "HTTP 302 (redirects are not followed)",
        ),
    ],
)
@pytest.mark.parametrize("streamed", [False, True])
async def test_an_answer_that_proves_nothing_is_an_outcome_and_changes_no_verification(
    organisation: Organisation,
    website: Website,
    tls: tuple[Path, Path, ssl.SSLContext],
    answer: tuple[int, bytes, dict[str, str]],
    outcome: WebsiteCheck,
    detail: str,
    streamed: bool,
) -> None:
    website.serves(listing(organisation, "https://github.com/gemeente-x"))
    await check(tls)
    before = await accounts_of(organisation)
    assert before["https://github.com/gemeente-x"] is not None

    website.answer, website.streamed = answer, streamed
    report = await check(tls, now=TODAY + timedelta(days=1))
    assert report.outcomes == {outcome.value: 1}
    assert await state(organisation) == (outcome, detail)
    assert await accounts_of(organisation) == before
    assert len(website.seen) == 2  # no redirect followed
    assert await AuditEvent.filter(action="catalogue:account:verify").count() == 1


async def test_a_file_that_is_gone_withdraws_what_it_proved(
    organisation: Organisation, website: Website, tls: tuple[Path, Path, ssl.SSLContext]
) -> None:
    website.serves(listing(organisation, "https://github.com/gemeente-x"))
    await check(tls)
    website.answer = (404, b"Not Found", {})
    await check(tls, now=TODAY + timedelta(days=1))
    assert await state(organisation) == (WebsiteCheck.GONE, "HTTP 404")
    assert set((await accounts_of(organisation)).values()) == {None}
    assert await AuditEvent.filter(action="catalogue:account:verify").count() == 2


@pytest.mark.parametrize(
    ("host", "allow_private", "outcome", "words"),
    [
        (OTHER, True, WebsiteCheck.UNREACHABLE, "certificate"),  # TLS: not its certificate
        ("closed", True, WebsiteCheck.UNREACHABLE, "ConnectError"),  # nothing listens
        (NAME, False, WebsiteCheck.NOT_ALLOWED, "is a loopback address"),
        ("private.test", False, WebsiteCheck.NOT_ALLOWED, "is a private address"),
        ("unknown.test", True, WebsiteCheck.UNREACHABLE, "cannot be resolved"),
    ],
)
async def test_a_website_that_cannot_be_reached_safely_is_an_outcome_in_words(
    organisation: Organisation,
    website: Website,
    tls: tuple[Path, Path, ssl.SSLContext],
    host: str,
    allow_private: bool,
    outcome: WebsiteCheck,
    words: str,
) -> None:
    website.serves(listing(organisation, "https://github.com/gemeente-x"))
    await check(tls)
    before = await accounts_of(organisation)
    if host != NAME:  # another website: the list read from the old one proves nothing for it
        port = free_port() if host == "closed" else website.port
        organisation.website = f"https://{NAME if host == 'closed' else host}:{port}/"
        await organisation.save()
    report = await check(tls, now=TODAY + timedelta(days=1), allow_private=allow_private)
    assert report.outcomes == {outcome.value: 1}
    checked, detail = await state(organisation)
    assert checked is outcome and detail is not None and words in detail
    assert len(website.seen) == 1  # refused before connecting, or no request got through
    after = await accounts_of(organisation)
    assert after == (before if host == NAME else dict.fromkeys(before))


async def test_the_scheduler_runs_the_check_as_a_daily_job(
    organisation: Organisation, website: Website
) -> None:
    """From the job, with the settings' allowance off: the loopback website is refused."""
    job = {j.name: j for j in scheduled_jobs(Settings(database_url="sqlite://:memory:"))}[
        OWNERSHIP_CHECK
    ]
    assert job.hour == 3
    await jobs.due_now(OWNERSHIP_CHECK, now=TODAY)
    done = await jobs.run_due([job], holder="t", now=lambda: TODAY, chance=random.Random(1))
    assert done[OWNERSHIP_CHECK] == "1 websites asked for their accounts: 1 not_allowed"
    assert (await state(organisation))[0] is WebsiteCheck.NOT_ALLOWED and website.seen == []


def test_the_file_is_always_asked_for_over_https_on_the_websites_host() -> None:
    assert (
        websites.file_url("http://www.x.nl/over") == "https://www.x.nl/.well-known/opentenzij.json"
    )
    assert websites.file_url("https://u:p@www.x.nl:8443") == (
        "https://www.x.nl:8443/.well-known/opentenzij.json"
    )
    assert websites.file_url("ftp://x.nl") is None
    assert websites.account_key("HTTP://GitHub.com/X/") == "https://github.com/x"


async def test_a_new_website_is_asked_at_the_next_check_and_the_old_list_proves_nothing(
    organisation: Organisation, website: Website, tls: tuple[Path, Path, ssl.SSLContext]
) -> None:
    from tests.catalogue.test_webhooks import principal

    website.serves(listing(organisation, "https://github.com/gemeente-x"))
    await check(tls)
    admin = await principal("beheer@example.nl", admin=True)
    moved = f"https://{OTHER}:{website.port}/"
    await services.update_organisation(
        principal=admin, organisation=organisation, values={"website": moved}
    )
    assert (await Organisation.get(id=organisation.pk)).website_checked_at is None
    report = await check(tls, now=TODAY + timedelta(hours=1))  # the same day: asked again
    assert report.outcomes == {"unreachable": 1}  # its certificate is not for that name
    assert set((await accounts_of(organisation)).values()) == {None}


async def test_a_website_that_is_no_web_address_is_an_outcome_too(
    organisation: Organisation, website: Website, tls: tuple[Path, Path, ssl.SSLContext]
) -> None:
    organisation.website = "mailto:info@gemeente-x.nl"
    await organisation.save()
    assert (await check(tls)).outcomes == {"not_allowed": 1}
    assert await state(organisation) == (
        WebsiteCheck.NOT_ALLOWED,
        "the website is no http(s) address",
    )
    assert website.seen == []
