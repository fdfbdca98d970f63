# SPDX-License-Identifier: EUPL-1.2
"""Filters given as a query string (`opentenzij export csv --query 'release_status=withheld'`),
with the names of the matching API endpoint's parameters, each checked by a click type. Unknown,
repeated and unfit parameters are usage errors, as they are 400 problems in the API; empty
values count as absent, as an HTML form sends them."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any
from urllib.parse import parse_qsl

import click

Fields = Mapping[str, click.ParamType[Any]]


class Text(click.ParamType[Any]):
    """Free text: trimmed, not too long, without control characters."""

    name = "text"

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        if len(text) > self.max_length:
            self.fail(f"is longer than {self.max_length} characters", param, ctx)
        if any(unicodedata.category(char) in {"Cc", "Cs"} for char in text):
            self.fail("contains control characters", param, ctx)
        return text


class Boolean(click.ParamType[Any]):
    """`true` or `false`, as the API spells them."""

    name = "boolean"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value not in {"true", "false"}:
            self.fail(f"must be true or false, not {value!r}", param, ctx)
        return value == "true"


BOOLEAN = Boolean()


def choice(values: Iterable[str] | type[Enum]) -> click.Choice[str]:
    """One of `values`, or of an enumeration's values."""
    return click.Choice([value.value if isinstance(value, Enum) else value for value in values])


def parse(query: str, fields: Fields, *, option: str = "--query") -> dict[str, Any]:
    """The checked values of the parameters in `query`, by name; the first problem is a usage
    error of `option` that names the parameter."""
    values: dict[str, Any] = {}
    seen: set[str] = set()
    for name, raw in parse_qsl(query, keep_blank_values=True):
        if name not in fields:
            problem = f"{name[:100]}: is not a parameter (known: {', '.join(fields)})"
            raise click.BadParameter(problem, param_hint=option)
        if name in seen:
            raise click.BadParameter(f"{name}: is given more than once", param_hint=option)
        seen.add(name)
        if raw.strip():
            try:
                values[name] = fields[name].convert(raw, None, None)
            except click.BadParameter as error:
                raise click.BadParameter(f"{name}: {error.message}", param_hint=option) from None
    return values
