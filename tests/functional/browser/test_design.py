# SPDX-License-Identifier: EUPL-1.2
"""The NL Design System's look: its styles and tokens are applied, the header keeps to one
line on a desktop and folds its navigation behind a menu button on a phone, and the footer
leads to the pages every Dutch government site has."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.functional.browser.pages import nl
from tests.functional.browser.site import DEVELOPER, SITE_ADMIN

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("user", [None, DEVELOPER, SITE_ADMIN])
def test_the_header_stays_on_one_line_on_a_desktop(
    context_of: Callable[..., BrowserContext], user: str | None
) -> None:
    page = context_of(user, viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/software?lang=nl")
    boxes = [part.bounding_box() for part in page.locator("header .wrap > *:visible").all()]
    middles = [box["y"] + box["height"] / 2 for box in boxes if box]
    heights = [box["height"] for box in boxes if box]
    assert len(middles) == 3 and max(middles) - min(middles) < 8, middles
    assert max(heights) < 50, heights
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    # ... and fits: no sideways scrolling, signed in or not (a site administrator's header is
    # the widest).
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width


def test_on_a_phone_the_navigation_folds_behind_a_menu_button(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/?lang=nl")
    navigation = page.get_by_role("navigation", name=nl("Main navigation"))
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    assert page.locator("header").bounding_box()["height"] < 140  # type: ignore[index]
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    navigation.get_by_role("link", name=nl("Decision register")).click()
    expect(page).to_have_url(re.compile(r"/register$"))


@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("About opentenzij", "About opentenzij"),
        ("Accessibility", "Accessibility statement"),
        ("Privacy", "Privacy"),
        ("Contact", "Contact"),
    ],
)
def test_the_footer_leads_to_the_pages_of_a_government_site(
    page: Page, link: str, heading: str
) -> None:
    page.goto("/statistieken?lang=nl")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name=nl(link), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl(heading))


def test_the_design_system_styles_the_page_and_the_icon_loads(page: Page) -> None:
    icons: list[int] = []
    page.on("response", lambda r: icons.append(r.status) if "/img/opentenzij" in r.url else None)
    page.goto("/?lang=nl")
    body = page.locator("body")
    expect(body).to_have_class(re.compile(r"\butrecht-html voorbeeld-theme opentenzij-theme\b"))
    token = "name => getComputedStyle(document.body).getPropertyValue(name)"
    assert page.evaluate(token, "--utrecht-button-font-weight").strip()
    button = page.get_by_role("button", name=nl("Search"))
    # The design system's pointer target: buttons at least 3rem high (48 px).
    assert button.evaluate("e => getComputedStyle(e).minHeight") == "48px"
    favicon = page.locator("link[rel=icon]")
    expect(favicon).to_have_attribute("type", "image/svg+xml")
    assert icons and set(icons) == {200}
