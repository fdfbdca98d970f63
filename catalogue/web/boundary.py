# SPDX-License-Identifier: EUPL-1.2
"""The guard every request passes before a handler sees it: no header block past a sane size,
no JSON nested deeper than any body the API takes, and no text that a database cannot store
(lone surrogates, which UTF-8 cannot encode; NUL, which PostgreSQL refuses and SQLite would
keep). Both databases are treated alike: such text is the client's error, said with where."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from catalogue.messages import Message
from catalogue.web.problems import ProblemError

MAX_DEPTH = 32  # the deepest body the API takes (a decision's inventory) is 5 levels deep
MAX_HEADER_BYTES = 16 * 1024  # names and values of all headers together
MAX_QUERY_BYTES = 8 * 1024
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")


def check_depth(body: bytes) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH before parsing it: the parser recurses, and a
    few kilobytes of brackets would exhaust the stack."""
    depth = 0
    for bracket in _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b'""', body)):
        depth += 1 if bracket in b"[{" else -1
        if depth > MAX_DEPTH:
            raise ProblemError(
                400, Message("the body is nested deeper than %(limit)s levels", limit=MAX_DEPTH)
            )


def unstorable(text: str) -> str | None:
    """What makes `text` impossible to store, or None when nothing does."""
    if "\x00" in text:
        return Message("contains a NUL character")
    if any(unicodedata.category(char) == "Cs" for char in text):
        return Message("contains a lone surrogate (not a Unicode character)")
    return None


def check_storable(document: Any) -> None:
    """Refuse a JSON document with a string (key or value) no database stores, naming it by
    its JSON Pointer (RFC 6901)."""
    for pointer, text in _strings(document, ""):
        problem = unstorable(text)
        if problem is not None:
            where = pointer or "/"
            raise ProblemError(
                400,
                f"{where}: {problem}",
                errors=[{"field": where, "detail": problem}],
            )


def _strings(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Every string in a JSON document (bounded in depth by check_depth), with where it is."""
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            yield here, key
            yield from _strings(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{pointer}/{index}")


def check_text_body(body: bytes) -> None:
    """Refuse a text document (an SBOM in any of its formats) with a NUL byte, saying where."""
    index = body.find(b"\x00")
    if index >= 0:
        line = body.count(b"\n", 0, index) + 1
        column = index - (body.rfind(b"\n", 0, index) + 1) + 1
        raise ProblemError(
            400,
            Message(
                "the document contains a NUL character at line %(line)s, column %(column)s",
                line=line,
                column=column,
            ),
        )


class RequestLimits:
    """ASGI middleware: refuse a request whose headers or query string are larger than any
    browser or client sends (431, 414), before anything reads them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = sum(len(name) + len(value) for name, value in scope["headers"])
            if size > MAX_HEADER_BYTES:
                await _refuse(send, 431, "Request Header Fields Too Large")
                return
            if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
                await _refuse(send, 414, "URI Too Long")
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, reason: str) -> None:
    problem = {"type": "about:blank", "title": reason, "status": status, "detail": reason}
    body = json.dumps(problem).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
