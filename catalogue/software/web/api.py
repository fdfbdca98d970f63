# SPDX-License-Identifier: EUPL-1.2
"""The software API: entries and repositories (lists, one of each, a repository's harvest
outcomes), the writes people make to entries, and the licences in the catalogue."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from catalogue.errors import Duplicate
from catalogue.harvests import queries as harvest_queries
from catalogue.harvests.web import harvest_log_resource
from catalogue.licences import LicenceError
from catalogue.messages import Message
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.organisations.queries import UnknownOrganisation
from catalogue.organisations.web import ORGANISATION_PARAM, filter_problem, organisation_filter
from catalogue.paging import Page
from catalogue.permissions.rules import Permission
from catalogue.quality_signals import Signal
from catalogue.software import queries, search
from catalogue.software import services as software_services
from catalogue.software.models import DevelopmentStatus, ReleaseStatus, Repository, Software
from catalogue.software.web import signals
from catalogue.software.web.representations import (
    repository_resource,
    software_resource,
    software_summary,
)
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import (
    EncodedResponse,
    found,
    json_body,
    page_request,
    page_response,
    path_id,
    sort_param,
)
from catalogue.web.licences import licence_use
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.schemas import API

Q = Param(
    "q",
    "Free text: every word must occur in the name, the descriptions, the organisation (name, "
    "abbreviation, code-host accounts), the repositories' topics, languages and descriptions "
    "or the publiccode.yml; Dutch words are matched by their stems (case-insensitive).",
    max_length=200,
)
LANGUAGE = Param("language", "Programming language, e.g. Python (case-insensitive).", max_length=60)
SOFTWARE_PARAMS = (
    Q,
    ORGANISATION_PARAM,
    Param(
        "licence",
        "SPDX licence identifier that occurs in the licence expression.",
        max_length=100,
        names=True,
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
    Param("quality", signals.QUALITY_PARAM_HELP, choices=tuple(s.value for s in Signal)),
    Param("archived", "Archived entries only (true); by default only current ones.", "boolean"),
    Param(
        "sort",
        "Order; a leading - reverses it. By default the most relevant first when there is "
        f"free text (q), else by name. Of a word found in more than {search.RANKED:,} entries, "
        f"the newest {search.RANKED:,} and the newest {search.NAMED:,} with it in their name "
        "are ranked (the total then says it is an estimate or a lower bound); sort by name or "
        "date to page through every match.",
        choices=(queries.RELEVANCE, *queries.SOFTWARE_SORTS),
    ),
    PAGE,
    PER_PAGE,
)
CURSOR = Param(
    "cursor",
    "The page after the one whose `next_cursor` (or `next` link) this is; `page` reaches "
    "only the first 10,000 entries.",
    max_length=400,
    pattern="^[A-Za-z0-9_-]*$",
)
SOFTWARE_LIST_PARAMS = (*SOFTWARE_PARAMS, CURSOR)  # the list's; exports take SOFTWARE_PARAMS
REPOSITORY_PARAMS = (
    Param("q", "Free text, matched against the full name and description.", max_length=200),
    ORGANISATION_PARAM,
    Param("forge", "Kind of code host.", choices=tuple(f.value for f in ForgeKind)),
    LANGUAGE,
    Param("archived", "Only archived (true) or only not archived (false).", "boolean"),
    Param("active", "Only still present (true) or only gone (false) on the code host.", "boolean"),
    sort_param(queries.REPOSITORY_SORTS),
    PAGE,
    PER_PAGE,
)


async def software_or_404(request: Request) -> Software:
    """The entry of the path's `{id}`, with its repositories; a 404 problem if there is none."""
    software_id = path_id(request, "software")
    return found(
        await queries.software_detail(software_id), f"there is no software with id {software_id}"
    )


async def _repository(request: Request) -> Repository:
    repository_id = path_id(request, "repository")
    return found(
        await queries.repository_detail(repository_id),
        f"there is no repository with id {repository_id}",
    )


async def software_filters(
    values: dict[str, Any], request: Request | None = None
) -> queries.SoftwareFilters:
    """The list's filters from the values of SOFTWARE_PARAMS; a 400 problem when the
    organisation or the licence names none. With the request, the quality filter too."""
    try:
        filters = await queries.software_filters(values)
        if request is not None and values.get("quality"):
            filters = replace(filters, only=await signals.passing(request, values["quality"]))
        return filters
    except UnknownOrganisation as error:
        raise filter_problem("organisation", error) from None
    except LicenceError as error:
        raise filter_problem("licence", error) from None


async def list_page(
    values: dict[str, Any], request: Request
) -> tuple[queries.SoftwareFilters, Page[queries.SoftwareSummary]]:
    """The filters and the page of the software list that SOFTWARE_PARAMS' values ask for
    (the API and the HTML list). A cursor this list did not give, or a page past the reach of
    `page`, is well-formed but cannot be served: a 422 problem (the document cannot say which
    opaque cursors are valid, so a request it allows may still hold one that is not)."""
    filters = await software_filters(values, request)
    try:
        return filters, await queries.list_software(filters, page_request(values))
    except queries.BadPage as error:
        field = str(error).split(":", 1)[0]
        raise ProblemError(
            422, str(error), errors=[{"field": field, "detail": str(error)}]
        ) from None


async def software_list(request: Request) -> Response:
    values = parse_query(request.query_params, SOFTWARE_LIST_PARAMS)
    _, page = await list_page(values, request)
    return page_response(request, page, [software_summary(s) for s in page.items])


async def software_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    software_id = path_id(request, "software")
    rows = found(
        await queries.entry_rows(software_id), f"there is no software with id {software_id}"
    )
    return EncodedResponse(software_resource(rows, await _quality(request, software_id)))


async def _quality(request: Request, software_id: int) -> list[signals.QualitySignal]:
    """The entry's quality signals, judged now."""
    verdicts = (await signals.checklists(request, [software_id])).get(software_id, ())
    return [signals.quality_signal(verdict) for verdict in verdicts]


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
    return page_response(request, page, [repository_resource(r) for r in page.items])


async def repository_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    return EncodedResponse(repository_resource(await _repository(request)))


async def repository_harvest_logs(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    repository = await _repository(request)
    page = await harvest_queries.harvest_logs(page_request(values), repository_id=repository.pk)
    return page_response(request, page, [harvest_log_resource(log) for log in page.items])


async def _fresh_software(request: Request, software_id: int) -> Response:
    """The entry as it is now, after a write."""
    rows = await queries.entry_rows(software_id)
    assert rows is not None  # it was just written
    return EncodedResponse(software_resource(rows, await _quality(request, software_id)))


async def register_software(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    body = await json_body(request)
    slug = body.get("organisation")
    if not isinstance(slug, str):
        raise ProblemError(
            422,
            "organisation: the slug of the owning organisation is required",
            errors=[{"field": "organisation", "detail": "is required"}],
        )
    organisation = await organisation_queries.organisation_detail(slug)
    if organisation is None:
        raise ProblemError(
            422,
            f"organisation: no organisation has the slug {slug[:100]!r}",
            errors=[{"field": "organisation", "detail": "no such organisation"}],
        )
    confirmed = _confirmed(body)
    namesake = None if confirmed else await _namesake(body.get("name"), organisation.pk)
    if namesake is not None:
        # Every other problem first, as the form does; then the warning, until confirmed.
        await software_services.check_registration(
            principal=principal, organisation=organisation, values=body
        )
        raise _same_name(namesake)
    software = await software_services.register_software(
        principal=principal, organisation=organisation, values=body
    )
    response = await _fresh_software(request, software.pk)
    response.status_code = 201
    response.headers["Location"] = f"{API}/software/{software.pk}"
    return response


async def update_software(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    software = await software_or_404(request)
    body = await json_body(request)
    confirmed = _confirmed(body)
    renamed = body.get("name")
    if (
        not confirmed
        and isinstance(renamed, str)
        and renamed.strip().casefold() != software.name.strip().casefold()
        and principal.can(Permission.EDIT_SOFTWARE, software.organisation_id)
        and (namesake := await _namesake(renamed, software.organisation_id, own=software.pk))
    ):
        fields = {k: v for k, v in body.items() if k != "repositories"}
        software_services.checked_changes(fields, creating=False)
        raise _same_name(namesake)
    await software_services.update_software(principal=principal, software=software, values=body)
    return await _fresh_software(request, software.pk)


CONFIRM_DUPLICATE = "confirm_duplicate"


def _confirmed(body: dict[str, Any]) -> bool:
    """Whether the body confirms a name its organisation already uses (taken out of it)."""
    value = body.pop(CONFIRM_DUPLICATE, False)
    if not isinstance(value, bool):
        raise ProblemError(
            422,
            f"{CONFIRM_DUPLICATE}: must be true or false",
            errors=[{"field": CONFIRM_DUPLICATE, "detail": "must be true or false"}],
        )
    return value


async def _namesake(name: Any, organisation_id: int, *, own: int | None = None) -> Software | None:
    """A current entry of the organisation, other than `own`, named `name` (any case)."""
    if not isinstance(name, str) or not name.strip():
        return None
    for entry in await queries.same_name(name, organisation_id):
        if entry.organisation_id == organisation_id and entry.pk != own:
            return entry
    return None


def _same_name(namesake: Software) -> Duplicate:
    return Duplicate(
        Message(
            "%(organisation)s already has software named %(name)s; "
            "send confirm_duplicate: true to save another entry of that name",
            organisation=namesake.organisation.name,
            name=namesake.name,
        ),
        existing=f"/software/{namesake.pk}",
    )


async def archive_software(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    software = await software_or_404(request)
    await software_services.archive_software(principal=principal, software=software)
    return await _fresh_software(request, software.pk)


async def licence_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    counts = await queries.licence_counts()
    items = [licence_use(key, count) for key, count in counts]
    return EncodedResponse({"items": items, "total": len(items)})


ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/software",
        operation_id="listSoftware",
        summary="List and search software",
        handler=software_list,
        schema="SoftwareSummary",
        params=SOFTWARE_LIST_PARAMS,
        is_list=True,
        errors=(400, 422),
    ),
    Endpoint(
        method="GET",
        path="/software/{id}",
        operation_id="getSoftware",
        summary="One software entry",
        handler=software_item,
        schema="Software",
    ),
    Endpoint(
        method="GET",
        path="/repositories",
        operation_id="listRepositories",
        summary="List repositories",
        handler=repository_list,
        schema="Repository",
        params=REPOSITORY_PARAMS,
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/repositories/{id}",
        operation_id="getRepository",
        summary="One repository",
        handler=repository_item,
        schema="Repository",
    ),
    Endpoint(
        method="GET",
        path="/repositories/{id}/harvest-logs",
        operation_id="listRepositoryHarvestLogs",
        summary="Harvest outcomes of one repository, newest first",
        handler=repository_harvest_logs,
        schema="HarvestLog",
        params=(PAGE, PER_PAGE),
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/licences",
        operation_id="listLicences",
        summary="Licences in the catalogue, what they mean and how many entries use each",
        handler=licence_list,
        schema="LicenceUse",
        is_list=True,
    ),
    Endpoint(
        method="POST",
        path="/software",
        operation_id="registerSoftware",
        summary="Register software with its repositories",
        handler=register_software,
        schema="Software",
        body="SoftwareInput",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="PATCH",
        path="/software/{id}",
        operation_id="updateSoftware",
        summary="Change a software entry",
        handler=update_software,
        schema="Software",
        body="SoftwareChanges",
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="POST",
        path="/software/{id}/archive",
        operation_id="archiveSoftware",
        summary="Archive a software entry",
        handler=archive_software,
        schema="Software",
        errors=WRITE_ERRORS,
        secured=True,
    ),
)
