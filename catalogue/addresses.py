# SPDX-License-Identifier: EUPL-1.2
"""Which network addresses the catalogue may connect to on someone's say-so: webhook
receivers, plain git hosts and organisations' websites. A loopback, link-local, private or
otherwise non-public address is refused (server-side request forgery), unless an
administrator allows private ones.

`target_of` resolves a URL's host once and checks every address; a connection then goes to
exactly a checked address (`Target.request_url`, with the name in the Host header and as TLS
server name), so that a name cannot resolve to a public address for the check and to an
internal one for the connection (DNS rebinding)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from catalogue.messages import Message

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddress(Exception):
    """An address that cannot be resolved, or resolves to a loopback, private or otherwise
    non-public host."""


class Unresolvable(UnsafeAddress):
    """A host name that is not valid, or does not resolve."""


def refusal(address: IPAddress, shown: str) -> Message | None:
    """Why the catalogue may not connect to this address (`shown` as), or None for a public
    one."""
    if isinstance(address, ipaddress.IPv6Address):  # an IPv4 address within: judge that one
        address = address.ipv4_mapped or address.sixtofour or address
    if address.is_loopback:
        return Message("%(host)s is a loopback address", host=shown)
    if address.is_link_local:
        return Message("%(host)s is a link-local address", host=shown)
    if address.is_multicast or address.is_unspecified or address.is_reserved:
        return Message("%(host)s is not a unicast address", host=shown)
    if not address.is_global:
        return Message("%(host)s is a private address", host=shown)
    return None


@dataclass(frozen=True, slots=True)
class Target:
    """Where an attempt connects: the checked addresses of the URL's host, in the resolver's
    order of preference."""

    url: httpx.URL
    addresses: tuple[IPAddress, ...]

    @property
    def host(self) -> str:
        """The host name as resolved and as TLS checks the certificate (IDNA-encoded)."""
        return self.url.raw_host.decode("ascii")

    def request_url(self, address: IPAddress) -> httpx.URL:
        """The URL with the address as its host: httpx connects there and resolves nothing."""
        return self.url.copy_with(host=str(address))

    def extensions(self) -> dict[str, Any]:
        """For https, the name to send in TLS (SNI) and to verify the certificate for."""
        return {"sni_hostname": self.host} if self.url.scheme == "https" else {}


async def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses `host` resolves to, in the resolver's order, without repeats; OSError if
    it does not resolve. Every name an attempt connects to is resolved here, and only here."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))


async def target_of(url: str, *, allow_private: bool) -> Target:
    """Resolve the URL's host once; raise UnsafeAddress if it does not resolve or, unless
    `allow_private`, if ANY of its addresses is not public."""
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError):
        shown = (urlsplit(url).hostname or "")[:100]
        raise Unresolvable(Message("%(host)s is not a valid host name", host=shown)) from None
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        default_port = 443 if parsed.scheme == "https" else 80
        try:
            addresses = await resolve(host, parsed.port or default_port)
        except (OSError, UnicodeError, ValueError):
            raise Unresolvable(Message("%(host)s cannot be resolved", host=host)) from None
        if not addresses:
            raise Unresolvable(Message("%(host)s cannot be resolved", host=host))
    if not allow_private:
        for address in sorted(addresses, key=str):
            reason = refusal(address, host if literal is not None else f"{host} ({address})")
            if reason:
                raise UnsafeAddress(reason)
    return Target(parsed, tuple(addresses))


async def check_address(url: str) -> None:
    """Raise UnsafeAddress unless every address the URL's host resolves to is public."""
    await target_of(url, allow_private=False)
