# SPDX-License-Identifier: EUPL-1.2
"""The catalogue as linked data (DCAT-AP / ADMS.SW in Turtle and JSON-LD) and the Atom feeds
of new software, changed software and published decisions; overall or of one organisation.

Every answer carries an ETag made before the body is read, from a fingerprint of the data, the
address asked for and the site's own base URL (the body holds absolute links), so an unchanged
export answers 304 without reading an entry.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable
from functools import partial
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from catalogue.exports import atom, dcat, feeds
from catalogue.exports.lean import LeanBatch, stream_lean_batches
from catalogue.exports.records import fingerprint
from catalogue.organisations import web
from catalogue.organisations.models import Organisation
from catalogue.software import queries
from catalogue.web.endpoints import Endpoint
from catalogue.web.params import parse_query, slug_param
from catalogue.web.streaming import etag_of, export_response, site_address

ORGANISATION = slug_param(
    "organisation",
    "Slug of an organisation: only its software (or decisions). All organisations when absent.",
)
PARAMS = (ORGANISATION,)
# dcat.turtle_rows or dcat.jsonld_rows: the documents of `dcat.turtle` and `dcat.jsonld`,
# written from rows (catalogue.exports.lean)
Writer = Callable[[AsyncIterable[LeanBatch], dcat.CatalogueInfo], AsyncIterator[str]]


async def organisation_param(request: Request) -> Organisation | None:
    """The organisation the query names; a 400 problem, as for every other filter of the API,
    when no organisation has that slug."""
    slug = parse_query(request.query_params, PARAMS)["organisation"]
    return await web.organisation_filter(slug)


async def catalogue_export(
    request: Request, *, writer: Writer, media_type: str, extension: str
) -> Response:
    organisation = await organisation_param(request)
    filters = queries.SoftwareFilters(organisation=organisation)
    site = site_address(request)
    etag = etag_of(request, await fingerprint(filters), site)

    async def body() -> AsyncIterator[str]:
        info = dcat.site_catalogue(
            site,
            organisation=organisation,
            modified=await feeds.latest_change(organisation),
        )
        async for chunk in writer(stream_lean_batches(filters, federated=True), info):
            yield chunk

    slug = f"-{organisation.slug}" if organisation else ""
    return export_response(
        request,
        media_type=media_type,
        etag=etag,
        body=body,
        filename=f"opentenzij-catalogue{slug}.{extension}",
    )


async def feed(request: Request, *, kind: feeds.FeedKind) -> Response:
    organisation = await organisation_param(request)
    # Decision entries show their software's name: its changes count too.
    basis = await fingerprint(queries.SoftwareFilters(organisation=organisation))
    if kind is feeds.FeedKind.DECISIONS:
        basis += await feeds.decisions_fingerprint(organisation)
    site = site_address(request)
    wanted = feeds.FeedRequest(
        kind=kind, base_url=site, self_url=str(request.url), organisation=organisation
    )

    async def body() -> AsyncIterator[str]:
        entries = await feeds.feed_entries(wanted)
        for chunk in atom.write(feeds.feed_head(wanted, entries), entries):
            yield chunk

    return export_response(
        request, media_type=atom.MEDIA_TYPE, etag=etag_of(request, basis, site), body=body
    )


def _export(path: str, operation_id: str, summary: str, handler: Any, media_type: str) -> Endpoint:
    return Endpoint(
        method="GET",
        path=path,
        operation_id=operation_id,
        summary=summary,
        handler=handler,
        params=PARAMS,
        errors=(400,),
        media_types=(media_type,),
        schema="JsonLdDocument" if media_type == dcat.JSON_LD else None,
    )


ENDPOINTS: tuple[Endpoint, ...] = (
    _export(
        "/export/catalogue.ttl",
        "exportCatalogueTurtle",
        "The catalogue as DCAT-AP / ADMS.SW linked data, in Turtle",
        partial(catalogue_export, writer=dcat.turtle_rows, media_type=dcat.TURTLE, extension="ttl"),
        dcat.TURTLE,
    ),
    _export(
        "/export/catalogue.jsonld",
        "exportCatalogueJsonLd",
        "The catalogue as DCAT-AP / ADMS.SW linked data, in JSON-LD",
        partial(
            catalogue_export, writer=dcat.jsonld_rows, media_type=dcat.JSON_LD, extension="jsonld"
        ),
        dcat.JSON_LD,
    ),
    _export(
        "/feeds/software-new.atom",
        "feedNewSoftware",
        "Atom feed of the software added last",
        partial(feed, kind=feeds.FeedKind.SOFTWARE_NEW),
        atom.MEDIA_TYPE,
    ),
    _export(
        "/feeds/software-changed.atom",
        "feedChangedSoftware",
        "Atom feed of the software changed last",
        partial(feed, kind=feeds.FeedKind.SOFTWARE_CHANGED),
        atom.MEDIA_TYPE,
    ),
    _export(
        "/feeds/decisions.atom",
        "feedDecisions",
        "Atom feed of the decisions published last in the register",
        partial(feed, kind=feeds.FeedKind.DECISIONS),
        atom.MEDIA_TYPE,
    ),
)
SCHEMAS: dict[str, Any] = {}
