# SPDX-License-Identifier: EUPL-1.2
"""Do exports stream in constant memory, and how close to the speed of the disk? The same
exports of a 10,000-entry and a 100,000-entry catalogue, side by side, next to a bare dump.

Builds two SQLite catalogues (the demo data plus generated entries, see `generate` below),
then asks the real app, over ASGI, for code.json, the opentenzij JSON export, the DCAT
exports and the software CSV, reading the body as a server would and keeping only its size.
For each it reports the peak of Python memory allocated while answering (tracemalloc, in a
run of its own), the throughput (in a run without tracing), the ratio of 100k to 10k (a
constant-memory export has a memory ratio near 1 where the data grew 10x), the time against
a bare dump of the same rows (the driver's own cursor, each row written as JSON: the goal is
at most 3x), and a second download of the unchanged catalogue, kept on disk by its ETag.

    .venv/bin/python bench/exports.py [--small 10000] [--large 100000] [--database-url URL]
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

from catalogue import db
from catalogue.app import create_app
from catalogue.settings import Settings
from catalogue.software.models import Software

EXPORTS = {
    "code.json": "/api/v1/export/code.json",
    "catalogue.json": "/api/v1/export/catalogue.json",
    "catalogue.ttl": "/api/v1/export/catalogue.ttl",
    "catalogue.jsonld": "/api/v1/export/catalogue.jsonld",
    "software.csv": "/api/v1/export/software.csv",
}
GOAL = 3.0  # at most this many times the bare dump's time (issue 21)


async def generate(database_url: str, rows: int) -> None:
    """The demo data plus `rows` generated entries. The shared bench.generate where it has
    landed; until then bench/api.py's bulk writer (the one place to switch)."""
    import bench

    shared = getattr(bench, "generate", None)
    if shared is None:
        from bench.api import generate as shared
    await shared(database_url, rows)


BARE_SQL = (
    "SELECT s.id, s.name, s.description_nl, s.description_en, s.release_status, s.licence, "
    "s.homepage, s.created_at, s.updated_at, o.slug, o.name, r.url, r.full_name, r.topics "
    "FROM software s JOIN organisation o ON o.id = s.organisation_id "
    "LEFT JOIN repository r ON r.software_id = s.id WHERE s.archived_at IS NULL ORDER BY s.id"
)


async def bare_dump(url: str) -> tuple[float, int]:
    """The same rows straight from the driver, one JSON array a line: the speed of the disk."""
    import msgspec

    encode = msgspec.json.Encoder().encode
    size = 0
    began = time.perf_counter()
    if url.startswith("postgres"):
        import asyncpg

        connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        async with connection.transaction():
            async for row in connection.cursor(BARE_SQL, prefetch=2000):
                size += len(encode(list(row)) + b"\n")
        await connection.close()
    else:
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
            for row in connection.execute(BARE_SQL):
                size += len(encode(row) + b"\n")
    return time.perf_counter() - began, size


@dataclass
class Measure:
    entries: int
    size: int = 0
    chunks: int = 0
    seconds: float = 0.0
    peak: int = 0
    bare: float = 0.0  # seconds of the bare dump of the same catalogue
    cached: float = 0.0  # seconds of a second download, from the disk copy

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


async def measure(url: str, cache_dir: str) -> dict[str, Measure]:
    results: dict[str, Measure] = {}
    bare, _ = await bare_dump(url)
    async with db.connected(url):
        app = create_app(Settings(database_url=url), connect=False)
        cached = create_app(Settings(database_url=url, export_cache_dir=cache_dir), connect=False)
        entries = await Software.filter(archived_at__isnull=True).count()
        await fetch(app, "/api/v1/export/code.json")  # warm up: imports, caches, statements
        for name, path in EXPORTS.items():
            result = results[name] = Measure(entries, bare=bare)
            began = time.perf_counter()
            result.size, result.chunks = await fetch(app, path)
            result.seconds = time.perf_counter() - began
            tracemalloc.start()
            await fetch(app, path)
            result.peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            await fetch(cached, path)  # made and kept
            began = time.perf_counter()
            await fetch(cached, path)
            result.cached = time.perf_counter() - began
    return results


def report(small: dict[str, Measure], large: dict[str, Measure]) -> None:
    print(
        f"{'export':<17}{'entries':>9}{'size MB':>9}{'peak MiB':>9}{'seconds':>9}"
        f"{'bare s':>8}{'x bare':>8}{'goal':>6}{'cached s':>10}"
    )
    for name in EXPORTS:
        for result in (small[name], large[name]):
            ratio = result.seconds / result.bare
            print(
                f"{name:<17}{result.entries:>9,}{result.size / 1e6:>9.1f}"
                f"{result.peak / 2**20:>9.2f}{result.seconds:>9.2f}{result.bare:>8.2f}"
                f"{ratio:>8.1f}{'met' if ratio <= GOAL else 'not':>6}{result.cached:>10.3f}"
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
    parser.add_argument(
        "--small-url", default="", help="an existing generated database, instead of a new one"
    )
    parser.add_argument("--large-url", default="", help="likewise, for the large catalogue")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        urls = {}
        for label, rows in (("small", arguments.small), ("large", arguments.large)):
            urls[label] = getattr(arguments, f"{label}_url")
            if urls[label]:
                continue
            urls[label] = f"sqlite://{folder}/{label}.sqlite3"
            began = time.perf_counter()
            asyncio.run(generate(urls[label], rows))
            print(f"generated {rows:,} entries in {time.perf_counter() - began:.0f} s", flush=True)
        small = asyncio.run(measure(urls["small"], f"{folder}/cache-small"))
        large = asyncio.run(measure(urls["large"], f"{folder}/cache-large"))
    report(small, large)


if __name__ == "__main__":
    main()
