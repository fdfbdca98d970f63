# SPDX-License-Identifier: EUPL-1.2
"""The organisations' pages: the list, and one organisation with its software, release
statuses and harvest freshness. They list software, so they live with it (the organisations
package sits below the software that belongs to them)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.harvests import queries as harvest_queries
from catalogue.messages import Message
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.web import ORGANISATION_PARAMS, organisation_filters
from catalogue.paging import PageRequest
from catalogue.software import queries
from catalogue.web.http import found, page_request
from catalogue.web.links import page_links
from catalogue.web.params import LANG, PAGE, parse_query
from catalogue.web.rendering import render

SOFTWARE_PER_PAGE = 50


async def organisation_list(request: Request) -> Response:
    values = parse_query(request.query_params, (*ORGANISATION_PARAMS, LANG))
    page = await organisation_queries.list_organisations(
        organisation_filters(values), page_request(values)
    )
    return await render(
        request,
        "organisation_list.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
    )


async def organisation_detail(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, LANG))
    organisation = found(
        await organisation_queries.organisation_detail(request.path_params["slug"]),
        Message("no such organisation"),
    )
    software = await queries.list_software(
        queries.SoftwareFilters(organisation=organisation),
        PageRequest(page=values["page"], per_page=SOFTWARE_PER_PAGE),
    )
    return await render(
        request,
        "organisation_detail.html",
        organisation=organisation,
        software=software,
        figures=await queries.openness(organisation),
        harvested=await harvest_queries.harvest_freshness(organisation),
        links=page_links(request.url, software),
    )


ROUTES = [
    Route("/organisaties", organisation_list, name="organisation_list"),
    Route("/organisaties/{slug}", organisation_detail, name="organisation_detail"),
]
