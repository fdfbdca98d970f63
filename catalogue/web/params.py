# SPDX-License-Identifier: EUPL-1.2
"""Query parameters, declared once: parsed and checked here, documented in the OpenAPI file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from catalogue.messages import Message, message_of
from catalogue.web.i18n import LANGUAGES
from catalogue.web.problems import ProblemError

MAX_PAGE = 100_000
MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1  # the largest id either database stores
# What a slug is (lower-case ASCII letters, digits and hyphens, as the services make them),
# in the path and in a query: anything else names nothing.
SLUG_PATTERN = "^[a-z0-9-]{1,100}$"
# Free text from a query: no control characters (C0, DEL, C1), as `checked_text` refuses.
TEXT_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"


@dataclass(frozen=True, slots=True)
class Param:
    """One query parameter an endpoint accepts."""

    name: str
    description: str
    type: str = "string"  # "string", "integer" or "boolean"
    choices: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 200
    default: Any = None
    pattern: str | None = None  # a string must match it (JSON Schema regex)
    names: bool = False  # names a row: an unknown value is a 404, not a 400

    def __post_init__(self) -> None:
        # Every number a client sends is bounded: a year 0 or an id past the database's range
        # must be the client's error (400), never the server's.
        if self.type == "integer" and (self.minimum is None or self.maximum is None):
            raise TypeError(f"the integer parameter {self.name} needs a minimum and a maximum")

    def schema(self) -> dict[str, Any]:
        """The parameter's JSON Schema, for the OpenAPI document."""
        schema: dict[str, Any] = {"type": self.type}
        if self.choices:
            schema["enum"] = list(self.choices)
        if self.type == "string" and not self.choices:
            schema["maxLength"] = self.max_length
            schema["pattern"] = self.pattern or TEXT_PATTERN
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def parse(self, raw: str) -> Any:
        """The checked value of `raw`; ValueError with a message for the client if unfit."""
        if self.type == "integer":
            return self._integer(raw)
        if self.type == "boolean":
            if raw not in {"true", "false"}:
                raise ValueError(Message("must be true or false, not %(value)s", value=repr(raw)))
            return raw == "true"
        if self.choices is not None and raw not in self.choices:
            raise ValueError(
                Message(
                    "%(value)s is not one of: %(choices)s",
                    value=repr(raw),
                    choices=", ".join(self.choices),
                )
            )
        text = checked_text(raw, max_length=self.max_length)
        if self.pattern is not None and not re.fullmatch(self.pattern.strip("^$"), text):
            raise ValueError(Message("is not of the form %(pattern)s", pattern=self.pattern))
        return text

    def _integer(self, raw: str) -> int:
        if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 12:
            raise ValueError(Message("must be a whole number, not %(value)s", value=repr(raw[:40])))
        value = int(raw)
        if self.minimum is not None and value < self.minimum:
            raise ValueError(
                Message(
                    "must be at least %(limit)s, not %(value)s", limit=self.minimum, value=value
                )
            )
        if self.maximum is not None and value > self.maximum:
            raise ValueError(
                Message("must be at most %(limit)s, not %(value)s", limit=self.maximum, value=value)
            )
        return value


def checked_text(raw: str, *, max_length: int) -> str:
    """Free text from a client: trimmed, not too long, without control characters."""
    text = raw.strip()
    if len(text) > max_length:
        raise ValueError(Message("is longer than %(limit)s characters", limit=max_length))
    if any(unicodedata.category(char) in {"Cc", "Cs"} for char in text):
        raise ValueError(Message("contains control characters"))
    return text


def slug_param(name: str, description: str) -> Param:
    """A query parameter naming a row by its slug (an organisation, a collection)."""
    return Param(name, description, max_length=100, pattern=SLUG_PATTERN, names=True)


def id_param(name: str, description: str) -> Param:
    """A query parameter naming a row by its id."""
    return Param(name, description, "integer", minimum=1, maximum=MAX_ID, names=True)


def year_param(name: str, description: str) -> Param:
    """A year of the calendar the standard library's dates can hold (1 to 9999)."""
    return Param(name, description, "integer", minimum=1, maximum=9999)


PAGE = Param("page", "Page number, from 1.", "integer", minimum=1, maximum=MAX_PAGE, default=1)
PER_PAGE = Param(
    "per_page",
    f"Items per page, at most {MAX_PER_PAGE}.",
    "integer",
    minimum=1,
    maximum=MAX_PER_PAGE,
    default=20,
)


def parse_query(query: QueryParams, params: Sequence[Param]) -> dict[str, Any]:
    """Check every query parameter; raise one ProblemError (400) naming each problem.

    A repeated parameter is an error. An unknown one is left out, and named in the answer's
    Warning header (UnknownParameters), so that a typo does not silently widen a search for
    a script, while a link with a tracking parameter still opens the page.
    Empty values count as absent, as an HTML form sends them.
    """
    known = {param.name: param for param in params}
    errors: list[dict[str, str]] = []
    values: dict[str, Any] = {name: param.default for name, param in known.items()}
    for name in dict.fromkeys(query.keys()):
        raws = query.getlist(name)
        param = known.get(name)
        if param is None:
            _noticed(name)
        elif len(raws) > 1:
            errors.append({"parameter": name, "detail": Message("is given more than once")})
        elif raws[0].strip():
            try:
                values[name] = param.parse(raws[0])
            except ValueError as error:
                errors.append({"parameter": name, "detail": message_of(error)})
    if errors:
        raise ProblemError(
            400,
            "; ".join(f"{e['parameter']}: {e['detail']}" for e in errors),
            title="Invalid query parameters",
            errors=errors,
        )
    return values


# The unknown parameters of the request being answered, which UnknownParameters sets up.
_UNKNOWN: ContextVar[list[str] | None] = ContextVar("unknown_parameters", default=None)
MAX_NAMED = 10  # unknown parameters named in the header, at most


def _noticed(name: str) -> None:
    unknown = _UNKNOWN.get()
    if unknown is not None and name not in unknown and len(unknown) < MAX_NAMED:
        unknown.append(name[:60])


def warning(unknown: Sequence[str]) -> str:
    """The Warning header (RFC 9111 section 5.5, code 299: a persistent warning) naming the
    unknown query parameters that were left out."""
    names = ", ".join(repr(name)[1:-1].replace('"', "'") for name in unknown)
    return f'299 opentenzij "unknown query parameters ignored: {names}"'


class UnknownParameters:
    """ASGI middleware: an answer to a request with query parameters that its endpoint does
    not know says which, in a Warning header (they were ignored)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("query_string"):
            await self.app(scope, receive, send)
            return
        unknown: list[str] = []
        token = _UNKNOWN.set(unknown)

        async def with_warning(message: ASGIMessage) -> None:
            if message["type"] == "http.response.start" and unknown:
                header = (b"warning", warning(unknown).encode("ascii", "replace"))
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        try:
            await self.app(scope, receive, with_warning)
        finally:
            _UNKNOWN.reset(token)


LANG = Param("lang", "Language of the page.", choices=LANGUAGES)
