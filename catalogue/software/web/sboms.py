# SPDX-License-Identifier: EUPL-1.2
"""What an entry is made of, under /software/{id}: its dependencies (from SBOMs and its
publiccode.yml), its SBOMs, and uploading a new SBOM."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from catalogue import sbom
from catalogue.components import queries as component_queries
from catalogue.components import services as components
from catalogue.components.web import dependency_resource, sbom_resource
from catalogue.software.web.api import software_or_404
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import EncodedResponse, page_request, page_response, text_document
from catalogue.web.params import PAGE, PER_PAGE, parse_query
from catalogue.web.schemas import API

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


async def software_dependencies(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    software = await software_or_404(request)
    page = await component_queries.page_of_dependencies(software.pk, page_request(values))
    return page_response(request, page, [dependency_resource(item) for item in page.items])


async def software_sboms(request: Request) -> Response:
    parse_query(request.query_params, ())
    software = await software_or_404(request)
    documents = await component_queries.sboms_of(software.pk)
    items = [sbom_resource(d) for d in documents]
    return EncodedResponse({"items": items, "total": len(items)})


async def upload_sbom(request: Request) -> Response:
    """Store an SPDX document for the software; the body is the document itself."""
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    software = await software_or_404(request)
    content = await text_document(request, sbom.MAX_BYTES)
    document = await components.import_sbom(
        principal=principal, software=software, content=content, filename=None
    )
    return EncodedResponse(
        sbom_resource(document),
        status_code=201,
        headers={"Location": f"{API}/software/{software.pk}/sboms"},
    )


ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/software/{id}/dependencies",
        operation_id="listSoftwareDependencies",
        summary="Components the software depends on (from SBOMs and its publiccode.yml)",
        handler=software_dependencies,
        schema="Dependency",
        params=(PAGE, PER_PAGE),
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/software/{id}/sboms",
        operation_id="listSoftwareSboms",
        summary="SBOMs stored for the software, with their validation warnings",
        handler=software_sboms,
        schema="SbomDocument",
        is_list=True,
    ),
    Endpoint(
        method="POST",
        path="/software/{id}/sboms",
        operation_id="uploadSbom",
        summary="Store an SPDX 2.2/2.3 document (JSON, YAML, tag-value, RDF/XML) as the "
        "software's SBOM",
        handler=upload_sbom,
        schema="SbomDocument",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
        body_media_types=SBOM_MEDIA_TYPES,
    ),
)
