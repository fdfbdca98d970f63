# SPDX-License-Identifier: EUPL-1.2
"""What does storing an SBOM cost? A generated SPDX-2.3 JSON document of 5,000 components (by
default), ingested the three ways the catalogue takes one, side by side in one run:

- parse: reading and (bounded) validation alone (catalogue.sbom.parse), no database;
- store: writing the parsed components as Dependencies (catalogue.components.store_sbom);
- upload: the whole API request, POST /api/v1/software/{id}/sboms with a bearer token, through
  the real app (ASGI, in process): body read, parse in a worker thread, store, answer.

It also shows that the event loop stays free while a large document is parsed: during the
upload, a ticker task measures the longest gap between its 10 ms ticks.

    .venv/bin/python bench/sbom.py [--components 5000] [--rounds 3]
                                   [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx
from tortoise import Tortoise

from bench.sbom_parse import make_document
from catalogue import db, sbom
from catalogue.accounts import services as accounts
from catalogue.app import create_app
from catalogue.components import services as components
from catalogue.components.models import DependencySource
from catalogue.permissions.rules import Role
from catalogue.settings import Settings
from tests.factories import make_organisation, make_software


async def empty_tables(url: str) -> None:
    """Empty every table of a PostgreSQL catalogue (SQLite runs use a fresh file)."""
    if url.startswith("postgres"):
        tables = ", ".join(f'"{m._meta.db_table}"' for m in Tortoise.apps["catalogue"].values())
        connection = Tortoise.get_connection("default")
        await connection.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


async def ticker(gaps: list[float], stop: asyncio.Event) -> None:
    """Tick every 10 ms and keep the longest wait: how long the event loop was blocked."""
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.01)
        now = time.perf_counter()
        gaps.append(now - last - 0.01)
        last = now


async def measure(url: str, size: int, rounds: int) -> dict[str, list[float]]:
    content = json.dumps(make_document(size)).encode()
    times: dict[str, list[float]] = {"parse": [], "store": [], "upload": [], "blocked": []}
    async with db.connected(url):
        await empty_tables(url)
        organisation = await make_organisation("Gemeente Bench", account="bench")
        software = await make_software(organisation, "app")
        user = await accounts.create_user(email="dev@bench.nl", password=None, actor="bench")
        await accounts.grant(user=user, organisation=organisation, role=Role.DEVELOPER, actor="b")
        _, token = await accounts.create_token(user=user, name="bench", actor="bench")
        app = create_app(Settings(database_url=url), connect=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for _ in range(rounds):
                start = time.perf_counter()
                document = sbom.parse(content, filename="app.spdx.json")
                times["parse"].append(time.perf_counter() - start)
                start = time.perf_counter()
                await components.store_sbom(
                    software=software,
                    document=document,
                    source=DependencySource.SBOM,
                    actor="bench",
                )
                times["store"].append(time.perf_counter() - start)
                gaps: list[float] = []
                stop = asyncio.Event()
                ticking = asyncio.create_task(ticker(gaps, stop))
                start = time.perf_counter()
                response = await client.post(
                    f"/api/v1/software/{software.pk}/sboms",
                    content=content,
                    headers={"Authorization": f"Bearer {token}"},
                )
                times["upload"].append(time.perf_counter() - start)
                stop.set()
                await ticking
                times["blocked"].append(max(gaps, default=0.0))
                assert response.status_code == 201, response.text
                assert response.json()["component_count"] == size
    return times


def report(name: str, size: int, times: dict[str, list[float]]) -> None:
    parse, store = statistics.median(times["parse"]), statistics.median(times["store"])
    upload = statistics.median(times["upload"])
    print(f"\n{name}: {size:,} components, median of {len(times['parse'])} rounds")
    print(f"  {'step':<8} {'seconds':>8} {'components/s':>13} {'share of upload':>16}")
    for step, seconds in (("parse", parse), ("store", store), ("upload", upload)):
        print(f"  {step:<8} {seconds:8.3f} {size / seconds:13,.0f} {seconds / upload:16.0%}")
    print(f"  longest event-loop stall during the upload: {max(times['blocked']) * 1000:.0f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--components", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="also run on this PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/bench.sqlite3"
        await db.upgrade(url)
        report("SQLite", args.components, await measure(url, args.components, args.rounds))
    if args.database_url:
        await db.upgrade(args.database_url)
        times = await measure(args.database_url, args.components, args.rounds)
        report("PostgreSQL", args.components, times)


if __name__ == "__main__":
    asyncio.run(main())
