# SPDX-License-Identifier: EUPL-1.2
"""The forms of software entries: registering one, editing and archiving it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.errors import Duplicate, Invalid
from catalogue.messages import Message, message_of
from catalogue.organisations import queries as organisation_queries
from catalogue.permissions.rules import Permission, Principal
from catalogue.software import queries
from catalogue.software import services as software_services
from catalogue.software.models import Software
from catalogue.web.auth import signed_in
from catalogue.web.http import found, path_id, posted, redirect
from catalogue.web.params import LANG, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render


async def _registrable(principal: Principal) -> list[tuple[str, str]]:
    """The organisations the principal may register software for, as (slug, name)."""
    if principal.is_site_admin:
        return await organisation_queries.organisation_choices()
    allowed = principal.organisations_with(Permission.REGISTER_SOFTWARE)
    return await organisation_queries.organisation_choices(ids=allowed)


async def register_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await signed_in(request)
    return await render(
        request,
        "software_form.html",
        values={},
        organisations=await _registrable(principal),
        errors={},
    )


async def register(request: Request) -> Response:
    principal = await signed_in(request)
    form = await posted(request)
    values: dict[str, Any] = {
        k: v
        for k, v in form.items()
        if k in {*software_services.EDITABLE, "organisation"} and v != ""
    }
    values["name"] = form.get("name", "")
    values["repositories"] = [
        line.strip() for line in form.get("repositories", "").splitlines() if line.strip()
    ]
    organisation = await organisation_queries.organisation_by_slug(form.get("organisation", ""))
    errors: dict[str, str] = {}
    existing = None
    try:
        if organisation is None:
            raise Invalid({"organisation": Message("choose an organisation")})
        software = await software_services.register_software(
            principal=principal, organisation=organisation, values=values
        )
        return redirect(f"/software/{software.pk}")
    except Invalid as error:
        errors = error.errors
    except Duplicate as error:
        errors, existing = {"repositories": message_of(error)}, error.existing
    return await render(
        request,
        "software_form.html",
        status_code=422,
        values=form,
        organisations=await _registrable(principal),
        errors=errors,
        existing=existing,
    )


async def _software(request: Request) -> Software:
    software_id = path_id(request, "software")
    return found(await queries.software_detail(software_id), Message("no such software"))


async def edit_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await signed_in(request)
    software = await _software(request)
    if not principal.can(Permission.EDIT_SOFTWARE, software.organisation_id):
        raise ProblemError(403, Message("you may not edit this organisation's software"))
    return await render(
        request, "software_edit.html", software=software, values=_values_of(software), errors={}
    )


def _values_of(software: Software) -> dict[str, Any]:
    return {
        "name": software.name,
        "description_nl": software.description_nl,
        "description_en": software.description_en,
        "homepage": software.homepage or "",
        "licence": software.licence_declared or software.licence or "",
        "development_status": software.development_status.value
        if software.development_status
        else "",
    }


async def edit(request: Request) -> Response:
    principal = await signed_in(request)
    software = await _software(request)
    form = await posted(request)
    current = _values_of(software)
    changes = {k: v for k, v in form.items() if k in current and v != current[k]}
    try:
        if changes:
            await software_services.update_software(
                principal=principal, software=software, values=changes
            )
        return redirect(f"/software/{software.pk}")
    except Invalid as error:
        return await render(
            request,
            "software_edit.html",
            status_code=422,
            software=software,
            values={**current, **form},
            errors=error.errors,
        )


async def archive(request: Request) -> Response:
    principal = await signed_in(request)
    software = await _software(request)
    await posted(request)
    await software_services.archive_software(principal=principal, software=software)
    return redirect(f"/software/{software.pk}")


ROUTES = [
    Route("/software/nieuw", register_page, methods=["GET"]),
    Route("/software/nieuw", register, methods=["POST"]),
    Route("/software/{id:int}/bewerken", edit_page, methods=["GET"]),
    Route("/software/{id:int}/bewerken", edit, methods=["POST"]),
    Route("/software/{id:int}/archiveren", archive, methods=["POST"]),
]
