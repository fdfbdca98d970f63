# SPDX-License-Identifier: EUPL-1.2
"""PATCH is a partial update (issue 16.8): a key left out stays, null clears where a field
may be empty, an unknown key is refused with a field error; for software entries and for
draft decisions alike, as the OpenAPI document says."""

from __future__ import annotations

import httpx

from catalogue.software.models import Software
from tests.catalogue.web.test_openapi import check_response
from tests.wooexemptions.test_register_api import DRAFT, Tokens, bearer, tokens

__all__ = ["tokens"]  # the fixture, used by name


async def test_patching_software_changes_only_what_it_names(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    url = f"/api/v1/software/{tokens.software_id}"
    headers = bearer(tokens.dev)
    first = await client.patch(
        url,
        json={"development_status": "beta", "homepage": "https://fraude.example"},
        headers=headers,
    )
    check_response("/software/{id}", first, "patch")
    assert first.status_code == 200, first.text
    name = first.json()["name"]
    cleared = await client.patch(url, json={"development_status": None}, headers=headers)
    assert cleared.status_code == 200
    assert cleared.json()["development_status"] is None
    assert cleared.json()["homepage"] == "https://fraude.example"  # left out: unchanged
    assert cleared.json()["name"] == name
    unknown = await client.patch(url, json={"colour": "blauw", "name": None}, headers=headers)
    check_response("/software/{id}", unknown, "patch")
    assert unknown.status_code == 422
    fields = {e["field"]: e["detail"] for e in unknown.json()["errors"]}
    assert fields == {"colour": "is not a field that can be set", "name": "is required"}
    assert (await Software.get(pk=tokens.software_id)).development_status is None


async def test_repositories_are_changed_through_the_api(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    url = f"/api/v1/software/{tokens.software_id}"
    new = "https://github.com/uwv/fraudescore-nieuw"
    answer = await client.patch(
        url,
        json={"repositories": [new], "maintenance_type": "contract"},
        headers=bearer(tokens.dev),
    )
    assert answer.status_code == 200, answer.text
    assert [r["web_url"] for r in answer.json()["repositories"]] == [new]
    assert answer.json()["maintenance_type"] == "contract"
    taken = await client.patch(
        f"/api/v1/software/{tokens.software_id}",
        json={"repositories": [new, "https://github.com/uwv/fraudescore-0", "geen"], "name": ""},
        headers=bearer(tokens.dev),
    )
    assert taken.status_code == 422  # every problem at once, each by its line
    fields = {e["field"]: e["detail"] for e in taken.json()["errors"]}
    assert set(fields) == {"name", "repositories[1]", "repositories[2]"}
    assert "already in the catalogue" in fields["repositories[1]"]


async def test_patching_a_draft_keeps_what_it_leaves_out(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    created = await client.post(
        f"/api/v1/software/{tokens.software_id}/decisions", json=DRAFT, headers=bearer(tokens.alice)
    )
    assert created.status_code == 201, created.text
    url = f"/api/v1/decisions/{created.json()['id']}"
    changed = await client.patch(
        url,
        json={"summary": "Open, behalve de selectieregels.", "lock_version": 0},
        headers=bearer(tokens.alice),
    )
    check_response("/decisions/{id}", changed, "patch")
    assert changed.status_code == 200, changed.text
    decision = changed.json()
    assert decision["summary"] == "Open, behalve de selectieregels."
    assert decision["outcome"] == "partly_open" and decision["licence"] == "EUPL-1.2"
    assert decision["grounds"] == ["woo-5.1.2.d"]  # the items stayed
    cleared = await client.patch(
        url, json={"review_on": None, "lock_version": 1}, headers=bearer(tokens.alice)
    )
    assert cleared.status_code == 200 and cleared.json()["review_on"] is None
    refused = await client.patch(
        url,
        json={"outcome": None, "state": "published", "lock_version": 2},
        headers=bearer(tokens.alice),
    )
    check_response("/decisions/{id}", refused, "patch")
    assert refused.status_code == 422
    fields = {e["field"]: e["detail"] for e in refused.json()["errors"]}
    assert fields == {"state": "is not a field of a decision that can be set"}
    missing = await client.patch(
        url, json={"outcome": None, "lock_version": 2}, headers=bearer(tokens.alice)
    )
    assert {e["field"]: e["detail"] for e in missing.json()["errors"]} == {"outcome": "is required"}
