# SPDX-License-Identifier: EUPL-1.2
"""Components: the API and pages of what catalogue software is made of, with the software that
uses each; and the JSON of dependencies and SBOMs, which the software's own endpoints serve
(catalogue.software.web.sboms)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue import sbom
from catalogue.components import models, queries
from catalogue.components.models import DependencySource
from catalogue.messages import Message
from catalogue.organisations.web import OrganisationRef, reference
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import EncodedResponse, page_request, page_response
from catalogue.web.links import page_links
from catalogue.web.params import LANG, PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from catalogue.web.schemas import API, Count, Moment, components, one_of

COMPONENT_PARAMS = (
    Param("q", "Free text, matched against component names and keys.", max_length=200),
    PAGE,
    PER_PAGE,
)


def component_url(key: str) -> str:
    return f"{API}/components/{quote(key, safe='/:@')}"


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class Dependency(msgspec.Struct, forbid_unknown_fields=True):
    """A component a software entry depends on, from an SBOM, its code host or its
    publiccode.yml."""

    key: Annotated[
        str, _described("The component across versions: purl without version, or name:<name>.")
    ]
    name: str
    version: Annotated[str | None, _described("Version or version range.")]
    purl: Annotated[str | None, _described("Package URL, verbatim.")]
    kind: Annotated[
        str,
        _described("package (SBOM), or open, proprietary or hardware (publiccode.yml)."),
    ]
    source: DependencySource
    licence_concluded: Annotated[str | None, _described("Licence the SBOM's author concluded.")]
    licence_declared: Annotated[str | None, _described("Licence the component's authors declared.")]
    component_url: str


def dependency_resource(item: models.Dependency) -> Dependency:
    return Dependency(
        key=item.key,
        name=item.name,
        version=item.version,
        purl=item.purl,
        kind=item.kind,
        source=item.source,
        licence_concluded=item.licence_concluded,
        licence_declared=item.licence_declared,
        component_url=component_url(item.key),
    )


class SbomDocument(msgspec.Struct, forbid_unknown_fields=True):
    """An SPDX document (software bill of materials) given for a software entry."""

    id: int
    name: Annotated[str, _described("The document's own name.")]
    spdx_version: Annotated[str, _described("SPDX version, e.g. SPDX-2.3.")]
    format: Annotated[str, one_of(sbom.SbomFormat), _described("File format it came in.")]
    namespace: Annotated[str | None, _described("Document namespace.")]
    source: DependencySource
    component_count: Count
    warnings: Annotated[list[str], _described("Validation messages, kept as warnings.")]
    added_by: Annotated[str, _described("Empty for uploads: people stay private.")]
    created_at: Moment
    software_url: str


def sbom_resource(document: models.SbomDocument) -> SbomDocument:
    return SbomDocument(
        id=document.pk,
        name=document.name,
        spdx_version=document.spdx_version,
        format=document.format,
        namespace=document.namespace,
        source=document.source,
        component_count=document.component_count,
        warnings=list(document.warnings),
        added_by=document.added_by if document.source != DependencySource.SBOM else "",
        created_at=document.created_at.isoformat(),
        software_url=f"{API}/software/{document.software_id}",
    )


class Component(msgspec.Struct, forbid_unknown_fields=True):
    """A component used by catalogue software, with how many entries use it."""

    key: str
    name: str
    used_by: Annotated[Count, _described("How many catalogue entries use it.")]
    url: str


class UsingSoftware(msgspec.Struct, forbid_unknown_fields=True):
    """A catalogue entry that uses a component."""

    id: int
    name: str
    url: str


class ComponentUse(msgspec.Struct, forbid_unknown_fields=True):
    """One use of a component: the software, its organisation, which version, known how."""

    software: UsingSoftware
    organisation: OrganisationRef
    version: str | None
    source: DependencySource


class ComponentDetail(msgspec.Struct, forbid_unknown_fields=True):
    """A component and the software that uses it."""

    key: str
    name: str
    used_by: list[ComponentUse]


SCHEMAS = components(Dependency, SbomDocument, Component, ComponentDetail)


async def component_list(request: Request) -> Response:
    values = parse_query(request.query_params, COMPONENT_PARAMS)
    page = await queries.page_of_components(values["q"], page_request(values))
    return page_response(
        request,
        page,
        [Component(c.key, c.name, c.used_by, component_url(c.key)) for c in page.items],
    )


async def component_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    key = request.path_params["key"]
    uses = await queries.component_users(key)
    if not uses:
        raise ProblemError(404, f"no software in the catalogue uses a component {key[:300]!r}")
    return EncodedResponse(
        ComponentDetail(
            key=key,
            name=uses[0].name,
            used_by=[
                ComponentUse(
                    software=UsingSoftware(
                        use.software.pk, use.software.name, f"{API}/software/{use.software.pk}"
                    ),
                    organisation=reference(
                        use.software.organisation.slug, use.software.organisation.name
                    ),
                    version=use.version,
                    source=use.source,
                )
                for use in uses
            ],
        )
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
