# SPDX-License-Identifier: EUPL-1.2
"""The API of the decision register: the Woo grounds, the public register, each decision with
its history, the writes of the state machine, and the guided questionnaire."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.errors import Invalid
from catalogue.messages import Message
from catalogue.organisations.queries import UnknownOrganisation
from catalogue.organisations.web import filter_problem
from catalogue.permissions.rules import Principal
from catalogue.software.web.api import software_or_404
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint, Handler
from catalogue.web.http import (
    EncodedResponse,
    found,
    json_body,
    page_request,
    page_response,
    path_id,
)
from catalogue.web.params import PAGE, PER_PAGE, Param, parse_query, slug_param, year_param
from catalogue.web.schemas import (
    API,
)
from wooexemptions import queries, questionnaire, services
from wooexemptions.content import ContentError, parse
from wooexemptions.grounds import grounds
from wooexemptions.models import Decision
from wooexemptions.rules import Outcome
from wooexemptions.states import STEPS, Step
from wooexemptions.web.representations import (
    decision_brief,
    decision_resource,
    ground_resource,
    recommendation_json,
)

REGISTER_PARAMS = (
    slug_param("organisation", "Slug of the deciding organisation."),
    Param("ground", "Woo ground code applied, e.g. woo-5.1.2.d.", max_length=30),
    Param("outcome", "Outcome of the decision.", choices=tuple(o.value for o in Outcome)),
    year_param("year", "Year of the decision date."),
    Param("history", "Also superseded and withdrawn versions (true).", "boolean"),
    PAGE,
    PER_PAGE,
)


async def ground_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    items = [ground_resource(g) for g in grounds()]
    return EncodedResponse({"items": items, "total": len(items)})


async def register_filters(values: dict[str, Any]) -> queries.RegisterFilters:
    """The register's filters, from the values of REGISTER_PARAMS; a 400 problem when the
    organisation names none."""
    try:
        return await queries.register_filters(values)
    except UnknownOrganisation as error:
        raise filter_problem("organisation", error) from None


async def decision_list(request: Request) -> Response:
    values = parse_query(request.query_params, REGISTER_PARAMS)
    page = await queries.register(await register_filters(values), page_request(values))
    return page_response(request, page, [decision_brief(d) for d in page.items])


async def decision_or_404(request: Request, principal: Principal) -> Decision:
    """The decision the path names, if the principal may see it (else a 404)."""
    decision_id = path_id(request, "decision")
    return found(
        await queries.decision_for(principal, decision_id),
        f"there is no decision with id {decision_id} that you may see",
    )


async def decision_item(request: Request) -> Response:
    parse_query(request.query_params, ())
    return EncodedResponse(
        decision_resource(await decision_or_404(request, await bearer_principal(request)))
    )


async def software_decisions(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    software = await software_or_404(request)
    versions = await queries.history(principal, software.pk, software.organisation_id)
    for version in versions:
        version.software, version.organisation = software, software.organisation
    items = [decision_resource(v) for v in versions]
    return EncodedResponse({"items": items, "total": len(items)})


def _content(body: dict[str, Any]) -> Any:
    try:
        return parse(body)
    except ContentError as error:
        raise Invalid(error.errors) from None


async def create_decision(request: Request) -> Response:
    principal = await bearer_principal(request)
    software = await software_or_404(request)
    body = await json_body(request)
    decision = await services.start_draft(
        principal=principal,
        software=software,
        content=_content(body),
        advisers=str(body.get("advisers") or ""),
        today=date.today(),
    )
    return await _answer(decision, principal, 201)


async def _answer(decision: Decision, principal: Principal, status: int = 200) -> Response:
    fresh = await queries.decision_for(principal, decision.pk)
    assert fresh is not None
    headers = {"Location": f"{API}/decisions/{decision.pk}"} if status == 201 else None
    return EncodedResponse(decision_resource(fresh), status_code=status, headers=headers)


def body_lock(body: dict[str, Any]) -> int:
    """The lock_version a JSON body sends, as read with the decision."""
    value = body.get("lock_version")
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid({"lock_version": "send the lock_version of the decision you read"})
    return value


async def update_decision(request: Request) -> Response:
    principal = await bearer_principal(request)
    decision = await decision_or_404(request, principal)
    body = await json_body(request)
    stored = services.stored_content(decision)
    unknown = sorted(set(body) - {*stored, "advisers", "lock_version"})
    if unknown:
        refusal = Message("is not a field of a decision that can be set")
        raise Invalid({str(key)[:60]: refusal for key in unknown[:20]})
    lock_version = body_lock(body)
    changes = {key: value for key, value in body.items() if key in stored}
    advisers = body.get("advisers", decision.advisers) or ""
    if not isinstance(advisers, str):
        raise Invalid({"advisers": Message("must be text")})
    changed = await services.update_draft(
        principal=principal,
        decision=decision,
        content=_content({**stored, **changes}),
        advisers=advisers,
        lock_version=lock_version,
        today=date.today(),
    )
    return await _answer(changed, principal)


def _transition(step: Step) -> Handler:
    async def handler(request: Request) -> Response:
        principal = await bearer_principal(request)
        decision = await decision_or_404(request, principal)
        body = await json_body(request)
        moved = await apply(step, principal, decision, body)
        return await _answer(moved, principal, 201 if step.new_version else 200)

    handler.__name__ = step.name
    return handler


async def apply(
    step: Step, principal: Principal, decision: Decision, body: dict[str, Any]
) -> Decision:
    """Take `step` with what the body gives: its lock_version (a step based on what was read),
    its reason and the date of the next review, where the step's row in the table asks."""
    if step.name == "revise":
        return await services.revise(principal=principal, decision=decision)
    arguments: dict[str, Any] = {"principal": principal, "decision": decision}
    arguments["lock_version"] = body_lock(body)
    if step.reason is not None:
        arguments["reason"] = str(body.get("reason") or "")
    if step.review_date:
        review = {"outcome": "open", "review_on": body.get("review_on")}
        arguments["review_on"] = _content(review).review_on
    if step.name in ("publish", "confirm", "submit"):
        arguments["today"] = date.today()
    take: Callable[..., Awaitable[Decision]] = getattr(services, step.name)
    return await take(**arguments)


async def question_list(request: Request) -> Response:
    parse_query(request.query_params, ())
    items = [
        {
            "id": q.id,
            "text_nl": q.text_nl,
            "text_en": q.text_en,
            "help_nl": q.help_nl,
            "help_en": q.help_en,
        }
        for q in questionnaire.QUESTIONS
    ]
    return JSONResponse({"items": items, "total": len(items)})


def _recommend(body: dict[str, Any]) -> questionnaire.Recommendation:
    answers = body.get("answers")
    if not isinstance(answers, dict):
        raise Invalid({"answers": "send an object of question id → yes, no or unsure"})
    try:
        return questionnaire.recommend(answers)
    except ValueError as error:
        raise Invalid({"answers": str(error)}) from None


async def recommend(request: Request) -> Response:
    parse_query(request.query_params, ())
    return JSONResponse(recommendation_json(_recommend(await json_body(request))))


async def draft_from_answers(request: Request) -> Response:
    principal = await bearer_principal(request)
    software = await software_or_404(request)
    found = _recommend(await json_body(request))
    content = questionnaire.draft_from(found, software_name=software.name, decided_on=date.today())
    decision = await services.start_draft(principal=principal, software=software, content=content)
    return await _answer(decision, principal, 201)


ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/grounds",
        operation_id="listGrounds",
        summary="The Woo grounds (articles 5.1 and 5.2) a decision may apply",
        handler=ground_list,
        schema="Ground",
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/decisions",
        operation_id="listDecisions",
        summary="The public register of release decisions",
        handler=decision_list,
        schema="DecisionBrief",
        params=REGISTER_PARAMS,
        is_list=True,
    ),
    Endpoint(
        method="GET",
        path="/decisions/{id}",
        operation_id="getDecision",
        summary="One version of a decision (drafts: the organisation's officers only)",
        handler=decision_item,
        schema="Decision",
        errors=(400, 401),
    ),
    Endpoint(
        method="GET",
        path="/software/{id}/decisions",
        operation_id="listSoftwareDecisions",
        summary="Every version of the decision on a software entry, newest first",
        handler=software_decisions,
        schema="Decision",
        is_list=True,
        errors=(400, 401),
    ),
    Endpoint(
        method="POST",
        path="/software/{id}/decisions",
        operation_id="draftDecision",
        summary="Start a draft decision on the software",
        handler=create_decision,
        schema="Decision",
        body="DecisionInput",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="PATCH",
        path="/decisions/{id}",
        operation_id="updateDecision",
        summary="Change a draft",
        handler=update_decision,
        schema="Decision",
        body="DecisionChanges",
        errors=WRITE_ERRORS,
        secured=True,
    ),
    *(
        Endpoint(
            method="POST",
            path=f"/decisions/{{id}}/{step.name}",
            operation_id=f"{step.name}Decision",
            summary=step.summary,
            handler=_transition(step),
            schema="Decision",
            body="Transition",
            status=201 if step.new_version else 200,
            errors=WRITE_ERRORS,
            secured=True,
        )
        for step in STEPS
    ),
    Endpoint(
        method="GET",
        path="/questionnaire",
        operation_id="listQuestions",
        summary="The questions of the guided 'open, tenzij' questionnaire",
        handler=question_list,
        schema="Question",
        is_list=True,
    ),
    Endpoint(
        method="POST",
        path="/questionnaire",
        operation_id="recommend",
        summary="Recommend an outcome, candidate grounds and actions from answers",
        handler=recommend,
        schema="Recommendation",
        body="Answers",
        errors=(400, 413, 415, 422),
    ),
    Endpoint(
        method="POST",
        path="/software/{id}/decisions/from-questionnaire",
        operation_id="draftDecisionFromAnswers",
        summary="Start a draft decision pre-filled from questionnaire answers",
        handler=draft_from_answers,
        schema="Decision",
        body="Answers",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
)
