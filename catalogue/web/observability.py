# SPDX-License-Identifier: EUPL-1.2
"""What an operator of many instances watches: a request id on every request and log line,
structured (JSON) logs, and Prometheus metrics per route template.

`Observe` is an ASGI middleware of its own (outermost, so that it also sees refusals by the
other middleware): it takes the client's `X-Request-Id` when it is a sane token, or makes one,
answers with it, counts and times the request under its route template (`/api/v1/software/{id}`,
never the raw path, so that the number of series stays bounded), and writes one access line.

Metrics are kept per process; with several worker processes (`serve --workers N`) they are
written to files in PROMETHEUS_MULTIPROC_DIR, which `serve` sets, and /metrics adds them up.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from catalogue.logs import request_id

REQUEST_ID_HEADER = "x-request-id"
_CONVERTER = re.compile(r"\{(\w+):\w+\}")  # {id:int} is written {id}, as in the OpenAPI
_SANE_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
access_log = logging.getLogger("opentenzij.access")
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
REQUESTS = Counter(
    "opentenzij_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ("method", "route", "status"),
)
LATENCY = Histogram(
    "opentenzij_http_request_duration_seconds",
    "Time from the request to the end of the answer, by method and route template.",
    ("method", "route"),
    buckets=SECONDS,
)
SEARCH_LATENCY = Histogram(
    "opentenzij_search_duration_seconds",
    "Time to answer a software list with a free-text query (q), API or page.",
    ("route",),
    buckets=SECONDS,
)
# The lists whose `q` is a free-text search.
SEARCH_ROUTES = frozenset({"/api/v1/software", "/software"})


def route_template(scope: Scope) -> str:
    """The matched route's path template with its mounts, e.g. /api/v1/software/{id}; the
    same label for every unmatched path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return "unmatched"
    mount = scope.get("root_path", "")[len(scope.get("app_root_path", "")) :]
    return _CONVERTER.sub(r"{\1}", mount + path) or "/"


def _given_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _SANE_ID.fullmatch(text) else None
    return None


class Observe:
    """ASGI middleware: request id in and out, metrics per route template, an access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("app_root_path", scope.get("root_path", ""))
        ident = _given_id(scope) or uuid.uuid4().hex
        token = request_id.set(ident)
        status = 500  # unless an answer starts
        began = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", ()), (b"x-request-id", ident.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, status, time.perf_counter() - began)
            request_id.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        method, route = scope["method"], route_template(scope)
        REQUESTS.labels(method, route, str(status)).inc()
        LATENCY.labels(method, route).observe(seconds)
        if route in SEARCH_ROUTES and _has_query(scope):
            SEARCH_LATENCY.labels(route).observe(seconds)
        access_log.info(
            "%s %s %d %.1f ms",
            method,
            scope["path"],
            status,
            seconds * 1000,
            extra={"route": route, "status": status, "duration_ms": round(seconds * 1000, 1)},
        )


def _has_query(scope: Scope) -> bool:
    query = scope.get("query_string", b"")
    return any(part.startswith(b"q=") and len(part) > 2 for part in query.split(b"&"))


def exposition(extra: CollectorRegistry | None = None) -> tuple[bytes, str]:
    """The metrics in Prometheus's text format: this process's, or every worker's (multiprocess
    mode), followed by those of `extra` (values read at scrape time, such as queue sizes)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
        text = generate_latest(registry)
    else:
        from prometheus_client import REGISTRY

        text = generate_latest(REGISTRY)
    if extra is not None:
        text += generate_latest(extra)
    return text, CONTENT_TYPE_LATEST
