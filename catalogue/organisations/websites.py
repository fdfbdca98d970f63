# SPDX-License-Identifier: EUPL-1.2
"""Reading an organisation's list of its code-host accounts from its own website:
`https://HOST/.well-known/opentenzij.json`, `{"organisation": TOOI URI or urn:oin:…,
"accounts": ["https://github.com/gemeente-x", …]}` (docs/adr/0005, decision 14).

The host is that of `Organisation.website`, which an administrator or the publishers list
sets, never the account: only who runs the website can put the file there. The file is
fetched as webhooks are delivered (`catalogue.addresses`): https only, the host resolved
once and refused when any of its addresses is not public (unless allowed), the connection
pinned to a checked address with the name as TLS server name, no redirects, at most
MAX_BYTES and TIMEOUT_SECONDS. Whatever the website answers ends in a `Check`, never in an
exception."""

from __future__ import annotations

import asyncio
import json
import ssl
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit

import httpx

from catalogue import tls
from catalogue.addresses import IPAddress, Target, Unresolvable, UnsafeAddress, target_of
from catalogue.organisations import ownership
from catalogue.organisations.kinds import WebsiteCheck

PATH = "/.well-known/opentenzij.json"
MAX_BYTES = 64 * 1024
TIMEOUT_SECONDS = 10.0
MAX_ACCOUNTS = 1000
MAX_DETAIL = 300


def _user_agent() -> str:
    try:
        return f"opentenzij-ownership/{version('opentenzij')}"
    except PackageNotFoundError:  # a checkout that is not installed
        return "opentenzij-ownership"


@dataclass(frozen=True, slots=True)
class Check:
    """What the website answered: the outcome, a detail in words (the status, what was
    wrong), and the accounts the file lists (normalised) when the outcome is LISTED."""

    outcome: WebsiteCheck
    detail: str = ""
    accounts: tuple[str, ...] = ()


def file_url(website: str) -> str | None:
    """Where the organisation's website keeps the file: always https, on the website's host
    (and port, when it names one); None when the website has no host."""
    parts = urlsplit(website.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return f"https://{parts.netloc.rpartition('@')[2]}{PATH}"


def account_key(url: str) -> str:
    """An account's address as the file and the catalogue compare it: https, lower case, no
    trailing slash."""
    text = url.strip().rstrip("/").lower()
    return "https://" + text.removeprefix("https://").removeprefix("http://")


def new_client(*, verify: ssl.SSLContext | None = None) -> httpx.AsyncClient:
    """No redirects, no proxies from the environment, no connections kept (see _get); TLS
    certificates verified (against `verify`, a context that trusts a test's authority)."""
    return httpx.AsyncClient(
        verify=verify or tls.verifying(trust_env=False),
        timeout=httpx.Timeout(TIMEOUT_SECONDS),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": _user_agent(), "Accept": "application/json"},
        limits=httpx.Limits(max_keepalive_connections=0),
    )


async def check_website(
    url: str, *, known: frozenset[str], allow_private: bool, client: httpx.AsyncClient
) -> Check:
    """Fetch the file at `url` (see file_url) and judge it for the organisation known by
    `known` (ownership.identifiers); never raises for what the website or network does."""
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            target = await target_of(url, allow_private=allow_private)
            status, body = await _get(client, target)
    except Unresolvable as error:
        return Check(WebsiteCheck.UNREACHABLE, _short(str(error)))
    except UnsafeAddress as error:
        return Check(WebsiteCheck.NOT_ALLOWED, _short(str(error)))
    except (TimeoutError, httpx.TimeoutException):
        return Check(WebsiteCheck.UNREACHABLE, f"no answer within {TIMEOUT_SECONDS:g} seconds")
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        return Check(WebsiteCheck.UNREACHABLE, _short(f"{type(error).__name__}: {error}"))
    if status in {404, 410}:
        return Check(WebsiteCheck.GONE, f"HTTP {status}")
    if status != 200:
        return Check(WebsiteCheck.HTTP_ERROR, f"HTTP {status} (redirects are not followed)")
    if body is None:
        return Check(WebsiteCheck.TOO_LARGE, f"larger than {MAX_BYTES // 1024} KiB")
    return judge(body, known=known)


def judge(body: bytes, *, known: frozenset[str]) -> Check:
    """The file's verdict: LISTED with its accounts when it names the organisation."""
    try:
        document: Any = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return Check(WebsiteCheck.MALFORMED, "the file is not JSON")
    if not isinstance(document, dict):
        return Check(WebsiteCheck.MALFORMED, "the file is not a JSON object")
    named, accounts = document.get("organisation"), document.get("accounts")
    if not isinstance(named, str) or not named.strip():
        return Check(WebsiteCheck.MALFORMED, '"organisation" is not a TOOI URI or OIN')
    if not isinstance(accounts, list) or not all(isinstance(a, str) for a in accounts):
        return Check(WebsiteCheck.MALFORMED, '"accounts" is not a list of addresses')
    if len(accounts) > MAX_ACCOUNTS:
        return Check(WebsiteCheck.MALFORMED, f'"accounts" lists more than {MAX_ACCOUNTS}')
    if not ownership.names(named, known):
        return Check(WebsiteCheck.WRONG_ORGANISATION, _short(f"the file names {named.strip()}"))
    listed = tuple(sorted({account_key(a) for a in accounts if a.strip()}))
    return Check(WebsiteCheck.LISTED, f"{len(listed)} accounts listed", listed)


async def _get(client: httpx.AsyncClient, target: Target) -> tuple[int, bytes | None]:
    """GET from the target's addresses in turn until one accepts the connection: the status
    and the body, or None for a body over MAX_BYTES."""
    for address in target.addresses[:-1]:
        try:
            return await _get_from(client, target, address)
        except httpx.ConnectError:
            continue
    return await _get_from(client, target, target.addresses[-1])


async def _get_from(
    client: httpx.AsyncClient, target: Target, address: IPAddress
) -> tuple[int, bytes | None]:
    request = client.build_request(
        "GET",
        target.request_url(address),
        # Never a pooled connection: one opened for another name on the same address would
        # carry this request under that name's TLS session.
        headers={"Host": target.url.netloc.decode("ascii"), "Connection": "close"},
        extensions=target.extensions(),
    )
    answer = await client.send(request, stream=True)
    try:
        if answer.status_code != 200:
            return answer.status_code, b""
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            return 200, None
        read = b""
        async for chunk in answer.aiter_bytes():
            read += chunk
            if len(read) > MAX_BYTES:
                return 200, None
        return 200, read
    finally:
        await answer.aclose()


def _short(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"
