# SPDX-License-Identifier: EUPL-1.2
"""Small things people notice: the charts' axes show their first number whole, a checkbox
among a form's fields sits beside its label, and the audit log speaks of people and fields."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.functional.browser.pages import nl
from tests.functional.browser.site import DEVELOPER, NAMES, Site

pytestmark = pytest.mark.browser


def test_no_number_of_a_chart_axis_is_cut_off(page: Page) -> None:
    page.goto("/statistieken?lang=nl")
    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for chart in charts.all():
        frame = chart.bounding_box()
        assert frame
        for tick in chart.locator("text.tick").all():
            box = tick.bounding_box()
            assert (
                box
                and frame["x"] <= box["x"]
                and box["x"] + box["width"] <= frame["x"] + frame["width"]
            ), tick.inner_text()


def test_the_history_checkbox_sits_beside_its_label(page: Page) -> None:
    page.goto("/register?lang=nl")
    box = page.get_by_label(nl("Include superseded and withdrawn versions")).bounding_box()
    label = page.get_by_text(nl("Include superseded and withdrawn versions")).bounding_box()
    assert box and label
    assert box["x"] + box["width"] <= label["x"]  # left of the label
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 12


def test_the_audit_log_names_people_and_shows_each_changed_field(
    context_of: Callable[..., BrowserContext], site: Site
) -> None:
    page = context_of(DEVELOPER).new_page()
    page.goto(f"/software/{site.decision_software_id}/bewerken?lang=nl")
    page.get_by_label(nl("Description in English")).fill("Edited for the audit log.")
    page.get_by_role("main").get_by_role("button", name=nl("Save"), exact=True).click()
    page.goto(f"/organisaties/{site.organisation}/audit?lang=nl")
    newest = page.get_by_role("main").locator("tbody tr").first
    expect(newest).to_contain_text(NAMES[DEVELOPER])
    assert "user:" not in newest.inner_text()
    change = newest.locator("dl.diff")
    expect(change.locator("dt", has_text="description_en")).to_be_visible()
    expect(change.locator("ins", has_text="Edited for the audit log.")).to_be_visible()
