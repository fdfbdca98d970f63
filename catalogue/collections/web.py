# SPDX-License-Identifier: EUPL-1.2
"""Collections (commons listings) on the web: their pages with every entry's readiness for
reuse, the administrators' pages to assemble them, and the API as JSON and as DCAT-AP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from catalogue import paging
from catalogue.collections import queries, readiness, services
from catalogue.collections.models import Collection
from catalogue.errors import Duplicate, Invalid
from catalogue.exports import dcat
from catalogue.exports.records import ExportRecord
from catalogue.messages import Message
from catalogue.permissions.rules import Principal
from catalogue.software import queries as software_queries
from catalogue.web.auth import signed_in
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import posted, redirect
from catalogue.web.params import LANG, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from catalogue.web.schemas import API, DATETIME, STRING, closed_object, enum, iso
from catalogue.web.streaming import etag_of, export_response, site_address

SEARCH = Param("q", "Free text, matched against names and descriptions.", max_length=200)
DONE_CHOICES = ("created", "texts", "add", "roles", "remove", "move")
DONE = Param("done", "What was just done.", choices=DONE_CHOICES)
SEARCH_RESULTS = 20
ACTIONS = frozenset({"texts", "delete", "add", "roles", "remove", "up", "down"})


# JSON


def _messages(messages: tuple[Message, ...]) -> list[str]:
    return [str(message) for message in messages]  # a Message is its English text


def check_json(check: readiness.Check) -> dict[str, Any]:
    return {
        "criterion": check.criterion.value,
        "status": check.status.value,
        "found": _messages(check.found),
        "missing": _messages(check.missing),
    }


def entry_json(view: queries.EntryView) -> dict[str, Any]:
    record = view.record
    return {
        "position": view.entry.position,
        "role_nl": view.entry.role_nl,
        "role_en": view.entry.role_en,
        "software": {
            "id": record.id,
            "name": record.name,
            "url": f"{API}/software/{record.id}",
            "release_status": record.release_status,
            "licence": record.licence,
            "archived": record.archived,
        },
        "organisation": {
            "slug": record.organisation.slug,
            "name": record.organisation.name,
            "url": f"{API}/organisations/{record.organisation.slug}",
        },
        "ready": view.readiness.ready,
        "status": view.readiness.status.value,
        "checks": [check_json(check) for check in view.readiness.checks],
        "used_by": list(view.reusers),
    }


def summary_json(view: queries.CollectionView) -> dict[str, Any]:
    return {
        "entries": len(view.entries),
        "ready": view.ready,
        "not_met": view.count(readiness.Status.NOT_MET),
        "unknown": view.count(readiness.Status.UNKNOWN),
        "met_per_criterion": {
            c.value: view.tally(c, readiness.Status.MET) for c in readiness.Criterion
        },
    }


def collection_json(collection: Collection, entry_count: int) -> dict[str, Any]:
    return {
        "slug": collection.slug,
        "title_nl": collection.title_nl,
        "title_en": collection.title_en,
        "description_nl": collection.description_nl,
        "description_en": collection.description_en,
        "entry_count": entry_count,
        "created_at": iso(collection.created_at),
        "updated_at": iso(collection.updated_at),
        "url": f"{API}/collections/{collection.slug}",
        "turtle_url": f"{API}/collections/{collection.slug}.ttl",
        "jsonld_url": f"{API}/collections/{collection.slug}.jsonld",
    }


COUNT = {"type": "integer", "minimum": 0}
COLLECTION_PROPERTIES = {
    "slug": STRING,
    "title_nl": STRING,
    "title_en": STRING,
    "description_nl": STRING,
    "description_en": STRING,
    "entry_count": COUNT,
    "created_at": DATETIME,
    "updated_at": DATETIME,
    "url": STRING,
    "turtle_url": STRING,
    "jsonld_url": STRING,
}
READINESS_CHECK = closed_object(
    {
        "criterion": enum(readiness.Criterion),
        "status": enum(readiness.Status),
        "found": {"type": "array", "items": STRING, "description": "What the data shows."},
        "missing": {"type": "array", "items": STRING, "description": "What is missing."},
    }
)
COLLECTION_ENTRY = closed_object(
    {
        "position": {"type": "integer"},
        "role_nl": STRING,
        "role_en": STRING,
        "software": closed_object(
            {
                "id": {"type": "integer"},
                "name": STRING,
                "url": STRING,
                "release_status": STRING,
                "licence": {"type": ["string", "null"]},
                "archived": {"type": "boolean"},
            }
        ),
        "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
        "ready": {"type": "boolean", "description": "Every criterion is met."},
        "status": enum(readiness.Status),
        "checks": {"type": "array", "items": {"$ref": "#/components/schemas/ReadinessCheck"}},
        "used_by": {
            "type": "array",
            "items": STRING,
            "description": "The distinct organisations known to use it, the owner first.",
        },
    }
)
COLLECTION_DETAIL = closed_object(
    {
        **COLLECTION_PROPERTIES,
        "assessed_at": DATETIME,
        "summary": closed_object(
            {
                "entries": COUNT,
                "ready": COUNT,
                "not_met": COUNT,
                "unknown": COUNT,
                "met_per_criterion": closed_object(
                    {criterion.value: COUNT for criterion in readiness.Criterion}
                ),
            }
        ),
        "entries": {"type": "array", "items": {"$ref": "#/components/schemas/CollectionEntry"}},
    }
)
SCHEMAS: dict[str, Any] = {
    "Collection": closed_object(COLLECTION_PROPERTIES),
    "CollectionDetail": COLLECTION_DETAIL,
    "CollectionEntry": COLLECTION_ENTRY,
    "ReadinessCheck": READINESS_CHECK,
}


async def _collection(request: Request) -> Collection:
    slug = request.path_params["slug"]
    collection = await queries.collection_by_slug(slug)
    if collection is None:
        raise ProblemError(404, f"there is no collection {slug[:100]!r}")
    return collection


async def collection_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    summaries = await queries.list_collections()
    items = [collection_json(s.collection, s.entry_count) for s in summaries]
    return JSONResponse({"items": items, "total": len(items)})


async def collection_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    view = await queries.collection_view(await _collection(request))
    return JSONResponse(
        {
            **collection_json(view.collection, len(view.entries)),
            "assessed_at": iso(view.assessed_at),
            "summary": summary_json(view),
            "entries": [entry_json(entry) for entry in view.entries],
        }
    )


# DCAT-AP


def catalogue_info(request: Request, collection: Collection) -> dcat.CatalogueInfo:
    """The collection as a DCAT catalogue of its own, published by this site."""
    base = site_address(request)
    page = f"{base}/collecties/{collection.slug}"
    return dcat.CatalogueInfo(
        iri=f"{page}#catalogue",
        base_url=base,
        title_nl=collection.title_nl,
        title_en=collection.title_en or collection.title_nl,
        description_nl=collection.description_nl or collection.title_nl,
        description_en=collection.description_en or collection.title_en or collection.title_nl,
        publisher_name="opentenzij",
        publisher_iri=f"{base}/#publisher",
        homepage=page,
        modified=collection.updated_at,
    )


async def _records(collection: Collection) -> AsyncIterator[ExportRecord]:
    for record in await queries.collection_records(collection):
        yield record


async def _dcat(request: Request, media_type: str, extension: str) -> Response:
    parse_query(request.query_params, ())
    collection = await _collection(request)
    etag = etag_of(request, await queries.fingerprint(collection), media_type)
    info = catalogue_info(request, collection)
    write = dcat.turtle if media_type == dcat.TURTLE else dcat.jsonld
    return export_response(
        request,
        media_type=media_type,
        etag=etag,
        body=lambda: write(_records(collection), info),
        filename=f"{collection.slug}.{extension}",
    )


async def collection_turtle(request: Request) -> Response:
    return await _dcat(request, dcat.TURTLE, "ttl")


async def collection_jsonld(request: Request) -> Response:
    return await _dcat(request, dcat.JSON_LD, "jsonld")


# The path with a suffix comes first: "{slug}" alone would match "x.ttl" too.
ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        method="GET",
        path="/collections",
        operation_id="listCollections",
        summary="Curated collections (commons listings) of catalogue entries",
        handler=collection_list,
        schema="Collection",
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/collections/{slug}.ttl",
        operation_id="getCollectionTurtle",
        summary="A collection as its own DCAT-AP catalogue, in Turtle",
        handler=collection_turtle,
        media_types=(dcat.TURTLE,),
    ),
    Endpoint(
        method="GET",
        path="/collections/{slug}.jsonld",
        operation_id="getCollectionJsonLd",
        summary="A collection as its own DCAT-AP catalogue, in JSON-LD",
        handler=collection_jsonld,
        media_types=(dcat.JSON_LD,),
    ),
    Endpoint(
        method="GET",
        path="/collections/{slug}",
        operation_id="getCollection",
        summary="A collection with every entry's readiness for reuse",
        handler=collection_item,
        schema="CollectionDetail",
    ),
)


# Pages


async def collection_list_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    summaries = await queries.list_collections()
    return await render(request, "collection_list.html", summaries=summaries)


async def collection_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    view = await queries.collection_view(await _collection(request))
    return await render(
        request,
        "collection_detail.html",
        view=view,
        criteria=list(readiness.Criterion),
        statuses=list(readiness.Status),
    )


# Administration


async def _site_admin(request: Request) -> Principal:
    principal = await signed_in(request)
    if not principal.is_site_admin:
        raise ProblemError(403, "only site administrators may assemble collections")
    return principal


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
) -> Response:
    await _site_admin(request)
    view = await queries.collection_view(await _collection(request))
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
    )


async def admin_edit(request: Request) -> Response:
    values = parse_query(request.query_params, (LANG, SEARCH, DONE))
    return await admin_edit_page(request, done=values["done"], q=values["q"])


async def admin_action(request: Request) -> Response:
    """One of the forms of a collection's administration page, named by its `action` field."""
    principal = await _site_admin(request)
    collection = await _collection(request)
    form = await posted(request)
    action = form.get("action", "")
    try:
        done = await _administer(principal, collection, action, form)
    except (Invalid, Duplicate) as error:
        problems = error.errors if isinstance(error, Invalid) else {"software": error.args[0]}
        return await admin_edit_page(request, errors=problems, status_code=422)
    if done is None:
        return redirect("/beheer/collecties")
    return redirect(f"/beheer/collecties/{collection.slug}?done={done}")


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
