# SPDX-License-Identifier: EUPL-1.2
"""A served worker's first visits, made by the worker itself before it takes visitors.

A worker that starts under many visitors at once (after a deploy or a restart) had each of
them wait for everything done the first time: opening its database connections (on
PostgreSQL each is a new server process, which reads the catalog of every table and index on
first use), preparing each query on each connection, and each code path's first run. Visiting
its main pages a few times at once, in the process and before it says it is ready, does that
work while nobody waits (ADR 0010).

The visits go to the app's router, below the middleware: they are not counted in /metrics,
not written to the access log, and no client sees them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.types import Message, Scope

logger = logging.getLogger("opentenzij.web")


async def visit(app: Starlette, path: str, language: str = "nl") -> int:
    """GET `path` from the app's routes, in the process, and give the answer's status; an
    error that escapes the route counts as 500 (and is logged, not raised)."""
    status = 500
    path, _, query = path.partition("?")
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 0),
        "root_path": "",
        "app_root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"localhost"), (b"accept-language", language.encode())],
        "app": app,
        "state": {},
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    try:
        await app.router(scope, receive, send)
    except Exception as error:  # a warm-up never stops a start-up
        logger.warning("warm-up visit to %s failed: %s", path, type(error).__name__)
    return status


async def warm_up(app: Starlette, paths: Sequence[str], *, at_once: int) -> list[int]:
    """Visit each of `paths` `at_once` times concurrently (so that as many database
    connections open and run its queries), one path after the other, and give the statuses."""
    statuses: list[int] = []
    for path in paths:
        statuses += await asyncio.gather(*(visit(app, path) for _ in range(at_once)))
    logger.info("warmed up with %d visits, answered %s", len(statuses), dict(Counter(statuses)))
    return statuses
