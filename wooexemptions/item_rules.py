# SPDX-License-Identifier: EUPL-1.2
"""The checks of one scope item of a release decision: its grounds (known, citable, not
repeated, 5.1 lid 5 not beside lid 1 or 2, a regime of art. 8.8 alone), their fit to the item
(environmental information, emissions, confidential acts, postponement), motivations and
weighings, art. 5.3 on old code requested, its term when postponed, and its other reasons.
Pure: no ORM, no web. wooexemptions.rules.check runs them per item."""

from __future__ import annotations

from catalogue.messages import Message
from wooexemptions.decision import (
    MAX_NAME,
    MAX_TEXT,
    Basis,
    DecisionContent,
    GroundUse,
    ItemKind,
    Outcome,
    Problems,
    ReasonKind,
    ScopeItem,
    older_than_five_years,
    text_problems,
)
from wooexemptions.grounds import Ground, GroundKind, ground

_WEIGH = Message(
    "Weigh the interest this ground protects against the general interest of openness, "
    "and say why it prevails."
)


def item_problems(content: DecisionContent, item: ScopeItem, *, complete: bool) -> Problems:
    if item.kind not in set(ItemKind):
        yield ".kind", Message("Choose what the item is: %(choices)s.", choices=", ".join(ItemKind))
    yield from text_problems(".name", item.name, MAX_NAME, multiline=False)
    if complete and item.kind != ItemKind.WHOLE and not item.name.strip():
        yield ".name", Message("Name the path, component or artefact this item covers.")
    if item.emissions and not item.environmental:
        yield (
            ".emissions",
            Message("Information on emissions is environmental information: mark it so too."),
        )
    found = [known(use.code) for use in item.grounds]
    yield from _ground_code_problems(item, found)
    yield from _term_problems(content, item, complete=complete)
    if complete:
        yield from _withholding_problems(content, item)
        for index, (use, cited) in enumerate(zip(item.grounds, found, strict=True)):
            yield from _ground_problems(f".grounds[{index}]", use, cited, item, content)
    for index, use in enumerate(item.grounds):
        key = f".grounds[{index}]"
        yield from text_problems(f"{key}.motivation", use.motivation, MAX_TEXT, multiline=True)
        yield from text_problems(f"{key}.weighing", use.weighing, MAX_TEXT, multiline=True)
        yield from text_problems(f"{key}.despite_age", use.despite_age, MAX_TEXT, multiline=True)
    yield from _reason_problems(content, item, complete=complete)


def known(code: str) -> Ground | None:
    try:
        return ground(code)
    except KeyError:
        return None


def _ground_code_problems(item: ScopeItem, found: list[Ground | None]) -> Problems:
    """Unknown grounds, grounds no refusal may cite, repeats, and 5.1 lid 5 with a ground of
    lid 1 or lid 2 ("niet tevens op een van de in het eerste of tweede lid genoemde gronden")."""
    for index, (use, cited) in enumerate(zip(item.grounds, found, strict=True)):
        key = f".grounds[{index}].code"
        if cited is None:
            yield (
                key,
                Message(
                    "Unknown Woo ground %(code)s: choose one from the list.", code=repr(use.code)
                ),
            )
        elif not cited.refusal:
            yield (
                key,
                Message(
                    "Art. %(article)s Woo is no ground to withhold: remove it.",
                    article=cited.article,
                ),
            )
        elif use.code in (earlier.code for earlier in item.grounds[:index]):
            yield key, Message("This ground is already cited for this item: remove the repetition.")
    alone = [cited for cited in found if cited is not None and not cited.combinable]
    if alone and any(cited is not None and cited.in_lid_1_or_2 for cited in found):
        yield (
            ".grounds",
            Message(
                "Art. %(article)s Woo cannot be combined with a ground of art. 5.1 lid 1 or "
                "lid 2 on the same information: cite one or the other.",
                article=alone[0].article,
            ),
        )
    regimes = [cited for cited in found if cited is not None and cited.kind is GroundKind.REGIME]
    if regimes and len(item.grounds) > 1:
        yield (
            ".grounds",
            Message(
                "A special regime (art. 8.8 Woo) sets the Woo aside for this information: cite "
                "it alone, or the grounds of the Woo without it."
            ),
        )


def _withholding_problems(content: DecisionContent, item: ScopeItem) -> Problems:
    if item.withheld and not (item.grounds or item.reasons):
        yield ".grounds", Message("Give a Woo ground or another reason why this item is withheld.")
    elif item.withheld and not item.grounds and content.basis == Basis.REQUEST:
        yield (
            ".grounds",
            Message(
                "On a request, information is withheld only on a ground of chapter 5 Woo: a "
                "licence, contract or cost alone does not suffice. Cite the ground, or release "
                "the item."
            ),
        )
    if not item.withheld and item.grounds:
        yield (
            ".grounds",
            Message("A released item cites no grounds: remove them, or withhold the item."),
        )
    if not item.withheld and item.reasons:
        yield ".reasons", Message("A released item has no reasons to withhold: remove them.")


def _ground_problems(
    key: str, use: GroundUse, cited: Ground | None, item: ScopeItem, content: DecisionContent
) -> Problems:
    if cited is None or not cited.refusal:
        return
    yield from _ground_fit_problems(f"{key}.code", cited, item)
    if not use.motivation.strip():
        yield f"{key}.motivation", Message("Explain why this ground applies to this item.")
    if item.withheld and cited.weighing_required and not use.weighing.strip():
        yield f"{key}.weighing", _WEIGH
    if cited.heavier_after_five_years and older_than_five_years(content):
        if item.withheld and not use.despite_age.strip():
            yield (
                f"{key}.despite_age",
                Message(
                    "The code is older than five years (art. 5.3 Woo): say why this interest "
                    "still weighs more than the general interest of openness, despite the time "
                    "passed."
                ),
            )


def _ground_fit_problems(key: str, cited: Ground, item: ScopeItem) -> Problems:
    article = cited.article
    if cited.temporary and not item.postponed:
        yield (
            key,
            Message(
                "Art. %(article)s Woo only postpones release: mark the item postponed, with "
                "its term.",
                article=article,
            ),
        )
    if item.emissions and (cited.in_lid_1_or_2 or cited.code == "woo-5.1.6"):
        yield (
            key,
            Message(
                "Art. 5.1 lid 7 Woo: art. %(article)s does not apply to environmental "
                "information on emissions.",
                article=article,
            ),
        )
    if item.environmental and cited.code == "woo-5.1.2.b" and not item.confidential_acts:
        yield (
            key,
            Message(
                "For environmental information, art. 5.1 lid 2 onder b Woo applies only as far "
                "as the information concerns acts of a confidential nature: say so for this "
                "item, or choose another ground."
            ),
        )
    if item.environmental and cited.not_for_environmental:
        yield (
            key,
            Message(
                "Art. %(article)s Woo does not apply to environmental information: choose another.",
                article=article,
            ),
        )
    if not item.environmental and cited.environmental_only:
        yield (
            key,
            Message(
                "Art. %(article)s Woo applies to environmental information only: choose another.",
                article=article,
            ),
        )


def _term_problems(content: DecisionContent, item: ScopeItem, *, complete: bool) -> Problems:
    """A postponed item is withheld for a term: the decision's open-later date or trigger, or
    its own date; 5.1 lid 4 names a term ("de termijn waarbinnen de openbaarmaking alsnog zal
    geschieden"), which a trigger alone is not."""
    if item.open_on is not None and not item.postponed:
        yield ".open_on", Message("Only a postponed item has a release date: clear it.")
        return
    if not item.postponed:
        return
    if not item.withheld:
        yield ".postponed", Message("Only a withheld item can be postponed.")
        return
    if item.open_on is not None and content.decided_on and item.open_on < content.decided_on:
        yield ".open_on", Message("The release date cannot be before the date of the decision.")
    later = content.outcome == Outcome.OPEN_LATER
    has_date = item.open_on is not None or (later and content.open_later_date is not None)
    has_term = has_date or (later and bool(content.open_later_trigger.strip()))
    if complete and not has_term and not later:  # open later: the decision's term is asked
        yield ".open_on", Message("Give the date on which this postponed item is released.")
    elif (
        complete
        and not has_date
        and any(
            (cited := known(use.code)) is not None and cited.term_required for use in item.grounds
        )
    ):
        yield (
            ".open_on",
            Message(
                "Art. 5.1 lid 4 Woo requires the term within which the information is released: "
                "give a date, not only an event."
            ),
        )


def _reason_problems(content: DecisionContent, item: ScopeItem, *, complete: bool) -> Problems:
    for index, reason in enumerate(item.reasons):
        key = f".reasons[{index}]"
        if reason.kind not in set(ReasonKind):
            yield (
                f"{key}.kind",
                Message("Choose the kind of reason: %(choices)s.", choices=", ".join(ReasonKind)),
            )
        elif reason.kind == ReasonKind.SECRETS_TO_REMOVE:
            yield (
                f"{key}.kind",
                Message(
                    "Secrets are no reason to withhold code: remove and replace them before "
                    "release. On a request, withhold the secret values themselves under art. "
                    "5.1 lid 2 onder h Woo."
                ),
            )
        yield from text_problems(f"{key}.text", reason.text, MAX_TEXT, multiline=True)
        if complete and not reason.text.strip():
            yield f"{key}.text", Message("Explain this reason: what it concerns and why it stands.")
