# SPDX-License-Identifier: EUPL-1.2
"""Forms in a real browser, at a desktop's and a phone's width (issue 16.5, 16.10): every
problem at once, named by its label, each link landing on its field; a confirmation after a
save; a name already in use asked about; the decision form kept from a developer; Approve
kept from the officer who decided; the reason a draft was sent back on the account page.
axe-core checks each page with problems or a confirmation on it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from tests.functional.browser.conftest import AXE, unavailable
from tests.functional.browser.pages import leaked_internals, nl
from tests.functional.browser.site import DEVELOPER, OFFICERS, SITE_ADMIN, Site
from tests.functional.browser.test_accessibility import RULES, RUN_AXE, describe

pytestmark = pytest.mark.browser

WIDTHS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
# What only the program's field names look like: items[0].grounds, repositories[1], name:
INTERNAL_KEY = re.compile(r"\w+\[\d+\]|\b[a-z]+_[a-z_]+\b|^[a-z][a-z_]*: ", re.MULTILINE)
LINKS_LAND = """() => [...document.querySelectorAll('.error-summary a')].map(a => {
  const id = decodeURIComponent(new URL(a.href).hash.slice(1));
  return {text: a.textContent, id, found: a.pathname === location.pathname
    && document.getElementById(id) !== null};
})"""


def opened(context_of: Callable[..., BrowserContext], user: str, width: str) -> Page:
    """A page of `user` at `width`, with axe-core loaded into every document."""
    if not AXE.exists():
        unavailable(f"no {AXE}")
    context = context_of(user, viewport=WIDTHS[width])
    context.add_init_script(path=AXE)
    return context.new_page()


def assert_accessible(page: Page) -> None:
    violations = page.evaluate(RUN_AXE, RULES)
    assert not violations, f"{page.url}\n{describe(violations)}"
    assert leaked_internals(page) == []
    viewport = page.viewport_size
    assert viewport is not None
    width = page.evaluate("document.documentElement.scrollWidth")  # no sideways scrolling
    assert width <= viewport["width"] + 2, (page.url, width)


def assert_summary_lands(page: Page) -> list[str]:
    """Each problem of the summary is named by a label and its link lands on its control;
    returns the problems' texts."""
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    links = page.evaluate(LINKS_LAND)
    assert links, "the summary has no links"
    for link in links:
        assert link["found"], link
        assert not INTERNAL_KEY.search(link["text"]), link["text"]
    first = summary.get_by_role("link").first
    first.click()
    target = page.locator(f"[id='{links[0]['id']}']")
    expect(target).to_be_in_viewport()
    return [link["text"] for link in links]


def register(page: Page, name: str, repositories: str) -> None:
    page.goto("/software/nieuw?lang=nl")
    page.get_by_label(nl("Name"), exact=True).fill(name)
    page.get_by_label(nl("Website")).fill("geen adres")
    page.get_by_label(nl("Repositories")).fill(repositories)
    page.get_by_role("main").get_by_role("button", name=nl("Register"), exact=True).click()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_registration_shows_every_problem_by_label_then_confirms_the_save(
    context_of: Callable[..., BrowserContext], site: Site, width: str
) -> None:
    page = opened(context_of, DEVELOPER, width)
    register(page, "", "geen-adres\nhttps://github.com/minvws/formulierproef-" + width)
    problems = assert_summary_lands(page)
    assert any(p.startswith(nl("Name") + ":") for p in problems), problems
    assert any(p.startswith(nl("Website") + ":") for p in problems), problems
    assert any(p.startswith(nl("Repository %(number)s", number=1) + ":") for p in problems)
    assert_accessible(page)

    name = f"Formulierproef {width}"
    page.get_by_label(nl("Name"), exact=True).fill(name)
    page.get_by_label(nl("Website")).fill("")
    page.get_by_label(nl("Repositories")).fill("")
    page.get_by_role("main").get_by_role("button", name=nl("Register"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/software/\d+$"))
    expect(page.get_by_role("status")).to_contain_text(nl("The software has been registered."))
    assert_accessible(page)
    page.reload()
    expect(page.get_by_text(nl("The software has been registered."))).to_have_count(0)

    register(page, name.upper(), "")  # the same name, in other letters: asked first
    warning = page.locator("#same-name")
    expect(warning).to_contain_text(nl("An entry with this name exists already"))
    expect(warning.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_repositories_and_statuses_are_edited_and_the_save_confirmed(
    context_of: Callable[..., BrowserContext], site: Site, width: str
) -> None:
    page = opened(context_of, DEVELOPER, width)
    page.goto("/software/nieuw?lang=nl")
    page.get_by_label(nl("Name"), exact=True).fill(f"Bewerkproef {width}")
    page.get_by_role("main").get_by_role("button", name=nl("Register"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/software/\d+$"))
    page.goto(page.url + "/bewerken")
    page.get_by_label(nl("Repositories")).fill(f"https://github.com/minvws/bewerkproef-{width}")
    page.get_by_label(nl("Development status")).select_option("beta")
    page.get_by_label(nl("Maintenance")).select_option("internal")
    page.get_by_role("button", name=nl("Save"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(nl("Your changes have been saved."))
    expect(page.get_by_text(f"minvws/bewerkproef-{width}").first).to_be_visible()
    assert_accessible(page)


def test_publiccode_data_is_edited_with_a_bad_category_named_by_its_label(
    context_of: Callable[..., BrowserContext], site: Site
) -> None:
    page = opened(context_of, DEVELOPER, "phone")
    page.goto("/software/nieuw?lang=nl")
    page.get_by_label(nl("Name"), exact=True).fill("Publiccodeproef")
    page.get_by_role("main").get_by_role("button", name=nl("Register"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/software/\d+$"))
    page.goto(page.url + "/bewerken")
    page.get_by_label(nl("Kind of software (softwareType)")).select_option("standalone/web")
    page.get_by_label(nl("Categories"), exact=True).fill("crm, kaasmaken")
    page.get_by_label(nl("Platforms"), exact=True).fill("web, linux")
    page.get_by_role("button", name=nl("Save"), exact=True).click()
    problems = assert_summary_lands(page)
    assert problems == [
        nl("Categories")
        + ": "
        + nl("%(values)s: not in the category list of publiccode.yml", values="'kaasmaken'")
    ], problems
    expect(page.get_by_label(nl("Categories"), exact=True)).to_be_focused()
    assert_accessible(page)
    page.get_by_label(nl("Categories"), exact=True).fill("crm, data-analytics")
    page.get_by_role("button", name=nl("Save"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(nl("Your changes have been saved."))
    expect(page.get_by_text("data-analytics").first).to_be_visible()
    assert_accessible(page)


def test_a_developer_is_not_shown_a_decision_form(
    context_of: Callable[..., BrowserContext], site: Site
) -> None:
    page = opened(context_of, DEVELOPER, "desktop")
    page.goto(f"/software/{site.software_id}")
    expect(page.get_by_role("link", name=nl("Record a decision"))).to_have_count(0)
    answer = page.goto(f"/software/{site.software_id}/besluit")
    assert answer is not None and answer.status == 403
    expect(page.get_by_role("radio")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_decider_is_not_offered_approve_and_sees_why_a_draft_came_back(
    context_of: Callable[..., BrowserContext], site: Site, width: str
) -> None:
    developer = opened(context_of, DEVELOPER, width)
    developer.goto("/software/nieuw?lang=nl")
    developer.get_by_label(nl("Name"), exact=True).fill(f"Besluitproef {width}")
    developer.get_by_role("main").get_by_role("button", name=nl("Register"), exact=True).click()
    expect(developer).to_have_url(re.compile(r"/software/\d+$"))
    software = developer.url

    first = opened(context_of, OFFICERS[0], width)
    first.goto(software + "/besluit?lang=nl")
    first.get_by_label(nl("Summary for the public")).fill("Alles wordt vrijgegeven.")
    first.get_by_label(nl("Licence of what is released (SPDX expression)")).fill("")
    first.get_by_role("button", name=nl("Save the draft")).click()
    expect(first.get_by_role("status")).to_contain_text(nl("The draft decision has been saved."))
    first.get_by_role("button", name=nl("Submit for approval")).click()
    problems = assert_summary_lands_elsewhere(first)  # now on the draft's form
    assert problems
    first.get_by_label(nl("Licence of what is released (SPDX expression)")).fill("EUPL-1.2")
    first.get_by_role("button", name=nl("Save the draft")).click()
    first.get_by_role("button", name=nl("Submit for approval")).click()
    expect(first.get_by_role("status")).to_contain_text(
        nl("The draft has been submitted: another publication officer approves it.")
    )
    expect(first.get_by_role("button", name=nl("Approve"), exact=True)).to_have_count(0)
    expect(first.locator("#four-eyes")).to_be_visible()
    assert_accessible(first)
    decision = first.url

    second = opened(context_of, OFFICERS[1], width)
    second.goto(decision)
    expect(second.get_by_role("button", name=nl("Approve"), exact=True)).to_be_visible()
    reason = f"De samenvatting noemt de licentie niet ({width})."
    second.get_by_label(nl("Why it goes back to draft")).fill(reason)
    second.get_by_role("button", name=nl("Send back to draft")).click()
    expect(second.get_by_role("status")).to_be_visible()

    first.goto("/account?lang=nl")
    expect(first.get_by_text(reason)).to_be_visible()
    assert_accessible(first)


def assert_summary_lands_elsewhere(page: Page) -> list[str]:
    """A refused step's problems link to the fields of the draft's form, which exist there."""
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    links = page.evaluate(LINKS_LAND)
    for link in links:
        assert not INTERNAL_KEY.search(link["text"]), link["text"]
    assert_accessible(page)
    first = summary.get_by_role("link").first
    target = links[0]["id"]
    first.click()
    expect(page).to_have_url(re.compile(r"/bewerken#"))
    expect(page.locator(f"[id='{target}']")).to_be_in_viewport()
    return [link["text"] for link in links]


# Each administration form filled wrong (in ways the browser lets through), by the ids of its
# controls: the labels that the summary must name, in Dutch.
ADMIN_FORMS = {
    "organisation": (
        {"#organisation-name": "Waterschap Proef", "#organisation-tooi_uri": "geen-tooi"},
        ["TOOI identifier"],
    ),
    "account": ({"#account-url": "https://example.org"}, ["Address of the account or group"]),
    "user": ({"#user-email": SITE_ADMIN, "#user-password": "kort"}, ["E-mail address", "Password"]),
    "grant": ({"#grant-email": "niemand@example.org"}, ["E-mail address"]),
}


@pytest.mark.parametrize("form", ADMIN_FORMS)
def test_an_administration_form_names_its_problems_by_label_on_a_page_of_forms(
    context_of: Callable[..., BrowserContext], site: Site, form: str
) -> None:
    page = opened(context_of, SITE_ADMIN, "desktop")
    page.goto("/beheer?lang=nl")
    filled, labels = ADMIN_FORMS[form]
    for control, value in filled.items():
        page.locator(control).fill(value)
    page.locator(f"form:has(input[name=action][value={form}])").locator("button").click()
    problems = assert_summary_lands(page)
    assert [p.split(": ", 1)[0] for p in problems] == [nl(label) for label in labels], problems
    for control in filled:
        if control != "#user-password":  # what was typed stays, but never a password
            expect(page.locator(control)).to_have_value(filled[control])
    expect(page.locator("#user-password")).to_have_value("")
    assert_accessible(page)


def test_administration_problems_are_named_in_english_too(
    context_of: Callable[..., BrowserContext], site: Site
) -> None:
    page = opened(context_of, SITE_ADMIN, "phone")
    page.goto("/beheer?lang=en")
    page.locator("#grant-email").fill("nobody@example.org")
    page.locator("form:has(input[name=action][value=grant])").locator("button").click()
    problems = assert_summary_lands(page)
    assert problems == ["E-mail address: no user has the address 'nobody@example.org'"]
    assert_accessible(page)


def test_the_webhook_and_collection_forms_name_their_problems_by_label(
    context_of: Callable[..., BrowserContext], site: Site
) -> None:
    page = opened(context_of, SITE_ADMIN, "desktop")
    page.goto("/beheer/webhooks?lang=nl")
    page.locator("#url").fill("ftp://example.org/haak")
    page.get_by_role("button", name=nl("Register webhook")).click()
    problems = assert_summary_lands(page)
    assert [p.split(": ", 1)[0] for p in problems] == [nl("Address (http:// or https://)")]
    assert_accessible(page)

    page.goto("/beheer/collecties?lang=nl")
    page.locator("#slug").fill("Niet Goed")
    page.locator("#title_nl").fill("Proef")
    page.get_by_role("button", name=nl("Make collection")).click()
    problems = assert_summary_lands(page)
    assert [p.split(": ", 1)[0] for p in problems] == [nl("Address")]
    assert_accessible(page)

    page.goto(f"/beheer/collecties/{site.collection}?lang=nl")
    page.locator("#software").fill("abc")
    page.locator("#new-role_nl").fill("Proefrol")
    page.locator("form:has(#software)").get_by_role("button", name=nl("Add")).click()
    problems = assert_summary_lands(page)
    assert [p.split(": ", 1)[0] for p in problems] == [nl("Number of the software")]
    expect(page.locator("#new-role_nl")).to_have_value("Proefrol")
    assert_accessible(page)
