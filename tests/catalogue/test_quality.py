# SPDX-License-Identifier: EUPL-1.2
"""Quality signals per entry (issue 20, point 3): each signal passed and failed with its
evidence; the GitHub harvest reading the files they need from a loopback GitHub; the checklist
on the entry page and in its JSON; the list's quality filter, which never counts an embargoed
advisory; the counts per organisation on the statistics page; queries in sets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from catalogue.components.models import Dependency, DependencySource
from catalogue.organisations.models import CodeHostAccount
from catalogue.quality import queries
from catalogue.quality_signals import (
    EntryFacts,
    RepositoryFacts,
    Signal,
    State,
    Verdict,
    assess,
)
from catalogue.software.models import ReleaseStatus, Repository, Software
from catalogue.statistics.queries import quality_by_organisation
from catalogue.vulnerabilities.models import Advisory, Exposure
from harvesters.github import GitHubForge
from harvesters.pipeline import harvest
from tests.factories import make_organisation, make_software
from tests.fakes.github import FakeGitHub, FakeRepo, serve

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
REUSE_TOML = """version = 1
[[annotations]]
path = "**"
precedence = "closest"
SPDX-FileCopyrightText = "2026 Gemeente Voorbeeld"
SPDX-License-Identifier = "EUPL-1.2"
"""
REPOSITORY = RepositoryFacts(
    url="https://github.com/gemeente/zaken",
    archived=False,
    last_activity_at=NOW - timedelta(days=30),
    licence_forge="EUPL-1.2",
    licence_file=None,
    root_files=("LICENSES/", "REUSE.toml", "SECURITY.md", "src/"),
    security_policy="SECURITY.md",
    reuse_toml=REUSE_TOML,
    licence_texts=("EUPL-1.2.txt",),
)
GOOD = EntryFacts(
    licence="EUPL-1.2",
    release_status="open",
    publiccode={"version": "0.4", "valid": True, "errors": 0},
    repositories=(REPOSITORY,),
    advisories=(),
    decision_outcome=None,
)


def judged(facts: EntryFacts, signal: Signal) -> Verdict:
    return {verdict.signal: verdict for verdict in assess(facts, now=NOW)}[signal]


def texts(verdict: Verdict) -> list[str]:
    return [str(message) for message in verdict.evidence]


def with_repository(**changes: Any) -> EntryFacts:
    return replace(GOOD, repositories=(replace(REPOSITORY, **changes),))


def test_every_signal_passes_with_its_evidence() -> None:
    verdicts = assess(GOOD, now=NOW)
    assert [v.signal for v in verdicts] == list(Signal)
    assert all(v.state is State.PASSED for v in verdicts), verdicts
    assert texts(judged(GOOD, Signal.REUSE)) == [
        "the REUSE.toml of https://github.com/gemeente/zaken covers every file, under "
        "EUPL-1.2, with their texts in LICENSES/"
    ]
    assert texts(judged(GOOD, Signal.SECURITY_POLICY)) == [
        "SECURITY.md in https://github.com/gemeente/zaken"
    ]
    assert texts(judged(GOOD, Signal.ACTIVE)) == [
        "last push to https://github.com/gemeente/zaken on 2026-11-06"
    ]
    assert texts(judged(GOOD, Signal.LICENCE_FILE)) == [
        "the licence file of https://github.com/gemeente/zaken states EUPL-1.2"
    ]


@pytest.mark.parametrize(
    ("facts", "state", "evidence"),
    [
        (
            with_repository(reuse_toml=None, root_files=("src/",), licence_texts=None),
            State.FAILED,
            "https://github.com/gemeente/zaken has no REUSE.toml",
        ),
        (
            with_repository(licence_texts=("MIT.txt",)),
            State.FAILED,
            "LICENSES/ of https://github.com/gemeente/zaken lacks EUPL-1.2.txt",
        ),
        (
            with_repository(reuse_toml=REUSE_TOML.replace('path = "**"', 'path = "src/**"')),
            State.FAILED,
            "the REUSE.toml of https://github.com/gemeente/zaken does not give every file a "
            "licence and a copyright holder (for example README.md)",
        ),
        (
            with_repository(reuse_toml=REUSE_TOML.replace("SPDX-FileCopyrightText", "# no")),
            State.FAILED,
            "the REUSE.toml of https://github.com/gemeente/zaken does not give every file a "
            "licence and a copyright holder (for example README.md)",
        ),
        (
            with_repository(reuse_toml="version = 2\n"),
            State.FAILED,
            "https://github.com/gemeente/zaken: REUSE.toml must say version = 1",
        ),
        (  # LICENSES/ but no REUSE.toml: each file's header decides, which is not read
            with_repository(reuse_toml=None),
            State.UNKNOWN,
            "https://github.com/gemeente/zaken has no REUSE.toml",
        ),
        (
            with_repository(root_files=None, reuse_toml=None, licence_texts=None),
            State.UNKNOWN,
            "the harvest of its code host does not read the repository's files",
        ),
    ],
)
def test_reuse_compliance(facts: EntryFacts, state: State, evidence: str) -> None:
    verdict = judged(facts, Signal.REUSE)
    assert (verdict.state, texts(verdict)) == (state, [evidence])
    assert (verdict.fix is None) == (not facts.repositories[0].root_files)  # unread: no fix


def test_a_licence_file_that_disagrees_fails() -> None:
    verdict = judged(with_repository(licence_forge="MIT"), Signal.LICENCE_FILE)
    assert verdict.state is State.FAILED
    assert texts(verdict) == [
        "the licence file of https://github.com/gemeente/zaken states MIT, the entry "
        "declares EUPL-1.2"
    ]
    missing = judged(with_repository(licence_forge=None), Signal.LICENCE_FILE)
    assert texts(missing) == ["no licence file recognised in https://github.com/gemeente/zaken"]
    either = replace(GOOD, licence="EUPL-1.2 OR MIT")
    assert judged(replace(either, repositories=(replace(REPOSITORY, licence_forge="MIT"),)),
                  Signal.LICENCE_FILE).state is State.PASSED  # fmt: skip
    undeclared = judged(replace(GOOD, licence=None), Signal.LICENCE_FILE)
    assert texts(undeclared) == ["the entry declares no licence"]


def test_publiccode_security_activity_vulnerabilities_and_decision_fail() -> None:
    invalid = judged(
        replace(GOOD, publiccode={"version": "0.4", "valid": False, "errors": 3}),
        Signal.PUBLICCODE,
    )
    assert (invalid.state, texts(invalid)) == (
        State.FAILED,
        ["publiccode.yml (version 0.4) has 3 errors"],
    )
    assert texts(judged(replace(GOOD, publiccode=None), Signal.PUBLICCODE)) == [
        "no publiccode.yml was found"
    ]
    no_policy = judged(with_repository(security_policy=None), Signal.SECURITY_POLICY)
    assert (no_policy.state, texts(no_policy)) == (
        State.FAILED,
        ["no SECURITY.md in https://github.com/gemeente/zaken"],
    )
    stale = judged(with_repository(last_activity_at=NOW - timedelta(days=400)), Signal.ACTIVE)
    assert (stale.state, texts(stale)) == (
        State.FAILED,
        ["last push to https://github.com/gemeente/zaken on 2025-11-01"],
    )
    affected = judged(
        replace(GOOD, advisories=("GHSA-1", "GHSA-2")), Signal.NO_KNOWN_VULNERABILITIES
    )
    assert (affected.state, texts(affected)) == (
        State.FAILED,
        ["open advisories: GHSA-1, GHSA-2"],
    )
    unknown = judged(replace(GOOD, advisories=None), Signal.NO_KNOWN_VULNERABILITIES)
    assert unknown.state is State.UNKNOWN
    withheld = judged(replace(GOOD, release_status="withheld"), Signal.DECISION)
    assert (withheld.state, texts(withheld)) == (
        State.FAILED,
        ["code is withheld without a published decision with its grounds"],
    )
    decided = judged(
        replace(GOOD, release_status="withheld", decision_outcome="withheld"), Signal.DECISION
    )
    assert (decided.state, texts(decided)) == (
        State.PASSED,
        ["a decision is in force: withheld"],
    )
    undecided = judged(replace(GOOD, release_status="undecided"), Signal.DECISION)
    assert texts(undecided) == ["no release decision is recorded"]


# The harvest reads what the signals need, from a loopback GitHub.


@pytest.fixture(scope="module")
def served() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub()) as fake:
        yield fake


class StillClock:
    def now(self) -> float:
        return 1_800_000_000.0

    def sleep(self, seconds: float) -> None:
        raise AssertionError("the harvest waited")


async def test_a_github_harvest_reads_security_policy_reuse_and_licence_texts(
    db: str, served: FakeGitHub
) -> None:
    served.accounts.clear(), served.repos.clear(), served.requests.clear()
    served.add_organisation(
        "gemeente",
        [
            FakeRepo(
                name="zaken",
                licence="EUPL-1.2",
                pushed_at=datetime.now(UTC) - timedelta(days=3),
                files={
                    "REUSE.toml": REUSE_TOML,
                    "LICENSES/EUPL-1.2.txt": "EUPL text",
                    ".github/SECURITY.md": "Report to cvd@example.nl",
                    "src/main.py": "print()",
                },
            ),
            FakeRepo(name="kaal", licence="MIT", files={"README.md": "hi"}),
        ],
    )
    organisation = await make_organisation("Gemeente Voorbeeld", account="gemeente")
    account = await CodeHostAccount.get(name_key="gemeente")
    forge = GitHubForge(api_url=served.base_url, token="t", clock=StillClock(), quality_files=True)
    await harvest(accounts=[account], forge_for=lambda _: forge, source="github:test")  # type: ignore[arg-type]
    asked = sorted(r.path for r in served.requests if "/contents/" in r.path)
    assert asked == [
        "/repos/gemeente/kaal/contents/",
        "/repos/gemeente/kaal/contents/publiccode.yml",
        "/repos/gemeente/zaken/contents/",
        "/repos/gemeente/zaken/contents/.github",
        "/repos/gemeente/zaken/contents/LICENSES",
        "/repos/gemeente/zaken/contents/REUSE.toml",
        "/repos/gemeente/zaken/contents/publiccode.yml",
    ]  # the root, and a folder or file only where the root shows it
    zaken = await Repository.get(full_name="gemeente/zaken")
    assert zaken.root_files == [".github/", "LICENSES/", "REUSE.toml", "src/"]
    assert zaken.security_policy == ".github/SECURITY.md"
    assert zaken.reuse_toml == REUSE_TOML
    assert zaken.licence_texts == ["EUPL-1.2.txt"]
    kaal = await Repository.get(full_name="gemeente/kaal")
    assert (kaal.root_files, kaal.security_policy, kaal.reuse_toml) == (["README.md"], None, None)
    judged_now = await queries.checklists(
        [zaken.software_id, kaal.software_id], now=datetime.now(UTC)
    )
    states = {
        software_id: {v.signal: v.state for v in verdicts}
        for software_id, verdicts in judged_now.items()
    }
    assert states[zaken.software_id][Signal.REUSE] is State.PASSED
    assert states[zaken.software_id][Signal.SECURITY_POLICY] is State.PASSED
    assert states[kaal.software_id][Signal.REUSE] is State.FAILED
    assert states[kaal.software_id][Signal.SECURITY_POLICY] is State.FAILED
    assert organisation.pk == (await Software.get(id=zaken.software_id)).organisation_id
    # A second harvest with nothing changed on the host asks for no file again.
    served.requests.clear()
    await harvest(accounts=[account], forge_for=lambda _: forge, source="github:test")  # type: ignore[arg-type]
    assert not [r for r in served.requests if "/contents/" in r.path]


# In sets, on the pages, in the API, in the filter and in the figures.


async def _entry(
    organisation: Any, name: str, *, policy: bool, days: int = 10, **kwargs: Any
) -> Software:
    software = await make_software(organisation, name, **kwargs)
    await Repository.filter(software_id=software.pk).update(
        root_files=["SECURITY.md"] if policy else ["README.md"],
        security_policy="SECURITY.md" if policy else None,
        last_activity_at=NOW - timedelta(days=days),
        licence_forge="EUPL-1.2",
    )
    return software


async def _affected(software: Software, *, found: datetime) -> None:
    dependency = await Dependency.create(
        software_id=software.pk,
        source=DependencySource.SBOM,
        key="pkg:npm/lodash",
        name="lodash",
        version="4.17.20",
        purl="pkg:npm/lodash@4.17.20",
    )
    advisory, _ = await Advisory.get_or_create(
        id="GHSA-35jh-r3h4-6jhm", defaults={"modified": NOW, "fetched_at": NOW}
    )
    await Exposure.create(dependency=dependency, advisory=advisory, first_seen_at=found)


async def _clean(software: Software) -> None:
    await Dependency.create(
        software_id=software.pk,
        source=DependencySource.SBOM,
        key="pkg:npm/left-pad",
        name="left-pad",
        version="1.3.0",
        purl="pkg:npm/left-pad@1.3.0",
    )


async def test_checklists_cost_the_same_queries_for_one_entry_or_many(
    db: str, count_queries: Any
) -> None:
    organisation = await make_organisation()
    entries = [await _entry(organisation, f"e{n}", policy=n % 2 == 0) for n in range(6)]
    count_queries.statements.clear()
    await queries.checklists([entries[0].pk], now=NOW)
    one = len(count_queries.statements)
    count_queries.statements.clear()
    found = await queries.checklists([e.pk for e in entries], now=NOW)
    assert len(count_queries.statements) == one
    assert len(found) == 6


async def test_the_quality_filter_and_the_embargo(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    guarded = await _entry(organisation, "bewaakt", policy=True)
    bare = await _entry(organisation, "kaal", policy=False)
    await _clean(guarded)
    now = datetime.now(UTC)
    await _affected(bare, found=now - timedelta(days=1))  # under embargo

    async def names(signal: str) -> list[str]:
        answer = await client.get("/api/v1/software", params={"quality": signal})
        assert answer.status_code == 200, answer.text
        return [item["name"] for item in answer.json()["items"]]

    assert await names("security-policy") == ["bewaakt"]
    # Under embargo the public view tells nothing of the advisory: not in the filter, not in
    # the entry's checklist (the owners read it on their organisation's page).
    assert await names("no-known-vulnerabilities") == ["bewaakt", "kaal"]
    detail = (await client.get(f"/api/v1/software/{bare.pk}")).json()
    vulnerable = {item["signal"]: item for item in detail["quality"]}["no-known-vulnerabilities"]
    assert vulnerable["state"] == "passed"
    assert "GHSA" not in str(detail)
    await Exposure.filter(dependency__software_id=bare.pk).update(
        first_seen_at=now - timedelta(days=20)
    )
    detail = (await client.get(f"/api/v1/software/{bare.pk}")).json()
    vulnerable = {item["signal"]: item for item in detail["quality"]}["no-known-vulnerabilities"]
    assert vulnerable == {
        "signal": "no-known-vulnerabilities",
        "state": "failed",
        "title": "No known vulnerabilities",
        "evidence": ["open advisories: GHSA-35jh-r3h4-6jhm"],
        "fix": "upgrade the affected components to their fixed versions",
    }
    assert await names("no-known-vulnerabilities") == ["bewaakt"]
    refused = await client.get("/api/v1/software", params={"quality": "score"})
    assert refused.status_code == 400
    page = await client.get("/software", params={"quality": "security-policy"})
    assert page.status_code == 200 and "bewaakt" in page.text and "kaal" not in page.text


async def test_the_entry_page_shows_the_checklist_in_dutch_and_english(
    client: httpx.AsyncClient,
) -> None:
    software = await _entry(await make_organisation(), "zaken", policy=False)
    dutch = await client.get(f"/software/{software.pk}")
    assert "Kwaliteitssignalen" in dutch.text
    assert "geen SECURITY.md in https://github.com/" in dutch.text
    english = await client.get(f"/software/{software.pk}", params={"lang": "en"})
    assert "Quality signals" in english.text and "How to fix" in english.text


async def test_statistics_count_each_signal_per_organisation(client: httpx.AsyncClient) -> None:
    first = await make_organisation("Gemeente Aa")
    second = await make_organisation("Gemeente Bee")
    await _entry(first, "een", policy=True)
    await _entry(first, "twee", policy=False, days=500)
    await _entry(second, "drie", policy=True, release_status=ReleaseStatus.WITHHELD)
    rows = {row.name: row for row in await quality_by_organisation(now=NOW)}
    assert rows["Gemeente Aa"].entries == 2
    assert rows["Gemeente Aa"].passed[Signal.SECURITY_POLICY] == 1
    assert rows["Gemeente Aa"].passed[Signal.ACTIVE] == 1
    assert rows["Gemeente Aa"].passed[Signal.DECISION] == 2  # open: nothing withheld
    assert rows["Gemeente Bee"].passed[Signal.DECISION] == 0  # withheld without a decision
    assert rows["Gemeente Bee"].passed[Signal.SECURITY_POLICY] == 1
    page = await client.get("/statistieken")
    assert page.status_code == 200
    assert "Kwaliteitssignalen per organisatie" in page.text
    assert '<a href="/software?quality=security-policy">' in page.text


# Collections: per entry its open advisories and signals; readiness asks for a way to report.


async def test_a_collection_shows_each_entrys_signals_and_advisories(
    client: httpx.AsyncClient,
) -> None:
    from catalogue.accounts import services as accounts
    from catalogue.collections import queries as collection_queries
    from catalogue.collections import services as collections
    from catalogue.collections.readiness import Criterion, Status
    from catalogue.permissions.rules import Principal

    user = await accounts.create_user(
        email="beheer@site.nl", password=None, actor="test", is_site_admin=True
    )
    admin = Principal(user_id=user.pk, email=user.email, is_site_admin=True)
    organisation = await make_organisation()
    guarded = await _entry(organisation, "bewaakt", policy=True)
    bare = await _entry(organisation, "kaal", policy=False)
    unread = await make_software(organisation, "onbekend")  # no harvest read its files
    await _affected(bare, found=datetime.now(UTC) - timedelta(days=20))
    collection = await collections.create_collection(
        principal=admin,
        values={"slug": "mijn-bureau", "title_nl": "Mijn Bureau", "description_nl": "Werkplek."},
    )
    for item in (guarded, bare, unread):
        await collections.add_entry(principal=admin, collection=collection, software_id=item.pk)
    view = await collection_queries.collection_view(collection)
    reportable = {
        item.record.name: {c.criterion: c for c in item.readiness.checks}[Criterion.REPORTABLE]
        for item in view.entries
    }
    assert reportable["bewaakt"].status is Status.MET
    assert [str(m) for m in reportable["bewaakt"].found] == [
        f"SECURITY.md in {(await Repository.get(software_id=guarded.pk)).url}"
    ]
    assert reportable["kaal"].status is Status.NOT_MET
    assert reportable["onbekend"].status is Status.UNKNOWN
    answer = (await client.get("/api/v1/collections/mijn-bureau")).json()
    entries = {item["software"]["name"]: item for item in answer["entries"]}
    assert entries["kaal"]["advisories"] == ["GHSA-35jh-r3h4-6jhm"]
    assert entries["bewaakt"]["advisories"] is None  # no SBOM: its components are unknown
    assert {q["signal"]: q["state"] for q in entries["kaal"]["quality"]}[
        "no-known-vulnerabilities"
    ] == "failed"
    page = await client.get("/collecties/mijn-bureau", params={"lang": "en"})
    assert "A way to report vulnerabilities" in page.text
    assert "✗ No known vulnerabilities" in page.text
