# SPDX-License-Identifier: EUPL-1.2
"""A fake OSV API (https://google.github.io/osv.dev/api/, osv_service_v1.swagger.json) for
tests, served for real on loopback.

It keeps advisories (OSV records) in memory and answers the two endpoints the catalogue uses in
OSV's shapes: `POST /v1/querybatch` (at most 1,000 queries; each query by `package` {ecosystem,
name} or `package.purl`, with `version`; each result lists `vulns` as {id, modified}, paged with
`next_page_token` when a query has more than `page_size`), and `GET /v1/vulns/{id}` (the record,
or 404 with OSV's error body). As the real service, it lists for a version only the advisories
whose `affected` entry enumerates that version in `versions`: the catalogue's own range
evaluation is not used here, so the two check each other.

Misbehaviour is queued with `fail(status, times=, retry_after=, body=)`; `requests` records
(method, path) of every request that arrived.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from packageurl import PackageURL
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import free_port, serving

ECOSYSTEM_OF_PURL = {
    "npm": "npm",
    "pypi": "PyPI",
    "maven": "Maven",
    "golang": "Go",
    "nuget": "NuGet",
    "cargo": "crates.io",
}


@dataclass
class Fault:
    status: int
    retry_after: str | None = None
    body: bytes = b'{"code": 13, "message": "internal error"}'


@dataclass
class FakeOsv:
    advisories: dict[str, dict[str, Any]] = field(default_factory=dict)
    page_size: int = 1000
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""

    def add(self, record: dict[str, Any]) -> None:
        self.advisories[record["id"]] = record

    def fail(
        self,
        status: int,
        *,
        times: int = 1,
        retry_after: str | None = None,
        body: bytes | None = None,
    ) -> None:
        for _ in range(times):
            fault = Fault(status, retry_after)
            if body is not None:
                fault.body = body
            self.faults.append(fault)

    def count(self, method: str, prefix: str) -> int:
        return sum(1 for m, path in self.requests if m == method and path.startswith(prefix))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/querybatch", self.querybatch, methods=["POST"]),
                Route("/v1/vulns/{id:path}", self.vuln, methods=["GET"]),
            ]
        )

    def _fault(self, request: Request) -> Response | None:
        self.requests.append((request.method, request.url.path))
        if not self.faults:
            return None
        fault = self.faults.pop(0)
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        return Response(
            fault.body, status_code=fault.status, headers=headers, media_type="application/json"
        )

    async def querybatch(self, request: Request) -> Response:
        if (fault := self._fault(request)) is not None:
            return fault
        try:
            body = json.loads(await request.body())
            queries = body["queries"]
            assert isinstance(queries, list)
        except (ValueError, KeyError, AssertionError):
            return JSONResponse({"code": 3, "message": "Invalid query."}, status_code=400)
        if len(queries) > 1000:
            return JSONResponse({"code": 3, "message": "Too many queries."}, status_code=400)
        return JSONResponse({"results": [self._result(query) for query in queries]})

    def _result(self, query: dict[str, Any]) -> dict[str, Any]:
        package = query.get("package") or {}
        version = query.get("version")
        if "purl" in package:
            parsed = PackageURL.from_string(package["purl"])
            ecosystem = ECOSYSTEM_OF_PURL.get(parsed.type, "")
            name = f"{parsed.namespace}/{parsed.name}" if parsed.namespace else parsed.name
            version = version or parsed.version
        else:
            ecosystem, name = package.get("ecosystem"), package.get("name")
        found = [
            {"id": record["id"], "modified": record["modified"]}
            for record in sorted(self.advisories.values(), key=lambda r: r["id"])
            if any(
                (entry.get("package") or {}).get("ecosystem") == ecosystem
                and (entry.get("package") or {}).get("name") == name
                and version in (entry.get("versions") or [])
                for entry in record.get("affected") or []
            )
        ]
        start = int(query.get("page_token") or 0)
        page = found[start : start + self.page_size]
        result: dict[str, Any] = {"vulns": page} if page else {}
        if start + self.page_size < len(found):
            result["next_page_token"] = str(start + self.page_size)
        return result

    async def vuln(self, request: Request) -> Response:
        if (fault := self._fault(request)) is not None:
            return fault
        record = self.advisories.get(request.path_params["id"])
        if record is None:
            return JSONResponse({"code": 5, "message": "Bug not found."}, status_code=404)
        return JSONResponse(record)


@contextmanager
def served_osv(fake: FakeOsv | None = None) -> Iterator[FakeOsv]:
    """A fake OSV on a free loopback port; its address is `fake.url`."""
    fake = fake or FakeOsv()
    port = free_port()
    with serving(fake.app(), port):
        fake.url = f"http://127.0.0.1:{port}"
        yield fake


def advisory(
    advisory_id: str,
    *,
    ecosystem: str,
    name: str,
    introduced: str = "0",
    fixed: str | None = None,
    versions: list[str] | None = None,
    modified: str = "2026-11-01T00:00:00Z",
    aliases: list[str] | None = None,
    withdrawn: str | None = None,
    severity: str | None = None,
) -> dict[str, Any]:
    """An OSV record affecting `name` from `introduced` up to `fixed`, enumerating `versions`."""
    events: list[dict[str, str]] = [{"introduced": introduced}]
    if fixed:
        events.append({"fixed": fixed})
    record: dict[str, Any] = {
        "schema_version": "1.6.0",
        "id": advisory_id,
        "modified": modified,
        "published": "2026-10-01T00:00:00Z",
        "aliases": aliases or [],
        "summary": f"A flaw in {name}",
        "affected": [
            {
                "package": {"ecosystem": ecosystem, "name": name},
                "ranges": [{"type": "ECOSYSTEM", "events": events}],
                "versions": versions or [],
            }
        ],
        "references": [{"type": "ADVISORY", "url": f"https://osv.dev/vulnerability/{advisory_id}"}],
    }
    if withdrawn:
        record["withdrawn"] = withdrawn
    if severity:
        record["severity"] = [{"type": "CVSS_V3", "score": severity}]
        record["database_specific"] = {"severity": "CRITICAL"}
    return record
