# SPDX-License-Identifier: EUPL-1.2
"""The organisations' API: the list, one organisation, and the writes of administrators (new
organisations, changes, code-host accounts). Their pages list software, so they live with the
software (catalogue.software.web.organisations)."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.organisations import queries, services
from catalogue.organisations.kinds import ForgeKind, OrganisationKind, RecordSource
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import found, json_body, page_request, page_response, sort_param
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query, slug_param
from catalogue.web.problems import ProblemError
from catalogue.web.schemas import (
    API,
    NULLABLE_STRING,
    STRING,
    closed_object,
    components,
    enum,
    input_object,
)

ORGANISATION_PARAM = slug_param("organisation", "Slug of the owning organisation.")
ORGANISATION_PARAMS = (
    Param("q", "Free text, matched against the name.", max_length=200),
    Param("kind", "Kind of organisation.", choices=tuple(k.value for k in OrganisationKind)),
    sort_param(queries.ORGANISATION_SORTS),
    PAGE,
    PER_PAGE,
)


async def organisation_or_404(slug: str) -> Organisation:
    """The organisation with `slug` and its accounts; a 404 problem if there is none."""
    return found(
        await queries.organisation_detail(slug),
        f"there is no organisation with the slug {slug[:100]!r}",
    )


async def organisation_filter(slug: str | None) -> Organisation | None:
    """The organisation a filter names; a 400 problem if there is none by that slug."""
    if slug is None:
        return None
    try:
        return await queries.organisation_named(slug)
    except queries.UnknownOrganisation as error:
        raise filter_problem("organisation", error) from None


def filter_problem(parameter: str, error: Exception) -> ProblemError:
    """The 404 problem of a query parameter that names nothing (an organisation, a licence):
    the request is well formed (the OpenAPI document allows it), what it names is not there."""
    detail = str(error)
    return ProblemError(
        404,
        f"{parameter}: {detail}",
        title="Not Found",
        errors=[{"parameter": parameter, "detail": detail}],
    )


def organisation_filters(values: dict[str, Any]) -> queries.OrganisationFilters:
    kind = values["kind"]
    return queries.OrganisationFilters(
        q=values["q"], sort=values["sort"], kind=OrganisationKind(kind) if kind else None
    )


async def organisation_list(request: Request) -> Response:
    values = parse_query(request.query_params, ORGANISATION_PARAMS)
    page = await queries.list_organisations(organisation_filters(values), page_request(values))
    return page_response(request, page, [organisation_json(o) for o in page.items])


async def organisation_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    return JSONResponse(organisation_json(await organisation_or_404(request.path_params["slug"])))


async def create_organisation(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await services.create_organisation(
        principal=principal, values=await json_body(request)
    )
    return JSONResponse(
        organisation_json(await organisation_or_404(organisation.slug)),
        status_code=201,
        headers={"Location": f"{API}/organisations/{organisation.slug}"},
    )


async def update_organisation(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await organisation_or_404(request.path_params["slug"])
    await services.update_organisation(
        principal=principal, organisation=organisation, values=await json_body(request)
    )
    return JSONResponse(organisation_json(await organisation_or_404(organisation.slug)))


async def add_account(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await organisation_or_404(request.path_params["slug"])
    body = await json_body(request)
    account = await services.add_account(
        principal=principal, organisation=organisation, url=body.get("url")
    )
    return JSONResponse(account_json(account), status_code=201)


class OrganisationRef(msgspec.Struct, forbid_unknown_fields=True):
    """An organisation named in another resource, with the address of its own."""

    slug: str
    name: str
    url: str


def reference(slug: str, name: str) -> OrganisationRef:
    """The OrganisationRef of the organisation with this slug and name."""
    return OrganisationRef(slug, name, f"{API}/organisations/{slug}")


def organisation_ref(organisation: Organisation) -> dict[str, Any]:
    """The OrganisationRef as plain values, for resources not declared as Structs."""
    return msgspec.structs.asdict(reference(organisation.slug, organisation.name))


REFERENCE_SCHEMAS = components(OrganisationRef)


def account_json(account: CodeHostAccount) -> dict[str, Any]:
    return {
        "forge": account.forge.value,
        "base_url": account.base_url,
        "name": account.name,
        "url": account.url,
        "is_group": account.is_group,
        "ownership": "verified" if account.verified_at else "claimed",
        "verified_by": account.verified_by or None,
    }


ACCOUNT = closed_object(
    {
        "forge": enum(ForgeKind),
        "base_url": STRING,
        "name": STRING,
        "url": STRING,
        "is_group": {"type": "boolean"},
        "ownership": {"enum": ["verified", "claimed"]},
        "verified_by": NULLABLE_STRING,
    }
)


def organisation_json(organisation: Organisation) -> dict[str, Any]:
    return {
        **organisation_ref(organisation),
        "kind": organisation.kind.value,
        "tooi_uri": organisation.tooi_uri,
        "oin": organisation.oin,
        "website": organisation.website,
        "source": organisation.source.value,
        "software_count": getattr(organisation, "software_count", 0),
        "accounts": [account_json(account) for account in organisation.accounts],
        "software_url": f"{API}/software?organisation={organisation.slug}",
    }


ORGANISATION = closed_object(
    {
        **REFERENCE_SCHEMAS["OrganisationRef"]["properties"],
        "kind": enum(OrganisationKind),
        "tooi_uri": NULLABLE_STRING,
        "oin": NULLABLE_STRING,
        "website": NULLABLE_STRING,
        "source": enum(RecordSource),
        "software_count": {"type": "integer", "minimum": 0},
        "accounts": {"type": "array", "items": {"$ref": "#/components/schemas/CodeHostAccount"}},
        "software_url": STRING,
    }
)
NAME = {"type": "string", "minLength": 1, "maxLength": 200}
SCHEMAS = {
    **REFERENCE_SCHEMAS,
    "CodeHostAccount": ACCOUNT,
    "Organisation": ORGANISATION,
    "OrganisationInput": input_object(
        {"name": NAME, "kind": enum(OrganisationKind), "tooi_uri": NULLABLE_STRING},
        required=("name",),
    ),
    "OrganisationChanges": input_object({"name": NAME, "website": NULLABLE_STRING}),
    "AccountInput": input_object({"url": STRING}, required=("url",)),
}

ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/organisations",
        operation_id="listOrganisations",
        summary="List organisations",
        handler=organisation_list,
        schema="Organisation",
        params=ORGANISATION_PARAMS,
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/organisations/{slug}",
        operation_id="getOrganisation",
        summary="One organisation",
        handler=organisation_item,
        schema="Organisation",
    ),
    Endpoint(
        method="POST",
        path="/organisations",
        operation_id="createOrganisation",
        summary="Add an organisation",
        handler=create_organisation,
        schema="Organisation",
        body="OrganisationInput",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="PATCH",
        path="/organisations/{slug}",
        operation_id="updateOrganisation",
        summary="Change an organisation",
        handler=update_organisation,
        schema="Organisation",
        body="OrganisationChanges",
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="POST",
        path="/organisations/{slug}/accounts",
        operation_id="addAccount",
        summary="Register a code-host account",
        handler=add_account,
        schema="CodeHostAccount",
        body="AccountInput",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
)
