# SPDX-License-Identifier: EUPL-1.2
"""The browser tests' fixtures: the seeded site served by a real server, one headless
Chromium (Debian's, never a downloaded one) for all of them, and contexts of visitors and of
signed-in people.

Without Chromium or axe-core these tests skip, or fail when OPENTENZIJ_TEST_BROWSER=required
(as .ci/run sets it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Response,
    StorageState,
    ViewportSize,
    sync_playwright,
)

from tests.fakes.server import free_port
from tests.functional.browser.pages import PageSpec, sign_in, with_lang
from tests.functional.browser.site import Site

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def unavailable(reason: str) -> None:
    """Fail when the browser tests are required (CI), else skip them."""
    if os.environ.get("OPENTENZIJ_TEST_BROWSER") == "required":
        pytest.fail(f"browser tests are required: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Site]:
    """The demo catalogue with people and payloads, on a copy of the migrated SQLite template,
    served on a loopback port by tests/functional/browser/serve.py."""
    folder = tmp_path_factory.mktemp("browser")
    port, facts, log = free_port(), folder / "facts.json", folder / "server.log"
    command = [sys.executable, "-m", "tests.functional.browser.serve"]
    shutil.copyfile(sqlite_template, folder / "site.sqlite3")
    database_url = f"sqlite://{folder / 'site.sqlite3'}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, database_url, str(port), str(facts)],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process, log)
        yield Site(base_url=base_url, **json.loads(facts.read_text(encoding="utf-8")))
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    with httpx.Client(timeout=1) as client:  # one client: each new one loads the CA bundle
        while time.monotonic() < deadline:
            try:
                if client.get(f"{base_url}/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.1)
    raise TimeoutError(f"the server at {base_url} did not answer within a minute")


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the whole browser suite."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def signed_in_state(browser: Browser, site: Site) -> Callable[[str], StorageState]:
    """The cookies of a session per e-mail address, signed in through the form once each."""
    states: dict[str, StorageState] = {}

    def state(email: str) -> StorageState:
        if email not in states:
            context = browser.new_context(base_url=site.base_url)
            sign_in(context.new_page(), email)
            states[email] = context.storage_state()
            context.close()
        return states[email]

    return state


@pytest.fixture
def context_of(
    browser: Browser, site: Site, signed_in_state: Callable[[str], StorageState]
) -> Iterator[Callable[..., BrowserContext]]:
    """New contexts on the site, of a signed-in person when `user` is given, with Playwright's
    context options; closed after the test."""
    opened: list[BrowserContext] = []

    def new_context(user: str | None = None, **options: Any) -> BrowserContext:
        if user is not None:
            options["storage_state"] = signed_in_state(user)
        context = browser.new_context(base_url=site.base_url, **options)
        opened.append(context)
        return context

    yield new_context
    for context in opened:
        context.close()


@pytest.fixture
def page(context_of: Callable[..., BrowserContext]) -> Page:
    """A page of an anonymous visitor."""
    return context_of().new_page()


# A kind of visit: who (None: the public), the window's width and height, with axe-core or
# not, and the scripts run before the page's own.
VisitKind = tuple[str | None, int, int, bool, tuple[str, ...]]


class KeptPages:
    """One open page per kind of visit, for the tests that only look. A new page costs
    Chromium a renderer process, most of a visit's time; going to another address in an
    open page costs only that page. Each visit still loads its page anew."""

    def __init__(self, browser: Browser, site: Site, state: Callable[[str], StorageState]):
        self.browser, self.site, self.state = browser, site, state
        self.pages: dict[VisitKind, Page] = {}

    def page(self, kind: VisitKind) -> Page:
        if kind not in self.pages or self.pages[kind].is_closed():
            user, width, height, axe, scripts = kind
            options: dict[str, Any] = {"viewport": {"width": width, "height": height}}
            if user is not None:
                options["storage_state"] = self.state(user)
            context = self.browser.new_context(base_url=self.site.base_url, **options)
            if axe:
                if not AXE.exists():
                    unavailable(f"no {AXE.relative_to(ROOT)}: npm ci in {HERE.relative_to(ROOT)}")
                context.add_init_script(path=AXE)  # not a <script> element: the CSP stays on
            for script in scripts:
                context.add_init_script(script)
            self.pages[kind] = context.new_page()
        return self.pages[kind]

    def put_back(self, kind: VisitKind, *, failed: bool) -> None:
        """After a test: the page at its kind's size again, or closed when the test failed
        (it may have been left in any state)."""
        page = self.pages.get(kind)
        if page is None:
            return
        try:
            if failed:
                raise RuntimeError("the test failed")
            page.set_viewport_size({"width": kind[1], "height": kind[2]})
        except Exception:
            del self.pages[kind]
            page.context.close()

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()
        self.pages.clear()


@pytest.fixture(scope="package")
def kept_pages(
    browser: Browser, site: Site, signed_in_state: Callable[[str], StorageState]
) -> Iterator[KeptPages]:
    kept = KeptPages(browser, site, signed_in_state)
    yield kept
    kept.close()


@pytest.fixture
def visit(
    request: pytest.FixtureRequest, kept_pages: KeptPages, site: Site
) -> Iterator[Callable[..., tuple[Page, Response]]]:
    """Open a page of pages.PAGES in a language as its visitor reaches it (with axe-core and
    `scripts` run before the page's own), in the page kept open for that kind of visit;
    returns the page and the response to its address."""
    used: set[VisitKind] = set()

    def open_page(
        spec: PageSpec,
        lang: str = "nl",
        *,
        axe: bool = False,
        scripts: Sequence[str] = (),
        viewport: ViewportSize = DESKTOP,
    ) -> tuple[Page, Response]:
        kind: VisitKind = (spec.user, viewport["width"], viewport["height"], axe, tuple(scripts))
        page = kept_pages.page(kind)
        used.add(kind)
        address = with_lang(spec.path(site), lang)
        response = page.goto(address)
        assert response is not None
        if response.status != spec.status:
            pytest.fail(f"GET {address} answered {response.status}", pytrace=False)
        if spec.then:
            spec.then(page, lang)
        return page, response

    failures = request.session.testsfailed
    yield open_page
    for kind in used:
        kept_pages.put_back(kind, failed=request.session.testsfailed != failures)
