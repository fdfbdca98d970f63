# SPDX-License-Identifier: EUPL-1.2
"""The API of the request files: a Woo-verzoek as the public sees it (that it exists, its case
number, dates, terms and decisions) and, for the organisation's publication officers only, its
requester and third parties; the writes of the request file; objection and appeal."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from catalogue.errors import Invalid, NotPermitted
from catalogue.messages import Message
from catalogue.organisations.queries import UnknownOrganisation, organisation_named
from catalogue.organisations.web import filter_problem
from catalogue.permissions.rules import Principal
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import EncodedResponse, found, json_body, path_id
from catalogue.web.params import parse_query
from catalogue.web.schemas import (
    API,
    STRING,
    Count,
    components,
    enum,
    input_object,
    one_of,
)
from wooexemptions import models, queries, requests
from wooexemptions.deadlines import Due
from wooexemptions.models import (
    AppealKind,
    AppealOutcome,
    Decision,
    RequestStatus,
    ThirdParty,
)

DATE = {"type": ["string", "null"], "format": "date"}


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class ThirdPartyAsked(msgspec.Struct, forbid_unknown_fields=True):
    """A third party asked for its view (zienswijze) on a request (art. 4.4 Woo)."""

    id: int
    name: Annotated[str, _described("Who, e.g. the supplier.")]
    asked_on: Annotated[date, _described("When it was asked for its view.")]
    answered_on: Annotated[
        date | None, _described("When its view came in, or its term for it passed.")
    ]
    view: Annotated[str, _described("Its view (zienswijze), in brief.")]
    objects: Annotated[
        bool,
        _described("It objects to disclosure: the information waits two weeks (art. 4.4 lid 5)."),
    ]


class Requester(msgspec.Struct, forbid_unknown_fields=True):
    """Who asked: private, for the organisation's publication officers only."""

    name: str
    email: str


class WooRequest(msgspec.Struct, forbid_unknown_fields=True):
    """A Woo request (Woo-verzoek) for software, with its term; its requester and third
    parties for the organisation's publication officers only."""

    id: int
    url: str
    zaaknummer: Annotated[str, _described("The organisation's case number.")]
    organisation: Annotated[str, _described("The organisation's slug.")]
    software: str | None
    subject: Annotated[str, _described("What is asked for, as made public.")]
    received_on: Annotated[date, _described("The day the request was received.")]
    # Its enum is written in place: RequestStatus names the body that sets it.
    status: Annotated[str, one_of(RequestStatus)]
    extended_on: Annotated[
        date | None, _described("When the extension by two weeks was notified (art. 4.4 lid 2).")
    ]
    deadline: Annotated[date, _described("The last day to decide (art. 4.4 Woo, Atw).")]
    due: Due
    suspended_days: Count
    requester: Annotated[
        Requester | None,
        _described("Private: for the organisation's publication officers only."),
    ]
    third_parties: list[ThirdPartyAsked]
    is_example: Annotated[bool, _described("Demo data, not a real request.")]


def request_resource(
    request: models.WooRequest, terms: queries.RequestTerms, *, officer: bool
) -> WooRequest:
    """A request as the public sees it; its requester and third parties for its officers only."""
    parties = list(request.third_parties) if officer else []
    return WooRequest(
        id=request.pk,
        url=f"{API}/requests/{request.pk}",
        zaaknummer=request.zaaknummer,
        organisation=request.organisation.slug,
        software=f"{API}/software/{request.software_id}" if request.software_id else None,
        # What a requester wrote on the public form may name them: for the officers only.
        subject=request.subject if officer or not request.from_public_form else "",
        received_on=request.received_on,
        status=request.status,
        extended_on=request.extended_on,
        deadline=terms.deadline,
        due=terms.due,
        suspended_days=terms.suspended_days,
        requester=(Requester(request.requester_name, request.requester_email) if officer else None),
        third_parties=[
            ThirdPartyAsked(p.pk, p.name, p.asked_on, p.answered_on, p.view, p.objects)
            for p in parties
        ],
        is_example=request.is_example,
    )


class Appeal(msgspec.Struct, forbid_unknown_fields=True):
    """A legal remedy against a decision (Awb): objection, appeal, further appeal or interim
    relief, and how it ended."""

    id: int
    decision: str
    kind: AppealKind
    lodged_on: Annotated[date, _described("When it was lodged.")]
    committee: Annotated[
        bool, _described("Bezwaar: an advisory committee hears it (12 weeks, art. 7:10 lid 1 Awb).")
    ]
    court: Annotated[str, _described("Which court, if any.")]
    outcome: AppealOutcome
    decided_on: Annotated[date | None, _described("When it was decided.")]
    ecli: Annotated[str, _described("The ruling's ECLI.")]
    summary: Annotated[str, _described("The outcome in brief, for the public.")]


def appeal_resource(appeal: models.Appeal) -> Appeal:
    return Appeal(
        id=appeal.pk,
        decision=f"{API}/decisions/{appeal.decision_id}",
        kind=appeal.kind,
        lodged_on=appeal.lodged_on,
        committee=appeal.committee,
        court=appeal.court,
        outcome=appeal.outcome,
        decided_on=appeal.decided_on,
        ecli=appeal.ecli,
        summary=appeal.summary,
    )


def _signed_in(principal: Principal) -> None:
    """Writes authenticate before they look anything up (no probing of ids)."""
    if not principal.signed_in:
        raise NotPermitted(Message("sign in to change a request file"), signed_in=False)


async def _request(request: Request, principal: Principal) -> models.WooRequest:
    request_id = path_id(request, "request")
    row = await models.WooRequest.get_or_none(id=request_id).prefetch_related(
        "third_parties", "organisation"
    )
    return found(row, f"there is no request with id {request_id}")


async def _answer(row: models.WooRequest, principal: Principal, status: int = 200) -> Response:
    fresh = await models.WooRequest.get(id=row.pk).prefetch_related("third_parties", "organisation")
    terms = queries.terms_of(fresh, list(fresh.third_parties), date.today())
    officer = queries.may_see_requesters(principal, fresh.organisation_id)
    return EncodedResponse(request_resource(fresh, terms, officer=officer), status_code=status)


def _day(body: dict[str, Any], key: str, errors: dict[str, str]) -> date:
    value = body.get(key)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else _missing(key, errors)
    except ValueError:
        errors[key] = Message("must be a date, YYYY-MM-DD")
        return date.min


def _missing(key: str, errors: dict[str, str]) -> date:
    errors[key] = Message("must be a date, YYYY-MM-DD")
    return date.min


def _text(body: dict[str, Any], key: str, errors: dict[str, str]) -> str:
    value = body.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[key] = Message("must be text")
        return ""
    return value


def _checked(errors: dict[str, str]) -> None:
    if errors:
        raise Invalid(errors)


async def get_request(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    return await _answer(await _request(request, principal), principal)


async def list_requests(request: Request) -> Response:
    """The open requests of the organisations the caller is a publication officer of."""
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    mine = {o for o, roles in principal.roles.items() if "publication_officer" in roles}
    terms = await queries.open_requests(mine, date.today())
    items = [request_resource(t.request, t, officer=True) for t in terms]
    return EncodedResponse({"items": items, "total": len(items)})


async def create_request(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    slug = request.path_params["slug"]
    try:
        organisation = await organisation_named(slug)
    except UnknownOrganisation as error:
        raise filter_problem("organisation", error) from None
    body = await json_body(request)
    errors: dict[str, str] = {}
    received = _day(body, "received_on", errors)
    zaaknummer, subject = _text(body, "zaaknummer", errors), _text(body, "subject", errors)
    name, email = _text(body, "requester_name", errors), _text(body, "requester_email", errors)
    software = body.get("software")
    if software is not None and (not isinstance(software, int) or isinstance(software, bool)):
        errors["software"] = Message("must be the id of a software entry")
    _checked(errors)
    row = await requests.record_request(
        principal=principal,
        organisation_id=organisation.pk,
        received_on=received,
        software_id=software,
        today=date.today(),
        zaaknummer=zaaknummer,
        subject=subject,
        requester_name=name,
        requester_email=email,
    )
    return await _answer(row, principal, 201)


async def extend_request(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    row = await _request(request, principal)
    body = await json_body(request)
    errors: dict[str, str] = {}
    notified = _day(body, "notified_on", errors)
    reason = _text(body, "reason", errors)
    _checked(errors)
    await requests.extend(
        principal=principal, request=row, notified_on=notified, reason=reason, today=date.today()
    )
    return await _answer(row, principal)


async def add_third_party(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    row = await _request(request, principal)
    body = await json_body(request)
    errors: dict[str, str] = {}
    asked = _day(body, "asked_on", errors)
    name = _text(body, "name", errors)
    _checked(errors)
    await requests.ask_third_party(
        principal=principal, request=row, name=name, asked_on=asked, today=date.today()
    )
    return await _answer(row, principal, 201)


async def third_party_view(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    party_id = path_id(request, "third party")
    party = found(await ThirdParty.get_or_none(id=party_id), f"there is no third party {party_id}")
    body = await json_body(request)
    errors: dict[str, str] = {}
    answered = _day(body, "answered_on", errors)
    view = _text(body, "view", errors)
    objects = body.get("objects", False)
    if not isinstance(objects, bool):
        errors["objects"] = Message("must be true or false")
    _checked(errors)
    await requests.third_party_answered(
        principal=principal, party=party, answered_on=answered, view=view,
        objects=objects, today=date.today(),
    )  # fmt: skip
    return await _answer(await models.WooRequest.get(id=party.request_id), principal)


async def attach_decision(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    row = await _request(request, principal)
    body = await json_body(request)
    decision_id = body.get("decision")
    if not isinstance(decision_id, int) or isinstance(decision_id, bool):
        raise Invalid({"decision": Message("must be the id of a decision")})
    visible = await queries.decision_for(principal, decision_id)
    decision = found(visible, f"there is no decision with id {decision_id} that you may see")
    await requests.attach_decision(principal=principal, request=row, decision=decision)
    return await _answer(row, principal)


async def close_request(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    row = await _request(request, principal)
    body = await json_body(request)
    try:
        status = RequestStatus(str(body.get("status")))
    except ValueError:
        raise Invalid({"status": Message("must be one of: decided, withdrawn, open")}) from None
    await requests.close(principal=principal, request=row, status=status)
    return await _answer(row, principal)


async def _decision(request: Request, principal: Principal) -> Decision:
    decision_id = path_id(request, "decision")
    return found(
        await queries.decision_for(principal, decision_id),
        f"there is no decision with id {decision_id} that you may see",
    )


async def list_appeals(request: Request) -> Response:
    parse_query(request.query_params, ())
    decision = await _decision(request, await bearer_principal(request))
    items = [appeal_resource(a) for a in await queries.appeals_of(decision.pk)]
    return EncodedResponse({"items": items, "total": len(items)})


async def lodge_appeal(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    decision = await _decision(request, principal)
    body = await json_body(request)
    errors: dict[str, str] = {}
    lodged = _day(body, "lodged_on", errors)
    court = _text(body, "court", errors)
    committee = body.get("committee", False)
    if not isinstance(committee, bool):
        errors["committee"] = Message("must be true or false")
    try:
        kind = AppealKind(str(body.get("kind")))
    except ValueError:
        errors["kind"] = Message(
            "must be one of: %(choices)s", choices=", ".join(k.value for k in AppealKind)
        )
        kind = AppealKind.BEZWAAR
    _checked(errors)
    appeal = await requests.lodge_appeal(
        principal=principal, decision=decision, kind=kind, lodged_on=lodged,
        today=date.today(), committee=committee, court=court,
    )  # fmt: skip
    return EncodedResponse(appeal_resource(appeal), status_code=201)


async def decide_appeal(request: Request) -> Response:
    principal = await bearer_principal(request)
    _signed_in(principal)
    appeal_id = path_id(request, "appeal")
    appeal = found(await models.Appeal.get_or_none(id=appeal_id), f"there is no appeal {appeal_id}")
    body = await json_body(request)
    errors: dict[str, str] = {}
    decided = _day(body, "decided_on", errors)
    try:
        outcome = AppealOutcome(str(body.get("outcome")))
    except ValueError:
        errors["outcome"] = Message(
            "must be one of: %(choices)s", choices=", ".join(o.value for o in AppealOutcome)
        )
        outcome = AppealOutcome.PENDING
    texts = {k: _text(body, k, errors) for k in ("ecli", "summary")}
    _checked(errors)
    changed = await requests.decide_appeal(
        principal=principal, appeal=appeal, outcome=outcome, decided_on=decided,
        today=date.today(), **texts,
    )  # fmt: skip
    return EncodedResponse(appeal_resource(changed))


SCHEMAS = {
    **components(WooRequest, Appeal),
    "WooRequestInput": input_object(
        {
            "zaaknummer": STRING,
            "received_on": {"type": "string", "format": "date"},
            "subject": STRING,
            "requester_name": STRING,
            "requester_email": STRING,
            "software": {"type": ["integer", "null"]},
        },
        required=("zaaknummer", "received_on"),
        closed=False,
    ),
    "Extension": input_object(
        {"notified_on": {"type": "string", "format": "date"}, "reason": STRING},
        required=("notified_on", "reason"),
        closed=False,
    ),
    "ThirdPartyInput": input_object(
        {"name": STRING, "asked_on": {"type": "string", "format": "date"}},
        required=("name", "asked_on"),
        closed=False,
    ),
    "ThirdPartyView": input_object(
        {
            "answered_on": {"type": "string", "format": "date"},
            "view": STRING,
            "objects": {"type": "boolean"},
        },
        required=("answered_on",),
        closed=False,
    ),
    "Deelbesluit": input_object(
        {"decision": {"type": "integer"}}, required=("decision",), closed=False
    ),
    "RequestStatus": input_object(
        {"status": enum(RequestStatus)}, required=("status",), closed=False
    ),
    "AppealInput": input_object(
        {
            "kind": enum(AppealKind),
            "lodged_on": {"type": "string", "format": "date"},
            "committee": {"type": "boolean"},
            "court": STRING,
        },
        required=("kind", "lodged_on"),
        closed=False,
    ),
    "AppealDecision": input_object(
        {
            "outcome": enum(AppealOutcome),
            "decided_on": {"type": "string", "format": "date"},
            "ecli": STRING,
            "summary": STRING,
        },
        required=("outcome", "decided_on"),
        closed=False,
    ),
}


def _write(
    method: str,
    path: str,
    op: str,
    summary: str,
    handler: Any,
    schema: str,
    body: str,
    status: int = 200,
) -> Endpoint:
    return Endpoint(
        method=method,
        path=path,
        operation_id=op,
        summary=summary,
        handler=handler,
        schema=schema,
        body=body,
        status=status,
        errors=WRITE_ERRORS,
        secured=True,
    )


ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/requests",
        operation_id="listRequests",
        summary="Open Woo requests of your organisations, with their terms (officers only)",
        handler=list_requests,
        schema="WooRequest",
        is_list=True,
        errors=(400, 401),
        secured=True,
    ),
    Endpoint(
        method="GET",
        path="/requests/{id}",
        operation_id="getRequest",
        summary="A Woo request: its case number and terms (the requester: its officers only)",
        handler=get_request,
        schema="WooRequest",
        errors=(400, 401),
    ),
    _write(
        "POST",
        "/organisations/{slug}/requests",
        "recordRequest",
        "Record a Woo request received by the organisation",
        create_request,
        "WooRequest",
        "WooRequestInput",
        201,
    ),
    _write(
        "POST",
        "/requests/{id}/extend",
        "extendRequest",
        "Extend the term by two weeks, once (art. 4.4 lid 2 Woo)",
        extend_request,
        "WooRequest",
        "Extension",
    ),
    _write(
        "POST",
        "/requests/{id}/third-parties",
        "askThirdParty",
        "Ask a third party for its view (art. 4:8 Awb): the term stands still",
        add_third_party,
        "WooRequest",
        "ThirdPartyInput",
        201,
    ),
    _write(
        "POST",
        "/third-parties/{id}/view",
        "recordThirdPartyView",
        "A third party's view came in, or its term passed: the term runs again",
        third_party_view,
        "WooRequest",
        "ThirdPartyView",
    ),
    _write(
        "POST",
        "/requests/{id}/decisions",
        "attachDeelbesluit",
        "Record a decision version as a (deel)besluit on the request",
        attach_decision,
        "WooRequest",
        "Deelbesluit",
    ),
    _write(
        "POST",
        "/requests/{id}/status",
        "closeRequest",
        "Mark the request decided, withdrawn, or open again",
        close_request,
        "WooRequest",
        "RequestStatus",
    ),
    Endpoint(
        method="GET",
        path="/decisions/{id}/appeals",
        operation_id="listAppeals",
        summary="Objection and appeal against a decision version",
        handler=list_appeals,
        schema="Appeal",
        is_list=True,
        errors=(400, 401),
    ),
    _write(
        "POST",
        "/decisions/{id}/appeals",
        "lodgeAppeal",
        "Record bezwaar, beroep, hoger beroep or a voorlopige voorziening",
        lodge_appeal,
        "Appeal",
        "AppealInput",
        201,
    ),
    _write(
        "POST",
        "/appeals/{id}/decision",
        "decideAppeal",
        "Record how a bezwaar, appeal or voorlopige voorziening ended",
        decide_appeal,
        "Appeal",
        "AppealDecision",
    ),
)
