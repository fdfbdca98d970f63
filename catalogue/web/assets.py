# SPDX-License-Identifier: EUPL-1.2
"""Static files under hashed names (`site.3f2a…c1.css`), cached for a year, and the security
headers every answer carries, among them a Content-Security-Policy without 'unsafe-inline'."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ONE_YEAR = 365 * 24 * 3600
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[a-z0-9]+)$")
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "script-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


@cache
def digest(directory: str, path: str) -> str:
    """The first 12 hex digits of the SHA-256 of a static file (read once per process)."""
    return hashlib.sha256((Path(directory) / path).read_bytes()).hexdigest()[:12]


def hashed_name(directory: str, path: str) -> str:
    """css/site.css → css/site.<digest>.css"""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{digest(directory, path)}{dot}{suffix}"


class HashedStaticFiles(StaticFiles):
    """Serves `css/site.<digest>.css` as `css/site.css` with a year's immutable caching, as
    long as the digest is the file's; other names are served to be revalidated each time."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        match = HASHED.match(path)
        if match is None:
            response = await super().get_response(path, scope)
            response.headers["Cache-Control"] = "no-cache"
            return response
        plain = f"{match['stem']}{match['suffix']}"
        if self.directory is None or digest(str(self.directory), plain) != match["digest"]:
            return Response("not found", status_code=404, media_type="text/plain")
        response = await super().get_response(plain, scope)
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        return response


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
