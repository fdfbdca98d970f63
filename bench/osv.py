# SPDX-License-Identifier: EUPL-1.2
"""How many requests does the vulnerability check make, and how long does it take?

Builds a catalogue of `--sboms` entries (default 100) with `--components` dependencies each
(default 50, 5,000 in all) drawn from a pool of package versions across npm, PyPI, Maven, Go,
NuGet and Cargo, so that entries share components as government software does. The loopback
OSV fake (tests/fakes/osv.py) holds `--advisories` advisories (default 300) on packages of the
pool. Then runs the check three times and prints, per run, the batch and detail requests and
the seconds:

- first: every version asked about, every listed advisory read once;
- unchanged: OSV lists the same advisories with the same modified times;
- 1% modified: as many advisories get a new modified time (and one is withdrawn).

The issue's budget: a first pass in at most ceil(versions / 1,000) batch requests plus one
request per distinct advisory; an unchanged re-run only the batch requests.

    .venv/bin/python bench/osv.py [--sboms 100] [--components 50] [--advisories 300]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import db
from catalogue.components.models import Dependency, DependencySource
from catalogue.organisations.kinds import OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.software import services as software_services
from catalogue.vulnerabilities.osv import OsvClient
from catalogue.vulnerabilities.services import CheckSummary, check_vulnerabilities
from tests.fakes.osv import FakeOsv, advisory, served_osv

ECOSYSTEMS = [
    ("npm", "npm", "pkg:npm/{name}@{version}"),
    ("PyPI", "pypi", "pkg:pypi/{name}@{version}"),
    ("Maven", "maven", "pkg:maven/nl.overheid/{name}@{version}"),
    ("Go", "golang", "pkg:golang/example.org/{name}@v{version}"),
    ("NuGet", "nuget", "pkg:nuget/{name}@{version}"),
    ("crates.io", "cargo", "pkg:cargo/{name}@{version}"),
]


def osv_name(ecosystem: str, name: str) -> str:
    return {"Maven": f"nl.overheid:{name}", "Go": f"example.org/{name}"}.get(ecosystem, name)


def osv_version(ecosystem: str, version: str) -> str:
    return f"v{version}" if ecosystem == "Go" else version


async def build(database_url: str, arguments: argparse.Namespace, osv: FakeOsv) -> int:
    """The catalogue and the advisories; returns the number of distinct versions."""
    rng = random.Random(20261206)
    pool = [
        (ecosystem, purl_type, template, f"component{number}", f"1.{minor}.0")
        for number in range(arguments.sboms * arguments.components * 4)
        for ecosystem, purl_type, template in [ECOSYSTEMS[number % len(ECOSYSTEMS)]]
        for minor in (rng.randrange(10),)
    ]
    organisation = await Organisation.create(
        name="Bench",
        slug=f"bench-{time.time_ns()}",
        kind=OrganisationKind.OTHER,
        source=RecordSource.REGISTRATION,
    )
    rows = []
    for number in range(arguments.sboms):
        software = await software_services.create_software(
            organisation=organisation, name=f"entry-{number}", actor="bench"
        )
        for _, _, template, name, version in rng.sample(pool, arguments.components):
            rows.append(
                Dependency(
                    software_id=software.id,
                    source=DependencySource.SBOM,
                    key=name,
                    name=name,
                    version=version,
                    purl=template.format(name=name, version=version),
                )
            )
    await Dependency.bulk_create(rows, batch_size=1000)
    used = sorted({(row.purl or "") for row in rows})
    for number in range(arguments.advisories):
        ecosystem, _, _, name, version = pool[rng.randrange(len(pool))]
        osv.add(
            advisory(
                f"BENCH-{number:04d}",
                ecosystem=ecosystem,
                name=osv_name(ecosystem, name),
                introduced="1.0.0",
                fixed="1.10.0",
                versions=[osv_version(ecosystem, version)],
            )
        )
    return len(used)


async def one_run(osv: FakeOsv, now: datetime) -> tuple[CheckSummary, float]:
    async with httpx.AsyncClient(timeout=30) as client:
        started = time.perf_counter()
        summary = await check_vulnerabilities(OsvClient(client, base_url=osv.url), now=now)
        return summary, time.perf_counter() - started


async def run(database_url: str, arguments: argparse.Namespace) -> None:
    await db.upgrade(database_url)
    with served_osv() as osv:
        async with db.connected(database_url):
            versions = await build(database_url, arguments, osv)
            now = datetime(2026, 12, 6, tzinfo=UTC)
            first, first_s = await one_run(osv, now)
            again, again_s = await one_run(osv, now + timedelta(days=1))
            changed = max(1, len(osv.advisories) // 100)
            for number, record in enumerate(list(osv.advisories.values())[:changed]):
                record["modified"] = "2026-12-07T00:00:00Z"
                if number == 0:
                    record["withdrawn"] = "2026-12-07T00:00:00Z"
            modified, modified_s = await one_run(osv, now + timedelta(days=2))
    budget = math.ceil(versions / 1000)
    print(
        f"{arguments.sboms} entries x {arguments.components} components: {versions} distinct "
        f"versions, {len(osv.advisories)} advisories in the fake, on {database_url.split(':')[0]}"
    )
    print(f"{'run':12} {'batches':>7} {'details':>7} {'found':>6} {'resolved':>8} {'seconds':>8}")
    for name, summary, seconds in (
        ("first", first, first_s),
        ("unchanged", again, again_s),
        ("1% modified", modified, modified_s),
    ):
        print(
            f"{name:12} {summary.batches:7} {summary.details:7} {summary.found:6} "
            f"{summary.resolved:8} {seconds:8.2f}"
        )
    print(
        f"budget: first <= {budget} batches + 1 per distinct advisory listed; "
        f"unchanged = {budget} batches, 0 details"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sboms", type=int, default=100)
    parser.add_argument("--components", type=int, default=50)
    parser.add_argument("--advisories", type=int, default=300)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
        asyncio.run(run(url, arguments))


if __name__ == "__main__":
    main()
