# SPDX-License-Identifier: EUPL-1.2
"""What does judging readiness add to reading a collection, and does it grow with its size?

Loads the demo data into a fresh database, makes collections of 10, 50 and 130 demo entries,
and times, in interleaved rounds in one run, (a) reading the entries' export records alone
(`records_of`, the reader every export uses) and (b) reading the collection with every
entry's readiness (`collection_view`). Prints the median times, the ratio of (b) to (a), the
time per entry and the number of queries of (b).

    .venv/bin/python bench/collections.py [--rounds 20] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import db
from catalogue.collections import queries as collection_queries
from catalogue.collections.models import Collection, CollectionEntry
from catalogue.demo.loading import load_demo
from catalogue.exports.records import records_of
from catalogue.software.models import Software
from wooexemptions.examples import load_examples

SIZES = (10, 50, 130)


class Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple):
            first = str(record.args[0]).lstrip().split(" ", 1)[0].upper()
            self.count += first in {"SELECT", "INSERT", "UPDATE", "DELETE"}


async def make(size: int, ids: list[int]) -> Collection:
    collection = await Collection.create(slug=f"bench-{size}", title_nl=f"Bench {size}")
    await CollectionEntry.bulk_create(
        [
            CollectionEntry(collection=collection, software_id=software_id, position=n)
            for n, software_id in enumerate(ids[:size])
        ]
    )
    return collection


async def timed(work: object) -> float:
    start = time.perf_counter()
    await work  # type: ignore[misc]
    return time.perf_counter() - start


async def run(database_url: str, rounds: int) -> None:
    await db.upgrade(database_url)
    async with db.connected(database_url):
        await load_demo()
        await load_examples()
        ids = list(await Software.all().order_by("id").values_list("id", flat=True))
        made = {size: await make(size, ids) for size in SIZES}
        baseline: dict[int, list[float]] = {size: [] for size in SIZES}
        judged: dict[int, list[float]] = {size: [] for size in SIZES}
        for _ in range(rounds):
            for size, collection in made.items():
                chosen = ids[:size]
                baseline[size].append(await timed(records_of(chosen)))
                judged[size].append(await timed(collection_queries.collection_view(collection)))
        logger = logging.getLogger("tortoise.db_client")
        counter = Counter()
        logger.addHandler(counter)
        logger.setLevel(logging.DEBUG)
        queries = {}
        for size, collection in made.items():
            counter.count = 0
            await collection_queries.collection_view(collection)
            queries[size] = counter.count
        logger.removeHandler(counter)
    print(f"{'entries':>8} {'records ms':>11} {'readiness ms':>13} {'ratio':>6} "
          f"{'ms/entry':>9} {'queries':>8}")  # fmt: skip
    for size in SIZES:
        a, b = statistics.median(baseline[size]) * 1000, statistics.median(judged[size]) * 1000
        print(f"{size:>8} {a:>11.2f} {b:>13.2f} {b / a:>6.2f} {b / size:>9.3f} {queries[size]:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database-url", default="")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        asyncio.run(run(url, arguments.rounds))


if __name__ == "__main__":
    main()
