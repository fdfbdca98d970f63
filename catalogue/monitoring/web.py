# SPDX-License-Identifier: EUPL-1.2
"""GET /metrics: Prometheus's text format. Per route template, the requests answered and
their latencies (added up over the worker processes), the latency of free-text searches, and
the shared queues: webhook deliveries waiting or failed, harvests running, jobs claimed."""

from __future__ import annotations

from dataclasses import asdict

from prometheus_client import CollectorRegistry, Gauge
from starlette.requests import Request
from starlette.responses import Response

from catalogue.monitoring.queries import queue_sizes
from catalogue.web.observability import exposition

HELP = {
    "webhook_deliveries_pending": "Webhook deliveries waiting for their (next) attempt.",
    "webhook_deliveries_failed": "Webhook deliveries that failed every attempt.",
    "harvest_runs_running": "Harvest runs in progress.",
    "scheduled_jobs_claimed": "Scheduled jobs being run by an instance now.",
}


async def metrics(request: Request) -> Response:
    queues = CollectorRegistry()
    for name, value in asdict(await queue_sizes()).items():
        Gauge(f"opentenzij_{name}", HELP[name], registry=queues).set(value)
    body, media_type = exposition(queues)
    return Response(body, media_type=media_type, headers={"Cache-Control": "no-store"})
