# SPDX-License-Identifier: EUPL-1.2
"""The webhooks API: register, list, read and delete webhooks, and read their delivery log;
site administrators the site-wide ones (/webhooks), an organisation's admins their own
(/organisations/{slug}/webhooks, told of that organisation's news too, such as a new
exposure under embargo); and the JSON of webhooks and deliveries."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Permission, Principal
from catalogue.web.auth import bearer_principal, bearer_site_admin
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import (
    EncodedResponse,
    found,
    json_body,
    page_request,
    page_response,
    path_id,
)
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.schemas import API, Count, MaybeMoment, Moment, components, iso
from catalogue.webhooks import models, queries, services
from catalogue.webhooks.models import DeliveryStatus
from catalogue.webhooks.outbox import kinds_for
from catalogue.webhooks.queries import WebhookSummary

STATUS = Param(
    "status", "Only deliveries in this state.", choices=tuple(s.value for s in DeliveryStatus)
)
ADMINS_ONLY = "only site administrators may manage webhooks"
OWNERS_ONLY = "only the organisation's admins may manage its webhooks"


# --- representations -----------------------------------------------------------------------


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


KIND = {"type": "string", "enum": list(kinds_for(0))}
Kind = Annotated[str, msgspec.Meta(extra_json_schema=KIND)]


class Webhook(msgspec.Struct, forbid_unknown_fields=True):
    """A receiver the catalogue POSTs its changes to, signed; never with its secret."""

    id: int
    url: Annotated[str, _described("Where changes are POSTed.")]
    description: Annotated[str, _described("What it is for.")]
    events: Annotated[list[Kind], _described("Empty: every kind.")]
    active: Annotated[bool, _described("Whether changes are sent.")]
    pending: Annotated[Count, _described("Deliveries still to send.")]
    failed: Annotated[Count, _described("Deliveries given up.")]
    created_by: str | None
    organisation: Annotated[
        str | None, _described("Slug of the organisation that owns it; null: site-wide.")
    ]
    created_at: Moment
    updated_at: Moment
    api_url: str
    deliveries_url: str


class WebhookCreated(Webhook, forbid_unknown_fields=True):
    """A webhook just registered, with its secret: the only answer that holds it."""

    secret: Annotated[
        str,
        _described(
            "Key of the X-Opentenzij-Signature HMAC. Shown only in this answer: store it now."
        ),
    ]


def _webhook_values(summary: WebhookSummary) -> dict[str, Any]:
    webhook = summary.webhook
    creator = webhook.created_by
    return {
        "id": webhook.pk,
        "url": webhook.url,
        "description": webhook.description,
        "events": list(webhook.events),
        "active": webhook.active,
        "pending": summary.pending,
        "failed": summary.failed,
        "created_by": creator.email if creator else None,
        "organisation": owner.slug if (owner := webhook.organisation) is not None else None,
        "created_at": webhook.created_at.isoformat(),
        "updated_at": webhook.updated_at.isoformat(),
        "api_url": f"{API}/webhooks/{webhook.pk}",
        "deliveries_url": f"{API}/webhooks/{webhook.pk}/deliveries",
    }


def webhook_resource(summary: WebhookSummary) -> Webhook:
    return Webhook(**_webhook_values(summary))


class WebhookDelivery(msgspec.Struct, forbid_unknown_fields=True):
    """One change sent (or to be sent) to a webhook, with how its attempts went."""

    id: int
    webhook_id: int
    event_id: Annotated[int | None, _described("The audit event it reports, if any.")]
    kind: Kind
    status: DeliveryStatus
    attempts: Annotated[Count, _described("Attempts made so far.")]
    next_attempt_at: Annotated[MaybeMoment, _described("When the next attempt is due.")]
    last_attempt_at: Annotated[MaybeMoment, _described("When it was last tried.")]
    response_status: Annotated[int | None, _described("HTTP status of the last answer.")]
    error: Annotated[str, _described("Why the last attempt failed.")]
    created_at: Moment
    delivered_at: Annotated[MaybeMoment, _described("When the receiver accepted it.")]
    payload: Annotated[dict[str, Any], _described("The JSON body sent.")]


def delivery_resource(delivery: models.WebhookDelivery) -> WebhookDelivery:
    pending = delivery.status is DeliveryStatus.PENDING
    return WebhookDelivery(
        id=delivery.pk,
        webhook_id=delivery.webhook_id,
        event_id=delivery.event_id,
        kind=delivery.kind,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=iso(delivery.next_attempt_at) if pending else None,
        last_attempt_at=iso(delivery.last_attempt_at),
        response_status=delivery.response_status,
        error=delivery.error,
        created_at=delivery.created_at.isoformat(),
        delivered_at=iso(delivery.delivered_at),
        payload=delivery.payload,
    )


SCHEMAS: dict[str, Any] = {
    **components(Webhook, WebhookCreated, WebhookDelivery),
    "WebhookInput": {
        "type": "object",
        "properties": {
            "url": {"type": "string", "format": "uri", "maxLength": services.MAX_URL},
            "events": {"type": "array", "items": KIND, "uniqueItems": True},
            "description": {"type": "string", "maxLength": services.MAX_DESCRIPTION},
        },
        "required": ["url"],
        "additionalProperties": False,
    },
}


# --- API -----------------------------------------------------------------------------------


async def _api_admin(request: Request) -> Principal:
    return await bearer_site_admin(request, doing="manage webhooks", refusal=ADMINS_ONLY)


async def _webhook(request: Request) -> tuple[Principal, models.Webhook]:
    """The webhook of the path and who asks: a site administrator, or an admin of the
    organisation that owns it (to anyone else it does not exist)."""
    principal = await bearer_principal(request)
    if not principal.signed_in:
        await _api_admin(request)  # the 401 saying a token is needed
    webhook_id = path_id(request, "webhook")
    webhook = await queries.webhook_by_id(webhook_id)
    owner = webhook.organisation_id if webhook else None
    if webhook is None or (
        owner is not None
        and not principal.is_site_admin
        and not principal.can(Permission.MANAGE_WEBHOOKS, owner)
    ):
        raise ProblemError(404, f"there is no webhook with id {webhook_id}")
    if owner is None and not principal.is_site_admin:
        raise ProblemError(403, ADMINS_ONLY)
    return principal, webhook


async def _owned(request: Request) -> tuple[Principal, Organisation]:
    """The organisation of the path and its admin who asks (401 without a token, 403 for
    anyone else)."""
    principal = await bearer_principal(request)
    if not principal.signed_in:
        await _api_admin(request)
    organisation = found(
        await organisation_queries.organisation_by_slug(request.path_params["slug"]),
        "there is no organisation with that slug",
    )
    if not principal.can(Permission.MANAGE_WEBHOOKS, organisation.pk):
        raise ProblemError(403, OWNERS_ONLY)
    return principal, organisation


async def organisation_webhook_list(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    _, organisation = await _owned(request)
    page = await queries.list_webhooks(page_request(values), organisation_id=organisation.pk)
    return page_response(request, page, [webhook_resource(s) for s in page.items])


async def create_organisation_webhook(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal, organisation = await _owned(request)
    webhook, secret = await services.register_webhook(
        principal=principal,
        values=await json_body(request),
        allow_private=allow_private(request),
        organisation_id=organisation.pk,
    )
    return await _created(webhook, secret)


async def webhook_list(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    await _api_admin(request)
    page = await queries.list_webhooks(page_request(values))
    return page_response(request, page, [webhook_resource(s) for s in page.items])


async def create_webhook(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await _api_admin(request)
    webhook, secret = await services.register_webhook(
        principal=principal, values=await json_body(request), allow_private=allow_private(request)
    )
    return await _created(webhook, secret)


async def _created(webhook: models.Webhook, secret: str) -> Response:
    webhook = await _fresh(webhook.pk)
    return EncodedResponse(
        WebhookCreated(**_webhook_values(WebhookSummary(webhook)), secret=secret),
        status_code=201,
        headers={"Location": f"{API}/webhooks/{webhook.pk}", "Cache-Control": "no-store"},
    )


async def _fresh(webhook_id: int) -> models.Webhook:
    webhook = await queries.webhook_by_id(webhook_id)
    assert webhook is not None
    return webhook


def allow_private(request: Request) -> bool:
    """Whether this site lets webhooks point at private addresses (an intranet receiver)."""
    return bool(request.app.state.settings.webhooks_allow_private)


async def webhook_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    _, webhook = await _webhook(request)
    return EncodedResponse(webhook_resource(await queries.summary_of(webhook)))


async def delete_webhook(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal, webhook = await _webhook(request)
    await services.delete_webhook(principal=principal, webhook=webhook)
    return Response(status_code=204)


async def webhook_deliveries(request: Request) -> Response:
    values = parse_query(request.query_params, (STATUS, PAGE, PER_PAGE))
    _, webhook = await _webhook(request)
    status = DeliveryStatus(values["status"]) if values["status"] else None
    page = await queries.deliveries(webhook, page_request(values), status=status)
    return page_response(request, page, [delivery_resource(d) for d in page.items])


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        method="GET",
        path="/webhooks",
        operation_id="listWebhooks",
        summary="List webhooks (site administrators); secrets are never listed",
        handler=webhook_list,
        schema="Webhook",
        params=(PAGE, PER_PAGE),
        is_list=True,
        errors=(400, 401, 403),
        secured=True,
    ),
    Endpoint(
        method="POST",
        path="/webhooks",
        operation_id="createWebhook",
        summary="Register a webhook; the answer holds its secret, shown only once",
        handler=create_webhook,
        schema="WebhookCreated",
        body="WebhookInput",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="GET",
        path="/organisations/{slug}/webhooks",
        operation_id="listOrganisationWebhooks",
        summary="List an organisation's own webhooks (its admins)",
        handler=organisation_webhook_list,
        schema="Webhook",
        params=(PAGE, PER_PAGE),
        is_list=True,
        errors=(400, 401, 403, 404),
        secured=True,
    ),
    Endpoint(
        method="POST",
        path="/organisations/{slug}/webhooks",
        operation_id="createOrganisationWebhook",
        summary="Register a webhook of the organisation (its admins): it hears the "
        "organisation's changes, vulnerability.affects included; the secret is shown once",
        handler=create_organisation_webhook,
        schema="WebhookCreated",
        body="WebhookInput",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="GET",
        path="/webhooks/{id}",
        operation_id="getWebhook",
        summary="A webhook (site administrators)",
        handler=webhook_item,
        schema="Webhook",
        errors=(400, 401, 403),
        secured=True,
    ),
    Endpoint(
        method="DELETE",
        path="/webhooks/{id}",
        operation_id="deleteWebhook",
        summary="Delete a webhook and its delivery log",
        handler=delete_webhook,
        schema=None,
        status=204,
        errors=(400, 401, 403),
        secured=True,
    ),
    Endpoint(
        method="GET",
        path="/webhooks/{id}/deliveries",
        operation_id="listWebhookDeliveries",
        summary="A webhook's delivery log, newest first (site administrators)",
        handler=webhook_deliveries,
        schema="WebhookDelivery",
        params=(STATUS, PAGE, PER_PAGE),
        is_list=True,
        errors=(400, 401, 403),
        secured=True,
    ),
)
