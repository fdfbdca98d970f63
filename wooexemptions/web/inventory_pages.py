# SPDX-License-Identifier: EUPL-1.2
"""The inventory page of a decision: the legend, the grondslagen with their motivation (each
written once), counts per grondslag and per folder as charts with their tables, and the file
list a page at a time with filters; for a draft, the bulk change its officers make. Every page
is small however large the inventory: fifty items, the first lines of each run, the largest
folders."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.errors import Invalid
from catalogue.messages import Message
from catalogue.paging import PageRequest
from catalogue.permissions.rules import Principal
from catalogue.statistics.web import layout
from catalogue.web.auth import session_principal, signed_in
from catalogue.web.http import found, path_id, posted, redirect
from catalogue.web.links import page_links
from catalogue.web.params import LANG, PAGE, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import render
from wooexemptions import inventories, inventory_store, queries
from wooexemptions.grounds import grounds
from wooexemptions.inventory import Assessment, counts_by_ground
from wooexemptions.inventory_store import ItemFilters
from wooexemptions.models import Decision
from wooexemptions.states import DecisionState
from wooexemptions.web.inventory_api import ASSESSMENT, GRONDSLAG, PREFIX, filters_of

PER_PAGE = 50
SHOWN_LINES = 12  # of one marker's runs in a row; the CSV has them all
SHOWN_FOLDERS = 30
PAGE_PARAMS = (ASSESSMENT, GRONDSLAG, PREFIX, PAGE, LANG)
BULK_FIELDS = 60


async def _visible(request: Request, principal: Principal) -> Decision:
    decision_id = path_id(request, "decision")
    return found(
        await queries.decision_for(principal, decision_id),
        Message("no such decision, or it is not public"),
    )


async def inventory_page(request: Request) -> Response:
    values = parse_query(request.query_params, PAGE_PARAMS)
    principal = await session_principal(request)
    decision = await _visible(request, principal)
    return await _view(request, principal, decision, values)


async def _view(
    request: Request,
    principal: Principal,
    decision: Decision,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    filters = filters_of(values)
    page = await inventory_store.item_page(
        decision.pk, filters, PageRequest(page=values.get("page") or 1, per_page=PER_PAGE)
    )
    grondslagen = await inventory_store.grondslagen_of(decision.pk)
    combinations = await inventory_store.combinations(decision.pk)
    per_grondslag = counts_by_ground({key: n for key, (n, _) in combinations.items()})
    folders = sorted(
        await inventory_store.folder_counts(decision.pk), key=lambda row: (-row[1], row[0])
    )
    assessments = {a: 0 for a in Assessment}
    for (assessment, _), (count, _) in combinations.items():
        assessments[assessment] += count
    officer = queries.may_see_drafts(principal, decision.organisation_id)
    return await render(
        request,
        "inventory.html",
        status_code=status_code,
        decision=decision,
        page=page,
        links=page_links(request.url, page),
        values=values,
        filtered=filters != ItemFilters(),
        grondslagen=grondslagen,
        ground_of={g.code: g for g in grounds()},
        code_of={g.key: g.code for g in grondslagen},
        assessments=assessments,
        per_grondslag=per_grondslag,
        grondslag_chart=layout(
            "grondslagen", [(k, [("licence", n)]) for k, n in per_grondslag.items()]
        ),
        folders=folders[:SHOWN_FOLDERS],
        more_folders=max(0, len(folders) - SHOWN_FOLDERS),
        folder_chart=layout(
            "folders", [(f, [("licence", n)]) for f, n, _ in folders[:SHOWN_FOLDERS]]
        ),
        shown_lines=SHOWN_LINES,
        editable=officer and decision.state is DecisionState.DRAFT,
        errors=errors or {},
    )


def _assessment(value: str, key: str) -> Assessment | None:
    if not value:
        return None
    try:
        return Assessment(value)
    except ValueError:
        raise Invalid({key: Message("Choose an assessment from the list.")}) from None


def _lock(form: dict[str, str]) -> int:
    value = form.get("lock_version", "")
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise ProblemError(
            400, Message("the form lacks the decision's lock_version: reload the page")
        )
    return int(value)


# The bulk change names what it sets as the API does (assessment, grounds); the page's form
# calls those set_assessment and set_grounds, and its filter on the assessment
# filter_assessment, so that each problem is named by the control it belongs to.
SET_FIELDS = {"assessment": "set_assessment", "grounds": "set_grounds"}


async def bulk_edit(request: Request) -> Response:
    """The officers' bulk change: every item under a path prefix (and of an assessment, or
    citing a grondslag) gets the assessment and/or the grondslagen chosen."""
    principal = await signed_in(request)
    decision = await _visible(request, principal)
    form = await posted(request, max_fields=BULK_FIELDS)
    keys = tuple(
        key.removeprefix("set_grondslag_") for key in form if key.startswith("set_grondslag_")
    )
    values: dict[str, Any] = {
        "assessment": form.get("assessment") or None,
        "grondslag": form.get("grondslag") or None,
        "prefix": form.get("prefix") or None,
        "page": 1,
    }
    try:
        filters = ItemFilters(
            assessment=_assessment(form.get("assessment", ""), "filter_assessment"),
            grondslag=form.get("grondslag") or None,
            prefix=form.get("prefix") or None,
        )
        grounds_set = keys if keys or form.get("clear_grondslagen") == "on" else None
        await inventories.bulk_edit(
            actor=principal,
            decision=decision,
            filters=filters,
            assessment=_assessment(form.get("set_assessment", ""), "set_assessment"),
            grounds=grounds_set,
            lock_version=_lock(form),
        )
    except Invalid as error:
        errors = {SET_FIELDS.get(key, key): text for key, text in error.errors.items()}
        if "filter_assessment" in errors:  # the list below is shown without that filter
            values["assessment"] = None
        return await _view(request, principal, decision, values, errors=errors, status_code=422)
    query = urlencode({k: v for k, v in values.items() if v and k != "page"})
    return redirect(f"/register/{decision.pk}/inventaris" + (f"?{query}" if query else ""))


ROUTES = [
    Route("/register/{id:int}/inventaris", inventory_page, methods=["GET"]),
    Route("/register/{id:int}/inventaris", bulk_edit, methods=["POST"]),
]
