# SPDX-License-Identifier: EUPL-1.2
"""Authenticate before looking anything up: an anonymous caller gets the same 401 from every
secured endpoint whatever the path names, and a signed-in caller who may not manage an
organisation's members the same 403 whether a role exists or not."""

from __future__ import annotations

import re

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts.models import Membership
from catalogue.app import endpoints
from catalogue.permissions.rules import Role
from tests.factories import make_organisation

SECURED = [e for e in endpoints() if e.secured]


def concrete(path: str, value: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "999999" if m[1] == "id" else value, path)


@pytest.mark.parametrize("endpoint", SECURED, ids=lambda e: f"{e.method} {e.path}")
async def test_anonymous_callers_get_a_401_before_any_lookup(
    client: httpx.AsyncClient, db: str, endpoint: object
) -> None:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    for value in (organisation.slug, "bestaat-niet"):
        path = "/api/v1" + concrete(endpoint.path, value)  # type: ignore[attr-defined]
        response = await client.request(endpoint.method, path, json={})  # type: ignore[attr-defined]
        assert response.status_code == 401, (path, response.text)
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_non_admin_learns_nothing_of_which_roles_exist(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    developer = await accounts.create_user(email="dev@eigen.nl", password=None, actor="test")
    await accounts.grant(user=developer, organisation=organisation, role=Role.DEVELOPER, actor="t")
    _, token = await accounts.create_token(user=developer, name="test", actor="test")
    existing = (await Membership.get(user_id=developer.pk)).pk
    answers = [
        await client.delete(
            f"/api/v1/organisations/{organisation.slug}/members/{number}",
            headers={"Authorization": f"Bearer {token}"},
        )
        for number in (existing, 999)
    ]
    assert [a.status_code for a in answers] == [403, 403]
    assert answers[0].json()["detail"] == answers[1].json()["detail"]
    assert await Membership.filter(pk=existing).exists()
