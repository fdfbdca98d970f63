# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from wooexemptions.besluit import Besluit
from wooexemptions.rules import (
    MAX_REVIEW_YEARS,
    Basis,
    DecisionContent,
    GroundUse,
    ItemKind,
    OtherReason,
    Outcome,
    ReasonKind,
    ScopeItem,
    applied_grounds,
    check,
    check_approval,
    latest_review_date,
    older_than_five_years,
    something_released,
    warnings,
)

DECIDED = date(2025, 3, 1)
BESLUIT = Besluit(
    bestuursorgaan="de minister van Binnenlandse Zaken en Koninkrijksrelaties",
    signatory="de directeur Digitale Overheid",
    remedies="Binnen zes weken na bekendmaking kunt u bezwaar maken bij de minister.",
)
LATEST_REVIEW = date(2030, 3, 1)


def use(code: str, motivation: str = "Why it applies.", weighing: str = "Why.") -> GroundUse:
    return GroundUse(code, motivation, weighing)


def withheld_whole(*grounds: GroundUse, postponed: bool = False) -> ScopeItem:
    return ScopeItem(ItemKind.WHOLE, "", withheld=True, grounds=grounds, postponed=postponed)


RELEASED_WHOLE = ScopeItem(ItemKind.WHOLE, "Toeslagen rekenkern", withheld=False)
RULES = ScopeItem(
    ItemKind.ARTEFACT, "config/selection-rules.yaml", withheld=True, grounds=(use("woo-5.1.2.d"),)
)
OPEN = DecisionContent(Outcome.OPEN, (RELEASED_WHOLE,), licence="EUPL-1.2", decided_on=DECIDED)
PARTLY_OPEN = DecisionContent(
    Outcome.PARTLY_OPEN,
    (RELEASED_WHOLE, RULES),
    licence="EUPL-1.2 OR MIT",
    decided_on=DECIDED,
    review_on=LATEST_REVIEW,
    summary="The code is open; the selection rules are not.\nSee the motivation.",
)
WITHHELD = DecisionContent(
    Outcome.WITHHELD,
    (withheld_whole(use("woo-5.1.1.b", weighing="")),),  # absolute: no weighing
    decided_on=DECIDED,
    review_on=DECIDED,
)
OPEN_LATER = DecisionContent(
    Outcome.OPEN_LATER,
    (withheld_whole(use("woo-5.1.2.i"), postponed=True),),
    licence="EUPL-1.2",
    open_later_date=date(2025, 9, 1),
    decided_on=DECIDED,
    review_on=date(2026, 3, 1),
)
VALID = {
    "open": OPEN,
    "partly open": PARTLY_OPEN,
    "withheld, absolute ground": WITHHELD,
    "withheld, relative ground with weighing": replace(
        WITHHELD, items=(withheld_whole(use("woo-5.1.2.h")),)
    ),
    "open later with a date": OPEN_LATER,
    "open later with a trigger": replace(
        OPEN_LATER, open_later_date=None, open_later_trigger="when the policy is announced"
    ),
    "open later with both": replace(OPEN_LATER, open_later_trigger="after the elections"),
    "open later on the temporary ground": replace(
        OPEN_LATER, items=(withheld_whole(use("woo-5.1.4", weighing=""), postponed=True),)
    ),
    "partly open for a non-Woo reason": replace(
        PARTLY_OPEN,
        items=(
            RELEASED_WHOLE,
            ScopeItem(
                ItemKind.COMPONENT,
                "vendor/kernel",
                withheld=True,
                reasons=(OtherReason(ReasonKind.THIRD_PARTY_LICENCE, "Its licence forbids it."),),
            ),
        ),
    ),
    "withheld whole with released path": replace(
        PARTLY_OPEN,
        items=(
            withheld_whole(use("woo-5.1.2.c")),
            ScopeItem(ItemKind.PATH, "docs/", withheld=False),
        ),
    ),
    "environmental information": replace(
        PARTLY_OPEN,
        items=(
            replace(RELEASED_WHOLE, environmental=True),
            replace(RULES, grounds=(use("woo-5.1.6"),), environmental=True),
        ),
    ),
    "disproportionate harm alone": replace(
        PARTLY_OPEN, items=(RELEASED_WHOLE, replace(RULES, grounds=(use("woo-5.1.5"),)))
    ),
    # 5.1 lid 5 bars only lid 1 and lid 2 grounds on the same information, not 5.2
    "disproportionate harm with personal policy opinions": replace(
        PARTLY_OPEN,
        items=(RELEASED_WHOLE, replace(RULES, grounds=(use("woo-5.1.5"), use("woo-5.2.1")))),
    ),
    # 5.1 lid 4 applies "voor zover": per item, in a partly open decision, with a date
    "postponed item in a partly open decision": replace(
        PARTLY_OPEN,
        items=(
            RELEASED_WHOLE,
            replace(
                RULES,
                grounds=(use("woo-5.1.4", weighing=""),),
                postponed=True,
                open_on=date(2025, 6, 1),
            ),
        ),
    ),
    "environmental information on confidential acts": replace(
        PARTLY_OPEN,
        items=(
            replace(RELEASED_WHOLE, environmental=True),
            replace(
                RULES, grounds=(use("woo-5.1.2.b"),), environmental=True, confidential_acts=True
            ),
        ),
    ),
    "emission data withheld for personal policy opinions only": replace(
        PARTLY_OPEN,
        items=(
            RELEASED_WHOLE,
            replace(RULES, grounds=(use("woo-5.2.4"),), environmental=True, emissions=True),
        ),
    ),
    # disclosure under the Woo is no open-source release: no licence for reuse needed
    "disclosed for transparency only": replace(
        OPEN, licence=None, disclosure_only=True, licence_exceptions="lib/vendor: no licence"
    ),
    "on a request for recent code": replace(
        PARTLY_OPEN, basis=Basis.REQUEST, code_dated=date(2022, 1, 1), besluit=BESLUIT
    ),
}


@pytest.mark.parametrize("content", VALID.values(), ids=VALID.keys())
def test_a_valid_decision_has_no_errors(content: DecisionContent) -> None:
    assert check(content, complete=True) == {}
    assert check(content, complete=False) == {}


def rules_with(**changes: object) -> DecisionContent:
    """PARTLY_OPEN with its withheld item (items[1]) changed."""
    return replace(PARTLY_OPEN, items=(RELEASED_WHOLE, replace(RULES, **changes)))


def whole_with(**changes: object) -> DecisionContent:
    """PARTLY_OPEN with its released item (items[0]) changed."""
    return replace(PARTLY_OPEN, items=(replace(RELEASED_WHOLE, **changes), RULES))


G0 = "items[1].grounds[0]"
LONG = "x" * 10_001
COMPLETE_ERRORS = [
    # grounds
    (rules_with(grounds=(use("woo-5.1.2.d", weighing=" "),)), f"{G0}.weighing", "Weigh the"),
    (rules_with(grounds=(use("woo-5.1.2.d", motivation=""),)), f"{G0}.motivation", "Explain why"),
    (
        rules_with(grounds=(use("woo-5.1.5"), use("woo-5.1.2.d"))),
        "items[1].grounds",
        "Art. 5.1 lid 5 Woo cannot be combined with a ground of art. 5.1 lid 1 or lid 2",
    ),
    (
        rules_with(grounds=(use("woo-5.1.1.e"), use("woo-5.1.5"))),
        "items[1].grounds",
        "cannot be combined",
    ),
    (
        rules_with(grounds=(use("woo-5.1.5"),), environmental=True),
        f"{G0}.code",
        "Art. 5.1 lid 5 Woo does not apply to environmental information",
    ),
    (
        rules_with(grounds=(use("woo-5.1.1.c"),), environmental=True),
        f"{G0}.code",
        "Art. 5.1 lid 1 onder c Woo does not apply to environmental information",
    ),
    (
        rules_with(grounds=(use("woo-5.1.6"),)),
        f"{G0}.code",
        "Art. 5.1 lid 6 Woo applies to environmental information only",
    ),
    (rules_with(grounds=(use("woo-5.2.2"),)), f"{G0}.code", "5.2 lid 2 Woo is no ground to"),
    (rules_with(grounds=(use("woo-5.3"),)), f"{G0}.code", "Art. 5.3 Woo is no ground to withhold"),
    (rules_with(grounds=(use("woo-5.1.4"),)), f"{G0}.code", "only postpones release"),
    # 5.1 lid 4 "voor zover", per item, with its term
    (
        rules_with(grounds=(use("woo-5.1.4", weighing=""),), postponed=True),
        "items[1].open_on",
        "Give the date on which this postponed item is released",
    ),
    (
        replace(
            OPEN_LATER,
            open_later_date=None,
            open_later_trigger="after the debate",
            items=(withheld_whole(use("woo-5.1.4", weighing=""), postponed=True),),
        ),
        "items[0].open_on",
        "Art. 5.1 lid 4 Woo requires the term",
    ),
    (
        rules_with(postponed=True, open_on=date(2025, 2, 1)),
        "items[1].open_on",
        "cannot be before the date of the decision",
    ),
    (rules_with(open_on=date(2026, 1, 1)), "items[1].open_on", "Only a postponed item"),
    (whole_with(postponed=True), "items[0].postponed", "Only a withheld item"),
    # 5.1 lid 7 and the environmental limits, per item
    (
        rules_with(grounds=(use("woo-5.1.2.d"),), environmental=True, emissions=True),
        f"{G0}.code",
        "Art. 5.1 lid 7 Woo: art. 5.1 lid 2 onder d does not apply",
    ),
    (
        rules_with(grounds=(use("woo-5.1.6"),), environmental=True, emissions=True),
        f"{G0}.code",
        "Art. 5.1 lid 7 Woo",
    ),
    (
        rules_with(emissions=True, grounds=(use("woo-5.2.1", weighing=""),)),
        "items[1].emissions",
        "mark it so too",
    ),
    (
        rules_with(grounds=(use("woo-5.1.2.b"),), environmental=True),
        f"{G0}.code",
        "acts of a confidential nature",
    ),
    # secrets are no reason to withhold
    (
        rules_with(reasons=(OtherReason(ReasonKind.SECRETS_TO_REMOVE, "Keys in the code."),)),
        "items[1].reasons[0].kind",
        "Secrets are no reason to withhold code",
    ),
    (rules_with(grounds=(use("woo-9.9"),)), f"{G0}.code", "Unknown Woo ground 'woo-9.9'"),
    (
        rules_with(grounds=(use("woo-5.1.2.d"), use("woo-5.1.2.d"))),
        "items[1].grounds[1].code",
        "already cited",
    ),
    # items
    (rules_with(grounds=()), "items[1].grounds", "Give a Woo ground or another reason"),
    (whole_with(grounds=(use("woo-5.1.2.d"),)), "items[0].grounds", "A released item cites no"),
    (
        whole_with(reasons=(OtherReason(ReasonKind.COST, "Too costly."),)),
        "items[0].reasons",
        "A released item has no reasons",
    ),
    (rules_with(name=" "), "items[1].name", "Name the path, component or artefact"),
    (
        rules_with(reasons=(OtherReason(ReasonKind.CONTRACT, ""),)),
        "items[1].reasons[0].text",
        "Explain this reason",
    ),
    (replace(PARTLY_OPEN, items=()), "items", "Add at least one item"),
    (
        replace(PARTLY_OPEN, items=(RELEASED_WHOLE, RULES, withheld_whole(use("woo-5.1.2.h")))),
        "items",
        "Only one item can stand for the whole software",
    ),
    # outcome
    (replace(PARTLY_OPEN, outcome=Outcome.OPEN), "outcome", "Some items are withheld"),
    (replace(PARTLY_OPEN, outcome=Outcome.WITHHELD, licence=None), "outcome", "are released"),
    (replace(WITHHELD, items=(replace(RULES, kind=ItemKind.PATH),)), "outcome", "whole software"),
    (replace(PARTLY_OPEN, items=(RULES,)), "outcome", "add a released one"),
    (replace(PARTLY_OPEN, items=(RELEASED_WHOLE,)), "outcome", "add a withheld one"),
    (replace(OPEN_LATER, open_later_date=None), "open_later_date", "or the event"),
    (replace(OPEN_LATER, items=(RELEASED_WHOLE,)), "outcome", "Open later needs an item withheld"),
    (
        replace(OPEN_LATER, items=(withheld_whole(use("woo-5.1.2.i")),)),
        "outcome",
        "mark it postponed",
    ),
    (replace(OPEN, open_later_date=DECIDED), "open_later_date", "Only an 'open later' decision"),
    (replace(OPEN, open_later_trigger="soon"), "open_later_trigger", "Only an 'open later'"),
    (replace(OPEN, outcome="maybe"), "outcome", "Choose an outcome: open, partly_open"),
    (whole_with(kind="everything"), "items[0].kind", "Choose what the item is"),
    (
        rules_with(reasons=(OtherReason("dislike", "We'd rather not."),)),  # type: ignore[arg-type]
        "items[1].reasons[0].kind",
        "Choose the kind of reason",
    ),
    # licence
    (replace(OPEN, licence=None), "licence", "or state that it is disclosed for transparency"),
    (replace(PARTLY_OPEN, licence=" "), "licence", "Give the open-source licence"),
    (replace(OPEN_LATER, licence=None), "licence", "Give the open-source licence"),
    (replace(OPEN, licence="EUPL"), "licence", "not a valid SPDX licence expression"),
    (replace(OPEN, licence="MIT OR"), "licence", "Use SPDX ids, e.g. EUPL-1.2"),
    (replace(OPEN, licence="MIT AND " * 200), "licence", "Shorten the licence expression"),
    # dates
    (replace(OPEN, decided_on=None), "decided_on", "Give the date of the decision"),
    (replace(PARTLY_OPEN, review_on=None), "review_on", "Set a review date"),
    (replace(WITHHELD, review_on=None), "review_on", "at most five years"),
    (replace(OPEN_LATER, review_on=None), "review_on", "(the register's review policy)"),
    (
        replace(WITHHELD, review_on=date(2030, 3, 2)),
        "review_on",
        "Review within five years (the register's review policy): on or before 2030-03-01",
    ),
    (replace(OPEN, code_dated=date(2025, 3, 2)), "code_dated", "cannot be dated after"),
    (replace(WITHHELD, review_on=date(2025, 2, 28)), "review_on", "cannot be before the date"),
    (replace(OPEN_LATER, open_later_date=date(2025, 2, 28)), "open_later_date", "cannot be"),
    # texts
    (rules_with(grounds=(use("woo-5.1.2.d", LONG),)), f"{G0}.motivation", "at most 10,000"),
    (rules_with(grounds=(use("woo-5.1.2.d", weighing=LONG),)), f"{G0}.weighing", "(it has 10,001)"),
    (
        rules_with(reasons=(OtherReason(ReasonKind.COST, LONG),)),
        "items[1].reasons[0].text",
        "at most 10,000 characters",
    ),
    (rules_with(name="x" * 301), "items[1].name", "at most 300 characters"),
    (replace(PARTLY_OPEN, summary="x" * 2_001), "summary", "at most 2,000 characters"),
    (
        rules_with(grounds=(use("woo-5.1.2.d", "Why\x00"),)),
        f"{G0}.motivation",
        "Remove the control characters",
    ),
    (replace(PARTLY_OPEN, summary="Open\x1b[31m"), "summary", "Remove the control characters"),
    (rules_with(name="config/\nrules"), "items[1].name", "Remove the line breaks"),
    (
        replace(OPEN_LATER, open_later_trigger="when\u2028announced"),
        "open_later_trigger",
        "line breaks",
    ),
    (replace(OPEN_LATER, open_later_trigger="x" * 501), "open_later_trigger", "at most 500"),
]


def ids(cases: list[tuple[DecisionContent, str, str]]) -> list[str]:
    return [f"{key}: {fragment}" for _, key, fragment in cases]


@pytest.mark.parametrize(("content", "key", "fragment"), COMPLETE_ERRORS, ids=ids(COMPLETE_ERRORS))
def test_each_rule_names_the_field_and_says_what_to_do(
    content: DecisionContent, key: str, fragment: str
) -> None:
    errors = check(content, complete=True)
    assert list(errors) == [key]
    assert fragment in errors[key]


def test_a_draft_tolerates_what_is_not_filled_in_yet() -> None:
    draft = DecisionContent(
        Outcome.PARTLY_OPEN,
        (
            ScopeItem(ItemKind.ARTEFACT, "", withheld=True, grounds=(GroundUse("woo-5.1.4", ""),)),
            ScopeItem(ItemKind.PATH, "", withheld=True, grounds=(GroundUse("woo-5.1.6", ""),)),
            ScopeItem(ItemKind.COMPONENT, "", withheld=True),
        ),
        licence="",
    )
    assert check(draft, complete=False) == {}
    assert check(DecisionContent(Outcome.OPEN, ()), complete=False) == {}


DRAFT_ERRORS = [
    (rules_with(grounds=(use("woo-9.9", ""),)), f"{G0}.code", "Unknown Woo ground"),
    (rules_with(grounds=(use("woo-5.3", ""),)), f"{G0}.code", "no ground to withhold"),
    (
        rules_with(grounds=(use("woo-5.1.2.d", ""), use("woo-5.1.5", ""))),
        "items[1].grounds",
        "cannot be combined",
    ),
    (
        rules_with(reasons=(OtherReason(ReasonKind.SECRETS_TO_REMOVE, ""),)),
        "items[1].reasons[0].kind",
        "Secrets are no reason",
    ),
    (
        rules_with(grounds=(use("woo-5.1.2.d", ""), use("woo-5.1.2.d", ""))),
        "items[1].grounds[1].code",
        "already cited",
    ),
    (rules_with(grounds=(use("woo-5.1.2.d", LONG),)), f"{G0}.motivation", "at most 10,000"),
    (rules_with(name="x" * 301), "items[1].name", "at most 300"),
    (replace(OPEN, licence="not a licence"), "licence", "not a valid SPDX"),
    (replace(WITHHELD, review_on=date(2031, 1, 1)), "review_on", "on or before 2030-03-01"),
    (replace(OPEN, outcome="maybe"), "outcome", "Choose an outcome"),
]


@pytest.mark.parametrize(("content", "key", "fragment"), DRAFT_ERRORS, ids=ids(DRAFT_ERRORS))
def test_a_draft_is_checked_for_what_it_says(
    content: DecisionContent, key: str, fragment: str
) -> None:
    errors = check(content, complete=False)
    assert list(errors) == [key]
    assert fragment in errors[key]


def test_one_message_per_field_the_first_found() -> None:
    content = rules_with(grounds=(use("woo-9.9"), use("woo-5.3")), name="a\nb" + "x" * 300)
    errors = check(content, complete=True)
    assert set(errors) == {f"{G0}.code", "items[1].grounds[1].code", "items[1].name"}
    assert "at most 300" in errors["items[1].name"]


def test_four_eyes() -> None:
    assert check_approval(decider_id=1, approver_id=2) == {}
    assert check_approval(decider_id=1, approver_id=2, involved=frozenset({1, 3})) == {}
    editor = check_approval(decider_id=1, approver_id=3, involved=frozenset({1, 3}))
    assert "you drafted or edited this version" in editor["approver"]
    assert "Another officer must approve" in check_approval(decider_id=7, approver_id=7)["approver"]
    assert (
        "Record who took the decision" in check_approval(decider_id=None, approver_id=7)["decider"]
    )


@pytest.mark.parametrize(
    ("decided", "latest"),
    [
        (date(2025, 3, 1), date(2030, 3, 1)),
        (date(2024, 2, 29), date(2029, 2, 28)),
        (date(2024, 2, 28), date(2029, 2, 28)),
        (date(2023, 12, 31), date(2028, 12, 31)),
    ],
)
def test_latest_review_date(decided: date, latest: date) -> None:
    assert MAX_REVIEW_YEARS == 5
    assert latest_review_date(decided) == latest


def test_review_may_fall_on_the_last_day_of_the_five_years_after_a_leap_day() -> None:
    content = replace(WITHHELD, decided_on=date(2024, 2, 29), review_on=date(2029, 2, 28))
    assert check(content, complete=True) == {}
    errors = check(replace(content, review_on=date(2029, 3, 1)), complete=True)
    assert "on or before 2029-02-28" in errors["review_on"]


def test_applied_grounds_are_unique_and_in_order() -> None:
    content = replace(
        PARTLY_OPEN,
        items=(
            withheld_whole(use("woo-5.1.2.h"), use("woo-5.1.2.d")),
            replace(RULES, grounds=(use("woo-5.1.2.d"), use("woo-5.1.1.e"))),
        ),
    )
    assert applied_grounds(content) == ("woo-5.1.2.h", "woo-5.1.2.d", "woo-5.1.1.e")
    assert applied_grounds(OPEN) == ()


@pytest.mark.parametrize(
    ("content", "released"),
    [(OPEN, True), (PARTLY_OPEN, True), (OPEN_LATER, True), (WITHHELD, False)],
)
def test_something_released(content: DecisionContent, released: bool) -> None:
    assert something_released(content) is released


def test_on_a_request_a_non_woo_reason_alone_does_not_withhold() -> None:
    """Art. 4.1 and chapter 5 Woo: a decision on a request rests on the grounds of chapter 5;
    under the proactive policy another reason may carry an item."""
    licence_only = VALID["partly open for a non-Woo reason"]
    assert check(licence_only, complete=True) == {}
    errors = check(replace(licence_only, basis=Basis.REQUEST, besluit=BESLUIT), complete=True)
    assert list(errors) == ["items[1].grounds"]
    assert "only on a ground of chapter 5 Woo" in errors["items[1].grounds"]
    with_ground = replace(
        licence_only,
        basis=Basis.REQUEST,
        besluit=BESLUIT,
        items=(
            RELEASED_WHOLE,
            replace(licence_only.items[1], grounds=(use("woo-5.1.2.f"),)),
        ),
    )
    assert check(with_ground, complete=True) == {}


OLD_CODE = replace(PARTLY_OPEN, basis=Basis.REQUEST, code_dated=date(2019, 1, 1), besluit=BESLUIT)


def test_on_a_request_for_code_older_than_five_years_art_5_3_asks_more() -> None:
    assert older_than_five_years(OLD_CODE)
    assert not older_than_five_years(replace(OLD_CODE, basis=Basis.PROACTIVE))
    assert not older_than_five_years(replace(OLD_CODE, code_dated=date(2020, 3, 1)))
    assert older_than_five_years(replace(OLD_CODE, code_dated=date(2020, 2, 29)))
    errors = check(OLD_CODE, complete=True)
    assert list(errors) == [f"{G0}.despite_age"]
    assert "older than five years (art. 5.3 Woo)" in errors[f"{G0}.despite_age"]
    answered = replace(
        OLD_CODE,
        items=(
            RELEASED_WHOLE,
            replace(RULES, grounds=(GroundUse("woo-5.1.2.d", "Why.", "Why.", "Still now."),)),
        ),
    )
    assert check(answered, complete=True) == {}


def test_art_5_3_leaves_the_absolute_grounds_alone() -> None:
    absolute = replace(
        OLD_CODE, items=(RELEASED_WHOLE, replace(RULES, grounds=(use("woo-5.1.1.e", weighing=""),)))
    )
    assert check(absolute, complete=True) == {}


def test_a_decision_dated_in_the_future_is_refused_given_today() -> None:
    assert check(OPEN, complete=True, today=DECIDED) == {}
    errors = check(OPEN, complete=False, today=date(2025, 2, 28))
    assert list(errors) == ["decided_on"]
    assert "cannot be dated in the future" in errors["decided_on"]


def test_an_absolute_ground_on_the_whole_software_warns_voor_zover() -> None:
    found = warnings(WITHHELD)
    assert list(found) == ["items[0].grounds"]
    assert "voor zover" in found["items[0].grounds"]
    assert warnings(PARTLY_OPEN) == {}
    assert warnings(VALID["withheld, relative ground with weighing"]) == {}


def test_a_decision_on_a_request_names_the_formal_besluit() -> None:
    """The bestuursorgaan, the signatory under mandate (art. 10:3 Awb) and the
    rechtsmiddelenclausule (art. 3:45 Awb); addresses are web addresses; bekendmaking follows
    the decision."""
    bare = replace(PARTLY_OPEN, basis=Basis.REQUEST)
    assert set(check(bare, complete=True)) == {"bestuursorgaan", "signatory", "remedies"}
    assert check(bare, complete=False) == {}
    assert check(PARTLY_OPEN, complete=True) == {}  # proactive: the policy asks less
    wrong = replace(
        BESLUIT,
        besluit_url="javascript:alert(1)",
        inventory_url="https://open.overheid.nl/documenten/x",
        made_known_on=date(2025, 2, 1),
    )
    errors = check(replace(bare, besluit=wrong), complete=True)
    assert set(errors) == {"besluit_url", "made_known_on"}


def test_not_held_and_already_public_withhold_and_release_nothing() -> None:
    """Niet berustend (only a supplier holds the code) and reeds openbaar (the decision says
    where) are outcomes of their own."""
    not_held = DecisionContent(
        Outcome.NOT_HELD, (), decided_on=DECIDED, summary="Alleen de leverancier heeft de code."
    )
    public = DecisionContent(
        Outcome.ALREADY_PUBLIC,
        (),
        decided_on=DECIDED,
        public_at="https://github.com/MinBZK/woo-besluit-broncode-digid",
    )
    assert check(not_held, complete=True) == {}
    assert check(public, complete=True) == {}
    assert not something_released(public) and not something_released(not_held)
    assert list(check(replace(not_held, summary=""), complete=True)) == ["summary"]
    assert list(check(replace(public, public_at=""), complete=True)) == ["public_at"]
    assert list(check(replace(public, items=(RULES,)), complete=True)) == ["items"]
    assert list(check(replace(public, licence="EUPL-1.2"), complete=True)) == ["outcome"]
    assert list(check(replace(OPEN, public_at="https://x"), complete=True)) == ["public_at"]


def test_a_special_regime_of_art_8_8_stands_alone() -> None:
    regime = rules_with(grounds=(use("regime-awr-67", weighing=""),))
    assert check(regime, complete=True) == {}
    assert check(replace(regime, basis=Basis.REQUEST, besluit=BESLUIT), complete=True) == {}
    both = rules_with(grounds=(use("regime-awr-67", weighing=""), use("woo-5.1.2.d")))
    errors = check(both, complete=True)
    assert "special regime (art. 8.8 Woo)" in errors["items[1].grounds"]
