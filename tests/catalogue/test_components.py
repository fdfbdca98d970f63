# SPDX-License-Identifier: EUPL-1.2
"""Dependencies of software: SBOMs stored, replaced and refused; publiccode.yml declarations;
components and the software that uses them."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest

from catalogue import publiccode, sbom
from catalogue.audit.actions import Action
from catalogue.audit.models import AuditEvent
from catalogue.components import queries
from catalogue.components import services as components
from catalogue.components.models import Dependency, DependencySource, SbomDocument
from catalogue.errors import Invalid, NotPermitted
from catalogue.paging import PageRequest
from catalogue.permissions.rules import Principal, Role
from tests.factories import make_organisation, make_software

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "spdx-examples"


def spdx_json(*packages: tuple[str, str, str | None]) -> bytes:
    """A small SPDX 2.3 JSON document listing (name, version, purl) packages."""
    return json.dumps(
        {
            "spdxVersion": "SPDX-2.3",
            "dataLicense": "CC0-1.0",
            "SPDXID": "SPDXRef-DOCUMENT",
            "name": "test-sbom",
            "documentNamespace": "https://example.org/spdx/test-sbom",
            "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: test"]},
            "packages": [
                {
                    "SPDXID": f"SPDXRef-{index}",
                    "name": name,
                    "versionInfo": version,
                    "downloadLocation": "NOASSERTION",
                    "licenseConcluded": "MIT",
                    "licenseDeclared": "MIT",
                    "externalRefs": (
                        [
                            {
                                "referenceCategory": "PACKAGE-MANAGER",
                                "referenceType": "purl",
                                "referenceLocator": purl,
                            }
                        ]
                        if purl
                        else []
                    ),
                }
                for index, (name, version, purl) in enumerate(packages)
            ],
        }
    ).encode()


def developer_of(organisation_id: int) -> Principal:
    return Principal(
        user_id=1, email="dev@example.org", roles={organisation_id: frozenset({Role.DEVELOPER})}
    )


async def test_an_sbom_upload_stores_every_component_and_replaces_the_previous_one(db: str) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    principal = developer_of(organisation.pk)
    first = spdx_json(
        ("requests", "2.31.0", "pkg:pypi/requests@2.31.0"), ("left-pad", "1.3.0", None)
    )
    await components.import_sbom(principal=principal, software=software, content=first)
    second = spdx_json(("requests", "2.32.3", "pkg:pypi/requests@2.32.3"))
    stored = await components.import_sbom(principal=principal, software=software, content=second)

    assert stored.component_count == 1
    assert await SbomDocument.filter(software=software).count() == 1
    rows = await Dependency.filter(software=software).values_list(
        "key", "version", "licence_concluded"
    )
    assert rows == [("pkg:pypi/requests", "2.32.3", "MIT")]
    events = await AuditEvent.filter(action=Action.SOFTWARE_SBOM.value).count()
    assert events == 2


async def test_an_unreadable_sbom_stores_nothing_and_keeps_the_old_one(db: str) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    principal = developer_of(organisation.pk)
    await components.import_sbom(
        principal=principal, software=software, content=spdx_json(("a", "1", None))
    )
    spdx3 = json.dumps({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []})
    for content in (b"{not json", spdx3.encode(), b"SPDXVersion: SPDX-3.0\n"):
        with pytest.raises(Invalid) as raised:
            await components.import_sbom(principal=principal, software=software, content=content)
        assert "sbom" in raised.value.errors
    assert await Dependency.filter(software=software).values_list("name", flat=True) == ["a"]


async def test_only_the_organisations_people_may_give_an_sbom(db: str) -> None:
    owner = await make_organisation()
    other = await make_organisation()
    software = await make_software(owner)
    for principal in (Principal(), developer_of(other.pk)):
        with pytest.raises(NotPermitted):
            await components.import_sbom(
                principal=principal, software=software, content=spdx_json(("a", "1", None))
            )
    assert await Dependency.all().count() == 0


async def test_the_spdx_example_document_is_stored_with_its_licences(db: str) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    content = (EXAMPLES / "SPDXJSONExample-v2.3.spdx.json").read_bytes()
    document = sbom.parse(content, filename="example.spdx.json")
    stored = await components.store_sbom(
        software=software, document=document, source=DependencySource.SBOM, actor="test"
    )
    rows = await Dependency.filter(sbom=stored).order_by("id")
    assert [row.name for row in rows] == [c.name for c in document.components]
    assert {row.licence_declared for row in rows} == {
        c.licence_declared for c in document.components
    }


async def test_declared_dependencies_are_replaced_only_when_they_change(db: str) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    declared = (
        publiccode.Dependency(name="PostgreSQL", kind="open", version=">=14", optional=False),
        publiccode.Dependency(name="Oracle", kind="proprietary", version=None, optional=True),
    )
    assert await components.replace_declared(software, declared) is True
    assert await components.replace_declared(software, declared) is False
    assert await components.replace_declared(software, declared[:1]) is True
    rows = await Dependency.filter(software=software).values_list(
        "key", "version", "kind", "source"
    )
    assert rows == [("name:postgresql", ">=14", "open", DependencySource.PUBLICCODE)]


async def test_components_are_counted_by_the_software_that_uses_them(
    db: str, count_queries
) -> None:
    organisation = await make_organisation()
    principal = developer_of(organisation.pk)
    for number in range(3):
        software = await make_software(organisation)
        packages = [("requests", f"2.{number}", f"pkg:pypi/requests@2.{number}")]
        if number == 0:
            packages.append(("django", "5.0", "pkg:pypi/django@5.0"))
        await components.import_sbom(
            principal=principal, software=software, content=spdx_json(*packages)
        )
    count_queries.statements.clear()
    page = await queries.page_of_components(None, PageRequest(per_page=10))
    assert len(count_queries.statements) == 2, count_queries.statements
    assert [(c.key, c.name, c.used_by) for c in page.items] == [
        ("pkg:pypi/requests", "requests", 3),
        ("pkg:pypi/django", "django", 1),
    ]
    assert page.total == 2
    searched = await queries.page_of_components("djan", PageRequest())
    assert [c.key for c in searched.items] == ["pkg:pypi/django"]
    assert searched.total == 1

    count_queries.statements.clear()
    uses = await queries.component_users("pkg:pypi/requests")
    assert len(count_queries.statements) == 1, count_queries.statements
    assert sorted(use.version for use in uses) == ["2.0", "2.1", "2.2"]
    assert {use.software.organisation.pk for use in uses} == {organisation.pk}


async def test_a_large_sbom_is_stored_a_batch_at_a_time_between_turns_of_the_loop(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many components, the event loop is never held for more than one batch of rows:
    a ticker task, counting its turns, sees each batch built in a turn of its own."""
    organisation = await make_organisation()
    software = await make_software(organisation)
    packages = [(f"pkg{n}", "1.0", f"pkg:pypi/pkg{n}@1.0") for n in range(3 * components.BATCH)]
    content = spdx_json(*packages)
    turns, built_in_turn = [0], []
    row = components._row

    def counted(*args: object) -> Dependency:
        built_in_turn.append(turns[0])
        return row(*args)  # type: ignore[arg-type]

    async def ticker() -> None:
        while True:
            turns[0] += 1
            await asyncio.sleep(0)

    monkeypatch.setattr(components, "_row", counted)
    ticking = asyncio.create_task(ticker())
    try:
        await components.import_sbom(
            principal=developer_of(organisation.pk), software=software, content=content
        )
    finally:
        ticking.cancel()
    assert len(built_in_turn) == len(packages)
    assert max(Counter(built_in_turn).values()) <= components.BATCH
