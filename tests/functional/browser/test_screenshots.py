# SPDX-License-Identifier: EUPL-1.2
"""Every page template at desktop and phone width, in Dutch and English, with two checks a
person looking at it would make: no page shows the program's insides (a Python repr, a
template placeholder, a traceback, "None"), and no word in a table cell is broken across lines.

With OPENTENZIJ_TEST_SCREENSHOTS set (scripts/screenshots sets it), each page is also written
as a full-page screenshot for people to review, to var/screenshots/ (ignored by git). Not in
every run: no test reads them, and encoding a full-page image of every page in every run was
a third of this file's time."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, ViewportSize

from tests.functional.browser.pages import PAGES, PageSpec, broken_words, leaked_internals

pytestmark = pytest.mark.browser

FOLDER = Path(__file__).resolve().parents[3] / "var" / "screenshots"
WIDTHS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 390, "height": 844},
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_every_page_as_people_see_it(
    visit: Callable[..., tuple[Page, Response]], spec: PageSpec, width: str, lang: str
) -> None:
    page, _ = visit(spec, lang, viewport=WIDTHS[width])
    if os.environ.get("OPENTENZIJ_TEST_SCREENSHOTS"):
        FOLDER.mkdir(parents=True, exist_ok=True)
        path = FOLDER / f"{spec.name}-{width}-{lang}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 0
    assert not leaked_internals(page), page.url
    assert not broken_words(page), page.url


def test_the_checks_find_what_they_look_for(page: Page) -> None:
    """The checks can fail: on a page made to show a repr and a narrow table, they say so."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(
        "<p>&lt;built-in method items of dict object at 0x7f00&gt;</p><input value='None'>"
        "<table style='width:6em;table-layout:fixed;font:16px monospace'><tr>"
        "<td style='padding:0;word-break:break-all'>Ab Onbeslist</td></tr></table>"
    )
    assert leaked_internals(page) == ["<built-in", "object at 0x", "None"]
    assert broken_words(page) == ["Onbeslist"]
