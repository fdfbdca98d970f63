# SPDX-License-Identifier: EUPL-1.2
"""Single sign-on through OpenID Connect, against a real provider served on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from catalogue import tls
from catalogue.accounts import services as accounts
from catalogue.accounts.models import User
from catalogue.app import create_app
from catalogue.audit.models import AuditEvent
from catalogue.settings import Settings
from tests.fakes.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider, serve


@pytest.fixture(scope="module")
def served_provider() -> Iterator[FakeProvider]:
    with serve(FakeProvider()) as provider:
        yield provider


@pytest.fixture
def provider(served_provider: FakeProvider) -> Iterator[FakeProvider]:
    served_provider.mode, served_provider.codes = "ok", {}
    served_provider.subject, served_provider.email = "user-123", "ambtenaar@example.nl"
    yield served_provider


@pytest.fixture
async def sso_client(db: str, provider: FakeProvider) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=db,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
    )
    app = create_app(settings, connect=False)
    async with httpx.AsyncClient(  # English pages: the tests read the sign-in service's errors
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", cookies={"lang": "en"}
    ) as client:
        yield client


async def through_provider(client: httpx.AsyncClient, next_path: str = "") -> httpx.Response:
    """Start at /aanmelden/sso, let the provider answer, and come back with its answer."""
    start = await client.get("/aanmelden/sso" + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 303, start.text
    authorize = start.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["client_id"] == [CLIENT_ID]
    async with httpx.AsyncClient(verify=tls.verifying()) as browser:
        answer = await browser.get(authorize)
    back = urlsplit(answer.headers["location"])
    assert back.path == "/aanmelden/sso/terug"
    return await client.get(f"{back.path}?{back.query}")


async def test_a_new_person_signs_in_and_gets_a_user_without_roles(
    sso_client: httpx.AsyncClient, provider: FakeProvider
) -> None:
    response = await through_provider(sso_client, "/software")
    assert response.status_code == 303 and response.headers["location"] == "/software"
    user = await User.get(email="ambtenaar@example.nl")
    assert (user.oidc_issuer, user.oidc_subject, user.password_hash) == (
        provider.issuer,
        "user-123",
        None,
    )
    assert "ambtenaar@example.nl" in (await sso_client.get("/account")).text
    assert await AuditEvent.filter(action="accounts:user:link").count() == 1


async def test_an_existing_user_is_linked_by_verified_email_then_by_subject(
    sso_client: httpx.AsyncClient, provider: FakeProvider
) -> None:
    existing = await accounts.create_user(email="ambtenaar@example.nl", password=None, actor="test")
    await through_provider(sso_client)
    provider.email = "nieuw-adres@example.nl"  # the address changes, the subject does not
    response = await through_provider(sso_client)
    assert response.status_code == 303
    assert await User.all().count() == 1
    assert (await User.get(id=existing.id)).oidc_subject == "user-123"


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("wrong_audience", "ID token is not valid"),
        ("expired", "ID token is not valid"),
        ("wrong_nonce", "ID token is not valid"),
        ("wrong_issuer", "ID token is not valid"),
        ("bad_signature", "ID token is not valid"),
        ("unverified_email", "did not vouch for an e-mail address"),
        ("token_500", "answered 500"),
        ("token_not_json", "is not JSON"),
        ("deny", "refused: access_denied"),
    ],
)
async def test_a_bad_answer_from_the_provider_signs_nobody_in(
    sso_client: httpx.AsyncClient, provider: FakeProvider, mode: str, message: str
) -> None:
    provider.mode = mode
    response = await through_provider(sso_client)
    assert response.status_code == 400
    assert message in response.text
    assert "opentenzij_session" not in sso_client.cookies
    assert await User.all().count() == 0
    assert await AuditEvent.filter(action="accounts:user:sign-in-fail").count() == 1


async def test_a_forged_or_replayed_state_is_refused(
    sso_client: httpx.AsyncClient, provider: FakeProvider
) -> None:
    start = await sso_client.get("/aanmelden/sso")
    async with httpx.AsyncClient(verify=tls.verifying()) as browser:
        answer = await browser.get(start.headers["location"])
    back = urlsplit(answer.headers["location"])
    code = parse_qs(back.query)["code"][0]
    forged = await sso_client.get(f"{back.path}?code={code}&state=guessed")
    assert forged.status_code == 400 and "unknown or expired" in forged.text
    sso_client.cookies.clear()
    replay = await sso_client.get(f"{back.path}?{back.query}")
    assert replay.status_code == 400


async def test_a_provider_that_calls_itself_otherwise_is_refused(
    sso_client: httpx.AsyncClient, provider: FakeProvider
) -> None:
    provider.mode = "wrong_issuer_discovery"
    response = await sso_client.get("/aanmelden/sso")
    assert response.status_code == 502
    assert "calls itself" in response.text


async def test_without_configuration_there_is_no_single_sign_on(
    client: httpx.AsyncClient, db: str
) -> None:
    assert (await client.get("/aanmelden/sso")).status_code == 404
    assert "/aanmelden/sso" not in (await client.get("/aanmelden")).text
