# SPDX-License-Identifier: EUPL-1.2
"""Who is asking: bearer tokens for the API, signed session cookies and CSRF tokens for pages,
and the guards of pages for signed-in people and site administrators.

The toolkit knows no accounts: the composition root hands the app an `Identities`, which
turns a session key or a bearer token into a principal (catalogue.accounts.web.identity)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from catalogue.messages import Message
from catalogue.permissions.rules import ANONYMOUS, Principal
from catalogue.web.problems import ProblemError

SESSION_COOKIE = "opentenzij_session"
Lookup = Callable[[str], Awaitable[Principal | None]]


@dataclass(frozen=True, slots=True)
class Identities:
    """Who a session key (`session`) or an API token (`token`) belongs to; None if nobody."""

    session: Lookup
    token: Lookup


def _identities(request: Request) -> Identities:
    identities: Identities = request.app.state.identities
    return identities


class SignInRequired(Exception):
    """A page for signed-in people was asked for by someone who is not; send them to sign in."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


CSRF_COOKIE = "opentenzij_csrf"
CSRF_FIELD = "csrf_token"


def _mac(request: Request, purpose: str, value: str) -> str:
    key = request.app.state.settings.secret_key.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def signed(request: Request, value: str) -> str:
    """`value` with a signature, for a cookie."""
    return f"{value}.{_mac(request, 'cookie', value)}"


def unsigned(request: Request, cookie: str | None) -> str | None:
    """The value of a signed cookie, or None when it is absent or forged."""
    if not cookie or "." not in cookie or len(cookie) > 300:
        return None
    value, signature = cookie.rsplit(".", 1)
    return value if hmac.compare_digest(signature, _mac(request, "cookie", value)) else None


async def bearer_principal(request: Request) -> Principal:
    """The principal of an API request: its bearer token's user, or the anonymous public.
    Looked up once per request."""
    if "bearer_principal" not in request.state._state:
        request.state.bearer_principal = await _bearer_principal(request)
    principal: Principal = request.state.bearer_principal
    return principal


async def _bearer_principal(request: Request) -> Principal:
    header = request.headers.get("authorization")
    if header is None:
        return ANONYMOUS
    scheme, _, token = header.partition(" ")
    principal = (
        await _identities(request).token(token.strip()) if scheme.lower() == "bearer" else None
    )
    if principal is None:
        raise ProblemError(
            401,
            "the bearer token is unknown, expired or revoked",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return principal


def session_key(request: Request) -> str | None:
    return unsigned(request, request.cookies.get(SESSION_COOKIE))


async def session_principal(request: Request) -> Principal:
    """The principal of a page request: the signed-in user, or the anonymous public."""
    if "principal" not in request.state._state:
        key = session_key(request)
        found = await _identities(request).session(key) if key else None
        request.state.principal = found or ANONYMOUS
    principal: Principal = request.state.principal
    return principal


def set_session_cookie(request: Request, response: Response, key: str | None) -> None:
    """Store a new session key in the cookie, or clear it (key None)."""
    settings = request.app.state.settings
    if key is None:
        response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
        return
    response.set_cookie(
        SESSION_COOKIE,
        signed(request, key),
        max_age=12 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.production,
    )


def _csrf_seed(request: Request) -> str:
    """What the CSRF token is bound to: the session key, or a per-browser random cookie."""
    key = session_key(request)
    if key:
        return f"session:{key}"
    seed = unsigned(request, request.cookies.get(CSRF_COOKIE)) or request.state._state.get(
        "new_csrf_seed"
    )
    if seed is None:
        seed = request.state.new_csrf_seed = secrets.token_urlsafe(24)
    return f"browser:{seed}"


def csrf_token(request: Request) -> str:
    """The token a form of this page must send back."""
    return _mac(request, "csrf", _csrf_seed(request))


def remember_csrf_seed(request: Request, response: Response) -> None:
    """Set the browser's CSRF cookie if this request made a new one."""
    seed = request.state._state.get("new_csrf_seed")
    if seed:
        response.set_cookie(
            CSRF_COOKIE,
            signed(request, seed),
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.production,
        )


def check_csrf(request: Request, sent: object) -> None:
    """Refuse a form post whose CSRF token is missing or does not belong to this browser."""
    key = session_key(request)
    seed = (
        f"session:{key}"
        if key
        else (
            f"browser:{value}"
            if (value := unsigned(request, request.cookies.get(CSRF_COOKIE)))
            else None
        )
    )
    if (
        seed is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent, _mac(request, "csrf", seed))
    ):
        raise ProblemError(
            403,
            Message(
                "the form's CSRF token is missing or wrong; reload the page and send the form again"
            ),
            title="Forbidden",
        )


async def signed_in(request: Request) -> Principal:
    """The signed-in principal; people who are not signed in are sent to the sign-in page."""
    principal = await session_principal(request)
    if not principal.signed_in:
        raise SignInRequired(request.url.path)
    return principal


ADMINS_ONLY = Message("only site administrators may see this page")


async def bearer_site_admin(request: Request, *, doing: str, refusal: str) -> Principal:
    """The site administrator a bearer token belongs to; 401 without a token (saying it is
    needed for `doing`), 403 saying `refusal` for anyone else."""
    principal = await bearer_principal(request)
    if not principal.signed_in:
        raise ProblemError(
            401,
            f"sign in with a bearer token to {doing}",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not principal.is_site_admin:
        raise ProblemError(403, refusal)
    return principal


async def site_admin(request: Request, *, refusal: str = ADMINS_ONLY) -> Principal:
    """The signed-in site administrator; a 403 problem saying `refusal` for anyone else."""
    principal = await signed_in(request)
    if not principal.is_site_admin:
        raise ProblemError(403, refusal)
    return principal
