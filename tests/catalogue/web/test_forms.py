# SPDX-License-Identifier: EUPL-1.2
"""Signing in, CSRF, throttling, tokens, registering and editing software, administration."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.accounts.models import ApiToken, User
from catalogue.app import create_app
from catalogue.audit.models import AuditEvent
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Role
from catalogue.settings import Settings
from catalogue.software.models import Software
from tests.factories import make_organisation, make_software

PASSWORD = "correct horse battery staple"


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:400]
    return match.group(1)


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD, next_path: str = ""
) -> httpx.Response:
    token = csrf((await client.get("/aanmelden")).text)
    return await client.post(
        "/aanmelden",
        data={"email": email, "password": password, "csrf_token": token, "next": next_path},
    )


@dataclass
class People:
    organisation: Organisation
    other: Organisation
    software: Software


@pytest.fixture
async def people(db: str) -> People:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    other = await make_organisation("Gemeente Ander", account="ander")
    for email, role in (
        ("dev@eigen.nl", Role.DEVELOPER),
        ("woo@eigen.nl", Role.PUBLICATION_OFFICER),
    ):
        user = await accounts.create_user(email=email, password=PASSWORD, actor="test")
        await accounts.grant(user=user, organisation=organisation, role=role, actor="test")
    await accounts.create_user(
        email="beheer@site.nl", password=PASSWORD, actor="test", is_site_admin=True
    )
    await accounts.create_user(email="niemand@site.nl", password=PASSWORD, actor="test")
    return People(organisation, other, await make_software(organisation, "zaken"))


async def test_sign_in_sets_a_safe_session_cookie_and_rotates_it(
    client: httpx.AsyncClient, people: People
) -> None:
    response = await sign_in(client, "dev@eigen.nl", next_path="/software")
    assert response.status_code == 303 and response.headers["location"] == "/software"
    cookie = response.headers["set-cookie"]
    assert "opentenzij_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # development: plain http on localhost
    first = client.cookies["opentenzij_session"]
    assert "dev@eigen.nl" in (await client.get("/account")).text
    await sign_in(client, "dev@eigen.nl")
    assert client.cookies["opentenzij_session"] != first
    stale = httpx.AsyncClient(
        transport=client._transport,
        base_url="http://testserver",
        cookies={"opentenzij_session": first},
    )
    assert (await stale.get("/account")).status_code == 303  # the old session is gone


async def test_a_forged_session_cookie_is_ignored(
    client: httpx.AsyncClient, people: People
) -> None:
    client.cookies.set("opentenzij_session", "made-up.0123")
    response = await client.get("/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/aanmelden?next=%2Faccount"


async def test_only_paths_on_this_site_are_followed_after_sign_in(
    client: httpx.AsyncClient, people: People
) -> None:
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        response = await sign_in(client, "dev@eigen.nl", next_path=target)
        assert response.headers["location"] == "/account"


async def test_wrong_password_is_a_form_message(client: httpx.AsyncClient, people: People) -> None:
    client.cookies.set("lang", "en")  # the message in English; tests/catalogue/web/test_messages.py
    response = await sign_in(client, "dev@eigen.nl", "wrong password!!")
    assert response.status_code == 400
    assert "the e-mail address or the password is wrong" in response.text
    assert "opentenzij_session" not in client.cookies


async def test_sign_in_is_throttled_with_retry_after(
    client: httpx.AsyncClient, people: People
) -> None:
    client.cookies.set("lang", "en")
    for _ in range(sessions.PAIR_FAILURES + 1):
        assert (await sign_in(client, "dev@eigen.nl", "wrong password!!")).status_code == 400
    response = await sign_in(client, "dev@eigen.nl")
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 901
    assert "too many failed sign-ins" in response.text


@pytest.mark.parametrize("token", [None, "", "0" * 64])
async def test_forms_without_the_right_csrf_token_are_refused(
    client: httpx.AsyncClient, people: People, token: str | None
) -> None:
    await sign_in(client, "dev@eigen.nl")
    data = {"name": "gestolen"} | ({"csrf_token": token} if token is not None else {})
    response = await client.post("/account/tokens", data=data)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert await ApiToken.all().count() == 0


async def test_a_csrf_token_of_another_browser_is_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    other_token = csrf((await client.get("/aanmelden")).text)
    fresh = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    await fresh.get("/aanmelden")
    response = await fresh.post(
        "/aanmelden",
        data={"email": "dev@eigen.nl", "password": PASSWORD, "csrf_token": other_token},
    )
    assert response.status_code == 403


async def test_tokens_are_made_shown_once_and_revoked_on_the_account_page(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    page = await client.get("/account")
    made = await client.post("/account/tokens", data={"name": "ci", "csrf_token": csrf(page.text)})
    plain = re.search(r"<code>(otz_[^<]+)</code>", made.text).group(1)  # type: ignore[union-attr]
    headers = {"Authorization": f"Bearer {plain}"}
    assert (
        await client.get("/api/v1/organisations/gemeente-eigen/audit", headers=headers)
    ).status_code == 200
    again = await client.get("/account")
    assert plain not in again.text
    token = await ApiToken.get(name="ci")
    await client.post(
        f"/account/tokens/{token.id}/intrekken", data={"csrf_token": csrf(again.text)}
    )
    refused = await client.get("/api/v1/organisations/gemeente-eigen/audit", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "the bearer token is unknown, expired or revoked"


async def test_a_developer_registers_software_through_the_form(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    form = await client.get("/software/nieuw")
    assert '<option value="gemeente-eigen"' in form.text
    assert "gemeente-ander" not in form.text
    response = await client.post(
        "/software/nieuw",
        data={
            "csrf_token": csrf(form.text),
            "organisation": "gemeente-eigen",
            "name": "<script>alert(1)</script>",
            "licence": "eupl-1.2",
            "repositories": "https://GitHub.com/eigen/nieuw.git\n\n",
        },
    )
    assert response.status_code == 303
    detail = await client.get(response.headers["location"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail.text
    assert "<script>alert(1)" not in detail.text
    assert "https://github.com/eigen/nieuw" in detail.text


async def test_the_form_names_each_bad_field_and_links_a_duplicate(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    token = csrf((await client.get("/software/nieuw")).text)
    bad = await client.post(
        "/software/nieuw",
        data={
            "csrf_token": token,
            "organisation": "gemeente-eigen",
            "name": "",
            "licence": "Foo-1.0",
        },
    )
    assert bad.status_code == 422
    assert 'href="#name"' in bad.text and 'href="#licence"' in bad.text
    assert 'aria-describedby="licence-hint licence-error"' in bad.text
    duplicate = await client.post(
        "/software/nieuw",
        data={
            "csrf_token": token,
            "organisation": "gemeente-eigen",
            "name": "kopie",
            "repositories": "https://github.com/eigen/zaken-0",
        },
    )
    assert duplicate.status_code == 422
    assert f'href="/software/{people.software.id}"' in duplicate.text
    assert await Software.all().count() == 1


async def test_editing_and_archiving_through_the_pages(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    page = await client.get(f"/software/{people.software.id}/bewerken")
    assert 'name="release_status"' not in page.text  # a developer does not decide on release
    response = await client.post(
        f"/software/{people.software.id}/bewerken",
        data={
            "csrf_token": csrf(page.text),
            "name": "zaken",
            "description_nl": "Nieuw",
            "release_status": "withheld",
        },
    )
    assert response.status_code == 303
    stored = await Software.get(id=people.software.id)
    assert stored.description_nl == "Nieuw" and stored.release_status.value == "open"
    await client.post(
        f"/software/{people.software.id}/archiveren", data={"csrf_token": csrf(page.text)}
    )
    assert (await Software.get(id=people.software.id)).archived_at is not None
    listing = (await client.get("/api/v1/software")).json()
    assert listing["total"] == 0


async def test_publiccode_fields_are_edited_through_the_page_and_bad_ones_named(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    address = f"/software/{people.software.id}/bewerken"
    page = await client.get(address)
    assert 'name="software_type"' in page.text and 'id="categories"' in page.text
    refused = await client.post(
        address,
        data={
            "csrf_token": csrf(page.text),
            "software_type": "library",
            "categories": "crm, kaasmaken",
            "platforms": "web",
        },
    )
    assert refused.status_code == 422
    assert "&#39;kaasmaken&#39;" in refused.text and 'href="#categories"' in refused.text
    assert 'value="crm, kaasmaken"' in refused.text  # what was typed is kept
    assert (await Software.get(id=people.software.id)).software_type is None
    saved = await client.post(
        address,
        data={
            "csrf_token": csrf(page.text),
            "software_type": "library",
            "categories": "crm data-analytics",
            "platforms": "web, linux",
        },
    )
    assert saved.status_code == 303
    stored = await Software.get(id=people.software.id)
    assert (stored.software_type, stored.categories, stored.platforms) == (
        "library",
        ["crm", "data-analytics"],
        ["web", "linux"],
    )
    assert {"software_type", "categories", "platforms"} <= set(stored.edited_fields)
    again = await client.get(address)
    assert 'value="crm, data-analytics"' in again.text


async def test_the_release_status_is_not_a_form_field_it_follows_the_register(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "woo@eigen.nl")
    page = await client.get(f"/software/{people.software.id}/bewerken")
    assert 'name="release_status"' not in page.text
    assert f'href="/software/{people.software.id}/besluit"' in page.text
    await client.post(
        f"/software/{people.software.id}/bewerken",
        data={"csrf_token": csrf(page.text), "release_status": "withheld"},
    )
    assert (await Software.get(id=people.software.id)).release_status.value == "open"


async def test_someone_from_elsewhere_may_not_edit(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "niemand@site.nl")
    assert (await client.get(f"/software/{people.software.id}/bewerken")).status_code == 403
    token = csrf((await client.get("/account")).text)
    response = await client.post(
        f"/software/{people.software.id}/bewerken", data={"csrf_token": token, "name": "gekaapt"}
    )
    assert response.status_code == 403
    assert (await Software.get(id=people.software.id)).name == "zaken"
    assert await AuditEvent.filter(action="accounts:write:refuse").count() == 1


async def test_the_audit_log_is_for_members(client: httpx.AsyncClient, people: People) -> None:
    anonymous = await client.get("/organisaties/gemeente-eigen/audit")
    assert anonymous.status_code == 303
    await sign_in(client, "niemand@site.nl")
    assert (await client.get("/organisaties/gemeente-eigen/audit")).status_code == 403
    await sign_in(client, "dev@eigen.nl")
    page = await client.get("/organisaties/gemeente-eigen/audit")
    assert page.status_code == 200 and "heeft een rol gegeven" in page.text


async def test_site_administration_through_the_pages(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "niemand@site.nl")
    assert (await client.get("/beheer")).status_code == 403
    await sign_in(client, "beheer@site.nl")
    token = csrf((await client.get("/beheer")).text)
    steps = [
        {"action": "organisation", "name": "Waterschap Nieuw", "kind": "waterschap"},
        {
            "action": "account",
            "organisation": "waterschap-nieuw",
            "url": "https://gitlab.com/ws-nieuw",
        },
        {"action": "user", "email": "nieuw@ws.nl", "password": PASSWORD},
        {
            "action": "grant",
            "organisation": "waterschap-nieuw",
            "email": "nieuw@ws.nl",
            "role": "admin",
        },
    ]
    for step in steps:
        response = await client.post("/beheer", data={"csrf_token": token, **step})
        assert response.status_code == 200, response.text
        assert "Gedaan" in response.text
    user = await User.get(email="nieuw@ws.nl").prefetch_related("memberships")
    [membership] = user.memberships
    assert membership.role == Role.ADMIN
    bad = await client.post(
        "/beheer?lang=en",
        data={"csrf_token": token, "action": "user", "email": "geen-adres", "password": PASSWORD},
    )
    assert bad.status_code == 422 and "is not an e-mail address" in bad.text
    revoked = await client.post(
        "/beheer", data={"csrf_token": token, "action": "revoke", "membership": str(membership.id)}
    )
    assert revoked.status_code == 200
    assert await user.memberships.all().count() == 0


@pytest.mark.parametrize(
    ("step", "problems"),
    [
        (
            {"action": "user", "email": "geen-adres", "password": "kort", "name": "Nieuw"},
            {"user-email": "E-mail address", "user-password": "Password"},
        ),
        (
            {"action": "organisation", "name": "", "kind": "gilde"},
            {
                "organisation-name": "Name",
                "organisation-kind": "Kind",
            },
        ),
        (
            {"action": "account", "organisation": "", "url": "x"},
            {
                "account-organisation": "Organisation",
                "account-url": "Address of the account or group",
            },
        ),
        (
            {"action": "grant", "organisation": "gemeente-eigen", "email": "wie@x.nl"},
            {
                "grant-email": "E-mail address",
                "grant-role": "Role",
            },
        ),
        ({"action": "toveren"}, {"inhoud": "Form"}),
    ],
)
async def test_an_administration_form_names_each_problem_by_its_label_and_control(
    client: httpx.AsyncClient, people: People, step: dict, problems: dict
) -> None:
    await sign_in(client, "beheer@site.nl")
    token = csrf((await client.get("/beheer")).text)
    response = await client.post("/beheer?lang=en", data={"csrf_token": token, **step})
    assert response.status_code == 422
    summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<:]+): ', summary)
    assert dict(links) == problems
    for anchor in problems:
        assert f'id="{anchor}"' in response.text
    if step.get("name"):
        assert f'value="{step["name"]}"' in response.text  # what was typed is kept
    assert "kort" not in response.text.split("</h1>", 1)[1]  # a password never comes back


async def test_no_password_token_or_session_key_is_logged(
    client: httpx.AsyncClient, people: People, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await sign_in(client, "dev@eigen.nl")
    await sign_in(client, "dev@eigen.nl", "wrong password!!")
    made = await client.post(
        "/account/tokens",
        data={"name": "ci", "csrf_token": csrf((await client.get("/account")).text)},
    )
    plain = re.search(r"<code>(otz_[^<]+)</code>", made.text).group(1)  # type: ignore[union-attr]
    await client.get("/api/v1/software", headers={"Authorization": f"Bearer {plain}"})
    session = client.cookies["opentenzij_session"].rsplit(".", 1)[0]
    logged = caplog.text + str(await AuditEvent.all().values())
    for secret in (PASSWORD, "wrong password!!", plain, session):
        assert secret not in logged


async def test_the_session_cookie_is_secure_in_production(
    people: People, db: str, tmp_path_factory
) -> None:
    settings = Settings(database_url=db, env="production", secret_key="s" * 48)
    if db.startswith("sqlite"):
        settings = Settings(
            database_url="postgres://unused/x", env="production", secret_key="s" * 48
        )
    app = create_app(settings, connect=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await sign_in(client, "dev@eigen.nl")
    assert "Secure" in response.headers["set-cookie"]


async def test_the_account_page_is_a_dashboard_with_harvest_errors(
    client: httpx.AsyncClient, people: People
) -> None:
    from catalogue.harvests.models import HarvestLog, HarvestRun, Outcome
    from catalogue.organisations.models import CodeHostAccount

    run = await HarvestRun.create(source="github:eigen")
    account = await CodeHostAccount.get(organisation=people.organisation)
    await HarvestLog.create(
        run=run,
        outcome=Outcome.FAILED,
        url="https://github.com/eigen/kapot",
        account=account,
        message="/repos/eigen/kapot/languages: answered 502, after 3 retries",
    )
    await sign_in(client, "dev@eigen.nl")
    page = await client.get("/account")
    assert "Software van Gemeente Eigen" in page.text
    assert "answered 502, after 3 retries" in page.text
    await client.post("/afmelden", data={"csrf_token": csrf(page.text)})
    await sign_in(client, "niemand@site.nl")
    assert "answered 502" not in (await client.get("/account")).text
