# SPDX-License-Identifier: EUPL-1.2
"""The shape of a release decision's content: its outcome, basis, scope items with their grounds
and other reasons, dates and formal besluit, as plain values. Pure: no ORM, no web.
wooexemptions.rules checks it; wooexemptions.content reads and writes it as JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from catalogue.messages import Message, Number
from wooexemptions.besluit import Besluit

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
    NOT_HELD = "not_held"  # niet berustend: the body does not hold the code
    ALREADY_PUBLIC = "already_public"  # reeds openbaar: public already, the decision says where


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
    public_at: str = ""  # already public: where (a repository and commit, a URL)
    besluit: Besluit = field(default_factory=Besluit)  # the formal besluit


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # keeps tab and line breaks
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def older_than_five_years(content: DecisionContent) -> bool:
    """Art. 5.3 Woo applies: a decision on a request for code last changed more than five years
    before the decision."""
    if content.basis != Basis.REQUEST or content.code_dated is None:
        return False
    if content.decided_on is None:
        return False
    return content.code_dated < years_before(content.decided_on, AGE_YEARS)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def text_problems(key: str, text: str, limit: int, *, multiline: bool) -> Problems:
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
