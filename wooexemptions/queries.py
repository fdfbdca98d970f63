# SPDX-License-Identifier: EUPL-1.2
"""Reads of the decision register: the public register with its filters, one decision with
its version history, what an organisation's officers have in preparation, and the request
files with their terms (the requester for the organisation's officers only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from catalogue.organisations.models import Organisation
from catalogue.organisations.queries import organisation_named
from catalogue.paging import Page, PageRequest
from catalogue.permissions.rules import Permission, Principal, Role
from wooexemptions import deadlines
from wooexemptions.models import (
    Appeal,
    Decision,
    DecisionGround,
    RequestStatus,
    ThirdParty,
    WooRequest,
)
from wooexemptions.rules import Outcome
from wooexemptions.states import IN_FORCE, PUBLIC_STATES, DecisionState


@dataclass(frozen=True, slots=True)
class RegisterFilters:
    """Filters of the public register. By default only the versions in force."""

    organisation: Organisation | None = None
    ground: str | None = None  # a ground code, e.g. woo-5.1.2.d
    outcome: Outcome | None = None
    year: int | None = None  # of the decision date
    history: bool = False  # also superseded and withdrawn versions


async def register_filters(values: Mapping[str, Any]) -> RegisterFilters:
    """The filters from checked plain values named as the register's query parameters (the API,
    the pages, `opentenzij export register-csv`); a missing one filters nothing. Raises
    UnknownOrganisation when the organisation names none."""
    slug, outcome = values.get("organisation"), values.get("outcome")
    return RegisterFilters(
        organisation=await organisation_named(slug) if slug is not None else None,
        ground=values.get("ground"),
        outcome=Outcome(outcome) if outcome else None,
        year=values.get("year"),
        history=bool(values.get("history")),
    )


async def register(filters: RegisterFilters, page: PageRequest) -> Page[Decision]:
    """A page of public decisions, newest decision first; three queries."""
    query = register_queryset(filters)
    total = await query.count()
    rows = await (
        query.order_by("-decided_on", "-id")
        .offset(page.offset)
        .limit(page.per_page)
        .select_related("software", "organisation")
    )
    return Page(rows, total, page)


def register_queryset(filters: RegisterFilters) -> QuerySet[Decision]:
    """The public decisions matching the register's filters, unordered."""
    states = PUBLIC_STATES if filters.history else IN_FORCE
    query = Decision.filter(state__in=list(states))
    if filters.organisation is not None:
        query = query.filter(organisation_id=filters.organisation.pk)
    if filters.outcome is not None:
        query = query.filter(outcome=filters.outcome)
    if filters.year is not None:
        query = query.filter(
            decided_on__gte=date(filters.year, 1, 1), decided_on__lte=date(filters.year, 12, 31)
        )
    if filters.ground:
        applying = DecisionGround.filter(code=filters.ground).values("decision_id")
        query = query.filter(id__in=Subquery(applying))
    return query


def may_see_drafts(principal: Principal, organisation_id: int) -> bool:
    """Drafts, submissions and approvals not yet published: the organisation's officers."""
    return principal.can(Permission.DECIDE, organisation_id)


async def decision_for(principal: Principal, decision_id: int) -> Decision | None:
    """One version, if the principal may see it (public, or in preparation for its officers)."""
    decision = (
        await Decision.filter(id=decision_id)
        .select_related("software", "organisation", "decider", "approver")
        .first()
    )
    if decision is None:
        return None
    if decision.state in PUBLIC_STATES or may_see_drafts(principal, decision.organisation_id):
        return decision
    return None


async def history(principal: Principal, software_id: int, organisation_id: int) -> list[Decision]:
    """Every version of the software's decision the principal may see, newest first."""
    query = Decision.filter(software_id=software_id)
    if not may_see_drafts(principal, organisation_id):
        query = query.filter(state__in=list(PUBLIC_STATES))
    return await query.order_by("-version")


async def in_preparation(principal: Principal) -> list[Decision]:
    """Drafts, submissions and approvals of the organisations the principal decides for."""
    if principal.is_site_admin:
        condition = Q()
    else:
        condition = Q(organisation_id__in=list(principal.organisations_with(Permission.DECIDE)))
    return await (
        Decision.filter(
            condition, state__in=[s for s in DecisionState if not s.public and not s.in_force]
        )
        .select_related("software", "organisation")
        .order_by("state", "-updated_at")
        .limit(200)
    )


async def reviews_due(principal: Principal) -> list[Decision]:
    """Decisions in force whose review date has passed, for the principal's organisations."""
    organisations = principal.organisations_with(Permission.DECIDE)
    query = Decision.filter(state=DecisionState.REVIEW_DUE)
    if not principal.is_site_admin:
        query = query.filter(organisation_id__in=list(organisations))
    return await query.select_related("software", "organisation").order_by("review_on")


async def in_force(software_id: int) -> Decision | None:
    """The version of the software's decision that is in force, if any."""
    return await Decision.filter(software_id=software_id, state__in=list(IN_FORCE)).first()


@dataclass(frozen=True, slots=True)
class RequestTerms:
    """The terms of a request on a given day: the last day to decide and where it stands."""

    request: WooRequest
    deadline: date
    due: deadlines.Due
    suspended_days: int


def terms_of(request: WooRequest, parties: list[ThirdParty], today: date) -> RequestTerms:
    """The statutory terms of a request (wooexemptions.deadlines), from its recorded dates."""
    suspensions = tuple(deadlines.Suspension(p.asked_on, p.answered_on) for p in parties)
    deadline = deadlines.decision_deadline(
        request.received_on,
        extended=request.extended_on is not None,
        suspensions=suspensions,
        today=today,
    )
    return RequestTerms(
        request=request,
        deadline=deadline,
        due=deadlines.due(deadline, today),
        suspended_days=deadlines.suspended_days(suspensions, today),
    )


def may_see_requesters(principal: Principal, organisation_id: int) -> bool:
    """A requester's name and address: the organisation's publication officers only (a site
    administrator is not one unless granted the role)."""
    return Role.PUBLICATION_OFFICER in principal.roles.get(organisation_id, frozenset())


async def open_requests(organisation_ids: set[int], today: date) -> list[RequestTerms]:
    """The open requests of these organisations with their terms, the most urgent first."""
    if not organisation_ids:
        return []
    rows = await WooRequest.filter(
        organisation_id__in=organisation_ids, status=RequestStatus.OPEN
    ).prefetch_related("third_parties", "organisation")
    found = [terms_of(r, list(r.third_parties), today) for r in rows]
    return sorted(found, key=lambda terms: (terms.deadline, terms.request.pk))


async def requests_due(principal: Principal, today: date) -> list[RequestTerms]:
    """Overdue and due-soon requests of the organisations the principal is an officer of."""
    mine = {org for org, roles in principal.roles.items() if Role.PUBLICATION_OFFICER in roles}
    terms = await open_requests(mine, today)
    return [t for t in terms if t.due is not deadlines.Due.RUNNING]


async def request_for(principal: Principal, request_id: int) -> WooRequest | None:
    """A request file, for the officers of its organisation only."""
    request = await WooRequest.get_or_none(id=request_id).prefetch_related(
        "third_parties", "organisation"
    )
    if request is None or not may_see_requesters(principal, request.organisation_id):
        return None
    return request


async def public_requests(software_id: int) -> list[WooRequest]:
    """The requests for a software's code as the public sees them: that they exist, their case
    number and dates; the requester is never read here."""
    return (
        await WooRequest.filter(software_id=software_id)
        .order_by("-received_on")
        .only("id", "zaaknummer", "received_on", "status", "software_id", "organisation_id")
    )


async def appeals_of(decision_id: int) -> list[Appeal]:
    """Objection and appeal against a decision version, oldest first."""
    return await Appeal.filter(decision_id=decision_id).order_by("lodged_on", "id")
