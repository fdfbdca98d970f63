# SPDX-License-Identifier: EUPL-1.2
"""Do the webhook deliveries' time limits hold on this machine, as busy as it is now?

The tests check the limits on an injected clock (tests/catalogue/test_webhooks.py); this
measures them on the real one, with the limits the tests use:

    receiver        an attempt at a receiver that takes the request and never answers
    resolver        an attempt whose name resolution never answers
    round           a round of 10 deliveries that each hang until their limit, 2 at a time,
                    under a lease of 3 s (margin 0.8 s): how many it claims and hands back,
                    when the last attempt started and when the round ended, against the lease

and prints each duration with its ratio to the limit it must keep.

    .venv/bin/python bench/webhook_limits.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import addresses, db
from catalogue.organisations.kinds import OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.webhooks import delivery
from catalogue.webhooks.models import Webhook, WebhookDelivery

TIME_LIMIT = 0.5
LEASE, MARGIN, CONCURRENCY, DELIVERIES = 3.0, 0.8, 2, 10


async def never_resolves(host: str, port: int) -> list[Any]:
    await asyncio.Event().wait()
    return []


async def one_attempt(url: str) -> float:
    """Seconds one attempt at `url` takes."""
    webhook = await Webhook.create(url=url, secret="x" * 43, events=[])
    queued = await WebhookDelivery.create(
        webhook=webhook, kind="bench", payload={}, attempts=1, next_attempt_at=datetime.now(UTC)
    )
    await queued.fetch_related("webhook")
    async with delivery.new_client() as client:
        started = time.perf_counter()
        answer = await delivery.attempt(client, queued, allow_private=True)
        took = time.perf_counter() - started
    await Webhook.all().delete()
    assert answer.status is None and "no answer" in answer.error, answer
    return took


async def round_of_hanging_deliveries() -> tuple[float, float, int, int]:
    """(when the last attempt started, when the round ended, claimed, handed back)."""
    await WebhookDelivery.all().delete()
    webhook = await Webhook.create(url="https://slow.test/", secret="x" * 43, events=[])
    organisation = await Organisation.create(
        name="Bench", slug="bench", kind=OrganisationKind.OTHER, source=RecordSource.REGISTRATION
    )
    for number in range(DELIVERIES):
        await WebhookDelivery.create(
            webhook=webhook,
            kind="bench",
            payload={"n": number, "o": organisation.pk},
            next_attempt_at=datetime.now(UTC),
        )
    starts: list[float] = []

    async def hanging(host: str, port: int) -> list[Any]:
        starts.append(time.perf_counter())
        return await never_resolves(host, port)

    addresses.resolve = hanging  # type: ignore[assignment]
    started = time.perf_counter()
    report = await delivery.deliver_due(allow_private=True)
    ended = time.perf_counter() - started
    await Webhook.all().delete()
    await Organisation.all().delete()
    return max(starts) - started, ended, report.claimed, report.released


async def run(rounds: int) -> dict[str, list[float]]:
    delivery.TIMEOUT_SECONDS = TIME_LIMIT
    delivery.LEASE = timedelta(seconds=LEASE)
    delivery.LEASE_MARGIN = timedelta(seconds=MARGIN)
    delivery.CONCURRENCY = CONCURRENCY
    listener = socket.create_server(("127.0.0.1", 0))  # takes connections, never answers
    silent = f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    results: dict[str, list[float]] = {
        "receiver": [],
        "resolver": [],
        "last start": [],
        "round": [],
        "claimed": [],
        "handed back": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/bench.sqlite3"
        await db.upgrade(url)
        async with db.connected(url):
            resolve = addresses.resolve
            for _ in range(rounds):
                addresses.resolve = resolve
                results["receiver"].append(await one_attempt(silent))
                addresses.resolve = never_resolves  # type: ignore[assignment]
                results["resolver"].append(await one_attempt("https://slow.test/"))
                last, ended, claimed, released = await round_of_hanging_deliveries()
                results["last start"].append(last)
                results["round"].append(ended)
                results["claimed"].append(claimed)
                results["handed back"].append(released)
            addresses.resolve = resolve
    listener.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    logging.getLogger("opentenzij.webhooks").setLevel(logging.ERROR)  # a warning per attempt
    results = asyncio.run(run(arguments.rounds))
    median = {name: statistics.median(figures) for name, figures in results.items()}
    window = LEASE - MARGIN - TIME_LIMIT
    print(f"median of {arguments.rounds} rounds; time limit {TIME_LIMIT:g} s")
    for name in ("receiver", "resolver"):
        print(f"  {name:12} {median[name]:6.3f} s  ({median[name] / TIME_LIMIT:.2f} x the limit)")
    print(
        f"  round        {median['round']:6.3f} s  ({median['round'] / LEASE:.2f} x the lease "
        f"of {LEASE:g} s); last attempt started at {median['last start']:.3f} s "
        f"({median['last start'] / window:.2f} x the start window of {window:g} s)"
    )
    print(
        f"  claimed {median['claimed']:.0f} of {DELIVERIES} (the batch limit is "
        f"{delivery.batch_limit()}), handed back {median['handed back']:.0f}"
    )


if __name__ == "__main__":
    main()
