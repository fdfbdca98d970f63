# SPDX-License-Identifier: EUPL-1.2
"""Reflow (WCAG 2.1, 1.4.10): at a phone's width no page needs sideways scrolling."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Response

from tests.functional.browser.pages import PAGES

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
