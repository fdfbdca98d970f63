# SPDX-License-Identifier: EUPL-1.2
"""Fetching another catalogue's answers: one JSON document per request, streamed and cut off
at a size limit, within a time limit, following redirects only on the same host, and the
pages of a paginated list to their end or a page limit."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from catalogue import tls
from catalogue.federation.limits import Limits

MAX_REDIRECTS = 5
MAX_URL = 400
USER_AGENT = "opentenzij-federation/1"


class FetchError(Exception):
    """An answer that could not be had or read as JSON; the message says why, in plain words."""


def check_address(url: str) -> httpx.URL:
    """The URL to federate from, if it is an http(s) address; FetchError otherwise."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as error:
        raise FetchError(f"{url!r} is not a web address: {error}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"{url!r} is not an http(s) address")
    if len(str(parsed)) > MAX_URL:  # it is kept with every entry, as provenance
        raise FetchError(f"the address is longer than {MAX_URL} characters")
    return parsed.copy_with(fragment=None)


def client(limits: Limits) -> httpx.AsyncClient:
    """An HTTP client for one run; redirects are followed by `fetch_json` itself."""
    return httpx.AsyncClient(
        verify=tls.verifying(),
        timeout=httpx.Timeout(limits.timeout),
        follow_redirects=False,
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
    )


async def fetch_json(http: httpx.AsyncClient, url: httpx.URL, limits: Limits) -> Any:
    """The JSON document at `url`; FetchError for an HTTP error, a redirect to another host,
    an answer larger than the limit or slower than the time limit, or one that is not JSON."""
    try:
        async with asyncio.timeout(limits.total_timeout):
            body = await _body(http, url, limits)
    except TimeoutError:
        raise FetchError(f"{url} took longer than {limits.total_timeout:g} s to answer") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url} did not answer within {limits.timeout:g} s") from None
    except httpx.HTTPError as error:
        raise FetchError(f"cannot fetch {url}: {error or type(error).__name__}") from None
    try:
        return json.loads(body)
    except UnicodeDecodeError as error:
        raise FetchError(f"{url} did not answer with JSON: {error.reason}") from None
    except json.JSONDecodeError as error:
        raise FetchError(
            f"{url} did not answer with valid JSON: {error.msg} at line {error.lineno} "
            f"column {error.colno}" + (" (the answer ends too early)" if _cut(error) else "")
        ) from None
    except RecursionError:
        raise FetchError(f"{url} answered with JSON nested too deeply") from None


def _cut(error: json.JSONDecodeError) -> bool:
    return error.pos >= len(error.doc.rstrip())


async def _body(http: httpx.AsyncClient, url: httpx.URL, limits: Limits) -> bytes:
    for _ in range(MAX_REDIRECTS + 1):
        async with http.stream("GET", url) as response:
            if response.is_redirect:
                url = _redirect_target(url, response)
                continue
            if response.status_code != 200:
                raise FetchError(
                    f"{url} answered HTTP {response.status_code} {response.reason_phrase}"
                )
            return await _read_limited(response, url, limits.max_bytes)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _redirect_target(url: httpx.URL, response: httpx.Response) -> httpx.URL:
    """Where a redirect leads, if it stays on the host (the provenance names one catalogue)."""
    location = response.headers.get("location", "")
    target = url.join(location)
    if target.host != url.host or target.scheme not in ("http", "https"):
        raise FetchError(
            f"{url} redirects to {str(target)[:200]}, another host; give that address instead"
        )
    if url.scheme == "https" and target.scheme == "http":
        raise FetchError(f"{url} redirects from https to plain http ({str(target)[:200]})")
    return target


async def _read_limited(response: httpx.Response, url: httpx.URL, limit: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{url} answers with {int(declared)} bytes, more than {limit}")
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url} answers with more than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def next_page(current: httpx.URL, link: str, first: httpx.URL) -> httpx.URL:
    """The address of the next page from a `links.next` (often just "?page[after]=..."),
    keeping the first request's page size; FetchError when it leads to another host."""
    target = current.join(link)
    if target.host != first.host or target.scheme not in ("http", "https"):
        raise FetchError(f"the next page {link[:200]!r} is on another host than {first.host}")
    size = first.params.get("page[size]")
    if size is not None and "page[size]" not in target.params:
        target = target.copy_merge_params({"page[size]": size})
    return target
