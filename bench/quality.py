# SPDX-License-Identifier: EUPL-1.2
"""How long do the quality signals take to judge, in sets?

Builds `--entries` entries (default 5,000) over `--organisations` organisations (default 100),
each with a repository whose files the harvest read (a third with a SECURITY.md, a fifth with
a covering REUSE.toml) and twenty components; then times, with the number of queries:

- a page's checklists (`--page` entries, default 50): what the list and collection pages pay;
- the `quality=security-policy` and `quality=reuse` filters (their candidates, judged);
- the statistics page's counts per organisation (every entry).

    .venv/bin/python bench/quality.py [--entries 5000] [--organisations 100] [--page 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import db
from catalogue.components.models import Dependency, DependencySource
from catalogue.organisations.kinds import OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.quality import queries
from catalogue.quality_signals import Signal
from catalogue.software.models import Repository, Software

NOW = datetime(2026, 12, 6, tzinfo=UTC)
REUSE_TOML = (
    'version = 1\n[[annotations]]\npath = "**"\n'
    'SPDX-FileCopyrightText = "2026 Bench"\nSPDX-License-Identifier = "EUPL-1.2"\n'
)


class Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple):
            self.count += str(record.args[0]).lstrip()[:6].upper() == "SELECT"


async def build(arguments: argparse.Namespace) -> list[int]:
    organisations = [
        await Organisation.create(
            name=f"Bench {n}", slug=f"bench-{n}", kind=OrganisationKind.OTHER,
            source=RecordSource.REGISTRATION,
        )
        for n in range(arguments.organisations)
    ]  # fmt: skip
    await Software.bulk_create(
        [
            Software(
                name=f"entry-{n}", sort_name=f"entry-{n}", licence="EUPL-1.2",
                organisation_id=organisations[n % len(organisations)].pk,
            )
            for n in range(arguments.entries)
        ],
        batch_size=1000,
    )  # fmt: skip
    ids = list(await Software.all().order_by("id").values_list("id", flat=True))
    await Repository.bulk_create(
        [
            Repository(
                software_id=software_id, forge="github", url=f"https://github.com/b/e{n}",
                full_name=f"b/e{n}", licence_forge="EUPL-1.2",
                last_activity_at=NOW - timedelta(days=n % 700),
                root_files=["LICENSES/", "REUSE.toml"] if n % 5 == 0 else ["README.md"],
                security_policy="SECURITY.md" if n % 3 == 0 else None,
                reuse_toml=REUSE_TOML if n % 5 == 0 else None,
                licence_texts=["EUPL-1.2.txt"] if n % 5 == 0 else None,
            )
            for n, software_id in enumerate(ids)
        ],
        batch_size=1000,
    )  # fmt: skip
    await Dependency.bulk_create(
        [
            Dependency(
                software_id=software_id, source=DependencySource.SBOM, key=f"c{c}",
                name=f"c{c}", version="1.0.0", purl=f"pkg:npm/c{c}@1.0.0",
            )
            for software_id in ids
            for c in range(20)
        ],
        batch_size=2000,
    )  # fmt: skip
    return ids


async def timed(label: str, counter: Counter, work: object) -> None:
    counter.count = 0
    started = time.perf_counter()
    result = await work  # type: ignore[misc]
    seconds = time.perf_counter() - started
    print(f"{label:34} {len(result):6} {counter.count:8} {seconds:8.3f}")


async def run(database_url: str, arguments: argparse.Namespace) -> None:
    await db.upgrade(database_url)
    async with db.connected(database_url):
        ids = await build(arguments)
        counter = Counter()
        logger = logging.getLogger("tortoise.db_client")
        logger.addHandler(counter)
        logger.setLevel(logging.DEBUG)
        print(f"{arguments.entries} entries, {arguments.organisations} organisations")
        print(f"{'what':34} {'result':>6} {'queries':>8} {'seconds':>8}")
        await timed(
            "checklists of a page", counter, queries.checklists(ids[: arguments.page], now=NOW)
        )
        await timed(
            "filter security-policy", counter, queries.passing(Signal.SECURITY_POLICY, now=NOW)
        )
        await timed("filter reuse", counter, queries.passing(Signal.REUSE, now=NOW))
        await timed("counts per organisation", counter, queries.organisation_counts(now=NOW))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--page", type=int, default=50)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
        asyncio.run(run(url, arguments))


if __name__ == "__main__":
    main()
