# SPDX-License-Identifier: EUPL-1.2
"""Writes of the request file: a Woo-verzoek with its statutory terms, the third parties asked
for their view, the decisions taken on it (deelbesluiten), and objection and appeal against a
decision. Every write needs a publication officer of the organisation and is an audit event;
no audit event carries the requester's name or address.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.errors import Conflict, Invalid
from catalogue.messages import Message
from catalogue.permissions.guard import require_role
from catalogue.permissions.rules import Principal, Role
from wooexemptions import deadlines
from wooexemptions.models import (
    Appeal,
    AppealKind,
    AppealOutcome,
    Decision,
    RequestStatus,
    ThirdParty,
    WooRequest,
)
from wooexemptions.rules import Basis
from wooexemptions.states import DecisionState

MAX_LINE, MAX_TEXT = 200, 10_000
_REFUSAL = Message("requests: only a publication officer of the organisation may do this")
# Outcomes by remedy: a voorlopige voorziening is granted or refused, the others end as a case.
_OUTCOMES = {
    AppealKind.VOORLOPIGE_VOORZIENING: frozenset(
        {AppealOutcome.GRANTED, AppealOutcome.REFUSED, AppealOutcome.WITHDRAWN}
    ),
}
_CASE_OUTCOMES = frozenset(
    {
        AppealOutcome.UPHELD,
        AppealOutcome.REJECTED,
        AppealOutcome.INADMISSIBLE,
        AppealOutcome.WITHDRAWN,
    }
)


async def _officer(principal: Principal, organisation_id: int, target: tuple[str, str]) -> None:
    await require_role(
        principal,
        Role.PUBLICATION_OFFICER,
        organisation_id,
        target=target,
        tag="requests",
        refusal=_REFUSAL,
    )


async def _record(
    principal: Principal, action: Action, target: Any, org: int, **after: Any
) -> None:
    """An audit event with the public facts only: never the requester."""
    await record_event(
        actor=principal.actor,
        action=action,
        target=target,
        organisation_id=org,
        before=None,
        after=after,
    )


def _line(value: str, field: str, errors: dict[str, str], *, required: bool = False) -> str:
    text = " ".join(value.split())
    if required and not text:
        errors[field] = Message("Fill in this field.")
    elif len(text) > MAX_LINE:
        errors[field] = Message(
            "Shorten this text to at most %(limit)s characters.", limit=MAX_LINE
        )
    return text


def _not_after(day: date, today: date, field: str, errors: dict[str, str]) -> None:
    if day > today:
        errors[field] = Message("This date cannot be in the future.")


async def record_request(
    *,
    principal: Principal,
    organisation_id: int,
    zaaknummer: str,
    received_on: date,
    subject: str,
    requester_name: str,
    requester_email: str,
    software_id: int | None = None,
    today: date,
    is_example: bool = False,
) -> WooRequest:
    """A request received by the organisation, with its case number (unique per organisation)."""
    await _officer(principal, organisation_id, ("Organisation", str(organisation_id)))
    return await store_request(
        actor=principal.actor,
        organisation_id=organisation_id,
        zaaknummer=zaaknummer,
        received_on=received_on,
        subject=subject,
        requester_name=requester_name,
        requester_email=requester_email,
        software_id=software_id,
        today=today,
        is_example=is_example,
    )


async def store_request(
    *,
    actor: str,
    organisation_id: int,
    zaaknummer: str,
    received_on: date,
    subject: str,
    requester_name: str,
    requester_email: str,
    software_id: int | None,
    today: date,
    from_public_form: bool = False,
    is_example: bool = False,
) -> WooRequest:
    """Store a request, checked; the caller has established who may (an officer, or the public
    form with its throttle)."""
    errors: dict[str, str] = {}
    zaak = _line(zaaknummer, "zaaknummer", errors, required=True)
    name = _line(requester_name, "requester_name", errors)
    email = _line(requester_email, "requester_email", errors)
    if email and ("@" not in email or " " in email):
        errors["requester_email"] = Message("Give an e-mail address, such as naam@example.nl.")
    if len(subject) > MAX_TEXT:
        errors["subject"] = Message(
            "Shorten this text to at most %(limit)s characters.", limit=MAX_TEXT
        )
    _not_after(received_on, today, "received_on", errors)
    if errors:
        raise Invalid(errors)
    try:
        async with in_transaction():
            request = await WooRequest.create(
                organisation_id=organisation_id,
                software_id=software_id,
                zaaknummer=zaak,
                subject=subject.strip(),
                received_on=received_on,
                requester_name=name,
                requester_email=email,
                from_public_form=from_public_form,
                is_example=is_example,
            )
            await record_event(
                actor=actor,
                action=Action.REQUEST_CREATE,
                target=request,
                organisation_id=organisation_id,
                before=None,
                after={"zaaknummer": zaak, "received_on": received_on.isoformat()},
            )
    except IntegrityError:
        raise Conflict(
            Message("the organisation already has a request with this case number")
        ) from None
    return request


async def extend(
    *, principal: Principal, request: WooRequest, notified_on: date, reason: str, today: date
) -> WooRequest:
    """Extend the term by two weeks, once, notified before the first term ended (4.4 lid 2)."""
    await _officer(principal, request.organisation_id, ("WooRequest", str(request.pk)))
    errors: dict[str, str] = {}
    if request.extended_on is not None:
        raise Conflict(Message("the term of this request was extended already: only once"))
    if notified_on > deadlines.first_deadline(request.received_on):
        errors["notified_on"] = Message(
            "An extension must be notified before the first four weeks end (art. 4.4 lid 2 "
            "Woo): on or before %(day)s.",
            day=deadlines.first_deadline(request.received_on).isoformat(),
        )
    _not_after(notified_on, today, "notified_on", errors)
    if not reason.strip():
        errors["reason"] = Message("Say why the size or complexity of the information needs it.")
    if errors:
        raise Invalid(errors)
    request.extended_on, request.extension_reason = notified_on, reason.strip()[:MAX_TEXT]
    await request.save(update_fields=["extended_on", "extension_reason"])
    await _record(
        principal, Action.REQUEST_UPDATE, request, request.organisation_id,
        extended_on=notified_on.isoformat(),
    )  # fmt: skip
    return request


async def ask_third_party(
    *, principal: Principal, request: WooRequest, name: str, asked_on: date, today: date
) -> ThirdParty:
    """A third party asked for its view (art. 4:8 Awb): the term stands still from then."""
    await _officer(principal, request.organisation_id, ("WooRequest", str(request.pk)))
    errors: dict[str, str] = {}
    who = _line(name, "name", errors, required=True)
    _not_after(asked_on, today, "asked_on", errors)
    if asked_on < request.received_on:
        errors["asked_on"] = Message("A third party is asked after the request was received.")
    if errors:
        raise Invalid(errors)
    party = await ThirdParty.create(request=request, name=who, asked_on=asked_on)
    await _record(
        principal, Action.REQUEST_UPDATE, request, request.organisation_id,
        third_party=who, asked_on=asked_on.isoformat(),
    )  # fmt: skip
    return party


async def third_party_answered(
    *,
    principal: Principal,
    party: ThirdParty,
    answered_on: date,
    view: str,
    objects: bool,
    today: date,
) -> ThirdParty:
    """The third party's view came in (or its term passed): the term runs again."""
    request = await WooRequest.get(id=party.request_id)
    await _officer(principal, request.organisation_id, ("WooRequest", str(request.pk)))
    errors: dict[str, str] = {}
    _not_after(answered_on, today, "answered_on", errors)
    if answered_on < party.asked_on:
        errors["answered_on"] = Message("A view comes in after it was asked for.")
    if errors:
        raise Invalid(errors)
    party.answered_on, party.view, party.objects = answered_on, view.strip()[:MAX_TEXT], objects
    await party.save(update_fields=["answered_on", "view", "objects"])
    await _record(
        principal, Action.REQUEST_UPDATE, request, request.organisation_id,
        third_party=party.name, answered_on=answered_on.isoformat(), objects=objects,
    )  # fmt: skip
    return party


async def attach_decision(
    *, principal: Principal, request: WooRequest, decision: Decision
) -> Decision:
    """Record a draft as a (deel)besluit on the request: its basis becomes the request, so the
    rules of a decision on a request apply to it (a published version is never edited)."""
    await _officer(principal, request.organisation_id, ("WooRequest", str(request.pk)))
    if decision.organisation_id != request.organisation_id:
        raise Invalid({"decision": Message("The decision is of another organisation.")})
    changed = await Decision.filter(id=decision.pk, state=DecisionState.DRAFT).update(
        request_id=request.pk, basis=Basis.REQUEST, lock_version=F("lock_version") + 1
    )
    if not changed:
        raise Conflict(Message("only a draft is recorded as a decision on a request"))
    await _record(
        principal, Action.REQUEST_UPDATE, request, request.organisation_id,
        decision=decision.pk,
    )  # fmt: skip
    return await Decision.get(id=decision.pk)


async def close(*, principal: Principal, request: WooRequest, status: RequestStatus) -> WooRequest:
    """Mark a request decided (every part) or withdrawn by the requester."""
    await _officer(principal, request.organisation_id, ("WooRequest", str(request.pk)))
    request.status = status
    await request.save(update_fields=["status"])
    await _record(
        principal, Action.REQUEST_UPDATE, request, request.organisation_id, status=status.value
    )
    return request


async def lodge_appeal(
    *,
    principal: Principal,
    decision: Decision,
    kind: AppealKind,
    lodged_on: date,
    today: date,
    committee: bool = False,
    court: str = "",
) -> Appeal:
    """Record bezwaar, beroep, hoger beroep or a request for a voorlopige voorziening against a
    decision that was made known."""
    await _officer(principal, decision.organisation_id, ("Decision", str(decision.pk)))
    errors: dict[str, str] = {}
    where = _line(court, "court", errors)
    _not_after(lodged_on, today, "lodged_on", errors)
    if decision.made_known_on is None:
        errors["decision"] = Message("Record when the decision was made known first.")
    elif lodged_on < decision.made_known_on:
        errors["lodged_on"] = Message("A remedy is lodged after the decision was made known.")
    if errors:
        raise Invalid(errors)
    appeal = await Appeal.create(
        decision=decision, kind=kind, lodged_on=lodged_on, committee=committee, court=where
    )
    await _record(
        principal, Action.APPEAL_LODGE, appeal, decision.organisation_id,
        decision=decision.pk, kind=kind.value, lodged_on=lodged_on.isoformat(),
    )  # fmt: skip
    return appeal


async def decide_appeal(
    *,
    principal: Principal,
    appeal: Appeal,
    outcome: AppealOutcome,
    decided_on: date,
    today: date,
    ecli: str = "",
    summary: str = "",
) -> Appeal:
    """Record how a remedy ended. An upheld bezwaar or appeal is carried out by a new version
    of the decision that links to it (wooexemptions.services.revise, follows_appeal)."""
    decision = await Decision.get(id=appeal.decision_id)
    await _officer(principal, decision.organisation_id, ("Appeal", str(appeal.pk)))
    errors: dict[str, str] = {}
    allowed = _OUTCOMES.get(appeal.kind, _CASE_OUTCOMES)
    if outcome not in allowed:
        errors["outcome"] = Message(
            "Choose one of: %(choices)s.", choices=", ".join(sorted(o.value for o in allowed))
        )
    _not_after(decided_on, today, "decided_on", errors)
    if decided_on < appeal.lodged_on:
        errors["decided_on"] = Message("A remedy is decided after it was lodged.")
    code = ecli.strip()
    if code and not code.upper().startswith("ECLI:NL:"):
        errors["ecli"] = Message("Give the ECLI, e.g. ECLI:NL:RVS:2025:4814.")
    if errors:
        raise Invalid(errors)
    appeal.outcome, appeal.decided_on = outcome, decided_on
    appeal.ecli, appeal.summary = code.upper()[:80], summary.strip()[:MAX_TEXT]
    await appeal.save(update_fields=["outcome", "decided_on", "ecli", "summary"])
    await _record(
        principal, Action.APPEAL_DECIDE, appeal, decision.organisation_id,
        decision=decision.pk, outcome=outcome.value, ecli=appeal.ecli,
    )  # fmt: skip
    return appeal
