# SPDX-License-Identifier: EUPL-1.2
"""The CPU-time ratios of the goal exports of issue 21 against the bare dump, for one source
tree: how ADR 0010 compares two trees (main, a branch) side by side in one session, running
this script once per tree, alternately. Each export is asked of the app over ASGI as in
`bench/exports.py`, right after a bare dump of its own; the median of the repeats is printed.

    .venv/bin/python bench/export_ratios.py [--root TREE] [--repeats 3] sqlite:///path
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

PATHS = {
    "code.json": "/api/v1/export/code.json",
    "catalogue.ttl": "/api/v1/export/catalogue.ttl",
    "catalogue.jsonld": "/api/v1/export/catalogue.jsonld",
}


async def ratios(url: str, repeats: int) -> dict[str, list[float]]:
    # Imported here, after --root is on the path: the tree measured is the one given.
    from bench.exports import bare_dump, bare_sql, fetch
    from catalogue import db
    from catalogue.app import create_app
    from catalogue.settings import Settings

    found: dict[str, list[float]] = {}
    async with db.connected(url):
        app = create_app(Settings(database_url=url), connect=False)
        await fetch(app, PATHS["code.json"])  # warm up
        try:  # what the tree's lifespan does once started, where it does it
            from catalogue import collector

            collector.freeze_start_up()
        except ImportError:
            pass
        try:
            from catalogue import handover

            handover.hand_over_sooner()
        except ImportError:
            pass
        for name, path in PATHS.items():
            for _ in range(repeats):
                began = time.process_time()
                await bare_dump(url, bare_sql(url, name))
                bare = time.process_time() - began
                began = time.process_time()
                await fetch(app, path)
                found.setdefault(name, []).append((time.process_time() - began) / bare)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    sys.path.insert(0, arguments.root)
    found = asyncio.run(ratios(arguments.url, arguments.repeats))
    for name, values in found.items():
        shown = ", ".join(f"{value:.1f}" for value in values)
        print(f"{name:<18} CPU x bare: median {statistics.median(values):.1f} ({shown})")


if __name__ == "__main__":
    main()
