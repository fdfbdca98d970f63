# SPDX-License-Identifier: EUPL-1.2
"""What a harvest learns from a repository's files: its publiccode.yml (checked, verbatim, and
filling the entry), the licence its licence file states, and GitHub's dependency-graph SBOM."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from catalogue.components.models import Dependency, DependencySource, SbomDocument
from catalogue.harvests.models import HarvestLog
from catalogue.organisations.models import CodeHostAccount
from catalogue.permissions.rules import Principal, Role
from catalogue.software import services as registration
from catalogue.software.models import Repository, Software
from harvesters.github import GitHubForge
from harvesters.pipeline import harvest
from tests.factories import make_organisation
from tests.fakes.github import FakeGitHub, FakeRepo, serve

VALID = """\
publiccodeYmlVersion: "0.4"
name: Signalen
url: "https://github.com/gemeente/signalen"
landingURL: "https://signalen.org"
platforms:
  - web
categories:
  - it-service-management
developmentStatus: stable
softwareType: "standalone/web"
dependsOn:
  open:
    - name: PostgreSQL
      versionMin: "14"
description:
  nl:
    shortDescription: Meldingen over de openbare ruimte
    longDescription: >
      Signalen is een systeem waarmee burgers meldingen over de openbare ruimte doen,
      zoals een losliggende stoeptegel of een volle container, en waarmee de gemeente die
      meldingen afhandelt, doorzet naar de juiste afdeling en de melder op de hoogte houdt.
    features:
      - Meldingen ontvangen en afhandelen
  en:
    shortDescription: Reports about public space
    longDescription: >
      Signalen lets residents report problems in public space, such as a loose paving
      stone or a full container, and lets the municipality handle those reports, route
      them to the right department and keep the reporter informed along the way.
    features:
      - Receive and handle reports
legal:
  license: EUPL-1.2
maintenance:
  type: community
  contacts:
    - name: Team Signalen
localisation:
  localisationReady: true
  availableLanguages:
    - nl
    - en
"""
INVALID = """\
publiccodeYmlVersion: "0.4"
name: Kapot
url: "https://github.com/gemeente/kapot"
platforms: 42
developmentStatus: production
softwareType: "standalone/web"
legal:
  license: EUPL-1.2
maintenance:
  type: community
  contacts:
    - name: Team
localisation:
  localisationReady: true
  availableLanguages: [nl]
description:
  nl:
    shortDescription: Kapot
"""
MIT_TEXT = """MIT License

Copyright (c) 2024 Gemeente

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
"""
SBOM = {
    "spdxVersion": "SPDX-2.3",
    "dataLicense": "CC0-1.0",
    "SPDXID": "SPDXRef-DOCUMENT",
    "name": "com.github.gemeente/signalen",
    "documentNamespace": "https://spdx.org/spdxdocs/protobom/signalen",
    "creationInfo": {"created": "2026-11-01T00:00:00Z", "creators": ["Tool: protobom-v0.0.13"]},
    "packages": [
        {
            "SPDXID": "SPDXRef-com.github.gemeente-signalen",
            "name": "com.github.gemeente/signalen",
            "versionInfo": "",
            "downloadLocation": "git+https://github.com/gemeente/signalen",
            "licenseDeclared": "EUPL-1.2",
            "externalRefs": [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": "pkg:github/gemeente/signalen",
                }
            ],
        },
        {
            "SPDXID": "SPDXRef-pip-django-5.0.1",
            "name": "pip:django",
            "versionInfo": "5.0.1",
            "downloadLocation": "NOASSERTION",
            "licenseConcluded": "BSD-3-Clause",
            "externalRefs": [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": "pkg:pypi/django@5.0.1",
                }
            ],
        },
    ],
    "relationships": [
        {
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": "SPDXRef-com.github.gemeente-signalen",
        },
        {
            "spdxElementId": "SPDXRef-com.github.gemeente-signalen",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "SPDXRef-pip-django-5.0.1",
        },
    ],
}


class Clock:
    def now(self) -> float:
        return 1_800_000_000.0

    def sleep(self, seconds: float) -> None:
        raise AssertionError(f"no test here should wait ({seconds} s)")


@pytest.fixture(scope="module")
def served() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub()) as fake:
        yield fake


@pytest.fixture
def github(served: FakeGitHub) -> FakeGitHub:
    served.accounts.clear(), served.repos.clear(), served.moved.clear(), served.requests.clear()
    served._names.clear()
    served.faults, served.clock, served.rate_used = None, Clock().now, 0
    served.rate_reset = Clock().now() + 3600
    served.add_organisation(
        "gemeente",
        [
            FakeRepo(
                name="signalen",
                licence="MIT",
                files={"LICENSE": MIT_TEXT},
                publiccode_yml=VALID,
                sbom=SBOM,
            ),
            FakeRepo(name="kapot", licence="EUPL-1.2", publiccode_yml=INVALID),
        ],
    )
    return served


@pytest.fixture
async def account(db: str) -> CodeHostAccount:
    await make_organisation("Gemeente Voorbeeld", account="gemeente")
    return await CodeHostAccount.get(name_key="gemeente")


async def run(github: FakeGitHub, account: CodeHostAccount, *, dependency_graph: bool = False):
    forge = GitHubForge(
        api_url=github.base_url, token="t", clock=Clock(), dependency_graph=dependency_graph
    )
    return await harvest(accounts=[account], forge_for=lambda _: forge, source="github:test")


async def software(full_name: str) -> Software:
    repository = await Repository.get(full_name=full_name)
    return await Software.get(id=repository.software_id)  # type: ignore[attr-defined]


async def test_publiccode_fills_the_entry_and_is_kept_verbatim_with_its_check(
    github: FakeGitHub, account: CodeHostAccount
) -> None:
    await run(github, account)
    entry = await software("gemeente/signalen")
    assert entry.name == "Signalen"
    assert entry.description_nl.startswith("Signalen is een systeem waarmee burgers")
    assert entry.description_en.startswith("Signalen lets residents report problems")
    assert entry.development_status.value == "stable"
    assert entry.maintenance_type.value == "community"
    assert entry.software_type == "standalone/web"
    assert entry.categories == ["it-service-management"]
    assert entry.platforms == ["web"]
    assert entry.homepage == "https://signalen.org"
    assert entry.licence == "EUPL-1.2"  # the file's word over the host's
    assert entry.licence_declared == "EUPL-1.2"
    assert entry.publiccode_yml == VALID
    assert entry.publiccode_check["valid"] is True, entry.publiccode_check
    assert await SbomDocument.all().count() == 0  # the dependency graph was not asked for
    declared = await Dependency.filter(software=entry, source=DependencySource.PUBLICCODE)
    assert [(d.name, d.version, d.kind) for d in declared] == [("PostgreSQL", ">=14", "open")]


async def test_an_invalid_publiccode_is_reported_with_lines_and_still_used_where_it_can(
    github: FakeGitHub, account: CodeHostAccount, client: httpx.AsyncClient
) -> None:
    await run(github, account)
    entry = await software("gemeente/kapot")
    check = entry.publiccode_check
    assert check["valid"] is False and check["errors"] >= 3
    problems = {problem["key"]: problem for problem in check["problems"]}
    assert problems["developmentStatus"]["line"] == 5
    assert problems["platforms"]["line"] == 4
    assert entry.name == "Kapot"
    assert entry.development_status is None  # "production" is not a development status
    assert entry.publiccode_yml == INVALID
    repository = await Repository.get(full_name="gemeente/kapot")
    assert repository.publiccode_check == check

    answer = await client.get(f"/api/v1/software/{entry.pk}")
    from_api = {p["key"]: p for p in answer.json()["publiccode"]["problems"]}
    assert from_api["developmentStatus"]["line"] == 5
    page = await client.get(f"/software/{entry.pk}")
    assert "developmentStatus" in page.text and "production" in page.text


async def test_licences_that_disagree_between_sources_are_a_finding(
    github: FakeGitHub, account: CodeHostAccount
) -> None:
    await run(github, account)
    repository = await Repository.get(full_name="gemeente/signalen")
    # GitHub names the licence of the file it found, in the listing: the file is not read.
    assert (repository.licence_forge, repository.licence_file) == ("MIT", None)
    entry = await software("gemeente/signalen")
    [finding] = entry.findings
    assert finding["code"] == "licence_mismatch"
    assert finding["sources"] == {"publiccode": "EUPL-1.2", "forge": "MIT", "file": None}
    assert finding["repository"] == "https://github.com/gemeente/signalen"
    kapot = await software("gemeente/kapot")
    assert kapot.findings == []  # EUPL-1.2 everywhere it is stated


async def test_a_licence_file_github_could_not_name_is_read_once_and_recognised(
    github: FakeGitHub, account: CodeHostAccount
) -> None:
    kapot = github.repo("gemeente/kapot")
    assert kapot is not None
    kapot.licence, kapot.files = "NOASSERTION", {"LICENSE": MIT_TEXT}
    await run(github, account)
    repository = await Repository.get(full_name="gemeente/kapot")
    assert (repository.licence_forge, repository.licence_file) == (None, "MIT")
    asked = [r.path for r in github.requests if r.path.endswith("/license")]
    assert asked == ["/repos/gemeente/kapot/license"]  # signalen's MIT was named by GitHub

    github.requests.clear()
    kapot.stars = 3  # the listing changes; its files do not (no push)
    await run(github, account)
    assert [r.path for r in github.requests if "/repos/" in r.path] == []
    assert (await Repository.get(full_name="gemeente/kapot")).stars == 3


async def test_a_person_edit_survives_a_changed_publiccode(
    github: FakeGitHub, account: CodeHostAccount
) -> None:
    await run(github, account)
    entry = await software("gemeente/signalen")
    officer = Principal(
        user_id=1,
        roles={entry.organisation_id: frozenset({Role.DEVELOPER})},  # type: ignore[attr-defined]
    )
    await registration.update_software(principal=officer, software=entry, values={"name": "Eigen"})
    github.repo("gemeente/signalen").publiccode_yml = VALID.replace(
        "developmentStatus: stable", "developmentStatus: obsolete"
    ).replace("name: Signalen", "name: Signalen 2")
    github.repo("gemeente/signalen").pushed_at = github.repo("gemeente/signalen").pushed_at.replace(
        year=2025
    )
    await run(github, account)
    entry = await software("gemeente/signalen")
    assert entry.name == "Eigen"
    assert entry.development_status.value == "obsolete"


async def test_publiccode_fields_a_person_edited_survive_a_changed_publiccode(
    github: FakeGitHub, account: CodeHostAccount
) -> None:
    await run(github, account)
    entry = await software("gemeente/signalen")
    developer = Principal(
        user_id=1,
        roles={entry.organisation_id: frozenset({Role.DEVELOPER})},  # type: ignore[attr-defined]
    )
    edit = {"software_type": "library", "categories": ["data-analytics"]}
    await registration.update_software(principal=developer, software=entry, values=edit)
    github.repo("gemeente/signalen").publiccode_yml = (
        VALID.replace('softwareType: "standalone/web"', 'softwareType: "addon"')
        .replace("  - it-service-management", "  - crm")
        .replace("  - web", "  - linux")
    )
    github.repo("gemeente/signalen").pushed_at = github.repo("gemeente/signalen").pushed_at.replace(
        year=2025
    )
    await run(github, account)
    entry = await software("gemeente/signalen")
    assert entry.software_type == "library"
    assert entry.categories == ["data-analytics"]
    assert entry.platforms == ["linux"]  # not edited by a person: the file's value counts
    assert set(edit) <= set(entry.edited_fields)


async def test_the_dependency_graph_is_harvested_when_asked_and_kept_when_unchanged(
    github: FakeGitHub, account: CodeHostAccount, served: FakeGitHub
) -> None:
    await run(github, account, dependency_graph=True)
    entry = await software("gemeente/signalen")
    components = await Dependency.filter(software=entry, source=DependencySource.GITHUB)
    assert [(c.key, c.version, c.licence_concluded) for c in components] == [
        ("pkg:pypi/django", "5.0.1", "BSD-3-Clause")
    ]
    sbom_requests = [r for r in github.requests if r.path.endswith("/dependency-graph/sbom")]
    assert len(sbom_requests) == 2  # kapot has none: a 404, and nothing stored

    # Stars changed, the code did not: the SBOM is asked for conditionally, answered 304,
    # and what was stored stays.
    repo = github.repo("gemeente/signalen")
    repo.stars, repo.updated_at = 99, repo.updated_at.replace(year=2030)
    github.requests.clear()
    result = await run(github, account, dependency_graph=True)
    assert result.changed == 1
    [asked] = [r for r in github.requests if r.path.endswith("/signalen/dependency-graph/sbom")]
    assert "if-none-match" in {name.lower() for name in asked.headers}
    assert await Dependency.filter(software=entry, source=DependencySource.GITHUB).count() == 1
    assert await SbomDocument.filter(software=entry).count() == 1


async def test_a_broken_dependency_graph_keeps_the_repository_and_says_why(
    github: FakeGitHub, account: CodeHostAccount
) -> None:
    github.repo("gemeente/signalen").sbom = {"spdxVersion": "SPDX-3.0", "name": "x"}
    result = await run(github, account, dependency_graph=True)
    assert result.failed == 0
    log = await HarvestLog.get(url="https://github.com/gemeente/signalen")
    assert "dependency graph not stored" in log.message
    assert await Repository.filter(full_name="gemeente/signalen").exists()
    assert await SbomDocument.all().count() == 0
