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

from datetime import date

from catalogue.licences import LicenceError, normalise
from catalogue.messages import Message, Number, message_of
from wooexemptions.besluit import besluit_problems
from wooexemptions.decision import (
    AGE_YEARS,
    MAX_LICENCE,
    MAX_NAME,
    MAX_REVIEW_YEARS,
    MAX_SUMMARY,
    MAX_TEXT,
    MAX_TRIGGER,
    Basis,
    DecisionContent,
    GroundUse,
    ItemKind,
    OtherReason,
    Outcome,
    Problems,
    ReasonKind,
    ScopeItem,
    older_than_five_years,
    text_problems,
)
from wooexemptions.grounds import GroundKind
from wooexemptions.item_rules import item_problems, known

__all__ = [  # the content's shape lives in wooexemptions.decision; it is read from here too
    "AGE_YEARS",
    "MAX_REVIEW_YEARS",
    "Basis",
    "DecisionContent",
    "GroundUse",
    "ItemKind",
    "OtherReason",
    "Outcome",
    "ReasonKind",
    "ScopeItem",
    "applied_grounds",
    "check",
    "check_approval",
    "latest_review_date",
    "older_than_five_years",
    "something_released",
    "warnings",
]


_WITHHOLDING = frozenset({Outcome.PARTLY_OPEN, Outcome.WITHHELD, Outcome.OPEN_LATER})


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
    reuse, unless it is disclosed for transparency only. Code already public is not released
    again; code not held cannot be."""
    return content.outcome in (Outcome.OPEN, Outcome.PARTLY_OPEN, Outcome.OPEN_LATER)


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
        text_problems("summary", content.summary, MAX_SUMMARY, multiline=True),
        text_problems("licence_exceptions", content.licence_exceptions, MAX_TEXT, multiline=True),
    )
    for key, message in (problem for group in problems for problem in group):
        errors.setdefault(key, message)
    on_request = content.basis == Basis.REQUEST
    for key, message in besluit_problems(
        content.besluit, decided_on=content.decided_on, on_request=on_request, complete=complete
    ):
        errors.setdefault(key, message)
    for index, item in enumerate(content.items):
        for key, message in item_problems(content, item, complete=complete):
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
        absolute = [known(use.code) for use in item.grounds]
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


def _outcome_problems(content: DecisionContent, *, complete: bool) -> Problems:
    if content.outcome not in set(Outcome):
        yield "outcome", Message("Choose an outcome: %(choices)s.", choices=", ".join(Outcome))
        return
    trigger = content.open_later_trigger
    yield from text_problems("open_later_trigger", trigger, MAX_TRIGGER, multiline=False)
    yield from text_problems("public_at", content.public_at, MAX_NAME, multiline=False)
    if content.outcome in (Outcome.NOT_HELD, Outcome.ALREADY_PUBLIC):
        yield from _no_disclosure_problems(content, complete=complete)
        return
    if content.public_at:
        yield "public_at", Message("Only a decision that the code is already public says where.")
    if complete:
        yield from _items_present(content.items)
        if content.items:
            yield from _outcome_matches_items(Outcome(content.outcome), content.items)
        yield from _open_later_problems(content)


def _no_disclosure_problems(content: DecisionContent, *, complete: bool) -> Problems:
    """Not held (niet berustend: the Woo covers information that lies with a body, art. 2.1
    Woo 'document'; e.g. only a supplier holds the code) and already public (no new disclosure:
    the decision says where) withhold nothing and release nothing anew."""
    if any(item.withheld for item in content.items):
        yield "items", Message("This outcome withholds nothing: release the items or remove them.")
    if content.licence or content.open_later_date or content.open_later_trigger.strip():
        yield "outcome", Message("This outcome has no licence and no release date: clear them.")
    if content.outcome == Outcome.ALREADY_PUBLIC and complete and not content.public_at.strip():
        yield "public_at", Message("Say where the code is already public, e.g. its repository.")
    if content.outcome == Outcome.NOT_HELD and complete and not content.summary.strip():
        yield "summary", Message("Say who holds the code, if anyone, and why the body does not.")


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
