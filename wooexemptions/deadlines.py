# SPDX-License-Identifier: EUPL-1.2
"""The statutory terms of a Woo-verzoek and of objection to its decision, computed from the
dates a person records. Pure: no ORM, no web, no clock (the day to judge by is given).

- Art. 4.4 lid 1 Woo: the decision follows "zo spoedig mogelijk, doch uiterlijk binnen vier
  weken gerekend vanaf de dag na die waarop het verzoek is ontvangen".
- Art. 4.4 lid 2 Woo: once, by at most two weeks, with a notice sent before the first term ends.
- Art. 4.4 lid 3 and 4 Woo with art. 4:8 Awb: the term is suspended while a third party may give
  its view (zienswijze), until the view is received or its term has passed.
- Art. 4.4 lid 5 Woo: where a third party is expected to object, the information is provided two
  weeks after the decision is made known (bekendmaking).
- Art. 6:7 and 6:8 lid 1 Awb: bezwaar within six weeks, from the day after bekendmaking.
- Art. 7:10 lid 1 Awb: the decision on bezwaar within six weeks, or twelve with an advisory
  committee (art. 7:13 Awb), from the day after the term for bezwaar ended.
- The Algemene termijnenwet (Atw), art. 1 lid 1: a term set by law that ends on a Saturday,
  Sunday or a generally recognised holiday (art. 3 Atw) is extended to the next day that is
  none of these. Every term here ends where that article says; docs/adr/0004 says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

DECISION_TERM = timedelta(weeks=4)  # art. 4.4 lid 1 Woo
EXTENSION = timedelta(weeks=2)  # art. 4.4 lid 2 Woo
THIRD_PARTY_WAIT = timedelta(weeks=2)  # art. 4.4 lid 5 Woo
OBJECTION_TERM = timedelta(weeks=6)  # art. 6:7 Awb
OBJECTION_DECISION = timedelta(weeks=6)  # art. 7:10 lid 1 Awb
OBJECTION_DECISION_COMMITTEE = timedelta(weeks=12)  # art. 7:10 lid 1 Awb, with art. 7:13
DUE_SOON = timedelta(days=7)  # shown as due soon on an officer's account page


@dataclass(frozen=True, slots=True)
class Suspension:
    """A third party's chance to give its view (art. 4:8 Awb): from the day it was asked to the
    day its view came in, or its term passed; None while it is still running."""

    since: date
    until: date | None


class Due(StrEnum):
    """Where a term stands on a given day."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    RUNNING = "running"


@cache
def _easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@cache
def holidays(year: int) -> frozenset[date]:
    """The generally recognised holidays of art. 3 lid 1 Atw in `year`: nieuwjaarsdag, tweede
    paasdag, Hemelvaartsdag, tweede pinksterdag, eerste en tweede kerstdag, de dag waarop de
    verjaardag van de Koning wordt gevierd (27 April, or 26 April when that is a Sunday) and 5 mei
    (the first days of Easter and Pentecost are Sundays). Goede Vrijdag is no Atw holiday."""
    easter = _easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),
            easter + timedelta(days=39),
            easter + timedelta(days=50),
            date(year, 12, 25),
            date(year, 12, 26),
            kings_day,
            date(year, 5, 5),
        }
    )


def closed(day: date) -> bool:
    """A Saturday, Sunday or holiday of the Atw."""
    return day.weekday() >= 5 or day in holidays(day.year)


def term_end(day: date) -> date:
    """Art. 1 lid 1 Atw: a term ending on a closed day ends on the next day that is open."""
    while closed(day):
        day += timedelta(days=1)
    return day


def suspended_days(suspensions: tuple[Suspension, ...], today: date) -> int:
    """The days the decision term stands still: each third party's term for its view, counted
    up to `today` while it still runs."""
    return sum(
        ((s.until or today) - s.since).days for s in suspensions if (s.until or today) > s.since
    )


def decision_deadline(
    received_on: date,
    *,
    extended: bool = False,
    suspensions: tuple[Suspension, ...] = (),
    today: date,
) -> date:
    """The last day to decide on a request (art. 4.4 lid 1 to 4 Woo; art. 1 Atw)."""
    days = DECISION_TERM + (EXTENSION if extended else timedelta(0))
    days += timedelta(days=suspended_days(suspensions, today))
    return term_end(received_on + days)


def first_deadline(received_on: date) -> date:
    """The end of the first four weeks: an extension notice must be sent by then."""
    return term_end(received_on + DECISION_TERM)


def disclosure_on(made_known_on: date, *, objection_expected: bool) -> date:
    """When the information is provided: with the decision, or two weeks after it was made
    known when a third party is expected to object (art. 4.4 lid 5 Woo)."""
    if not objection_expected:
        return made_known_on
    return term_end(made_known_on + THIRD_PARTY_WAIT)


def objection_deadline(made_known_on: date) -> date:
    """The last day to lodge bezwaar (art. 6:7 and 6:8 lid 1 Awb; art. 1 Atw)."""
    return term_end(made_known_on + OBJECTION_TERM)


def objection_decision_deadline(made_known_on: date, *, committee: bool) -> date:
    """The last day to decide on bezwaar: six weeks, or twelve with an advisory committee, from
    the end of the term for bezwaar (art. 7:10 lid 1 Awb; art. 1 Atw)."""
    term = OBJECTION_DECISION_COMMITTEE if committee else OBJECTION_DECISION
    return term_end(objection_deadline(made_known_on) + term)


def due(deadline: date, today: date) -> Due:
    """Overdue after its last day; due soon within a week of it."""
    if today > deadline:
        return Due.OVERDUE
    if deadline - today <= DUE_SOON:
        return Due.DUE_SOON
    return Due.RUNNING
