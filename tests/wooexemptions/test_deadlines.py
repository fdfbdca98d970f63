# SPDX-License-Identifier: EUPL-1.2
"""The statutory terms as pure functions of the recorded dates and a given day: no clock."""

from __future__ import annotations

from datetime import date

import pytest

from wooexemptions.deadlines import (
    Due,
    Suspension,
    closed,
    decision_deadline,
    disclosure_on,
    due,
    first_deadline,
    holidays,
    objection_deadline,
    objection_decision_deadline,
    term_end,
)

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {
                date(2026, 1, 1),
                date(2026, 4, 6),  # tweede paasdag (Easter: 5 April)
                date(2026, 4, 27),  # Koningsdag, a Monday
                date(2026, 5, 5),
                date(2026, 5, 14),  # Hemelvaartsdag
                date(2026, 5, 25),  # tweede pinksterdag
                date(2026, 12, 25),
                date(2026, 12, 26),
            },
        ),
        (2025, {date(2025, 4, 26), date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)}),
        (2024, {date(2024, 4, 1), date(2024, 5, 9), date(2024, 5, 20), date(2024, 4, 27)}),
    ],
)
def test_the_holidays_of_the_algemene_termijnenwet(year: int, expected: set[date]) -> None:
    assert expected <= holidays(year)
    assert len(holidays(year)) == 8
    assert date(2026, 4, 3) not in holidays(2026)  # Goede Vrijdag is no Atw holiday


def test_koningsdag_on_a_sunday_moves_to_saturday() -> None:
    assert date(2025, 4, 27) not in holidays(2025)  # a Sunday, closed anyway
    assert date(2025, 4, 26) in holidays(2025)


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2026, 1, 30), date(2026, 1, 30)),  # a Friday
        (date(2026, 1, 31), date(2026, 2, 2)),  # Saturday → Monday
        (date(2026, 4, 4), date(2026, 4, 7)),  # Saturday, Easter, tweede paasdag → Tuesday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Friday, Saturday, Sunday
        (date(2026, 5, 5), date(2026, 5, 6)),
    ],
)
def test_a_term_ending_on_a_closed_day_ends_on_the_next_open_day(day: date, end: date) -> None:
    assert term_end(day) == end
    assert not closed(end)


def test_four_weeks_from_the_day_after_receipt() -> None:
    assert decision_deadline(date(2026, 1, 2), today=TODAY) == date(2026, 1, 30)
    # received on a Saturday: four weeks end on Saturday 4 April, Easter weekend, tweede paasdag
    assert decision_deadline(date(2026, 3, 7), today=TODAY) == date(2026, 4, 7)
    assert first_deadline(date(2026, 3, 7)) == date(2026, 4, 7)


def test_the_extension_adds_two_weeks() -> None:
    assert decision_deadline(date(2026, 1, 2), extended=True, today=TODAY) == date(2026, 2, 13)
    # 4 + 2 weeks from 27 March 2026 end on Friday 8 May: no shift; from 24 March on 5 May
    assert decision_deadline(date(2026, 3, 24), extended=True, today=TODAY) == date(2026, 5, 6)


def test_a_third_partys_view_suspends_the_term() -> None:
    answered = (Suspension(date(2026, 1, 10), date(2026, 1, 20)),)
    assert decision_deadline(date(2026, 1, 2), suspensions=answered, today=TODAY) == date(
        2026, 2, 9
    )  # ten days on: Monday 9 February
    running = (Suspension(date(2026, 1, 10), None),)
    on_15th = decision_deadline(date(2026, 1, 2), suspensions=running, today=date(2026, 1, 15))
    assert on_15th == date(2026, 2, 4)  # still running: counted up to the day judged by


def test_disclosure_waits_two_weeks_when_a_third_party_objects() -> None:
    assert disclosure_on(date(2026, 6, 1), objection_expected=False) == date(2026, 6, 1)
    assert disclosure_on(date(2026, 6, 1), objection_expected=True) == date(2026, 6, 15)
    assert disclosure_on(date(2026, 4, 13), objection_expected=True) == date(2026, 4, 28)


def test_objection_terms() -> None:
    assert objection_deadline(date(2026, 11, 13)) == date(2026, 12, 28)  # past Christmas
    assert objection_decision_deadline(date(2026, 6, 1), committee=False) == date(2026, 8, 24)
    assert objection_decision_deadline(date(2026, 6, 1), committee=True) == date(2026, 10, 5)


def test_where_a_term_stands() -> None:
    deadline = date(2026, 6, 15)
    assert due(deadline, date(2026, 6, 1)) is Due.RUNNING
    assert due(deadline, date(2026, 6, 8)) is Due.DUE_SOON
    assert due(deadline, date(2026, 6, 15)) is Due.DUE_SOON
    assert due(deadline, date(2026, 6, 16)) is Due.OVERDUE
