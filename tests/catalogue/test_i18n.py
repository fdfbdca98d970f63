# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

TEMPLATES = Path(str(resources.files("catalogue") / "templates"))
DUTCH = Path(str(resources.files("catalogue") / "locale" / "nl" / "LC_MESSAGES" / "messages.po"))


def template_messages() -> set[str | tuple[str, str]]:
    """Every message of the templates: a string, or (singular, plural) for ngettext."""
    found = extract_from_dir(str(TEMPLATES), method_map=[("**.html", "jinja2.ext:babel_extract")])
    messages = (message for _, _, message, _, _ in found)
    return {m if isinstance(m, str) else (m[0], m[1]) for m in messages}


def test_every_message_of_the_pages_has_a_dutch_translation() -> None:
    with DUTCH.open("rb") as po_file:
        catalog = read_po(po_file, locale="nl")
    translated = {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
        and all(message.string if isinstance(message.string, tuple) else (message.string,))
    }
    messages = template_messages()
    assert len(messages) > 50
    assert sorted(messages - translated, key=str) == []
    assert any(isinstance(message, tuple) for message in messages)  # plurals are checked too


def placeholders(text: str | tuple[str, ...]) -> set[str]:
    texts = (text,) if isinstance(text, str) else text
    return {name for each in texts for name in re.findall(r"%\((\w+)\)s", each)}


def test_translations_keep_their_placeholders() -> None:
    with DUTCH.open("rb") as po_file:
        catalog = read_po(po_file, locale="nl")
    for message in catalog:
        if message.id:
            assert placeholders(message.id) == placeholders(message.string), message.id
