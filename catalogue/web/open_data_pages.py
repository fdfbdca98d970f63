# SPDX-License-Identifier: EUPL-1.2
"""The page that hands the catalogue to others: every export and feed, where to find it and
which standard it follows."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from catalogue.exchange import Collection
from catalogue.web.rendering import render


async def open_data_page(request: Request) -> Response:
    collections = await Collection.all().order_by("title_nl", "id").limit(50)
    return await render(request, "open_data.html", collections=collections)
