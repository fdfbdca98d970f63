# SPDX-License-Identifier: EUPL-1.2
"""HTML pages for people: home, software list and detail, organisation list and detail."""

from __future__ import annotations

from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from catalogue import queries
from catalogue.models import OrganisationKind, ReleaseStatus
from catalogue.web import api
from catalogue.web.i18n import (
    COOKIE,
    LANGUAGES,
    format_date,
    format_number,
    language_of,
    translations,
)
from catalogue.web.links import page_links
from catalogue.web.params import Param, parse_query
from catalogue.web.problems import ProblemError

LANG = Param("lang", "Language of the page.", choices=LANGUAGES)
ONE_YEAR = 365 * 24 * 3600


def _context(request: Request) -> dict[str, Any]:
    language = language_of(request)
    catalogue = translations(language)

    def gettext(message: str, **values: Any) -> str:
        text = catalogue.gettext(message)
        return text % values if values else text

    return {
        "lang": language,
        "_": gettext,
        "number": lambda value: format_number(value, language),
        "date": lambda value: format_date(value, language),
        "other_language": "en" if language == "nl" else "nl",
        "release_statuses": list(ReleaseStatus),
        "organisation_kinds": list(OrganisationKind),
    }


templates = Jinja2Templates(
    directory=str(resources.files("catalogue") / "templates"), context_processors=[_context]
)


def http_url(value: str | None) -> str | None:
    """The URL if it is an http(s) address, else None: no javascript: links from data."""
    if value and value.lower().startswith(("https://", "http://")):
        return value
    return None


templates.env.filters["http_url"] = http_url


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """Render a page; remember a language chosen with ?lang= in a cookie."""
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=ONE_YEAR, httponly=True, samesite="lax")
    return response


async def home(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    counts = await queries.release_status_counts()
    organisations = await queries.list_organisations(
        queries.OrganisationFilters(sort="-software"), queries.PageRequest(per_page=8)
    )
    recent = await queries.list_software(
        queries.SoftwareFilters(sort="-created"), queries.PageRequest(per_page=6)
    )
    return render(
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
    return render(
        request,
        "software_list.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
        organisations=await queries.organisation_choices(),
    )


async def software_detail(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    software = await queries.software_detail(api.path_id(request, "software"))
    if software is None:
        raise ProblemError(404, "no such software")
    return render(request, "software_detail.html", software=software)


async def organisation_list(request: Request) -> Response:
    values = parse_query(request.query_params, (*api.ORGANISATION_PARAMS, LANG))
    page = await queries.list_organisations(
        api.organisation_filters(values), api.page_request(values)
    )
    return render(
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
        raise ProblemError(404, "no such organisation")
    software = await queries.list_software(
        queries.SoftwareFilters(organisation=organisation),
        queries.PageRequest(page=values["page"], per_page=50),
    )
    counts = await queries.release_status_counts(organisation)
    return render(
        request,
        "organisation_detail.html",
        organisation=organisation,
        software=software,
        counts=counts,
        links=page_links(request.url, software),
    )


def error_page(request: Request, error: ProblemError) -> Response:
    return render(request, "error.html", status_code=error.status, error=error)
