# SPDX-License-Identifier: EUPL-1.2
"""Reflow (WCAG 2.1, 1.4.10): at a phone's width no page needs sideways scrolling."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Response

from tests.functional.browser.pages import BY_NAME, PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("case", PAGES, ids=lambda case: case.name)
def test_no_page_is_wider_than_a_phone(
    visit: Callable[..., tuple[Page, Response]], case: object
) -> None:
    page, _ = visit(case, viewport={"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 392)
            .slice(0, 5)
            .map(e => `${e.tagName}.${e.className} ${e.textContent.slice(0, 40)}`)"""
    )
    assert width <= 392, (width, wide)


@pytest.mark.parametrize("name", ["register", "statistics", "organisation-list"])
def test_tables_stack_their_rows_on_a_phone(
    visit: Callable[..., tuple[Page, Response]], name: str
) -> None:
    """At a phone's width each row of a table is a block of lines, each cell on a line of
    its own that starts with its column's name; at desktop width the columns stay."""
    page, _ = visit(BY_NAME[name], viewport={"width": 390, "height": 844})
    cells = page.locator("main table tbody tr").first.locator("td")
    lefts = {round(box["x"]) for box in (cell.bounding_box() or {} for cell in cells.all())}
    assert len(lefts) == 1, lefts
    headers = page.locator("main table thead th").all_inner_texts()
    labels = [cell.get_attribute("data-label") for cell in cells.all()]
    assert labels and set(labels) <= set(headers), (labels, headers)
    page.set_viewport_size({"width": 1280, "height": 800})
    lefts = {round(box["x"]) for box in (cell.bounding_box() or {} for cell in cells.all())}
    assert len(lefts) == cells.count() > 1
