# SPDX-License-Identifier: EUPL-1.2
"""The webhooks pages: register, switch off and on, new secrets, delete, the delivery log, and a
retry now; for site administrators the site-wide webhooks (/beheer/webhooks), for an
organisation's admins its own (/organisaties/{slug}/webhooks)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.errors import Invalid
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.models import Organisation
from catalogue.paging import PageRequest
from catalogue.permissions.rules import Permission, Principal
from catalogue.web.auth import signed_in, site_admin
from catalogue.web.http import found, path_id, posted, redirect
from catalogue.web.links import page_links
from catalogue.web.params import LANG, PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from catalogue.webhooks import queries, services
from catalogue.webhooks.models import DeliveryStatus, Webhook
from catalogue.webhooks.outbox import kinds_for
from catalogue.webhooks.web.api import ADMINS_ONLY, OWNERS_ONLY, allow_private

STATUS = Param(
    "status", "Only deliveries in this state.", choices=tuple(s.value for s in DeliveryStatus)
)


# --- pages ---------------------------------------------------------------------------------

STEPS = {"uitzetten", "aanzetten", "nieuw-geheim", "verwijderen"}


async def _page_admin(request: Request) -> Principal:
    """Who may manage the webhooks of the page's scope: a site administrator, or for an
    organisation's pages one of its admins (403 for anyone else)."""
    if "slug" not in request.path_params:
        return await site_admin(request, refusal=ADMINS_ONLY)
    principal = await signed_in(request)
    if not principal.can(Permission.MANAGE_WEBHOOKS, (await _organisation(request)).pk):
        raise ProblemError(403, OWNERS_ONLY)
    return principal


async def _organisation(request: Request) -> Organisation:
    slug = request.path_params["slug"]
    return found(await organisation_queries.organisation_by_slug(slug), "no such organisation")


async def _scope(request: Request) -> tuple[Organisation | None, str]:
    """The organisation whose webhooks the page shows (None: the site's) and its address."""
    if "slug" not in request.path_params:
        return None, "/beheer/webhooks"
    organisation = await _organisation(request)
    return organisation, f"/organisaties/{organisation.slug}/webhooks"


async def _page_webhook(request: Request) -> Webhook:
    """The webhook of the path, if it belongs to the page's scope."""
    organisation, _ = await _scope(request)
    webhook = await queries.webhook_by_id(path_id(request, "webhook"))
    owner = organisation.pk if organisation else None
    if webhook is not None and organisation is not None and webhook.organisation_id != owner:
        webhook = None
    return found(webhook, "no such webhook")


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
    organisation, base = await _scope(request)
    owner = organisation.pk if organisation else None
    page = await queries.list_webhooks(
        PageRequest(page=page_number, per_page=50), organisation_id=owner
    )
    return await render(
        request,
        "webhooks.html",
        status_code=status_code,
        page=page,
        links=page_links(request.url, page),
        kinds=kinds_for(owner),
        organisation=organisation,
        base=base,
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
    organisation, _ = await _scope(request)
    owner = organisation.pk if organisation else None
    values = {
        "url": form.get("url", ""),
        "description": form.get("description", ""),
        "events": [kind for kind in kinds_for(owner) if form.get(f"event.{kind}")],
    }
    try:
        webhook, secret = await services.register_webhook(
            principal=principal,
            values=values,
            allow_private=allow_private(request),
            organisation_id=owner,
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
    organisation, base = await _scope(request)
    response = await render(
        request,
        "webhooks_detail.html",
        organisation=organisation,
        base=base,
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
    _, base = await _scope(request)
    if step == "verwijderen":
        await services.delete_webhook(principal=principal, webhook=webhook)
        return redirect(base)
    if step == "nieuw-geheim":
        secret = await services.rotate_secret(principal=principal, webhook=webhook)
        return await _detail_page(request, webhook, secret=secret)
    await services.set_active(principal=principal, webhook=webhook, active=step == "aanzetten")
    return redirect(f"{base}/{webhook.pk}")


async def retry_delivery(request: Request) -> Response:
    principal = await _page_admin(request)
    webhook = await _page_webhook(request)
    number = request.path_params["delivery"]
    delivery = await queries.delivery_of(webhook, number) if number < 2**62 else None
    if delivery is None:
        raise ProblemError(404, "no such delivery")
    await posted(request)
    await services.retry_now(principal=principal, delivery=delivery)
    _, base = await _scope(request)
    return redirect(f"{base}/{webhook.pk}")


ROUTES: list[Route] = [
    route
    for base in ("/beheer/webhooks", "/organisaties/{slug}/webhooks")
    for route in (
        Route(base, webhooks_page, methods=["GET"]),
        Route(base, add_webhook, methods=["POST"]),
        Route(base + "/{id:int}", webhook_page, methods=["GET"]),
        Route(base + "/{id:int}/{step}", webhook_step, methods=["POST"]),
        Route(
            base + "/{id:int}/afleveringen/{delivery:int}/opnieuw",
            retry_delivery,
            methods=["POST"],
        ),
    )
]
