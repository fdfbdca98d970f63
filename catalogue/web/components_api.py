# SPDX-License-Identifier: EUPL-1.2
"""The API of what software is made of: dependencies and SBOMs per software, components with
the software that uses them, and the licences in the catalogue with what they mean."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue import components, queries, sbom
from catalogue.dependencies import Dependency, DependencySource, SbomDocument
from catalogue.licences import facts
from catalogue.web.api import page_request, page_response, path_id
from catalogue.web.auth import bearer_principal
from catalogue.web.metadata_json import LICENCE_EXPLANATION, LICENCE_FACTS, facts_json
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.schemas import API, NULLABLE_STRING, STRING, closed_object, enum, iso

SBOM_MEDIA_TYPES = (
    "application/spdx+json",
    "application/json",
    "text/spdx",
    "application/rdf+xml",
    "application/xml",
    "application/yaml",
    "text/plain",
    "application/octet-stream",
)
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
        "software_url": f"{API}/software/{document.software_id}",  # type: ignore[attr-defined]
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
LICENCE_USE = closed_object(
    {**LICENCE_FACTS["properties"], "software_count": {"type": "integer", "minimum": 0}}
)
SCHEMAS = {
    "LicenceExplanation": LICENCE_EXPLANATION,
    "Dependency": DEPENDENCY,
    "SbomDocument": SBOM_DOCUMENT,
    "Component": COMPONENT,
    "ComponentDetail": COMPONENT_DETAIL,
    "LicenceUse": LICENCE_USE,
}


async def _software(request: Request) -> Any:
    software_id = path_id(request, "software")
    software = await queries.software_detail(software_id)
    if software is None:
        raise ProblemError(404, f"there is no software with id {software_id}")
    return software


async def software_dependencies(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    software = await _software(request)
    page = await components.page_of_dependencies(software.pk, page_request(values))
    return page_response(request, page, [dependency_json(item) for item in page.items])


async def software_sboms(request: Request) -> Response:
    parse_query(request.query_params, ())
    software = await _software(request)
    documents = await components.sboms_of(software.pk)
    return JSONResponse({"items": [sbom_json(d) for d in documents], "total": len(documents)})


async def upload_sbom(request: Request) -> Response:
    """Store an SPDX document for the software; the body is the document itself."""
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    software = await _software(request)
    content = await _body(request, sbom.MAX_BYTES)
    document = await components.import_sbom(
        principal=principal, software=software, content=content, filename=None
    )
    return JSONResponse(
        sbom_json(document),
        status_code=201,
        headers={"Location": f"{API}/software/{software.pk}/sboms"},
    )


async def _body(request: Request, limit: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProblemError(413, f"the document is larger than {limit} bytes")
    if not body:
        raise ProblemError(400, "the body is empty: send the SPDX document itself")
    return bytes(body)


async def component_list(request: Request) -> Response:
    values = parse_query(request.query_params, COMPONENT_PARAMS)
    page = await components.page_of_components(values["q"], page_request(values))
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
    uses = await components.component_users(key)
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


async def licence_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    counts = await queries.licence_counts()
    items = [{**facts_json(facts(key)), "software_count": count} for key, count in counts]
    return JSONResponse({"items": items, "total": len(items)})
