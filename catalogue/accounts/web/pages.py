# SPDX-License-Identifier: EUPL-1.2
"""Pages of people: signing in and out, and the account page with its API tokens, roles,
harvest failures and decisions waiting for the person. Every post carries a CSRF token."""

from __future__ import annotations

from datetime import UTC, date, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.accounts import queries, services, sessions
from catalogue.accounts.credentials import AccountError
from catalogue.harvests import queries as harvest_queries
from catalogue.harvests import services as harvest_services
from catalogue.jobs import services as job_services
from catalogue.messages import Message, message_of
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations import services as organisation_services
from catalogue.permissions.rules import Permission
from catalogue.vulnerabilities import queries as vulnerability_queries
from catalogue.web import auth
from catalogue.web.auth import signed_in
from catalogue.web.http import found, path_id, posted, redirect
from catalogue.web.params import LANG, Param, parse_query
from catalogue.web.rendering import render
from wooexemptions import queries as register_queries

NEXT = Param("next", "Where to go after signing in.", max_length=300)


def safe_next(value: str | None) -> str:
    """Only a path on this site, never another site, to go to after signing in."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value[:300]
    return "/account"


async def sign_in_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG, NEXT))
    return await render(request, "sign_in.html", next=request.query_params.get("next", ""))


async def sign_in(request: Request) -> Response:
    form = await posted(request)
    address = request.client.host if request.client else "unknown"
    try:
        result = await sessions.sign_in(
            email=form.get("email", ""), password=form.get("password", ""), address=address
        )
    except sessions.ThrottledError as error:
        response = await render(
            request,
            "sign_in.html",
            status_code=429,
            error=message_of(error),
            next=form.get("next", ""),
            email=form.get("email", ""),
        )
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    except sessions.SignInError as error:
        return await render(
            request,
            "sign_in.html",
            status_code=400,
            error=message_of(error),
            next=form.get("next", ""),
            email=form.get("email", ""),
        )
    old = auth.session_key(request)
    if old:
        await sessions.sign_out(old)
    response = redirect(safe_next(form.get("next")))
    auth.set_session_cookie(request, response, result.session_key)
    return response


async def sign_out(request: Request) -> Response:
    await posted(request)
    key = auth.session_key(request)
    if key:
        await sessions.sign_out(key)
    response = redirect("/")
    auth.set_session_cookie(request, response, None)
    return response


async def account_page(
    request: Request,
    *,
    new_token: str | None = None,
    status_code: int = 200,
    error: str | None = None,
    queued: str | None = None,
) -> Response:
    principal = await signed_in(request)
    assert principal.user_id is not None
    memberships = await queries.memberships_of(principal.user_id)
    return await render(
        request,
        "account.html",
        status_code=status_code,
        user=await queries.user(principal.user_id),
        memberships=memberships,
        tokens=await queries.tokens_of(principal.user_id),
        new_token=new_token,
        error=error,
        preparing=await register_queries.in_preparation(principal),
        failures=await harvest_queries.harvest_failures([m.organisation_id for m in memberships]),
        accounts=await harvest_queries.accounts_of([m.organisation_id for m in memberships]),
        queued=queued,
        reviews_due=await register_queries.reviews_due(principal),
        vulnerabilities=await vulnerability_queries.exposures_of_organisations(
            principal.organisations_with(Permission.READ_VULNERABILITIES)
        ),
        requests_due=await register_queries.requests_due(principal, date.today()),
        user_id=principal.user_id,
    )


async def account(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    return await account_page(request)


async def create_token(request: Request) -> Response:
    principal = await signed_in(request)
    assert principal.user_id is not None
    form = await posted(request)
    try:
        _, plain = await services.create_token(
            user=await queries.user(principal.user_id),
            name=form.get("name", ""),
            actor=principal.actor,
        )
    except AccountError as error:
        return await account_page(request, status_code=400, error=message_of(error))
    return await account_page(request, new_token=plain)


async def revoke_token(request: Request) -> Response:
    principal = await signed_in(request)
    assert principal.user_id is not None
    await posted(request)
    token = found(
        await queries.token_of(principal.user_id, path_id(request, "token")),
        Message("you have no such token"),
    )
    await services.revoke_token(token=token, actor=principal.actor)
    return redirect("/account")


async def request_harvest(request: Request) -> Response:
    """An owner's "harvest my account now": queued for the schedule's worker, never run here."""
    principal = await signed_in(request)
    await posted(request)
    account = found(
        await organisation_queries.account(path_id(request, "account")),
        Message("there is no such code-host account"),
    )
    queued = await organisation_services.request_harvest(principal=principal, account=account)
    await job_services.due_now(harvest_services.HARVEST_REQUESTED, now=datetime.now(UTC))
    return await account_page(request, queued=account.url if queued else None)


ROUTES = [
    Route("/aanmelden", sign_in_page, methods=["GET"]),
    Route("/aanmelden", sign_in, methods=["POST"]),
    Route("/afmelden", sign_out, methods=["POST"]),
    Route("/account", account, methods=["GET"]),
    Route("/account/tokens", create_token, methods=["POST"]),
    Route("/account/tokens/{id:int}/intrekken", revoke_token, methods=["POST"]),
    Route("/account/oogsten/{id:int}", request_harvest, methods=["POST"]),
]
