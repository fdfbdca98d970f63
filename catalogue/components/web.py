# SPDX-License-Identifier: EUPL-1.2
"""Components: the API and pages of what catalogue software is made of, with the software that
uses each; and the JSON of dependencies and SBOMs, which the software's own endpoints serve
(catalogue.software.web.sboms)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from catalogue import sbom
from catalogue.components import queries
from catalogue.components.models import Dependency, DependencySource, SbomDocument
from catalogue.messages import Message
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import page_request, page_response
from catalogue.web.links import page_links
from catalogue.web.params import LANG, PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from catalogue.web.schemas import API, NULLABLE_STRING, STRING, closed_object, enum, iso

COMPONENT_PARAMS = (
    Param("q", "Free text, matched against component names and keys.", max_length=200),
    PAGE,
    PER_PAGE,
)


def component_url(key: str) -> str:
    return f"{API}/components/{quote(key, safe='/:@')}"


def dependency_json(item: Dependency) -> dict[str, Any]:
    return {
        "key": item.key,
        "name": item.name,
        "version": item.version,
        "purl": item.purl,
        "kind": item.kind,
        "source": item.source.value,
        "licence_concluded": item.licence_concluded,
        "licence_declared": item.licence_declared,
        "component_url": component_url(item.key),
    }


DEPENDENCY = closed_object(
    {
        "key": STRING,
        "name": STRING,
        "version": NULLABLE_STRING,
        "purl": NULLABLE_STRING,
        "kind": STRING,
        "source": enum(DependencySource),
        "licence_concluded": NULLABLE_STRING,
        "licence_declared": NULLABLE_STRING,
        "component_url": STRING,
    }
)


def sbom_json(document: SbomDocument) -> dict[str, Any]:
    return {
        "id": document.pk,
        "name": document.name,
        "spdx_version": document.spdx_version,
        "format": document.format,
        "namespace": document.namespace,
        "source": document.source.value,
        "component_count": document.component_count,
        "warnings": list(document.warnings),
        "added_by": document.added_by if document.source != DependencySource.SBOM else "",
        "created_at": iso(document.created_at),
        "software_url": f"{API}/software/{document.software_id}",
    }


SBOM_DOCUMENT = closed_object(
    {
        "id": {"type": "integer"},
        "name": STRING,
        "spdx_version": STRING,
        "format": enum(sbom.SbomFormat),
        "namespace": NULLABLE_STRING,
        "source": enum(DependencySource),
        "component_count": {"type": "integer", "minimum": 0},
        "warnings": {"type": "array", "items": STRING},
        "added_by": {"type": "string", "description": "Empty for uploads: people stay private."},
        "created_at": {"type": "string", "format": "date-time"},
        "software_url": STRING,
    }
)
COMPONENT = closed_object(
    {"key": STRING, "name": STRING, "used_by": {"type": "integer", "minimum": 0}, "url": STRING}
)
COMPONENT_USE = closed_object(
    {
        "software": closed_object({"id": {"type": "integer"}, "name": STRING, "url": STRING}),
        "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
        "version": NULLABLE_STRING,
        "source": enum(DependencySource),
    }
)
COMPONENT_DETAIL = closed_object(
    {"key": STRING, "name": STRING, "used_by": {"type": "array", "items": COMPONENT_USE}}
)
SCHEMAS = {
    "Dependency": DEPENDENCY,
    "SbomDocument": SBOM_DOCUMENT,
    "Component": COMPONENT,
    "ComponentDetail": COMPONENT_DETAIL,
}


async def component_list(request: Request) -> Response:
    values = parse_query(request.query_params, COMPONENT_PARAMS)
    page = await queries.page_of_components(values["q"], page_request(values))
    return page_response(
        request,
        page,
        [
            {"key": c.key, "name": c.name, "used_by": c.used_by, "url": component_url(c.key)}
            for c in page.items
        ],
    )


async def component_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    key = request.path_params["key"]
    uses = await queries.component_users(key)
    if not uses:
        raise ProblemError(404, f"no software in the catalogue uses a component {key[:300]!r}")
    return JSONResponse(
        {
            "key": key,
            "name": uses[0].name,
            "used_by": [
                {
                    "software": {
                        "id": use.software.pk,
                        "name": use.software.name,
                        "url": f"{API}/software/{use.software.pk}",
                    },
                    "organisation": {
                        "slug": use.software.organisation.slug,
                        "name": use.software.organisation.name,
                        "url": f"{API}/organisations/{use.software.organisation.slug}",
                    },
                    "version": use.version,
                    "source": use.source.value,
                }
                for use in uses
            ],
        }
    )


async def component_list_page(request: Request) -> Response:
    values = parse_query(request.query_params, (*COMPONENT_PARAMS, LANG))
    page = await queries.page_of_components(values["q"], page_request(values))
    return await render(
        request,
        "component_list.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
    )


async def component_detail_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    key = request.path_params["key"]
    uses = await queries.component_users(key)
    if not uses:
        raise ProblemError(404, Message("no software in the catalogue uses this component"))
    return await render(request, "component_detail.html", key=key, uses=uses)


ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/components",
        operation_id="listComponents",
        summary="Components used by catalogue software, most used first",
        handler=component_list,
        schema="Component",
        params=COMPONENT_PARAMS,
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/components/{key}",
        operation_id="getComponent",
        summary="One component and the software that uses it",
        handler=component_item,
        schema="ComponentDetail",
    ),
)
ROUTES = [
    Route("/componenten", component_list_page, name="component_list"),
    Route("/componenten/{key:path}", component_detail_page, name="component_detail"),
]
