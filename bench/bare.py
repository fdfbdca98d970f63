# SPDX-License-Identifier: EUPL-1.2
"""The baselines, served like the app: a bare starlette endpoint returning a constant JSON, and
one running the same SQL as the app's software detail (the statements bench/api.py recorded
from the app, in BENCH_DETAIL_SQL, sent through the same driver) and answering its rows as
JSON: what the framework and the database cost, with none of the app's own work."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tortoise import Tortoise

from catalogue import db

BODY = {"items": [], "total": 0}
STATEMENTS: list[tuple[str, list[Any]]] = []


async def constant(request: Request) -> Response:
    return JSONResponse(BODY)


async def detail(request: Request) -> Response:
    """The recorded statements of one software detail, run in order; their rows as JSON."""
    client = Tortoise.get_connection("default")
    answers = []
    for sql, values in STATEMENTS:
        _, rows = await client.execute_query(sql, values)
        answers.append([list(row) for row in rows])
    body = json.dumps(answers, default=str, ensure_ascii=False, separators=(",", ":"))
    return Response(body.encode(), media_type="application/json")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    recorded = os.environ.get("BENCH_DETAIL_SQL")
    if not recorded:
        yield
        return
    with open(recorded, encoding="utf-8") as file:
        STATEMENTS[:] = [(sql, values) for sql, values in json.load(file)]
    # The app's connection settings (db.connected), so that the driver and its options match.
    async with db.connected(os.environ["OPENTENZIJ_DATABASE_URL"], global_fallback=True):
        yield


app = Starlette(routes=[Route("/", constant), Route("/detail", detail)], lifespan=lifespan)
