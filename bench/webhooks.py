# SPDX-License-Identifier: EUPL-1.2
"""What does the webhook outbox cost a write?

Every write's audit event also looks up the active webhooks and, when some want the change,
builds the payload and inserts one delivery per webhook, in the write's transaction. This
measures writes per second of a typical write (a person changing a software entry through
software_services.update_software: permission check, update, audit event) with

    outbox off               record_event without the outbox at all (the baseline)
    no webhooks              the outbox costs one query for the (absent) webhooks
    5 webhooks, other kinds  the query, nothing wanted: no payload, no insert
    5 webhooks, every kind   the query, the organisation, the payload and 5 deliveries

in interleaved rounds in one run, and prints the medians and the ratios to "outbox off".

    .venv/bin/python bench/webhooks.py [--writes 500] [--rounds 5] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import db
from catalogue.audit.events import subscribe
from catalogue.organisations.kinds import OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Principal
from catalogue.software import services as software_services
from catalogue.webhooks import outbox
from catalogue.webhooks.models import Webhook, WebhookDelivery

ADMIN = Principal(user_id=None, is_site_admin=True)
OFF = "outbox off"
SETUPS: dict[str, list[list[str]]] = {
    OFF: [],
    "no webhooks": [],
    "5 webhooks, other kinds": [["decision.published"]] * 5,
    "5 webhooks, every kind": [[]] * 5,
}


async def writes_per_second(software: object, writes: int, webhooks: list[list[str]]) -> float:
    await Webhook.all().delete()
    await WebhookDelivery.all().delete()
    for kinds in webhooks:
        await Webhook.create(url="https://93.184.215.14/hook", secret="x" * 43, events=kinds)
    started = time.perf_counter()
    for number in range(writes):
        await software_services.update_software(
            principal=ADMIN,
            software=software,
            values={"description_nl": f"versie {number}"},  # type: ignore[arg-type]
        )
    elapsed = time.perf_counter() - started
    queued = await WebhookDelivery.all().count()
    expected = writes * sum(1 for kinds in webhooks if not kinds)
    assert queued == expected, (queued, expected)
    return writes / elapsed


async def _nothing(event: object, target: object) -> int:
    return 0


# The subscriber the audit trail calls: the outbox, or nothing for the runs without webhooks.
_active = {"subscriber": outbox.enqueue}


async def _switch(event: Any, target: Any) -> object:
    return await _active["subscriber"](event, target)


async def run(database_url: str, writes: int, rounds: int) -> dict[str, list[float]]:
    await db.upgrade(database_url)
    subscribe(_switch)
    async with db.connected(database_url):
        organisation = await Organisation.create(
            name="Bench",
            slug=f"bench-{time.time_ns()}",
            kind=OrganisationKind.OTHER,
            source=RecordSource.REGISTRATION,
        )
        software = await software_services.create_software(
            organisation=organisation, name="bench", actor="bench"
        )
        results: dict[str, list[float]] = {name: [] for name in SETUPS}
        await writes_per_second(software, writes // 5, [])  # warm up
        for _ in range(rounds):
            for name, webhooks in SETUPS.items():
                _active["subscriber"] = _nothing if name == OFF else outbox.enqueue
                results[name].append(await writes_per_second(software, writes, webhooks))
        _active["subscriber"] = outbox.enqueue
        await Webhook.all().delete()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=500, help="writes per setup per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
        results = asyncio.run(run(url, arguments.writes, arguments.rounds))
    base = statistics.median(results[OFF])
    print(f"{arguments.writes} writes x {arguments.rounds} rounds on {url.split(':')[0]}")
    for name, figures in results.items():
        median = statistics.median(figures)
        print(f"  {name:26} {median:8.0f} writes/s  ({median / base:.2f} x outbox off)")


if __name__ == "__main__":
    main()
