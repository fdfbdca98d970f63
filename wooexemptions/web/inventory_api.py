# SPDX-License-Identifier: EUPL-1.2
"""The API of decisions' inventories: the items a page at a time with filters, the summary
(legend, grondslagen, counts per ground and folder, the scan), the inventarislijst as CSV out
(art. 3.3 lid 2 onder i Woo: published with the besluit) and in, the grondslagen and legend, a
bulk change, and the scan of an uploaded tar or zip archive of the released tree."""

from __future__ import annotations

import tempfile
from datetime import date
from typing import IO, Annotated, Any

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.errors import Invalid
from catalogue.messages import Message, Number
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import json_body, page_request, page_response, raw_body
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.schemas import API, STRING, Count, closed_object, components, enum, input_object
from catalogue.web.streaming import etag_of, export_response
from wooexemptions import inventories, inventory_csv, inventory_store
from wooexemptions.grounds import ground, refusal_grounds
from wooexemptions.inventory import (
    Assessment,
    Grondslag,
    Item,
    LegendEntry,
    counts_by_ground,
)
from wooexemptions.inventory_store import ItemFilters
from wooexemptions.models import Decision
from wooexemptions.redactions import (
    Limits,
    Marker,
    RedactionError,
    Scan,
    archive_entries,
    check_legend,
    parse_marker,
    scan,
)
from wooexemptions.web.api import body_lock, decision_or_404

CSV = "text/csv"
MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
# An uploaded tree: fewer files and bytes than a scan at the command line may read; the bytes
# are those the members unpack to, counted as they are read (a zip bomb stops at the limit).
UPLOAD_LIMITS = Limits(file_bytes=5 * 1024 * 1024, files=50_000, total_bytes=512 * 1024 * 1024)
BOMB_RATIO, BOMB_FLOOR = 100, 10 * 1024 * 1024  # source code packs to a fifth, not a hundredth
ARCHIVE_TYPES = (
    "application/zip",
    "application/x-tar",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
)

ASSESSMENT = Param(
    "assessment", "Only items with this assessment.", choices=tuple(a.value for a in Assessment)
)
GRONDSLAG = Param(
    "grondslag", "Only items citing this grondslag (its key).", pattern=r"^[A-Za-z0-9._-]{1,40}$"
)
PREFIX = Param("prefix", "Only items whose path starts with this.", max_length=1000)
ITEM_PARAMS = (ASSESSMENT, GRONDSLAG, PREFIX, PAGE, PER_PAGE)
LOCK = Param(
    "lock_version",
    "The lock_version of the decision you read.",
    "integer",
    minimum=0,
    maximum=2**31 - 1,
)
COMMIT = Param("commit", "The commit the archive is the tree of.", pattern=r"^[0-9a-f]{7,64}$")
MARKERS = Param(
    "markers",
    "The legend, as TEXT=GROUND pairs separated by commas (e.g. S=woo-5.1.2.i,P=woo-5.1.2.e); "
    "without it, the decision's own legend.",
    max_length=500,
)
MIN_RUN = Param(
    "min_run", "The shortest run that counts.", "integer", minimum=1, maximum=10_000, default=4
)


def filters_of(values: dict[str, Any]) -> ItemFilters:
    assessment = values.get("assessment")
    return ItemFilters(
        assessment=Assessment(assessment) if assessment else None,
        grondslag=values.get("grondslag"),
        prefix=values.get("prefix"),
    )


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class InventoryItem(msgspec.Struct, forbid_unknown_fields=True):
    """One row of a decision's inventory (inventarislijst): a file or folder of the tree, or
    lines of it, with its assessment and the grondslagen it cites."""

    number: Annotated[int, msgspec.Meta(ge=1)]
    path: str
    line_from: int | None
    line_to: int | None
    assessment: Assessment
    grondslagen: Annotated[list[str], _described("Keys of the decision's grondslagen.")]
    grounds: Annotated[list[str], _described("The Woo grounds those keys stand for, by code.")]
    runs: Annotated[Count, _described("How many runs of a marker the item holds.")]
    markers: Annotated[dict[str, list[int]], _described("Per marker, the line of each run.")]
    licence: Annotated[str, _described("Another licence than the decision's (REUSE), if any.")]
    remark: str


def item_resource(item: Item, codes: dict[str, str]) -> InventoryItem:
    return InventoryItem(
        number=item.number,
        path=item.path,
        line_from=item.line_from,
        line_to=item.line_to,
        assessment=item.assessment,
        grondslagen=list(item.grounds),
        grounds=list(dict.fromkeys(codes[k] for k in item.grounds if k in codes)),
        runs=item.runs,
        markers={marker: list(lines) for marker, lines in item.lines.items()},
        licence=item.licence,
        remark=item.remark,
    )


def grondslag_json(grondslag: Grondslag) -> dict[str, Any]:
    try:
        article = ground(grondslag.code).article
    except KeyError:
        article = ""
    return {
        "key": grondslag.key,
        "code": grondslag.code,
        "article": article,
        "motivation": grondslag.motivation,
        "weighing": grondslag.weighing,
        "despite_age": grondslag.despite_age,
    }


async def inventory_list(request: Request) -> Response:
    values = parse_query(request.query_params, ITEM_PARAMS)
    decision = await decision_or_404(request, await bearer_principal(request))
    codes = {g.key: g.code for g in await inventory_store.grondslagen_of(decision.pk)}
    page = await inventory_store.item_page(decision.pk, filters_of(values), page_request(values))
    return page_response(request, page, [item_resource(item, codes) for item in page.items])


async def summary_of(decision: Decision) -> dict[str, Any]:
    """The inventory in brief: the tree, legend, grondslagen, counts and the scan."""
    grondslagen = await inventory_store.grondslagen_of(decision.pk)
    combinations = await inventory_store.combinations(decision.pk)
    per_assessment: dict[str, int] = {a.value: 0 for a in Assessment}
    for (assessment, _), (count, _) in combinations.items():
        per_assessment[assessment.value] += count
    return {
        "decision": f"{API}/decisions/{decision.pk}",
        "items": decision.inventory_size,
        "items_url": f"{API}/decisions/{decision.pk}/inventory",
        "csv_url": f"{API}/decisions/{decision.pk}/inventory.csv",
        "tree_url": decision.tree_url,
        "commit": decision.covers,
        "legend": [dict(entry) for entry in decision.legend or []],
        "grondslagen": [grondslag_json(g) for g in grondslagen],
        "assessments": per_assessment,
        "per_grondslag": counts_by_ground({key: count for key, (count, _) in combinations.items()}),
        "per_folder": [
            {"folder": folder, "items": count, "runs": runs}
            for folder, count, runs in await inventory_store.folder_counts(decision.pk)
        ],
        "scan": decision.scan or None,
        "lock_version": decision.lock_version,
    }


async def inventory_summary(request: Request) -> Response:
    parse_query(request.query_params, ())
    decision = await decision_or_404(request, await bearer_principal(request))
    return JSONResponse(await summary_of(decision))


async def inventory_csv_out(request: Request) -> Response:
    parse_query(request.query_params, ())
    decision = await decision_or_404(request, await bearer_principal(request))
    grondslagen = {g.key: g for g in await inventory_store.grondslagen_of(decision.pk)}

    async def body() -> Any:
        writer = inventory_csv.Writer()
        yield writer.line(inventory_csv.COLUMNS)
        async for item in inventory_store.stream_items(decision.pk):
            yield writer.line(inventory_csv.row_of(item, grondslagen))

    fingerprint = f"{decision.pk}:{decision.lock_version}:{decision.updated_at.isoformat()}"
    return export_response(
        request,
        media_type=CSV,
        etag=etag_of(request, fingerprint),
        body=body,
        filename=f"inventarislijst-{decision.pk}.csv",
    )


async def _answer(decision: Decision, status: int = 200) -> Response:
    return JSONResponse(await summary_of(decision), status_code=status)


def _media_type(request: Request, allowed: tuple[str, ...]) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in allowed:
        raise ProblemError(415, f"send the body as one of {', '.join(allowed)}")


async def inventory_csv_in(request: Request) -> Response:
    values = parse_query(request.query_params, (LOCK,))
    principal = await bearer_principal(request)
    decision = await decision_or_404(request, principal)
    _media_type(request, (CSV, "text/plain"))
    body = await raw_body(request, MAX_CSV_BYTES)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProblemError(400, "the list is not UTF-8 text") from None
    changed = await inventories.import_csv(
        actor=principal, decision=decision, text=text, lock_version=_lock(values)
    )
    return await _answer(changed)


def _lock(values: dict[str, Any]) -> int:
    if values.get("lock_version") is None:
        raise Invalid({"lock_version": "send the lock_version of the decision you read"})
    return int(values["lock_version"])


def _text(body: dict[str, Any], key: str, limit: int = 10_000) -> str:
    value = body.get(key, "")
    if not isinstance(value, str):
        raise Invalid({key: Message("Send text.")})
    return value[: limit + 1]


def _grondslagen(body: dict[str, Any]) -> list[Grondslag]:
    raw = body.get("grondslagen", [])
    if not isinstance(raw, list) or not all(isinstance(g, dict) for g in raw):
        raise Invalid({"grondslagen": Message("Send a list of objects with key and code.")})
    return [
        Grondslag(
            key=_text(g, "key", 40),
            code=_text(g, "code", 30),
            motivation=_text(g, "motivation"),
            weighing=_text(g, "weighing"),
            despite_age=_text(g, "despite_age"),
        )
        for g in raw
    ]


def _legend(body: dict[str, Any]) -> list[LegendEntry]:
    raw = body.get("legend", [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise Invalid({"legend": Message("Send a list of objects with marker and grondslag.")})
    return [LegendEntry(_text(e, "marker", 20), _text(e, "grondslag", 40)) for e in raw]


async def set_basis(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    decision = await decision_or_404(request, principal)
    body = await json_body(request)
    changed = await inventories.set_basis(
        actor=principal,
        decision=decision,
        grondslagen=_grondslagen(body),
        legend=_legend(body),
        tree_url=_text(body, "tree_url", 400),
        lock_version=body_lock(body),
    )
    return await _answer(changed)


def _assessment(value: Any, key: str) -> Assessment | None:
    if value in (None, ""):
        return None
    try:
        return Assessment(value)
    except ValueError:
        raise Invalid(
            {key: Message("Choose %(choices)s.", choices=", ".join(Assessment))}
        ) from None


async def bulk_edit(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    decision = await decision_or_404(request, principal)
    body = await json_body(request)
    grounds = body.get("set_grondslagen")
    if grounds is not None and (
        not isinstance(grounds, list) or not all(isinstance(k, str) for k in grounds)
    ):
        raise Invalid({"set_grondslagen": Message("Send a list of grondslag keys.")})
    filters = ItemFilters(
        assessment=_assessment(body.get("assessment"), "assessment"),
        grondslag=_text(body, "grondslag", 40) or None,
        prefix=_text(body, "prefix", 1000) or None,
    )
    changed, count = await inventories.bulk_edit(
        actor=principal,
        decision=decision,
        filters=filters,
        assessment=_assessment(body.get("set_assessment"), "set_assessment"),
        grounds=tuple(grounds) if grounds is not None else None,
        lock_version=body_lock(body),
    )
    return JSONResponse({"changed": count, **await summary_of(changed)})


def _markers(values: dict[str, Any], decision: Decision, grondslagen: list[Grondslag]) -> list[Any]:
    codes = [g.code for g in refusal_grounds()]
    if values.get("markers"):
        return [parse_marker(spec.strip(), codes) for spec in values["markers"].split(",")]
    by_key = {g.key: g.code for g in grondslagen}
    specs = [f"{e['marker']}={by_key.get(e['grondslag'], '')}" for e in decision.legend or []]
    if not specs:
        raise RedactionError(Message("the decision has no legend: give the markers"))
    return [parse_marker(spec, codes) for spec in specs]


def _scan_upload(upload: IO[bytes], size: int, legend: tuple[Marker, ...], min_run: int) -> Scan:
    """Scan an uploaded archive, refusing one that unpacks to more than the limits allow or
    far more than its own size (a zip bomb) before a member is read."""
    limits = UPLOAD_LIMITS
    entries = list(archive_entries(upload))
    unpacked = sum(entry.size for entry in entries if entry.kind == "file")
    if unpacked > limits.total_bytes or (unpacked > BOMB_FLOOR and unpacked > BOMB_RATIO * size):
        raise RedactionError(
            Message(
                "the archive unpacks to %(unpacked)s bytes, from %(size)s: refused as a zip bomb",
                unpacked=Number(unpacked),
                size=Number(size),
            )
        )
    return scan(entries, legend, min_run=min_run, limits=limits)


async def _spooled(request: Request) -> tuple[IO[bytes], int]:
    """The upload in a temporary file (in memory while small), refused past the limit."""
    upload = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_ARCHIVE_BYTES:
            upload.close()
            raise ProblemError(
                413,
                Message(
                    "the archive is larger than %(limit)s bytes", limit=Number(MAX_ARCHIVE_BYTES)
                ),
            )
        upload.write(chunk)
    if not size:
        raise ProblemError(400, "the body is empty: send the tar or zip archive itself")
    upload.seek(0)
    return upload, size


async def scan_archive(request: Request) -> Response:
    """Scan an uploaded tar or zip archive of the released tree and attach the result."""
    values = parse_query(request.query_params, (LOCK, COMMIT, MARKERS, MIN_RUN))
    principal = await bearer_principal(request)
    decision = await decision_or_404(request, principal)
    _media_type(request, ARCHIVE_TYPES)
    lock = _lock(values)
    grondslagen = await inventory_store.grondslagen_of(decision.pk)
    try:
        legend = check_legend(_markers(values, decision, grondslagen))
    except RedactionError as error:
        raise Invalid({"markers": error.message}) from None
    upload, size = await _spooled(request)
    try:
        result = await run_in_threadpool(_scan_upload, upload, size, legend, values["min_run"])
    except RedactionError as error:
        raise Invalid({"archive": error.message}) from None
    finally:
        upload.close()
    changed, verified = await inventories.attach_scan(
        actor=principal,
        decision=decision,
        scan=result,
        commit=values.get("commit"),
        lock_version=lock,
        today=date.today(),
    )
    answer = await summary_of(changed)
    return JSONResponse({"verified": verified, **answer}, status_code=200 if verified else 201)


GRONDSLAG_FIELDS = {
    "key": STRING,
    "code": STRING,
    "motivation": STRING,
    "weighing": STRING,
    "despite_age": STRING,
}
LEGEND_ENTRY = closed_object({"marker": STRING, "grondslag": STRING})
SUMMARY = {
    "decision": STRING,
    "items": {"type": "integer"},
    "items_url": STRING,
    "csv_url": STRING,
    "tree_url": STRING,
    "commit": STRING,
    "legend": {"type": "array", "items": LEGEND_ENTRY},
    "grondslagen": {
        "type": "array",
        "items": closed_object({**GRONDSLAG_FIELDS, "article": STRING}),
    },
    "assessments": {"type": "object", "additionalProperties": {"type": "integer"}},
    "per_grondslag": {
        "type": "object",
        "additionalProperties": {"type": "integer"},
        "description": "How many items cite each grondslag.",
    },
    "per_folder": {
        "type": "array",
        "items": closed_object(
            {"folder": STRING, "items": {"type": "integer"}, "runs": {"type": "integer"}}
        ),
    },
    "scan": {"type": ["object", "null"]},
    "lock_version": {"type": "integer"},
}
SCHEMAS = {
    **components(InventoryItem),
    "Inventory": closed_object(SUMMARY),
    "InventoryScan": closed_object({**SUMMARY, "verified": {"type": "boolean"}}),
    "InventoryChange": closed_object({**SUMMARY, "changed": {"type": "integer"}}),
    "InventoryBasis": input_object(
        {
            "grondslagen": {
                "type": "array",
                "items": input_object(GRONDSLAG_FIELDS, required=("key", "code")),
            },
            "legend": {
                "type": "array",
                "items": input_object(
                    {"marker": STRING, "grondslag": STRING}, required=("marker", "grondslag")
                ),
            },
            "tree_url": STRING,
            "lock_version": {"type": "integer"},
        },
        required=("lock_version",),
    ),
    "InventoryBulk": input_object(
        {
            "prefix": STRING,
            "assessment": enum(Assessment),
            "grondslag": STRING,
            "set_assessment": enum(Assessment),
            "set_grondslagen": {"type": "array", "items": STRING},
            "lock_version": {"type": "integer"},
        },
        required=("lock_version",),
    ),
}

ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/decisions/{id}/inventory",
        operation_id="listInventoryItems",
        summary="The decision's inventory items, a page at a time, filtered",
        handler=inventory_list,
        schema="InventoryItem",
        params=ITEM_PARAMS,
        is_list=True,
        errors=(400, 401),
    ),
    Endpoint(
        method="GET",
        path="/decisions/{id}/inventory/summary",
        operation_id="getInventory",
        summary="The decision's inventory in brief: tree, legend, grondslagen, counts, scan",
        handler=inventory_summary,
        schema="Inventory",
        errors=(400, 401),
    ),
    Endpoint(
        method="GET",
        path="/decisions/{id}/inventory.csv",
        operation_id="getInventarislijst",
        summary="The inventarislijst as CSV (art. 3.3 lid 2 onder i Woo)",
        handler=inventory_csv_out,
        media_types=(CSV,),
        errors=(400, 401),
    ),
    Endpoint(
        method="PUT",
        path="/decisions/{id}/inventory.csv",
        operation_id="importInventarislijst",
        summary="Replace a draft's inventory by an inventarislijst (CSV); a bad row stores nothing",
        handler=inventory_csv_in,
        schema="Inventory",
        params=(LOCK,),
        errors=WRITE_ERRORS,
        secured=True,
        body_media_types=(CSV, "text/plain"),
    ),
    Endpoint(
        method="PUT",
        path="/decisions/{id}/inventory/basis",
        operation_id="setInventoryBasis",
        summary="Set a draft's grondslagen, redaction legend and tree",
        handler=set_basis,
        schema="Inventory",
        body="InventoryBasis",
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="POST",
        path="/decisions/{id}/inventory/bulk",
        operation_id="bulkEditInventory",
        summary="Set the assessment or grondslagen of a draft's items by path prefix or filter",
        handler=bulk_edit,
        schema="InventoryChange",
        body="InventoryBulk",
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="POST",
        path="/decisions/{id}/inventory/scan",
        operation_id="scanInventoryArchive",
        summary="Scan an uploaded tar or zip archive of the released tree into a draft's "
        "inventory (or verify it against the stored scan)",
        handler=scan_archive,
        schema="InventoryScan",
        params=(LOCK, COMMIT, MARKERS, MIN_RUN),
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
        body_media_types=ARCHIVE_TYPES,
    ),
)
