# SPDX-License-Identifier: EUPL-1.2
"""Who sees what of a vulnerability: the organisation's developers and administrators see
their affected entries (page, API, account page); the public sees the count at once and the
entries only after the embargo; nobody else sees an organisation's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.components.models import Dependency, DependencySource
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Role
from catalogue.settings import ConfigurationError, Settings
from catalogue.software.models import Software
from catalogue.vulnerabilities import queries
from catalogue.vulnerabilities.models import Advisory, Exposure
from tests.catalogue.web.test_forms import PASSWORD, sign_in
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software

KEY = "pkg:npm/lodash"


@dataclass
class Exposed:
    organisation: Organisation
    recent: Software  # found a day ago: under embargo
    old: Software  # found 20 days ago: past it
    tokens: dict[str, str]


async def expose(software: Software, version: str, advisory: Advisory, days_ago: int) -> None:
    dependency = await Dependency.create(
        software_id=software.id,
        source=DependencySource.SBOM,
        key=KEY,
        name="lodash",
        version=version,
        purl=f"{KEY}@{version}",
    )
    await Exposure.create(
        dependency=dependency,
        advisory=advisory,
        fixed_version="4.17.21",
        first_seen_at=datetime.now(UTC) - timedelta(days=days_ago),
    )


@pytest.fixture
async def exposed(db: str) -> Exposed:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    other = await make_organisation("Gemeente Ander", account="ander")
    advisory = await Advisory.create(
        id="GHSA-35jh-r3h4-6jhm",
        aliases=["CVE-2021-23337"],
        summary="Command injection in lodash",
        severity_label="HIGH",
        modified=datetime(2026, 11, 1, tzinfo=UTC),
        affected=[],
        references=["https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm"],
        fetched_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    recent = await make_software(organisation, "zaken-recent")
    old = await make_software(other, "zaken-oud")
    await expose(recent, "4.17.20", advisory, days_ago=1)
    await expose(old, "4.17.19", advisory, days_ago=20)
    tokens = {}
    for email, role, where in (
        ("dev@eigen.nl", Role.DEVELOPER, organisation),
        ("woo@eigen.nl", Role.PUBLICATION_OFFICER, organisation),
        ("dev@ander.nl", Role.DEVELOPER, other),
    ):
        user = await accounts.create_user(email=email, password=PASSWORD, actor="test")
        await accounts.grant(user=user, organisation=where, role=role, actor="test")
        _, tokens[email] = await accounts.create_token(user=user, name="t", actor="test")
    return Exposed(organisation, recent, old, tokens)


async def test_the_public_sees_the_count_and_only_entries_past_the_embargo(
    client: httpx.AsyncClient, exposed: Exposed
) -> None:
    response = await client.get(f"/api/v1/components/{KEY}/vulnerabilities")
    assert response.status_code == 200
    check_response("/components/{key}/vulnerabilities", response)
    body = response.json()
    assert body["entries_affected"] == 2
    assert [advisory["id"] for advisory in body["advisories"]] == ["GHSA-35jh-r3h4-6jhm"]
    assert body["disclosed"] == [
        {"software": exposed.old.id, "version": "4.17.19", "advisories": ["GHSA-35jh-r3h4-6jhm"]}
    ]
    page = await client.get(f"/componenten/{KEY}/kwetsbaarheden")
    assert page.status_code == 200
    assert "zaken-oud" in page.text
    assert "zaken-recent" not in page.text  # under embargo: counted, not named
    assert "CVE-2021-23337" in page.text


async def test_the_embargo_is_a_setting(exposed: Exposed) -> None:
    now = datetime.now(UTC)
    none = await queries.component_exposure(KEY, now=now, embargo=timedelta(0))
    assert {use.software_id for use in none.disclosed} == {exposed.old.id, exposed.recent.id}
    month = await queries.component_exposure(KEY, now=now, embargo=timedelta(days=30))
    assert (month.disclosed, month.entries_affected) == ([], 2)
    assert (
        Settings.from_env({"OPENTENZIJ_VULNERABILITY_EMBARGO_DAYS": "0"}).vulnerability_embargo_days
        == 0
    )
    assert Settings.from_env({}).vulnerability_embargo_days == 14
    for wrong in ("-1", "366", "two weeks"):
        with pytest.raises(ConfigurationError, match="EMBARGO_DAYS"):
            Settings.from_env({"OPENTENZIJ_VULNERABILITY_EMBARGO_DAYS": wrong})


async def test_an_organisations_developers_see_what_to_act_on(
    client: httpx.AsyncClient, exposed: Exposed
) -> None:
    slug = exposed.organisation.slug
    headers = {"Authorization": f"Bearer {exposed.tokens['dev@eigen.nl']}"}
    response = await client.get(f"/api/v1/organisations/{slug}/vulnerabilities", headers=headers)
    assert response.status_code == 200
    check_response("/organisations/{slug}/vulnerabilities", response)
    [item] = response.json()["items"]
    assert (item["software"]["name"], item["component"]["version"], item["fixed_version"]) == (
        "zaken-recent",
        "4.17.20",
        "4.17.21",
    )
    await sign_in(client, "dev@eigen.nl")
    page = await client.get(f"/organisaties/{slug}/kwetsbaarheden")
    assert page.status_code == 200
    assert "zaken-recent" in page.text and "4.17.21" in page.text
    account = await client.get("/account")
    assert "Bekende kwetsbaarheden in de software van uw organisaties" in account.text
    assert "GHSA-35jh-r3h4-6jhm" in account.text
    detail = await client.get(f"/organisaties/{slug}")
    assert f"/organisaties/{slug}/kwetsbaarheden" in detail.text


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("woo@eigen.nl", 403), ("dev@ander.nl", 403)],
)
async def test_nobody_else_sees_an_organisations_list(
    client: httpx.AsyncClient, exposed: Exposed, who: str | None, status: int
) -> None:
    headers = {"Authorization": f"Bearer {exposed.tokens[who]}"} if who else {}
    slug = exposed.organisation.slug
    response = await client.get(f"/api/v1/organisations/{slug}/vulnerabilities", headers=headers)
    assert response.status_code == status
    assert "zaken-recent" not in response.text
    if who:
        await sign_in(client, who)
        page = await client.get(f"/organisaties/{slug}/kwetsbaarheden")
        assert page.status_code == 403
        assert "zaken-recent" not in page.text
        assert "zaken-recent" not in (await client.get("/account")).text


async def test_anonymous_callers_cannot_probe_organisations(
    client: httpx.AsyncClient, exposed: Exposed
) -> None:
    """401 for an organisation that exists and one that does not: nothing is looked up first."""
    for slug in (exposed.organisation.slug, "no-such-organisation"):
        response = await client.get(f"/api/v1/organisations/{slug}/vulnerabilities")
        assert response.status_code == 401


async def test_members_read_their_list_as_an_atom_feed(
    client: httpx.AsyncClient, exposed: Exposed
) -> None:
    import feedparser

    slug = exposed.organisation.slug
    path = f"/api/v1/organisations/{slug}/vulnerabilities.atom"
    assert (await client.get(path)).status_code == 401
    other = {"Authorization": f"Bearer {exposed.tokens['dev@ander.nl']}"}
    assert (await client.get(path, headers=other)).status_code == 403
    headers = {"Authorization": f"Bearer {exposed.tokens['dev@eigen.nl']}"}
    response = await client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    [entry] = feed.entries
    assert entry.title == "GHSA-35jh-r3h4-6jhm: zaken-recent gebruikt lodash 4.17.20"
    assert "Bijwerken naar 4.17.21" in entry.summary
    again = await client.get(path, headers={**headers, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
