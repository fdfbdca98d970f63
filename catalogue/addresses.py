# SPDX-License-Identifier: EUPL-1.2
"""Which network addresses the catalogue may connect to on someone's say-so: webhook
receivers and plain git hosts. A loopback, link-local, private or otherwise non-public address
is refused (server-side request forgery), unless an administrator allows private ones."""

from __future__ import annotations

import ipaddress

from catalogue.messages import Message

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddress(Exception):
    """An address that cannot be resolved, or resolves to a loopback, private or otherwise
    non-public host."""


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
