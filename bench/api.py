# SPDX-License-Identifier: EUPL-1.2
"""How fast are the software list and detail, next to the fastest thing the same server can do?

Loads the demo data plus a generated catalogue (100,000 software entries by default, each
with a repository, languages and a licence), starts two uvicorn servers with the same
settings — the real app, and bench/bare.py: a bare starlette endpoint returning a constant
JSON, and one running the same SQL as the app's software detail (recorded from the app for
the demo entry with the most repositories) — and measures requests per second and p50/p99
latency of each target, in interleaved rounds in one run. Prints the figures, the ratios to
the bare constant endpoint, and the detail's throughput as a share of the bare same-SQL one
(issue 21's goal: at least 60%).

    .venv/bin/python bench/api.py [--rows 100000] [--seconds 5] [--rounds 3] [--concurrency 8]
                                  [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx

from bench import generate
from catalogue import db
from catalogue.app import create_app
from catalogue.settings import Settings
from catalogue.software.models import Software

DETAIL_GOAL = 0.60  # the detail's throughput as a share of the bare app's on the same SQL
TARGETS = {
    "bare constant JSON": ("bare", "/"),
    "bare, the detail's SQL": ("bare", "/detail"),
    "software detail": ("app", "/api/v1/software/{id}"),
    "software list": ("app", "/api/v1/software"),
    "software list, q=": ("app", "/api/v1/software?q=vergunning"),
    "software list, filters": ("app", "/api/v1/software?licence=EUPL-1.2&language=go"),
}


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0


async def _client(port: int, path: str, until: float, result: Result) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    try:
        while time.perf_counter() < until:
            began = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                result.errors += 1
            result.latencies.append(time.perf_counter() - began)
    finally:
        writer.close()


async def measure(port: int, path: str, seconds: float, concurrency: int) -> Result:
    result = Result()
    began = time.perf_counter()
    until = began + seconds
    await asyncio.gather(*(_client(port, path, until, result) for _ in range(concurrency)))
    result.seconds = time.perf_counter() - began
    return result


class Statements(logging.Handler):
    """The SQL statements the ORM sends, with their values."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sent: list[tuple[str, list[object]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, tuple) and len(record.args) == 2:
            sql, values = record.args
            if str(sql).lstrip().upper().startswith("SELECT"):
                self.sent.append((str(sql), [*cast(Iterable[object], values or ())]))


async def record_detail(url: str) -> tuple[int, list[tuple[str, list[object]]]]:
    """The demo entry with the most repositories, and the statements its API detail sends."""
    async with db.connected(url):
        entries = await Software.all().prefetch_related("repositories").limit(200)
        entry = max(entries, key=lambda software: len(software.repositories))
        app = create_app(Settings(database_url=url), connect=False)
        logger, handler = logging.getLogger("tortoise.db_client"), Statements()
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                response = await client.get(f"/api/v1/software/{entry.pk}")
                assert response.status_code == 200, response.text
        finally:
            logger.removeHandler(handler)
            logger.setLevel(logging.WARNING)
    return entry.pk, handler.sent


def start_server(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    app = ["--factory", "catalogue.app:create_app"] if target == "app" else ["bench.bare:app"]
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        *app,
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


async def wait_until_up(port: int) -> None:
    for _ in range(1200):  # a minute: the machine may be busy
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError(f"no server on port {port}")


async def run(arguments: argparse.Namespace, env: dict[str, str], detail_id: int) -> None:
    ports = {"app": 8701, "bare": 8702}
    targets = {
        name: (server, path.format(id=detail_id)) for name, (server, path) in TARGETS.items()
    }
    servers = [start_server(name, port, env) for name, port in ports.items()]
    try:
        for port in ports.values():
            await wait_until_up(port)
        for kind, path in targets.values():  # warm up caches and connections
            await measure(ports[kind], path, 1.0, arguments.concurrency)
        results: dict[str, Result] = {name: Result() for name in targets}
        for _ in range(arguments.rounds):
            for name, (kind, path) in targets.items():
                one = await measure(ports[kind], path, arguments.seconds, arguments.concurrency)
                results[name].latencies += one.latencies
                results[name].seconds += one.seconds
                results[name].errors += one.errors
        report(results, arguments)
    finally:
        for server in servers:
            server.terminate()
            server.wait()


def report(results: dict[str, Result], arguments: argparse.Namespace) -> None:
    bare = results["bare constant JSON"]
    print(
        f"\n{arguments.rows:,} generated software rows + demo data; "
        f"{arguments.concurrency} connections; {arguments.rounds} rounds of "
        f"{arguments.seconds:g} s per target; one uvicorn worker each\n"
    )
    print(
        f"{'target':26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}   "
        f"{'req/s / bare':>12} {'p50 x bare':>10} {'p99 x bare':>10}"
    )
    for name, result in results.items():
        print(
            f"{name:26} {result.rate:8.0f} {result.percentile(0.5):8.2f} "
            f"{result.percentile(0.99):8.2f} {result.errors:6d}   "
            f"{result.rate / bare.rate:12.3f} "
            f"{result.percentile(0.5) / bare.percentile(0.5):10.1f} "
            f"{result.percentile(0.99) / bare.percentile(0.99):10.1f}"
        )
    share = results["software detail"].rate / results["bare, the detail's SQL"].rate
    print(
        f"\nsoftware detail: {share:.0%} of the bare app's throughput on the same SQL "
        f"(goal {DETAIL_GOAL:.0%}: {'met' if share >= DETAIL_GOAL else 'not met'})"
    )
    print(
        f"median latency over all requests: "
        f"{statistics.median(bare.latencies) * 1000:.2f} ms (bare)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
        began = time.perf_counter()
        asyncio.run(generate(url, arguments.rows))
        print(f"generated the catalogue in {time.perf_counter() - began:.1f} s")
        detail_id, statements = asyncio.run(record_detail(url))
        recorded = Path(folder) / "detail.json"
        recorded.write_text(json.dumps(statements, default=str), encoding="utf-8")
        print(f"the detail of entry {detail_id} sends {len(statements)} statements")
        env = {**os.environ, "OPENTENZIJ_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        env["BENCH_DETAIL_SQL"] = str(recorded)
        env.pop("OPENTENZIJ_ENV", None)
        asyncio.run(run(arguments, env, detail_id))


if __name__ == "__main__":
    main()
