# SPDX-License-Identifier: EUPL-1.2
"""Every page template once, as a visitor reaches it: the address, who is signed in, and what
they do there first; and the words of the pages in either language."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from catalogue.web.i18n import translations
from tests.functional.browser.site import (
    DEVELOPER,
    OFFICERS,
    PASSWORD,
    SITE_ADMIN,
    Site,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page


def text(lang: str, message: str, **values: object) -> str:
    """A message of the pages in a language, as the templates translate it."""
    translated = translations(lang).gettext(message)
    return translated % values if values else translated


def nl(message: str, **values: object) -> str:
    return text("nl", message, **values)


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def sign_in(page: Page, email: str) -> None:
    """Sign in through the form, as a person does."""
    page.goto("/aanmelden?lang=nl")
    page.get_by_label(nl("E-mail address")).fill(email)
    page.get_by_label(nl("Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=nl("Sign in")).click()
    page.wait_for_url("**/account")


def answer_questionnaire(page: Page, lang: str) -> None:
    """Answer yes to the first question (secrets) and the fourth (special personal data in
    the code), so that a recommendation shows with actions and a candidate ground."""
    yes = page.get_by_role("radio", name=text(lang, "yes"), exact=True)
    yes.nth(0).check()
    yes.nth(3).check()
    page.get_by_role("button", name=text(lang, "Show the recommendation")).click()
    heading = re.compile(re.escape(text(lang, "Recommendation")))
    page.get_by_role("heading", name=heading).wait_for()


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page as a visitor reaches it."""

    name: str
    path: Callable[[Site], str]
    user: str | None = None  # who is signed in; None: an anonymous visitor
    then: Callable[[Page, str], None] | None = None  # what they do there, in a language
    status: int = 200


PAGES = (
    PageSpec("home", lambda s: "/"),
    PageSpec("software-list", lambda s: "/software"),
    PageSpec("software-search", lambda s: "/software?q=data&release_status=open"),
    PageSpec("software-detail", lambda s: f"/software/{s.software_id}"),
    PageSpec("organisation-list", lambda s: "/organisaties"),
    PageSpec("organisation-detail", lambda s: f"/organisaties/{s.organisation}"),
    PageSpec("component-list", lambda s: "/componenten"),
    PageSpec("component-detail", lambda s: f"/componenten/{quote(s.component)}"),
    PageSpec(
        "component-vulnerabilities", lambda s: f"/componenten/{quote(s.component)}/kwetsbaarheden"
    ),
    PageSpec(
        "vulnerabilities",
        lambda s: f"/organisaties/{s.organisation}/kwetsbaarheden",
        user=DEVELOPER,
    ),
    PageSpec("register", lambda s: "/register"),
    PageSpec("decision", lambda s: f"/register/{s.decision_id}"),
    PageSpec("grounds", lambda s: "/gronden"),
    PageSpec("questionnaire", lambda s: "/keuzehulp", then=answer_questionnaire),
    PageSpec("statistics", lambda s: "/statistieken"),
    PageSpec("open-data", lambda s: "/open-data"),
    PageSpec("sign-in", lambda s: "/aanmelden"),
    PageSpec("account", lambda s: "/account", user=DEVELOPER),
    PageSpec("audit", lambda s: f"/organisaties/{s.organisation}/audit", user=DEVELOPER),
    PageSpec("software-registration", lambda s: "/software/nieuw", user=DEVELOPER),
    PageSpec("software-edit", lambda s: f"/software/{s.software_id}/bewerken", user=DEVELOPER),
    PageSpec("decision-form", lambda s: f"/software/{s.software_id}/besluit", user=OFFICERS[0]),
    PageSpec("admin", lambda s: "/beheer", user=SITE_ADMIN),
    PageSpec("webhooks", lambda s: "/beheer/webhooks", user=SITE_ADMIN),
    PageSpec("webhook", lambda s: f"/beheer/webhooks/{s.webhook_id}", user=SITE_ADMIN),
    PageSpec("collection-list", lambda s: "/collecties"),
    PageSpec("collection", lambda s: f"/collecties/{s.collection}"),
    PageSpec("collection-admin", lambda s: "/beheer/collecties", user=SITE_ADMIN),
    PageSpec("collection-edit", lambda s: f"/beheer/collecties/{s.collection}", user=SITE_ADMIN),
    PageSpec("about", lambda s: "/over"),
    PageSpec("accessibility", lambda s: "/toegankelijkheid"),
    PageSpec("privacy", lambda s: "/privacy"),
    PageSpec("contact", lambda s: "/contact"),
    PageSpec("not-found", lambda s: "/bestaat-niet", status=404),
)
BY_NAME = {spec.name: spec for spec in PAGES}


# What only the program's insides show: a Python repr or None, a template placeholder left
# unrendered, a traceback. Looked for in the text of the page and in its form fields' values.
INTERNALS = ("<built-in", "object at 0x", "None", "{{", "{%", "Traceback")
SHOWN_TEXT = """() => [document.body.innerText,
  ...[...document.querySelectorAll("input:not([type=hidden]), textarea")].map(e => e.value)
].join("\\n")"""
# The words of table cells that the browser laid out on more than one line: a Range over
# one word (a run of letters and digits) has client rectangles on two different lines when
# the word is broken. A break at a hyphen, a slash or other punctuation is allowed; hidden
# text (in a box a pixel wide) and text without spaces that is wider than the box it is in
# (an address, JSON) are left out: those have to break.
BROKEN_WORDS = """() => {
  const hidden = (node, cell) => {
    for (let e = node.parentElement; e && e !== cell.parentElement; e = e.parentElement) {
      if (e.getBoundingClientRect().width <= 1) return true;
    }
    return cell.closest("tr").getBoundingClientRect().width <= 1;
  };
  const rects = (node, start, length) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + length);
    return [...range.getClientRects()];
  };
  const lines = boxes => new Set(boxes.map(r => Math.round(r.top))).size;
  const room = (node, cell) => {  // the width of the narrowest box the text is laid out in
    let width = cell.clientWidth;
    for (let e = node.parentElement; e && e !== cell; e = e.parentElement) {
      if (e.clientWidth > 0) width = Math.min(width, e.clientWidth);
    }
    return width;
  };
  const broken = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (hidden(node, cell)) continue;
      for (const token of node.data.matchAll(/\\S+/g)) {
        const boxes = rects(node, token.index, token[0].length);
        const width = boxes.reduce((sum, r) => sum + r.width, 0);
        if (lines(boxes) < 2 || width > room(node, cell)) continue;
        for (const word of token[0].matchAll(/[\\p{L}\\p{N}]+/gu)) {
          const start = token.index + word.index;
          if (lines(rects(node, start, word[0].length)) > 1) broken.push(word[0]);
        }
      }
    }
  }
  return broken;
}"""


def leaked_internals(page: Page) -> list[str]:
    """The strings of INTERNALS that the page shows, in their order there."""
    shown = page.evaluate(SHOWN_TEXT)
    found = [marker for marker in INTERNALS if marker != "None" and marker in shown]
    return found + (["None"] if re.search(r"\bNone\b", shown) else [])


def broken_words(page: Page) -> list[str]:
    """The words in table cells that are broken across two lines."""
    return list(page.evaluate(BROKEN_WORDS))
