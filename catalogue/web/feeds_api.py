# SPDX-License-Identifier: EUPL-1.2
"""(being written)"""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from catalogue.web.declarations import Endpoint

ENDPOINTS: tuple[Endpoint, ...] = ()
SCHEMAS: dict[str, Any] = {}
PAGE_ROUTES: list[Route] = []
