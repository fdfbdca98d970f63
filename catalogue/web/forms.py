# SPDX-License-Identifier: EUPL-1.2
"""Pages with forms: signing in and out, API tokens, registering and editing software, the
organisation's audit log, and site administration. Every post carries a CSRF token."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from catalogue import accounts, oidc, queries, registration
from catalogue.errors import Duplicate, Invalid, NotPermitted
from catalogue.events import Action, record_event
from catalogue.messages import Message, message_of
from catalogue.models import Organisation
from catalogue.permissions import Permission, Principal
from catalogue.users import ApiToken, Membership, User
from catalogue.web import auth
from catalogue.web.api import PAGE, path_id
from catalogue.web.links import page_links
from catalogue.web.pages import LANG
from catalogue.web.params import Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from wooexemptions import queries as register_queries

NEXT = Param("next", "Where to go after signing in.", max_length=300)
MAX_FIELDS = 50
MAX_FIELD_BYTES = 64 * 1024


async def posted(request: Request, *, max_fields: int = MAX_FIELDS) -> dict[str, str]:
    """The form's fields, after checking its CSRF token; repeated fields keep the first."""
    async with request.form(
        max_files=0, max_fields=max_fields, max_part_size=MAX_FIELD_BYTES
    ) as form:
        auth.check_csrf(request, form.get(auth.CSRF_FIELD))
        return {key: str(form.get(key)) for key in form if key != auth.CSRF_FIELD}


def redirect(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


async def signed_in(request: Request) -> Principal:
    """The signed-in principal; people who are not signed in are sent to the sign-in page."""
    principal = await auth.session_principal(request)
    if not principal.signed_in:
        raise auth.SignInRequired(request.url.path)
    return principal


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
        result = await accounts.sign_in(
            email=form.get("email", ""), password=form.get("password", ""), address=address
        )
    except accounts.ThrottledError as error:
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
    except accounts.SignInError as error:
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
        await accounts.sign_out(old)
    response = redirect(safe_next(form.get("next")))
    auth.set_session_cookie(request, response, result.session_key)
    return response


async def sign_out(request: Request) -> Response:
    await posted(request)
    key = auth.session_key(request)
    if key:
        await accounts.sign_out(key)
    response = redirect("/")
    auth.set_session_cookie(request, response, None)
    return response


async def account_page(
    request: Request,
    *,
    new_token: str | None = None,
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    principal = await signed_in(request)
    user = await User.get(id=principal.user_id)
    memberships = await Membership.filter(user=user).select_related("organisation")
    tokens = await ApiToken.filter(user=user).order_by("-id")
    preparing = await register_queries.in_preparation(principal)
    return await render(
        request,
        "account.html",
        status_code=status_code,
        user=user,
        memberships=memberships,
        tokens=tokens,
        new_token=new_token,
        error=error,
        preparing=preparing,
        failures=await queries.harvest_failures([m.organisation_id for m in memberships]),
        reviews_due=await register_queries.reviews_due(principal),
        user_id=principal.user_id,
    )


async def account(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    return await account_page(request)


async def create_token(request: Request) -> Response:
    principal = await signed_in(request)
    form = await posted(request)
    user = await User.get(id=principal.user_id)
    try:
        _, plain = await accounts.create_token(
            user=user, name=form.get("name", ""), actor=principal.actor
        )
    except accounts.AccountError as error:
        return await account_page(request, status_code=400, error=message_of(error))
    return await account_page(request, new_token=plain)


async def revoke_token(request: Request) -> Response:
    principal = await signed_in(request)
    await posted(request)
    token = await ApiToken.get_or_none(id=path_id(request, "token"), user_id=principal.user_id)
    if token is None:
        raise ProblemError(404, Message("you have no such token"))
    await accounts.revoke_token(token=token, actor=principal.actor)
    return redirect("/account")


async def _registrable(principal: Principal) -> list[tuple[str, str]]:
    choices = await queries.organisation_choices()
    if principal.is_site_admin:
        return choices
    allowed = principal.organisations_with(Permission.REGISTER_SOFTWARE)
    ids = dict(await Organisation.filter(id__in=list(allowed)).values_list("slug", "id"))
    return [(slug, name) for slug, name in choices if slug in ids]


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
        k: v for k, v in form.items() if k in {*registration.EDITABLE, "organisation"} and v != ""
    }
    values["name"] = form.get("name", "")
    values["repositories"] = [
        line.strip() for line in form.get("repositories", "").splitlines() if line.strip()
    ]
    organisation = await queries.organisation_by_slug(form.get("organisation", ""))
    errors: dict[str, str] = {}
    existing = None
    try:
        if organisation is None:
            raise Invalid({"organisation": Message("choose an organisation")})
        software = await registration.register_software(
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


async def _software(request: Request) -> Any:
    software = await queries.software_detail(path_id(request, "software"))
    if software is None:
        raise ProblemError(404, Message("no such software"))
    return software


async def edit_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await signed_in(request)
    software = await _software(request)
    if not principal.can(Permission.EDIT_SOFTWARE, software.organisation_id):
        raise ProblemError(403, Message("you may not edit this organisation's software"))
    return await render(
        request, "software_edit.html", software=software, values=_values_of(software), errors={}
    )


def _values_of(software: Any) -> dict[str, Any]:
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
            await registration.update_software(
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
    await registration.archive_software(principal=principal, software=software)
    return redirect(f"/software/{software.pk}")


async def audit_page(request: Request) -> Response:
    values = parse_query(request.query_params, (LANG, PAGE))
    principal = await signed_in(request)
    organisation = await queries.organisation_detail(request.path_params["slug"])
    if organisation is None:
        raise ProblemError(404, Message("no such organisation"))
    if not principal.can(Permission.READ_AUDIT, organisation.pk):
        raise ProblemError(403, Message("only members of the organisation may read its audit log"))
    page = await queries.audit_events(
        organisation, queries.PageRequest(page=values["page"], per_page=50)
    )
    return await render(
        request,
        "audit.html",
        organisation=organisation,
        page=page,
        links=page_links(request.url, page),
    )


async def _site_admin(request: Request) -> Principal:
    principal = await signed_in(request)
    if not principal.is_site_admin:
        raise ProblemError(403, Message("only site administrators may see this page"))
    return principal


async def admin_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    done: str | None = None,
    status_code: int = 200,
) -> Response:
    await _site_admin(request)
    users = await User.all().order_by("email").prefetch_related("memberships__organisation")
    return await render(
        request,
        "admin.html",
        status_code=status_code,
        users=users,
        organisations=await queries.organisation_choices(),
        errors=errors or {},
        done=done,
    )


async def admin(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    return await admin_page(request)


async def admin_action(request: Request) -> Response:
    """One of the administration forms, named by its `action` field."""
    principal = await _site_admin(request)
    form = await posted(request)
    action = form.get("action", "")
    try:
        done = await _administer(principal, action, form)
    except (Invalid, Duplicate, accounts.AccountError) as error:
        problems = error.errors if isinstance(error, Invalid) else {action: message_of(error)}
        return await admin_page(request, errors=problems, status_code=422)
    except NotPermitted as error:
        raise ProblemError(403, message_of(error)) from None
    return await admin_page(request, done=done)


async def _administer(principal: Principal, action: str, form: dict[str, str]) -> str:
    if action == "organisation":
        created = await registration.create_organisation(
            principal=principal,
            values={
                "name": form.get("name", ""),
                "kind": form.get("kind", "other"),
                "tooi_uri": form.get("tooi_uri", ""),
            },
        )
        return created.name
    organisation = await queries.organisation_by_slug(form.get("organisation", ""))
    if action in {"account", "grant"} and organisation is None:
        raise Invalid({"organisation": Message("choose an organisation")})
    if action == "account":
        account = await registration.add_account(
            principal=principal,
            organisation=organisation,  # type: ignore[arg-type]
            url=form.get("url", ""),
        )
        return account.url
    if action == "user":
        user = await accounts.create_user(
            email=form.get("email", ""),
            password=form.get("password") or None,
            name=form.get("name", ""),
            actor=principal.actor,
        )
        return user.email
    if action == "grant":
        membership = await registration.grant_role(
            principal=principal,
            organisation=organisation,  # type: ignore[arg-type]
            email=form.get("email", ""),
            role=form.get("role", ""),
        )
        return f"{form.get('email')}: {membership.role.value}"
    if action == "revoke":
        number = form.get("membership", "")
        membership = await Membership.get_or_none(
            id=int(number) if number.isdigit() and len(number) < 10 else 0
        )
        if membership is None:
            raise Invalid({"membership": Message("no such membership")})
        await registration.revoke_role(principal=principal, membership=membership)
        return Message("revoked")
    raise Invalid({"action": Message("unknown form")})


OIDC_COOKIE = "opentenzij_oidc"


def _oidc_client(request: Request) -> oidc.Client:
    settings = request.app.state.settings
    if not settings.single_sign_on:
        raise ProblemError(404, Message("single sign-on is not configured on this site"))
    return oidc.Client(
        settings.oidc_issuer,
        settings.oidc_client_id,
        settings.oidc_client_secret,
        str(request.url_for("sso_callback")),
    )


async def sso_start(request: Request) -> Response:
    """Send the browser to the sign-in service, remembering this attempt in a signed cookie."""
    values = parse_query(request.query_params, (LANG, NEXT))
    client = _oidc_client(request)
    try:
        provider = await oidc.discover(client.issuer)
    except oidc.OidcError as error:
        return await render(
            request, "sign_in.html", status_code=502, error=message_of(error), next=""
        )
    attempt = oidc.Attempt.new()
    response = redirect(oidc.authorization_url(provider, client, attempt))
    remembered = f"{attempt.state}.{attempt.nonce}.{attempt.verifier}"
    response.set_cookie(
        OIDC_COOKIE,
        auth.signed(request, remembered),
        max_age=600,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.production,
    )
    response.set_cookie(
        "opentenzij_next",
        auth.signed(request, safe_next(values["next"])),
        max_age=600,
        httponly=True,
        samesite="lax",
    )
    return response


SSO_CALLBACK = (
    Param("code", "Authorization code.", max_length=2000),
    Param("state", "The attempt's state.", max_length=200),
    Param("error", "Error code of the sign-in service.", max_length=200),
    Param("error_description", "Its explanation.", max_length=1000),
    Param("iss", "Issuer (RFC 9207).", max_length=300),
    Param("session_state", "Session state of the sign-in service.", max_length=300),
)


async def sso_callback(request: Request) -> Response:
    """The sign-in service sends the browser back here with a code, or with an error."""
    values = parse_query(request.query_params, SSO_CALLBACK)
    client = _oidc_client(request)
    remembered = auth.unsigned(request, request.cookies.get(OIDC_COOKIE)) or ""
    parts = remembered.split(".")
    try:
        if values["error"]:
            raise oidc.OidcError(
                Message("the sign-in service refused: %(error)s", error=values["error"])
            )
        if len(parts) != 3 or not values["state"] or values["state"] != parts[0]:
            raise oidc.OidcError(Message("this sign-in attempt is unknown or expired; start again"))
        attempt = oidc.Attempt(*parts)
        provider = await oidc.discover(client.issuer)
        claims = await oidc.identity(provider, client, attempt, values["code"] or "")
        user = await oidc.user_for(client.issuer, claims)
        result = await accounts.signed_in(user, via=client.issuer)
    except (oidc.OidcError, accounts.SignInError) as error:
        await record_event(
            actor=f"oidc:{client.issuer}",
            action=Action.USER_SIGN_IN_FAIL,
            target=("User", "unknown"),
            after={"reason": str(error)[:300]},
        )
        response = await render(
            request, "sign_in.html", status_code=400, error=message_of(error), next=""
        )
        response.delete_cookie(OIDC_COOKIE)
        return response
    response = redirect(safe_next(auth.unsigned(request, request.cookies.get("opentenzij_next"))))
    response.delete_cookie(OIDC_COOKIE)
    old = auth.session_key(request)
    if old:
        await accounts.sign_out(old)
    auth.set_session_cookie(request, response, result.session_key)
    return response
