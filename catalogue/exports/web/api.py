# SPDX-License-Identifier: EUPL-1.2
"""Export endpoints: the catalogue as opentenzij JSON, code.json and CSV, the register as CSV,
and a publiccode.yml per entry. Each streams, carries a weak ETag computed before the body
from a fingerprint of the data, and answers 304 to a matching If-None-Match."""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from catalogue.exports import codejson, json_export, lean, publiccode_out, records, tabular
from catalogue.exports.json_export import SiteLinks
from catalogue.organisations import web
from catalogue.software import queries
from catalogue.software.web import api
from catalogue.web import http
from catalogue.web.endpoints import Endpoint
from catalogue.web.params import Param, parse_query, slug_param
from catalogue.web.problems import ProblemError
from catalogue.web.streaming import etag_of, export_response, site_address
from wooexemptions.web import api as decisions_api

JSON = "application/json"
CSV = "text/csv"
YAML = "application/yaml"
ORGANISATION = slug_param("organisation", "Only the software of this organisation (its slug).")
DIALECT = Param(
    "dialect",
    "standard: RFC 4180 (comma, no byte-order mark); excel: semicolons and a byte-order mark, "
    "for Excel in a Dutch locale.",
    choices=tuple(tabular.DIALECTS),
    default="standard",
)
SOFTWARE_CSV_PARAMS = (
    *(p for p in api.SOFTWARE_PARAMS if p.name not in {"sort", "page", "per_page"}),
    DIALECT,
)
REGISTER_CSV_PARAMS = (
    *(p for p in decisions_api.REGISTER_PARAMS if p.name not in {"page", "per_page"}),
    DIALECT,
)


def site_links(request: Request) -> SiteLinks:
    return SiteLinks(site_address(request) + "/")


async def software_filters(
    values: dict[str, Any], request: Request | None = None
) -> queries.SoftwareFilters:
    """The /software list's filters, from the values of SOFTWARE_CSV_PARAMS."""
    return await api.software_filters({**values, "sort": "name"}, request)


async def _organisation_filters(request: Request) -> tuple[queries.SoftwareFilters, str | None]:
    values = parse_query(request.query_params, (ORGANISATION,))
    organisation = await web.organisation_filter(values["organisation"])
    return queries.SoftwareFilters(organisation=organisation), (
        organisation.name if organisation else None
    )


async def catalogue_json(request: Request) -> Response:
    filters, _ = await _organisation_filters(request)
    links = site_links(request)
    return export_response(
        request,
        media_type=JSON,
        etag=etag_of(request, await records.fingerprint(filters)),
        body=lambda: json_export.write_catalogue_json(records.stream_records(filters), links=links),
    )


async def code_json(request: Request) -> Response:
    filters, organisation = await _organisation_filters(request)
    links = site_links(request)
    return export_response(
        request,
        media_type=JSON,
        etag=etag_of(request, await records.fingerprint(filters)),
        body=lambda: codejson.write_code_json_batches(
            lean.stream_lean_batches(filters), links=links, agency=organisation or codejson.AGENCY
        ),
    )


async def software_csv(request: Request) -> Response:
    values = parse_query(request.query_params, SOFTWARE_CSV_PARAMS)
    filters = await software_filters(values, request)
    dialect = tabular.DIALECTS[values["dialect"]]
    links = site_links(request)
    return export_response(
        request,
        media_type=CSV,
        etag=etag_of(request, await records.fingerprint(filters)),
        body=lambda: tabular.write_software_csv(
            records.stream_records(filters), links=links, dialect=dialect
        ),
        filename="opentenzij-software.csv",
    )


async def register_csv(request: Request) -> Response:
    values = parse_query(request.query_params, REGISTER_CSV_PARAMS)
    filters = await decisions_api.register_filters(values)
    dialect = tabular.DIALECTS[values["dialect"]]
    links = site_links(request)
    etag = etag_of(request, await tabular.register_fingerprint(filters))
    return export_response(
        request,
        media_type=CSV,
        etag=etag,
        body=lambda: tabular.write_register_csv(filters, links=links, dialect=dialect),
        filename="opentenzij-register.csv",
    )


async def software_publiccode(request: Request) -> Response:
    parse_query(request.query_params, ())
    software_id = http.path_id(request, "software")
    record = await records.record_of(software_id)
    if record is None:
        raise ProblemError(404, f"there is no software with id {software_id}")
    text = publiccode_out.publiccode_document(record, links=site_links(request))
    digest = hashlib.sha256(text.encode()).hexdigest()

    async def body() -> Any:
        yield text

    return export_response(
        request, media_type=YAML, etag=etag_of(request, digest), body=body, filename=None
    )


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        method="GET",
        path="/export/catalogue.json",
        operation_id="exportCatalogue",
        summary="The catalogue (or one organisation's part) in the opentenzij JSON export format",
        handler=catalogue_json,
        params=(ORGANISATION,),
        media_types=(JSON,),
        schema="CatalogueExport",
    ),
    Endpoint(
        method="GET",
        path="/export/code.json",
        operation_id="exportCodeJson",
        summary="The catalogue (or one organisation's part) as a code.gov inventory "
        "(schema 2.0.0), withheld software with its exemption",
        handler=code_json,
        params=(ORGANISATION,),
        media_types=(JSON,),
        schema="CodeJson",
    ),
    Endpoint(
        method="GET",
        path="/export/software.csv",
        operation_id="exportSoftwareCsv",
        summary="The software list's search results as CSV (the filters of GET /software)",
        handler=software_csv,
        params=SOFTWARE_CSV_PARAMS,
        media_types=(CSV,),
    ),
    Endpoint(
        method="GET",
        path="/export/register.csv",
        operation_id="exportRegisterCsv",
        summary="The public register of decisions as CSV (the filters of GET /decisions)",
        handler=register_csv,
        params=REGISTER_CSV_PARAMS,
        media_types=(CSV,),
    ),
    Endpoint(
        method="GET",
        path="/software/{id}/publiccode.yml",
        operation_id="getSoftwarePubliccode",
        summary="The entry's publiccode.yml: the organisation's own file verbatim, or one "
        "generated from the catalogue entry",
        handler=software_publiccode,
        media_types=(YAML,),
        schema="PubliccodeDocument",
    ),
)
_NULLABLE_TEXT = {"type": ["string", "null"]}
_CODE_JSON_RELEASE = {
    "type": "object",
    # What code.gov's schema 2.0.0 requires of a release (it allows more, as we write more).
    "required": [
        "name",
        "permissions",
        "repositoryURL",
        "description",
        "laborHours",
        "tags",
        "contact",
    ],
    "properties": {
        "name": {"type": "string"},
        "organization": {"type": "string"},
        "description": {"type": "string"},
        "permissions": {
            "type": "object",
            "required": ["licenses", "usageType"],
            "properties": {
                "licenses": {
                    "type": ["array", "null"],
                    "items": {
                        "type": "object",
                        "properties": {"URL": _NULLABLE_TEXT, "name": {"type": "string"}},
                        "additionalProperties": False,
                    },
                },
                "usageType": {"type": "string"},
                "exemptionText": _NULLABLE_TEXT,
            },
        },
        "tags": {"type": "array", "items": {"type": "string"}},
        "contact": {"type": "object"},
        "repositoryURL": _NULLABLE_TEXT,
        "homepageURL": _NULLABLE_TEXT,
        "languages": {"type": "array", "items": {"type": "string"}},
        "laborHours": {"type": "number"},
        "date": {"type": "object"},
        "vcs": {"type": "string"},
        "status": {"type": "string"},
    },
}
SCHEMAS: dict[str, Any] = {
    "CodeJson": {
        "type": "object",
        "description": "A code.gov inventory, schema 2.0.0.",
        "required": ["version", "measurementType", "agency", "releases"],
        "properties": {
            "version": {"type": "string"},
            "measurementType": {"type": "object"},
            "agency": {"type": "string"},
            "releases": {"type": "array", "items": _CODE_JSON_RELEASE},
        },
    },
    "CatalogueExport": {
        "type": "object",
        "description": "The opentenzij JSON export: the catalogue and its entries.",
        "required": ["format", "catalogue", "software"],
        "properties": {
            "format": {"type": "string"},
            "catalogue": {
                "type": "object",
                "required": ["name", "url", "generated_at"],
                "properties": {
                    "name": {"type": "string"},
                    "url": {"type": "string"},
                    "generated_at": {"type": "string", "format": "date-time"},
                },
            },
            "software": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "url", "name", "organisation", "release_status"],
                },
            },
        },
    },
    "JsonLdDocument": {
        "type": "object",
        "description": "A JSON-LD document (DCAT-AP / ADMS.SW): a context and a graph.",
        "required": ["@context", "@graph"],
        "properties": {
            "@context": {"type": "object"},
            "@graph": {"type": "array", "items": {"type": "object"}},
        },
    },
    "PubliccodeDocument": {
        "type": "object",
        "description": "A publiccode.yml file: the organisation's own verbatim, or one made "
        "from the entry.",
    },
}
