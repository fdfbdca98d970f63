# SPDX-License-Identifier: EUPL-1.2
"""The whole permission matrix: every write endpoint, every kind of person, own or other
organisation. A refused write answers 401 or 403, changes nothing and leaves an audit event."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts.models import Membership
from catalogue.audit.models import AuditEvent
from catalogue.components.models import Dependency
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.permissions.rules import Role
from catalogue.software.models import Repository, Software, SoftwareLicence
from tests.catalogue.test_components import spdx_json
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software
from wooexemptions.models import Decision

PEOPLE = ("anonymous", "developer", "publication_officer", "admin", "site_admin")


@dataclass
class Side:
    organisation: Organisation
    software: Software
    membership: Membership


@dataclass
class World:
    own: Side
    other: Side
    tokens: dict[str, str]


@pytest.fixture(scope="module")
async def world(module_db: str) -> World:
    """Written once for the module; each test's writes are rolled back to it."""
    sides = []
    for name, account in (("Gemeente Eigen", "eigen"), ("Gemeente Ander", "ander")):
        organisation = await make_organisation(name, account=account)
        software = await make_software(organisation, f"app-{account}")
        member = await accounts.create_user(email=f"lid@{account}.nl", password=None, actor="test")
        membership = await accounts.grant(
            user=member, organisation=organisation, role=Role.DEVELOPER, actor="test"
        )
        sides.append(Side(organisation, software, membership))
    own = sides[0].organisation
    tokens = {"anonymous": ""}
    for person in PEOPLE[1:]:
        user = await accounts.create_user(
            email=f"{person}@example.nl",
            password=None,
            actor="test",
            is_site_admin=person == "site_admin",
        )
        if person != "site_admin":
            await accounts.grant(user=user, organisation=own, role=Role(person), actor="test")
        _, tokens[person] = await accounts.create_token(user=user, name="test", actor="test")
    return World(sides[0], sides[1], tokens)


def request_for(operation: str, side: Side) -> tuple[str, str, dict[str, Any] | None]:
    """(method, path, JSON body) of one write aimed at one organisation."""
    slug, software_id = side.organisation.slug, side.software.id
    return {
        "registerSoftware": (
            "POST",
            "/software",
            {
                "organisation": slug,
                "name": "nieuw",
                "licence": "EUPL-1.2",
                "repositories": [
                    f"https://github.com/{side.organisation.slug.split('-')[-1]}/nieuw"
                ],
            },
        ),
        "updateSoftware": ("PATCH", f"/software/{software_id}", {"description_nl": "anders"}),
        "draftDecision": (
            "POST",
            f"/software/{software_id}/decisions",
            {"outcome": "open", "items": [{"kind": "whole", "name": "x", "withheld": False}]},
        ),
        "uploadSbom": (
            "POST",
            f"/software/{software_id}/sboms",
            json.loads(spdx_json(("a", "1", None))),
        ),
        "archiveSoftware": ("POST", f"/software/{software_id}/archive", None),
        "createOrganisation": (
            "POST",
            "/organisations",
            {"name": "Waterschap Nieuw", "kind": "waterschap"},
        ),
        "updateOrganisation": ("PATCH", f"/organisations/{slug}", {"website": "https://x.nl"}),
        "addAccount": (
            "POST",
            f"/organisations/{slug}/accounts",
            {"url": f"https://gitlab.com/{slug}"},
        ),
        "grantRole": (
            "POST",
            f"/organisations/{slug}/members",
            {
                "email": "lid@ander.nl"
                if side.organisation.slug.endswith("eigen")
                else "lid@eigen.nl",
                "role": "publication_officer",
            },
        ),
        "revokeRole": ("DELETE", f"/organisations/{slug}/members/{side.membership.id}", None),
    }[operation]


ALLOWED = {
    "registerSoftware": {"developer", "admin"},
    "updateSoftware": {"developer", "publication_officer", "admin"},
    "draftDecision": {"publication_officer"},
    "uploadSbom": {"developer", "publication_officer", "admin"},
    "archiveSoftware": {"developer", "publication_officer", "admin"},
    "createOrganisation": set(),
    "updateOrganisation": {"admin"},
    "addAccount": set(),
    "grantRole": {"admin"},
    "revokeRole": {"admin"},
}
DOCUMENTED: dict[str, tuple[str, str]] = {}


async def snapshot() -> list[Any]:
    """Everything but the audit trail, to show that a refused write changed nothing."""
    return [
        await model.all().order_by("id").values()
        for model in (
            Organisation,
            CodeHostAccount,
            Software,
            SoftwareLicence,
            Repository,
            Membership,
            Decision,
            Dependency,
        )
    ]


@pytest.mark.parametrize("side_name", ["own", "other"])
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("operation", list(ALLOWED))
async def test_permission_matrix(
    client: httpx.AsyncClient, world: World, operation: str, person: str, side_name: str
) -> None:
    side = world.own if side_name == "own" else world.other
    method, path, body = request_for(operation, side)
    headers = {"Authorization": f"Bearer {world.tokens[person]}"} if world.tokens[person] else {}
    before, events = await snapshot(), await AuditEvent.all().count()

    response = await client.request(method, f"/api/v1{path}", json=body, headers=headers)

    allowed = person == "site_admin" or (
        person in ALLOWED[operation] and (side_name == "own" or operation == "createOrganisation")
    )
    template, verb = DOCUMENTED.get(operation, (_template(path, side), method.lower()))
    check_response(template, response, verb)
    if allowed:
        assert response.status_code in {200, 201, 204}, response.text
        assert await snapshot() != before
    else:
        assert response.status_code == (401 if person == "anonymous" else 403), response.text
        assert await snapshot() == before
        if person == "anonymous":
            # Refused at the door, before any lookup: anyone could fill the trail otherwise.
            assert await AuditEvent.all().count() == events
            return
        refusal = await AuditEvent.all().order_by("-id").first()
        assert await AuditEvent.all().count() == events + 1
        assert refusal is not None and refusal.action == "accounts:write:refuse"


def _template(path: str, side: Side) -> str:
    template = path.replace(side.organisation.slug, "{slug}")
    parts = ["{id}" if part.isdigit() else part for part in template.split("/")]
    return "/".join(parts)


@pytest.mark.parametrize("operation", ["listMembers", "listAuditEvents"])
@pytest.mark.parametrize("person", PEOPLE)
async def test_restricted_reads(
    client: httpx.AsyncClient, world: World, operation: str, person: str
) -> None:
    headers = {"Authorization": f"Bearer {world.tokens[person]}"} if world.tokens[person] else {}
    suffix = "members" if operation == "listMembers" else "audit"
    for side_name, side in (("own", world.own), ("other", world.other)):
        response = await client.get(
            f"/api/v1/organisations/{side.organisation.slug}/{suffix}", headers=headers
        )
        check_response(f"/organisations/{{slug}}/{suffix}", response)
        if person == "site_admin" or (person != "anonymous" and side_name == "own"):
            assert response.status_code == 200
            assert response.json()["total"] > 0
        else:
            assert response.status_code == (401 if person == "anonymous" else 403)
