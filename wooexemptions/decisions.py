# SPDX-License-Identifier: EUPL-1.2
"""Writes of the decision register: the state machine of a decision's versions.

    draft → submitted → approved → published → review_due → confirmed (a new published
    version) | revised (a new draft version) | withdrawn

A rejection sends a submission back to draft with a reason. The approver is a publication
officer of the organisation and not the decider (four eyes). Published versions are never
edited; every transition is an audit event. Each write names the `lock_version` it was based
on: of two officers approving at once, exactly one wins and the other gets a Conflict.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.errors import Conflict, Invalid, NotPermitted
from catalogue.events import Action, record_event
from catalogue.licences import normalise
from catalogue.messages import Message
from catalogue.models import ReleaseStatus, Software
from catalogue.permissions import Permission, Principal
from catalogue.registration import require
from catalogue.users import Role
from wooexemptions import rules
from wooexemptions.content import items_json, parse
from wooexemptions.models import Decision, DecisionGround, DecisionState
from wooexemptions.rules import DecisionContent

MAX_TEXT = 10_000


def content_of(decision: Decision) -> DecisionContent:
    """The content of a stored version, in the shape the rules check."""
    return parse(
        {
            "outcome": decision.outcome.value,
            "items": decision.items,
            "licence": decision.licence,
            "open_later_date": decision.open_later_date,
            "open_later_trigger": decision.open_later_trigger,
            "decided_on": decision.decided_on,
            "review_on": decision.review_on,
            "summary": decision.summary,
        }
    )


def stored_fields(content: DecisionContent) -> dict[str, Any]:
    return {
        "outcome": content.outcome,
        "items": items_json(content.items),
        "licence": normalise(content.licence).expression if content.licence else None,
        "open_later_date": content.open_later_date,
        "open_later_trigger": content.open_later_trigger,
        "decided_on": content.decided_on,
        "review_on": content.review_on,
        "summary": content.summary,
    }


def _reason(text: str, *, ask: Message) -> str:
    """The reason a step needs, trimmed; Invalid asking for it when it is empty."""
    if not text.strip():
        raise Invalid({"reason": ask})
    return text.strip()[:MAX_TEXT]


def _either(states: list[Message]) -> Message:
    """ "draft", "published or review due"."""
    if len(states) == 1:
        return states[0]
    return Message("%(first)s or %(second)s", first=states[0], second=_either(states[1:]))


def _checked(content: DecisionContent, *, complete: bool) -> None:
    errors = rules.check(content, complete=complete)
    if errors:
        raise Invalid(errors)


# Each step only an officer takes, and the refusal that names it.
_OFFICERS_ONLY = {
    "submit": Message("submit: only a publication officer of the organisation may do this"),
    "reject": Message("reject: only a publication officer of the organisation may do this"),
    "approve": Message("approve: only a publication officer of the organisation may do this"),
    "publish": Message("publish: only a publication officer of the organisation may do this"),
    "confirm": Message("confirm: only a publication officer of the organisation may do this"),
    "withdraw": Message("withdraw: only a publication officer of the organisation may do this"),
}
# The states as a refusal names them.
_STATE_NAMES = {
    DecisionState.DRAFT: Message("draft"),
    DecisionState.SUBMITTED: Message("submitted"),
    DecisionState.APPROVED: Message("approved"),
    DecisionState.PUBLISHED: Message("published"),
    DecisionState.REVIEW_DUE: Message("review due"),
    DecisionState.SUPERSEDED: Message("superseded"),
    DecisionState.WITHDRAWN: Message("withdrawn"),
}


async def _require_officer(principal: Principal, decision: Decision, doing: str) -> None:
    """Deciding and approving are for the organisation's publication officers themselves (a
    site administrator may draft, not decide); a refusal is an audit event."""
    organisation_id: int = decision.organisation_id  # type: ignore[attr-defined]
    target = ("Decision", str(decision.pk))
    await require(principal, Permission.DECIDE, organisation_id, target=target)
    if Role.PUBLICATION_OFFICER in principal.roles.get(organisation_id, frozenset()):
        return
    await record_event(
        actor=principal.actor,
        action=Action.WRITE_REFUSE,
        target=target,
        organisation_id=organisation_id,
        after={"permission": f"{Permission.DECIDE.value}:{doing}"},
    )
    raise NotPermitted(_OFFICERS_ONLY[doing], signed_in=principal.signed_in)


async def record(
    principal_or_actor: Principal | str,
    action: Action,
    decision: Decision,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    actor = principal_or_actor if isinstance(principal_or_actor, str) else principal_or_actor.actor
    await record_event(
        actor=actor,
        action=action,
        target=decision,
        organisation_id=decision.organisation_id,  # type: ignore[attr-defined]
        before=before,
        after={"software": decision.software_id, "version": decision.version, **after},  # type: ignore[attr-defined]
    )


async def set_grounds(decision: Decision, content: DecisionContent) -> None:
    await DecisionGround.filter(decision=decision).delete()
    await DecisionGround.bulk_create(
        [DecisionGround(decision=decision, code=code) for code in rules.applied_grounds(content)]
    )


async def start_draft(
    *,
    principal: Principal,
    software: Software,
    content: DecisionContent,
    advisers: str = "",
    is_example: bool = False,
) -> Decision:
    """A first (or next) version of the decision on `software`, as a draft."""
    organisation_id = software.organisation_id  # type: ignore[attr-defined]
    await require(
        principal, Permission.DECIDE, organisation_id, target=("Software", str(software.pk))
    )
    _checked(content, complete=False)
    async with in_transaction():
        if await Decision.filter(software=software, state__in=OPEN_STATES).exists():
            raise Conflict(
                Message("this software already has a decision being prepared: edit that one")
            )
        current = await in_force(software.pk)
        decision = await Decision.create(
            software=software,
            organisation_id=organisation_id,
            version=await next_version(software.pk),
            drafted_by_id=principal.user_id,
            advisers=advisers[:MAX_TEXT],
            supersedes=current,
            is_example=is_example,
            **stored_fields(content),
        )
        await set_grounds(decision, content)
        await record(principal, Action.DECISION_DRAFT, decision, None, summary_of(decision))
    return decision


OPEN_STATES = (DecisionState.DRAFT, DecisionState.SUBMITTED, DecisionState.APPROVED)


async def next_version(software_id: int) -> int:
    last = await Decision.filter(software_id=software_id).order_by("-version").first()
    return (last.version if last else 0) + 1


async def in_force(software_id: int) -> Decision | None:
    """The version of the software's decision that is in force, if any."""
    return await Decision.filter(
        software_id=software_id, state__in=[DecisionState.PUBLISHED, DecisionState.REVIEW_DUE]
    ).first()


def summary_of(decision: Decision) -> dict[str, Any]:
    return {
        "state": decision.state.value,
        "outcome": decision.outcome.value,
        "grounds": sorted({g["code"] for i in decision.items for g in i.get("grounds", [])}),
    }


async def move(
    decision: Decision,
    *,
    lock_version: int,
    states: tuple[DecisionState, ...],
    to: DecisionState,
    **changes: Any,
) -> Decision:
    """Move `decision` from one of `states` to `to`, unless someone else wrote it first."""
    moved = await Decision.filter(
        id=decision.pk, lock_version=lock_version, state__in=list(states)
    ).update(state=to, lock_version=lock_version + 1, updated_at=_now(), **changes)
    if moved != 1:
        current = await Decision.get(id=decision.pk)
        if current.lock_version != lock_version:
            raise Conflict(
                Message(
                    "the decision changed since you read it (version %(read)s, now %(now)s, "
                    "%(state)s): reload it and try again",
                    read=lock_version,
                    now=current.lock_version,
                    state=_STATE_NAMES[current.state],
                )
            )
        raise Conflict(
            Message(
                "a %(state)s decision cannot become %(to)s; it must be %(states)s",
                state=_STATE_NAMES[current.state],
                to=_STATE_NAMES[to],
                states=_either([_STATE_NAMES[state] for state in states]),
            )
        )
    return await Decision.get(id=decision.pk)


async def update_draft(
    *,
    principal: Principal,
    decision: Decision,
    content: DecisionContent,
    advisers: str,
    lock_version: int,
) -> Decision:
    """Change a draft (published versions are never edited: revise them instead)."""
    await require(
        principal,
        Permission.DECIDE,
        decision.organisation_id,
        target=("Decision", str(decision.pk)),
    )  # type: ignore[attr-defined]
    _checked(content, complete=False)
    async with in_transaction():
        before = summary_of(decision)
        decision = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.DRAFT,),
            to=DecisionState.DRAFT,
            advisers=advisers[:MAX_TEXT],
            **stored_fields(content),
        )
        await set_grounds(decision, content)
        await record(principal, Action.DECISION_EDIT, decision, before, summary_of(decision))
    return decision


async def submit(*, principal: Principal, decision: Decision, lock_version: int) -> Decision:
    """Offer a complete draft for approval; its submitter is the decider."""
    await _require_officer(principal, decision, "submit")
    _checked(content_of(decision), complete=True)
    async with in_transaction():
        decision = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.DRAFT,),
            to=DecisionState.SUBMITTED,
            decider_id=principal.user_id,
            rejection_reason="",
        )
        await record(
            principal, Action.DECISION_SUBMIT, decision, {"state": "draft"}, summary_of(decision)
        )
    return decision


async def reject(
    *, principal: Principal, decision: Decision, reason: str, lock_version: int
) -> Decision:
    """Send a submission back to draft, saying why."""
    await _require_officer(principal, decision, "reject")
    reason = _reason(reason, ask=Message("say why the submission goes back to draft"))
    async with in_transaction():
        decision = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.SUBMITTED,),
            to=DecisionState.DRAFT,
            rejection_reason=reason,
        )
        await record(
            principal,
            Action.DECISION_REJECT,
            decision,
            {"state": "submitted"},
            {"reason": decision.rejection_reason},
        )
    return decision


async def approve(*, principal: Principal, decision: Decision, lock_version: int) -> Decision:
    """The second officer's approval (four eyes: never the decider's own)."""
    await _require_officer(principal, decision, "approve")
    errors = rules.check_approval(decider_id=decision.decider_id, approver_id=principal.user_id)  # type: ignore[attr-defined, arg-type]
    if errors:
        raise Invalid(errors)
    _checked(content_of(decision), complete=True)
    async with in_transaction():
        decision = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.SUBMITTED,),
            to=DecisionState.APPROVED,
            approver_id=principal.user_id,
        )
        await record(
            principal,
            Action.DECISION_APPROVE,
            decision,
            {"state": "submitted"},
            summary_of(decision),
        )
    return decision


async def publish(
    *, principal: Principal, decision: Decision, lock_version: int, today: date
) -> Decision:
    """Put an approved version in the register; the version it supersedes leaves force, and
    the software's release status follows."""
    await _require_officer(principal, decision, "publish")
    async with in_transaction():
        decision = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.APPROVED,),
            to=DecisionState.PUBLISHED,
            published_on=today,
        )
        await _replace_in_force(decision)
        await record(
            principal,
            Action.DECISION_PUBLISH,
            decision,
            {"state": "approved"},
            summary_of(decision),
        )
    return decision


async def _replace_in_force(decision: Decision) -> None:
    """`decision` is now the one in force: others of its software are superseded."""
    await (
        Decision.filter(
            software_id=decision.software_id,  # type: ignore[attr-defined]
            state__in=[DecisionState.PUBLISHED, DecisionState.REVIEW_DUE],
        )
        .exclude(id=decision.pk)
        .update(state=DecisionState.SUPERSEDED, updated_at=_now())
    )
    await follow_release_status(decision.software_id)  # type: ignore[attr-defined]


async def follow_release_status(software_id: int) -> None:
    """The software's release status is the outcome of its decision in force, else undecided."""
    current = await in_force(software_id)
    status = ReleaseStatus(current.outcome.value) if current else ReleaseStatus.UNDECIDED
    # A changed status is a change of the entry: feeds and exports' validators follow it.
    await (
        Software.filter(id=software_id)
        .exclude(release_status=status)
        .update(release_status=status, updated_at=_now())
    )


def _now() -> datetime:
    """For bulk updates, which do not set auto_now fields themselves."""
    return datetime.now(UTC)


async def revise(*, principal: Principal, decision: Decision) -> Decision:
    """Start a new version from one in force (a change is a new version, never an edit)."""
    if not decision.state.in_force:
        raise Conflict(
            Message(
                "only a decision in force can be revised; this one is %(state)s",
                state=_STATE_NAMES[decision.state],
            )
        )
    software = await Software.get(id=decision.software_id)  # type: ignore[attr-defined]
    return await start_draft(
        principal=principal,
        software=software,
        content=content_of(decision),
        advisers=decision.advisers,
        is_example=decision.is_example,
    )


async def confirm(
    *,
    principal: Principal,
    decision: Decision,
    reason: str,
    review_on: date | None,
    today: date,
    lock_version: int,
) -> Decision:
    """At a review: keep the decision, as a new published version decided today, with the
    reason why the interest in keeping it closed still prevails (Woo 5.3)."""
    await _require_officer(principal, decision, "confirm")
    reason = _reason(
        reason, ask=Message("say why keeping it closed still prevails despite the time passed")
    )
    content = content_of(decision)
    renewed = replace(
        content, decided_on=today, review_on=review_on or rules.latest_review_date(today)
    )
    _checked(renewed, complete=True)
    async with in_transaction():
        old = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.REVIEW_DUE,),
            to=DecisionState.SUPERSEDED,
        )
        new = await Decision.create(
            software_id=old.software_id,  # type: ignore[attr-defined]
            organisation_id=old.organisation_id,  # type: ignore[attr-defined]
            version=await next_version(old.software_id),  # type: ignore[attr-defined]
            state=DecisionState.PUBLISHED,
            drafted_by_id=principal.user_id,
            decider_id=principal.user_id,
            advisers=old.advisers,
            review_reason=reason,
            published_on=today,
            supersedes=old,
            is_example=old.is_example,
            **stored_fields(renewed),
        )
        await set_grounds(new, renewed)
        await follow_release_status(new.software_id)  # type: ignore[attr-defined]
        await record(
            principal, Action.DECISION_CONFIRM, new, {"version": old.version}, summary_of(new)
        )
    return new


async def withdraw(
    *, principal: Principal, decision: Decision, reason: str, lock_version: int
) -> Decision:
    """End a decision in force without a successor; the software becomes undecided."""
    await _require_officer(principal, decision, "withdraw")
    reason = _reason(reason, ask=Message("say why the decision is withdrawn"))
    async with in_transaction():
        decision = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.PUBLISHED, DecisionState.REVIEW_DUE),
            to=DecisionState.WITHDRAWN,
            review_reason=reason,
        )
        await follow_release_status(decision.software_id)  # type: ignore[attr-defined]
        await record(
            principal, Action.DECISION_WITHDRAW, decision, None, {"reason": decision.review_reason}
        )
    return decision
