# SPDX-License-Identifier: EUPL-1.2
"""The declaration of an API endpoint. Each domain's web module declares its endpoints once;
the routes (`api_routes`) and the OpenAPI document (catalogue.web.openapi) derive from them."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.web.auth import bearer_principal
from catalogue.web.params import MAX_ID, SLUG_PATTERN, Param
from catalogue.web.problems import ProblemError

Handler = Callable[[Request], Awaitable[Response]]
WRITE_ERRORS = (400, 401, 403, 409, 413, 415, 422)


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    """One operation of the API: method, path, parameters, bodies, answers and handler."""

    method: str
    path: str
    operation_id: str
    summary: str
    handler: Handler
    schema: str | None = None  # the JSON body of a success; None for 204
    params: tuple[Param, ...] = ()
    is_list: bool = False
    body: str | None = None  # the schema of the request body
    status: int = 200
    errors: tuple[int, ...] = (400,)
    secured: bool = False  # needs a bearer token
    body_media_types: tuple[str, ...] = ()  # a raw (non-JSON) body in one of these types
    # A success answered in these media types rather than JSON (exports: CSV, Turtle, Atom...);
    # such answers carry an ETag and honour If-None-Match.
    media_types: tuple[str, ...] = ()

    @property
    def path_params(self) -> list[tuple[str, dict[str, Any]]]:
        """Each parameter of the path with its JSON Schema: as the route matches it."""
        names = re.findall(r"\{(\w+)\}", self.path)  # also "{slug}.ttl"
        return [(name, PATH_SCHEMAS.get(name, {"type": "string"})) for name in names]

    @property
    def route_path(self) -> str:
        # A component key holds slashes (pkg:npm/%40scope/name): it takes the rest of the path.
        # A slug is matched as the schema says, so that no longer or stranger one reaches a
        # query (an unmatched path is a 404).
        return (
            self.path.replace("{id}", "{id:int}")
            .replace("{key}", "{key:path}")
            .replace("{slug}", "{slug:slug}")
        )


PATH_SCHEMAS: dict[str, dict[str, Any]] = {
    "id": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "slug": {"type": "string", "pattern": SLUG_PATTERN},
    "key": {"type": "string", "minLength": 1},
}


class SlugConvertor(Convertor[str]):
    """A slug in a path: SLUG_PATTERN."""

    regex = SLUG_PATTERN.strip("^$")

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("slug", SlugConvertor())


def api_routes(endpoints: Iterable[Endpoint]) -> list[Route]:
    """One route per path, dispatching on the method to the declared handlers; a secured
    endpoint's handler runs only for a caller with a valid bearer token."""
    by_path: dict[str, dict[str, Endpoint]] = {}
    for endpoint in endpoints:
        if endpoint.secured:
            endpoint = replace(endpoint, handler=authenticated(endpoint.handler))
        by_path.setdefault(endpoint.route_path, {})[endpoint.method] = endpoint
    return [
        Route(path, _dispatch(methods), methods=list(methods)) for path, methods in by_path.items()
    ]


def authenticated(handler: Handler) -> Handler:
    """`handler`, after checking the caller's bearer token (401 without a valid one): before
    any lookup, so that an anonymous caller learns nothing of what exists (a 404 for one id
    and a 401 for another would tell)."""

    async def guarded(request: Request) -> Response:
        principal = await bearer_principal(request)
        if not principal.signed_in:
            raise ProblemError(
                401,
                "sign in with a bearer token to do this",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return await handler(request)

    return guarded


def _dispatch(methods: dict[str, Endpoint]) -> Handler:
    if len(methods) == 1:
        return next(iter(methods.values())).handler

    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await methods[method].handler(request)

    return dispatch
