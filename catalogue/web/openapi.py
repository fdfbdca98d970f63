# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI 3.1 document of the API, built from the endpoint declarations in api.py."""

from __future__ import annotations

from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.web.api import ENDPOINTS, Endpoint
from catalogue.web.representations import SCHEMAS

PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _operation(endpoint: Endpoint) -> dict[str, Any]:
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
            },
        }
    parameters = [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.description,
            "schema": p.schema(),
        }
        for p in endpoint.params
    ]
    if endpoint.path_param:
        name, kind = endpoint.path_param
        parameters.insert(
            0, {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
        )
    ok: dict[str, Any] = {"description": "OK", "content": {"application/json": {"schema": body}}}
    if endpoint.is_list:
        ok["headers"] = {
            "Link": {
                "description": "RFC 8288 links to the first, prev, next and last pages.",
                "schema": {"type": "string"},
            }
        }
    responses = {
        "200": ok,
        "400": {"description": "Invalid query parameters", "content": PROBLEM_CONTENT},
    }
    if endpoint.path_param:
        responses["404"] = {"description": "No such resource", "content": PROBLEM_CONTENT}
    return {
        "operationId": endpoint.operation_id,
        "summary": endpoint.summary,
        "parameters": parameters,
        "responses": responses,
    }


@cache
def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document (built once per process)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "opentenzij API",
            "version": "1.0.0",
            "summary": "Dutch government source code and the decisions not to release it.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {e.path: {"get": _operation(e)} for e in ENDPOINTS},
        "components": {"schemas": SCHEMAS},
    }


async def openapi_endpoint(request: Request) -> Response:
    return JSONResponse(openapi_document())
