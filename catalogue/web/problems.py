# SPDX-License-Identifier: EUPL-1.2
"""Errors as application/problem+json (RFC 9457), for every failure under /api/."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.errors import Conflict, DomainError, Duplicate, Invalid, NotFound, NotPermitted
from catalogue.messages import Message

PROBLEM_MEDIA_TYPE = "application/problem+json"
logger = logging.getLogger("opentenzij.web")


class ProblemError(Exception):
    """An error to report to the client as a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.errors = errors
        self.headers = headers
        self.extra = extra or {}


def problem_response(request: Request, error: ProblemError) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": request.url.path,
    }
    if error.errors:
        body["errors"] = error.errors
    body.update(error.extra)
    return JSONResponse(
        body, status_code=error.status, media_type=PROBLEM_MEDIA_TYPE, headers=error.headers
    )


def http_problem(request: Request, exc: HTTPException) -> ProblemError:
    """The problem for a routing error (no such path, method not allowed)."""
    if exc.status_code == 404:
        detail: str = Message("there is no resource at %(path)s", path=request.url.path)
    elif exc.status_code == 405:
        detail = Message(
            "%(method)s is not allowed on %(path)s", method=request.method, path=request.url.path
        )
    else:
        detail = str(exc.detail)
    return ProblemError(exc.status_code, detail, headers=dict(exc.headers) if exc.headers else None)


def unexpected_problem(request: Request, exc: Exception) -> ProblemError:
    """Log an unexpected error with its trace; tell the client only that it happened."""
    logger.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return ProblemError(500, Message("the server met an unexpected error; it has been logged"))


def domain_problem(error: DomainError) -> ProblemError:
    """The HTTP problem for an error of the domain. A Message stays one, so that an error page
    shows it in the page's language; the API writes it as the English string it also is."""
    detail = error.args[0] if error.args and isinstance(error.args[0], Message) else str(error)
    if isinstance(error, NotPermitted):
        if not error.signed_in:
            return ProblemError(401, detail, headers={"WWW-Authenticate": "Bearer"})
        return ProblemError(403, detail)
    if isinstance(error, Invalid):
        return ProblemError(
            422,
            detail,
            title="Invalid input",
            errors=[{"field": field, "detail": text} for field, text in error.errors.items()],
        )
    if isinstance(error, Duplicate):
        return ProblemError(409, detail, extra={"existing": error.existing})
    if isinstance(error, Conflict):
        return ProblemError(409, detail, title="Conflict")
    return ProblemError(404 if isinstance(error, NotFound) else 400, detail)
