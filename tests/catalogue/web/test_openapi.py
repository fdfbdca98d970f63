# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI document says what the API really accepts and returns."""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from starlette.routing import Mount, Route

from catalogue.app import create_app, endpoints, openapi_document
from catalogue.harvests.models import HarvestLog, HarvestRun, Outcome
from catalogue.settings import Settings
from tests.catalogue.web.conftest import Catalogue

DOCUMENT_URI = "urn:opentenzij:openapi"


@functools.cache
def the_document() -> dict[str, Any]:
    """The document, made once for the responses checked against it (read, never changed)."""
    return openapi_document()


@functools.cache
def validator_for(pointer: str) -> Draft202012Validator:
    """A JSON Schema validator for the schema at `pointer` inside the OpenAPI document."""
    resource = Resource.opaque(the_document())
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    return Draft202012Validator({"$ref": f"{DOCUMENT_URI}#{pointer}"}, registry=registry)


def escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def check_response(path: str, response: httpx.Response, method: str = "get") -> None:
    """Fail unless the response is documented for the operation and matches its schema."""
    operation = the_document()["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], f"{status} is not documented for {method} {path}"
    if "content" not in operation["responses"][status]:
        assert not response.content
        return
    [(media_type, _)] = operation["responses"][status]["content"].items()
    if "ETag" in operation["responses"][status].get("headers", {}):
        # An export: a streamed document of its own standard (validated by its own tests); a
        # text type gets a charset parameter.
        assert response.headers["content-type"].split(";")[0] == media_type
        return
    assert response.headers["content-type"] == media_type
    pointer = (
        f"/paths/{escape(path)}/{method}/responses/{status}/content/{escape(media_type)}/schema"
    )
    validator_for(pointer).validate(response.json())


def test_the_document_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    validate_spec(document)


def test_the_document_lists_exactly_the_routes_of_the_app() -> None:
    app = create_app(Settings(), connect=False)
    [api] = [r for r in app.routes if isinstance(r, Mount) and r.path == "/api/v1"]
    served = {
        (
            r.path.replace("{id:int}", "{id}")
            .replace("{key:path}", "{key}")
            .replace("{slug:slug}", "{slug}"),
            method.lower(),
        )
        for r in api.routes
        if isinstance(r, Route)
        for method in (r.methods or ()) - {"HEAD"}
    }
    documented = {
        (path, method)
        for path, operations in openapi_document()["paths"].items()
        for method in operations
    }
    assert served - {("/openapi.json", "get")} == documented


async def test_the_document_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/openapi.json")
    assert response.json() == openapi_document()


async def concrete_path(endpoint_path: str, catalogue: Catalogue) -> str:
    """The API path of an endpoint, with the id or slug of a row that exists."""
    repository = await catalogue.signalen.repositories.all().first()
    run = await HarvestRun.first() or await HarvestRun.create(source="github:test")
    if not await HarvestLog.exists():
        await HarvestLog.create(
            run=run, url=repository.url, outcome=Outcome.CHANGED, repository=repository
        )
    ids = {"software": catalogue.signalen.id, "repositories": repository.id, "harvest-runs": run.id}
    path = endpoint_path.replace("{slug}", catalogue.utrecht.slug)
    path = path.replace("{id}", str(ids.get(path.split("/")[1], 0)))
    return f"/api/v1{path}"


ENDPOINTS = endpoints()
PUBLIC_READS = [e for e in ENDPOINTS if e.method == "GET" and not e.secured]
PUBLIC_LISTS = [e for e in PUBLIC_READS if e.is_list and not e.path_params]


@pytest.mark.parametrize("endpoint", PUBLIC_READS, ids=lambda e: e.operation_id)
async def test_responses_match_the_document(
    client: httpx.AsyncClient, catalogue: Catalogue, endpoint: Any
) -> None:
    path = await concrete_path(endpoint.path, catalogue)
    check_response(endpoint.path, await client.get(path))
    check_response(endpoint.path, await client.get(f"{path}?undocumented=1"))
    if endpoint.path_params:
        missing = "/api/v1" + endpoint.path.replace("{id}", "987654").replace("{slug}", "x")
        check_response(endpoint.path, await client.get(missing))


@pytest.mark.parametrize("endpoint", PUBLIC_LISTS, ids=lambda e: e.operation_id)
async def test_every_documented_parameter_is_accepted(
    client: httpx.AsyncClient, catalogue: Catalogue, endpoint: Any
) -> None:
    samples = {"string": "a", "integer": "1", "boolean": "true"}
    overrides = {"organisation": catalogue.utrecht.slug, "licence": "EUPL-1.2"}
    # A cursor is one the list gave.
    first = (await client.get("/api/v1/software?per_page=1")).json()
    overrides["cursor"] = first["next_cursor"]
    for parameter in openapi_document()["paths"][endpoint.path]["get"]["parameters"]:
        schema = parameter["schema"]
        value = (
            overrides.get(parameter["name"])
            or (schema.get("enum") or [None])[0]
            or samples[schema["type"]]
        )
        query = urlencode({parameter["name"]: value})
        response = await client.get(f"/api/v1{endpoint.path}?{query}")
        assert response.status_code == 200, (parameter["name"], response.text)
        check_response(endpoint.path, response)


names = st.sampled_from(
    [
        "q",
        "organisation",
        "licence",
        "language",
        "release_status",
        "sort",
        "page",
        "per_page",
        "kind",
        "forge",
        "archived",
        "active",
        "lang",
    ]
)
values = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**15), 10**15).map(str),
    st.sampled_from(
        [
            "open",
            "-name",
            "EUPL-1.2",
            "true",
            "gemeente-utrecht",
            "%",
            "_",
            "'",
            "\\",
            "\x00",
            "1e9",
            "NaN",
        ]
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    endpoint=st.sampled_from(PUBLIC_LISTS),
    query=st.lists(st.tuples(st.one_of(names, st.text(max_size=10)), values), max_size=4),
)
async def test_no_query_makes_the_server_fail(
    client: httpx.AsyncClient, catalogue: Catalogue, endpoint: Any, query: list[tuple[str, str]]
) -> None:
    response = await client.get(f"/api/v1{endpoint.path}", params=query)
    # 404: a well-formed filter that names nothing (an organisation, a licence); else only the
    # errors the endpoint declares (the software list: 422 for a page past the reach of `page`)
    assert response.status_code in {200, 404, *endpoint.errors}, response.text
    check_response(endpoint.path, response)


@pytest.mark.parametrize(
    ("query", "field"), [({"page": "501"}, "page"), ({"cursor": "bm90IG9uZQ"}, "cursor")]
)
async def test_a_page_the_list_cannot_serve_is_a_declared_422(
    client: httpx.AsyncClient, catalogue: Catalogue, query: dict[str, str], field: str
) -> None:
    """Well-formed, but past the reach of `page` (20 a page: 10,000 entries), or a cursor this
    list never gave: a 422 problem naming the field, as the document declares."""
    response = await client.get("/api/v1/software", params=query)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    check_response("/software", response)


def test_exports_of_data_declare_their_schemas_and_text_its_grammar() -> None:
    """JSON, JSON-LD and YAML answers are described by a schema (schemathesis checks them);
    CSV, Turtle and Atom are text."""
    for path, operations in openapi_document()["paths"].items():
        for operation in operations.values():
            content = operation["responses"].get("200", {}).get("content", {})
            for media_type, described in content.items():
                data = media_type in {"application/json", "application/ld+json", "application/yaml"}
                assert (described["schema"] != {"type": "string"}) is data, (path, media_type)


def test_request_bodies_allow_no_text_the_server_refuses() -> None:
    document = openapi_document()
    name = document["components"]["schemas"]["OrganisationInput"]["properties"]["name"]
    assert re.fullmatch(name["pattern"], "Gemeente\nUtrecht\t")
    assert not re.fullmatch(name["pattern"], "Gemeente\x00")
    assert not re.fullmatch(name["pattern"], "Gemeente\x1b")
