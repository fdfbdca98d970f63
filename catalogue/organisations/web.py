# SPDX-License-Identifier: EUPL-1.2
"""The organisations' API: the list, one organisation, and the writes of administrators (new
organisations, changes, code-host accounts). Their pages list software, so they live with the
software (catalogue.software.web.organisations)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from catalogue.organisations import models, queries, services
from catalogue.organisations.kinds import ForgeKind, OrganisationKind, RecordSource, WebsiteCheck
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import (
    EncodedResponse,
    found,
    json_body,
    page_request,
    page_response,
    sort_param,
)
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query, slug_param
from catalogue.web.problems import ProblemError
from catalogue.web.schemas import (
    API,
    NULLABLE_STRING,
    STRING,
    Count,
    Moment,
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


async def organisation_or_404(slug: str) -> models.Organisation:
    """The organisation with `slug` and its accounts; a 404 problem if there is none."""
    return found(
        await queries.organisation_detail(slug),
        f"there is no organisation with the slug {slug[:100]!r}",
    )


async def organisation_filter(slug: str | None) -> models.Organisation | None:
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
    return page_response(request, page, [organisation_resource(o) for o in page.items])


async def organisation_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    return EncodedResponse(
        organisation_resource(await organisation_or_404(request.path_params["slug"]))
    )


async def create_organisation(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await services.create_organisation(
        principal=principal, values=await json_body(request)
    )
    return EncodedResponse(
        organisation_resource(await organisation_or_404(organisation.slug)),
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
    return EncodedResponse(organisation_resource(await organisation_or_404(organisation.slug)))


async def add_account(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await organisation_or_404(request.path_params["slug"])
    body = await json_body(request)
    account = await services.add_account(
        principal=principal, organisation=organisation, url=body.get("url")
    )
    return EncodedResponse(account_resource(account), status_code=201)


class OrganisationRef(msgspec.Struct, forbid_unknown_fields=True):
    """An organisation named in another resource, with the address of its own."""

    slug: str
    name: str
    url: str


def reference(slug: str, name: str) -> OrganisationRef:
    """The OrganisationRef of the organisation with this slug and name."""
    return OrganisationRef(slug, name, f"{API}/organisations/{slug}")


def organisation_ref(organisation: models.Organisation) -> dict[str, Any]:
    """The OrganisationRef as plain values, for resources not declared as Structs."""
    return msgspec.structs.asdict(reference(organisation.slug, organisation.name))


class CodeHostAccount(msgspec.Struct, forbid_unknown_fields=True):
    """An account or group of an organisation on a code host, whose repositories are
    harvested; verified when a file in it names the organisation, else only claimed."""

    forge: ForgeKind
    base_url: str
    name: Annotated[str, msgspec.Meta(description="Account, organisation or group path.")]
    url: str
    is_group: Annotated[bool, msgspec.Meta(description="An organisation or group, not a person.")]
    ownership: Literal["verified", "claimed"]
    verified_by: Annotated[
        str | None, msgspec.Meta(description="The file that names the organisation, if verified.")
    ]


def account_resource(account: models.CodeHostAccount) -> CodeHostAccount:
    return CodeHostAccount(
        account.forge,
        account.base_url,
        account.name,
        account.url,
        account.is_group,
        "verified" if account.verified_at else "claimed",
        account.verified_by or None,
    )


class WebsiteCheckOutcome(msgspec.Struct, forbid_unknown_fields=True):
    """How the last check of the organisation's website's list of accounts went."""

    checked_at: Moment
    outcome: WebsiteCheck
    detail: str


def website_check_resource(organisation: models.Organisation) -> WebsiteCheckOutcome | None:
    """How the last check of the website's list of accounts went; None before the first."""
    if organisation.website_checked_at is None or organisation.website_check is None:
        return None
    return WebsiteCheckOutcome(
        organisation.website_checked_at.isoformat(),
        organisation.website_check,
        organisation.website_check_detail or "",
    )


class Organisation(OrganisationRef, forbid_unknown_fields=True):
    """A government body whose software the catalogue lists, with its code-host accounts."""

    kind: OrganisationKind
    tooi_uri: Annotated[
        str | None,
        msgspec.Meta(description="TOOI identifier (Thesaurus en Ontologie Overheidsinformatie)."),
    ]
    oin: Annotated[str | None, msgspec.Meta(description="Organisatie-identificatienummer.")]
    website: str | None
    source: RecordSource
    software_count: Count
    accounts: list[CodeHostAccount]
    website_check: Annotated[
        WebsiteCheckOutcome | None,
        msgspec.Meta(description="The last check of the website's list of accounts, if any."),
    ]
    software_url: Annotated[str, msgspec.Meta(description="Its software in the software list.")]


def organisation_resource(organisation: models.Organisation) -> Organisation:
    """The Organisation of one read with its accounts and `software_count`."""
    slug = organisation.slug
    return Organisation(
        slug=slug,
        name=organisation.name,
        url=f"{API}/organisations/{slug}",
        kind=organisation.kind,
        tooi_uri=organisation.tooi_uri,
        oin=organisation.oin,
        website=organisation.website,
        source=organisation.source,
        software_count=getattr(organisation, "software_count", 0),
        accounts=[account_resource(account) for account in organisation.accounts],
        website_check=website_check_resource(organisation),
        software_url=f"{API}/software?organisation={slug}",
    )


NAME = {"type": "string", "minLength": 1, "maxLength": 200}
SCHEMAS = {
    **components(OrganisationRef, Organisation, CodeHostAccount),
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
