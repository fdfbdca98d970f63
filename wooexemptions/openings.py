# SPDX-License-Identifier: EUPL-1.2
"""When a postponement ends: which items of a decision are due to be released on a given day,
and the draft that releases them. Pure: no ORM, no web, no clock (the day is given).

A postponed item is withheld for a term only: until the decision's open-later date, or its own
date (art. 5.1 lid 4 Woo names "de termijn waarbinnen de openbaarmaking alsnog zal geschieden").
Items withheld on other grounds stay withheld: the end of a postponement opens nothing else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from wooexemptions.rules import DecisionContent, Outcome, ScopeItem, latest_review_date


def due(content: DecisionContent, item: ScopeItem, today: date) -> bool:
    """Whether the postponement of `item` has ended on `today`."""
    if not (item.withheld and item.postponed):
        return False
    if item.open_on is not None:
        return item.open_on <= today
    later = content.outcome == Outcome.OPEN_LATER and content.open_later_date is not None
    return later and content.open_later_date is not None and content.open_later_date <= today


def opening(content: DecisionContent, *, version: int, today: date) -> DecisionContent | None:
    """A draft that releases the items whose postponement has ended, and keeps the rest as it
    was; None when no postponement has ended."""
    if not any(due(content, item, today) for item in content.items):
        return None
    items = tuple(_released(item) if due(content, item, today) else item for item in content.items)
    outcome = _outcome(items)
    later = outcome == Outcome.OPEN_LATER
    review = content.review_on
    if outcome == Outcome.OPEN:
        review = None
    elif review is None or review < today:
        review = latest_review_date(today)
    return replace(
        content,
        outcome=outcome,
        items=items,
        open_later_date=content.open_later_date if later else None,
        open_later_trigger=content.open_later_trigger if later else "",
        decided_on=today,
        review_on=review,
        summary=(
            f"Wat werd uitgesteld, wordt openbaar gemaakt zoals besloten in versie {version}."
        ),
    )


def _released(item: ScopeItem) -> ScopeItem:
    return ScopeItem(
        kind=item.kind,
        name=item.name,
        withheld=False,
        environmental=item.environmental,
        emissions=item.emissions,
    )


def _outcome(items: tuple[ScopeItem, ...]) -> Outcome:
    withheld = [item for item in items if item.withheld]
    if not withheld:
        return Outcome.OPEN
    if any(item.postponed and item.open_on is None for item in withheld):
        return Outcome.OPEN_LATER  # still waiting for the decision's trigger
    if any(not item.withheld for item in items):
        return Outcome.PARTLY_OPEN
    return Outcome.WITHHELD
