# SPDX-License-Identifier: EUPL-1.2
"""Pages of the decision register: the public register, a decision with its history, the
Woo grounds, the forms officers use to draft and move decisions, and the questionnaire."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.errors import Invalid
from catalogue.messages import Message, message_of
from catalogue.organisations import queries as organisation_queries
from catalogue.permissions.rules import Permission, Principal
from catalogue.software import queries as catalogue_queries
from catalogue.software.models import Software
from catalogue.web import notices
from catalogue.web.auth import session_principal, signed_in
from catalogue.web.http import found, page_request, path_id, posted
from catalogue.web.links import page_links
from catalogue.web.params import LANG, id_param, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.rendering import field_id, render
from wooexemptions import queries, questionnaire, rules
from wooexemptions import services as decisions
from wooexemptions.content import (
    BESLUIT_TEXTS,
    MAX_ITEMS,
    ContentError,
    besluit_json,
    items_json,
    parse,
)
from wooexemptions.grounds import grounds, refusal_grounds
from wooexemptions.models import Decision
from wooexemptions.rules import ItemKind, Outcome, ReasonKind
from wooexemptions.states import STEP, DecisionState, steps_from
from wooexemptions.web import api

# Empty rows the form offers beyond what a decision has: it grows with the decision, so that
# saving never drops an item, ground or reason (issue 14.9).
ITEM_ROWS, GROUND_ROWS, REASON_ROWS = 4, 3, 2
ITEM_FIELDS = 8 + 4 * GROUND_ROWS + 2 * REASON_ROWS  # of a row with the usual sub-rows
MAX_FORM_FIELDS = 20 + (MAX_ITEMS + 1) * ITEM_FIELDS * 2
FIELD = re.compile(r"^items\[(\d+)\]\.(?:(grounds|reasons)\[(\d+)\]\.)?(\w+)$")


async def register_page(request: Request) -> Response:
    values = parse_query(request.query_params, (*api.REGISTER_PARAMS, LANG))
    filters = await api.register_filters(values)
    page = await queries.register(filters, page_request(values))
    return await render(
        request,
        "register.html",
        page=page,
        values=values,
        links=page_links(request.url, page),
        organisations=await organisation_queries.organisation_choices(),
        grounds=[g for g in grounds() if g.refusal],
        outcomes=list(Outcome),
    )


async def grounds_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    return await render(request, "grounds.html", grounds=grounds())


async def _visible(request: Request, principal: Principal) -> Decision:
    decision_id = path_id(request, "decision")
    return found(
        await queries.decision_for(principal, decision_id),
        Message("no such decision, or it is not public"),
    )


async def decision_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await session_principal(request)
    return await _decision_view(request, principal, await _visible(request, principal))


async def _decision_view(
    request: Request,
    principal: Principal,
    decision: Decision,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    failed_step: str = "",
) -> Response:
    """A decision with its history and, for its officers, the steps its state offers them
    (a four-eyes step is left to another officer) and what to look at again."""
    content = decisions.content_of(decision)
    steps = steps_from(decision.state)
    return await render(
        request,
        "decision.html",
        status_code=status_code,
        decision=decision,
        history=await queries.history(principal, decision.software_id, decision.organisation_id),
        officer=queries.may_see_drafts(principal, decision.organisation_id),
        steps=[step for step in steps if decisions.may_take(step, principal, decision)],
        another_officer=[s for s in steps if not decisions.may_take(s, principal, decision)],
        anchors=_anchors(errors or {}, decision, failed_step),
        grounds={g.code: g for g in grounds()},
        items=items_json(content.items),
        appeals=await queries.appeals_of(decision.pk),
        warnings=rules.warnings(content),
        errors=errors or {},
    )


def _anchors(errors: dict[str, str], decision: Decision, step: str) -> dict[str, str]:
    """Where each problem of a step is put right: the step's own fields, else the draft's
    form (a draft's content), else the officers' actions (the four eyes, a stale page)."""
    taken = STEP.get(step)
    own: dict[str, str] = {}
    if taken is not None and taken.reason is not None:
        own["reason"] = f"#{step}-reason"
    if taken is not None and taken.review_date:
        own["review_on"] = f"#{step}-review"
    draft = decision.state is DecisionState.DRAFT
    return {
        key: own.get(key)
        or (f"/register/{decision.pk}/bewerken#{field_id(key)}" if draft else "#actions-title")
        for key in errors
    }


def _form_values(form: dict[str, str]) -> dict[str, Any]:
    """The nested decision input from the flat form fields; empty rows are left out."""
    items: dict[int, dict[str, Any]] = {}
    for key, value in form.items():
        match = FIELD.match(key)
        if match is None:
            continue
        index, group, sub, name = match.groups()
        item = items.setdefault(int(index), {"grounds": {}, "reasons": {}})
        if group:
            item[group].setdefault(int(sub), {})[name] = value
        else:
            item[name] = value
    texts = (
        "outcome",
        "summary",
        "licence",
        "advisers",
        "licence_exceptions",
        "basis",
        "public_at",
        *BESLUIT_TEXTS,
    )
    dates = ("decided_on", "review_on", "open_later_date", "code_dated", "made_known_on")
    return {
        **{k: form.get(k, "") for k in texts},
        **{k: form.get(k) or None for k in dates},
        "disclosure_only": form.get("disclosure_only") == "on",
        "open_later_trigger": form.get("open_later_trigger", ""),
        "items": [_item(items[i]) for i in sorted(items) if _filled(items[i])],
    }


def _filled(item: dict[str, Any]) -> bool:
    """A scope row counts when someone wrote in it (the kind alone has a default)."""
    return bool(
        item.get("name", "").strip()
        or item.get("withheld") == "on"
        or item.get("postponed") == "on"
        or bool(item.get("open_on"))
        or any(g.get("code") for g in item["grounds"].values())
        or any(r.get("text", "").strip() for r in item["reasons"].values())
    )


def _item(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": raw.get("kind", "whole"),
        "name": raw.get("name", ""),
        "withheld": raw.get("withheld") == "on",
        "environmental": raw.get("environmental") == "on",
        "emissions": raw.get("emissions") == "on",
        "confidential_acts": raw.get("confidential_acts") == "on",
        "postponed": raw.get("postponed") == "on",
        "open_on": raw.get("open_on") or None,
        "grounds": [g for _, g in sorted(raw["grounds"].items()) if g.get("code")],
        "reasons": [r for _, r in sorted(raw["reasons"].items()) if r.get("text", "").strip()],
    }


async def _form(
    request: Request,
    *,
    software: Any,
    values: dict[str, Any],
    errors: dict[str, str],
    decision: Decision | None = None,
    status_code: int = 200,
) -> Response:
    return await render(
        request,
        "decision_form.html",
        status_code=status_code,
        software=software,
        decision=decision,
        values=values,
        errors=errors,
        grounds=refusal_grounds(),
        outcomes=list(Outcome),
        item_kinds=list(ItemKind),
        reason_kinds=list(ReasonKind),
        rows=(ITEM_ROWS, GROUND_ROWS, REASON_ROWS),
    )


async def _software(request: Request) -> Software:
    software_id = path_id(request, "software")
    return found(await catalogue_queries.software_detail(software_id), Message("no such software"))


def _stored_values(decision: Decision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome.value,
        "summary": decision.summary,
        "licence": decision.licence or "",
        "advisers": decision.advisers,
        "decided_on": decision.decided_on,
        "review_on": decision.review_on,
        "open_later_date": decision.open_later_date,
        "open_later_trigger": decision.open_later_trigger,
        "items": items_json(decisions.content_of(decision).items),
        "basis": decision.basis.value,
        "code_dated": decision.code_dated,
        "disclosure_only": decision.disclosure_only,
        "licence_exceptions": decision.licence_exceptions,
        "public_at": decision.public_at,
        **besluit_json(decisions.content_of(decision).besluit),
    }


def _may_draft(principal: Principal, software: Software) -> None:
    """A 403 for someone who could not save the form: it is not shown to them."""
    if not principal.can(Permission.DECIDE, software.organisation_id):
        raise ProblemError(
            403,
            Message(
                "only the publication officers of the organisation record its decisions: "
                "ask one of them"
            ),
        )


async def new_decision_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await signed_in(request)
    software = await _software(request)
    _may_draft(principal, software)
    values = {
        "outcome": "open",
        "decided_on": date.today(),
        "licence": software.licence or "",
        "items": [{"kind": "whole", "name": software.name, "withheld": False}],
    }
    return await _form(request, software=software, values=values, errors={})


def _content(values: dict[str, Any]) -> Any:
    try:
        return parse(values)
    except ContentError as error:
        raise Invalid(error.errors) from None


async def new_decision(request: Request) -> Response:
    principal = await signed_in(request)
    software = await _software(request)
    form = await posted(request, max_fields=MAX_FORM_FIELDS)
    values = _form_values(form)
    try:
        decision = await decisions.start_draft(
            principal=principal,
            software=software,
            content=_content(values),
            advisers=values["advisers"],
            today=date.today(),
        )
    except Invalid as error:
        return await _form(
            request, software=software, values=values, errors=error.errors, status_code=422
        )
    return notices.redirect(
        request, f"/register/{decision.pk}", Message("The draft decision has been saved.")
    )


async def edit_decision_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await signed_in(request)
    decision = await _visible(request, principal)
    _may_draft(principal, decision.software)
    return await _form(
        request,
        software=decision.software,
        values=_stored_values(decision),
        errors={},
        decision=decision,
    )


async def edit_decision(request: Request) -> Response:
    principal = await signed_in(request)
    decision = await _visible(request, principal)
    form = await posted(request, max_fields=MAX_FORM_FIELDS)
    values = _form_values(form)
    try:
        await decisions.update_draft(
            principal=principal,
            decision=decision,
            content=_content(values),
            advisers=values["advisers"],
            lock_version=_lock(form),
            today=date.today(),
        )
    except Invalid as error:
        return await _form(
            request,
            software=decision.software,
            values=values,
            errors=error.errors,
            decision=decision,
            status_code=422,
        )
    return notices.redirect(
        request, f"/register/{decision.pk}", Message("The draft decision has been saved.")
    )


def _lock(form: dict[str, str]) -> int:
    value = form.get("lock_version", "")
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise ProblemError(
            400, Message("the form lacks the decision's lock_version: reload the page")
        )
    return int(value)


async def move_decision(request: Request) -> Response:
    """The buttons of a decision page, one per step of the state machine (states.STEPS) that
    the decision's state offers. A refusal shows on the decision page."""
    principal = await signed_in(request)
    decision = await _visible(request, principal)
    step = STEP.get(request.path_params["step"])
    if step is None:
        raise ProblemError(404, Message("no such step"))
    form = await posted(request)
    body: dict[str, Any] = {
        "reason": form.get("reason", ""),
        "review_on": form.get("review_on") or None,
    }
    if step.locked:
        body["lock_version"] = _lock(form)
    try:
        moved = await api.apply(step, principal, decision, body)
    except Invalid as error:
        return await _decision_view(
            request,
            principal,
            decision,
            status_code=422,
            errors=error.errors,
            failed_step=step.name,
        )
    return notices.redirect(request, f"/register/{moved.pk}", step.done)


SOFTWARE = id_param("software", "The software the answers are about.")


async def questionnaire_page(request: Request) -> Response:
    values = parse_query(request.query_params, (LANG, SOFTWARE))
    return await _questionnaire(request, values["software"], {}, None)


async def _questionnaire(
    request: Request, software_id: int | None, answers: dict[str, str], found: Any
) -> Response:
    software = (
        await catalogue_queries.software_detail(software_id) if software_id is not None else None
    )
    return await render(
        request,
        "questionnaire.html",
        questions=questionnaire.QUESTIONS,
        answers=answers,
        found=found,
        software=software,
        grounds={g.code: g for g in grounds()},
    )


def _answers(form: dict[str, str]) -> tuple[dict[str, str], Any]:
    answers = {q.id: form[q.id] for q in questionnaire.QUESTIONS if form.get(q.id)}
    try:
        return answers, questionnaire.recommend(answers)
    except ValueError as error:
        raise ProblemError(400, message_of(error)) from None


async def questionnaire_answer(request: Request) -> Response:
    form = await posted(request)
    answers, found = _answers(form)
    software = form.get("software", "")
    return await _questionnaire(
        request, int(software) if software.isdigit() else None, answers, found
    )


async def draft_from_answers(request: Request) -> Response:
    """Start a draft decision pre-filled from the questionnaire's answers."""
    principal = await signed_in(request)
    software = await _software(request)
    _, found = _answers(await posted(request))
    content = questionnaire.draft_from(found, software_name=software.name, decided_on=date.today())
    decision = await decisions.start_draft(principal=principal, software=software, content=content)
    return notices.redirect(
        request,
        f"/register/{decision.pk}/bewerken",
        Message("A draft decision has been made from your answers: check and complete it."),
    )


ROUTES = [
    Route("/register", register_page, name="register"),
    Route("/register/{id:int}", decision_page, name="decision"),
    Route("/register/{id:int}/bewerken", edit_decision_page, methods=["GET"]),
    Route("/register/{id:int}/bewerken", edit_decision, methods=["POST"]),
    Route("/register/{id:int}/{step}", move_decision, methods=["POST"]),
    Route("/gronden", grounds_page, name="grounds"),
    Route("/keuzehulp", questionnaire_page, methods=["GET"]),
    Route("/keuzehulp", questionnaire_answer, methods=["POST"]),
    Route("/software/{id:int}/besluit", new_decision_page, methods=["GET"]),
    Route("/software/{id:int}/besluit", new_decision, methods=["POST"]),
    Route("/software/{id:int}/besluit/keuzehulp", draft_from_answers, methods=["POST"]),
]
