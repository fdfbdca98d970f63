# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

TEMPLATES = Path(str(resources.files("catalogue") / "templates"))
PACKAGES = [Path(str(resources.files(name))) for name in ("catalogue", "wooexemptions")]
DUTCH = Path(str(resources.files("catalogue") / "locale" / "nl" / "LC_MESSAGES" / "messages.po"))


def template_messages() -> set[str | tuple[str, str]]:
    """Every message of the templates: a string, or (singular, plural) for ngettext."""
    found = extract_from_dir(str(TEMPLATES), method_map=[("**.html", "jinja2.ext:babel_extract")])
    messages = (message for _, _, message, _, _ in found)
    return {m if isinstance(m, str) else (m[0], m[1]) for m in messages}


def code_messages() -> set[str]:
    """Every `Message("...")` the domain writes for people (catalogue.messages)."""
    found = set()
    for package in PACKAGES:
        for _, _, message, _, _ in extract_from_dir(
            str(package), method_map=[("**.py", "python")], keywords={"Message": None}
        ):
            found.add(message)
    return found


def dutch_translations() -> set[str | tuple[str, ...]]:
    with DUTCH.open("rb") as po_file:
        catalog = read_po(po_file, locale="nl")
    return {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
        and all(message.string if isinstance(message.string, tuple) else (message.string,))
    }


def test_every_message_of_the_pages_has_a_dutch_translation() -> None:
    messages = template_messages()
    assert len(messages) > 50
    assert sorted(messages - dutch_translations(), key=str) == []
    assert any(isinstance(message, tuple) for message in messages)  # plurals are checked too


def test_every_message_of_the_domain_has_a_dutch_translation() -> None:
    messages = code_messages()
    assert len(messages) > 100
    assert sorted(messages - dutch_translations()) == []


def placeholders(text: str | tuple[str, ...]) -> set[str]:
    texts = (text,) if isinstance(text, str) else text
    return {name for each in texts for name in re.findall(r"%\((\w+)\)s", each)}


def test_translations_keep_their_placeholders() -> None:
    with DUTCH.open("rb") as po_file:
        catalog = read_po(po_file, locale="nl")
    for message in catalog:
        if message.id:
            assert placeholders(message.id) == placeholders(message.string), message.id


def test_every_message_of_the_domain_is_written_as_a_literal_so_that_it_is_checked() -> None:
    """A Message made from a variable escapes the extraction above, and with it the check
    that it has a Dutch translation."""
    import ast

    dynamic = []
    for package in PACKAGES:
        for path in package.rglob("*.py"):
            if path.name == "messages.py" and path.parent.name == "catalogue":
                continue  # where Message is defined and rebuilt from stored checks
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "Message"
                    and not (node.args and isinstance(node.args[0], ast.Constant))
                ):
                    dynamic.append(f"{path.name}:{node.lineno}")
    assert dynamic == []
