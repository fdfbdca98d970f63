# SPDX-License-Identifier: EUPL-1.2
"""The formal besluit: who decides, who signs, how to object, where it is published, what it
covers, and when it was made known. Pure: no ORM, no web.

- The bestuursorgaan decides (e.g. "de minister van BZK", "het college van burgemeester en
  wethouders"); an official may sign under mandate (art. 10:3 ff. Awb): the register names the
  function, not the person.
- A besluit says how and within what term bezwaar can be made: the rechtsmiddelenclausule
  (art. 3:45 Awb).
- A decision on a request is published with its inventarislijst (art. 3.3 lid 2 onder i Woo)
  and pins exactly what it covers: for code, the commit(s) or tag (in beroep only the judge
  sees what was withheld, art. 8:29 Awb).
- Bekendmaking (art. 3:40 Awb) starts the term for bezwaar (art. 6:8 Awb).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from catalogue.messages import Message

MAX_LINE, MAX_URL, MAX_TEXT = 200, 400, 10_000
_URL = re.compile(r"^https?://[^\s\x00-\x1f]+$")


@dataclass(frozen=True, slots=True)
class Besluit:
    """The formal parts of a decision."""

    bestuursorgaan: str = ""
    signatory: str = ""  # the function of who signs under mandate
    remedies: str = ""  # the rechtsmiddelenclausule
    besluit_url: str = ""
    inventory_url: str = ""
    covers: str = ""  # commit(s) or tag
    made_known_on: date | None = None


def besluit_problems(
    besluit: Besluit, *, decided_on: date | None, on_request: bool, complete: bool
) -> Iterator[tuple[str, str]]:
    """Field errors of the formal besluit. A decision on a request names, to be complete, the
    bestuursorgaan, the signatory's function and the rechtsmiddelenclausule."""
    for key, value, limit in (
        ("bestuursorgaan", besluit.bestuursorgaan, MAX_LINE),
        ("signatory", besluit.signatory, MAX_LINE),
        ("covers", besluit.covers, MAX_URL),
        ("remedies", besluit.remedies, MAX_TEXT),
    ):
        if len(value) > limit:
            yield key, Message("Shorten this text to at most %(limit)s characters.", limit=limit)
    for key, url in (
        ("besluit_url", besluit.besluit_url),
        ("inventory_url", besluit.inventory_url),
    ):
        if url and (len(url) > MAX_URL or not _URL.match(url)):
            yield key, Message("Give a web address starting with https://.")
    made_known = besluit.made_known_on
    if made_known is not None and decided_on is not None and made_known < decided_on:
        yield "made_known_on", Message("A decision is made known on or after the day it is taken.")
    if complete and on_request:
        if not besluit.bestuursorgaan.strip():
            yield (
                "bestuursorgaan",
                Message("Name the bestuursorgaan that decides, e.g. 'de minister van BZK'."),
            )
        if not besluit.signatory.strip():
            yield (
                "signatory",
                Message(
                    "Name the function of the official who signs under mandate (art. 10:3 Awb)."
                ),
            )
        if not besluit.remedies.strip():
            yield (
                "remedies",
                Message("Say how and within what term bezwaar can be made (art. 3:45 Awb)."),
            )
