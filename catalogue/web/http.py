# SPDX-License-Identifier: EUPL-1.2
"""The HTTP toolkit every handler uses: reading JSON bodies and forms, path ids, lookups that
answer 404, pages of a list, redirects. A handler parses, calls one service or query, answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from catalogue.paging import Page, PageRequest
from catalogue.web import auth
from catalogue.web.boundary import check_depth, check_storable, check_text_body, unstorable
from catalogue.web.links import link_header
from catalogue.web.params import MAX_ID, Param
from catalogue.web.problems import ProblemError

T = TypeVar("T")
MAX_BODY_BYTES = 64 * 1024
MAX_FIELDS = 50
MAX_FIELD_BYTES = 64 * 1024


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; a 4xx problem for anything else."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ProblemError(415, "send the body as application/json")
    body = await raw_body(request, MAX_BODY_BYTES, noun="body")
    check_depth(body)
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProblemError(400, "the body is not UTF-8") from None
    except json.JSONDecodeError as error:
        raise ProblemError(
            400,
            f"the body is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
        ) from None
    if not isinstance(document, dict):
        raise ProblemError(400, "the body must be a JSON object")
    check_storable(document)
    return document


async def raw_body(request: Request, limit: int, *, noun: str = "document") -> bytes:
    """The request's body, refused (413) past `limit` bytes while it is still arriving."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProblemError(413, f"the {noun} is larger than {limit} bytes")
    return bytes(body)


async def text_document(request: Request, limit: int) -> bytes:
    """An uploaded text document (an SBOM): bounded, not empty, and without a NUL byte."""
    body = await raw_body(request, limit)
    if not body:
        raise ProblemError(400, "the body is empty: send the document itself")
    check_text_body(body)
    return body


async def posted(request: Request, *, max_fields: int = MAX_FIELDS) -> dict[str, str]:
    """The form's fields, after checking its CSRF token; repeated fields keep the first."""
    async with request.form(
        max_files=0, max_fields=max_fields, max_part_size=MAX_FIELD_BYTES
    ) as form:
        auth.check_csrf(request, form.get(auth.CSRF_FIELD))
        fields = {key: str(form.get(key)) for key in form if key != auth.CSRF_FIELD}
    for key, value in fields.items():
        problem = unstorable(key) or unstorable(value)
        if problem is not None:
            raise ProblemError(400, f"{key[:100]!r}: {problem}")
    return fields


def path_id(request: Request, noun: str) -> int:
    """The `{id}` of the path; ids beyond the database's range are simply not there (404)."""
    value: int = request.path_params["id"]
    if value > MAX_ID:
        raise ProblemError(404, f"there is no {noun} with id {value}")
    return value


def found(row: T | None, detail: str) -> T:
    """`row`, or a 404 problem saying `detail` when the lookup found nothing."""
    if row is None:
        raise ProblemError(404, detail)
    return row


def sort_param(sorts: dict[str, tuple[str, ...]]) -> Param:
    return Param("sort", "Order; a leading - reverses it.", choices=tuple(sorts), default="name")


def page_request(values: dict[str, Any]) -> PageRequest:
    return PageRequest(
        page=values["page"], per_page=values["per_page"], cursor=values.get("cursor")
    )


def _plain(value: Any) -> Any:
    """What JSONResponse writes of a subclass of str, int or float (a Message, say), which
    msgspec does not encode by itself."""
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    raise NotImplementedError(f"cannot encode {type(value).__name__} as JSON")


_encode = msgspec.json.Encoder(enc_hook=_plain).encode


class EncodedResponse(JSONResponse):
    """JSON encoded by msgspec: the API's resources (Structs) and plain values alike, byte for
    byte what JSONResponse writes of the latter (compact, UTF-8)."""

    def render(self, content: Any) -> bytes:
        return _encode(content)


def page_response(request: Request, page: Page[Any], items: Sequence[Any]) -> Response:
    """A page of a list as JSON, with RFC 8288 links to the other pages."""
    headers = {"Link": link_header(request.url, page)} if page.total else {}
    body: dict[str, Any] = {"items": items, "total": page.total}
    if not page.exact:  # only lists that stop counting say so
        body["total_is_estimate"] = page.estimated
        body["total_is_lower_bound"] = page.capped
    if page.next_cursor is not None:
        body["next_cursor"] = page.next_cursor
    return EncodedResponse(body, headers=headers)


def redirect(path: str) -> Response:
    """After a form post: see the result (303, so that reloading does not post again)."""
    return RedirectResponse(path, status_code=303)
