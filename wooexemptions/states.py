# SPDX-License-Identifier: EUPL-1.2
"""The state machine of a decision version, as one table. Pure: no ORM, no web.

Every step a person takes on a decision is one row of STEPS: the states it starts from, the
state it leads to, who may take it, what reason it asks for, and the audit tag it records.
The service (wooexemptions.services), the API's transition endpoints, the buttons of the
decision page and the tests' role matrix are all derived from this table.

    draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
      ▲                  │   ▲                                        │  (review date passes:
      └─────reject───────┘   │                                        ▼   the daily job)
                             │       revise (a new draft version) ◀── review_due
                             └────── confirm (a new submitted version: once it is published,
                                     this one is superseded)
    published, review_due ──propose_withdrawal──▶ withdrawal_proposed ──withdraw──▶ withdrawn
                                                                      ──keep──▶ published

Four eyes: a version is approved by an officer who did not draft, edit, submit or confirm it,
and a withdrawal proposed by one officer is carried out by another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from catalogue.audit.actions import Action
from catalogue.messages import Message


class DecisionState(StrEnum):
    """Where a version of a decision stands."""

    DRAFT = "draft"  # being written by the organisation's publication officers
    SUBMITTED = "submitted"  # waiting for a second officer's approval (four eyes)
    APPROVED = "approved"  # approved, not yet published
    PUBLISHED = "published"  # in force and in the public register
    REVIEW_DUE = "review_due"  # in force, its review date has passed
    SUPERSEDED = "superseded"  # replaced by a later version (confirmed or revised)
    WITHDRAWN = "withdrawn"  # no longer in force, without a successor
    WITHDRAWAL_PROPOSED = "withdrawal_proposed"  # in force; one officer proposed to withdraw it

    @property
    def in_force(self) -> bool:
        return self in IN_FORCE

    @property
    def public(self) -> bool:
        return self in PUBLIC_STATES


IN_FORCE = (
    DecisionState.PUBLISHED,
    DecisionState.REVIEW_DUE,
    DecisionState.WITHDRAWAL_PROPOSED,
)
# Versions being prepared: secret until published, at most one per software at a time.
OPEN_STATES = (DecisionState.DRAFT, DecisionState.SUBMITTED, DecisionState.APPROVED)
PUBLIC_STATES = frozenset({*IN_FORCE, DecisionState.SUPERSEDED, DecisionState.WITHDRAWN})
# The states as a refusal names them.
STATE_NAMES = {
    DecisionState.DRAFT: Message("draft"),
    DecisionState.SUBMITTED: Message("submitted"),
    DecisionState.APPROVED: Message("approved"),
    DecisionState.PUBLISHED: Message("published"),
    DecisionState.REVIEW_DUE: Message("review due"),
    DecisionState.SUPERSEDED: Message("superseded"),
    DecisionState.WITHDRAWN: Message("withdrawn"),
    DecisionState.WITHDRAWAL_PROPOSED: Message("proposed for withdrawal"),
}


class Who(StrEnum):
    """Who may take a step, besides holding the permission to decide for the organisation."""

    OFFICER = "officer"  # a publication officer of the organisation itself
    DRAFTER = "drafter"  # whoever may draft: its officers, and site administrators


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step a person takes on a decision version."""

    name: str
    sources: tuple[DecisionState, ...]
    target: DecisionState  # the state it leads to (revise and confirm: of the new version)
    who: Who
    action: Action  # what the audit trail records
    button: Message  # the button on the decision page
    done: Message  # the confirmation after the step
    summary: str  # the API operation's summary
    new_version: bool = False  # a new version is made, rather than this one moved
    locked: bool = True  # based on the lock_version the person read
    complete: bool = False  # the content must be complete (rules.check, complete=True)
    four_eyes: bool = False  # never by an officer who drafted, edited, submitted or proposed it
    reason: Message | None = None  # what to ask for when the step needs a reason
    reason_field: str = ""  # where the reason is kept
    reason_label: Message | None = None  # the reason's field on the decision page
    review_date: bool = False  # takes the date of the next review
    secondary: bool = False  # a step away from the main path: a quieter button
    refusal: Message | None = None  # why a person without the role may not take it


STEPS: tuple[Step, ...] = (
    Step(
        name="submit",
        sources=(DecisionState.DRAFT,),
        target=DecisionState.SUBMITTED,
        who=Who.OFFICER,
        action=Action.DECISION_SUBMIT,
        button=Message("Submit for approval"),
        done=Message("The draft has been submitted: another publication officer approves it."),
        summary="Submit a draft for approval (you become the decider)",
        complete=True,
        refusal=Message("submit: only a publication officer of the organisation may do this"),
    ),
    Step(
        name="approve",
        sources=(DecisionState.SUBMITTED,),
        target=DecisionState.APPROVED,
        who=Who.OFFICER,
        action=Action.DECISION_APPROVE,
        button=Message("Approve"),
        done=Message("The decision has been approved: it can now be published."),
        summary="Approve a submission (a second officer, not the decider)",
        complete=True,
        four_eyes=True,
        refusal=Message("approve: only a publication officer of the organisation may do this"),
    ),
    Step(
        name="reject",
        sources=(DecisionState.SUBMITTED,),
        target=DecisionState.DRAFT,
        who=Who.OFFICER,
        action=Action.DECISION_REJECT,
        button=Message("Send back to draft"),
        done=Message("The submission has been sent back to draft, with your reason."),
        summary="Send a submission back to draft, with a reason",
        reason=Message("say why the submission goes back to draft"),
        reason_field="rejection_reason",
        reason_label=Message("Why it goes back to draft"),
        secondary=True,
        refusal=Message("reject: only a publication officer of the organisation may do this"),
    ),
    Step(
        name="publish",
        sources=(DecisionState.APPROVED,),
        target=DecisionState.PUBLISHED,
        who=Who.OFFICER,
        action=Action.DECISION_PUBLISH,
        button=Message("Publish in the register"),
        done=Message("The decision has been published in the register."),
        summary="Publish an approved decision in the register",
        refusal=Message("publish: only a publication officer of the organisation may do this"),
    ),
    Step(
        name="revise",
        sources=IN_FORCE,
        target=DecisionState.DRAFT,
        who=Who.DRAFTER,
        action=Action.DECISION_DRAFT,
        button=Message("Start a new version"),
        done=Message("A new draft version has been started."),
        summary="Start a new draft version of a decision in force",
        new_version=True,
        locked=False,
    ),
    Step(
        name="confirm",
        sources=(DecisionState.REVIEW_DUE,),
        target=DecisionState.SUBMITTED,
        who=Who.OFFICER,
        action=Action.DECISION_CONFIRM,
        button=Message("Confirm the decision"),
        done=Message(
            "The decision has been confirmed as a new version: another publication officer "
            "approves it."
        ),
        summary="At review: keep the decision, as a new version for a second officer to approve",
        new_version=True,
        complete=True,
        reason=Message("say why keeping it closed still prevails despite the time passed"),
        reason_field="review_reason",
        reason_label=Message("Why keeping it closed still prevails despite the time passed"),
        review_date=True,
        refusal=Message("confirm: only a publication officer of the organisation may do this"),
    ),
    Step(
        name="propose_withdrawal",
        sources=(DecisionState.PUBLISHED, DecisionState.REVIEW_DUE),
        target=DecisionState.WITHDRAWAL_PROPOSED,
        who=Who.OFFICER,
        action=Action.DECISION_PROPOSE_WITHDRAWAL,
        button=Message("Propose to withdraw"),
        done=Message(
            "The withdrawal has been proposed: another publication officer carries it out."
        ),
        summary="Propose to withdraw a decision in force, with a reason (another withdraws it)",
        reason=Message("say why the decision is withdrawn"),
        reason_field="review_reason",
        reason_label=Message("Why it is withdrawn"),
        secondary=True,
        refusal=Message("withdraw: only a publication officer of the organisation may do this"),
    ),
    Step(
        name="withdraw",
        sources=(DecisionState.WITHDRAWAL_PROPOSED,),
        target=DecisionState.WITHDRAWN,
        who=Who.OFFICER,
        action=Action.DECISION_WITHDRAW,
        button=Message("Withdraw"),
        done=Message("The decision has been withdrawn."),
        summary="Withdraw a decision proposed for withdrawal (a second officer, not the proposer)",
        four_eyes=True,
        refusal=Message("withdraw: only a publication officer of the organisation may do this"),
    ),
    Step(
        name="keep",
        sources=(DecisionState.WITHDRAWAL_PROPOSED,),
        target=DecisionState.PUBLISHED,
        who=Who.OFFICER,
        action=Action.DECISION_KEEP,
        button=Message("Keep it in force"),
        done=Message("The decision stays in force."),
        summary="Refuse a proposed withdrawal, with a reason: the decision stays in force",
        reason=Message("say why the decision stays in force"),
        reason_field="rejection_reason",
        reason_label=Message("Why it stays in force"),
        secondary=True,
        refusal=Message("keep: only a publication officer of the organisation may do this"),
    ),
)
STEP = {step.name: step for step in STEPS}


def steps_from(state: DecisionState) -> tuple[Step, ...]:
    """The steps a decision in `state` offers, in the order of the table."""
    return tuple(step for step in STEPS if state in step.sources)
