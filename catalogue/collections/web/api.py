# SPDX-License-Identifier: EUPL-1.2
"""The collections API: the list, one collection with the readiness of each entry, and its
DCAT-AP export; and the JSON of collections and their entries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from catalogue.collections import models, queries, readiness
from catalogue.exports import dcat
from catalogue.exports.records import ExportRecord
from catalogue.messages import Message
from catalogue.organisations.web import OrganisationRef, reference
from catalogue.software.models import ReleaseStatus
from catalogue.software.web.signals import QualitySignal, quality_signal
from catalogue.web.endpoints import Endpoint
from catalogue.web.http import EncodedResponse, found
from catalogue.web.params import Param, parse_query
from catalogue.web.schemas import API, Count, Moment, components
from catalogue.web.streaming import etag_of, export_response, site_address

SEARCH = Param("q", "Free text, matched against names and descriptions.", max_length=200)
DONE_CHOICES = ("created", "texts", "add", "roles", "remove", "move")
DONE = Param("done", "What was just done.", choices=DONE_CHOICES)
SEARCH_RESULTS = 20
ACTIONS = frozenset({"texts", "delete", "add", "roles", "remove", "up", "down"})


# JSON


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


def _messages(messages: tuple[Message, ...]) -> list[str]:
    return [str(message) for message in messages]  # a Message is its English text


class ReadinessCheck(msgspec.Struct, forbid_unknown_fields=True):
    """One readiness criterion judged for an entry: its status, what was found, and what is
    missing."""

    criterion: readiness.Criterion
    status: readiness.Status
    found: Annotated[list[str], _described("What the data shows.")]
    missing: Annotated[list[str], _described("What is missing.")]


class CollectedSoftware(msgspec.Struct, forbid_unknown_fields=True):
    """The catalogue entry a collection entry is."""

    id: int
    name: str
    url: str
    release_status: ReleaseStatus
    licence: str | None
    archived: bool


class CollectionEntry(msgspec.Struct, forbid_unknown_fields=True):
    """An entry of a collection: its place and role, the catalogue entry, and its readiness
    and quality signals."""

    position: int
    role_nl: str
    role_en: str
    software: CollectedSoftware
    organisation: OrganisationRef
    ready: Annotated[bool, _described("Every criterion is met.")]
    status: readiness.Status
    checks: list[ReadinessCheck]
    used_by: Annotated[
        list[str], _described("The distinct organisations known to use it, the owner first.")
    ]
    advisories: Annotated[
        list[str] | None,
        _described(
            "Open advisories on its components, past their embargo; null when no SBOM names "
            "its components."
        ),
    ]
    quality: list[QualitySignal]


def check_resource(check: readiness.Check) -> ReadinessCheck:
    return ReadinessCheck(
        check.criterion, check.status, _messages(check.found), _messages(check.missing)
    )


def entry_resource(view: queries.EntryView) -> CollectionEntry:
    record = view.record
    return CollectionEntry(
        position=view.entry.position,
        role_nl=view.entry.role_nl,
        role_en=view.entry.role_en,
        software=CollectedSoftware(
            id=record.id,
            name=record.name,
            url=f"{API}/software/{record.id}",
            release_status=ReleaseStatus(record.release_status),
            licence=record.licence,
            archived=record.archived,
        ),
        organisation=reference(record.organisation.slug, record.organisation.name),
        ready=view.readiness.ready,
        status=view.readiness.status,
        checks=[check_resource(check) for check in view.readiness.checks],
        used_by=list(view.reusers),
        advisories=list(view.advisories) if view.advisories is not None else None,
        quality=[quality_signal(verdict) for verdict in view.quality],
    )


class CriterionTally(msgspec.Struct, forbid_unknown_fields=True):
    """How many entries meet each readiness criterion."""

    licence: Count
    publiccode: Count
    maintained: Count
    reused: Count
    nothing_withheld: Count
    secure: Count
    reportable: Count


class ReadinessSummary(msgspec.Struct, forbid_unknown_fields=True):
    """How ready a collection's entries are, together."""

    entries: Count
    ready: Count
    not_met: Count
    unknown: Count
    met_per_criterion: CriterionTally


def summary_resource(view: queries.CollectionView) -> ReadinessSummary:
    met = {c.value: view.tally(c, readiness.Status.MET) for c in readiness.Criterion}
    return ReadinessSummary(
        entries=len(view.entries),
        ready=view.ready,
        not_met=view.count(readiness.Status.NOT_MET),
        unknown=view.count(readiness.Status.UNKNOWN),
        met_per_criterion=CriterionTally(**met),
    )


class Collection(msgspec.Struct, forbid_unknown_fields=True):
    """A curated collection of catalogue entries, e.g. the parts of a workplace."""

    slug: Annotated[str, _described("Name in addresses.")]
    title_nl: str
    title_en: str
    description_nl: str
    description_en: str
    entry_count: Count
    created_at: Moment
    updated_at: Moment
    url: str
    turtle_url: str
    jsonld_url: str


class CollectionDetail(Collection, forbid_unknown_fields=True):
    """A collection with each entry judged for readiness, now."""

    assessed_at: Moment
    summary: ReadinessSummary
    entries: list[CollectionEntry]


def _collection_values(collection: models.Collection, entry_count: int) -> dict[str, Any]:
    return {
        "slug": collection.slug,
        "title_nl": collection.title_nl,
        "title_en": collection.title_en,
        "description_nl": collection.description_nl,
        "description_en": collection.description_en,
        "entry_count": entry_count,
        "created_at": collection.created_at.isoformat(),
        "updated_at": collection.updated_at.isoformat(),
        "url": f"{API}/collections/{collection.slug}",
        "turtle_url": f"{API}/collections/{collection.slug}.ttl",
        "jsonld_url": f"{API}/collections/{collection.slug}.jsonld",
    }


def collection_resource(collection: models.Collection, entry_count: int) -> Collection:
    return Collection(**_collection_values(collection, entry_count))


SCHEMAS: dict[str, Any] = components(Collection, CollectionDetail)


async def collection_or_404(request: Request) -> models.Collection:
    """The collection of the path's `{slug}`; a 404 problem if there is none."""
    slug = request.path_params["slug"]
    return found(await queries.collection_by_slug(slug), f"there is no collection {slug[:100]!r}")


async def collection_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    summaries = await queries.list_collections()
    items = [collection_resource(s.collection, s.entry_count) for s in summaries]
    return EncodedResponse({"items": items, "total": len(items)})


async def collection_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    view = await queries.collection_view(await collection_or_404(request))
    return EncodedResponse(
        CollectionDetail(
            **_collection_values(view.collection, len(view.entries)),
            assessed_at=view.assessed_at.isoformat(),
            summary=summary_resource(view),
            entries=[entry_resource(entry) for entry in view.entries],
        )
    )


# DCAT-AP


def catalogue_info(request: Request, collection: models.Collection) -> dcat.CatalogueInfo:
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


async def _records(collection: models.Collection) -> AsyncIterator[ExportRecord]:
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
