# SPDX-License-Identifier: EUPL-1.2
"""A client of the OSV API (https://google.github.io/osv.dev/api/): `POST /v1/querybatch` for
the advisories of up to 1,000 package versions at once (ids and modified times only, paged per
query), then `GET /v1/vulns/{id}` for each advisory's details.

It backs off on 429 and 5xx (honouring Retry-After, else 1, 2, 4 … seconds, at most 5 tries,
with the sleep injected so tests never wait), and refuses answers that do not have the
documented shape, naming what is wrong rather than storing half of it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from catalogue.messages import Message, Number

DEFAULT_URL = "https://api.osv.dev"
BATCH = 1000  # OSV's limit of queries per querybatch request
ATTEMPTS = 5
MAX_WAIT = 60.0
PAGES = 100  # pages of one query's results followed at most

Sleep = Callable[[float], Awaitable[None]]


class OsvError(Exception):
    """OSV could not be asked, or answered something else than its API documents."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Listed:
    """An advisory as querybatch lists it."""

    id: str
    modified: datetime


@dataclass(slots=True)
class Counter:
    """Requests made, by kind, for the benchmarks and the run's summary."""

    batches: int = 0
    details: int = 0
    retries: int = 0


class OsvClient:
    """The OSV API at `base_url`, through an httpx client the caller owns."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str = DEFAULT_URL,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._sleep = sleep
        self.counted = Counter()

    async def query(self, queries: Sequence[dict[str, Any]]) -> list[list[Listed]]:
        """The advisories of each query, in order, in batches of 1,000, every page followed."""
        found: list[list[Listed]] = []
        for start in range(0, len(queries), BATCH):
            found += await self._batch(list(queries[start : start + BATCH]))
        return found

    async def _batch(self, queries: list[dict[str, Any]]) -> list[list[Listed]]:
        listed: list[list[Listed]] = [[] for _ in queries]
        pending = {index: dict(query) for index, query in enumerate(queries)}
        for _ in range(PAGES):
            if not pending:
                return listed
            order = list(pending)
            self.counted.batches += 1
            answer = await self._send(
                "POST", "/v1/querybatch", json={"queries": [pending[i] for i in order]}
            )
            results = answer.get("results") if isinstance(answer, dict) else None
            if not isinstance(results, list) or len(results) != len(order):
                raise OsvError(Message("OSV answered a query batch without one result per query"))
            next_pending = {}
            for index, result in zip(order, results, strict=True):
                listed[index] += _listed(result)
                token = result.get("next_page_token") if isinstance(result, dict) else None
                if token:
                    next_pending[index] = {**pending[index], "page_token": str(token)}
            pending = next_pending
        raise OsvError(
            Message("OSV gave more than %(pages)s pages for one query", pages=Number(PAGES))
        )

    async def advisory(self, advisory_id: str) -> dict[str, Any]:
        """One advisory's full record."""
        self.counted.details += 1
        record = await self._send("GET", f"/v1/vulns/{advisory_id}")
        if not isinstance(record, dict) or record.get("id") != advisory_id:
            raise OsvError(Message("OSV answered another record for %(id)s", id=advisory_id))
        return record

    async def _send(self, method: str, path: str, **options: Any) -> Any:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                response = await self._client.request(method, self._base + path, **options)
            except httpx.HTTPError as error:
                failure = Message("OSV could not be reached: %(error)s", error=type(error).__name__)
                wait = None
            else:
                if response.status_code == 200:
                    try:
                        return response.json()
                    except ValueError:
                        raise OsvError(
                            Message("OSV answered %(path)s with no JSON", path=path)
                        ) from None
                if response.status_code != 429 and response.status_code < 500:
                    raise OsvError(
                        Message(
                            "OSV answered %(path)s with %(status)s",
                            path=path,
                            status=response.status_code,
                        )
                    )
                failure = Message(
                    "OSV answered %(path)s with %(status)s", path=path, status=response.status_code
                )
                wait = retry_after(response)
            if attempt == ATTEMPTS:
                raise OsvError(failure)
            self.counted.retries += 1
            await self._sleep(wait if wait is not None else float(2 ** (attempt - 1)))
        raise AssertionError("unreachable")  # pragma: no cover


def retry_after(response: httpx.Response) -> float | None:
    """The seconds a Retry-After header asks for (0 to 60), or None."""
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return min(max(seconds, 0.0), MAX_WAIT)


def _listed(result: Any) -> list[Listed]:
    if not isinstance(result, dict):
        raise OsvError(Message("OSV answered a query with something other than an object"))
    vulns = result.get("vulns", [])
    if not isinstance(vulns, list):
        raise OsvError(Message("OSV answered a query with vulns that are not a list"))
    listed = []
    for item in vulns:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise OsvError(Message("OSV listed an advisory without an id"))
        listed.append(Listed(id=item["id"], modified=parse_time(item.get("modified"))))
    return listed


def parse_time(value: Any) -> datetime:
    """An RFC 3339 time as OSV writes it (with Z), or OsvError."""
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise OsvError(Message("OSV gave %(value)s as a time", value=str(value)[:40])) from None
    if parsed.tzinfo is None:
        raise OsvError(Message("OSV gave %(value)s as a time", value=str(value)[:40]))
    return parsed
