# SPDX-License-Identifier: EUPL-1.2
"""The composition root: builds the Starlette app from the settings and from the routes and
endpoints each domain declares in its web module; wires what the toolkit and the audit trail
leave open (who a session belongs to, what subscribes to audit events); starts and stops the
ORM and the webhook worker in the lifespan."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from itertools import chain
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from tortoise import Tortoise

from catalogue import collector, db, handover, tls
from catalogue.about import web as about_web
from catalogue.accounts.web import admin, identity, pages, sso
from catalogue.accounts.web import api as accounts_api
from catalogue.audit.wording import action_words
from catalogue.collections.web import api as collections_api
from catalogue.collections.web import pages as collection_pages
from catalogue.components import web as components_web
from catalogue.errors import DomainError
from catalogue.exports.web import api as exports_api
from catalogue.exports.web import feeds
from catalogue.harvests import services as harvest_services
from catalogue.harvests import web as harvests_web
from catalogue.jobs import services as job_services
from catalogue.jobs import web as jobs_web
from catalogue.jobs.services import Job
from catalogue.messages import Message
from catalogue.monitoring import web as monitoring_web
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations import web as organisations_web
from catalogue.organisations.kinds import OrganisationKind
from catalogue.permissions.rules import ROLE_NAMES, Role
from catalogue.quality import web as quality_web
from catalogue.settings import Settings
from catalogue.software.models import ReleaseStatus
from catalogue.software.web import api as software_api
from catalogue.software.web import forms, organisations, representations, sboms
from catalogue.software.web import pages as software_pages
from catalogue.statistics import web as statistics_web
from catalogue.vulnerabilities import services as vulnerability_services
from catalogue.vulnerabilities import triggers as vulnerability_triggers
from catalogue.vulnerabilities import web as vulnerabilities_web
from catalogue.vulnerabilities.osv import OsvClient
from catalogue.web import warming
from catalogue.web.assets import HashedStaticFiles, SecurityHeaders
from catalogue.web.auth import SignInRequired
from catalogue.web.boundary import RequestLimits
from catalogue.web.crossorigin import PublicReads
from catalogue.web.endpoints import Endpoint, api_routes
from catalogue.web.export_cache import ExportCache
from catalogue.web.observability import Observe
from catalogue.web.openapi import openapi_document as document_of
from catalogue.web.openapi import openapi_route
from catalogue.web.params import UnknownParameters
from catalogue.web.problems import (
    ProblemError,
    domain_problem,
    http_problem,
    problem_response,
    unexpected_problem,
)
from catalogue.web.rendering import error_page, templates, warm_up
from catalogue.webhooks import delivery, outbox
from catalogue.webhooks.web import api as webhooks_api
from catalogue.webhooks.web import pages as webhook_pages
from wooexemptions import reviews
from wooexemptions.web import api as register_api
from wooexemptions.web import inventory_api as register_inventory
from wooexemptions.web import inventory_pages as register_inventory_pages
from wooexemptions.web import pages as register_pages
from wooexemptions.web import representations as register_representations
from wooexemptions.web import requests_api as register_requests
from wooexemptions.web import requests_pages as register_request_pages

logger = logging.getLogger("opentenzij.web")

# What a served worker visits itself before it takes visitors (catalogue.web.warming): the
# pages and API lists most visitors start with, and a search (its facets' statements are the
# same for any words), each as many times at once as the database pool holds connections
# (tortoise-orm's default on PostgreSQL), so that each connection has run their queries once.
WARM_UP_PATHS = (
    "/",
    "/software",
    "/software?q=open",
    "/api/v1/software",
    "/api/v1/software?q=open",
    "/api/v1/organisations",
    "/register",
)
WARM_UP_AT_ONCE = 5

# Every web module of every domain, each declaring what it has of: API ENDPOINTS, the JSON
# SCHEMAS they name, page ROUTES. The order is the order of the OpenAPI document.
WEB_MODULES: tuple[ModuleType, ...] = (
    organisations_web,
    software_api,
    representations,
    sboms,
    harvests_web,
    vulnerabilities_web,  # before components: /componenten/{key}/kwetsbaarheden
    jobs_web,
    components_web,
    register_api,
    register_representations,
    register_inventory,
    register_requests,
    accounts_api,
    exports_api,
    feeds,
    webhooks_api,
    collections_api,
    software_pages,
    organisations,
    forms,
    register_inventory_pages,  # before the register's pages: /register/{id}/{step}
    register_pages,
    register_request_pages,
    statistics_web,
    collection_pages,
    webhook_pages,
    pages,
    sso,
    admin,
    about_web,
)


def endpoints() -> tuple[Endpoint, ...]:
    return tuple(chain.from_iterable(getattr(m, "ENDPOINTS", ()) for m in WEB_MODULES))


def schemas() -> dict[str, Any]:
    """Every module's SCHEMAS; a name two modules give (a component of their Structs, such
    as an enum both hold) must name the same schema."""
    found: dict[str, Any] = {}
    for module in WEB_MODULES:
        for name, schema in getattr(module, "SCHEMAS", {}).items():
            if found.setdefault(name, schema) != schema:
                raise ValueError(f"two JSON Schemas are named {name}")
    return found


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the app's API."""
    return document_of(endpoints(), schemas())


def page_routes() -> list[BaseRoute]:
    return [*chain.from_iterable(getattr(m, "ROUTES", ()) for m in WEB_MODULES)]


async def respond_with_problem(request: Request, problem: ProblemError) -> Response:
    """A problem document for the API, an error page for people."""
    if request.url.path.startswith("/api/"):
        return problem_response(request, problem)
    return await error_page(request, problem)


async def on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return await respond_with_problem(request, exc)


async def on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return await respond_with_problem(request, domain_problem(exc))


async def on_sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return RedirectResponse(f"/aanmelden?{urlencode({'next': exc.path})}", status_code=303)


async def on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return await respond_with_problem(request, http_problem(request, exc))


RETRY_AFTER = "5"  # seconds: about how long a database takes to come back or fail over


async def on_unexpected(request: Request, exc: Exception) -> Response:
    return await respond_with_problem(request, unexpected_problem(request, exc))


async def on_database_error(request: Request, exc: Exception) -> Response:
    """A database that does not answer (now): 503 with Retry-After, for the client to come
    back; any other error of the database is unexpected (500, logged)."""
    if not db.unavailable(exc):
        return await on_unexpected(request, exc)
    logger.warning("database unavailable on %s %s: %r", request.method, request.url.path, exc)
    problem = ProblemError(
        503,
        Message("the database does not answer; try again in a few seconds"),
        headers={"Retry-After": RETRY_AFTER},
    )
    return await respond_with_problem(request, problem)


async def health(request: Request) -> Response:
    """For load balancers and HEALTHCHECK: 200 when the database answers, else 503."""
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception as error:  # any failure of the database means: not healthy
        logger.warning("health check failed: %r", error)
        return JSONResponse(
            {"status": "unavailable"}, status_code=503, headers={"Retry-After": RETRY_AFTER}
        )
    return JSONResponse({"status": "ok"})


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


@asynccontextmanager
async def _scheduler(settings: Settings) -> AsyncIterator[None]:
    """Run the daily jobs while the app runs, when so configured: each instance looks, and
    the database lets one of them run each due job."""
    if not settings.scheduler:
        yield
        return
    stop = asyncio.Event()
    holder = f"{socket.gethostname()}:{os.getpid()}"
    worker = asyncio.create_task(
        job_services.run_forever(scheduled_jobs(settings), holder=holder, stop=stop)
    )
    try:
        yield
    finally:
        stop.set()
        await worker


OWNERSHIP_CHECK = "ownership-check"  # organisations' websites asked for their accounts


def scheduled_jobs(settings: Settings) -> list[Job]:
    """The daily jobs: every account harvested, organisations' websites asked which accounts
    are theirs, every component asked about at OSV, the register's reviews, and (with a
    signing key) a checkpoint of the audit trail kept for its feed."""

    def forges() -> Any:
        from harvesters.forges import Forges

        return Forges(
            github_token=settings.github_token,
            gitlab_token=settings.gitlab_token,
            forgejo_token=settings.forgejo_token,
            bitbucket_token=settings.bitbucket_token,
            dependency_graph=settings.harvest_dependency_graph,
            quality_files=settings.harvest_quality_files,
            git_allow_private=settings.git_allow_private,
            git_allow_local=settings.git_allow_local,
        )

    async def harvest_all(moment: datetime) -> str:
        from harvesters.pipeline import harvest

        accounts = await organisation_queries.harvestable_accounts()
        run = await harvest(
            accounts=accounts,
            forge_for=forges(),
            source="schedule:harvest-all",
            budget=settings.harvest_budget,
        )
        return harvest_services.run_summary(run, len(accounts))

    async def harvest_requested(moment: datetime) -> str:
        """The accounts whose people asked for a harvest now (the page's button)."""
        from harvesters.pipeline import harvest

        accounts = await organisation_queries.harvest_requested_accounts()
        if not accounts:
            return "no harvest was asked for"
        # Each request is answered once its account's harvest has ended, not before: a run
        # killed on the way leaves the rest waiting, and the job's claim runs out (its
        # `claim`), so that another run takes them up.
        run = await harvest(
            accounts=accounts,
            forge_for=forges(),
            source="asked:harvest-now",
            ended=harvest_services.answer_request,
        )
        return harvest_services.run_summary(run, len(accounts))

    async def ownership_check(moment: datetime) -> str:
        """Organisations' websites asked for their lists of accounts (at most daily each)."""
        from catalogue.software import proofs

        report = await proofs.check_websites(
            now=moment, allow_private=settings.ownership_allow_private
        )
        return report.summary()

    async def review_due(moment: datetime) -> str:
        report = await reviews.run(moment.date())
        due = sum(len(found) for found in report.due.values())
        opened = sum(len(found) for found in report.opened.values())
        return f"{due} decisions came due for review; {opened} openings drafted"

    async def vulnerabilities_check(moment: datetime) -> str:
        async with httpx.AsyncClient(verify=tls.verifying(), timeout=30) as client:
            osv = OsvClient(client, base_url=settings.osv_url)
            done = await vulnerability_services.check_vulnerabilities(osv, now=moment)
        failed = f"; failed: {done.errors[0]}" if done.errors else ""
        return (
            f"{done.versions} component versions, {done.batches} batch and {done.details} "
            f"advisory requests; {done.found} exposures found, {done.resolved} resolved{failed}"
        )

    async def audit_checkpoint(moment: datetime) -> str:
        from catalogue.audit import checkpoints, published

        key = checkpoints.load_key(Path(settings.audit_key_file or ""))
        kept = await published.record_checkpoint(key, now=moment)
        if kept is None:
            return "the trail has not grown since the last checkpoint: none kept"
        return f"checkpoint {kept.pk} kept: {kept.events} events, newest {kept.head[:12]}"

    jobs = [
        Job("harvest-all", harvest_all, hour=2, jitter=timedelta(hours=1)),
        # Due daily, and at once when someone asks (bring_forward): the same queue.
        Job(
            harvest_services.HARVEST_REQUESTED,
            harvest_requested,
            hour=1,
            jitter=timedelta(0),
            claim=harvest_services.REQUESTED_CLAIM,
        ),
        Job("vulnerabilities-check", vulnerabilities_check, hour=4, jitter=timedelta(minutes=30)),
        Job(OWNERSHIP_CHECK, ownership_check, hour=3, jitter=timedelta(hours=1)),
        Job("review-due", review_due, hour=5, jitter=timedelta(minutes=30)),
    ]
    if settings.audit_key_file:
        jobs.append(Job("audit-checkpoint", audit_checkpoint, hour=6, jitter=timedelta(minutes=30)))
    return jobs


async def _interrupt_stale_harvests() -> bool:
    """Harvest runs whose process died (their lease ran out) are marked interrupted as the
    app starts, so that none stays "running" forever (issue 17, point 10). False when the
    database does not answer."""
    try:
        marked = await harvest_services.interrupt_expired()
    except Exception:  # the database is down: the next harvest marks them instead
        logger.warning("harvest runs could not be checked for interruption: database unavailable")
        return False
    if marked:
        logger.warning(
            "%d harvest run(s) had stopped without finishing: marked interrupted", marked
        )
    return True


def export_cache(settings: Settings) -> ExportCache | None:
    """Where generated exports are kept by ETag, if anywhere (OPENTENZIJ_EXPORT_CACHE_*)."""
    if not settings.export_cache_dir or settings.export_cache_mb <= 0:
        return None
    return ExportCache(Path(settings.export_cache_dir), settings.export_cache_mb * 2**20)


def create_app(settings: Settings | None = None, *, connect: bool = True) -> Starlette:
    """Build the app. With connect=False the caller has set up the ORM (tests do)."""
    settings = settings or Settings.from_env()
    settings.check()
    outbox.subscribe_to_audit()
    vulnerability_triggers.subscribe_to_audit()
    templates.env.globals.update(
        release_statuses=list(ReleaseStatus),
        organisation_kinds=list(OrganisationKind),
        roles=list(Role),
        role_names=ROLE_NAMES,
        action_words=action_words,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not connect:
            yield
            return
        # No probe: the app starts while the database is down, and answers 503 until it is up.
        async with db.connected(settings.database_url, global_fallback=True, probe=False):
            database_answers = await _interrupt_stale_harvests()
            async with _webhook_worker(settings), _scheduler(settings):
                warm_up()  # before the first visitors, not while they wait
                if database_answers and settings.warm_up:
                    await warming.warm_up(app, WARM_UP_PATHS, at_once=WARM_UP_AT_ONCE)
                collector.freeze_start_up()  # ADR 0010: start-up's objects, never garbage
                handover.hand_over_sooner()  # ADR 0010: SQLite's threads wait less for the GIL
                yield

    api = endpoints()
    app = Starlette(
        routes=[
            Mount("/api/v1", routes=[openapi_route(api, schemas()), *api_routes(api)]),
            Mount("/static", app=HashedStaticFiles(directory=settings.static_dir), name="static"),
            Route("/healthz", health, name="health"),
            Route("/metrics", monitoring_web.metrics, name="metrics"),
            Route("/", software_pages.home, name="home"),
            *page_routes(),
        ],
        middleware=[
            Middleware(Observe),
            Middleware(RequestLimits),
            Middleware(SecurityHeaders),
            Middleware(PublicReads),
            Middleware(UnknownParameters),
            Middleware(GZipMiddleware, minimum_size=500),
        ],
        exception_handlers={
            ProblemError: on_problem,
            DomainError: on_domain_error,
            SignInRequired: on_sign_in_required,
            HTTPException: on_http_exception,
            # Handled here rather than as any Exception, which uvicorn would see re-raised and
            # answer by closing the connection.
            **dict.fromkeys(db.DATABASE_ERRORS, on_database_error),
            Exception: on_unexpected,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.export_cache = export_cache(settings)
    app.state.identities = identity.IDENTITIES
    app.state.entry_signals = quality_web.ENTRY_SIGNALS  # catalogue.software.web.signals
    return app
