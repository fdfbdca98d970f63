# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij webhooks` commands: the delivery worker, and the list of webhooks."""

from __future__ import annotations

from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings


@click.group()
def webhooks() -> None:
    """Outbound webhooks: signed POSTs of public changes to registered addresses."""


@webhooks.command("deliver")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option(
    "--interval",
    default=2.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds to wait when nothing is due.",
)
def deliver(once: bool, interval: float) -> None:
    """Send due webhook deliveries; retry failures with backoff. Without --once it runs until
    stopped (Ctrl-C or SIGTERM). Several may run at once, on several machines: each delivery
    is claimed by one of them."""
    import asyncio
    import signal

    from catalogue.webhooks import delivery

    config = settings()
    allow_private = config.webhooks_allow_private

    async def work_once() -> delivery.DeliveryReport:
        total = delivery.DeliveryReport()
        while True:
            report = await delivery.deliver_due(allow_private=allow_private)
            for name in ("claimed", "delivered", "retrying", "failed"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.errors += report.errors
            if report.claimed < delivery.BATCH:
                return total

    async def work_forever() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        click.echo(f"delivering webhooks every {interval:g} s; stop with Ctrl-C", err=True)
        await delivery.run_worker(stop=stop, allow_private=allow_private, interval=interval)

    if not once:
        run_with_database(work_forever, url=config.database_url)
        return
    report = run_with_database(work_once, url=config.database_url)
    for error in report.errors:
        click.echo(error, err=True)
    click.echo(
        f"{report.claimed} attempted: {report.delivered} delivered, "
        f"{report.retrying} to retry, {report.failed} given up"
    )


@webhooks.command("list")
def list_webhooks() -> None:
    """The registered webhooks, with their pending and failed deliveries (never secrets)."""
    from catalogue.paging import PageRequest
    from catalogue.webhooks import queries

    async def work() -> Any:
        return await queries.list_webhooks(PageRequest(page=1, per_page=10_000))

    page = run_with_database(work, url=settings().database_url)
    for summary in page.items:
        webhook = summary.webhook
        kinds = ", ".join(webhook.events) or "every kind"
        state = "active" if webhook.active else "off"
        click.echo(
            f"{webhook.pk}\t{state}\t{webhook.url}\t{kinds}\t"
            f"{summary.pending} pending, {summary.failed} failed"
        )
    click.echo(f"{page.total} webhooks", err=True)
