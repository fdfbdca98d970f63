# SPDX-License-Identifier: EUPL-1.2
"""Single sign-on through an OpenID Connect provider (authorization code flow with PKCE):
off to the provider, and back with a code that becomes a session."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.accounts import oidc, sessions
from catalogue.accounts.web.pages import NEXT, safe_next
from catalogue.messages import Message, message_of
from catalogue.web import auth
from catalogue.web.http import redirect
from catalogue.web.params import LANG, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render

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
        result = await sessions.signed_in(user, via=client.issuer)
    except (oidc.OidcError, sessions.SignInError) as error:
        await oidc.record_failure(client.issuer, reason=str(error))
        response = await render(
            request, "sign_in.html", status_code=400, error=message_of(error), next=""
        )
        response.delete_cookie(OIDC_COOKIE)
        return response
    response = redirect(safe_next(auth.unsigned(request, request.cookies.get("opentenzij_next"))))
    response.delete_cookie(OIDC_COOKIE)
    old = auth.session_key(request)
    if old:
        await sessions.sign_out(old)
    auth.set_session_cookie(request, response, result.session_key)
    return response


ROUTES = [
    Route("/aanmelden/sso", sso_start, methods=["GET"]),
    Route("/aanmelden/sso/terug", sso_callback, methods=["GET"], name="sso_callback"),
]
