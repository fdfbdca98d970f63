# SPDX-License-Identifier: EUPL-1.2
"""Writes of the decision register: drafts, and the steps of the state machine whose table is
wooexemptions.states.STEPS.

A rejection sends a submission back to draft with a reason. The approver is a publication
officer of the organisation who did not draft, edit, submit or confirm the version (four eyes);
a withdrawal proposed by one officer is carried out by another. Published versions are never
edited; every step is an audit event. Each write names the `lock_version` it was based on: of
two officers approving at once, exactly one wins and the other gets a Conflict.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.errors import Conflict, Invalid
from catalogue.licences import normalise
from catalogue.messages import Message
from catalogue.permissions.guard import require, require_role
from catalogue.permissions.rules import Permission, Principal, Role
from catalogue.software.models import ReleaseStatus, Software
from wooexemptions import deadlines, inventory_store, rules
from wooexemptions.content import besluit_json, items_json, parse
from wooexemptions.models import (
    Appeal,
    AppealKind,
    AppealOutcome,
    Decision,
    DecisionGround,
    Grondslag,
    ThirdParty,
)
from wooexemptions.queries import in_force
from wooexemptions.rules import DecisionContent, Outcome
from wooexemptions.states import IN_FORCE, OPEN_STATES, STATE_NAMES, STEP, DecisionState, Step, Who

MAX_TEXT = 10_000
# The catalogue's release status by outcome: code already public is open; of code the body
# does not hold, no disclosure is decided.
_STATUS = {
    Outcome.OPEN: ReleaseStatus.OPEN,
    Outcome.PARTLY_OPEN: ReleaseStatus.PARTLY_OPEN,
    Outcome.WITHHELD: ReleaseStatus.WITHHELD,
    Outcome.OPEN_LATER: ReleaseStatus.OPEN_LATER,
    Outcome.ALREADY_PUBLIC: ReleaseStatus.OPEN,
    Outcome.NOT_HELD: ReleaseStatus.UNDECIDED,
}


def content_of(decision: Decision) -> DecisionContent:
    """The content of a stored version, in the shape the rules check."""
    return parse(stored_content(decision))


def stored_content(decision: Decision) -> dict[str, Any]:
    """The content of a stored version as JSON-like values, as a draft's input names them."""
    return dict(
        {
            "outcome": decision.outcome.value,
            "items": decision.items,
            "licence": decision.licence,
            "open_later_date": decision.open_later_date,
            "open_later_trigger": decision.open_later_trigger,
            "decided_on": decision.decided_on,
            "review_on": decision.review_on,
            "summary": decision.summary,
            "basis": decision.basis.value,
            "code_dated": decision.code_dated,
            "disclosure_only": decision.disclosure_only,
            "licence_exceptions": decision.licence_exceptions,
            "public_at": decision.public_at,
            "bestuursorgaan": decision.bestuursorgaan,
            "signatory": decision.signatory,
            "remedies": decision.remedies,
            "besluit_url": decision.besluit_url,
            "inventory_url": decision.inventory_url,
            "covers": decision.covers,
            "made_known_on": decision.made_known_on,
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
        "basis": content.basis,
        "code_dated": content.code_dated,
        "disclosure_only": content.disclosure_only,
        "licence_exceptions": content.licence_exceptions,
        "public_at": content.public_at,
        **besluit_json(content.besluit),
    }


def summary_of(decision: Decision) -> dict[str, Any]:
    return {
        "state": decision.state.value,
        "outcome": decision.outcome.value,
        "grounds": sorted({g["code"] for i in decision.items for g in i.get("grounds", [])}),
    }


def _checked(content: DecisionContent, *, complete: bool, today: date | None = None) -> None:
    errors = rules.check(content, complete=complete, today=today)
    if errors:
        raise Invalid(errors)


def _either(states: list[Message]) -> Message:
    """ "draft", "published or review due"."""
    if len(states) == 1:
        return states[0]
    return Message("%(first)s or %(second)s", first=states[0], second=_either(states[1:]))


async def record(
    principal_or_actor: Principal | str,
    action: Action,
    decision: Decision,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    """The audit event of a write to `decision`: always with its software and version."""
    actor = principal_or_actor if isinstance(principal_or_actor, str) else principal_or_actor.actor
    await record_event(
        actor=actor,
        action=action,
        target=decision,
        organisation_id=decision.organisation_id,
        before=before,
        after={"software": decision.software_id, "version": decision.version, **after},
    )


async def set_grounds(decision: Decision, content: DecisionContent) -> None:
    """The grounds the register finds the decision by: its scope items' and its inventory's."""
    inventory = await Grondslag.filter(decision_id=decision.pk).values_list("code", flat=True)
    codes = dict.fromkeys((*rules.applied_grounds(content), *map(str, inventory)))
    await DecisionGround.filter(decision=decision).delete()
    await DecisionGround.bulk_create([DecisionGround(decision=decision, code=c) for c in codes])


async def next_version(software_id: int) -> int:
    last = await Decision.filter(software_id=software_id).order_by("-version").first()
    return (last.version if last else 0) + 1


def _now() -> datetime:
    """For bulk updates, which do not set auto_now fields themselves."""
    return datetime.now(UTC)


async def start_draft(
    *,
    principal: Principal,
    software: Software,
    content: DecisionContent,
    advisers: str = "",
    is_example: bool = False,
    today: date | None = None,
) -> Decision:
    """A first (or next) version of the decision on `software`, as a draft; `today`, when
    given, refuses a decision date after it."""
    organisation_id = software.organisation_id
    await require(
        principal, Permission.DECIDE, organisation_id, target=("Software", str(software.pk))
    )
    _checked(content, complete=False, today=today)
    async with in_transaction():
        if await Decision.filter(software=software, state__in=OPEN_STATES).exists():
            raise Conflict(
                Message("this software already has a decision being prepared: edit that one")
            )
        decision = await Decision.create(
            software=software,
            organisation_id=organisation_id,
            version=await next_version(software.pk),
            drafted_by_id=principal.user_id,
            edited_by=_people(principal),
            advisers=advisers[:MAX_TEXT],
            supersedes=await in_force(software.pk),
            is_example=is_example,
            **stored_fields(content),
        )
        await set_grounds(decision, content)
        await record(principal, Action.DECISION_DRAFT, decision, None, summary_of(decision))
    return decision


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
                    state=STATE_NAMES[current.state],
                )
            )
        raise Conflict(
            Message(
                "a %(state)s decision cannot become %(to)s; it must be %(states)s",
                state=STATE_NAMES[current.state],
                to=STATE_NAMES[to],
                states=_either([STATE_NAMES[state] for state in states]),
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
    today: date | None = None,
) -> Decision:
    """Change a draft (published versions are never edited: revise them instead). The editor
    joins those who may not approve this version."""
    await require(
        principal,
        Permission.DECIDE,
        decision.organisation_id,
        target=("Decision", str(decision.pk)),
    )
    _checked(content, complete=False, today=today)
    async with in_transaction():
        before = summary_of(decision)
        decision = await move(
            decision,
            lock_version=lock_version,
            states=(DecisionState.DRAFT,),
            to=DecisionState.DRAFT,
            advisers=advisers[:MAX_TEXT],
            edited_by=sorted({*decision.edited_by, *_people(principal)}),
            **stored_fields(content),
        )
        await set_grounds(decision, content)
        await record(principal, Action.DECISION_EDIT, decision, before, summary_of(decision))
    return decision


async def _allowed(step: Step, principal: Principal, decision: Decision) -> None:
    """The permission to decide for the organisation; the officers' own steps also need the
    role itself (a site administrator may draft, not decide). A refusal is an audit event."""
    target = ("Decision", str(decision.pk))
    await require(principal, Permission.DECIDE, decision.organisation_id, target=target)
    if step.who is Who.OFFICER:
        assert step.refusal is not None
        await require_role(
            principal,
            Role.PUBLICATION_OFFICER,
            decision.organisation_id,
            target=target,
            tag=f"{Permission.DECIDE.value}:{step.name}",
            refusal=step.refusal,
        )


def _people(principal: Principal) -> list[int]:
    return [principal.user_id] if principal.user_id is not None else []


def _four_eyes(step: Step, principal: Principal, decision: Decision) -> None:
    """Invalid when the person taking a four-eyes step had a hand in what they now pass: for an
    approval, the decider and whoever drafted or edited the version; for a withdrawal, the
    officer who proposed it."""
    assert principal.user_id is not None  # an officer is signed in
    if step.name == "withdraw":
        if decision.withdrawal_proposed_by_id == principal.user_id:
            raise Invalid(
                {
                    "approver": Message(
                        "Another officer must withdraw this decision: you proposed it yourself."
                    )
                }
            )
        return
    errors = rules.check_approval(
        decider_id=decision.decider_id,
        approver_id=principal.user_id,
        involved=frozenset(decision.edited_by or ()),
    )
    if errors:
        raise Invalid(errors)


def may_take(step: Step, principal: Principal, decision: Decision) -> bool:
    """Whether the four eyes let this person take `step` (the role is checked apart): never
    the approval of a version they decided, drafted or edited, nor a withdrawal they proposed."""
    if not step.four_eyes:
        return True
    if principal.user_id is None:
        return False
    try:
        _four_eyes(step, principal, decision)
    except Invalid:
        return False
    return True


def _reason(step: Step, text: str) -> str:
    """The reason a step needs, trimmed; Invalid asking for it when it is empty."""
    assert step.reason is not None
    if not text.strip():
        raise Invalid({"reason": step.reason})
    return text.strip()[:MAX_TEXT]


async def _take(
    step: Step,
    *,
    principal: Principal,
    decision: Decision,
    lock_version: int,
    reason: str = "",
    today: date | None = None,
    **changes: Any,
) -> Decision:
    """Take a step that moves this version, as its row of the table says: the guard, the four
    eyes, a complete content, the reason it needs, the move (which refuses a stale or misplaced
    step), its effect on the register, and its audit event."""
    await _allowed(step, principal, decision)
    if step.four_eyes:
        _four_eyes(step, principal, decision)
    if step.complete:
        content = content_of(decision)
        _checked(content, complete=True, today=today)
        if errors := await inventory_store.problems(decision, content):
            raise Invalid(errors)
    if step.reason is not None:
        changes[step.reason_field] = reason = _reason(step, reason)
    before = {"state": decision.state.value}
    async with in_transaction():
        moved = await move(
            decision, lock_version=lock_version, states=step.sources, to=step.target, **changes
        )
        if step.target is DecisionState.PUBLISHED or decision.state in IN_FORCE:
            await _replace_in_force(moved)
        after = summary_of(moved) | ({"reason": reason} if step.reason else {})
        await record(principal, step.action, moved, before, after)
    return moved


async def submit(
    *, principal: Principal, decision: Decision, lock_version: int, today: date
) -> Decision:
    """Offer a complete draft, dated no later than `today`, for approval; its submitter is the
    decider."""
    return await _take(
        STEP["submit"],
        principal=principal,
        decision=decision,
        lock_version=lock_version,
        today=today,
        decider_id=principal.user_id,
        rejection_reason="",
    )


async def reject(
    *, principal: Principal, decision: Decision, reason: str, lock_version: int
) -> Decision:
    """Send a submission back to draft, saying why."""
    return await _take(
        STEP["reject"],
        principal=principal,
        decision=decision,
        lock_version=lock_version,
        reason=reason,
    )


async def approve(*, principal: Principal, decision: Decision, lock_version: int) -> Decision:
    """The second officer's approval (four eyes: never the decider's own)."""
    return await _take(
        STEP["approve"],
        principal=principal,
        decision=decision,
        lock_version=lock_version,
        approver_id=principal.user_id,
    )


async def publish(
    *, principal: Principal, decision: Decision, lock_version: int, today: date
) -> Decision:
    """Put an approved version in the register; the version it supersedes leaves force, and
    the software's release status follows. On a request, publishing is disclosure: it waits two
    weeks after bekendmaking when a third party objects (art. 4.4 lid 5 Woo), and while a
    voorlopige voorziening against it is pending or granted (art. 8:81 Awb)."""
    await _allowed(STEP["publish"], principal, decision)
    await _disclosure_allowed(decision, today)
    return await _take(
        STEP["publish"],
        principal=principal,
        decision=decision,
        lock_version=lock_version,
        published_on=today,
    )


async def propose_withdrawal(
    *, principal: Principal, decision: Decision, reason: str, lock_version: int
) -> Decision:
    """Propose to end a decision in force, saying why; it stays in force until a second
    officer withdraws it."""
    return await _take(
        STEP["propose_withdrawal"],
        principal=principal,
        decision=decision,
        lock_version=lock_version,
        reason=reason,
        withdrawal_proposed_by_id=principal.user_id,
    )


async def keep(
    *, principal: Principal, decision: Decision, reason: str, lock_version: int
) -> Decision:
    """Refuse a proposed withdrawal, saying why: the decision stays in force."""
    return await _take(
        STEP["keep"],
        principal=principal,
        decision=decision,
        lock_version=lock_version,
        reason=reason,
        withdrawal_proposed_by_id=None,
    )


async def _disclosure_allowed(decision: Decision, today: date) -> None:
    """Conflict, saying until when, while the law holds disclosure back."""
    if await Appeal.filter(
        decision_id=decision.pk,
        kind=AppealKind.VOORLOPIGE_VOORZIENING,
        outcome__in=[AppealOutcome.PENDING, AppealOutcome.GRANTED],
    ).exists():
        raise Conflict(
            Message(
                "a voorlopige voorziening against this decision is pending or granted: it is "
                "not disclosed until the judge lifts it (art. 8:81 Awb)"
            )
        )
    if decision.request_id is None:
        return
    objects = await ThirdParty.filter(request_id=decision.request_id, objects=True).exists()
    if not objects:
        return
    if decision.made_known_on is None:
        raise Conflict(
            Message("a third party objects: record when the decision was made known first")
        )
    opens = deadlines.disclosure_on(decision.made_known_on, objection_expected=True)
    if today < opens:
        raise Conflict(
            Message(
                "a third party objects: the information is disclosed two weeks after the "
                "decision was made known, on %(day)s (art. 4.4 lid 5 Woo)",
                day=opens.isoformat(),
            )
        )


async def withdraw(*, principal: Principal, decision: Decision, lock_version: int) -> Decision:
    """End a decision proposed for withdrawal, by an officer other than the proposer; the
    software becomes undecided."""
    return await _take(
        STEP["withdraw"],
        principal=principal,
        decision=decision,
        lock_version=lock_version,
    )


async def _replace_in_force(decision: Decision) -> None:
    """After a version entered or left force: others of its software in force are superseded
    by a newly published one, and the software's release status follows."""
    if decision.state is DecisionState.PUBLISHED:
        await (
            Decision.filter(software_id=decision.software_id, state__in=list(IN_FORCE))
            .exclude(id=decision.pk)
            .update(state=DecisionState.SUPERSEDED, updated_at=_now())
        )
    await follow_release_status(decision.software_id)


async def follow_release_status(software_id: int) -> None:
    """The software's release status is the outcome of its decision in force, else undecided."""
    current = await in_force(software_id)
    status = (
        _STATUS.get(current.outcome, ReleaseStatus.UNDECIDED)
        if current
        else ReleaseStatus.UNDECIDED
    )
    # A changed status is a change of the entry: feeds and exports' validators follow it.
    await (
        Software.filter(id=software_id)
        .exclude(release_status=status)
        .update(release_status=status, updated_at=_now())
    )


async def revise(
    *, principal: Principal, decision: Decision, follows_appeal: Appeal | None = None
) -> Decision:
    """Start a new version from one in force (a change is a new version, never an edit); after
    an upheld bezwaar or appeal, the new version links to the ruling it carries out."""
    if follows_appeal is not None and (
        follows_appeal.decision_id != decision.pk
        or follows_appeal.outcome not in (AppealOutcome.UPHELD, AppealOutcome.GRANTED)
    ):
        raise Invalid(
            {"appeal": Message("Only an upheld remedy against this decision is carried out.")}
        )
    if not decision.state.in_force:
        raise Conflict(
            Message(
                "only a decision in force can be revised; this one is %(state)s",
                state=STATE_NAMES[decision.state],
            )
        )
    software = await Software.get(id=decision.software_id)
    draft = await start_draft(
        principal=principal,
        software=software,
        content=content_of(decision),
        advisers=decision.advisers,
        is_example=decision.is_example,
    )
    changes: dict[str, Any] = {"request_id": decision.request_id}
    if follows_appeal is not None:
        changes["follows_appeal_id"] = follows_appeal.pk
    await Decision.filter(id=draft.pk).update(**changes)
    await inventory_store.copy_inventory(decision, draft.pk)
    await set_grounds(draft, content_of(decision))
    return await Decision.get(id=draft.pk)


async def confirm(
    *,
    principal: Principal,
    decision: Decision,
    reason: str,
    review_on: date | None,
    today: date,
    lock_version: int,
) -> Decision:
    """At a review: keep the decision, as a new version decided today with the reason why the
    interest in keeping it closed still prevails. The new version is submitted with the
    confirming officer as decider; a second officer approves and publishes it, and only then
    does it supersede this one (four eyes)."""
    step = STEP["confirm"]
    await _allowed(step, principal, decision)
    reason = _reason(step, reason)
    renewed = replace(
        content_of(decision),
        decided_on=today,
        review_on=review_on or rules.latest_review_date(today),
    )
    _checked(renewed, complete=True, today=today)
    async with in_transaction():
        if await Decision.filter(software_id=decision.software_id, state__in=OPEN_STATES).exists():
            raise Conflict(
                Message("this software already has a decision being prepared: edit that one")
            )
        old = await move(
            decision, lock_version=lock_version, states=step.sources, to=decision.state
        )
        new = await Decision.create(
            software_id=old.software_id,
            organisation_id=old.organisation_id,
            version=await next_version(old.software_id),
            state=step.target,
            drafted_by_id=principal.user_id,
            decider_id=principal.user_id,
            edited_by=_people(principal),
            advisers=old.advisers,
            supersedes=old,
            is_example=old.is_example,
            **stored_fields(renewed) | {step.reason_field: reason},
        )
        await inventory_store.copy_inventory(old, new.pk)
        await set_grounds(new, renewed)
        await record(principal, step.action, new, {"version": old.version}, summary_of(new))
    return new
