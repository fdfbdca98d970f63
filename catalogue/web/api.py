# SPDX-License-Identifier: EUPL-1.2
"""The JSON API under /api/v1/: each endpoint is declared once, routes and OpenAPI derive."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue import queries
from catalogue.licences import LicenceError, identifier
from catalogue.models import (
    DevelopmentStatus,
    ForgeKind,
    Organisation,
    OrganisationKind,
    ReleaseStatus,
)
from catalogue.web.links import link_header
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.representations import (
    harvest_log_json,
    harvest_run_json,
    organisation_json,
    repository_json,
    software_json,
    software_summary_json,
)

MAX_ID = 2**31 - 1


def sort_param(sorts: dict[str, tuple[str, ...]]) -> Param:
    return Param("sort", "Order; a leading - reverses it.", choices=tuple(sorts), default="name")


Q = Param(
    "q", "Free text, matched against names and descriptions (case-insensitive).", max_length=200
)
ORGANISATION = Param("organisation", "Slug of the owning organisation.", max_length=100)
LANGUAGE = Param("language", "Programming language, e.g. Python (case-insensitive).", max_length=60)
SOFTWARE_PARAMS = (
    Q,
    ORGANISATION,
    Param(
        "licence", "SPDX licence identifier that occurs in the licence expression.", max_length=100
    ),
    LANGUAGE,
    Param("release_status", "Release status.", choices=tuple(s.value for s in ReleaseStatus)),
    Param(
        "organisation_kind",
        "Kind of the owning organisation.",
        choices=tuple(k.value for k in OrganisationKind),
    ),
    Param(
        "development_status",
        "Development status (from publiccode.yml).",
        choices=tuple(d.value for d in DevelopmentStatus),
    ),
    Param("publiccode", "Only entries with (true) or without (false) a publiccode.yml.", "boolean"),
    Param("archived", "Archived entries only (true); by default only current ones.", "boolean"),
    sort_param(queries.SOFTWARE_SORTS),
    PAGE,
    PER_PAGE,
)
ORGANISATION_PARAMS = (
    Param("q", "Free text, matched against the name.", max_length=200),
    Param("kind", "Kind of organisation.", choices=tuple(k.value for k in OrganisationKind)),
    sort_param(queries.ORGANISATION_SORTS),
    PAGE,
    PER_PAGE,
)
REPOSITORY_PARAMS = (
    Param("q", "Free text, matched against the full name and description.", max_length=200),
    ORGANISATION,
    Param("forge", "Kind of code host.", choices=tuple(f.value for f in ForgeKind)),
    LANGUAGE,
    Param("archived", "Only archived (true) or only not archived (false).", "boolean"),
    Param("active", "Only still present (true) or only gone (false) on the code host.", "boolean"),
    sort_param(queries.REPOSITORY_SORTS),
    PAGE,
    PER_PAGE,
)


async def organisation_filter(slug: str | None) -> Organisation | None:
    """The organisation a filter names; a 400 problem if there is none by that slug."""
    if slug is None:
        return None
    organisation = await queries.organisation_by_slug(slug)
    if organisation is None:
        raise ProblemError(
            400,
            f"organisation: no organisation has the slug {slug!r}",
            title="Invalid query parameters",
            errors=[
                {"parameter": "organisation", "detail": f"no organisation has the slug {slug!r}"}
            ],
        )
    return organisation


def licence_filter(value: str | None) -> str | None:
    """The canonical SPDX identifier a filter names; a 400 problem if it is not one."""
    if value is None:
        return None
    try:
        return identifier(value)
    except LicenceError as error:
        raise ProblemError(
            400,
            f"licence: {error}",
            title="Invalid query parameters",
            errors=[{"parameter": "licence", "detail": str(error)}],
        ) from None


async def software_filters(values: dict[str, Any]) -> queries.SoftwareFilters:
    status = values["release_status"]
    return queries.SoftwareFilters(
        q=values["q"],
        organisation=await organisation_filter(values["organisation"]),
        licence=licence_filter(values["licence"]),
        language=values["language"],
        release_status=ReleaseStatus(status) if status else None,
        archived=bool(values["archived"]),
        sort=values["sort"],
        organisation_kind=OrganisationKind(kind) if (kind := values["organisation_kind"]) else None,
        development_status=(
            DevelopmentStatus(stage) if (stage := values["development_status"]) else None
        ),
        publiccode=values["publiccode"],
    )


def organisation_filters(values: dict[str, Any]) -> queries.OrganisationFilters:
    kind = values["kind"]
    return queries.OrganisationFilters(
        q=values["q"], sort=values["sort"], kind=OrganisationKind(kind) if kind else None
    )


def page_request(values: dict[str, Any]) -> queries.PageRequest:
    return queries.PageRequest(page=values["page"], per_page=values["per_page"])


def page_response(
    request: Request, page: queries.Page[Any], items: list[dict[str, Any]]
) -> Response:
    headers = {"Link": link_header(request.url, page)} if page.total else {}
    return JSONResponse({"items": items, "total": page.total}, headers=headers)


def path_id(request: Request, noun: str) -> int:
    value: int = request.path_params["id"]
    if value > MAX_ID:
        raise ProblemError(404, f"there is no {noun} with id {value}")
    return value


async def software_list(request: Request) -> Response:
    values = parse_query(request.query_params, SOFTWARE_PARAMS)
    page = await queries.list_software(await software_filters(values), page_request(values))
    return page_response(request, page, [software_summary_json(s) for s in page.items])


async def software_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    software_id = path_id(request, "software")
    software = await queries.software_detail(software_id)
    if software is None:
        raise ProblemError(404, f"there is no software with id {software_id}")
    return JSONResponse(software_json(software))


async def organisation_list(request: Request) -> Response:
    values = parse_query(request.query_params, ORGANISATION_PARAMS)
    page = await queries.list_organisations(organisation_filters(values), page_request(values))
    return page_response(request, page, [organisation_json(o) for o in page.items])


async def organisation_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    slug = request.path_params["slug"]
    organisation = await queries.organisation_detail(slug)
    if organisation is None:
        raise ProblemError(404, f"there is no organisation with the slug {slug[:100]!r}")
    return JSONResponse(organisation_json(organisation))


async def repository_list(request: Request) -> Response:
    values = parse_query(request.query_params, REPOSITORY_PARAMS)
    forge = values["forge"]
    filters = queries.RepositoryFilters(
        q=values["q"],
        organisation=await organisation_filter(values["organisation"]),
        forge=ForgeKind(forge) if forge else None,
        language=values["language"],
        archived=values["archived"],
        active=values["active"],
        sort=values["sort"],
    )
    page = await queries.list_repositories(filters, page_request(values))
    return page_response(request, page, [repository_json(r) for r in page.items])


async def repository_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    repository_id = path_id(request, "repository")
    repository = await queries.repository_detail(repository_id)
    if repository is None:
        raise ProblemError(404, f"there is no repository with id {repository_id}")
    return JSONResponse(repository_json(repository))


async def harvest_run_list(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    page = await queries.list_harvest_runs(page_request(values))
    return page_response(request, page, [harvest_run_json(run) for run in page.items])


async def _run(request: Request) -> Any:
    run_id = path_id(request, "harvest run")
    run = await queries.harvest_run(run_id)
    if run is None:
        raise ProblemError(404, f"there is no harvest run with id {run_id}")
    return run


async def harvest_run_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    return JSONResponse(harvest_run_json(await _run(request)))


async def harvest_run_logs(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    page = await queries.harvest_logs(page_request(values), run=await _run(request))
    return page_response(request, page, [harvest_log_json(log) for log in page.items])


async def repository_harvest_logs(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    repository_id = path_id(request, "repository")
    if await queries.repository_detail(repository_id) is None:
        raise ProblemError(404, f"there is no repository with id {repository_id}")
    page = await queries.harvest_logs(page_request(values), repository_id=repository_id)
    return page_response(request, page, [harvest_log_json(log) for log in page.items])
