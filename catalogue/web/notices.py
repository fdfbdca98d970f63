# SPDX-License-Identifier: EUPL-1.2
"""Confirmations after a form is saved: the handler redirects (303) with a notice, kept for
one page view in a signed cookie, and the next page shows it in its language ("flash").

A cookie rather than a query parameter: reloading or sharing the page does not say again that
something was saved, and the address stays the page's own."""

from __future__ import annotations

import base64
import json

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from catalogue.messages import Message
from catalogue.web import auth

COOKIE = "opentenzij_notice"
MAX_VALUE = 240  # the signed cookie holds at most 300 characters


def _encoded(notice: Message) -> str:
    data = json.dumps(notice.as_dict(), separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def remember(request: Request, response: Response, notice: Message) -> None:
    """Show `notice` on the next page this browser renders; a notice too long for the cookie
    (long values) says only that the change was saved."""
    value = _encoded(notice)
    if len(value) > MAX_VALUE:
        value = _encoded(Message("Your changes have been saved."))
    response.set_cookie(
        COOKIE,
        auth.signed(request, value),
        max_age=300,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.production,
    )


def redirect(request: Request, path: str, notice: Message) -> Response:
    """After a form is saved: see the result (303), with `notice` saying what was done."""
    response = RedirectResponse(path, status_code=303)
    remember(request, response, notice)
    return response


def taken(request: Request) -> Message | None:
    """The notice this browser was left, if it is one the site signed."""
    value = auth.unsigned(request, request.cookies.get(COOKIE))
    if value is None:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        return Message.from_dict(data)
    except (ValueError, KeyError, TypeError):
        return None


def forget(response: Response) -> None:
    """The notice has been shown: the next page shows none."""
    response.delete_cookie(COOKIE, httponly=True, samesite="lax")
