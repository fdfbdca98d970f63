# SPDX-License-Identifier: EUPL-1.2
"""The API of dependencies, SBOM uploads, components and licences."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.components.models import Dependency
from catalogue.permissions.rules import Role
from catalogue.software.models import Software
from tests.catalogue.test_components import spdx_json
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "spdx-examples"


@pytest.fixture
async def token(db: str) -> str:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    await make_software(organisation, "zaken", licence="EUPL-1.2 OR MIT")
    user = await accounts.create_user(email="dev@eigen.nl", password=None, actor="test")
    await accounts.grant(user=user, organisation=organisation, role=Role.DEVELOPER, actor="test")
    _, plain = await accounts.create_token(user=user, name="test", actor="test")
    return plain


async def zaken() -> Software:
    return await Software.get(name="zaken")


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("SPDXJSONExample-v2.3.spdx.json", "application/spdx+json"),
        ("SPDXTagExample-v2.3.spdx", "text/spdx"),
        ("SPDXYAMLExample-2.3.spdx.yaml", "application/yaml"),
        ("SPDXRdfExample-v2.3.spdx.rdf.xml", "application/rdf+xml"),
    ],
)
async def test_an_sbom_in_any_format_is_stored_and_listed(
    client: httpx.AsyncClient, token: str, name: str, media_type: str
) -> None:
    software = await zaken()
    response = await client.post(
        f"/api/v1/software/{software.pk}/sboms",
        content=(EXAMPLES / name).read_bytes(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": media_type},
    )
    check_response("/software/{id}/sboms", response, "post")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["spdx_version"] == "SPDX-2.3"
    assert body["component_count"] == await Dependency.filter(software=software).count() > 0
    assert body["added_by"] == ""  # who uploaded is in the audit trail, not public

    listed = await client.get(f"/api/v1/software/{software.pk}/dependencies?per_page=100")
    check_response("/software/{id}/dependencies", listed)
    assert listed.json()["total"] == body["component_count"]
    sboms = await client.get(f"/api/v1/software/{software.pk}/sboms")
    check_response("/software/{id}/sboms", sboms)
    assert [item["name"] for item in sboms.json()["items"]] == [body["name"]]


@pytest.mark.parametrize(
    ("content", "status", "fragment"),
    [
        (b"", 400, "empty"),
        (b"\xff\xfe garbage", 422, "sbom"),
        (b'{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}', 422, "3"),
    ],
)
async def test_a_bad_sbom_is_refused_clearly_and_stores_nothing(
    client: httpx.AsyncClient, token: str, content: bytes, status: int, fragment: str
) -> None:
    software = await zaken()
    response = await client.post(
        f"/api/v1/software/{software.pk}/sboms",
        content=content,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/spdx+json"},
    )
    check_response("/software/{id}/sboms", response, "post")
    assert response.status_code == status, response.text
    assert fragment in response.text
    assert await Dependency.all().count() == 0


async def test_an_sbom_needs_a_token_of_the_owning_organisation(
    client: httpx.AsyncClient, token: str
) -> None:
    software = await zaken()
    anonymous = await client.post(f"/api/v1/software/{software.pk}/sboms", content=spdx_json())
    assert anonymous.status_code == 401
    other = await make_software(await make_organisation(), "ander")
    refused = await client.post(
        f"/api/v1/software/{other.pk}/sboms",
        content=spdx_json(("a", "1", None)),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 403
    assert await Dependency.all().count() == 0


async def test_components_show_who_uses_them(client: httpx.AsyncClient, token: str) -> None:
    software = await zaken()
    await client.post(
        f"/api/v1/software/{software.pk}/sboms",
        content=spdx_json(("@angular/core", "17.0.0", "pkg:npm/%40angular/core@17.0.0")),
        headers={"Authorization": f"Bearer {token}"},
    )
    listed = await client.get("/api/v1/components")
    check_response("/components", listed)
    [component] = listed.json()["items"]
    assert component == {
        "key": "pkg:npm/@angular/core",  # the purl without version, decoded
        "name": "@angular/core",
        "used_by": 1,
        "url": "/api/v1/components/pkg:npm/@angular/core",
    }
    detail = await client.get("/api/v1/components/pkg%3Anpm/%40angular/core")
    check_response("/components/{key}", detail)
    assert detail.status_code == 200, detail.text
    [use] = detail.json()["used_by"]
    assert use["software"]["name"] == "zaken"
    assert use["organisation"]["slug"] == "gemeente-eigen"
    assert use["version"] == "17.0.0"
    missing = await client.get("/api/v1/components/pkg:npm/nothing")
    assert missing.status_code == 404

    page = await client.get("/componenten")
    assert page.status_code == 200
    assert "@angular/core" in page.text
    used_by = await client.get("/componenten/pkg:npm/@angular/core")
    assert used_by.status_code == 200
    assert "zaken" in used_by.text and "Gemeente Eigen" in used_by.text


async def test_licences_are_listed_with_what_they_mean_and_their_use(
    client: httpx.AsyncClient, token: str
) -> None:
    response = await client.get("/api/v1/licences")
    check_response("/licences", response)
    items = {item["identifier"]: item for item in response.json()["items"]}
    assert items["EUPL-1.2"]["software_count"] == 1
    assert items["EUPL-1.2"]["osi_approved"] is True
    assert items["EUPL-1.2"]["kind"] == "weak_copyleft"
    assert items["MIT"]["kind"] == "permissive"


async def test_the_software_entry_explains_its_licence(
    client: httpx.AsyncClient, token: str
) -> None:
    software = await zaken()
    response = await client.get(f"/api/v1/software/{software.pk}")
    check_response("/software/{id}", response)
    explained = response.json()["licence_explained"]
    assert explained["expression"] == "EUPL-1.2 OR MIT"
    assert explained["open_source"] is True
    assert [item["identifier"] for item in explained["licences"]] == ["EUPL-1.2", "MIT"]
    page = await client.get(f"/software/{software.pk}")
    assert "European Union Public License 1.2" in page.text
