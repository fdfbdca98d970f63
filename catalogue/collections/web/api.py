# SPDX-License-Identifier: EUPL-1.2
"""The collections API: the list, one collection with the readiness of each entry, and its
DCAT-AP export; and the JSON of collections and their entries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.collections import queries, readiness
from catalogue.collections.models import Collection
from catalogue.exports import dcat
from catalogue.exports.records import ExportRecord
from catalogue.messages import Message
from catalogue.software.web.signals import QUALITY_SIGNAL, verdict_json
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import found
from catalogue.web.params import Param, parse_query
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
        "advisories": list(view.advisories) if view.advisories is not None else None,
        "quality": [verdict_json(verdict) for verdict in view.quality],
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
        "advisories": {
            "type": ["array", "null"],
            "items": STRING,
            "description": "Open advisories on its components, past their embargo; null when "
            "no SBOM names its components.",
        },
        "quality": {"type": "array", "items": QUALITY_SIGNAL},
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


async def collection_or_404(request: Request) -> Collection:
    """The collection of the path's `{slug}`; a 404 problem if there is none."""
    slug = request.path_params["slug"]
    return found(await queries.collection_by_slug(slug), f"there is no collection {slug[:100]!r}")


async def collection_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    summaries = await queries.list_collections()
    items = [collection_json(s.collection, s.entry_count) for s in summaries]
    return JSONResponse({"items": items, "total": len(items)})


async def collection_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    view = await queries.collection_view(await collection_or_404(request))
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
    collection = await collection_or_404(request)
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
        schema="JsonLdDocument",
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
