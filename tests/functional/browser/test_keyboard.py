# SPDX-License-Identifier: EUPL-1.2
"""Usable by keyboard alone: the skip link comes first and moves focus to the content, the
search works without a mouse, and the focused element is visibly outlined."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_skip_link_search_and_visible_focus_by_keyboard(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    outline = skip.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    search = page.get_by_role("searchbox", name="Zoek in de catalogus")
    for _ in range(40):  # tab onwards from the content to the search box
        page.keyboard.press("Tab")
        if search.evaluate("e => e === document.activeElement"):
            break
    expect(search).to_be_focused()
    page.keyboard.type("logging")
    page.keyboard.press("Enter")
    page.wait_for_url("**/software?q=logging")
    expect(page.get_by_role("heading", level=1)).to_have_text("Software")
    first = page.locator("main h3 a").first
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/software/*")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Software")
