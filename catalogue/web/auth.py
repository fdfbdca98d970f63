# SPDX-License-Identifier: EUPL-1.2
"""Who is asking: bearer tokens for the API, signed session cookies and CSRF tokens for pages."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from catalogue import accounts
from catalogue.messages import Message
from catalogue.permissions import ANONYMOUS, Principal
from catalogue.web.problems import ProblemError

SESSION_COOKIE = "opentenzij_session"


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
    """The principal of an API request: its bearer token's user, or the anonymous public."""
    header = request.headers.get("authorization")
    if header is None:
        return ANONYMOUS
    scheme, _, token = header.partition(" ")
    user = await accounts.token_user(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise ProblemError(
            401,
            "the bearer token is unknown, expired or revoked",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return await accounts.principal_for(user)


def session_key(request: Request) -> str | None:
    return unsigned(request, request.cookies.get(SESSION_COOKIE))


async def session_principal(request: Request) -> Principal:
    """The principal of a page request: the signed-in user, or the anonymous public."""
    if "principal" not in request.state._state:
        key = session_key(request)
        user = await accounts.session_user(key) if key else None
        request.state.principal = await accounts.principal_for(user) if user else ANONYMOUS
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
