# SPDX-License-Identifier: EUPL-1.2
"""The request file end to end: a Woo-verzoek with its terms, a third party's view, a
deelbesluit made known, the two-week wait, a voorlopige voorziening that blocks disclosure, and
a bezwaar that reverses the decision by a new version linked to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from catalogue.audit.models import AuditEvent
from catalogue.errors import Conflict, Invalid, NotPermitted
from tests.wooexemptions.test_decisions import WITHHELD, People, people
from wooexemptions import queries, requests
from wooexemptions import services as decisions
from wooexemptions.besluit import Besluit
from wooexemptions.deadlines import Due
from wooexemptions.models import AppealKind, AppealOutcome, Decision, RequestStatus
from wooexemptions.rules import Basis
from wooexemptions.states import DecisionState

__all__ = ["people"]  # the fixture, shared

RECEIVED = date(2026, 3, 7)  # a Saturday; four weeks end in the Easter weekend
BESLUIT = Besluit(
    bestuursorgaan="het college van burgemeester en wethouders",
    signatory="de teamleider Informatiebeheer",
    remedies="Binnen zes weken na bekendmaking kunt u bezwaar maken bij het college.",
    besluit_url="https://open.overheid.nl/documenten/voorbeeld-besluit",
    inventory_url="https://open.overheid.nl/documenten/voorbeeld-inventaris",
    covers="https://code.example.nl/fraudescore@3f2a9c1",
)


async def new_request(people: People, today: date = date(2026, 3, 9)):  # type: ignore[no-untyped-def]
    return await requests.record_request(
        principal=people.alice,
        organisation_id=people.organisation.pk,
        zaaknummer="WOO-2026-0042",
        received_on=RECEIVED,
        subject="De broncode van fraudescore",
        requester_name="Jan Verzoeker",
        requester_email="jan@verzoeker.example",
        software_id=people.software.pk,
        today=today,
    )


async def test_a_request_file_keeps_its_terms(people: People) -> None:
    request = await new_request(people)
    terms = queries.terms_of(request, [], today=date(2026, 3, 9))
    assert terms.deadline == date(2026, 4, 7) and terms.due is Due.RUNNING
    with pytest.raises(Invalid) as late:
        await requests.extend(
            principal=people.alice, request=request, notified_on=date(2026, 4, 8),
            reason="Veel code.", today=date(2026, 4, 8),
        )  # fmt: skip
    assert "on or before 2026-04-07" in late.value.errors["notified_on"]
    await requests.extend(
        principal=people.alice, request=request, notified_on=date(2026, 4, 1),
        reason="De code is omvangrijk.", today=date(2026, 4, 1),
    )  # fmt: skip
    with pytest.raises(Conflict):
        await requests.extend(
            principal=people.bob, request=request, notified_on=date(2026, 4, 2),
            reason="Nog eens.", today=date(2026, 4, 2),
        )  # fmt: skip
    party = await requests.ask_third_party(
        principal=people.alice, request=request, name="Leverancier B.V.",
        asked_on=date(2026, 3, 20), today=date(2026, 3, 20),
    )  # fmt: skip
    terms = queries.terms_of(request, [party], today=date(2026, 3, 30))
    assert terms.suspended_days == 10 and terms.deadline == date(2026, 4, 28)
    await requests.third_party_answered(
        principal=people.alice, party=party, answered_on=date(2026, 4, 3),
        view="Bezwaar: bevat onze bedrijfsgeheimen.", objects=True, today=date(2026, 4, 3),
    )  # fmt: skip
    # 4 + 2 weeks from 7 March end on 18 April; 14 days suspended: 2 May, a Saturday → 4 May
    terms = queries.terms_of(request, [party], today=date(2026, 4, 28))
    assert terms.deadline == date(2026, 5, 4) and terms.due is Due.DUE_SOON
    [listed] = await queries.requests_due(people.alice, today=date(2026, 5, 5))
    assert listed.due is Due.OVERDUE and listed.request.pk == request.pk
    assert await queries.requests_due(people.dev, today=date(2026, 5, 5)) == []


async def test_only_the_organisations_officers_keep_a_request_file(people: People) -> None:
    for someone in (people.dev, people.eve, people.admin):
        with pytest.raises(NotPermitted):
            await requests.record_request(
                principal=someone, organisation_id=people.organisation.pk, zaaknummer="X",
                received_on=RECEIVED, subject="", requester_name="", requester_email="",
                today=RECEIVED,
            )  # fmt: skip
    request = await new_request(people)
    assert await queries.request_for(people.admin, request.pk) is None
    assert await queries.request_for(people.eve, request.pk) is None
    assert (await queries.request_for(people.bob, request.pk)) is not None
    with pytest.raises(Conflict):
        await new_request(people)  # one case number once per organisation
    with pytest.raises(Invalid) as future:
        await requests.record_request(
            principal=people.alice, organisation_id=people.organisation.pk, zaaknummer="Y",
            received_on=date(2026, 3, 10), subject="", requester_name="",
            requester_email="geen adres", today=date(2026, 3, 9),
        )  # fmt: skip
    assert set(future.value.errors) == {"received_on", "requester_email"}


async def on_request(people: People) -> tuple[object, Decision]:
    """A deelbesluit on the request, approved and made known; the third party objects."""
    request = await new_request(people)
    party = await requests.ask_third_party(
        principal=people.alice, request=request, name="Leverancier B.V.",
        asked_on=date(2026, 3, 20), today=date(2026, 3, 20),
    )  # fmt: skip
    await requests.third_party_answered(
        principal=people.alice, party=party, answered_on=date(2026, 3, 27),
        view="Wij maken bezwaar.", objects=True, today=date(2026, 3, 27),
    )  # fmt: skip
    content = replace(
        WITHHELD,
        basis=Basis.REQUEST,
        decided_on=date(2026, 4, 10),
        review_on=date(2029, 4, 10),
        besluit=replace(BESLUIT, made_known_on=date(2026, 4, 13)),
    )
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=content
    )
    draft = await requests.attach_decision(principal=people.alice, request=request, decision=draft)
    assert draft.basis == Basis.REQUEST and draft.request_id == request.pk
    draft = await decisions.submit(
        principal=people.alice, decision=draft, lock_version=1, today=date(2026, 4, 10)
    )
    approved = await decisions.approve(principal=people.bob, decision=draft, lock_version=2)
    return request, approved


async def test_disclosure_waits_two_weeks_and_for_a_voorlopige_voorziening(people: People) -> None:
    _, approved = await on_request(people)
    with pytest.raises(Conflict) as waiting:
        await decisions.publish(
            principal=people.bob, decision=approved, lock_version=3, today=date(2026, 4, 27)
        )
    assert "on 2026-04-28 (art. 4.4 lid 5 Woo)" in str(waiting.value)
    relief = await requests.lodge_appeal(
        principal=people.alice, decision=approved, kind=AppealKind.VOORLOPIGE_VOORZIENING,
        lodged_on=date(2026, 4, 20), today=date(2026, 4, 20), court="Rechtbank Den Haag",
    )  # fmt: skip
    with pytest.raises(Conflict) as blocked:
        await decisions.publish(
            principal=people.bob, decision=approved, lock_version=3, today=date(2026, 4, 28)
        )
    assert "voorlopige voorziening" in str(blocked.value)
    with pytest.raises(Invalid):  # a voorlopige voorziening is granted or refused
        await requests.decide_appeal(
            principal=people.alice, appeal=relief, outcome=AppealOutcome.UPHELD,
            decided_on=date(2026, 5, 6), today=date(2026, 5, 6),
        )  # fmt: skip
    await requests.decide_appeal(
        principal=people.alice, appeal=relief, outcome=AppealOutcome.REFUSED,
        decided_on=date(2026, 5, 6), today=date(2026, 5, 6), ecli="ECLI:NL:RBDHA:2026:1234",
    )  # fmt: skip
    published = await decisions.publish(
        principal=people.bob, decision=approved, lock_version=3, today=date(2026, 5, 7)
    )
    assert published.state is DecisionState.PUBLISHED


async def test_an_upheld_bezwaar_becomes_a_new_version_linked_to_it(people: People) -> None:
    request, approved = await on_request(people)
    published = await decisions.publish(
        principal=people.bob, decision=approved, lock_version=3, today=date(2026, 4, 28)
    )
    bezwaar = await requests.lodge_appeal(
        principal=people.alice, decision=published, kind=AppealKind.BEZWAAR,
        lodged_on=date(2026, 5, 20), today=date(2026, 5, 20), committee=True,
    )  # fmt: skip
    with pytest.raises(Invalid):  # a pending bezwaar is carried out by nothing yet
        await decisions.revise(principal=people.alice, decision=published, follows_appeal=bezwaar)
    await requests.decide_appeal(
        principal=people.bob, appeal=bezwaar, outcome=AppealOutcome.UPHELD,
        decided_on=date(2026, 7, 1), today=date(2026, 7, 1),
        summary="Gegrond: de selectieregels zijn niet langer geheim.",
    )  # fmt: skip
    new = await decisions.revise(principal=people.alice, decision=published, follows_appeal=bezwaar)
    assert (new.version, new.state, new.follows_appeal_id) == (2, DecisionState.DRAFT, bezwaar.pk)
    assert new.request_id == request.pk  # still a decision on the same request
    assert [a.pk for a in await queries.appeals_of(published.pk)] == [bezwaar.pk]


async def test_no_audit_event_carries_the_requester(people: People) -> None:
    await on_request(people)
    for event in await AuditEvent.all():
        text = f"{event.before} {event.after}"
        assert "Jan Verzoeker" not in text and "jan@verzoeker.example" not in text
    assert (await queries.public_requests(people.software.pk))[0].status is RequestStatus.OPEN


async def test_the_daily_job_lists_requests_due_and_leaves_request_decisions_unreviewed(
    people: People,
) -> None:
    from wooexemptions import reviews

    request, approved = await on_request(people)
    published = await decisions.publish(
        principal=people.bob, decision=approved, lock_version=3, today=date(2026, 4, 28)
    )
    # four weeks from 7 March, seven days suspended: Saturday 11 April, so Monday 13 April
    assert (await reviews.run(date(2026, 4, 1))).requests == {}
    [soon] = (await reviews.run(date(2026, 4, 8))).requests[people.organisation.pk]
    assert soon.due is Due.DUE_SOON and soon.deadline == date(2026, 4, 13)
    [terms] = (await reviews.run(date(2026, 4, 14))).requests[people.organisation.pk]
    assert terms.request.pk == request.pk and terms.due is Due.OVERDUE
    later = await reviews.run(date(2029, 5, 1))  # past its review date: final, not reviewed
    assert later.due == {}
    assert (await Decision.get(id=published.pk)).state is DecisionState.PUBLISHED


async def test_the_demo_has_an_example_request_with_a_bezwaar_and_its_outcome(db: str) -> None:
    from wooexemptions.examples import load_examples
    from wooexemptions.models import Appeal, WooRequest

    await load_examples()
    request = await WooRequest.get(zaaknummer="WOO-VB-2026-001")
    assert request.is_example and request.requester_name == request.requester_email == ""
    first, second = await Decision.filter(request_id=request.pk).order_by("version")
    [appeal] = await Appeal.filter(decision_id=first.pk)
    assert appeal.outcome is AppealOutcome.UPHELD and second.follows_appeal_id == appeal.pk
    assert (first.state, second.state) == (DecisionState.SUPERSEDED, DecisionState.PUBLISHED)
    assert await load_examples() == 0  # loading twice adds nothing
