# SPDX-License-Identifier: EUPL-1.2
"""Vulnerabilities on the web: for an organisation's members, what they must act on (page and
API); for the public, per component, the open advisories and how many entries use an affected
version, naming the entries only after the embargo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from catalogue.exports import atom
from catalogue.messages import Message
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Permission, Principal
from catalogue.vulnerabilities import queries
from catalogue.vulnerabilities.models import Advisory, Exposure
from catalogue.web.auth import bearer_principal, signed_in
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import found
from catalogue.web.params import LANG, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from catalogue.web.schemas import API, DATETIME, NULLABLE_STRING, STRING, closed_object, iso
from catalogue.web.streaming import etag_of, export_response, site_address

STRINGS = {"type": "array", "items": STRING}
ADVISORY = closed_object(
    {
        "id": STRING,
        "aliases": STRINGS,
        "summary": STRING,
        "severity": STRING,
        "severity_label": STRING,
        "published": {"type": ["string", "null"], "format": "date-time"},
        "modified": DATETIME,
        "references": STRINGS,
    }
)
EXPOSURE = closed_object(
    {
        "software": closed_object({"id": {"type": "integer"}, "name": STRING, "url": STRING}),
        "component": closed_object(
            {"key": STRING, "name": STRING, "version": NULLABLE_STRING, "purl": NULLABLE_STRING}
        ),
        "advisory": {"$ref": "#/components/schemas/Advisory"},
        "fixed_version": NULLABLE_STRING,
        "first_seen_at": DATETIME,
    }
)
ORGANISATION_EXPOSURES = closed_object(
    {"organisation": STRING, "items": {"type": "array", "items": EXPOSURE}}
)
COMPONENT_EXPOSURE = closed_object(
    {
        "key": STRING,
        "advisories": {"type": "array", "items": {"$ref": "#/components/schemas/Advisory"}},
        "entries_affected": {"type": "integer", "minimum": 0},
        "disclosed": {
            "type": "array",
            "description": "Entries named after the embargo; the others are only counted.",
            "items": closed_object(
                {"software": {"type": "integer"}, "version": NULLABLE_STRING, "advisories": STRINGS}
            ),
        },
    }
)
SCHEMAS = {
    "Advisory": ADVISORY,
    "OrganisationExposures": ORGANISATION_EXPOSURES,
    "ComponentExposure": COMPONENT_EXPOSURE,
}


def embargo_of(request: Request) -> timedelta:
    return timedelta(days=request.app.state.settings.vulnerability_embargo_days)


EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # a feed with no entries yet was last updated then


def now() -> datetime:
    return datetime.now(UTC)


def advisory_json(advisory: Advisory) -> dict[str, Any]:
    return {
        "id": advisory.id,
        "aliases": list(advisory.aliases),
        "summary": advisory.summary,
        "severity": advisory.severity,
        "severity_label": advisory.severity_label,
        "published": iso(advisory.published) if advisory.published else None,
        "modified": iso(advisory.modified),
        "references": list(advisory.references),
    }


def exposure_json(exposure: Exposure) -> dict[str, Any]:
    dependency = exposure.dependency
    return {
        "software": {
            "id": dependency.software_id,
            "name": dependency.software.name,
            "url": f"{API}/software/{dependency.software_id}",
        },
        "component": {
            "key": dependency.key,
            "name": dependency.name,
            "version": dependency.version,
            "purl": dependency.purl,
        },
        "advisory": advisory_json(exposure.advisory),
        "fixed_version": exposure.fixed_version,
        "first_seen_at": iso(exposure.first_seen_at),
    }


async def _organisation_for(principal: Principal, slug: str) -> Organisation:
    """The organisation, once the principal is known to be signed in; 403 unless a member who
    may read its vulnerabilities."""
    organisation = found(
        await organisation_queries.organisation_detail(slug), Message("no such organisation")
    )
    if not principal.can(Permission.READ_VULNERABILITIES, organisation.pk):
        raise ProblemError(
            403, Message("only the organisation's developers and administrators may see this")
        )
    return organisation


async def _member_organisation(request: Request) -> Organisation:
    """The organisation of the path, for a bearer of a member's token: 401 before any lookup
    for anyone else (no probing of organisations), 403 for a non-member."""
    principal = await bearer_principal(request)
    if not principal.signed_in:
        raise ProblemError(
            401, "sign in with a bearer token to read this", headers={"WWW-Authenticate": "Bearer"}
        )
    return await _organisation_for(principal, request.path_params["slug"])


async def organisation_vulnerabilities(request: Request) -> Response:
    parse_query(request.query_params, ())
    organisation = await _member_organisation(request)
    exposures = await queries.organisation_exposures(organisation.pk)
    return JSONResponse(
        {"organisation": organisation.slug, "items": [exposure_json(item) for item in exposures]}
    )


async def organisation_vulnerabilities_feed(request: Request) -> Response:
    """The same as an Atom feed, newest finding first, for the members' feed readers."""
    parse_query(request.query_params, ())
    organisation = await _member_organisation(request)
    exposures = await queries.organisation_exposures(organisation.pk)
    site = site_address(request)
    page = f"{site}/organisaties/{organisation.slug}/kwetsbaarheden"
    head = atom.Feed(
        id=f"{site}/api/v1/organisations/{organisation.slug}/vulnerabilities.atom",
        title=f"Bekende kwetsbaarheden: {organisation.name}",
        updated=max((item.first_seen_at for item in exposures), default=EPOCH),
        links=(atom.Link(str(request.url), rel="self", type=atom.MEDIA_TYPE), atom.Link(page)),
    )
    entries = [_entry(item, page) for item in exposures]
    basis = "\n".join(
        f"{item.pk}:{item.first_seen_at.isoformat()}:{item.fixed_version}" for item in exposures
    )

    async def body() -> AsyncIterator[str]:
        for chunk in atom.write(head, entries):
            yield chunk

    return export_response(
        request, media_type=atom.MEDIA_TYPE, etag=etag_of(request, basis, site), body=body
    )


def _entry(exposure: Exposure, page: str) -> atom.Entry:
    dependency, advisory = exposure.dependency, exposure.advisory
    move = f" Bijwerken naar {exposure.fixed_version}." if exposure.fixed_version else ""
    return atom.Entry(
        id=f"{page}#exposure-{exposure.pk}",
        title=f"{advisory.id}: {dependency.software.name} gebruikt {dependency.name} "
        f"{dependency.version or ''}".strip(),
        updated=exposure.first_seen_at,
        published=exposure.first_seen_at,
        links=(atom.Link(page),),
        summary=f"{advisory.summary}{move}".strip(),
    )


async def organisation_vulnerabilities_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await signed_in(request)
    organisation = await _organisation_for(principal, request.path_params["slug"])
    exposures = await queries.organisation_exposures(organisation.pk)
    return await render(
        request, "vulnerabilities.html", organisation=organisation, exposures=exposures
    )


async def component_vulnerabilities(request: Request) -> Response:
    parse_query(request.query_params, ())
    key = request.path_params["key"]
    exposure = await queries.component_exposure(key, now=now(), embargo=embargo_of(request))
    return JSONResponse(
        {
            "key": key,
            "advisories": [advisory_json(advisory) for advisory in exposure.advisories],
            "entries_affected": exposure.entries_affected,
            "disclosed": [
                {
                    "software": use.software_id,
                    "version": use.version,
                    "advisories": list(use.advisories),
                }
                for use in exposure.disclosed
            ],
        }
    )


async def component_vulnerabilities_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    key = request.path_params["key"]
    exposure = await queries.component_exposure(key, now=now(), embargo=embargo_of(request))
    return await render(
        request,
        "component_vulnerabilities.html",
        key=key,
        exposure=exposure,
        embargo_days=embargo_of(request).days,
    )


ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/organisations/{slug}/vulnerabilities",
        operation_id="listOrganisationVulnerabilities",
        summary="The open advisories affecting an organisation's entries (its members only)",
        handler=organisation_vulnerabilities,
        schema="OrganisationExposures",
        errors=(400, 401, 403, 404),
        secured=True,
    ),
    Endpoint(
        method="GET",
        path="/organisations/{slug}/vulnerabilities.atom",
        operation_id="feedOrganisationVulnerabilities",
        summary="The same as an Atom feed, for the members' feed readers",
        handler=organisation_vulnerabilities_feed,
        errors=(400, 401, 403, 404),
        secured=True,
        media_types=(atom.MEDIA_TYPE,),
    ),
    Endpoint(
        method="GET",
        path="/components/{key}/vulnerabilities",
        operation_id="getComponentVulnerabilities",
        summary="A component's open advisories and how many entries use an affected version",
        handler=component_vulnerabilities,
        schema="ComponentExposure",
    ),
)

ROUTES = [
    Route(
        "/organisaties/{slug}/kwetsbaarheden",
        organisation_vulnerabilities_page,
        name="organisation_vulnerabilities",
    ),
    Route(
        "/componenten/{key:path}/kwetsbaarheden",
        component_vulnerabilities_page,
        name="component_vulnerabilities",
    ),
]
