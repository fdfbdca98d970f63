# SPDX-License-Identifier: EUPL-1.2
"""Screenshots of the main pages at desktop and mobile width, for people to review; written
to var/screenshots/ (ignored by git), in CI too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, ViewportSize

from tests.functional.browser.pages import BY_NAME, SCREENSHOT_PAGES

pytestmark = pytest.mark.browser

FOLDER = Path(__file__).resolve().parents[3] / "var" / "screenshots"
WIDTHS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 390, "height": 844},
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_screenshot(visit: Callable[..., tuple[Page, Response]], name: str, width: str) -> None:
    page, _ = visit(BY_NAME[name], viewport=WIDTHS[width])
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"{name}-{width}.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0
