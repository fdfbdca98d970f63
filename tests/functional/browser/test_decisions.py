# SPDX-License-Identifier: EUPL-1.2
"""A release decision from draft to the public register: one publication officer drafts and
submits it, a second approves and publishes it (four eyes), and everyone can read it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.functional.browser.pages import nl
from tests.functional.browser.site import OFFICERS, SCRIPT, Site

pytestmark = pytest.mark.browser

MOTIVATION = f"De configuratie beschrijft de beveiliging van het netwerk. {SCRIPT}"
WEIGHING = "Het belang van openbaarheid weegt hier minder zwaar dan de beveiliging."


def take_step(page: Page, button: str) -> None:
    """Press a button of a decision page; a refusal shows as an alert on the page."""
    page.get_by_role("button", name=nl(button)).click()
    page.wait_for_load_state()
    problems = page.get_by_role("alert")
    assert problems.count() == 0, f"{button}: {problems.all_inner_texts()}"


def draft(page: Page, software_id: int) -> str:
    """From the software's page, draft a decision: partly open, with a path withheld on a
    relative ground; the other rows of the form left as they come. Returns the software's name."""
    page.goto(f"/software/{software_id}")
    name = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name=nl("Record a decision")).click()
    page.get_by_label(nl("Partly open: named parts are withheld")).check()
    summary = page.get_by_label(nl("Summary for the public"))
    summary.fill("De code is open, op de netwerkconfiguratie na.")
    review = date.today() + timedelta(days=2 * 365)
    page.get_by_label(nl("Review date (at most five years later)")).fill(review.isoformat())
    item = page.get_by_role("group", name=nl("Scope item %(number)s", number=2))
    item.get_by_label(nl("What it covers")).select_option("path")
    item.get_by_label(nl("Name or path")).fill("deploy/netwerk/")
    item.get_by_label(nl("Withheld"), exact=True).check()
    item.get_by_label(nl("Woo ground %(number)s", number=1)).select_option("woo-5.1.2.h")
    item.get_by_label(nl("Motivation")).first.fill(MOTIVATION)
    item.get_by_label(nl("Weighing of interests (relative grounds)")).first.fill(WEIGHING)
    take_step(page, "Save the draft")
    expect(page).to_have_url(re.compile(r"/register/\d+$"))
    return name


def test_a_decision_is_drafted_approved_by_a_second_officer_and_published(
    context_of: Callable[..., BrowserContext], page: Page, site: Site
) -> None:
    first = context_of(OFFICERS[0]).new_page()
    name = draft(first, site.decision_software_id)
    address = first.url
    take_step(first, "Submit for approval")
    expect(first.get_by_text(nl("submitted for approval")).first).to_be_visible()

    second = context_of(OFFICERS[1]).new_page()
    second.goto(address)
    take_step(second, "Approve")
    take_step(second, "Publish in the register")
    expect(second.get_by_role("button", name=nl("Start a new version"))).to_be_visible()

    page.goto("/register")  # anyone
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page).to_have_url(address)
    expect(page.get_by_text(MOTIVATION)).to_be_visible()
    expect(page.get_by_text(WEIGHING)).to_be_visible()
