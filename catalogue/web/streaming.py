# SPDX-License-Identifier: EUPL-1.2
"""Answering with an export: streamed in chunks, with a validator (ETag) for caching.

The ETag is computed before the body, from a fingerprint of the data (see
catalogue.exports.records.fingerprint) and the request's path and query, so that an unchanged
export answers `304 Not Modified` without reading a single entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Callable

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from catalogue.urls import is_web_address
from catalogue.web.export_cache import ExportCache, read
from catalogue.web.problems import ProblemError

CACHE_CONTROL = "public, max-age=60, must-revalidate"
# Raised whenever what a writer puts in an export changes, so that cached copies are not
# taken as current.
WRITERS_VERSION = "3"
CHUNK = 64 * 1024


def site_address(request: Request) -> str:
    """The site's address without a trailing slash, from which exports make every link; a
    Host header that cannot be part of a web address is refused, not written into links."""
    site = str(request.base_url).rstrip("/")
    if not is_web_address(site + "/"):
        raise ProblemError(400, "the Host header does not make a valid web address")
    return site


def etag_of(request: Request, fingerprint: str, *extra: str) -> str:
    """A weak validator (the body may be compressed on the way) for this export of this data,
    as these writers write it, with the absolute links of the site it was asked from."""
    site = str(request.base_url)
    basis = "\n".join(
        (fingerprint, WRITERS_VERSION, site, request.url.path, request.url.query, *extra)
    )
    return f'W/"{hashlib.sha256(basis.encode()).hexdigest()[:32]}"'


def not_modified(request: Request, etag: str) -> bool:
    """Whether the client's If-None-Match names this validator (weak comparison)."""
    header = request.headers.get("if-none-match", "")
    if header.strip() == "*":
        return True
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
    return etag.removeprefix("W/") in wanted


async def _buffered(chunks: AsyncIterable[str | bytes]) -> AsyncIterator[bytes]:
    """Joins small pieces into chunks of about 64 KiB, so that a row is not a network write."""
    buffer: list[bytes] = []
    size = 0
    async for chunk in chunks:
        data = chunk.encode() if isinstance(chunk, str) else chunk
        buffer.append(data)
        size += len(data)
        if size >= CHUNK:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def export_response(
    request: Request,
    *,
    media_type: str,
    etag: str,
    body: Callable[[], AsyncIterable[str | bytes]],
    filename: str | None = None,
) -> Response:
    """304 when the client's copy is current; else the body, made by `body()`, streamed."""
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}  # gzip adds Vary when it compresses
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    cache: ExportCache | None = getattr(request.app.state, "export_cache", None)
    if cache is None:
        return StreamingResponse(_buffered(body()), media_type=media_type, headers=headers)
    if (stored := cache.cached(etag, media_type)) is not None:
        return StreamingResponse(read(stored), media_type=media_type, headers=headers)
    chunks = cache.shared(etag, media_type, lambda: _buffered(body()))
    return StreamingResponse(chunks, media_type=media_type, headers=headers)
