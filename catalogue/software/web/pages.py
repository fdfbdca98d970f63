# SPDX-License-Identifier: EUPL-1.2
"""The catalogue's main pages: home, the software list with its facets, one entry."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue import paging
from catalogue.components import queries as component_queries
from catalogue.harvests import queries as harvest_queries
from catalogue.messages import Message
from catalogue.organisations import queries as organisation_queries
from catalogue.software import facets as software_facets
from catalogue.software import queries
from catalogue.software.web import api, signals
from catalogue.web import http
from catalogue.web.auth import session_principal
from catalogue.web.licences import licence_explained
from catalogue.web.links import page_links, toggle_url
from catalogue.web.params import LANG, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from wooexemptions import queries as register_queries
from wooexemptions.grounds import ground as woo_ground
from wooexemptions.queries import in_force

DEPENDENCIES_SHOWN = 100


async def home(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    organisations = await organisation_queries.list_organisations(
        organisation_queries.OrganisationFilters(sort="-software"), paging.PageRequest(per_page=8)
    )
    recent = await queries.list_software(
        queries.SoftwareFilters(sort="-created"), paging.PageRequest(per_page=6)
    )
    return await render(
        request,
        "home.html",
        figures=await queries.openness(),
        organisations=organisations,
        recent=recent,
    )


async def software_list(request: Request) -> Response:
    values = parse_query(request.query_params, (*api.SOFTWARE_LIST_PARAMS, LANG))
    filters, page = await api.list_page(values, request)
    facets = await software_facets.software_facets(filters)
    return await render(
        request,
        "software_list.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
        organisations=await organisation_queries.organisation_choices(),
        suggestions=await queries.suggestions(filters.q) if filters.q and not page.total else [],
        cursor_used=bool(values.get("cursor")),
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
    software = await queries.software_detail(http.path_id(request, "software"))
    if software is None:
        raise ProblemError(404, Message("no such software"))
    harvests = await harvest_queries.latest_harvest_logs([r.pk for r in software.repository_list])
    dependencies = await component_queries.page_of_dependencies(
        software.pk, paging.PageRequest(per_page=DEPENDENCIES_SHOWN)
    )
    principal = await session_principal(request)
    return await render(
        request,
        "software_detail.html",
        software=software,
        harvests=harvests,
        decision=await in_force(software.pk),
        woo_ground=woo_ground,
        preparing=await register_queries.history(principal, software.pk, software.organisation_id)
        if register_queries.may_see_drafts(principal, software.organisation_id)
        else [],
        licence=licence_explained(software.licence),
        dependencies=dependencies,
        sboms=await component_queries.sboms_of(software.pk),
        woo_requests=await register_queries.public_requests(software.pk),
        quality=(await signals.checklists(request, [software.pk])).get(software.pk, ()),
    )


ROUTES = [
    Route("/software", software_list, name="software_list"),
    Route("/software/{id:int}", software_detail, name="software_detail"),
]
