# SPDX-License-Identifier: EUPL-1.2
"""How long does attaching a large inventory to a decision take, how big and fast is its first
page, and does its inventarislijst stream in constant memory? 1,000 and 10,000 items side by
side (or the sizes given).

For each size: an SQLite register with one draft decision; it times attaching the items
(wooexemptions.inventories.replace: delete, insert in batches of 1,000), rendering the first
inventory page and the JSON list page through the real app over ASGI (size of each page), and
streaming the CSV (time, size, and the peak of Python memory while answering, by tracemalloc in
a run of its own). The ratio of large to small: a constant-memory export has a peak ratio near
1 where the items grew 10x.

    .venv/bin/python bench/inventory.py [--small 1000] [--large 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.exports import fetch
from catalogue import db
from catalogue.app import create_app
from catalogue.organisations.models import Organisation
from catalogue.settings import Settings
from catalogue.software.models import Software
from wooexemptions import inventories, services
from wooexemptions.content import parse
from wooexemptions.inventory import Assessment, Grondslag, Item, LegendEntry
from wooexemptions.models import Decision
from wooexemptions.states import DecisionState

CONTENT = parse({"outcome": "partly_open", "items": [], "decided_on": "2026-06-01"})


def items(count: int) -> list[Item]:
    return [
        Item(
            number,
            f"module{number % 60:02d}/src/main/java/nl/voorbeeld/Dienst{number}.java",
            Assessment.PARTLY_OPEN,
            ("S", "P") if number % 5 == 0 else ("S",),
            lines={"S": [number % 300 + 1, number % 300 + 40], "P": [7]},
        )
        for number in range(1, count + 1)
    ]


async def measure(url: str, count: int) -> dict[str, float]:
    await db.upgrade(url)
    async with db.connected(url):
        organisation = await Organisation.create(name="Bench", slug="bench", kind="ministerie")
        software = await Software.create(name="bench", organisation=organisation)
        decision = await Decision.create(
            software=software,
            organisation=organisation,
            version=1,
            state=DecisionState.PUBLISHED,
            **(services.stored_fields(CONTENT) | {"covers": "b" * 40}),
        )
        await Decision.filter(id=decision.pk).update(state=DecisionState.DRAFT)
        decision = await inventories.set_basis(
            actor=inventories.CLI,
            decision=await Decision.get(id=decision.pk),
            grondslagen=[
                Grondslag("S", "woo-5.1.2.i", "m", "w"),
                Grondslag("P", "woo-5.1.2.e", "m", "w"),
            ],
            legend=[LegendEntry("S", "S"), LegendEntry("P", "P")],
            tree_url="",
            lock_version=None,
        )
        made = items(count)
        began = time.perf_counter()
        await inventories.replace(
            actor=inventories.CLI, decision=decision, items=made, lock_version=None
        )
        attach = time.perf_counter() - began
        await Decision.filter(id=decision.pk).update(state=DecisionState.PUBLISHED)
        app = create_app(Settings(database_url=url), connect=False)
        page_path = f"/register/{decision.pk}/inventaris"
        await fetch(app, page_path)  # warm up: templates, statements
        began = time.perf_counter()
        page_size, _ = await fetch(app, page_path)
        page = time.perf_counter() - began
        json_size, _ = await fetch(app, f"/api/v1/decisions/{decision.pk}/inventory")
        csv_path = f"/api/v1/decisions/{decision.pk}/inventory.csv"
        began = time.perf_counter()
        csv_size, _ = await fetch(app, csv_path)
        csv_time = time.perf_counter() - began
        tracemalloc.start()
        await fetch(app, csv_path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "items": count,
        "attach s": attach,
        "page s": page,
        "page KB": page_size / 1000,
        "json KB": json_size / 1000,
        "csv s": csv_time,
        "csv MB": csv_size / 1e6,
        "csv peak MiB": peak / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    arguments = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for label, count in (("small", arguments.small), ("large", arguments.large)):
            results.append(asyncio.run(measure(f"sqlite://{folder}/{label}.sqlite3", count)))
    keys = list(results[0])
    print("".join(f"{key:>14}" for key in keys))
    for row in results:
        print(
            "".join(f"{row[key]:>14,.2f}" if key != "items" else f"{row[key]:>14,}" for key in keys)
        )
    small, large = results
    print(
        "large/small: items x{:.0f}, attach x{:.1f}, page time x{:.2f}, page size x{:.2f}, "
        "csv size x{:.1f}, csv peak memory x{:.2f}".format(
            large["items"] / small["items"],
            large["attach s"] / small["attach s"],
            large["page s"] / small["page s"],
            large["page KB"] / small["page KB"],
            large["csv MB"] / small["csv MB"],
            large["csv peak MiB"] / small["csv peak MiB"],
        )
    )


if __name__ == "__main__":
    main()
