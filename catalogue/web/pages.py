# SPDX-License-Identifier: EUPL-1.2
"""HTML pages for people: home, software list and detail, organisation list and detail."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from catalogue import components, queries
from catalogue.messages import Message
from catalogue.web import api, components_api
from catalogue.web.auth import session_principal
from catalogue.web.i18n import LANGUAGES
from catalogue.web.links import page_links, toggle_url
from catalogue.web.metadata_json import licence_explained
from catalogue.web.params import Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from wooexemptions import queries as register_queries
from wooexemptions.decisions import in_force

DEPENDENCIES_SHOWN = 100
LANG = Param("lang", "Language of the page.", choices=LANGUAGES)


async def home(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    counts = await queries.release_status_counts()
    organisations = await queries.list_organisations(
        queries.OrganisationFilters(sort="-software"), queries.PageRequest(per_page=8)
    )
    recent = await queries.list_software(
        queries.SoftwareFilters(sort="-created"), queries.PageRequest(per_page=6)
    )
    return await render(
        request,
        "home.html",
        counts=counts,
        total=sum(counts.values()),
        organisations=organisations,
        recent=recent,
    )


async def software_list(request: Request) -> Response:
    values = parse_query(request.query_params, (*api.SOFTWARE_PARAMS, LANG))
    filters = await api.software_filters(values)
    page = await queries.list_software(filters, api.page_request(values))
    facets = await queries.software_facets(filters)
    return await render(
        request,
        "software_list.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
        organisations=await queries.organisation_choices(),
        facets={
            name: [
                (item, toggle_url(request.url, name, item.value), _chosen(name, values, item.value))
                for item in items
            ]
            for name, items in facets.items()
        },
    )


def _chosen(name: str, values: dict[str, object], candidate: str) -> bool:
    value = values[name]
    if name == "archived":  # without the filter, the current entries are shown
        value = bool(value)
    if isinstance(value, bool):
        return str(value).lower() == candidate
    return value is not None and str(value).lower() == candidate.lower()


async def software_detail(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    software = await queries.software_detail(api.path_id(request, "software"))
    if software is None:
        raise ProblemError(404, Message("no such software"))
    harvests = await queries.latest_harvest_logs([r.pk for r in software.repository_list])
    dependencies = await components.page_of_dependencies(
        software.pk, queries.PageRequest(per_page=DEPENDENCIES_SHOWN)
    )
    principal = await session_principal(request)
    return await render(
        request,
        "software_detail.html",
        software=software,
        harvests=harvests,
        decision=await in_force(software.pk),
        preparing=await register_queries.history(principal, software.pk, software.organisation_id)
        if register_queries.may_see_drafts(principal, software.organisation_id)
        else [],
        licence=licence_explained(software.licence),
        dependencies=dependencies,
        sboms=await components.sboms_of(software.pk),
    )


async def component_list(request: Request) -> Response:
    values = parse_query(request.query_params, (*components_api.COMPONENT_PARAMS, LANG))
    page = await components.page_of_components(values["q"], api.page_request(values))
    return await render(
        request,
        "component_list.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
    )


async def component_detail(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    key = request.path_params["key"]
    uses = await components.component_users(key)
    if not uses:
        raise ProblemError(404, Message("no software in the catalogue uses this component"))
    return await render(request, "component_detail.html", key=key, uses=uses)


async def organisation_list(request: Request) -> Response:
    values = parse_query(request.query_params, (*api.ORGANISATION_PARAMS, LANG))
    page = await queries.list_organisations(
        api.organisation_filters(values), api.page_request(values)
    )
    return await render(
        request,
        "organisation_list.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
    )


async def organisation_detail(request: Request) -> Response:
    values = parse_query(request.query_params, (api.PAGE, LANG))
    organisation = await queries.organisation_detail(request.path_params["slug"])
    if organisation is None:
        raise ProblemError(404, Message("no such organisation"))
    software = await queries.list_software(
        queries.SoftwareFilters(organisation=organisation),
        queries.PageRequest(page=values["page"], per_page=50),
    )
    counts = await queries.release_status_counts(organisation)
    return await render(
        request,
        "organisation_detail.html",
        organisation=organisation,
        software=software,
        counts=counts,
        harvested=await queries.harvest_freshness(organisation),
        links=page_links(request.url, software),
    )


async def error_page(request: Request, error: ProblemError) -> Response:
    response = await render(request, "error.html", status_code=error.status, error=error)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response
