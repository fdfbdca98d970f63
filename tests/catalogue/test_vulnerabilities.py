# SPDX-License-Identifier: EUPL-1.2
"""Vulnerabilities from OSV: purls per ecosystem, version ranges by each ecosystem's rules, and
the check against a loopback OSV with its paging, faults and modified advisories."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from catalogue import tls
from catalogue.components.models import Dependency, DependencySource
from catalogue.software.models import Software
from catalogue.vulnerabilities.matching import Package, judge, package_of
from catalogue.vulnerabilities.models import Advisory, Exposure
from catalogue.vulnerabilities.osv import OsvClient
from catalogue.vulnerabilities.services import CheckSummary, check_vulnerabilities
from tests.factories import make_organisation, make_software
from tests.fakes.osv import FakeOsv, advisory, served_osv

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("purl", "ecosystem", "name", "version"),
    [
        ("pkg:npm/%40angular/core@12.0.0", "npm", "@angular/core", "12.0.0"),
        ("pkg:npm/lodash@4.17.20", "npm", "lodash", "4.17.20"),
        ("pkg:pypi/Django_REST.framework@3.12.0", "PyPI", "django-rest-framework", "3.12.0"),
        (
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar",
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "2.14.1",
        ),
        ("pkg:golang/github.com/gin-gonic/gin@1.7.0", "Go", "github.com/gin-gonic/gin", "v1.7.0"),
        ("pkg:golang/golang.org/x/net@v0.7.0", "Go", "golang.org/x/net", "v0.7.0"),
        ("pkg:nuget/Newtonsoft.Json@12.0.1", "NuGet", "Newtonsoft.Json", "12.0.1"),
        ("pkg:cargo/serde@1.0.130", "crates.io", "serde", "1.0.130"),
    ],
)
def test_purls_name_osv_packages(purl: str, ecosystem: str, name: str, version: str) -> None:
    package = package_of(purl)
    assert package is not None
    assert (package.ecosystem, package.name, package.version) == (ecosystem, name, version)


@pytest.mark.parametrize(
    "purl",
    ["pkg:npm/lodash", "pkg:deb/debian/curl@7.74.0", "not a purl", "pkg:pypi/x@not a version!"],
)
def test_what_osv_cannot_be_asked_about(purl: str) -> None:
    assert package_of(purl) is None


def ranged(
    ecosystem: str, name: str, *events: dict[str, str], kind: str = "ECOSYSTEM"
) -> list[dict[str, Any]]:
    return [
        {
            "package": {"ecosystem": ecosystem, "name": name},
            "ranges": [{"type": kind, "events": list(events)}],
        }
    ]


def verdict(purl: str, affected: list[dict[str, Any]]) -> tuple[bool, str | None]:
    package = package_of(purl)
    assert package is not None
    found = judge(package, affected)
    return found.affected, found.fixed


def test_versions_compare_by_each_ecosystems_rules() -> None:
    pypi = ranged("PyPI", "django", {"introduced": "1.9"}, {"fixed": "1.10"})
    assert verdict("pkg:pypi/django@1.9.5", pypi) == (True, "1.10")  # as text, 1.9.5 > 1.10
    assert verdict("pkg:pypi/django@1.10", pypi) == (False, None)
    assert verdict("pkg:pypi/django@1.10rc1", pypi) == (True, "1.10")  # a pre-release is before
    npm = ranged("npm", "x", {"introduced": "0"}, {"fixed": "2.0.0"})
    assert verdict("pkg:npm/x@2.0.0-rc.1", npm) == (True, "2.0.0")
    assert verdict("pkg:npm/x@2.0.1", npm) == (False, None)
    maven = ranged("Maven", "g:a", {"introduced": "2.0-beta9"}, {"fixed": "2.15.0"})
    assert verdict("pkg:maven/g/a@2.14.1", maven) == (True, "2.15.0")
    assert verdict("pkg:maven/g/a@2.0-alpha1", maven) == (False, None)
    go = ranged("Go", "golang.org/x/net", {"introduced": "0"}, {"fixed": "0.7.0"}, kind="SEMVER")
    assert verdict("pkg:golang/golang.org/x/net@v0.6.0", go) == (True, "0.7.0")
    assert verdict("pkg:golang/golang.org/x/net@v0.10.0", go) == (False, None)
    nuget = ranged("NuGet", "Newtonsoft.Json", {"introduced": "0"}, {"fixed": "13.0.1"})
    assert verdict("pkg:nuget/Newtonsoft.Json@12.0.3", nuget) == (True, "13.0.1")
    cargo = ranged("crates.io", "smallvec", {"introduced": "0.6.3"}, {"fixed": "0.6.10"})
    assert verdict("pkg:cargo/smallvec@0.6.9", cargo) == (True, "0.6.10")


def test_several_ranges_last_affected_and_the_least_fix_after_the_version() -> None:
    affected = ranged(
        "PyPI",
        "pkg",
        {"introduced": "1.0"},
        {"fixed": "1.4.2"},
        {"introduced": "2.0"},
        {"fixed": "2.1.1"},
    )
    assert verdict("pkg:pypi/pkg@1.2", affected) == (True, "1.4.2")
    assert verdict("pkg:pypi/pkg@2.0.5", affected) == (True, "2.1.1")
    assert verdict("pkg:pypi/pkg@1.5", affected) == (False, None)  # between the ranges
    last = ranged("npm", "y", {"introduced": "1.0.0"}, {"last_affected": "1.3.0"})
    assert verdict("pkg:npm/y@1.3.0", last) == (True, None)  # no fix known
    assert verdict("pkg:npm/y@1.3.1", last) == (False, None)


def test_enumerated_versions_another_package_and_git_ranges() -> None:
    listed = [{"package": {"ecosystem": "npm", "name": "z"}, "versions": ["1.0.1"]}]
    assert verdict("pkg:npm/z@1.0.1", listed) == (True, None)
    assert verdict("pkg:npm/other@1.0.1", listed) == (False, None)
    git = ranged("npm", "z", {"introduced": "abc123"}, {"fixed": "def456"}, kind="GIT")
    assert verdict("pkg:npm/z@1.0.1", git) == (False, None)
    package = Package("npm", "z", "1.0.1", "pkg:npm/z")
    hostile: Any = [
        {"package": "broken"},
        "not an entry",
        {"package": {"ecosystem": "npm", "name": "z"}, "ranges": "x", "versions": 3},
        {
            "package": {"ecosystem": "npm", "name": "z"},
            "ranges": [{"type": "SEMVER", "events": [1, {"fixed": 2}]}],
        },
    ]
    assert judge(package, hostile).affected is False


# --- the check against a loopback OSV ------------------------------------------------------


@pytest.fixture
def osv() -> Iterator[FakeOsv]:
    with served_osv() as fake:
        yield fake


class Sleeps:
    """The injected sleep: records what the client would have waited."""

    def __init__(self) -> None:
        self.waited: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waited.append(seconds)


async def check(osv: FakeOsv, *, now: datetime = NOW, sleeps: Sleeps | None = None) -> CheckSummary:
    async with httpx.AsyncClient(verify=tls.verifying(), timeout=10) as client:
        return await check_vulnerabilities(
            OsvClient(client, base_url=osv.url, sleep=sleeps or Sleeps()), now=now
        )


async def depend(software_id: int, *purls: str) -> list[Dependency]:
    return [
        await Dependency.create(
            software_id=software_id,
            source=DependencySource.SBOM,
            key=purl.split("@")[0],
            name=purl.split("/")[-1].split("@")[0],
            version=purl.split("@")[1] if "@" in purl else None,
            purl=purl,
        )
        for purl in purls
    ]


async def open_exposures() -> set[tuple[str, str, str | None]]:
    rows = await Exposure.filter(resolved_at__isnull=True).prefetch_related("dependency")
    return {(row.dependency.purl or "", row.advisory_id, row.fixed_version) for row in rows}


async def test_a_first_check_then_an_unchanged_one_reads_only_what_is_new(
    db: str, osv: FakeOsv
) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    other = await make_software(organisation)
    await depend(
        software.id, "pkg:npm/lodash@4.17.20", "pkg:pypi/django@3.2.1", "pkg:npm/safe@1.0.0"
    )
    await depend(other.id, "pkg:npm/lodash@4.17.20", "pkg:deb/debian/curl@7.74.0")
    osv.add(
        advisory(
            "GHSA-lodash",
            ecosystem="npm",
            name="lodash",
            fixed="4.17.21",
            versions=["4.17.20"],
            aliases=["CVE-2021-23337"],
        )
    )
    osv.add(
        advisory(
            "PYSEC-django",
            ecosystem="PyPI",
            name="django",
            introduced="3.2",
            fixed="3.2.10",
            versions=["3.2.1"],
            severity="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        )
    )

    first = await check(osv)
    assert (first.versions, first.unsupported, first.batches, first.details) == (3, 1, 1, 2)
    assert (first.advisories, first.found, first.resolved, first.errors) == (2, 3, 0, [])
    assert await open_exposures() == {
        ("pkg:npm/lodash@4.17.20", "GHSA-lodash", "4.17.21"),
        ("pkg:pypi/django@3.2.1", "PYSEC-django", "3.2.10"),
    }
    assert await Exposure.filter(resolved_at__isnull=True).count() == 3  # lodash in both entries
    stored = await Advisory.get(id="PYSEC-django")
    assert (stored.aliases, stored.severity_label) == ([], "CRITICAL")
    assert (await Advisory.get(id="GHSA-lodash")).aliases == ["CVE-2021-23337"]

    requests_before = len(osv.requests)
    again = await check(osv, now=NOW + timedelta(days=1))
    assert (again.batches, again.details, again.found, again.resolved) == (1, 0, 0, 0)
    assert len(osv.requests) == requests_before + 1
    first_seen = {row.first_seen_at for row in await Exposure.all()}
    assert first_seen == {NOW}  # the embargo runs from the first finding


async def test_a_new_advisory_a_withdrawal_and_an_upgrade(db: str, osv: FakeOsv) -> None:
    software = await make_software(await make_organisation())
    [lodash, django] = await depend(software.id, "pkg:npm/lodash@4.17.20", "pkg:pypi/django@3.2.1")
    osv.add(
        advisory(
            "GHSA-lodash", ecosystem="npm", name="lodash", fixed="4.17.21", versions=["4.17.20"]
        )
    )
    await check(osv)
    assert await open_exposures() == {("pkg:npm/lodash@4.17.20", "GHSA-lodash", "4.17.21")}

    # A new advisory makes django affected on the next run.
    osv.add(
        advisory("PYSEC-new", ecosystem="PyPI", name="django", fixed="3.2.5", versions=["3.2.1"])
    )
    later = await check(osv, now=NOW + timedelta(days=2))
    assert (later.details, later.found) == (1, 1)
    assert ("pkg:pypi/django@3.2.1", "PYSEC-new", "3.2.5") in await open_exposures()

    # OSV withdraws the lodash advisory (a new modified time): read again, exposure resolved.
    osv.add(
        advisory(
            "GHSA-lodash",
            ecosystem="npm",
            name="lodash",
            fixed="4.17.21",
            versions=["4.17.20"],
            modified="2026-12-01T00:00:00Z",
            withdrawn="2026-12-01T00:00:00Z",
        )
    )
    withdrawn = await check(osv, now=NOW + timedelta(days=3))
    assert (withdrawn.details, withdrawn.resolved) == (1, 1)
    assert await open_exposures() == {("pkg:pypi/django@3.2.1", "PYSEC-new", "3.2.5")}
    assert (await Exposure.get(advisory_id="GHSA-lodash")).resolved_at == NOW + timedelta(days=3)

    # The entry upgrades django past the fix: resolved too, and nothing is deleted.
    django.version, django.purl = "3.2.5", "pkg:pypi/django@3.2.5"
    await django.save()
    upgraded = await check(osv, now=NOW + timedelta(days=4))
    assert upgraded.resolved == 1
    assert await open_exposures() == set()
    assert await Exposure.all().count() == 2
    assert lodash.id  # kept


async def test_paging_per_query_and_batches_of_a_thousand(db: str, osv: FakeOsv) -> None:
    software = await make_software(await make_organisation())
    await depend(software.id, *(f"pkg:npm/p{number}@1.0.0" for number in range(1001)))
    for number in range(3):
        osv.add(
            advisory(
                f"GHSA-{number}", ecosystem="npm", name="p7", versions=["1.0.0"], fixed="1.0.1"
            )
        )
    osv.page_size = 2
    summary = await check(osv)
    # 1,001 versions: two batches; p7's third advisory on a second page of the first batch.
    assert (summary.versions, summary.batches, summary.details, summary.found) == (1001, 3, 3, 3)
    assert osv.count("POST", "/v1/querybatch") == 3


async def test_throttling_and_server_errors_are_waited_out(db: str, osv: FakeOsv) -> None:
    software = await make_software(await make_organisation())
    await depend(software.id, "pkg:npm/lodash@4.17.20")
    osv.add(
        advisory(
            "GHSA-lodash", ecosystem="npm", name="lodash", fixed="4.17.21", versions=["4.17.20"]
        )
    )
    osv.fail(429, retry_after="3")
    osv.fail(503)
    sleeps = Sleeps()
    summary = await check(osv, sleeps=sleeps)
    assert sleeps.waited == [3.0, 2.0]  # Retry-After, then the second step of the backoff
    assert (summary.retries, summary.found, summary.errors) == (2, 1, [])


@pytest.mark.parametrize(
    ("faults", "said"),
    [
        ([(500, None, None)] * 5, "OSV answered /v1/querybatch with 500"),
        ([(400, None, None)], "OSV answered /v1/querybatch with 400"),
        ([(200, None, b"not json")], "with no JSON"),
        ([(200, None, b'{"results": []}')], "one result per query"),
        ([(200, None, b'{"results": [{"vulns": [{"modified": "x"}]}]}')], "without an id"),
        (
            [(200, None, b'{"results": [{"vulns": [{"id": "A", "modified": "yesterday"}]}]}')],
            "as a time",
        ),
    ],
)
async def test_a_failing_or_lying_osv_changes_nothing(
    db: str, osv: FakeOsv, faults: list[tuple[int, str | None, bytes | None]], said: str
) -> None:
    software = await make_software(await make_organisation())
    await depend(software.id, "pkg:npm/lodash@4.17.20")
    osv.add(
        advisory(
            "GHSA-lodash", ecosystem="npm", name="lodash", fixed="4.17.21", versions=["4.17.20"]
        )
    )
    await check(osv)
    before = await open_exposures()
    for status, retry_after, body in faults:
        osv.fail(status, retry_after=retry_after, body=body)
    osv.add(advisory("GHSA-other", ecosystem="npm", name="lodash", versions=["4.17.20"]))
    summary = await check(osv, now=NOW + timedelta(days=1))
    assert len(summary.errors) == 1 and said in summary.errors[0]
    assert await open_exposures() == before
    assert not await Advisory.filter(id="GHSA-other").exists()


async def test_a_record_that_is_not_the_one_asked_for_is_refused(db: str, osv: FakeOsv) -> None:
    software = await make_software(await make_organisation())
    await depend(software.id, "pkg:npm/lodash@4.17.20")
    osv.add(advisory("GHSA-lodash", ecosystem="npm", name="lodash", versions=["4.17.20"]))
    osv.fail(
        200,
        body=b'{"results": [{"vulns": [{"id": "GHSA-lodash", '
        b'"modified": "2026-11-01T00:00:00Z"}]}]}',
    )
    osv.fail(200, body=b'{"id": "GHSA-else", "modified": "2026-11-01T00:00:00Z"}')
    summary = await check(osv)
    assert summary.errors == ["OSV answered another record for GHSA-lodash"]
    assert await Exposure.all().count() == 0


async def test_a_stored_sbom_brings_the_daily_check_forward(db: str) -> None:
    from catalogue import sbom
    from catalogue.components import services as components
    from catalogue.jobs.models import ScheduledJob
    from tests.catalogue.test_components import spdx_json

    tomorrow = datetime.now(UTC) + timedelta(days=1)
    await ScheduledJob.create(name="vulnerabilities-check", next_due_at=tomorrow)
    await ScheduledJob.create(name="harvest-all", next_due_at=tomorrow)
    software = await make_software(await make_organisation())
    await components.store_sbom(
        software=software,
        document=sbom.parse(spdx_json(("lodash", "4.17.20", "pkg:npm/lodash@4.17.20"))),
        source=DependencySource.SBOM,
        actor="test",
    )
    assert (await ScheduledJob.get(name="vulnerabilities-check")).next_due_at < tomorrow
    assert (await ScheduledJob.get(name="harvest-all")).next_due_at == tomorrow


async def test_the_demo_shows_an_affected_fictitious_entry_in_and_past_the_embargo(db: str) -> None:
    from catalogue.vulnerabilities import examples, queries
    from wooexemptions.examples import load_examples as load_example_decisions

    await load_example_decisions()
    found = await examples.load_examples(now=NOW)
    assert found == 2
    assert await examples.load_examples(now=NOW) == 0  # loading twice adds nothing
    software = await Software.get(name="Afvalkalender (voorbeeld)")
    owners = await queries.organisation_exposures(software.organisation_id)
    assert {(e.dependency.name, e.advisory_id, e.fixed_version) for e in owners} == {
        ("demo-sanitize-html", "DEMO-2026-0001", "2.7.1"),
        ("demo-jwt-tools", "DEMO-2026-0002", "1.5.0"),
    }
    public = await queries.component_exposure("pkg:npm/demo-sanitize-html", now=NOW)
    assert (public.entries_affected, [use.software_id for use in public.disclosed]) == (
        1,
        [software.id],
    )
    within = await queries.component_exposure("pkg:pypi/demo-jwt-tools", now=NOW)
    assert (within.entries_affected, within.disclosed) == (1, [])  # found 2 days ago: embargo
    assert all(a.summary.startswith("Voorbeeld (demogegevens)") for a in await Advisory.all())
