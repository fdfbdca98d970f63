# SPDX-License-Identifier: EUPL-1.2
"""The composition root: builds the Starlette app from settings, routes and middleware."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from tortoise import Tortoise

from catalogue import db
from catalogue.errors import Conflict, DomainError, Duplicate, Invalid, NotFound, NotPermitted
from catalogue.messages import Message
from catalogue.settings import Settings
from catalogue.web import (
    collections_web,
    exports_api,
    feeds_api,
    forms,
    open_data_pages,
    pages,
    register_pages,
    statistics_pages,
    webhooks_web,
)
from catalogue.web.assets import HashedStaticFiles, SecurityHeaders
from catalogue.web.auth import SignInRequired
from catalogue.web.declarations import Endpoint
from catalogue.web.endpoints import ENDPOINTS
from catalogue.web.openapi import openapi_endpoint
from catalogue.web.problems import (
    ProblemError,
    http_problem,
    problem_response,
    unexpected_problem,
)
from catalogue.webhooks import delivery

logger = logging.getLogger("opentenzij.web")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def respond_with_problem(request: Request, problem: ProblemError) -> Response:
    """A problem document for the API, an error page for people."""
    if _is_api(request):
        return problem_response(request, problem)
    return await pages.error_page(request, problem)


async def on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return await respond_with_problem(request, exc)


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


async def on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return await respond_with_problem(request, domain_problem(exc))


async def on_sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return RedirectResponse(f"/aanmelden?{urlencode({'next': exc.path})}", status_code=303)


async def on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return await respond_with_problem(request, http_problem(request, exc))


async def on_unexpected(request: Request, exc: Exception) -> Response:
    return await respond_with_problem(request, unexpected_problem(request, exc))


def api_routes() -> list[Route]:
    """One route per path, dispatching on the method to the declared handlers."""
    routes = [Route("/openapi.json", openapi_endpoint, methods=["GET"])]
    by_path: dict[str, dict[str, Endpoint]] = {}
    for endpoint in ENDPOINTS:
        by_path.setdefault(endpoint.route_path, {})[endpoint.method] = endpoint
    for path, methods in by_path.items():
        routes.append(Route(path, _dispatch(methods), methods=list(methods)))
    return routes


def _dispatch(methods: dict[str, Endpoint]) -> Callable[[Request], Awaitable[Response]]:
    if len(methods) == 1:
        return next(iter(methods.values())).handler

    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await methods[method].handler(request)

    return dispatch


async def health(request: Request) -> Response:
    """For load balancers and HEALTHCHECK: 200 when the database answers, else 503."""
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:  # any failure of the database means: not healthy
        logger.exception("health check failed")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


def page_routes() -> list[Route]:
    return [
        Route("/healthz", health, name="health"),
        Route("/", pages.home, name="home"),
        Route("/software", pages.software_list, name="software_list"),
        Route("/software/{id:int}", pages.software_detail, name="software_detail"),
        Route("/register", register_pages.register_page, name="register"),
        Route("/register/{id:int}", register_pages.decision_page, name="decision"),
        Route("/register/{id:int}/bewerken", register_pages.edit_decision_page, methods=["GET"]),
        Route("/register/{id:int}/bewerken", register_pages.edit_decision, methods=["POST"]),
        Route("/register/{id:int}/{step}", register_pages.move_decision, methods=["POST"]),
        Route("/gronden", register_pages.grounds_page, name="grounds"),
        Route("/keuzehulp", register_pages.questionnaire_page, methods=["GET"]),
        Route("/keuzehulp", register_pages.questionnaire_answer, methods=["POST"]),
        Route("/software/{id:int}/besluit", register_pages.new_decision_page, methods=["GET"]),
        Route("/software/{id:int}/besluit", register_pages.new_decision, methods=["POST"]),
        Route(
            "/software/{id:int}/besluit/keuzehulp",
            register_pages.draft_from_answers,
            methods=["POST"],
        ),
        Route("/componenten", pages.component_list, name="component_list"),
        Route("/componenten/{key:path}", pages.component_detail, name="component_detail"),
        Route("/statistieken", statistics_pages.statistics_page, name="statistics"),
        Route("/open-data", open_data_pages.open_data_page, name="open_data"),
        Route("/organisaties", pages.organisation_list, name="organisation_list"),
        Route("/organisaties/{slug}", pages.organisation_detail, name="organisation_detail"),
        Route("/organisaties/{slug}/audit", forms.audit_page),
        Route("/aanmelden", forms.sign_in_page, methods=["GET"]),
        Route("/aanmelden", forms.sign_in, methods=["POST"]),
        Route("/aanmelden/sso", forms.sso_start, methods=["GET"]),
        Route("/aanmelden/sso/terug", forms.sso_callback, methods=["GET"], name="sso_callback"),
        Route("/afmelden", forms.sign_out, methods=["POST"]),
        Route("/account", forms.account, methods=["GET"]),
        Route("/account/tokens", forms.create_token, methods=["POST"]),
        Route("/account/tokens/{id:int}/intrekken", forms.revoke_token, methods=["POST"]),
        Route("/software/nieuw", forms.register_page, methods=["GET"]),
        Route("/software/nieuw", forms.register, methods=["POST"]),
        Route("/software/{id:int}/bewerken", forms.edit_page, methods=["GET"]),
        Route("/software/{id:int}/bewerken", forms.edit, methods=["POST"]),
        Route("/software/{id:int}/archiveren", forms.archive, methods=["POST"]),
        Route("/beheer", forms.admin, methods=["GET"]),
        Route("/beheer", forms.admin_action, methods=["POST"]),
        *exports_api.PAGE_ROUTES,
        *feeds_api.PAGE_ROUTES,
        *webhooks_web.PAGE_ROUTES,
        *collections_web.PAGE_ROUTES,
    ]


@asynccontextmanager
async def _webhook_worker(settings: Settings) -> AsyncIterator[None]:
    """Deliver queued webhooks in the background while the app runs, when so configured."""
    if not settings.webhooks_worker:
        yield
        return
    stop = asyncio.Event()
    worker = asyncio.create_task(
        delivery.run_worker(stop=stop, allow_private=settings.webhooks_allow_private)
    )
    try:
        yield
    finally:
        stop.set()
        await worker


def create_app(settings: Settings | None = None, *, connect: bool = True) -> Starlette:
    """Build the app. With connect=False the caller has set up the ORM (tests do)."""
    settings = settings or Settings.from_env()
    settings.check()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not connect:
            yield
            return
        async with db.connected(settings.database_url, global_fallback=True):
            async with _webhook_worker(settings):
                yield

    app = Starlette(
        routes=[
            Mount("/api/v1", routes=api_routes()),
            Mount("/static", app=HashedStaticFiles(directory=settings.static_dir), name="static"),
            *page_routes(),
        ],
        middleware=[Middleware(SecurityHeaders), Middleware(GZipMiddleware, minimum_size=500)],
        exception_handlers={
            ProblemError: on_problem,
            DomainError: on_domain_error,
            SignInRequired: on_sign_in_required,
            HTTPException: on_http_exception,
            Exception: on_unexpected,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
