# SPDX-License-Identifier: EUPL-1.2
"""API endpoints that write, and the restricted reads of an organisation's members and audit log.

They authenticate with a bearer token only (never a cookie, so no cross-site request can
use them); the domain functions check every permission.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue import queries, registration
from catalogue.permissions import Permission, Principal
from catalogue.users import Membership
from catalogue.web.api import page_request, page_response, path_id
from catalogue.web.auth import bearer_principal
from catalogue.web.params import PAGE, PER_PAGE, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.representations import (
    account_json,
    audit_event_json,
    membership_json,
    organisation_json,
    software_json,
)

MAX_BODY_BYTES = 64 * 1024


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; a 4xx problem for anything else."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ProblemError(415, "send the body as application/json")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise ProblemError(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProblemError(400, "the body is not UTF-8") from None
    except json.JSONDecodeError as error:
        raise ProblemError(
            400,
            f"the body is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
        ) from None
    if not isinstance(document, dict):
        raise ProblemError(400, "the body must be a JSON object")
    return document


async def _organisation(slug: str) -> Any:
    organisation = await queries.organisation_detail(slug)
    if organisation is None:
        raise ProblemError(404, f"there is no organisation with the slug {slug[:100]!r}")
    return organisation


async def _software(request: Request) -> Any:
    software_id = path_id(request, "software")
    software = await queries.software_detail(software_id)
    if software is None:
        raise ProblemError(404, f"there is no software with id {software_id}")
    return software


async def _fresh_software_json(software_id: int) -> dict[str, Any]:
    software = await queries.software_detail(software_id)
    assert software is not None
    return software_json(software)


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
    organisation = await queries.organisation_detail(slug)
    if organisation is None:
        raise ProblemError(
            422,
            f"organisation: no organisation has the slug {slug[:100]!r}",
            errors=[{"field": "organisation", "detail": "no such organisation"}],
        )
    software = await registration.register_software(
        principal=principal, organisation=organisation, values=body
    )
    return JSONResponse(
        await _fresh_software_json(software.pk),
        status_code=201,
        headers={"Location": f"/api/v1/software/{software.pk}"},
    )


async def update_software(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    software = await _software(request)
    body = await json_body(request)
    await registration.update_software(principal=principal, software=software, values=body)
    return JSONResponse(await _fresh_software_json(software.pk))


async def archive_software(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    software = await _software(request)
    await registration.archive_software(principal=principal, software=software)
    return JSONResponse(await _fresh_software_json(software.pk))


async def create_organisation(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await registration.create_organisation(
        principal=principal, values=await json_body(request)
    )
    detail = await queries.organisation_detail(organisation.slug)
    return JSONResponse(
        organisation_json(detail),
        status_code=201,  # type: ignore[arg-type]
        headers={"Location": f"/api/v1/organisations/{organisation.slug}"},
    )


async def update_organisation(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await _organisation(request.path_params["slug"])
    await registration.update_organisation(
        principal=principal, organisation=organisation, values=await json_body(request)
    )
    return JSONResponse(organisation_json(await _organisation(organisation.slug)))


async def add_account(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await _organisation(request.path_params["slug"])
    body = await json_body(request)
    account = await registration.add_account(
        principal=principal, organisation=organisation, url=body.get("url")
    )
    return JSONResponse(account_json(account), status_code=201)


def _may_read(principal: Principal, organisation_id: int) -> None:
    if not principal.can(Permission.READ_AUDIT, organisation_id):
        if not principal.signed_in:
            raise ProblemError(
                401,
                "sign in with a bearer token to read this",
                headers={"WWW-Authenticate": "Bearer"},
            )
        raise ProblemError(403, "only members of the organisation may read this")


async def list_members(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    principal = await bearer_principal(request)
    organisation = await _organisation(request.path_params["slug"])
    _may_read(principal, organisation.pk)
    page = await queries.list_members(organisation, page_request(values))
    return page_response(request, page, [membership_json(m) for m in page.items])


async def grant_role(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await _organisation(request.path_params["slug"])
    body = await json_body(request)
    membership = await registration.grant_role(
        principal=principal,
        organisation=organisation,
        email=body.get("email"),
        role=body.get("role"),
    )
    await membership.fetch_related("user", "organisation")
    return JSONResponse(membership_json(membership), status_code=201)


async def revoke_role(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await _organisation(request.path_params["slug"])
    membership = await Membership.get_or_none(
        id=path_id(request, "membership"), organisation_id=organisation.pk
    )
    if membership is None:
        raise ProblemError(404, f"there is no such membership in {organisation.name}")
    await registration.revoke_role(principal=principal, membership=membership)
    return Response(status_code=204)


async def audit_log(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    principal = await bearer_principal(request)
    organisation = await _organisation(request.path_params["slug"])
    _may_read(principal, organisation.pk)
    page = await queries.audit_events(organisation, page_request(values))
    return page_response(request, page, [audit_event_json(e) for e in page.items])
