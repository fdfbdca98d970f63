# SPDX-License-Identifier: EUPL-1.2
"""The language link in the header switches the pages to English and back, and the choice
holds on the next page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.functional.browser.pages import text

pytestmark = pytest.mark.browser


def go_to(page: Page, lang: str, section: str) -> None:
    """Follow a link of the main navigation, named in `lang`."""
    navigation = page.get_by_role("navigation", name=text(lang, "Main navigation"))
    navigation.get_by_role("link", name=text(lang, section)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(lang, section))


def test_the_language_switch_is_remembered(page: Page) -> None:
    page.goto("/software")
    html, header = page.locator("html"), page.get_by_role("banner")
    expect(html).to_have_attribute("lang", "nl")
    header.get_by_role("link", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    go_to(page, "en", "Organisations")
    expect(html).to_have_attribute("lang", "en")
    header.get_by_role("link", name="Nederlands").click()
    expect(html).to_have_attribute("lang", "nl")
    go_to(page, "nl", "Software")
    expect(html).to_have_attribute("lang", "nl")
