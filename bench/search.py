# SPDX-License-Identifier: EUPL-1.2
"""Issue 21's goal table for search and lists: p50 and p99 of the software list API for a
common word, a rare word, two words and a Dutch plural, each with and without filters, the
list without free text, and the HTML /software page; against the goal (API p99 < 50 ms,
HTML p99 < 150 ms).

Generates the demo data plus `--rows` entries (bench.generate; 100,000 on a new SQLite file by
default, or in `--database-url`), serves the app with one uvicorn worker, and measures each
target in interleaved rounds. With `--before DIR` (a checkout of an earlier version, e.g. a
git worktree of main) the same targets are measured side by side on that version's app,
served on the same database.

    .venv/bin/python bench/search.py [--rows 100000] [--seconds 3] [--rounds 2]
        [--concurrency 1] [--database-url postgres://...] [--before /path/to/checkout]

One request at a time by default: the goal is how long a request takes. With more at once,
one worker's single process answers them in turn, and p99 measures that queue (four at once
took three to four times as long, ADR 0014); many clients are bench/load.py's, with
`serve --workers N`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import generate
from bench.api import Result, measure

FILTERS = "licence=EUPL-1.2&language=go"
WORDS = {
    "common word": "vergunning",
    "rare word": "omgevingswet",
    "two words": "zaak+gemeente",
    "Dutch plural": "vergunningen",
}
TARGETS: dict[str, tuple[str, float]] = {
    "list, no text": ("/api/v1/software?per_page=20", 50),
    "list, filters": (f"/api/v1/software?per_page=20&{FILTERS}", 50),
    **{f"{name}": (f"/api/v1/software?per_page=20&q={q}", 50) for name, q in WORDS.items()},
    **{
        f"{name} + filters": (f"/api/v1/software?per_page=20&q={q}&{FILTERS}", 50)
        for name, q in WORDS.items()
    },
    "HTML /software": ("/software", 150),
    "HTML /software?q=&filters": (f"/software?q=vergunning&{FILTERS}", 150),
}


async def serve(root: Path, port: int, url: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "OPENTENZIJ_DATABASE_URL": url, "PYTHONPATH": str(root)}
    env.pop("OPENTENZIJ_ENV", None)
    command = [sys.executable, "-m", "uvicorn", "--factory", "catalogue.app:create_app"]
    options = ["--port", str(port), "--workers", "1", "--no-access-log", "--log-level", "warning"]
    return await asyncio.create_subprocess_exec(*command, *options, cwd=root, env=env)


async def wait_until_up(port: int, seconds: float = 120) -> None:
    """A loaded machine may take a while to start a server."""
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.2)
    raise RuntimeError(f"no server on port {port}")


async def run(arguments: argparse.Namespace, url: str) -> None:
    versions = {"after": (ROOT, 8711)}
    if arguments.before:
        versions["before"] = (Path(arguments.before).resolve(), 8712)
    servers = [await serve(root, port, url) for root, port in versions.values()]
    try:
        for _, port in versions.values():
            await wait_until_up(port)
        results = {(v, t): Result() for v in versions for t in TARGETS}
        for path, _ in TARGETS.values():  # warm up: caches, connections, the page cache
            for _, port in versions.values():
                await measure(port, path, 0.5, 1)
        for _ in range(arguments.rounds):
            for name, (path, _) in TARGETS.items():
                for version, (_, port) in versions.items():
                    one = await measure(port, path, arguments.seconds, arguments.concurrency)
                    result = results[version, name]
                    result.latencies += one.latencies
                    result.seconds += one.seconds
                    result.errors += one.errors
        report(results, versions, arguments)
    finally:
        for server in servers:
            server.terminate()
            await server.wait()


def report(
    results: dict[tuple[str, str], Result],
    versions: dict[str, object],
    arguments: argparse.Namespace,
) -> None:
    print(
        f"\n{arguments.size} on {arguments.kind}; "
        f"{arguments.concurrency} connections, {arguments.rounds} x {arguments.seconds:g} s "
        f"per target and version; one uvicorn worker\n"
    )
    head = f"{'target':30} {'goal p99':>8}"
    for version in versions:
        head += f" | {version + ' p50':>11} {version + ' p99':>11} {'req/s':>7} {'err':>4}"
    print(head + " | goal met (after)")
    for name, (_, goal) in TARGETS.items():
        line = f"{name:30} {goal:8.0f}"
        for version in versions:
            result = results[version, name]
            line += (
                f" | {result.percentile(0.5):11.1f} {result.percentile(0.99):11.1f} "
                f"{result.rate:7.1f} {result.errors:4d}"
            )
        met = results["after", name].percentile(0.99) < goal
        print(f"{line} | {'yes' if met else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    parser.add_argument("--before", help="a checkout of the version to compare with")
    parser.add_argument("--skip-generate", action="store_true", help="the database is filled")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
        arguments.kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        arguments.size = (
            "a catalogue filled before (--skip-generate)"
            if arguments.skip_generate
            else f"{arguments.rows:,} generated entries + demo data"
        )
        if not arguments.skip_generate:
            began = time.perf_counter()
            asyncio.run(generate(url, arguments.rows))
            print(f"generated {arguments.rows:,} entries in {time.perf_counter() - began:.1f} s")
        asyncio.run(run(arguments, url))


if __name__ == "__main__":
    main()
