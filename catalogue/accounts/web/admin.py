# SPDX-License-Identifier: EUPL-1.2
"""Site administration (/beheer: organisations, code-host accounts, users, roles) and an
organisation's audit log for its members."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.accounts import queries, services
from catalogue.accounts.credentials import AccountError, check_password, normalise_email
from catalogue.audit import queries as audit_queries
from catalogue.errors import Duplicate, Invalid, NotPermitted
from catalogue.harvests import queries as harvest_queries
from catalogue.inputs import one_of
from catalogue.jobs import queries as job_queries
from catalogue.messages import Message, message_of
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations import services as organisation_services
from catalogue.organisations.publishers import account_from_url
from catalogue.paging import PageRequest
from catalogue.permissions.rules import Permission, Principal, Role
from catalogue.urls import UrlError
from catalogue.web.auth import signed_in, site_admin
from catalogue.web.http import found, posted
from catalogue.web.links import page_links
from catalogue.web.params import LANG, PAGE, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render

AUDIT_PAGE_SIZE = 50


async def audit_page(request: Request) -> Response:
    values = parse_query(request.query_params, (LANG, PAGE))
    principal = await signed_in(request)
    organisation = found(
        await organisation_queries.organisation_detail(request.path_params["slug"]),
        Message("no such organisation"),
    )
    if not principal.can(Permission.READ_AUDIT, organisation.pk):
        raise ProblemError(403, Message("only members of the organisation may read its audit log"))
    page = await audit_queries.audit_events(
        organisation.pk, PageRequest(page=values["page"], per_page=AUDIT_PAGE_SIZE)
    )
    return await render(
        request,
        "audit.html",
        organisation=organisation,
        page=page,
        actors=await queries.actor_names(event.actor for event in page.items),
        links=page_links(request.url, page),
    )


# The forms of the page, by their `action`. Their fields share names (name, email,
# organisation), so a problem is keyed by the id of its control: the form's action, a hyphen
# and the field (user-email); a duplicate is the problem of the field that holds the value.
FORMS = ("organisation", "account", "user", "grant", "revoke")
DUPLICATE_FIELDS = {"organisation": "tooi_uri", "account": "url", "user": "email"}
SECRET_FIELDS = frozenset({"csrf_token", "password"})


async def admin_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    done: str | None = None,
    status_code: int = 200,
    form: str = "",
    values: dict[str, str] | None = None,
) -> Response:
    """The page; after a refused form, its problems and what was typed into it (`values`,
    but never a password), shown with that form (`form`, its action)."""
    await site_admin(request)
    return await render(
        request,
        "admin.html",
        status_code=status_code,
        users=await queries.users_with_roles(),
        organisations=await organisation_queries.organisation_choices(),
        jobs=await job_queries.scheduled_jobs(),
        runs=await harvest_queries.recent_runs(),
        errors=errors or {},
        done=done,
        form=form,
        values=values or {},
    )


async def admin(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    return await admin_page(request)


async def admin_action(request: Request) -> Response:
    """One of the administration forms, named by its `action` field."""
    principal = await site_admin(request)
    form = await posted(request)
    action = form.get("action", "")
    try:
        done = await _administer(principal, action, form)
    except (Invalid, Duplicate, AccountError) as error:
        problems: dict[str, str]
        if action not in FORMS:
            problems = {"action": Message("unknown form")}
        elif isinstance(error, Invalid):
            problems = {f"{action}-{field}": text for field, text in error.errors.items()}
        else:
            field = DUPLICATE_FIELDS.get(action, "membership")
            problems = {f"{action}-{field}": message_of(error)}
        kept = {k: v for k, v in form.items() if k not in SECRET_FIELDS}
        return await admin_page(request, errors=problems, status_code=422, form=action, values=kept)
    except NotPermitted as error:
        raise ProblemError(403, message_of(error)) from None
    return await admin_page(request, done=done)


async def _administer(principal: Principal, action: str, form: dict[str, str]) -> str:
    if action == "organisation":
        created = await organisation_services.create_organisation(
            principal=principal,
            values={
                "name": form.get("name", ""),
                "kind": form.get("kind", "other"),
                "tooi_uri": form.get("tooi_uri", ""),
            },
        )
        return created.name
    if action == "user":
        await _check_user(form)
        user = await services.create_user(
            email=form.get("email", ""),
            password=form.get("password") or None,
            name=form.get("name", ""),
            actor=principal.actor,
        )
        return user.email
    if action == "revoke":
        number = form.get("membership", "")
        membership = await queries.membership(
            int(number) if number.isdigit() and len(number) < 10 else 0
        )
        if membership is None:
            raise Invalid({"membership": Message("no such membership")})
        await services.revoke_role(principal=principal, membership=membership)
        return Message("revoked")
    if action not in {"account", "grant"}:
        raise Invalid({"action": Message("unknown form")})
    organisation = await organisation_queries.organisation_by_slug(form.get("organisation", ""))
    if organisation is None:
        raise Invalid({"organisation": Message("choose an organisation"), **_others(action, form)})
    if action == "account":
        account = await organisation_services.add_account(
            principal=principal, organisation=organisation, url=form.get("url", "")
        )
        return account.url
    membership = await services.grant_role(
        principal=principal,
        organisation=organisation,
        email=form.get("email", ""),
        role=form.get("role", ""),
    )
    return f"{form.get('email')}: {membership.role.value}"


def _others(action: str, form: dict[str, str]) -> dict[str, str]:
    """The problems of an account's or a role's other fields, found without an organisation."""
    if action == "account":
        try:
            account_from_url(form.get("url", ""))
        except UrlError as error:
            return {"url": message_of(error)}
    elif form.get("role") not in {role.value for role in Role}:
        return {"role": one_of(role.value for role in Role)}
    return {}


async def _check_user(form: dict[str, str]) -> None:
    """Every problem of the new-user form at once: its address and its password."""
    problems: dict[str, str] = {}
    try:
        address = normalise_email(form.get("email", ""))
        if await queries.email_taken(address):
            problems["email"] = Message("there is already a user %(address)s", address=address)
    except AccountError as error:
        problems["email"] = message_of(error)
    try:
        if form.get("password"):
            check_password(form["password"])
    except AccountError as error:
        problems["password"] = message_of(error)
    if problems:
        raise Invalid(problems)


ROUTES = [
    Route("/beheer", admin, methods=["GET"]),
    Route("/beheer", admin_action, methods=["POST"]),
    Route("/organisaties/{slug}/audit", audit_page, methods=["GET"]),
]
