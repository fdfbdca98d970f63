# SPDX-License-Identifier: EUPL-1.2
"""The register's API: grounds, the public register and its filters, drafts kept from the
public, the state machine through HTTP with four eyes and optimistic locking, the
questionnaire."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.permissions.rules import Role
from catalogue.software.models import Software
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software
from wooexemptions.examples import load_examples

DRAFT = {
    "outcome": "partly_open",
    "summary": "Open, except the selection rules.",
    "licence": "EUPL-1.2",
    "decided_on": "2026-06-01",
    "review_on": "2028-06-01",
    "items": [
        {"kind": "whole", "name": "fraudescore", "withheld": False},
        {
            "kind": "artefact",
            "name": "selection rules",
            "withheld": True,
            "grounds": [
                {
                    "code": "woo-5.1.2.d",
                    "motivation": "The rules say which cases are checked first.",
                    "weighing": "Effective checks outweigh openness until the evaluation.",
                }
            ],
        },
    ],
}


@dataclass
class Tokens:
    alice: str
    bob: str
    dev: str
    software_id: int


async def token_for(email: str, organisation, role: Role) -> str:
    user = await accounts.create_user(email=email, password=None, actor="test")
    await accounts.grant(user=user, organisation=organisation, role=role, actor="test")
    return (await accounts.create_token(user=user, name="t", actor="test"))[1]


@pytest.fixture
async def tokens(db: str) -> Tokens:
    organisation = await make_organisation("Uitvoeringsinstituut", account="uwv")
    software = await make_software(organisation, "fraudescore")
    return Tokens(
        alice=await token_for("alice@uwv.nl", organisation, Role.PUBLICATION_OFFICER),
        bob=await token_for("bob@uwv.nl", organisation, Role.PUBLICATION_OFFICER),
        dev=await token_for("dev@uwv.nl", organisation, Role.DEVELOPER),
        software_id=software.pk,
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_grounds_are_served_with_their_articles(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/grounds")
    check_response("/grounds", response)
    grounds = {g["code"]: g for g in response.json()["items"]}
    assert grounds["woo-5.1.2.d"]["article"] == "5.1 lid 2 onder d"
    assert grounds["woo-5.1.1.b"]["kind"] == "absolute"
    assert grounds["woo-5.2.2"]["refusal"] is False


async def test_a_decision_through_the_api_from_draft_to_register(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    created = await client.post(
        f"/api/v1/software/{tokens.software_id}/decisions", json=DRAFT, headers=bearer(tokens.alice)
    )
    check_response("/software/{id}/decisions", created, "post")
    assert created.status_code == 201, created.text
    decision = created.json()
    url = f"/api/v1/decisions/{decision['id']}"
    assert (await client.get(url)).status_code == 404  # a draft is not public
    assert (await client.get(url, headers=bearer(tokens.dev))).status_code == 404
    assert (await client.get(url, headers=bearer(tokens.bob))).status_code == 200

    submitted = await client.post(
        f"{url}/submit", json={"lock_version": 0}, headers=bearer(tokens.alice)
    )
    assert submitted.status_code == 200, submitted.text
    own = await client.post(
        f"{url}/approve", json={"lock_version": 1}, headers=bearer(tokens.alice)
    )
    check_response("/decisions/{id}/approve", own, "post")
    assert own.status_code == 422 and "approver" in own.text
    stale = await client.post(
        f"{url}/approve", json={"lock_version": 0}, headers=bearer(tokens.bob)
    )
    check_response("/decisions/{id}/approve", stale, "post")
    assert stale.status_code == 409
    approved = await client.post(
        f"{url}/approve", json={"lock_version": 1}, headers=bearer(tokens.bob)
    )
    assert approved.status_code == 200
    published = await client.post(
        f"{url}/publish", json={"lock_version": 2}, headers=bearer(tokens.bob)
    )
    check_response("/decisions/{id}/publish", published, "post")
    assert published.json()["state"] == "published"

    public = await client.get(url)
    check_response("/decisions/{id}", public)
    assert public.json()["grounds"] == ["woo-5.1.2.d"]
    register = await client.get("/api/v1/decisions?ground=woo-5.1.2.d")
    check_response("/decisions", register)
    assert [d["id"] for d in register.json()["items"]] == [decision["id"]]
    software = await client.get(f"/api/v1/software/{tokens.software_id}")
    assert software.json()["release_status"] == "partly_open"
    history = await client.get(f"/api/v1/software/{tokens.software_id}/decisions")
    check_response("/software/{id}/decisions", history)
    assert [d["version"] for d in history.json()["items"]] == [1]


async def test_a_developer_may_not_draft_and_bad_input_is_explained(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    path = f"/api/v1/software/{tokens.software_id}/decisions"
    refused = await client.post(path, json=DRAFT, headers=bearer(tokens.dev))
    assert refused.status_code == 403
    bad = await client.post(
        path,
        json={
            **DRAFT,
            "items": [
                {
                    "kind": "whole",
                    "withheld": "yes",
                    "grounds": [{"code": "woo-5.2.2", "motivation": "x"}],
                }
            ],
        },
        headers=bearer(tokens.alice),
    )
    check_response("/software/{id}/decisions", bad, "post")
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert "items[0].withheld" in fields
    assert (await Software.get(id=tokens.software_id)).release_status.value == "open"


async def test_the_register_filters_by_organisation_outcome_ground_and_year(
    client: httpx.AsyncClient, db: str
) -> None:
    await load_examples()
    everything = await client.get("/api/v1/decisions")
    assert everything.json()["total"] == 7
    assert all(d["is_example"] for d in everything.json()["items"])
    cases = {
        "outcome=withheld": 2,
        "ground=woo-5.1.1.b": 1,
        "ground=woo-5.1.2.i": 2,
        "organisation=voorbeeldgemeente-fictief": 3,
        "year=2026": 7,
        "year=2025": 0,
    }
    for query, total in cases.items():
        response = await client.get(f"/api/v1/decisions?{query}")
        assert response.status_code == 200, (query, response.text)
        assert response.json()["total"] == total, query
    assert (await client.get("/api/v1/decisions?outcome=secret")).status_code == 400


async def test_the_questionnaire_recommends_and_can_start_a_draft(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    questions = await client.get("/api/v1/questionnaire")
    check_response("/questionnaire", questions)
    ids = {q["id"] for q in questions.json()["items"]}
    assert {"secrets", "fraud_risk_rules", "security_by_obscurity"} <= ids
    answers = {"answers": {"fraud_risk_rules": "yes", "secrets": "yes"}}
    advice = await client.post("/api/v1/questionnaire", json=answers)
    check_response("/questionnaire", advice, "post")
    body = advice.json()
    assert body["outcome"] == "partly_open"
    assert [c["code"] for c in body["candidates"]] == ["woo-5.1.2.h", "woo-5.1.2.d"]
    assert any("secret" in a["id"] for a in body["actions"])
    obscure = await client.post(
        "/api/v1/questionnaire", json={"answers": {"security_by_obscurity": "yes"}}
    )
    assert any("obscurity" in w for w in obscure.json()["warnings_en"])
    wrong = await client.post("/api/v1/questionnaire", json={"answers": {"nope": "yes"}})
    assert wrong.status_code == 422
    draft = await client.post(
        f"/api/v1/software/{tokens.software_id}/decisions/from-questionnaire",
        json=answers,
        headers=bearer(tokens.alice),
    )
    check_response("/software/{id}/decisions/from-questionnaire", draft, "post")
    assert draft.status_code == 201, draft.text
    assert draft.json()["state"] == "draft"
    assert draft.json()["grounds"] == ["woo-5.1.2.d", "woo-5.1.2.h"]
