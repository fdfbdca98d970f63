# SPDX-License-Identifier: EUPL-1.2
"""axe-core finds no WCAG 2.1 A or AA violation on any page template, in Dutch or English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Response

from tests.functional.browser.pages import BY_NAME, PAGES, PageSpec

pytestmark = pytest.mark.browser

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """rules => axe.run(document, {runOnly: {type: "tag", values: rules}})
  .then(result => result.violations)"""


def describe(violations: list[dict[str, Any]]) -> str:
    """Each violation with its rule, what to do, and the elements, to fix it from here."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = node["failureSummary"].replace("\n", " ").strip()
            lines.append(f"    {' '.join(node['target'])}: {summary}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_axe_finds_no_violations(
    visit: Callable[..., tuple[Page, Response]], spec: PageSpec, lang: str
) -> None:
    page, _ = visit(spec, lang, axe=True)
    violations = page.evaluate(RUN_AXE, RULES)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_axe_reports_what_it_finds(visit: Callable[..., tuple[Page, Response]]) -> None:
    """The check above can fail: on a page made to break the rules, axe names them."""
    page, _ = visit(BY_NAME["not-found"], axe=True)
    page.set_content('<p><img src="/static/none.png"><a href="/"></a></p>')
    violations = page.evaluate(RUN_AXE, RULES)
    assert {"image-alt", "link-name", "html-has-lang"} <= {v["id"] for v in violations}
