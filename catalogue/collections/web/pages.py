# SPDX-License-Identifier: EUPL-1.2
"""The collections pages (the public list and one collection; assembling them for site
administrators) and the open-data page, which lists every way out of the catalogue."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue import paging
from catalogue.collections import queries, readiness, services
from catalogue.collections.models import Collection
from catalogue.collections.web.api import collection_or_404
from catalogue.errors import Duplicate, Invalid
from catalogue.messages import Message
from catalogue.permissions.rules import Principal
from catalogue.software import queries as software_queries
from catalogue.web.auth import site_admin
from catalogue.web.http import posted, redirect
from catalogue.web.params import LANG, Param, parse_query
from catalogue.web.rendering import render

SEARCH = Param("q", "Free text, matched against names and descriptions.", max_length=200)
DONE_CHOICES = ("created", "texts", "add", "roles", "remove", "move")
DONE = Param("done", "What was just done.", choices=DONE_CHOICES)
SEARCH_RESULTS = 20
ACTIONS = frozenset({"texts", "delete", "add", "roles", "remove", "up", "down"})
ENTRY_ACTIONS = frozenset({"roles", "remove", "up", "down"})  # of one entry, by its number
ROLES = ("role_nl", "role_en")
NEW_ENTRY = {"role_nl": "new-role_nl", "role_en": "new-role_en"}  # the ids in the add form


async def collection_list_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    summaries = await queries.list_collections()
    return await render(request, "collection_list.html", summaries=summaries)


async def collection_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    view = await queries.collection_view(await collection_or_404(request))
    return await render(
        request,
        "collection_detail.html",
        view=view,
        criteria=list(readiness.Criterion),
        statuses=list(readiness.Status),
    )


# Administration

ADMINS_ONLY = "only site administrators may assemble collections"


async def _site_admin(request: Request) -> Principal:
    return await site_admin(request, refusal=ADMINS_ONLY)


async def admin_list_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    await _site_admin(request)
    return await render(
        request,
        "collection_admin.html",
        status_code=status_code,
        summaries=await queries.list_collections(),
        errors=errors or {},
        values=values or {},
    )


async def admin_list(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    return await admin_list_page(request)


async def admin_create(request: Request) -> Response:
    principal = await _site_admin(request)
    form = await posted(request)
    fields = ("slug", *services.TEXTS)
    values = {field: form.get(field, "") for field in fields}
    try:
        created = await services.create_collection(principal=principal, values=values)
    except Invalid as error:
        return await admin_list_page(request, errors=error.errors, values=values, status_code=422)
    except Duplicate as error:
        errors = {"slug": error.args[0]}
        return await admin_list_page(request, errors=errors, values=values, status_code=409)
    return redirect(f"/beheer/collecties/{created.slug}?done=created")


async def admin_edit_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    done: str | None = None,
    q: str | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The page; after a refused form, its problems and what was typed into it (`typed`)."""
    await _site_admin(request)
    view = await queries.collection_view(await collection_or_404(request))
    found = None
    if q:
        filters = software_queries.SoftwareFilters(q=q)
        found = await software_queries.list_software(
            filters, paging.PageRequest(per_page=SEARCH_RESULTS)
        )
    listed = {view.record.id for view in view.entries}
    return await render(
        request,
        "collection_edit.html",
        status_code=status_code,
        view=view,
        errors=errors or {},
        done=done,
        q=q or "",
        found=found,
        listed=listed,
        typed=typed or {},
    )


async def admin_edit(request: Request) -> Response:
    values = parse_query(request.query_params, (LANG, SEARCH, DONE))
    return await admin_edit_page(request, done=values["done"], q=values["q"])


async def admin_action(request: Request) -> Response:
    """One of the forms of a collection's administration page, named by its `action` field."""
    principal = await _site_admin(request)
    collection = await collection_or_404(request)
    form = await posted(request)
    action = form.get("action", "")
    try:
        done = await _administer(principal, collection, action, form)
    except (Invalid, Duplicate) as error:
        problems = error.errors if isinstance(error, Invalid) else {"software": error.args[0]}
        return await admin_edit_page(
            request,
            errors=_by_control(action, form, problems),
            status_code=422,
            typed={k: v for k, v in form.items() if k != "csrf_token"},
        )
    if done is None:
        return redirect("/beheer/collecties")
    return redirect(f"/beheer/collecties/{collection.slug}?done={done}")


def _by_control(action: str, form: dict[str, str], errors: dict[str, str]) -> dict[str, str]:
    """The problems of one form keyed by the id of their control on the page, whose forms share
    field names: the roles of entry 12 are role_nl-12, those of a new entry new-role_nl; a
    problem with an entry that is no field (the software it names is gone) is `entry`."""
    if action == "add":
        return {NEW_ENTRY.get(field, field): text for field, text in errors.items()}
    if action in ENTRY_ACTIONS:
        number = form.get("software", "")
        row = number if number.isdigit() and len(number) < 10 else ""
        return {
            f"{field}-{row}" if field in ROLES and row else "entry": text
            for field, text in errors.items()
        }
    return errors


async def _administer(
    principal: Principal, collection: Collection, action: str, form: dict[str, str]
) -> str | None:
    """Do one action; the `done` value to show, or None when the collection is gone."""
    if action not in ACTIONS:
        raise Invalid({"action": Message("is not an action of this page")})
    roles: dict[str, str] = {f: form[f] for f in ("role_nl", "role_en") if f in form}
    if action == "texts":
        values = {field: form.get(field, "") for field in services.TEXTS}
        await services.update_collection(principal=principal, collection=collection, values=values)
        return "texts"
    if action == "delete":
        await services.delete_collection(principal=principal, collection=collection)
        return None
    if action == "add":
        await services.add_entry(
            principal=principal,
            collection=collection,
            software_id=form.get("software", ""),
            values=roles,
        )
        return "add"
    entry = await queries.entry_of(collection, form.get("software", ""))
    if action == "roles":
        await services.update_entry(principal=principal, entry=entry, values=roles)
        return "roles"
    if action == "remove":
        await services.remove_entry(principal=principal, entry=entry)
        return "remove"
    offset = -1 if action == "up" else 1  # the actions left: up and down
    await services.move_entry(principal=principal, entry=entry, offset=offset)
    return "move"


async def open_data_page(request: Request) -> Response:
    """The page that hands the catalogue to others: every export and feed, where to find it
    and which standard it follows, and the collections."""
    listed = await queries.collections_by_title()
    return await render(request, "open_data.html", collections=listed)


ROUTES: list[Route] = [
    Route("/open-data", open_data_page, name="open_data"),
    Route("/collecties", collection_list_page, methods=["GET"], name="collection_list"),
    Route("/collecties/{slug}", collection_page, methods=["GET"], name="collection_detail"),
    Route("/beheer/collecties", admin_list, methods=["GET"]),
    Route("/beheer/collecties", admin_create, methods=["POST"]),
    Route("/beheer/collecties/{slug}", admin_edit, methods=["GET"]),
    Route("/beheer/collecties/{slug}", admin_action, methods=["POST"]),
]
