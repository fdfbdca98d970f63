# SPDX-License-Identifier: EUPL-1.2
"""What a release decision must say, checked on a plain description of its content. Pure: no
ORM, no web; the ORM layer converts a stored decision to and from `DecisionContent`.

A release decision (besluit) says whether a piece of software is made public as open source and,
for what is not, why. Its scope items name what it covers: the whole software, paths,
components or artefacts (models, configuration). A withheld item cites Woo grounds, each with a
motivation (motivering) and, where the ground asks for one, a weighing (belangenafweging) of the
interest it protects against the public interest in openness (5.1 lid 2 and 3). Reasons that are
no Woo grounds (a licence, a contract, cost) are kept apart as other reasons. Art. 5.3 (a heavier
duty to give reasons after five years) is applied as the review rule: a decision that withholds
anything is reviewed within five years.

`check` returns field-level errors keyed by a path the web layer shows beside the field, such as
"items[0].grounds[1].weighing". A draft (complete=False) is only checked for what it says
being well-formed; a decision submitted or approved (complete=True) is checked in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from catalogue.licences import LicenceError, normalise
from catalogue.messages import Message, Number, message_of
from wooexemptions.grounds import Ground, ground

MAX_REVIEW_YEARS = 5
MAX_NAME = 300
MAX_TRIGGER = 500
MAX_SUMMARY = 2_000
MAX_LICENCE = 1_000
MAX_TEXT = 10_000  # a motivation, a weighing, the text of another reason

Problems = Iterator[tuple[str, str]]  # (field path, message)


class Outcome(StrEnum):
    """What the decision does with the software as a whole."""

    OPEN = "open"  # openbaar
    PARTLY_OPEN = "partly_open"  # deels openbaar
    WITHHELD = "withheld"  # niet openbaar
    OPEN_LATER = "open_later"  # later openbaar: on a date or when an event happens


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
    SECRETS_TO_REMOVE = "secrets_to_remove"
    COST = "cost"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class GroundUse:
    """A Woo ground applied to an item, with why it applies and, if needed, the weighing."""

    code: str
    motivation: str
    weighing: str = ""


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


_WEIGH = Message(
    "Weigh the interest this ground protects against the public interest in openness, "
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
    """Whether the decision releases anything, now or later; if so, it needs a licence."""
    return content.outcome != Outcome.WITHHELD


def check(content: DecisionContent, *, complete: bool) -> dict[str, str]:
    """Problems with a decision, one message per field path; empty when there are none.

    complete=False (a draft) checks what is filled in: known ground codes that may be cited to
    withhold, 5.1 lid 5 alone, a valid licence, dates in order, text lengths. complete=True (to
    submit or approve) checks everything a decision must say.
    """
    errors: dict[str, str] = {}
    problems = (
        _outcome_problems(content, complete=complete),
        _licence_problems(content, complete=complete),
        _date_problems(content, complete=complete),
        _text_problems("summary", content.summary, MAX_SUMMARY, multiline=True),
    )
    for key, message in (problem for group in problems for problem in group):
        errors.setdefault(key, message)
    for index, item in enumerate(content.items):
        for key, message in _item_problems(content, item, complete=complete):
            errors.setdefault(f"items[{index}]{key}", message)
    return errors


def check_approval(*, decider_id: int | None, approver_id: int) -> dict[str, str]:
    """The four-eyes rule: a decision is approved by someone other than who took it."""
    if decider_id is None:
        return {"decider": Message("Record who took the decision before it is approved.")}
    if decider_id == approver_id:
        return {
            "approver": Message("Another officer must approve this decision: you took it yourself.")
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
    elif outcome == Outcome.OPEN_LATER and not withheld:
        yield (
            "outcome",
            Message("Open later needs an item withheld until then: add one, or choose open."),
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
        if complete and something_released(content):
            yield (
                "licence",
                Message("Give the open-source licence of what is released, e.g. EUPL-1.2."),
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


def _date_problems(content: DecisionContent, *, complete: bool) -> Problems:
    decided, review, opening = content.decided_on, content.review_on, content.open_later_date
    if complete and decided is None:
        yield "decided_on", Message("Give the date of the decision.")
    if complete and review is None and content.outcome in _WITHHOLDING:
        yield (
            "review_on",
            Message("Set a review date, at most five years after the decision (5.3 Woo)."),
        )
    if decided is not None and review is not None:
        if review < decided:
            yield "review_on", Message("The review date cannot be before the date of the decision.")
        elif review > (latest := latest_review_date(decided)):
            yield (
                "review_on",
                Message(
                    "Review within five years (5.3 Woo): on or before %(day)s.",
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
    found = [_known(use.code) for use in item.grounds]
    yield from _ground_code_problems(item, found)
    if complete:
        yield from _withholding_problems(item)
        for index, (use, cited) in enumerate(zip(item.grounds, found, strict=True)):
            yield from _ground_problems(f".grounds[{index}]", use, cited, item, content.outcome)
    for index, use in enumerate(item.grounds):
        key = f".grounds[{index}]"
        yield from _text_problems(f"{key}.motivation", use.motivation, MAX_TEXT, multiline=True)
        yield from _text_problems(f"{key}.weighing", use.weighing, MAX_TEXT, multiline=True)
    yield from _reason_problems(item, complete=complete)


def _known(code: str) -> Ground | None:
    try:
        return ground(code)
    except KeyError:
        return None


def _ground_code_problems(item: ScopeItem, found: list[Ground | None]) -> Problems:
    """Unknown grounds, grounds no refusal may cite, repeats, and 5.1 lid 5 not alone."""
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
    if alone and len(item.grounds) > 1:
        yield (
            ".grounds",
            Message(
                "Art. %(article)s Woo cannot be combined with another ground: cite it alone.",
                article=alone[0].article,
            ),
        )


def _withholding_problems(item: ScopeItem) -> Problems:
    if item.withheld and not (item.grounds or item.reasons):
        yield ".grounds", Message("Give a Woo ground or another reason why this item is withheld.")
    if not item.withheld and item.grounds:
        yield (
            ".grounds",
            Message("A released item cites no grounds: remove them, or withhold the item."),
        )
    if not item.withheld and item.reasons:
        yield ".reasons", Message("A released item has no reasons to withhold: remove them.")


def _ground_problems(
    key: str, use: GroundUse, cited: Ground | None, item: ScopeItem, outcome: Outcome
) -> Problems:
    if cited is None or not cited.refusal:
        return
    yield from _ground_fit_problems(f"{key}.code", cited, item, outcome)
    if not use.motivation.strip():
        yield f"{key}.motivation", Message("Explain why this ground applies to this item.")
    if item.withheld and cited.weighing_required and not use.weighing.strip():
        yield f"{key}.weighing", _WEIGH


def _ground_fit_problems(key: str, cited: Ground, item: ScopeItem, outcome: Outcome) -> Problems:
    article = cited.article
    if cited.temporary and outcome != Outcome.OPEN_LATER:
        yield (
            key,
            Message(
                "Art. %(article)s Woo only postpones release: choose the outcome 'open later'.",
                article=article,
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


def _reason_problems(item: ScopeItem, *, complete: bool) -> Problems:
    for index, reason in enumerate(item.reasons):
        key = f".reasons[{index}]"
        if reason.kind not in set(ReasonKind):
            yield (
                f"{key}.kind",
                Message("Choose the kind of reason: %(choices)s.", choices=", ".join(ReasonKind)),
            )
        yield from _text_problems(f"{key}.text", reason.text, MAX_TEXT, multiline=True)
        if complete and not reason.text.strip():
            yield f"{key}.text", Message("Explain this reason: what it concerns and why it stands.")
