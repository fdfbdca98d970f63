# SPDX-License-Identifier: EUPL-1.2
"""What an operator watches: the request id in and out and on every log line, structured logs,
and /metrics in Prometheus's text format, per route template, with the shared queues."""

from __future__ import annotations

import json
import logging
import logging.config
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from catalogue.harvests.models import HarvestRun, RunStatus
from catalogue.logs import JsonFormatter, RequestIdFilter, log_config
from catalogue.settings import ConfigurationError, Settings
from catalogue.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from tests.catalogue.web.conftest import Catalogue


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_a_request_id_is_made_when_none_is_given_and_kept_when_one_is(
    client: httpx.AsyncClient,
) -> None:
    made = await client.get("/healthz")
    again = await client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32
    assert made.headers["x-request-id"] != again.headers["x-request-id"]
    given = await client.get("/healthz", headers={"X-Request-Id": "lb-7f3a.42"})
    assert given.headers["x-request-id"] == "lb-7f3a.42"


@pytest.mark.parametrize("hostile", ["a b", "x" * 129, "<script>", "é"])
async def test_a_request_id_that_is_no_sane_token_is_replaced(
    client: httpx.AsyncClient, hostile: str
) -> None:
    response = await client.get("/healthz", headers={"X-Request-Id": hostile.encode()})
    assert response.headers["x-request-id"] != hostile
    assert len(response.headers["x-request-id"]) == 32


async def test_a_refused_request_carries_a_request_id_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/software", params={"q": "x" * 20_000})
    assert response.status_code == 414
    assert response.headers["x-request-id"]


async def test_metrics_count_requests_by_route_template_not_by_path(
    catalogue: Catalogue, client: httpx.AsyncClient
) -> None:
    before = samples((await client.get("/metrics")).text)
    for software in (catalogue.zaken, catalogue.signalen):
        assert (await client.get(f"/api/v1/software/{software.id}")).status_code == 200
    assert (await client.get("/api/v1/software/999999")).status_code == 404
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    after = samples(response.text)
    route = (("method", "GET"), ("route", "/api/v1/software/{id}"))
    ok = ("opentenzij_http_requests_total", (*route, ("status", "200")))
    missing = ("opentenzij_http_requests_total", (*route, ("status", "404")))
    assert after[ok] - before.get(ok, 0) == 2
    assert after[missing] - before.get(missing, 0) == 1
    assert not any("/api/v1/software/9" in str(key) for key in after)
    count = ("opentenzij_http_request_duration_seconds_count", route)
    assert after[count] - before.get(count, 0) == 3


async def test_metrics_time_free_text_searches_apart(
    catalogue: Catalogue, client: httpx.AsyncClient
) -> None:
    key = ("opentenzij_search_duration_seconds_count", (("route", "/api/v1/software"),))
    before = samples((await client.get("/metrics")).text).get(key, 0)
    await client.get("/api/v1/software", params={"q": "zaken"})
    await client.get("/api/v1/software")  # no search
    assert samples((await client.get("/metrics")).text)[key] - before == 1


async def test_metrics_give_the_shared_queues(db: str, client: httpx.AsyncClient) -> None:
    webhook = await Webhook.create(url="https://ontvanger.example/hook", secret="s" * 32)
    now = datetime.now(UTC)
    for status in (DeliveryStatus.PENDING, DeliveryStatus.PENDING, DeliveryStatus.FAILED):
        await WebhookDelivery.create(
            webhook=webhook, kind="software.updated", payload={}, status=status, next_attempt_at=now
        )
    await HarvestRun.create(source="github:voorbeeld", status=RunStatus.RUNNING)
    found = samples((await client.get("/metrics")).text)
    assert found[("opentenzij_webhook_deliveries_pending", ())] == 2
    assert found[("opentenzij_webhook_deliveries_failed", ())] == 1
    assert found[("opentenzij_harvest_runs_running", ())] == 1
    assert found[("opentenzij_scheduled_jobs_claimed", ())] == 0


async def test_every_log_line_of_a_request_carries_its_id_as_json(
    catalogue: Catalogue, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="opentenzij.access"):
        response = await client.get(
            f"/api/v1/software/{catalogue.zaken.id}", headers={"X-Request-Id": "abc-123"}
        )
    (record,) = [r for r in caplog.records if r.name == "opentenzij.access"]
    line = json.loads(JsonFormatter().format(record))
    assert response.headers["x-request-id"] == "abc-123"
    assert line["request_id"] == "abc-123"
    assert line["route"] == "/api/v1/software/{id}" and line["status"] == 200
    assert line["level"] == "info" and line["logger"] == "opentenzij.access"
    assert line["time"].endswith("Z") and isinstance(line["duration_ms"], float)


def test_the_log_format_is_text_or_json() -> None:
    assert Settings.from_env({"OPENTENZIJ_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ConfigurationError, match="OPENTENZIJ_LOG_FORMAT"):
        Settings.from_env({"OPENTENZIJ_LOG_FORMAT": "xml"}).check()
    for kind in ("text", "json"):
        logging.config.dictConfig(log_config(kind))  # a configuration logging accepts
    logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})


COUNT_ONE = """
from catalogue.web.observability import LATENCY, REQUESTS
REQUESTS.labels("GET", "/api/v1/software", "200").inc()
LATENCY.labels("GET", "/api/v1/software").observe(0.02)
"""
EXPOSE = """
import sys
from catalogue.web.observability import exposition
sys.stdout.write(exposition()[0].decode())
"""


def test_with_several_worker_processes_metrics_are_added_up(tmp_path: Path) -> None:
    """serve --workers N sets PROMETHEUS_MULTIPROC_DIR: each process writes its own, /metrics
    (whichever worker answers) gives the sum."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):  # two workers, each answering one request
        subprocess.run([sys.executable, "-c", COUNT_ONE], env=env, check=True)
    shown = subprocess.run(
        [sys.executable, "-c", EXPOSE], env=env, check=True, capture_output=True, text=True
    ).stdout
    found = samples(shown)
    route = (("method", "GET"), ("route", "/api/v1/software"))
    assert found[("opentenzij_http_requests_total", (*route, ("status", "200")))] == 2
    assert found[("opentenzij_http_request_duration_seconds_count", route)] == 2
