# SPDX-License-Identifier: EUPL-1.2
"""Cross-origin reads of the public API (CORS): a web page on any site may GET the API, its
exports and feeds, without credentials. Writes get no CORS headers, so that a browser never
sends one across origins; they take a bearer token, never a cookie, in any case."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/api/"
READS = ("GET", "HEAD")
# What a script may read of an answer besides the simple headers: paging, caching, warnings.
EXPOSED = "Link, ETag, Last-Modified, Warning, Retry-After, Location"
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
ONE_DAY = "86400"


def with_read_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers of an answer to a cross-origin read, with those of CORS; Origin is added
    to the Vary header it may have (Accept-Encoding, say)."""
    vary = [value for name, value in headers if name == b"vary"]
    kept = [(n, v) for n, v in headers if n != b"vary"]
    return [
        *kept,
        (b"access-control-allow-origin", b"*"),
        (b"access-control-expose-headers", EXPOSED.encode()),
        (b"vary", b", ".join([*vary, b"Origin"])),
    ]


class PublicReads:
    """ASGI middleware: CORS for reads of the API, preflights for them answered here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "origin" not in headers:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await _preflight(headers)(scope, receive, send)
            return
        if scope["method"] not in READS:
            await self.app(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_read_headers(list(message.get("headers", [])))
            await send(message)

        await self.app(scope, receive, with_cors)


def _preflight(headers: Headers) -> Response:
    """A read is allowed from anywhere, without credentials; anything else is not (no
    Access-Control-Allow-Origin: the browser refuses to send it)."""
    if headers["access-control-request-method"] not in READS:
        return Response(status_code=204, headers={"Vary": "Origin"})
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": ", ".join(READS),
            "Access-Control-Allow-Headers": ALLOWED_REQUEST_HEADERS,
            "Access-Control-Max-Age": ONE_DAY,
            "Vary": "Origin",
        },
    )
