# SPDX-License-Identifier: EUPL-1.2
"""Do exports stream in constant memory? The same exports of a 10,000-entry and a
100,000-entry catalogue, side by side.

Builds two SQLite catalogues (the demo data plus generated entries, written in bulk as in
bench/api.py), then asks the real app, over ASGI, for code.json, the opentenzij JSON export
and the software CSV, reading the body as a server would and keeping only its size. For each
it reports the peak of Python memory allocated while answering (tracemalloc, in a run of its
own) and the throughput (entries and MB per second, in a run without tracing), and the ratio
of 100k to 10k: a constant-memory export has a memory ratio near 1 where the data grew 10x.

    .venv/bin/python bench/exports.py [--small 10000] [--large 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import generate
from catalogue import db
from catalogue.app import create_app
from catalogue.settings import Settings
from catalogue.software.models import Software

EXPORTS = {
    "code.json": "/api/v1/export/code.json",
    "catalogue.json": "/api/v1/export/catalogue.json",
    "software.csv": "/api/v1/export/software.csv",
}


@dataclass
class Measure:
    entries: int
    size: int = 0
    chunks: int = 0
    seconds: float = 0.0
    peak: int = 0

    @property
    def rate(self) -> float:
        return self.entries / self.seconds if self.seconds else 0.0


async def fetch(app: Any, path: str) -> tuple[int, int]:
    """GET path from the ASGI app as a server would; returns the body's size and chunks."""
    size, chunks, status = 0, 0, 0
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays connected until the end
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        nonlocal size, chunks, status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body" and message.get("body"):
            size += len(message["body"])
            chunks += 1

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"bench.example")],
        "server": ("bench.example", 443),
        "client": ("127.0.0.1", 1),
    }
    await app(scope, receive, send)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return size, chunks


async def measure(url: str) -> dict[str, Measure]:
    results: dict[str, Measure] = {}
    async with db.connected(url):
        app = create_app(Settings(database_url=url), connect=False)
        entries = await Software.filter(archived_at__isnull=True).count()
        await fetch(app, "/api/v1/export/code.json")  # warm up: imports, caches, statements
        for name, path in EXPORTS.items():
            result = results[name] = Measure(entries)
            began = time.perf_counter()
            result.size, result.chunks = await fetch(app, path)
            result.seconds = time.perf_counter() - began
            tracemalloc.start()
            await fetch(app, path)
            result.peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return results


def report(small: dict[str, Measure], large: dict[str, Measure]) -> None:
    print(
        f"{'export':<16}{'entries':>9}{'size MB':>10}{'chunks':>8}{'peak MiB':>10}"
        f"{'entries/s':>11}{'MB/s':>7}"
    )
    for name in EXPORTS:
        for result in (small[name], large[name]):
            print(
                f"{name:<16}{result.entries:>9,}{result.size / 1e6:>10.1f}{result.chunks:>8}"
                f"{result.peak / 2**20:>10.2f}{result.rate:>11,.0f}"
                f"{result.size / 1e6 / result.seconds:>7.1f}"
            )
        a, b = small[name], large[name]
        print(
            f"{'':<16}100k/10k: entries x{b.entries / a.entries:.1f}, size x{b.size / a.size:.1f}, "
            f"peak memory x{b.peak / a.peak:.2f}, throughput x{b.rate / a.rate:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        urls = {}
        for label, rows in (("small", arguments.small), ("large", arguments.large)):
            urls[label] = f"sqlite://{folder}/{label}.sqlite3"
            began = time.perf_counter()
            asyncio.run(generate(urls[label], rows))
            print(f"generated {rows:,} entries in {time.perf_counter() - began:.0f} s", flush=True)
        small = asyncio.run(measure(urls["small"]))
        large = asyncio.run(measure(urls["large"]))
    report(small, large)


if __name__ == "__main__":
    main()
