# SPDX-License-Identifier: EUPL-1.2
"""Webhooks for site administrators: the API under /api/v1/webhooks (bearer tokens) and the
pages under /beheer/webhooks (session and CSRF). A secret is in the answer that creates it or
gives a new one, and nowhere else."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from catalogue.errors import Invalid
from catalogue.paging import PageRequest
from catalogue.permissions.rules import Principal
from catalogue.web.auth import bearer_principal, signed_in
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import json_body, page_request, page_response, path_id, posted, redirect
from catalogue.web.links import page_links
from catalogue.web.params import LANG, PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from catalogue.web.schemas import (
    API,
    DATETIME,
    NULLABLE_DATETIME,
    NULLABLE_STRING,
    STRING,
    closed_object,
    enum,
    iso,
)
from catalogue.webhooks import queries, services
from catalogue.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from catalogue.webhooks.outbox import PUBLIC_KINDS
from catalogue.webhooks.queries import WebhookSummary

STATUS = Param(
    "status", "Only deliveries in this state.", choices=tuple(s.value for s in DeliveryStatus)
)
ADMINS_ONLY = "only site administrators may manage webhooks"


# --- representations -----------------------------------------------------------------------


def webhook_json(summary: WebhookSummary) -> dict[str, Any]:
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
        "created_at": iso(webhook.created_at),
        "updated_at": iso(webhook.updated_at),
        "api_url": f"{API}/webhooks/{webhook.pk}",
        "deliveries_url": f"{API}/webhooks/{webhook.pk}/deliveries",
    }


def delivery_json(delivery: WebhookDelivery) -> dict[str, Any]:
    pending = delivery.status is DeliveryStatus.PENDING
    return {
        "id": delivery.pk,
        "webhook_id": delivery.webhook_id,
        "event_id": delivery.event_id,
        "kind": delivery.kind,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "next_attempt_at": iso(delivery.next_attempt_at) if pending else None,
        "last_attempt_at": iso(delivery.last_attempt_at),
        "response_status": delivery.response_status,
        "error": delivery.error,
        "created_at": iso(delivery.created_at),
        "delivered_at": iso(delivery.delivered_at),
        "payload": delivery.payload,
    }


KIND = {"type": "string", "enum": list(PUBLIC_KINDS)}
WEBHOOK = {
    "id": {"type": "integer"},
    "url": STRING,
    "description": STRING,
    "events": {"type": "array", "items": KIND, "description": "Empty: every kind."},
    "active": {"type": "boolean"},
    "pending": {"type": "integer", "minimum": 0, "description": "Deliveries still to send."},
    "failed": {"type": "integer", "minimum": 0, "description": "Deliveries given up."},
    "created_by": NULLABLE_STRING,
    "created_at": DATETIME,
    "updated_at": DATETIME,
    "api_url": STRING,
    "deliveries_url": STRING,
}
SCHEMAS: dict[str, Any] = {
    "Webhook": closed_object(WEBHOOK),
    "WebhookCreated": closed_object(
        {
            **WEBHOOK,
            "secret": {
                "type": "string",
                "description": "Key of the X-Opentenzij-Signature HMAC. Shown only in this "
                "answer: store it now.",
            },
        }
    ),
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
    "WebhookDelivery": closed_object(
        {
            "id": {"type": "integer"},
            "webhook_id": {"type": "integer"},
            "event_id": {"type": ["integer", "null"]},
            "kind": KIND,
            "status": enum(DeliveryStatus),
            "attempts": {"type": "integer", "minimum": 0},
            "next_attempt_at": NULLABLE_DATETIME,
            "last_attempt_at": NULLABLE_DATETIME,
            "response_status": {"type": ["integer", "null"]},
            "error": STRING,
            "created_at": DATETIME,
            "delivered_at": NULLABLE_DATETIME,
            "payload": {"type": "object", "description": "The JSON body sent."},
        }
    ),
}


# --- API -----------------------------------------------------------------------------------


async def _api_admin(request: Request) -> Principal:
    principal = await bearer_principal(request)
    if not principal.signed_in:
        raise ProblemError(
            401,
            "sign in with a bearer token to manage webhooks",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not principal.is_site_admin:
        raise ProblemError(403, ADMINS_ONLY)
    return principal


async def _webhook(request: Request) -> Webhook:
    webhook_id = path_id(request, "webhook")
    webhook = await queries.webhook_by_id(webhook_id)
    if webhook is None:
        raise ProblemError(404, f"there is no webhook with id {webhook_id}")
    return webhook


async def webhook_list(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    await _api_admin(request)
    page = await queries.list_webhooks(page_request(values))
    return page_response(request, page, [webhook_json(s) for s in page.items])


async def create_webhook(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await _api_admin(request)
    webhook, secret = await services.register_webhook(
        principal=principal, values=await json_body(request), allow_private=_allow_private(request)
    )
    webhook = await _fresh(webhook.pk)
    return JSONResponse(
        {**webhook_json(WebhookSummary(webhook)), "secret": secret},
        status_code=201,
        headers={"Location": f"{API}/webhooks/{webhook.pk}", "Cache-Control": "no-store"},
    )


async def _fresh(webhook_id: int) -> Webhook:
    webhook = await queries.webhook_by_id(webhook_id)
    assert webhook is not None
    return webhook


def _allow_private(request: Request) -> bool:
    return bool(request.app.state.settings.webhooks_allow_private)


async def webhook_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    await _api_admin(request)
    return JSONResponse(webhook_json(await queries.summary_of(await _webhook(request))))


async def delete_webhook(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await _api_admin(request)
    await services.delete_webhook(principal=principal, webhook=await _webhook(request))
    return Response(status_code=204)


async def webhook_deliveries(request: Request) -> Response:
    values = parse_query(request.query_params, (STATUS, PAGE, PER_PAGE))
    await _api_admin(request)
    status = DeliveryStatus(values["status"]) if values["status"] else None
    page = await queries.deliveries(await _webhook(request), page_request(values), status=status)
    return page_response(request, page, [delivery_json(d) for d in page.items])


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


# --- pages ---------------------------------------------------------------------------------

STEPS = {"uitzetten", "aanzetten", "nieuw-geheim", "verwijderen"}


async def _page_admin(request: Request) -> Principal:
    principal = await signed_in(request)
    if not principal.is_site_admin:
        raise ProblemError(403, ADMINS_ONLY)
    return principal


async def _page_webhook(request: Request) -> Webhook:
    webhook_id = path_id(request, "webhook")
    webhook = await queries.webhook_by_id(webhook_id)
    if webhook is None:
        raise ProblemError(404, "no such webhook")
    return webhook


async def _list_page(
    request: Request,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    created: Webhook | None = None,
    secret: str | None = None,
    status_code: int = 200,
) -> Response:
    page_number = parse_query(request.query_params, (LANG, PAGE))["page"]
    page = await queries.list_webhooks(PageRequest(page=page_number, per_page=50))
    return await render(
        request,
        "webhooks.html",
        status_code=status_code,
        page=page,
        links=page_links(request.url, page),
        kinds=PUBLIC_KINDS,
        values=values or {},
        errors=errors or {},
        created=created,
        secret=secret,
    )


async def webhooks_page(request: Request) -> Response:
    await _page_admin(request)
    return await _list_page(request)


async def add_webhook(request: Request) -> Response:
    principal = await _page_admin(request)
    form = await posted(request)
    values = {
        "url": form.get("url", ""),
        "description": form.get("description", ""),
        "events": [kind for kind in PUBLIC_KINDS if form.get(f"event.{kind}")],
    }
    try:
        webhook, secret = await services.register_webhook(
            principal=principal, values=values, allow_private=_allow_private(request)
        )
    except Invalid as error:
        return await _list_page(request, values=values, errors=error.errors, status_code=422)
    response = await _list_page(request, created=webhook, secret=secret)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _detail_page(
    request: Request, webhook: Webhook, *, secret: str | None = None
) -> Response:
    values = parse_query(request.query_params, (LANG, STATUS, PAGE))
    status = DeliveryStatus(values["status"]) if values["status"] else None
    page = await queries.deliveries(
        webhook, PageRequest(page=values["page"], per_page=50), status=status
    )
    response = await render(
        request,
        "webhooks_detail.html",
        summary=await queries.summary_of(webhook),
        page=page,
        links=page_links(request.url, page),
        status=status,
        statuses=list(DeliveryStatus),
        secret=secret,
        being_attempted={d.id for d in page.items if services.is_claimed(d, now=datetime.now(UTC))},
    )
    if secret:
        response.headers["Cache-Control"] = "no-store"
    return response


async def webhook_page(request: Request) -> Response:
    await _page_admin(request)
    return await _detail_page(request, await _page_webhook(request))


async def webhook_step(request: Request) -> Response:
    """One of the buttons of a webhook's page, named by the last part of the path."""
    principal = await _page_admin(request)
    webhook = await _page_webhook(request)
    step = request.path_params["step"]
    if step not in STEPS:
        raise ProblemError(404, "no such page")
    await posted(request)
    if step == "verwijderen":
        await services.delete_webhook(principal=principal, webhook=webhook)
        return redirect("/beheer/webhooks")
    if step == "nieuw-geheim":
        secret = await services.rotate_secret(principal=principal, webhook=webhook)
        return await _detail_page(request, webhook, secret=secret)
    await services.set_active(principal=principal, webhook=webhook, active=step == "aanzetten")
    return redirect(f"/beheer/webhooks/{webhook.pk}")


async def retry_delivery(request: Request) -> Response:
    principal = await _page_admin(request)
    webhook = await _page_webhook(request)
    number = request.path_params["delivery"]
    delivery = await queries.delivery_of(webhook, number) if number < 2**62 else None
    if delivery is None:
        raise ProblemError(404, "no such delivery")
    await posted(request)
    await services.retry_now(principal=principal, delivery=delivery)
    return redirect(f"/beheer/webhooks/{webhook.pk}")


ROUTES: list[Route] = [
    Route("/beheer/webhooks", webhooks_page, methods=["GET"]),
    Route("/beheer/webhooks", add_webhook, methods=["POST"]),
    Route("/beheer/webhooks/{id:int}", webhook_page, methods=["GET"]),
    Route("/beheer/webhooks/{id:int}/{step}", webhook_step, methods=["POST"]),
    Route(
        "/beheer/webhooks/{id:int}/afleveringen/{delivery:int}/opnieuw",
        retry_delivery,
        methods=["POST"],
    ),
]
