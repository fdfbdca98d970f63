# SPDX-License-Identifier: EUPL-1.2
"""Harvested and hand-entered text is shown as text, never run; and every page sends a
Content-Security-Policy without 'unsafe-inline' that its own markup keeps to."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect

from tests.functional.browser.pages import PAGES, PageSpec
from tests.functional.browser.site import (
    IMAGE,
    SCRIPT,
    XSS_NAME,
    XSS_ORGANISATION,
    XSS_WORD,
    Site,
)

pytestmark = pytest.mark.browser

HAND_ENTERED = f"Handwerk {IMAGE}"
# Where the payload entries show, and payload texts each of these pages shows.
PAYLOAD_PAGES: dict[str, tuple[Callable[[Site], str], tuple[str, ...]]] = {
    "home": (lambda s: "/", (XSS_NAME,)),
    "software-list": (lambda s: "/software?sort=-created", (XSS_NAME, HAND_ENTERED)),
    "search-results": (lambda s: f"/software?q={XSS_WORD}", (XSS_NAME, HAND_ENTERED, SCRIPT)),
    "software-detail": (
        lambda s: f"/software/{s.xss_software_id}",
        (XSS_NAME, f"Een {XSS_WORD} publiccode.yml: {SCRIPT}", f"minvws/xss-proef {IMAGE}"),
    ),
    "organisation-detail": (lambda s: f"/organisaties/{s.organisation}", (XSS_NAME,)),
    "payload-organisation": (
        lambda s: f"/organisaties/{s.xss_organisation}",
        (XSS_ORGANISATION, HAND_ENTERED),
    ),
    "organisation-list": (lambda s: "/organisaties?q=proef", (XSS_ORGANISATION,)),
    "component-list": (lambda s: "/componenten?q=onderdeel", (f"onderdeel {IMAGE}",)),
    "component-detail": (lambda s: f"/componenten/{quote(s.xss_component)}", (XSS_NAME,)),
}
# Records what the page's Content-Security-Policy blocked (added before any page script runs).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => window.__cspViolations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at line ${event.lineNumber}`
));
"""


@pytest.fixture
def without_csp(context_of: Callable[..., BrowserContext]) -> BrowserContext:
    """A browser that ignores the CSP, so that escaping alone has to keep the payloads inert."""
    return context_of(bypass_csp=True)


@pytest.mark.parametrize("name", PAYLOAD_PAGES)
def test_payloads_are_shown_as_text_and_never_run(
    without_csp: BrowserContext, site: Site, name: str
) -> None:
    path, texts = PAYLOAD_PAGES[name]
    page = without_csp.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(path(site))
    assert response is not None and response.status == 200
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    assert page.locator("[onerror]").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    for shown in texts:
        expect(page.get_by_text(shown).filter(visible=True).first).to_be_visible()


def test_a_javascript_address_is_no_link(without_csp: BrowserContext, site: Site) -> None:
    page = without_csp.new_page()
    page.goto(f"/organisaties/{site.xss_organisation}")
    assert page.get_by_role("link", name="javascript:").count() == 0
    page.goto(f"/software/{site.xss_software_id}")
    assert page.get_by_role("link", name="javascript:").count() == 0


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_every_page_has_a_strict_content_security_policy(
    visit: Callable[..., tuple[Page, Response]], spec: PageSpec
) -> None:
    page, response = visit(spec, scripts=[RECORD_CSP_VIOLATIONS])
    policy = response.headers.get("content-security-policy", "")
    directives = {words[0]: words[1:] for part in policy.split(";") if (words := part.split())}
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, policy or "no Content-Security-Policy header"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, policy
    assert "*" not in scripts and "data:" not in scripts, policy
    assert page.evaluate("() => window.__cspViolations") == []
