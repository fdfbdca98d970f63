# SPDX-License-Identifier: EUPL-1.2
"""The figures say what is published and what is decided, apart: the demo's public
repositories count as published, whatever their (missing) decisions, and no share of "open
source" is taken of entries that nobody decided on yet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.functional.browser.pages import nl

pytestmark = pytest.mark.browser


def figure(page: Page, label: str) -> int:
    term = page.locator("dt", has_text=re.compile(f"^{re.escape(nl(label))}$")).first
    value: Locator = term.locator("xpath=following-sibling::dd[1]")
    match = re.match(r"[\d.]+", value.inner_text())
    assert match, value.inner_text()
    return int(match.group(0).replace(".", ""))


@pytest.mark.parametrize("path", ["/", "/statistieken"])
def test_published_and_decided_are_two_figures(page: Page, path: str) -> None:
    page.goto(f"{path}?lang=nl")
    published = figure(page, "Published in a public repository")
    decided = figure(page, "With a recorded decision")
    undecided = figure(page, "No decision recorded yet")
    assert figure(page, "of which under an open-source licence") <= published
    assert published > decided  # the demo: public code, few decisions yet
    assert decided + undecided == published + figure(page, "Not in a public repository")
    assert not page.get_by_text(re.compile(r"\(\d+\s?%\)")).count()  # no share of all entries


def test_the_explanation_links_to_how_the_figures_are_counted(page: Page) -> None:
    page.goto("/?lang=nl")
    page.get_by_role("link", name=nl("How these figures are counted")).click()
    expect(page).to_have_url(re.compile(r"/statistieken#openness$"))
    expect(page.get_by_role("heading", name=nl("Published and decided"))).to_be_in_viewport()
