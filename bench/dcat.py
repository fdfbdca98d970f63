# SPDX-License-Identifier: EUPL-1.2
"""How fast is the DCAT-AP export, and does its memory stay flat as the catalogue grows?

Records are made in memory by a generator (no database), shaped like real entries: two
repositories, languages, topics, a licence expression, a decision on every fifth entry.

- entries/s: catalogue.exports.dcat's Turtle and JSON-LD writers (one entry at a time), side by
  side with the writer before issue 21 (rdflib terms per triple, tests/catalogue/exports/
  dcat_rdflib.py) and with rdflib building one Graph of the whole catalogue and serialising it.
- peak memory (tracemalloc) of each streaming writer at --small and --large entries, and of the
  single Graph at --small entries (at --large it would need gigabytes).

    .venv/bin/python bench/dcat.py [--rate 5000] [--small 10000] [--large 100000]

The defaults take some 20 minutes: tracemalloc slows the single-Graph run most.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.exports import dcat
from catalogue.exports.records import (
    DecisionRecord,
    ExportRecord,
    OrganisationRecord,
    RepositoryRecord,
)
from tests.catalogue.exports import dcat_rdflib
from wooexemptions.rules import DecisionContent, GroundUse, ItemKind, Outcome, ScopeItem

BASE = "https://catalogus.example.nl"
CATALOGUE = dcat.site_catalogue(BASE, modified=datetime(2026, 5, 1, tzinfo=UTC))
ORGANISATIONS = [
    OrganisationRecord(
        n, f"org-{n}", f"Gemeente {n}", "gemeente", f"{dcat.ADMS_STATUS}x/gm{n:04d}", None, None
    )
    for n in range(200)
]
CONTENT = DecisionContent(
    outcome=Outcome.PARTLY_OPEN,
    items=(
        ScopeItem(
            ItemKind.ARTEFACT,
            "rules",
            withheld=True,
            grounds=(GroundUse("woo-5.1.2.d", "why", "weighed"),),
        ),
    ),
    summary="De regels blijven gesloten.",
)
LICENCES = ("EUPL-1.2", "EUPL-1.2 OR MIT", "MPL-2.0", "Apache-2.0 AND MIT", None)


def record(number: int) -> ExportRecord:
    moment = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=number)
    repositories = tuple(
        RepositoryRecord(
            f"https://github.com/org-{number % 200}/app-{number}-{r}",
            "github",
            f"org/app-{number}-{r}",
            "A repository",
            ("gemeente", "zaakgericht-werken"),
            ("Python", "TypeScript"),
            False,
            True,
            10,
            2,
            "EUPL-1.2",
            True,
            moment,
            moment,
        )
        for r in range(2)
    )
    decision = None
    if number % 5 == 0:
        decision = DecisionRecord(
            number, 1, "published", CONTENT, date(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC)
        )
    return ExportRecord(
        id=number,
        name=f"applicatie-{number}",
        description_nl=f"Een applicatie voor taak {number}, met een wat langere beschrijving.",
        description_en=f"An application for task {number}, with a somewhat longer description.",
        release_status="open",
        licence=LICENCES[number % len(LICENCES)],
        development_status="stable",
        maintenance_type="internal",
        homepage=f"https://app-{number}.example.nl/",
        software_type="standalone/web",
        categories=("case-management",),
        platforms=("web",),
        publiccode_yml=None,
        publiccode_valid=None,
        source="harvest",
        archived=False,
        created_at=moment,
        updated_at=moment,
        organisation=ORGANISATIONS[number % 200],
        repositories=repositories,
        decision=decision,
        provenance=None,
    )


async def records(n: int) -> AsyncIterator[ExportRecord]:
    for number in range(1, n + 1):
        yield record(number)


async def stream(writer: Callable, n: int) -> int:
    """Writes n entries, keeping nothing; the number of characters written."""
    size = 0
    async for chunk in writer(records(n), CATALOGUE):
        size += len(chunk)
    return size


async def single_graph(n: int) -> int:
    """The whole catalogue in one rdflib Graph, serialised by rdflib (the triples as the
    rdflib-built writer before issue 21 made them)."""
    graph = Graph()
    for prefix, namespace in dcat.PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in dcat_rdflib.catalogue_triples(CATALOGUE):
        graph.add(triple)
    async for triples in dcat_rdflib._entries(records(n), CATALOGUE):
        for triple in triples:
            graph.add(triple)
    return len(graph.serialize(format="turtle"))


WAYS = {
    "Turtle, streamed": lambda n: stream(dcat.turtle, n),
    "JSON-LD, streamed": lambda n: stream(dcat.jsonld, n),
    "Turtle, rdflib terms (before)": lambda n: stream(dcat_rdflib.turtle, n),
    "Turtle, one rdflib Graph": single_graph,
}


def timed(way: str, n: int) -> float:
    started = time.perf_counter()
    asyncio.run(WAYS[way](n))
    return n / (time.perf_counter() - started)


def peak_mib(way: str, n: int) -> float:
    tracemalloc.start()
    asyncio.run(WAYS[way](n))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=5000, help="entries for the speed runs")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    asyncio.run(stream(dcat.turtle, 50))  # warm caches (licences, prefixes) out of the timing
    print(f"speed, {args.rate} entries:")
    rates = {way: timed(way, args.rate) for way in WAYS}
    slowest = min(rates.values())
    for way, rate in rates.items():
        print(f"  {way:<26} {rate:9.0f} entries/s  ({rate / slowest:4.1f}x the slowest)")
    print("peak memory (tracemalloc):")
    for way in ("Turtle, streamed", "JSON-LD, streamed"):
        small, large = peak_mib(way, args.small), peak_mib(way, args.large)
        print(
            f"  {way:<26} {small:7.1f} MiB at {args.small}, {large:7.1f} MiB at {args.large}"
            f"  (ratio {large / small:4.2f} for {args.large / args.small:.0f}x the entries)"
        )
    graph = peak_mib("Turtle, one rdflib Graph", args.small)
    print(f"  {'Turtle, one rdflib Graph':<26} {graph:7.1f} MiB at {args.small}")


if __name__ == "__main__":
    main()
