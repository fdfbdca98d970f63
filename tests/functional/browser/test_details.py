# SPDX-License-Identifier: EUPL-1.2
"""Small things people notice: the charts' axes show their first number whole, and a
checkbox among a form's fields sits beside its label."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.functional.browser.pages import nl

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
