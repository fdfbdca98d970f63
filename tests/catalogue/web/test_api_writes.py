# SPDX-License-Identifier: EUPL-1.2
"""Bad input to the writing API: a clear problem, and nothing written."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.audit.events import verify_chain
from catalogue.audit.models import AuditEvent
from catalogue.permissions.rules import Role
from catalogue.software.models import Software
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software


@pytest.fixture
async def token(db: str) -> str:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    await make_software(organisation, "zaken")
    user = await accounts.create_user(email="dev@eigen.nl", password=None, actor="test")
    await accounts.grant(user=user, organisation=organisation, role=Role.DEVELOPER, actor="test")
    _, plain = await accounts.create_token(user=user, name="test", actor="test")
    return plain


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_register_returns_the_entry_with_its_location(
    client: httpx.AsyncClient, token: str
) -> None:
    response = await client.post(
        "/api/v1/software",
        headers=auth(token),
        json={
            "organisation": "gemeente-eigen",
            "name": "nieuw",
            "licence": "eupl-1.2 OR mit",
            "repositories": ["git@github.com:eigen/nieuw.git"],
        },
    )
    check_response("/software", response, "post")
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == body["url"]
    assert body["licence"] == "EUPL-1.2 OR MIT"
    assert body["repositories"][0]["web_url"] == "https://github.com/eigen/nieuw"
    assert body["edited_fields"] == ["licence", "name"]


@pytest.mark.parametrize(
    ("kwargs", "status", "fragment"),
    [
        (
            {"content": b'{"name": "x"', "headers": {"content-type": "application/json"}},
            400,
            "not valid JSON",
        ),
        (
            {"content": b"[1, 2]", "headers": {"content-type": "application/json"}},
            400,
            "must be a JSON object",
        ),
        (
            {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}},
            400,
            "not UTF-8",
        ),
        (
            {
                "content": b"name=x",
                "headers": {"content-type": "application/x-www-form-urlencoded"},
            },
            415,
            "application/json",
        ),
        ({"json": {"organisation": "gemeente-eigen", "name": "x" * 70_000}}, 413, "larger than"),
        ({"json": {"name": "x"}}, 422, "organisation"),
        ({"json": {"organisation": "nergens", "name": "x"}}, 422, "nergens"),
        ({"json": {"organisation": "gemeente-eigen", "name": "x", "stars": 5}}, 422, "stars"),
        ({"json": {"organisation": "gemeente-eigen", "name": ""}}, 422, "name: is required"),
        (
            {"json": {"organisation": "gemeente-eigen", "name": "x", "licence": "GPL-9.0"}},
            422,
            "licence",
        ),
        (
            {
                "json": {
                    "organisation": "gemeente-eigen",
                    "name": "x",
                    "repositories": ["https://github.com/eigen/zaken-0"],
                }
            },
            409,
            "already",
        ),
    ],
)
async def test_bad_bodies_are_problems_and_write_nothing(
    client: httpx.AsyncClient, token: str, kwargs: dict, status: int, fragment: str
) -> None:
    headers = {**auth(token), **kwargs.pop("headers", {})}
    response = await client.post("/api/v1/software", headers=headers, **kwargs)
    assert response.status_code == status, response.text
    check_response("/software", response, "post")
    assert fragment in response.json()["detail"]
    assert await Software.all().count() == 1


async def test_a_duplicate_names_the_existing_entry(client: httpx.AsyncClient, token: str) -> None:
    existing = await Software.get(name="zaken")
    response = await client.post(
        "/api/v1/software",
        headers=auth(token),
        json={
            "organisation": "gemeente-eigen",
            "name": "x",
            "repositories": ["https://GITHUB.com/Eigen/Zaken-0/"],
        },
    )
    assert response.json()["existing"] == f"/software/{existing.id}"


@pytest.mark.parametrize(
    "header", ["Bearer otz_nonsense", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + "x" * 5000]
)
async def test_bad_credentials_are_401(client: httpx.AsyncClient, token: str, header: str) -> None:
    response = await client.post(
        "/api/v1/software",
        headers={"Authorization": header},
        json={"organisation": "gemeente-eigen", "name": "x"},
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert await Software.all().count() == 1


async def test_a_session_cookie_does_not_authenticate_the_api(
    client: httpx.AsyncClient, token: str
) -> None:
    from catalogue.accounts.models import User

    key = await sessions.start_session(await User.get(email="dev@eigen.nl"))
    client.cookies.set("opentenzij_session", key)
    response = await client.post(
        "/api/v1/software", json={"organisation": "gemeente-eigen", "name": "x"}
    )
    assert response.status_code == 401


@pytest.mark.commits  # twelve writes at once
async def test_concurrent_writes_keep_one_unbroken_audit_chain(db: str) -> None:
    organisation = await make_organisation()
    await asyncio.gather(*(make_software(organisation) for _ in range(12)))
    report = await verify_chain()
    assert report.broken_at is None
    assert report.events == await AuditEvent.all().count() >= 13


async def test_a_name_the_organisation_has_is_refused_until_confirmed(
    client: httpx.AsyncClient, token: str
) -> None:
    existing = await Software.get(name="zaken")
    body = {"organisation": "gemeente-eigen", "name": " ZAKEN ", "repositories": []}
    refused = await client.post("/api/v1/software", headers=auth(token), json=body)
    assert refused.status_code == 409, refused.text
    check_response("/software", refused, "post")
    assert refused.json()["existing"] == f"/software/{existing.id}"
    assert "confirm_duplicate" in refused.json()["detail"]
    assert await Software.all().count() == 1
    confirmed = await client.post(
        "/api/v1/software", headers=auth(token), json={**body, "confirm_duplicate": True}
    )
    assert confirmed.status_code == 201, confirmed.text
    check_response("/software", confirmed, "post")
    assert await Software.filter(sort_name="zaken").count() == 2


async def test_a_duplicate_name_is_told_after_the_other_problems(
    client: httpx.AsyncClient, token: str
) -> None:
    body = {"organisation": "gemeente-eigen", "name": "zaken", "homepage": "ftp://x"}
    response = await client.post("/api/v1/software", headers=auth(token), json=body)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["homepage"]
    bad = await client.post(
        "/api/v1/software", headers=auth(token), json={**body, "confirm_duplicate": "yes"}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "confirm_duplicate"


async def test_another_organisations_name_is_no_duplicate(
    client: httpx.AsyncClient, token: str
) -> None:
    other = await make_organisation("Gemeente Ander", account="ander")
    await make_software(other, "post")
    body = {"organisation": "gemeente-eigen", "name": "Post", "repositories": []}
    response = await client.post("/api/v1/software", headers=auth(token), json=body)
    assert response.status_code == 201, response.text


async def test_renaming_into_a_name_the_organisation_has_is_refused_until_confirmed(
    client: httpx.AsyncClient, token: str
) -> None:
    existing = await Software.get(name="zaken")
    organisation = await existing.organisation
    renamed = await make_software(organisation, "post")
    path = f"/api/v1/software/{renamed.id}"
    refused = await client.patch(path, headers=auth(token), json={"name": "Zaken"})
    assert refused.status_code == 409, refused.text
    check_response("/software/{id}", refused, "patch")
    assert refused.json()["existing"] == f"/software/{existing.id}"
    assert (await Software.get(id=renamed.id)).name == "post"
    same = await client.patch(path, headers=auth(token), json={"name": "POST"})
    assert same.status_code == 200, same.text  # its own name in another case is no duplicate
    confirmed = await client.patch(
        path, headers=auth(token), json={"name": "Zaken", "confirm_duplicate": True}
    )
    assert confirmed.status_code == 200, confirmed.text
    check_response("/software/{id}", confirmed, "patch")
    assert (await Software.get(id=renamed.id)).name == "Zaken"


async def test_renaming_someone_elses_entry_is_refused_before_the_name_is_checked(
    client: httpx.AsyncClient, token: str
) -> None:
    other = await make_organisation("Gemeente Ander", account="ander")
    await make_software(other, "post")
    theirs = await make_software(other, "brief")
    response = await client.patch(
        f"/api/v1/software/{theirs.id}", headers=auth(token), json={"name": "post"}
    )
    assert response.status_code == 403, response.text


async def test_publiccode_fields_are_patched_and_a_bad_value_named(
    client: httpx.AsyncClient, token: str
) -> None:
    entry = await Software.get(name="zaken")
    path = f"/api/v1/software/{entry.id}"
    bad = await client.patch(
        path, headers=auth(token), json={"software_type": "library", "categories": ["geheim"]}
    )
    assert bad.status_code == 422, bad.text
    check_response("/software/{id}", bad, "patch")
    assert bad.json()["errors"][0]["field"] == "categories"
    assert "'geheim'" in bad.json()["errors"][0]["detail"]
    assert (await Software.get(id=entry.id)).software_type is None
    body = {"software_type": "library", "categories": ["crm"], "platforms": ["web"]}
    response = await client.patch(path, headers=auth(token), json=body)
    assert response.status_code == 200, response.text
    check_response("/software/{id}", response, "patch")
    answer = response.json()
    assert (answer["software_type"], answer["categories"], answer["platforms"]) == (
        "library",
        ["crm"],
        ["web"],
    )
    assert set(body) <= set(answer["edited_fields"])


async def test_a_registration_may_carry_the_publiccode_fields(
    client: httpx.AsyncClient, token: str
) -> None:
    body = {
        "organisation": "gemeente-eigen",
        "name": "nieuw",
        "software_type": "standalone/backend",
        "platforms": ["linux"],
        "maintenance_type": "internal",
    }
    response = await client.post("/api/v1/software", headers=auth(token), json=body)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert (answer["software_type"], answer["platforms"]) == ("standalone/backend", ["linux"])
    assert answer["maintenance_type"] == "internal"
    assert answer["edited_fields"] == ["maintenance_type", "name", "platforms", "software_type"]
