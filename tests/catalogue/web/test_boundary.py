# SPDX-License-Identifier: EUPL-1.2
"""Input no handler should ever see: nested too deep, text that no database stores, query
parameters out of range. Each is a clear 4xx naming what and where, never a 500."""

from __future__ import annotations

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.permissions.rules import Role
from catalogue.software.models import Software
from tests.factories import make_organisation, make_software


@pytest.fixture
async def admin_token(db: str) -> str:
    """A site administrator's token, and an organisation with one entry."""
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    await make_software(organisation, "zaken")
    user = await accounts.create_user(
        email="beheer@eigen.nl", password=None, actor="test", is_site_admin=True
    )
    await accounts.grant(user=user, organisation=organisation, role=Role.ADMIN, actor="test")
    _, plain = await accounts.create_token(user=user, name="test", actor="test")
    return plain


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def nested(depth: int) -> bytes:
    return b'{"a": ' * depth + b"1" + b"}" * depth


# --- 1. years out of the calendar -------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "-1", "10000", "99999999"])
@pytest.mark.parametrize("path", ["/api/v1/decisions", "/api/v1/export/register.csv", "/register"])
async def test_a_year_out_of_range_is_a_400(
    client: httpx.AsyncClient, path: str, year: str
) -> None:
    response = await client.get(path, params={"year": year})
    assert response.status_code == 400, response.text
    assert "year" in response.text


# --- 2. slugs longer than any slug ------------------------------------------------------------


@pytest.mark.parametrize("length", [101, 150, 200])
@pytest.mark.parametrize("path", ["/api/v1/export/code.json", "/api/v1/export/catalogue.json"])
async def test_a_slug_longer_than_any_is_a_400(
    client: httpx.AsyncClient, path: str, length: int
) -> None:
    response = await client.get(path, params={"organisation": "a" * length})
    assert response.status_code == 400, response.text
    assert "organisation" in response.json()["detail"]


# --- 3. bodies nested deeper than any the API takes -------------------------------------------


async def test_a_deeply_nested_body_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/questionnaire",
        content=nested(3000),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert "nested" in response.json()["detail"]


async def test_a_deeply_nested_change_is_a_400_and_changes_nothing(
    client: httpx.AsyncClient, admin_token: str
) -> None:
    software = await Software.get(name="zaken")
    response = await client.patch(
        f"/api/v1/software/{software.pk}",
        content=nested(1000),
        headers={**auth(admin_token), "content-type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert (await Software.get(pk=software.pk)).updated_at == software.updated_at


# --- 4. and 5. text no database stores: lone surrogates and NUL ------------------------------


@pytest.mark.parametrize("text", ["\udfff", "a\x00b"])
async def test_unstorable_text_in_a_body_is_refused_saying_where(
    client: httpx.AsyncClient, admin_token: str, text: str
) -> None:
    software = await Software.get(name="zaken")
    response = await client.patch(
        f"/api/v1/software/{software.pk}",
        content=b'{"description_nl": "'
        + text.encode("unicode_escape")
        .replace(b"\\x00", b"\\u0000")
        .replace(b"\\udfff", b"\\udfff")
        + b'"}',
        headers={**auth(admin_token), "content-type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert "/description_nl" in response.json()["detail"]
    assert (await Software.get(pk=software.pk)).description_nl == ""


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/organisations", b'{"name": "Gemeente \\udfff", "kind": "gemeente"}'),
        (
            "/api/v1/organisations/gemeente-eigen/members",
            b'{"email": "\\udfff@x.nl", "role": "developer"}',
        ),
        (
            "/api/v1/organisations/gemeente-eigen/accounts",
            b'{"url": "https://github.com/x\\u0000"}',
        ),
        ("/api/v1/webhooks", b'{"url": "https://example.org/\\ud800", "events": []}'),
    ],
)
async def test_unstorable_text_is_refused_on_every_write(
    client: httpx.AsyncClient, admin_token: str, path: str, body: bytes
) -> None:
    organisations, accounts_before = (
        await Organisation.all().count(),
        await CodeHostAccount.all().count(),
    )
    response = await client.post(
        path, content=body, headers={**auth(admin_token), "content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert await Organisation.all().count() == organisations
    assert await CodeHostAccount.all().count() == accounts_before


async def test_a_nul_in_an_sbom_is_refused_saying_where(
    client: httpx.AsyncClient, admin_token: str
) -> None:
    software = await Software.get(name="zaken")
    document = (
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n"
        "DocumentName: zaken\x00\nDocumentNamespace: https://example.org/zaken\n"
        "Creator: Tool: test\nCreated: 2024-01-01T00:00:00Z\n"
    )
    response = await client.post(
        f"/api/v1/software/{software.pk}/sboms",
        content=document.encode(),
        headers={**auth(admin_token), "content-type": "text/spdx"},
    )
    assert response.status_code == 400, response.text
    assert "line 4" in response.json()["detail"]


# --- 6. a value of the wrong type ------------------------------------------------------------


@pytest.mark.parametrize("role", [{}, [], 3, None, True])
async def test_a_role_of_the_wrong_type_is_a_422(
    client: httpx.AsyncClient, admin_token: str, role: object
) -> None:
    response = await client.post(
        "/api/v1/organisations/gemeente-eigen/members",
        json={"email": "beheer@eigen.nl", "role": role},
        headers=auth(admin_token),
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "role"


# --- the guard of every request ---------------------------------------------------------------


async def test_headers_past_a_sane_size_are_refused(client: httpx.AsyncClient, db: str) -> None:
    response = await client.get("/api/v1/software", headers={"X-Filler": "x" * 20_000})
    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/api/v1/software", headers={"X-Filler": "x" * 4000})).is_success


async def test_a_query_string_past_a_sane_size_is_refused(
    client: httpx.AsyncClient, db: str
) -> None:
    response = await client.get("/api/v1/software?q=" + "x" * 9000)
    assert response.status_code == 414


@pytest.mark.parametrize("slug", ["a" * 101, "a" * 200, "Gemeente", "a.b", "%00"])
async def test_a_path_slug_that_is_none_is_a_404(
    client: httpx.AsyncClient, db: str, slug: str
) -> None:
    response = await client.get(f"/api/v1/organisations/{slug}/members")
    assert response.status_code == 404, response.text


async def test_a_form_with_unstorable_text_is_refused(client: httpx.AsyncClient, db: str) -> None:
    page = await client.get("/aanmelden")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = await client.post(
        "/aanmelden",
        data={"csrf_token": token, "email": "a\x00@b.nl", "password": "x"},
    )
    assert response.status_code == 400, response.text
    assert "NUL" in response.text
