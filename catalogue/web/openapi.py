# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI 3.1 document of the API, built from the endpoint declarations of every domain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from catalogue.web.endpoints import Endpoint
from catalogue.web.schemas import PROBLEM

PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _success(endpoint: Endpoint) -> dict[str, Any]:
    if endpoint.media_types:
        return _export_success(endpoint)
    if endpoint.schema is None:
        return {"description": HTTPStatus(endpoint.status).phrase}
    item = {"$ref": f"#/components/schemas/{endpoint.schema}"}
    body: dict[str, Any] = item
    if endpoint.is_list:
        body = {
            "type": "object",
            "required": ["items", "total"],
            "additionalProperties": False,
            "properties": {
                "items": {"type": "array", "items": item},
                "total": {"type": "integer", "minimum": 0},
                "total_is_estimate": {
                    "type": "boolean",
                    "description": "The total is the database's estimate (a large list).",
                },
                "total_is_lower_bound": {
                    "type": "boolean",
                    "description": "There are more than `total` (counting stopped there).",
                },
                "next_cursor": {
                    "type": "string",
                    "description": "The `cursor` of the next page; absent on the last.",
                },
            },
        }
    answer: dict[str, Any] = {
        "description": HTTPStatus(endpoint.status).phrase,
        "content": {"application/json": {"schema": body}},
    }
    if endpoint.is_list:
        answer["headers"] = {
            "Link": {
                "description": "RFC 8288 links to the first, prev, next and last pages.",
                "schema": {"type": "string"},
            }
        }
    return answer


# Media types whose documents are data (JSON, JSON-LD, YAML): described by the endpoint's schema.
# The others (CSV, Turtle, Atom) are text in a grammar of their own.
DATA_MEDIA_TYPES = ("application/json", "application/ld+json", "application/yaml")


def _export_success(endpoint: Endpoint) -> dict[str, Any]:
    """An export: a streamed document in its own media type, with a validator for caching."""
    data = {"schema": {"$ref": f"#/components/schemas/{endpoint.schema}"}}
    text = {"schema": {"type": "string"}}
    return {
        "description": HTTPStatus(endpoint.status).phrase,
        "content": {
            media_type: data if endpoint.schema and media_type in DATA_MEDIA_TYPES else text
            for media_type in endpoint.media_types
        },
        "headers": {
            "ETag": {
                "description": "Changes whenever the export would; send it back in "
                "If-None-Match to get 304 Not Modified.",
                "schema": {"type": "string"},
            }
        },
    }


WARNING_HEADER = {
    "description": "Names the query parameters that this operation does not know, which were "
    "ignored (RFC 9111 warn-code 299), e.g. "
    '`299 opentenzij "unknown query parameters ignored: colour"`.',
    "schema": {"type": "string"},
}
DESCRIPTION = """\
Reads are public and may be made from a web page on any site: GET and HEAD answer with
`Access-Control-Allow-Origin: *` (CORS, without credentials); writes are not open to other
sites and take a bearer token.

A query parameter that an operation does not know is ignored, and named in the answer's
`Warning` header (`299 opentenzij "unknown query parameters ignored: NAME"`); a parameter given
twice, or with a value it does not take, is a 400 problem.

PATCH is a partial update: a property left out stays as it is, `null` clears a property that
may be empty, and a property that cannot be set is refused with a 422 problem naming it.
Errors are `application/problem+json` (RFC 9457) with an `errors` list per field."""


def _operation(endpoint: Endpoint) -> dict[str, Any]:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": schema}
        for name, schema in endpoint.path_params
    ] + [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.description,
            "schema": p.schema(),
        }
        for p in endpoint.params
    ]
    names = endpoint.path_params or any(p.names for p in endpoint.params)
    errors = set(endpoint.errors) | ({404} if names else set())
    success = _success(endpoint)
    success["headers"] = {**success.get("headers", {}), "Warning": WARNING_HEADER}
    responses = {str(endpoint.status): success}
    if endpoint.media_types:
        responses["304"] = {"description": "Not Modified: the ETag sent still holds."}
    responses |= {
        str(status): {"description": HTTPStatus(status).phrase, "content": PROBLEM_CONTENT}
        for status in sorted(errors)
    }
    operation: dict[str, Any] = {
        "operationId": endpoint.operation_id,
        "summary": endpoint.summary,
        "parameters": parameters,
        "responses": responses,
    }
    if endpoint.body_media_types:
        raw = {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}
        operation["requestBody"] = {
            "required": True,
            "content": {media_type: raw for media_type in endpoint.body_media_types},
        }
    if endpoint.body:
        operation["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{endpoint.body}"}}
            },
        }
    if endpoint.secured:
        operation["security"] = [{"bearer": []}]
    return operation


# Text in a request body: no C0 control character but tab, line feed and carriage return, as
# catalogue.inputs refuses them (and NUL, which no database stores, as the boundary does).
BODY_TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$"


def _body_texts(schema: Any) -> Any:
    """`schema` with every free-text string in it (no enum, format or pattern) saying what the
    boundary and the input checks refuse."""
    if isinstance(schema, list):
        return [_body_texts(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: _body_texts(value) for key, value in schema.items()}
    kinds = copy.get("type")
    is_text = kinds == "string" or (isinstance(kinds, list) and "string" in kinds)
    if is_text and not {"enum", "format", "pattern", "const"} & copy.keys():
        copy["pattern"] = BODY_TEXT_PATTERN
    return copy


def openapi_document(endpoints: Iterable[Endpoint], schemas: Mapping[str, Any]) -> dict[str, Any]:
    """The whole OpenAPI document of these endpoints and the JSON Schemas they name."""
    paths: dict[str, dict[str, Any]] = {}
    endpoints = tuple(endpoints)
    bodies = {endpoint.body for endpoint in endpoints if endpoint.body}
    schemas = {
        name: _body_texts(schema) if name in bodies else schema for name, schema in schemas.items()
    }
    for endpoint in endpoints:
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = _operation(endpoint)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "opentenzij API",
            "version": "1.0.0",
            "summary": "Dutch government source code and the decisions not to release it.",
            "description": DESCRIPTION,
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": {"Problem": PROBLEM, **schemas},
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token, made on your account page or with "
                    "`opentenzij user token`.",
                }
            },
        },
    }


def openapi_route(endpoints: Sequence[Endpoint], schemas: Mapping[str, Any]) -> Route:
    """GET /openapi.json: the document, built on the first request and kept."""

    @cache
    def document() -> dict[str, Any]:
        return openapi_document(endpoints, schemas)

    async def openapi(request: Request) -> Response:
        return JSONResponse(document())

    return Route("/openapi.json", openapi, methods=["GET"])
