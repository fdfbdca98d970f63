# SPDX-License-Identifier: EUPL-1.2
"""The baseline: a bare starlette endpoint returning a constant JSON, served like the app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BODY = {"items": [], "total": 0}


async def constant(request: Request) -> Response:
    return JSONResponse(BODY)


app = Starlette(routes=[Route("/", constant)])
