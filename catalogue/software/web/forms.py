# SPDX-License-Identifier: EUPL-1.2
"""The forms of software entries: registering one, editing and archiving it."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue import publiccode
from catalogue.errors import Duplicate, Invalid
from catalogue.messages import Message, message_of
from catalogue.organisations import queries as organisation_queries
from catalogue.permissions.rules import Permission, Principal
from catalogue.software import queries
from catalogue.software import services as software_services
from catalogue.software.models import DevelopmentStatus, MaintenanceType, Software
from catalogue.web import notices
from catalogue.web.auth import signed_in
from catalogue.web.http import found, path_id, posted
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


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


async def register(request: Request) -> Response:
    """Register an entry; every problem of the form at once. A name that the organisation (or
    another) already uses is a warning with the existing entries, until the person confirms."""
    principal = await signed_in(request)
    form = await posted(request)
    values: dict[str, Any] = {
        k: v
        for k, v in form.items()
        if k in {*software_services.EDITABLE, "organisation"} and v != ""
    }
    values["name"] = form.get("name", "")
    values["repositories"] = _lines(form.get("repositories", ""))
    organisation = await organisation_queries.organisation_by_slug(form.get("organisation", ""))
    errors: dict[str, str] = {}
    existing = None
    namesakes: list[Software] = []
    try:
        if organisation is None:
            errors = _field_errors(values)
            raise Invalid({"organisation": Message("choose an organisation"), **errors})
        if form.get("same_name") != "confirmed":
            namesakes = await queries.same_name(values["name"], organisation.pk)
        if namesakes:
            await software_services.check_registration(
                principal=principal, organisation=organisation, values=values
            )
        else:
            software = await software_services.register_software(
                principal=principal, organisation=organisation, values=values
            )
            return notices.redirect(
                request, f"/software/{software.pk}", Message("The software has been registered.")
            )
    except Invalid as error:
        errors, existing = error.errors, error.existing
    except Duplicate as error:
        errors, existing = {"repositories": message_of(error)}, error.existing
    return await render(
        request,
        "software_form.html",
        status_code=422 if errors or not namesakes else 409,
        values=form,
        organisations=await _registrable(principal),
        errors=errors,
        existing=existing,
        namesakes=namesakes,
        organisation_id=organisation.pk if organisation else None,
    )


def _field_errors(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with the fields themselves, when the organisation is not known."""
    try:
        software_services.checked_changes(
            {k: v for k, v in values.items() if k != "repositories"}, creating=True
        )
    except Invalid as error:
        return error.errors
    return {}


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
        request,
        "software_edit.html",
        software=software,
        values=_values_of(software),
        errors={},
        **_choices(),
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
        "maintenance_type": software.maintenance_type.value if software.maintenance_type else "",
        "software_type": software.software_type or "",
        "categories": ", ".join(software.categories or []),
        "platforms": ", ".join(software.platforms or []),
        "repositories": "\n".join(r.url for r in software.repository_list),
    }


# The publiccode.yml lists, typed as names separated by commas (or, for categories, spaces).
LISTS = {"categories": re.compile(r"[,\s]+"), "platforms": re.compile(r"[,\n]+")}


def _listed(field: str, text: str) -> list[str]:
    return [name.strip() for name in LISTS[field].split(text) if name.strip()]


async def edit(request: Request) -> Response:
    principal = await signed_in(request)
    software = await _software(request)
    form = await posted(request)
    current = _values_of(software)
    changes: dict[str, Any] = {
        k: v
        for k, v in form.items()
        if k in current and k not in {"repositories", *LISTS} and v != current[k]
    }
    for field in LISTS:
        if field in form and _listed(field, form[field]) != _listed(field, current[field]):
            changes[field] = _listed(field, form[field])
    if "repositories" in form and _lines(form["repositories"]) != _lines(current["repositories"]):
        changes["repositories"] = _lines(form["repositories"])
    try:
        if changes:
            await software_services.update_software(
                principal=principal, software=software, values=changes
            )
    except (Invalid, Duplicate) as error:
        errors = error.errors if isinstance(error, Invalid) else {"repositories": message_of(error)}
        return await render(
            request,
            "software_edit.html",
            status_code=422,
            software=software,
            values={**current, **form},
            errors=errors,
            existing=error.existing,
            **_choices(),
        )
    saved = Message("Your changes have been saved.") if changes else Message("Nothing changed.")
    return notices.redirect(request, f"/software/{software.pk}", saved)


def _choices() -> dict[str, Any]:
    return {
        "development_statuses": [s.value for s in DevelopmentStatus],
        "maintenance_types": [m.value for m in MaintenanceType],
        "software_types": list(publiccode.SOFTWARE_TYPES),
    }


async def archive(request: Request) -> Response:
    principal = await signed_in(request)
    software = await _software(request)
    await posted(request)
    await software_services.archive_software(principal=principal, software=software)
    return notices.redirect(
        request, f"/software/{software.pk}", Message("The entry has been archived.")
    )


ROUTES = [
    Route("/software/nieuw", register_page, methods=["GET"]),
    Route("/software/nieuw", register, methods=["POST"]),
    Route("/software/{id:int}/bewerken", edit_page, methods=["GET"]),
    Route("/software/{id:int}/bewerken", edit, methods=["POST"]),
    Route("/software/{id:int}/archiveren", archive, methods=["POST"]),
]
