# SPDX-License-Identifier: EUPL-1.2
"""Checking what people type into forms and API bodies, field by field. Pure: no ORM, no web."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from catalogue.messages import Message


def text_input(
    values: Mapping[str, Any],
    field: str,
    errors: dict[str, str],
    *,
    limit: int,
    required: bool = False,
) -> str:
    """The trimmed text of `field`; what is wrong with it goes into `errors`."""
    raw = values.get(field, "")
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        errors[field] = Message("must be text")
        return ""
    value = raw.strip()
    if required and not value:
        errors[field] = Message("is required")
    elif len(value) > limit:
        errors[field] = Message("is longer than %(limit)s characters", limit=limit)
    elif any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        errors[field] = Message("contains control characters")
    return value


def one_of(choices: Iterable[str]) -> Message:
    """The refusal of a value that is not one of `choices`."""
    return Message("must be one of: %(choices)s", choices=", ".join(choices))
