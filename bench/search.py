# SPDX-License-Identifier: EUPL-1.2
"""How long does free-text search take on a large catalogue, next to the plain substring
filter it replaced?

Generates the demo data plus `--rows` software entries (bench/api.py's generator) in a
temporary SQLite database, then times, in interleaved rounds in one run, search.find for a
few queries and the plain `search_text LIKE %q%` count of the same words. Prints the medians
and the ratios.

    .venv/bin/python bench/search.py [--rows 20000] [--rounds 5] [--database-url ...]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import generate
from catalogue import db
from catalogue.software import search
from catalogue.software.models import Software

QUERIES = ("vergunning", "belastingen", "zaak gemeente", "Belastingdienst", "xyzzy")


async def timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


async def measure(database_url: str, rounds: int) -> None:
    async with db.connected(database_url):
        found: dict[str, list[float]] = {q: [] for q in QUERIES}
        plain: dict[str, list[float]] = {q: [] for q in QUERIES}
        counts: dict[str, tuple[int, int]] = {}
        for _ in range(rounds):
            for query in QUERIES:
                hits: list[int] = []

                async def find(query: str = query, hits: list[int] = hits) -> None:
                    hits[:] = await search.find(query)

                async def like(query: str = query) -> None:
                    await Software.filter(search_text__contains=query.casefold()).count()

                found[query].append(await timed(find))
                plain[query].append(await timed(like))
                counts[query] = (
                    len(hits),
                    await Software.filter(search_text__contains=query.casefold()).count(),
                )
        print(
            f"{'query':<18} {'found':>6} {'LIKE':>6} {'search ms':>10} {'LIKE ms':>8} {'ratio':>6}"
        )
        for query in QUERIES:
            ours, theirs = statistics.median(found[query]), statistics.median(plain[query])
            print(
                f"{query:<18} {counts[query][0]:>6} {counts[query][1]:>6} "
                f"{ours * 1000:>10.1f} {theirs * 1000:>8.1f} {ours / theirs:>6.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite://{folder}/bench.sqlite3"
        asyncio.run(generate(url, args.rows))
        asyncio.run(measure(url, args.rounds))


if __name__ == "__main__":
    main()
