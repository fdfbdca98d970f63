# SPDX-License-Identifier: EUPL-1.2
"""Proof that a code-host account is an organisation's: a file in the account that only
someone with write access could have put there names the organisation by its TOOI URI or its
OIN (publiccode.yml's organisation.uri). An account without such proof is only claimed."""

from __future__ import annotations

OIN_URN = "urn:oin:"


def identifiers(*, tooi_uri: str | None, oin: str | None) -> frozenset[str]:
    """The ways a file may name the organisation, normalised; empty when it has neither."""
    found = set()
    if tooi_uri:
        found.add(_normal(tooi_uri))
    if oin:
        found |= {_normal(oin), _normal(f"{OIN_URN}{oin}")}
    return frozenset(found)


def names(uri: object, known: frozenset[str]) -> bool:
    """Whether `uri` (a value read from a file) names the organisation."""
    return isinstance(uri, str) and bool(uri.strip()) and _normal(uri) in known


def _normal(text: str) -> str:
    return text.strip().rstrip("/").lower().replace("http://", "https://", 1)
