# SPDX-License-Identifier: EUPL-1.2
"""The decision state machine: every transition, allowed and refused by role; the four-eyes
rule; concurrent approval; published versions never edited; the release status following."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.audit.events import verify_chain
from catalogue.audit.models import AuditEvent
from catalogue.errors import Conflict, Invalid, NotPermitted
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Principal, Role
from catalogue.software.models import Software
from tests.factories import make_organisation, make_software
from wooexemptions import services as decisions
from wooexemptions.models import Decision, DecisionGround
from wooexemptions.rules import DecisionContent, GroundUse, ItemKind, Outcome, ScopeItem
from wooexemptions.states import DecisionState

TODAY = date(2026, 6, 1)
WITHHELD = DecisionContent(
    outcome=Outcome.PARTLY_OPEN,
    items=(
        ScopeItem(ItemKind.WHOLE, "fraudescore", withheld=False),
        ScopeItem(
            ItemKind.ARTEFACT,
            "selection rules",
            withheld=True,
            grounds=(
                GroundUse(
                    "woo-5.1.2.d",
                    "The rules say which applications are checked first.",
                    "Knowing them lets fraudsters avoid checks; this outweighs openness now.",
                ),
            ),
        ),
    ),
    licence="EUPL-1.2",
    decided_on=TODAY,
    review_on=date(2029, 6, 1),
    summary="The code is open, the selection rules are not.",
)


@dataclass
class People:
    organisation: Organisation
    software: Software
    alice: Principal  # publication officer
    bob: Principal  # publication officer
    dev: Principal  # developer
    eve: Principal  # publication officer of another organisation
    admin: Principal  # site administrator


async def principal(
    email: str, *grants: tuple[Organisation, Role], admin: bool = False
) -> Principal:
    user = await accounts.create_user(email=email, password=None, actor="test", is_site_admin=admin)
    for organisation, role in grants:
        await accounts.grant(user=user, organisation=organisation, role=role, actor="test")
    return await sessions.principal_for(user)


@pytest.fixture
async def people(db: str) -> People:
    organisation = await make_organisation("Uitvoeringsinstituut", account="uwv")
    other = await make_organisation("Gemeente Elders", account="elders")
    return People(
        organisation=organisation,
        software=await make_software(organisation, "fraudescore"),
        alice=await principal("alice@uwv.nl", (organisation, Role.PUBLICATION_OFFICER)),
        bob=await principal("bob@uwv.nl", (organisation, Role.PUBLICATION_OFFICER)),
        dev=await principal("dev@uwv.nl", (organisation, Role.DEVELOPER)),
        eve=await principal("eve@elders.nl", (other, Role.PUBLICATION_OFFICER)),
        admin=await principal("root@example.nl", admin=True),
    )


async def published(people: People, content: DecisionContent = WITHHELD) -> Decision:
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=content
    )
    submitted = await decisions.submit(
        principal=people.alice, decision=draft, lock_version=0, today=TODAY
    )
    approved = await decisions.approve(principal=people.bob, decision=submitted, lock_version=1)
    return await decisions.publish(
        principal=people.bob, decision=approved, lock_version=2, today=TODAY
    )


async def test_the_whole_way_to_the_register(people: People) -> None:
    decision = await published(people)
    assert decision.state is DecisionState.PUBLISHED
    assert (decision.decider_id, decision.approver_id) == (people.alice.user_id, people.bob.user_id)
    assert decision.published_on == TODAY and decision.version == 1
    assert await DecisionGround.filter(decision=decision).values_list("code", flat=True) == [
        "woo-5.1.2.d"
    ]
    software = await Software.get(id=people.software.pk)
    assert software.release_status.value == "partly_open"
    actions = await AuditEvent.filter(target_type="Decision").values_list("action", flat=True)
    assert list(actions) == [
        "register:decision:draft",
        "register:decision:submit",
        "register:decision:approve",
        "register:decision:publish",
    ]
    assert (await verify_chain()).broken_at is None


@pytest.mark.parametrize("who", ["dev", "eve", "anonymous"])
async def test_only_the_organisations_officers_may_draft(people: People, who: str) -> None:
    someone = Principal() if who == "anonymous" else getattr(people, who)
    with pytest.raises(NotPermitted):
        await decisions.start_draft(principal=someone, software=people.software, content=WITHHELD)
    assert await Decision.all().count() == 0


async def test_four_eyes_the_decider_may_not_approve(people: People) -> None:
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    submitted = await decisions.submit(
        principal=people.alice, decision=draft, lock_version=0, today=TODAY
    )
    with pytest.raises(Invalid) as refused:
        await decisions.approve(principal=people.alice, decision=submitted, lock_version=1)
    assert "approver" in refused.value.errors
    for outsider in (people.eve, people.dev, people.admin):  # the admin holds no officer role
        with pytest.raises(NotPermitted):
            await decisions.approve(principal=outsider, decision=submitted, lock_version=1)
    assert (await Decision.get(id=draft.pk)).state is DecisionState.SUBMITTED


async def test_an_incomplete_draft_cannot_be_submitted(people: People) -> None:
    incomplete = DecisionContent(
        outcome=Outcome.WITHHELD,
        items=(
            ScopeItem(
                ItemKind.WHOLE,
                "",
                withheld=True,
                grounds=(GroundUse("woo-5.1.2.h", "Sabotage of the system is a real risk."),),
            ),
        ),
        decided_on=TODAY,
    )
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=incomplete
    )
    with pytest.raises(Invalid) as refused:
        await decisions.submit(principal=people.alice, decision=draft, lock_version=0, today=TODAY)
    assert set(refused.value.errors) >= {"items[0].grounds[0].weighing", "review_on"}


async def test_rejection_sends_it_back_with_a_reason(people: People) -> None:
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    submitted = await decisions.submit(
        principal=people.alice, decision=draft, lock_version=0, today=TODAY
    )
    with pytest.raises(Invalid):
        await decisions.reject(principal=people.bob, decision=submitted, reason=" ", lock_version=1)
    back = await decisions.reject(
        principal=people.bob,
        decision=submitted,
        reason="Weigh the public interest more.",
        lock_version=1,
    )
    assert back.state is DecisionState.DRAFT
    assert back.rejection_reason == "Weigh the public interest more."
    again = await decisions.submit(
        principal=people.alice, decision=back, lock_version=2, today=TODAY
    )
    assert again.rejection_reason == ""


@pytest.mark.commits  # two approvals at once
async def test_two_officers_approving_at_once_exactly_one_wins(people: People) -> None:
    carol = await principal("carol@uwv.nl", (people.organisation, Role.PUBLICATION_OFFICER))
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    submitted = await decisions.submit(
        principal=people.alice, decision=draft, lock_version=0, today=TODAY
    )
    outcomes = await asyncio.gather(
        decisions.approve(principal=people.bob, decision=submitted, lock_version=1),
        decisions.approve(principal=carol, decision=submitted, lock_version=1),
        return_exceptions=True,
    )
    won = [o for o in outcomes if isinstance(o, Decision)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    assert "changed since you read it" in str(lost[0])
    stored = await Decision.get(id=draft.pk)
    assert stored.approver_id == won[0].approver_id and stored.lock_version == 2
    approvals = await AuditEvent.filter(action="register:decision:approve").count()
    assert approvals == 1


async def test_a_stale_edit_conflicts(people: People) -> None:
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    await decisions.update_draft(
        principal=people.bob, decision=draft, content=WITHHELD, advisers="CISO", lock_version=0
    )
    with pytest.raises(Conflict):
        await decisions.update_draft(
            principal=people.alice, decision=draft, content=WITHHELD, advisers="", lock_version=0
        )
    assert (await Decision.get(id=draft.pk)).advisers == "CISO"


async def test_published_versions_are_never_edited_a_change_is_a_new_version(
    people: People,
) -> None:
    first = await published(people)
    with pytest.raises(Conflict):
        await decisions.update_draft(
            principal=people.alice, decision=first, content=WITHHELD, advisers="", lock_version=3
        )
    draft = await decisions.revise(principal=people.alice, decision=first)
    assert (draft.version, draft.state, draft.supersedes_id) == (2, DecisionState.DRAFT, first.pk)
    with pytest.raises(Conflict):  # one version in preparation at a time
        await decisions.revise(principal=people.bob, decision=first)
    opened = DecisionContent(
        outcome=Outcome.OPEN,
        items=(ScopeItem(ItemKind.WHOLE, "fraudescore", withheld=False),),
        licence="EUPL-1.2",
        decided_on=date(2027, 1, 1),
    )
    draft = await decisions.update_draft(
        principal=people.alice, decision=draft, content=opened, advisers="", lock_version=0
    )
    draft = await decisions.submit(
        principal=people.alice, decision=draft, lock_version=1, today=date(2027, 1, 1)
    )
    draft = await decisions.approve(principal=people.bob, decision=draft, lock_version=2)
    second = await decisions.publish(
        principal=people.alice, decision=draft, lock_version=3, today=date(2027, 1, 2)
    )
    old = await Decision.get(id=first.pk)
    assert old.state is DecisionState.SUPERSEDED
    assert old.items == (await Decision.get(id=first.pk)).items  # unchanged content
    assert old.outcome is Outcome.PARTLY_OPEN and second.outcome is Outcome.OPEN
    assert (await Software.get(id=people.software.pk)).release_status.value == "open"


async def test_confirm_at_review_gives_a_new_version_a_second_officer_approves(
    people: People,
) -> None:
    """Issue 14.7 / 17.9: confirming at review no longer publishes on one officer's word; the
    confirmed version waits for a second officer, and only its publication supersedes."""
    first = await published(people)
    await Decision.filter(id=first.pk).update(state=DecisionState.REVIEW_DUE)
    due = await Decision.get(id=first.pk)
    later = date(2029, 6, 2)
    with pytest.raises(Invalid):
        await decisions.confirm(
            principal=people.alice, decision=due, reason="", review_on=None, today=later,
            lock_version=3,
        )  # fmt: skip
    new = await decisions.confirm(
        principal=people.alice,
        decision=due,
        reason="The rules are still in use and still effective.",
        review_on=None,
        today=later,
        lock_version=3,
    )
    assert (new.version, new.state, new.decided_on) == (2, DecisionState.SUBMITTED, later)
    assert new.decider_id == people.alice.user_id and new.review_on == date(2034, 6, 2)
    assert (await Decision.get(id=first.pk)).state is DecisionState.REVIEW_DUE  # still in force
    with pytest.raises(Invalid) as refused:
        await decisions.approve(principal=people.alice, decision=new, lock_version=0)
    assert "you took it yourself" in refused.value.errors["approver"]
    approved = await decisions.approve(principal=people.bob, decision=new, lock_version=0)
    await decisions.publish(principal=people.bob, decision=approved, lock_version=1, today=later)
    assert (await Decision.get(id=first.pk)).state is DecisionState.SUPERSEDED
    assert (await Software.get(id=people.software.pk)).release_status.value == "partly_open"


async def test_withdrawing_takes_two_officers_and_leaves_the_software_undecided(
    people: People,
) -> None:
    first = await published(people)
    with pytest.raises(NotPermitted):
        await decisions.propose_withdrawal(
            principal=people.dev, decision=first, reason="x", lock_version=3
        )
    proposed = await decisions.propose_withdrawal(
        principal=people.alice,
        decision=first,
        reason="The software is no longer used.",
        lock_version=3,
    )
    assert proposed.state is DecisionState.WITHDRAWAL_PROPOSED
    assert (await Software.get(id=people.software.pk)).release_status.value == "partly_open"
    with pytest.raises(Invalid) as refused:
        await decisions.withdraw(principal=people.alice, decision=proposed, lock_version=4)
    assert "you proposed it yourself" in refused.value.errors["approver"]
    gone = await decisions.withdraw(principal=people.bob, decision=proposed, lock_version=4)
    assert gone.state is DecisionState.WITHDRAWN
    assert (await Software.get(id=people.software.pk)).release_status.value == "undecided"
    with pytest.raises(Conflict):
        await decisions.revise(principal=people.alice, decision=gone)


async def test_a_proposed_withdrawal_can_be_refused(people: People) -> None:
    first = await published(people)
    proposed = await decisions.propose_withdrawal(
        principal=people.alice, decision=first, reason="No longer used.", lock_version=3
    )
    kept = await decisions.keep(
        principal=people.bob, decision=proposed, reason="It is still used.", lock_version=4
    )
    assert kept.state is DecisionState.PUBLISHED and kept.withdrawal_proposed_by_id is None


async def test_who_edited_a_version_may_not_approve_it(people: People) -> None:
    """Issue 17.9: four eyes means the approver did not draft or edit the version either."""
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    draft = await decisions.update_draft(
        principal=people.bob, decision=draft, content=WITHHELD, advisers="CISO", lock_version=0
    )
    assert sorted(draft.edited_by) == sorted([people.alice.user_id, people.bob.user_id])
    carol = await principal("carol@uwv.nl", (people.organisation, Role.PUBLICATION_OFFICER))
    submitted = await decisions.submit(principal=carol, decision=draft, lock_version=1, today=TODAY)
    with pytest.raises(Invalid) as refused:
        await decisions.approve(principal=people.bob, decision=submitted, lock_version=2)
    assert "you drafted or edited this version" in refused.value.errors["approver"]
    with pytest.raises(Invalid):
        await decisions.approve(principal=people.alice, decision=submitted, lock_version=2)
    dave = await principal("dave@uwv.nl", (people.organisation, Role.PUBLICATION_OFFICER))
    approved = await decisions.approve(principal=dave, decision=submitted, lock_version=2)
    assert approved.approver_id == dave.user_id


async def test_a_decision_dated_in_the_future_cannot_be_submitted(people: People) -> None:
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    with pytest.raises(Invalid) as refused:
        await decisions.submit(
            principal=people.alice, decision=draft, lock_version=0, today=date(2026, 5, 31)
        )
    assert "cannot be dated in the future" in refused.value.errors["decided_on"]


@pytest.mark.parametrize(
    ("step", "state"),
    [
        ("submit", DecisionState.SUBMITTED),
        ("approve", DecisionState.DRAFT),
        ("publish", DecisionState.SUBMITTED),
        ("reject", DecisionState.APPROVED),
    ],
)
async def test_a_transition_from_the_wrong_state_conflicts(
    people: People, step: str, state: DecisionState
) -> None:
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    await Decision.filter(id=draft.pk).update(state=state, decider_id=people.alice.user_id)
    decision = await Decision.get(id=draft.pk)
    kwargs: dict[str, object] = {"reason": "because"} if step == "reject" else {}
    if step in ("publish", "submit"):
        kwargs["today"] = TODAY
    with pytest.raises(Conflict) as refused:
        await getattr(decisions, step)(
            principal=people.bob, decision=decision, lock_version=0, **kwargs
        )
    assert f"a {state.value} decision cannot become" in str(refused.value)


STEPS = (
    "submit",
    "reject",
    "approve",
    "publish",
    "revise",
    "confirm",
    "propose_withdrawal",
    "withdraw",
    "keep",
)
# The state a decision must be in for each step, and who may take it there (besides the
# four-eyes rule: bob approves what alice submitted).
READY = {
    "submit": DecisionState.DRAFT,
    "reject": DecisionState.SUBMITTED,
    "approve": DecisionState.SUBMITTED,
    "publish": DecisionState.APPROVED,
    "revise": DecisionState.PUBLISHED,
    "confirm": DecisionState.REVIEW_DUE,
    "propose_withdrawal": DecisionState.PUBLISHED,
    "withdraw": DecisionState.WITHDRAWAL_PROPOSED,
    "keep": DecisionState.WITHDRAWAL_PROPOSED,
}


@pytest.mark.parametrize("who", ["bob", "dev", "eve", "admin", "anonymous"])
@pytest.mark.parametrize("step", STEPS)
async def test_every_transition_by_role(people: People, step: str, who: str) -> None:
    """Only the organisation's publication officers move a decision; the site administrator
    may draft and revise (a draft is no decision) but neither decides nor approves."""
    draft = await decisions.start_draft(
        principal=people.alice, software=people.software, content=WITHHELD
    )
    await Decision.filter(id=draft.pk).update(
        state=READY[step],
        decider_id=people.alice.user_id,
        withdrawal_proposed_by_id=people.alice.user_id,
    )
    decision = await Decision.get(id=draft.pk)
    someone = Principal() if who == "anonymous" else getattr(people, who)
    arguments = {
        "submit": {"lock_version": 0, "today": TODAY},
        "reject": {"lock_version": 0, "reason": "Nog niet af."},
        "approve": {"lock_version": 0},
        "publish": {"lock_version": 0, "today": TODAY},
        "revise": {},
        "confirm": {
            "lock_version": 0,
            "reason": "Nog steeds nodig.",
            "review_on": None,
            "today": TODAY,
        },
        "propose_withdrawal": {"lock_version": 0, "reason": "Niet meer in gebruik."},
        "withdraw": {"lock_version": 0},
        "keep": {"lock_version": 0, "reason": "Nog in gebruik."},
    }[step]
    allowed = who == "bob" or (who == "admin" and step == "revise")
    events = await AuditEvent.all().count()
    if allowed:
        moved = await getattr(decisions, step)(principal=someone, decision=decision, **arguments)
        assert (
            moved.pk != decision.pk if step in ("revise", "confirm") else moved.state != READY[step]
        )
        assert await AuditEvent.all().count() > events
    else:
        with pytest.raises(NotPermitted):
            await getattr(decisions, step)(principal=someone, decision=decision, **arguments)
        assert (await Decision.get(id=draft.pk)).state is READY[step]
        assert await Decision.filter(software=people.software).count() == 1
        refusal = await AuditEvent.all().order_by("-id").first()
        assert refusal is not None and refusal.action == "accounts:write:refuse"
        assert await AuditEvent.all().count() == events + 1
