# SPDX-License-Identifier: EUPL-1.2
"""The daily job of the register: decisions whose review date has passed become review_due
(the register's policy: keeping code closed needs a fresh reason within five years), and
decisions whose postponed items have come due get a new draft that opens those items only
(wooexemptions.openings); Woo requests overdue or due soon are listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from wooexemptions import services as decisions
from wooexemptions.deadlines import Due
from wooexemptions.models import Decision, RequestStatus, WooRequest
from wooexemptions.openings import opening
from wooexemptions.queries import RequestTerms, open_requests
from wooexemptions.rules import Basis, Outcome
from wooexemptions.states import IN_FORCE, OPEN_STATES, DecisionState

ACTOR = "system:review"


@dataclass(slots=True)
class ReviewReport:
    """What one run of the job did, per organisation id."""

    due: dict[int, list[Decision]] = field(default_factory=dict)
    opened: dict[int, list[Decision]] = field(default_factory=dict)
    requests: dict[int, list[RequestTerms]] = field(default_factory=dict)  # overdue, due soon


async def run(today: date) -> ReviewReport:
    """Mark the reviews that have come due and draft the openings that have; running it twice
    on a day changes nothing the second time."""
    report = ReviewReport()
    # A decision on a request is final once its remedies are spent: it is not reviewed.
    for decision in await Decision.filter(
        state=DecisionState.PUBLISHED, review_on__lte=today, basis=Basis.PROACTIVE
    ).order_by("organisation_id", "review_on", "id"):
        report.due.setdefault(decision.organisation_id, []).append(await _mark_due(decision))
    for decision in (
        await Decision.filter(state__in=list(IN_FORCE))
        .exclude(outcome=Outcome.OPEN)
        .order_by("organisation_id", "id")
    ):
        draft = await _draft_opening(decision, today)
        if draft is not None:
            report.opened.setdefault(decision.organisation_id, []).append(draft)
    open_ids = await WooRequest.filter(status=RequestStatus.OPEN).values_list(
        "organisation_id", flat=True
    )
    for terms in await open_requests({int(str(i)) for i in open_ids}, today):
        if terms.due is not Due.RUNNING:
            report.requests.setdefault(terms.request.organisation_id, []).append(terms)
    return report


async def _mark_due(decision: Decision) -> Decision:
    async with in_transaction():
        decision = await decisions.move(
            decision,
            lock_version=decision.lock_version,
            states=(DecisionState.PUBLISHED,),
            to=DecisionState.REVIEW_DUE,
        )
        await decisions.record(
            ACTOR,
            Action.DECISION_REVIEW_DUE,
            decision,
            {"state": "published"},
            {"review_on": str(decision.review_on)},  # a date: it passed
        )
    return decision


async def _draft_opening(decision: Decision, today: date) -> Decision | None:
    """A draft that releases the items whose postponement ended, unless a version is being
    prepared already."""
    content = opening(decisions.content_of(decision), version=decision.version, today=today)
    if content is None:
        return None
    if await Decision.filter(software_id=decision.software_id, state__in=OPEN_STATES).exists():
        return None
    async with in_transaction():
        draft = await Decision.create(
            software_id=decision.software_id,
            organisation_id=decision.organisation_id,
            version=await decisions.next_version(decision.software_id),
            supersedes=decision,
            advisers=decision.advisers,
            is_example=decision.is_example,
            **decisions.stored_fields(content),
        )
        await decisions.set_grounds(draft, content)
        await decisions.record(
            ACTOR, Action.DECISION_DRAFT, draft, None, decisions.summary_of(draft)
        )
    return draft
