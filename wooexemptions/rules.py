# SPDX-License-Identifier: EUPL-1.2
"""What a release decision must say, checked on a plain description of its content. Pure: no
ORM, no web; the ORM layer converts a stored decision to and from `DecisionContent`.

A release decision (besluit) says whether a piece of software is made public as open source and,
for what is not, why. Its scope items name what it covers: the whole software, paths,
components or artefacts (models, configuration). A withheld item cites Woo grounds, each with a
motivation (motivering) and, where the ground asks for one, a weighing (belangenafweging) of the
interest it protects against the general interest of openness ("het algemeen belang van
openbaarheid", 5.1 lid 2 and 3). Reasons that are no Woo grounds (a licence, a contract, cost) are
kept apart as other reasons; they may carry a proactive decision under the "open, tenzij" policy,
but a decision on a request (Woo-verzoek) rests on chapter 5 of the Woo. On a request for code
older than five years, art. 5.3 asks a heavier motivation per ground. Apart from the law, the
register's policy is to review a decision that withholds anything within five years.

`check` returns field-level errors keyed by a path the web layer shows beside the field, such as
"items[0].grounds[1].weighing". A draft (complete=False) is only checked for what it says
being well-formed; a decision submitted or approved (complete=True) is checked in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from catalogue.licences import LicenceError, normalise
from catalogue.messages import Message, Number, message_of
from wooexemptions.besluit import Besluit, besluit_problems
from wooexemptions.grounds import Ground, GroundKind, ground

MAX_REVIEW_YEARS = 5
MAX_NAME = 300
MAX_TRIGGER = 500
MAX_SUMMARY = 2_000
MAX_LICENCE = 1_000
MAX_TEXT = 10_000  # a motivation, a weighing, the text of another reason
AGE_YEARS = 5  # art. 5.3 Woo: "informatie die ouder is dan vijf jaar"

Problems = Iterator[tuple[str, str]]  # (field path, message)


class Outcome(StrEnum):
    """What the decision does with the software as a whole."""

    OPEN = "open"  # openbaar
    PARTLY_OPEN = "partly_open"  # deels openbaar
    WITHHELD = "withheld"  # niet openbaar
    OPEN_LATER = "open_later"  # later openbaar: on a date or when an event happens


class Basis(StrEnum):
    """On what the decision is taken."""

    PROACTIVE = "proactive"  # on the body's own initiative, under the "open, tenzij" policy
    REQUEST = "request"  # on a Woo-verzoek (art. 4.1 Woo)


class ItemKind(StrEnum):
    """What a scope item stands for."""

    WHOLE = "whole"  # the whole software
    PATH = "path"  # named paths in the repository
    COMPONENT = "component"
    ARTEFACT = "artefact"  # models, configuration, data sets


class ReasonKind(StrEnum):
    """A reason for not releasing that is no Woo ground, and is never presented as one."""

    THIRD_PARTY_LICENCE = "third_party_licence"
    CONTRACT = "contract"
    SECRETS_TO_REMOVE = "secrets_to_remove"  # kept to read old versions; refused in new ones
    COST = "cost"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class GroundUse:
    """A Woo ground applied to an item, with why it applies and, if needed, the weighing."""

    code: str
    motivation: str
    weighing: str = ""
    despite_age: str = ""  # art. 5.3: why it still weighs more "ondanks het tijdsverloop"


@dataclass(frozen=True, slots=True)
class OtherReason:
    """A reason for withholding an item that is not a Woo ground."""

    kind: ReasonKind
    text: str


@dataclass(frozen=True, slots=True)
class ScopeItem:
    """A part of the software the decision covers, released or withheld."""

    kind: ItemKind
    name: str
    withheld: bool
    grounds: tuple[GroundUse, ...] = ()
    reasons: tuple[OtherReason, ...] = ()
    environmental: bool = False  # environmental information (milieu-informatie)
    emissions: bool = False  # environmental information on emissions (5.1 lid 7)
    confidential_acts: bool = False  # on acts of a confidential nature (5.1 lid 2 onder b)
    postponed: bool = False  # withheld for a time only: released when its term ends
    open_on: date | None = None  # the end of this item's term (5.1 lid 4), if its own


@dataclass(frozen=True, slots=True)
class DecisionContent:
    """What a release decision says, without its history, people or storage."""

    outcome: Outcome
    items: tuple[ScopeItem, ...]
    licence: str | None = None
    open_later_date: date | None = None
    open_later_trigger: str = ""
    decided_on: date | None = None
    review_on: date | None = None
    summary: str = ""  # the public summary of the decision
    basis: Basis = Basis.PROACTIVE
    code_dated: date | None = None  # when the code it covers was written or last changed
    disclosure_only: bool = False  # released for transparency, without a licence for reuse
    licence_exceptions: str = ""  # files released under another licence, or without one
    besluit: Besluit = field(default_factory=Besluit)  # the formal besluit


_WEIGH = Message(
    "Weigh the interest this ground protects against the general interest of openness, "
    "and say why it prevails."
)
_WITHHOLDING = frozenset({Outcome.PARTLY_OPEN, Outcome.WITHHELD, Outcome.OPEN_LATER})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # keeps tab and line breaks
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def latest_review_date(decided_on: date) -> date:
    """The last day a review may fall on: five years after the decision (29 Feb → 28 Feb)."""
    year = decided_on.year + MAX_REVIEW_YEARS
    try:
        return decided_on.replace(year=year)
    except ValueError:  # 29 February, and the year five on is no leap year
        return decided_on.replace(year=year, day=28)


def applied_grounds(content: DecisionContent) -> tuple[str, ...]:
    """The codes of the grounds the decision cites, each once, in the order they appear."""
    return tuple(dict.fromkeys(use.code for item in content.items for use in item.grounds))


def something_released(content: DecisionContent) -> bool:
    """Whether the decision releases anything, now or later; if so, it needs a licence for
    reuse, unless it is disclosed for transparency only."""
    return content.outcome != Outcome.WITHHELD


def older_than_five_years(content: DecisionContent) -> bool:
    """Art. 5.3 Woo applies: a decision on a request for code last changed more than five years
    before the decision."""
    if content.basis != Basis.REQUEST or content.code_dated is None:
        return False
    if content.decided_on is None:
        return False
    return content.code_dated < _years_before(content.decided_on, AGE_YEARS)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check(content: DecisionContent, *, complete: bool, today: date | None = None) -> dict[str, str]:
    """Problems with a decision, one message per field path; empty when there are none.

    complete=False (a draft) checks what is filled in: known ground codes that may be cited to
    withhold, 5.1 lid 5 not with lid 1 or 2, a valid licence, dates in order, text lengths.
    complete=True (to submit or approve) checks everything a decision must say. `today`, when
    given, refuses a decision dated in the future (the caller's clock: the rules read none).
    """
    errors: dict[str, str] = {}
    problems = (
        _outcome_problems(content, complete=complete),
        _licence_problems(content, complete=complete),
        _date_problems(content, complete=complete, today=today),
        _text_problems("summary", content.summary, MAX_SUMMARY, multiline=True),
        _text_problems("licence_exceptions", content.licence_exceptions, MAX_TEXT, multiline=True),
    )
    for key, message in (problem for group in problems for problem in group):
        errors.setdefault(key, message)
    on_request = content.basis == Basis.REQUEST
    for key, message in besluit_problems(
        content.besluit, decided_on=content.decided_on, on_request=on_request, complete=complete
    ):
        errors.setdefault(key, message)
    for index, item in enumerate(content.items):
        for key, message in _item_problems(content, item, complete=complete):
            errors.setdefault(f"items[{index}]{key}", message)
    return errors


def warnings(content: DecisionContent) -> dict[str, str]:
    """What a decision may lawfully say but should be looked at again, by field path.

    Every ground of chapter 5 applies "voor zover": an absolute ground on the whole software
    stands only if every part of it is covered; usually only some parts are.
    """
    found: dict[str, str] = {}
    for index, item in enumerate(content.items):
        if not (item.withheld and item.kind == ItemKind.WHOLE):
            continue
        absolute = [_known(use.code) for use in item.grounds]
        if any(cited is not None and cited.kind is GroundKind.ABSOLUTE for cited in absolute):
            found[f"items[{index}].grounds"] = Message(
                "The Woo withholds only as far as ('voor zover') a ground covers the "
                "information: check whether the ground covers the whole software, or only some "
                "parts that can be withheld while the rest is released."
            )
    return found


def check_approval(
    *, decider_id: int | None, approver_id: int, involved: frozenset[int] = frozenset()
) -> dict[str, str]:
    """The four-eyes rule: a version is approved by someone who did not take it, nor drafted,
    edited, submitted or confirmed it (`involved`: who did)."""
    if decider_id is None:
        return {"decider": Message("Record who took the decision before it is approved.")}
    if decider_id == approver_id:
        return {
            "approver": Message("Another officer must approve this decision: you took it yourself.")
        }
    if approver_id in involved:
        return {
            "approver": Message(
                "Another officer must approve this decision: you drafted or edited this version."
            )
        }
    return {}


def _text_problems(key: str, text: str, limit: int, *, multiline: bool) -> Problems:
    if len(text) > limit:
        yield (
            key,
            Message(
                "Shorten this text to at most %(limit)s characters (it has %(size)s).",
                limit=Number(limit),
                size=Number(len(text)),
            ),
        )
    elif multiline and _CONTROL.search(text):
        yield key, Message("Remove the control characters from this text.")
    elif not multiline and _CONTROL_IN_LINE.search(text):
        yield key, Message("Remove the line breaks and control characters from this text.")


def _outcome_problems(content: DecisionContent, *, complete: bool) -> Problems:
    if content.outcome not in set(Outcome):
        yield "outcome", Message("Choose an outcome: %(choices)s.", choices=", ".join(Outcome))
        return
    trigger = content.open_later_trigger
    yield from _text_problems("open_later_trigger", trigger, MAX_TRIGGER, multiline=False)
    if complete:
        yield from _items_present(content.items)
        if content.items:
            yield from _outcome_matches_items(Outcome(content.outcome), content.items)
        yield from _open_later_problems(content)


def _items_present(items: tuple[ScopeItem, ...]) -> Problems:
    if not items:
        yield (
            "items",
            Message("Add at least one item: the whole software, or the parts decided on."),
        )
    elif sum(item.kind == ItemKind.WHOLE for item in items) > 1:
        yield "items", Message("Only one item can stand for the whole software: remove the others.")


def _outcome_matches_items(outcome: Outcome, items: tuple[ScopeItem, ...]) -> Problems:
    withheld = [item for item in items if item.withheld]
    released = [item for item in items if not item.withheld]
    if outcome == Outcome.OPEN and withheld:
        yield "outcome", Message("Some items are withheld: choose 'partly open', or release them.")
    elif outcome == Outcome.WITHHELD and released:
        yield "outcome", Message("Some items are released: choose 'partly open', or withhold them.")
    elif outcome == Outcome.WITHHELD and not any(i.kind == ItemKind.WHOLE for i in withheld):
        yield (
            "outcome",
            Message("Add a withheld item for the whole software, or choose 'partly open'."),
        )
    elif outcome == Outcome.PARTLY_OPEN and not (withheld and released):
        if released:
            yield (
                "outcome",
                Message("Partly open needs a released and a withheld item: add a withheld one."),
            )
        else:
            yield (
                "outcome",
                Message("Partly open needs a released and a withheld item: add a released one."),
            )
    elif outcome == Outcome.OPEN_LATER and not any(item.postponed for item in withheld):
        yield (
            "outcome",
            Message(
                "Open later needs an item withheld until then: add one and mark it postponed, "
                "or choose open."
            ),
        )


def _open_later_problems(content: DecisionContent) -> Problems:
    later = content.outcome == Outcome.OPEN_LATER
    trigger = content.open_later_trigger.strip()
    if later and content.open_later_date is None and not trigger:
        yield "open_later_date", Message("Give the date of release, or the event that triggers it.")
    if not later and content.open_later_date is not None:
        yield (
            "open_later_date",
            Message("Only an 'open later' decision has a release date: clear it."),
        )
    if not later and trigger:
        yield (
            "open_later_trigger",
            Message("Only an 'open later' decision has a trigger: clear it."),
        )


def _licence_problems(content: DecisionContent, *, complete: bool) -> Problems:
    licence = (content.licence or "").strip()
    if not licence:
        if complete and something_released(content) and not content.disclosure_only:
            yield (
                "licence",
                Message(
                    "Give the open-source licence of what is released, e.g. EUPL-1.2, or state "
                    "that it is disclosed for transparency only, without a licence for reuse."
                ),
            )
    elif len(licence) > MAX_LICENCE:
        yield (
            "licence",
            Message(
                "Shorten the licence expression to at most %(limit)s characters.",
                limit=Number(MAX_LICENCE),
            ),
        )
    else:
        try:
            normalise(licence)
        except LicenceError as error:
            # The reason starts with the expression quoted: it needs no capital.
            yield (
                "licence",
                Message("%(problem)s. Use SPDX ids, e.g. EUPL-1.2.", problem=message_of(error)),
            )


def _date_problems(content: DecisionContent, *, complete: bool, today: date | None) -> Problems:
    decided, review, opening = content.decided_on, content.review_on, content.open_later_date
    if complete and decided is None:
        yield "decided_on", Message("Give the date of the decision.")
    if decided is not None and today is not None and decided > today:
        yield (
            "decided_on",
            Message("A decision cannot be dated in the future: give the day it was taken."),
        )
    if content.code_dated is not None and decided is not None and content.code_dated > decided:
        yield (
            "code_dated",
            Message("The code cannot be dated after the decision on it."),
        )
    proactive = content.basis == Basis.PROACTIVE  # a decision on a request becomes final
    if complete and review is None and content.outcome in _WITHHOLDING and proactive:
        yield (
            "review_on",
            Message(
                "Set a review date, at most five years after the decision "
                "(the register's review policy)."
            ),
        )
    if decided is not None and review is not None:
        if review < decided:
            yield "review_on", Message("The review date cannot be before the date of the decision.")
        elif review > (latest := latest_review_date(decided)):
            yield (
                "review_on",
                Message(
                    "Review within five years (the register's review policy): on or before "
                    "%(day)s.",
                    day=latest.isoformat(),
                ),
            )
    if decided is not None and opening is not None and opening < decided:
        yield (
            "open_later_date",
            Message("The release date cannot be before the date of the decision."),
        )


def _item_problems(content: DecisionContent, item: ScopeItem, *, complete: bool) -> Problems:
    if item.kind not in set(ItemKind):
        yield ".kind", Message("Choose what the item is: %(choices)s.", choices=", ".join(ItemKind))
    yield from _text_problems(".name", item.name, MAX_NAME, multiline=False)
    if complete and item.kind != ItemKind.WHOLE and not item.name.strip():
        yield ".name", Message("Name the path, component or artefact this item covers.")
    if item.emissions and not item.environmental:
        yield (
            ".emissions",
            Message("Information on emissions is environmental information: mark it so too."),
        )
    found = [_known(use.code) for use in item.grounds]
    yield from _ground_code_problems(item, found)
    yield from _term_problems(content, item, complete=complete)
    if complete:
        yield from _withholding_problems(content, item)
        for index, (use, cited) in enumerate(zip(item.grounds, found, strict=True)):
            yield from _ground_problems(f".grounds[{index}]", use, cited, item, content)
    for index, use in enumerate(item.grounds):
        key = f".grounds[{index}]"
        yield from _text_problems(f"{key}.motivation", use.motivation, MAX_TEXT, multiline=True)
        yield from _text_problems(f"{key}.weighing", use.weighing, MAX_TEXT, multiline=True)
        yield from _text_problems(f"{key}.despite_age", use.despite_age, MAX_TEXT, multiline=True)
    yield from _reason_problems(content, item, complete=complete)


def _known(code: str) -> Ground | None:
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
            (cited := _known(use.code)) is not None and cited.term_required for use in item.grounds
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
        yield from _text_problems(f"{key}.text", reason.text, MAX_TEXT, multiline=True)
        if complete and not reason.text.strip():
            yield f"{key}.text", Message("Explain this reason: what it concerns and why it stands.")
