# SPDX-License-Identifier: EUPL-1.2
"""Signing in and out, and a developer registering software through the form."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.functional.browser.pages import nl
from tests.functional.browser.site import DEVELOPER, NAMES, PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_and_out(page: Page) -> None:
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name=nl("Sign in")).click()
    page.get_by_label(nl("E-mail address")).fill(DEVELOPER)
    page.get_by_label(nl("Password")).fill("not the password")
    page.get_by_role("main").get_by_role("button", name=nl("Sign in")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label(nl("Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=nl("Sign in")).click()
    expect(page).to_have_url(re.compile(r"/account$"))
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name=NAMES[DEVELOPER])).to_be_visible()  # not the e-mail
    expect(header.get_by_text(DEVELOPER)).to_have_count(0)
    header.get_by_role("button", name=nl("Sign out")).click()
    expect(header.get_by_role("link", name=nl("Sign in"))).to_be_visible()
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/aanmelden\?next=%2Faccount$"))


def test_a_developer_registers_software(context_of: Callable[..., BrowserContext]) -> None:
    page = context_of(DEVELOPER).new_page()
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name=nl("Register software")).click()
    page.get_by_label(nl("Name"), exact=True).fill("Parkeervergunningen")
    page.get_by_label(nl("Description in Dutch")).fill("Vraagt en verlengt parkeervergunningen.")
    page.get_by_label(nl("Licence (SPDX expression)")).fill("EUPL-1.2")
    page.get_by_label(nl("Repositories")).fill("https://github.com/minvws/parkeervergunningen")
    page.get_by_role("main").get_by_role("button", name=nl("Register"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/software/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Parkeervergunningen")
    expect(page.get_by_text("Vraagt en verlengt parkeervergunningen.")).to_be_visible()
    page.goto("/software?q=parkeervergunningen")
    expect(page.get_by_role("link", name="Parkeervergunningen")).to_be_visible()
