# SPDX-License-Identifier: EUPL-1.2
"""The review job: reviews come due on their date (the job takes the date, so no test waits
five years), open_later decisions get an opening draft, and running twice changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.cli import main
from tests.wooexemptions.test_decisions import TODAY, People, people, published
from wooexemptions import reviews
from wooexemptions.models import Decision
from wooexemptions.rules import DecisionContent, GroundUse, ItemKind, Outcome, ScopeItem
from wooexemptions.states import DecisionState

__all__ = ["people"]  # the fixture, shared

LATER = DecisionContent(
    outcome=Outcome.OPEN_LATER,
    items=(
        ScopeItem(
            ItemKind.WHOLE,
            "toeslagen",
            withheld=True,
            grounds=(
                GroundUse(
                    "woo-5.1.2.i",
                    "The policy it implements is announced on 1 September.",
                    "Publishing before the announcement would disrupt the decision-making.",
                ),
            ),
            postponed=True,
        ),
    ),
    licence="EUPL-1.2",
    open_later_date=date(2026, 9, 1),
    decided_on=TODAY,
    review_on=date(2027, 6, 1),
)


async def test_reviews_come_due_on_their_date_and_only_once(people: People) -> None:
    decision = await published(people)  # review date 2029-06-01
    early = await reviews.run(date(2029, 5, 31))
    assert early.due == {} and early.opened == {}
    report = await reviews.run(date(2029, 6, 1))
    [due] = report.due[people.organisation.pk]
    assert due.pk == decision.pk and due.state is DecisionState.REVIEW_DUE
    again = await reviews.run(date(2029, 6, 2))
    assert again.due == {}
    assert (await Decision.get(id=decision.pk)).state is DecisionState.REVIEW_DUE


async def test_open_later_decisions_get_an_opening_draft_when_their_date_comes(
    people: People,
) -> None:
    decision = await published(people, LATER)
    assert (await reviews.run(date(2026, 8, 31))).opened == {}
    report = await reviews.run(date(2026, 9, 1))
    [draft] = report.opened[people.organisation.pk]
    assert (draft.state, draft.outcome, draft.version) == (DecisionState.DRAFT, Outcome.OPEN, 2)
    assert draft.supersedes_id == decision.pk
    assert [item["withheld"] for item in draft.items] == [False]
    assert draft.licence == "EUPL-1.2"
    assert (await reviews.run(date(2026, 9, 2))).opened == {}  # one draft, not one a day
    assert await Decision.filter(software_id=people.software.pk).count() == 2
    assert draft.summary.startswith("Wat werd uitgesteld, wordt openbaar gemaakt")  # Dutch


async def test_an_opening_draft_opens_only_the_postponed_items(people: People) -> None:
    """Issue 14.8: items withheld on an absolute or lasting ground stay withheld."""
    bsn = ScopeItem(
        ItemKind.ARTEFACT,
        "testdata/bsn.csv",
        withheld=True,
        grounds=(GroundUse("woo-5.1.1.e", "Real citizen service numbers."),),
    )
    rules = ScopeItem(
        ItemKind.ARTEFACT,
        "config/rules.yaml",
        withheld=True,
        grounds=(GroundUse("woo-5.1.4", "Parliament learns of it first."),),
        postponed=True,
        open_on=date(2026, 10, 1),
    )
    content = replace(LATER, items=(*LATER.items, bsn, rules))
    decision = await published(people, content)
    [draft] = (await reviews.run(date(2026, 9, 1))).opened[people.organisation.pk]
    assert [item["withheld"] for item in draft.items] == [False, True, True]
    assert draft.outcome is Outcome.PARTLY_OPEN and draft.supersedes_id == decision.pk
    assert draft.review_on is not None
    assert [g["code"] for g in draft.items[1]["grounds"]] == ["woo-5.1.1.e"]


def test_the_daily_command_lists_per_organisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_from_template: None
) -> None:
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", f"sqlite://{tmp_path}/var/cli.sqlite3")
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    loaded = runner.invoke(main, ["demo"], catch_exceptions=False)
    assert "example decisions: 8 created" in loaded.stdout
    result = runner.invoke(
        main, ["decisions", "review-due", "--today", "2027-06-01"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Ministerie van Voorbeelden (fictief):",
        "  review due: Toegangspoort dienstverlening (voorbeeld), version 1 "
        "(review date 2027-05-11) /register/4",
        "  review due: Rekenmodule nieuwe regeling (voorbeeld), version 1 "
        "(review date 2027-06-01) /register/5",
        "  to open: Rekenmodule nieuwe regeling (voorbeeld), draft version 2 /register/9",
    ]
    assert "2 reviews due, 1 opening drafts, 0 requests due, as of 2027-06-01" in result.stderr
    again = runner.invoke(main, ["decisions", "review-due", "--today", "2027-06-02"])
    assert again.stdout == "" and "0 reviews due, 0 opening drafts" in again.stderr
    assert runner.invoke(main, ["decisions", "review-due", "--today", "morgen"]).exit_code == 2
