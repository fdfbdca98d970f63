# SPDX-License-Identifier: EUPL-1.2
"""Vulnerabilities on the web: for an organisation's members, what they must act on (page and
API); for the public, per component, the open advisories and how many entries use an affected
version, naming the entries only after the embargo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.exports import atom
from catalogue.messages import Message
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Permission, Principal
from catalogue.vulnerabilities import models, queries
from catalogue.web.auth import bearer_principal, signed_in
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import EncodedResponse, found
from catalogue.web.params import LANG, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from catalogue.web.schemas import API, Count, MaybeMoment, Moment, components, iso
from catalogue.web.streaming import etag_of, export_response, site_address


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class Advisory(msgspec.Struct, forbid_unknown_fields=True):
    """A security advisory, as OSV gives it."""

    id: Annotated[str, _described("OSV id, e.g. GHSA-….")]
    aliases: Annotated[list[str], _described("Other ids, e.g. CVE-2021-44228.")]
    summary: Annotated[str, _described("One line, from OSV.")]
    severity: Annotated[str, _described("CVSS vector(s) as OSV gives them, or empty.")]
    severity_label: Annotated[str, _described("LOW, MODERATE, HIGH or CRITICAL where given.")]
    published: Annotated[MaybeMoment, _described("When OSV first published it.")]
    modified: Annotated[Moment, _described("When OSV last changed it.")]
    references: Annotated[list[str], _described("Addresses to read more.")]


class AffectedSoftware(msgspec.Struct, forbid_unknown_fields=True):
    """The catalogue entry that uses an affected component."""

    id: int
    name: str
    url: str


class AffectedComponent(msgspec.Struct, forbid_unknown_fields=True):
    """The component, in the version the entry uses."""

    key: str
    name: str
    version: str | None
    purl: str | None


class Exposure(msgspec.Struct, forbid_unknown_fields=True):
    """An entry that uses a component in a version an advisory affects."""

    software: AffectedSoftware
    component: AffectedComponent
    advisory: Advisory
    fixed_version: str | None
    first_seen_at: Moment


class OrganisationExposures(msgspec.Struct, forbid_unknown_fields=True):
    """What an organisation's entries are exposed to: for its members to act on."""

    organisation: str
    items: list[Exposure]


class DisclosedUse(msgspec.Struct, forbid_unknown_fields=True):
    """An entry that uses an affected version, named after the embargo."""

    software: int
    version: str | None
    advisories: list[str]


class ComponentExposure(msgspec.Struct, forbid_unknown_fields=True):
    """The open advisories on a component, and how many entries use an affected version."""

    key: str
    advisories: list[Advisory]
    entries_affected: Count
    disclosed: Annotated[
        list[DisclosedUse],
        _described("Entries named after the embargo; the others are only counted."),
    ]


SCHEMAS = components(Advisory, OrganisationExposures, ComponentExposure)


def embargo_of(request: Request) -> timedelta:
    return timedelta(days=request.app.state.settings.vulnerability_embargo_days)


EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # a feed with no entries yet was last updated then


def now() -> datetime:
    return datetime.now(UTC)


def advisory_resource(advisory: models.Advisory) -> Advisory:
    return Advisory(
        id=advisory.id,
        aliases=list(advisory.aliases),
        summary=advisory.summary,
        severity=advisory.severity,
        severity_label=advisory.severity_label,
        published=iso(advisory.published),
        modified=advisory.modified.isoformat(),
        references=list(advisory.references),
    )


def exposure_resource(exposure: models.Exposure) -> Exposure:
    dependency = exposure.dependency
    return Exposure(
        software=AffectedSoftware(
            dependency.software_id,
            dependency.software.name,
            f"{API}/software/{dependency.software_id}",
        ),
        component=AffectedComponent(
            dependency.key, dependency.name, dependency.version, dependency.purl
        ),
        advisory=advisory_resource(exposure.advisory),
        fixed_version=exposure.fixed_version,
        first_seen_at=exposure.first_seen_at.isoformat(),
    )


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
    return EncodedResponse(
        OrganisationExposures(organisation.slug, [exposure_resource(item) for item in exposures])
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


def _entry(exposure: models.Exposure, page: str) -> atom.Entry:
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
    return EncodedResponse(
        ComponentExposure(
            key=key,
            advisories=[advisory_resource(advisory) for advisory in exposure.advisories],
            entries_affected=exposure.entries_affected,
            disclosed=[
                DisclosedUse(use.software_id, use.version, list(use.advisories))
                for use in exposure.disclosed
            ],
        )
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
