# SPDX-License-Identifier: EUPL-1.2
"""Searching the software list and narrowing it with facets: the results follow, and the
address keeps every filter, so that it can be shared and reloaded."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.functional.browser.pages import nl

pytestmark = pytest.mark.browser


def result_count(page: Page) -> int:
    before, after = nl("%(count)s results").split("%(count)s")
    pattern = re.compile(f"^{re.escape(before)}([\\d.]+){re.escape(after)}$")
    heading = page.get_by_role("heading", name=pattern)
    match = pattern.match(heading.inner_text().strip())
    assert match, heading.inner_text()
    return int(match.group(1).replace(".", ""))


def facet(page: Page, title: str) -> Locator:
    refine = page.get_by_role("navigation", name=nl("Refine the results"))
    return refine.get_by_role("region", name=nl(title), exact=True)


def count_in(link: Locator) -> int:
    match = re.search(r"\(([\d.]+)\)", link.inner_text())
    assert match, link.inner_text()
    return int(match.group(1).replace(".", ""))


def filters_in(page: Page) -> set[str]:
    return set(parse_qs(urlsplit(page.url).query))


def test_search_then_facets_narrow_the_results_and_stay_in_the_address(page: Page) -> None:
    page.goto("/software")
    everything = result_count(page)
    search = page.get_by_role("searchbox", name=nl("Search text"))
    search.fill("data")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=data(&|$)"))
    found = result_count(page)
    assert 0 < found < everything
    chosen = {"q"}
    for title, parameter in (
        ("Organisation", "organisation"),
        ("Licence", "licence"),
        ("Release status", "release_status"),
    ):
        link = facet(page, title).get_by_role("link").first
        expected = count_in(link)
        link.click()
        chosen.add(parameter)
        expect(page).to_have_url(re.compile(f"[?&]{parameter}="))
        assert filters_in(page) >= chosen
        assert result_count(page) == expected <= found
        found = expected
    page.reload()
    assert result_count(page) == found
    assert page.get_by_role("searchbox", name=nl("Search text")).input_value() == "data"


def test_a_chosen_facet_is_marked_and_removed_by_choosing_it_again(page: Page) -> None:
    page.goto("/software")
    everything = result_count(page)
    facet(page, "Licence").get_by_role("link").first.click()
    chosen = facet(page, "Licence").locator("a[aria-current='true']")
    expect(chosen).to_have_count(1)
    assert result_count(page) < everything
    chosen.click()
    assert "licence" not in filters_in(page)
    assert result_count(page) == everything


def search_for(page: Page, text: str) -> None:
    search = page.get_by_role("searchbox", name=nl("Search text"))
    search.fill(text)
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q="))


def test_an_organisation_is_found_by_its_name_and_a_dutch_word_by_its_stem(page: Page) -> None:
    page.goto("/software?lang=nl")
    for text in ("Belastingdienst", "belasting", "belastingen"):
        search_for(page, text)
        assert result_count(page) > 0, text
        first = page.get_by_role("main").locator(".card").first
        expect(first).to_contain_text("Belastingdienst")
        expect(page.get_by_label(nl("Sort by"))).to_have_value("relevance")


def test_a_search_that_finds_nothing_suggests_what_to_look_for(page: Page) -> None:
    page.goto("/software?lang=nl")
    search_for(page, "belastingdeinst")  # prefix matching finds "belastingdients"
    assert result_count(page) == 0
    page.get_by_role("link", name="belastingdienst", exact=True).click()
    assert result_count(page) > 0
