# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

TEMPLATES = Path(str(resources.files("catalogue") / "templates"))
DUTCH = Path(str(resources.files("catalogue") / "locale" / "nl" / "LC_MESSAGES" / "messages.po"))


def template_messages() -> set[str]:
    found = extract_from_dir(str(TEMPLATES), method_map=[("**.html", "jinja2.ext:babel_extract")])
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_message_of_the_pages_has_a_dutch_translation() -> None:
    with DUTCH.open("rb") as po_file:
        catalog = read_po(po_file, locale="nl")
    translated = {message.id for message in catalog if message.id and message.string}
    messages = template_messages()
    assert len(messages) > 50
    assert sorted(messages - translated) == []


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


def test_translations_keep_their_placeholders() -> None:
    with DUTCH.open("rb") as po_file:
        catalog = read_po(po_file, locale="nl")
    for message in catalog:
        if message.id:
            assert placeholders(message.id) == placeholders(message.string), message.id
