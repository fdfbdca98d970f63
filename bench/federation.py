# SPDX-License-Identifier: EUPL-1.2
"""What does federating cost? An export of N entries (one repository each) served on a loopback
port and federated three times: the first import, an unchanged repeat, and the same entries
created directly through software_services.create_software (the floor: the domain writes alone).

Reports, side by side, queries and milliseconds per entry, and the ratios of the first import
and of the repeat to the floor.

    .venv/bin/python bench/federation.py [--entries 2000] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from starlette.responses import Response

from catalogue import db
from catalogue.federation.services import federate
from catalogue.organisations.kinds import ForgeKind, OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.software import services as software_services
from tests.fakes.server import free_port, serving


class Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple):
            verb = str(record.args[0]).lstrip().split(" ", 1)[0].upper()
            self.count += verb in {"SELECT", "INSERT", "UPDATE", "DELETE"}


def document(entries: int) -> bytes:
    def entry(n: int) -> dict[str, Any]:
        return {
            "id": str(n),
            "url": f"https://elders.example/software/{n}",
            "name": f"app-{n:05}",
            "description": {"nl": f"Applicatie {n} van de gemeente", "en": ""},
            "organisation": {
                "slug": f"org-{n % 20}",
                "name": f"Gemeente {n % 20}",
                "kind": "gemeente",
            },
            "release_status": "open",
            "licence": "EUPL-1.2",
            "categories": ["it-development"],
            "platforms": ["web"],
            "repositories": [
                {
                    "url": f"https://github.com/org-{n % 20}/app-{n}",
                    "forge": "github",
                    "topics": ["overheid"],
                    "languages": ["Python", "HTML"],
                }
            ],
            "provenance": None,
            "updated_at": "2026-01-01T00:00:00Z",
        }

    return json.dumps(
        {
            "format": "opentenzij-export/1",
            "catalogue": {"name": "bench"},
            "software": [entry(n) for n in range(entries)],
        }
    ).encode()


async def measure(url: str, work: Any) -> tuple[int, float, Any]:
    logger, counter = logging.getLogger("tortoise.db_client"), Counter()
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    began = time.perf_counter()
    try:
        async with db.connected(url):
            result = await work()
    finally:
        logger.removeHandler(counter)
    return counter.count, time.perf_counter() - began, result


async def floor(entries: int) -> None:
    """The same entries written straight through the domain service, with no federation."""
    organisations = [
        await Organisation.create(
            slug=f"floor-{n}", name=f"Floor {n}", kind=OrganisationKind.GEMEENTE
        )
        for n in range(20)
    ]
    for n in range(entries):
        await software_services.create_software(
            organisation=organisations[n % 20],
            name=f"app-{n:05}",
            actor="bench",
            description_nl=f"Applicatie {n} van de gemeente",
            licence="EUPL-1.2",
            source=RecordSource.FEDERATION,
            repositories=[
                software_services.RepositoryData(
                    url=f"https://github.com/floor-{n % 20}/app-{n}",
                    forge=ForgeKind.GITHUB,
                    full_name=f"floor-{n % 20}/app-{n}",
                    languages=("Python", "HTML"),
                    topics=("overheid",),
                )
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    arguments = parser.parse_args()
    body, port = document(arguments.entries), free_port()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await Response(body, media_type="application/json")(scope, receive, send)

    with tempfile.TemporaryDirectory() as folder, serving(app, port):
        url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
        asyncio.run(db.upgrade(url))
        source = f"http://127.0.0.1:{port}/export.json"
        rows = {
            "floor (create_software)": asyncio.run(measure(url, lambda: floor(arguments.entries))),
            "first import": asyncio.run(measure(url, lambda: federate(source))),
            "unchanged repeat": asyncio.run(measure(url, lambda: federate(source))),
        }
    n = arguments.entries
    base_queries, base_seconds, _ = rows["floor (create_software)"]
    print(f"\n{n:,} entries, {len(body) / 2**20:.1f} MiB export, {url.split(':')[0]}\n")
    for label, (queries, seconds, _) in rows.items():
        print(
            f"{label:24} {queries / n:6.1f} queries/entry (x{queries / base_queries:.2f})  "
            f"{seconds * 1000 / n:6.2f} ms/entry (x{seconds / base_seconds:.2f})"
        )
    report = rows["unchanged repeat"][2]
    print(f"\nrepeat: {len(report.unchanged)} unchanged, {len(report.created)} created")


if __name__ == "__main__":
    main()
