# SPDX-License-Identifier: EUPL-1.2
"""BCP 47 language tags (RFC 5646) as the standard asks for them, checked strictly: the syntax
of the RFC, and each subtag against the registry's codes as CLDR (through Babel) knows them.

The reference parser checks the same way: `en_GB` (POSIX) is no tag, `xxx` is no language, and
`eng` is not the tag of English, as the registry has a two-letter code for it (`en`). CLDR names
every ISO 639-1 language and some 500 of ISO 639-3; a rarer three-letter language is refused
(docs/publiccode.md says so). Variants are checked against the registry's list, not against
the prefixes each allows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_TAG = re.compile(
    r"(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)"
    r"(?P<extensions>(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*)"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"
)
_PRIVATE = re.compile(r"x(?:-[a-z0-9]{1,8})+")
# Tags the RFC keeps from before it ("grandfathered"), valid as a whole.
_GRANDFATHERED = frozenset(
    """en-gb-oed i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux i-mingo i-navajo i-pwn
    i-tao i-tay i-tsu sgn-be-fr sgn-be-nl sgn-ch-de art-lojban cel-gaulish no-bok no-nyn
    zh-guoyu zh-hakka zh-min zh-min-nan zh-xiang""".split()
)


@dataclass(frozen=True, slots=True)
class _Registry:
    """The codes a tag's subtags are looked up in, lower-cased."""

    languages: frozenset[str]
    two_letter_aliases: frozenset[str]  # three-letter codes of a language with a two-letter one
    scripts: frozenset[str]
    regions: frozenset[str]
    variants: frozenset[str]


@cache
def _registry() -> _Registry:
    """CLDR's codes, loaded once, when the first tag is checked (Babel reads them from disk)."""
    from babel.core import get_global
    from babel.localedata import load

    names = load("en")
    aliases = get_global("language_aliases")
    return _Registry(
        languages=frozenset(code.lower() for code in names["languages"] if "_" not in code),
        two_letter_aliases=frozenset(
            code for code, target in aliases.items() if len(code) == 3 and len(target) == 2
        ),
        scripts=frozenset(code.lower() for code in names["scripts"]),
        regions=frozenset(code.lower() for code in names["territories"]),
        variants=frozenset(code.lower() for code in names["variants"]),
    )


def is_language_tag(text: str) -> bool:
    """Whether `text` is a valid BCP 47 language tag (case does not matter)."""
    tag = text.lower()
    if len(tag) > 64 or not tag.isascii():
        return False
    if tag in _GRANDFATHERED or _PRIVATE.fullmatch(tag):
        return True
    match = _TAG.fullmatch(tag)
    if match is None:
        return False
    registry = _registry()
    language, *extlangs = match["language"].split("-")
    if not _known_language(language, registry):
        return False
    if any(extlang not in registry.languages for extlang in extlangs):
        return False
    if match["script"] and match["script"] not in registry.scripts:
        return False
    if match["region"] and match["region"] not in registry.regions:
        return False
    variants = [variant for variant in match["variants"].split("-") if variant]
    return all(variant in registry.variants for variant in variants)


def _known_language(code: str, registry: _Registry) -> bool:
    if len(code) > 3:  # four letters are reserved; five to eight name no language registered
        return False
    if "qaa" <= code <= "qtz":  # reserved for local use
        return True
    return code in registry.languages and code not in registry.two_letter_aliases


def suggestion(text: str) -> str | None:
    """The tag meant, for a near miss that says how to write it: `en_GB` for `en-GB`, `eng` for
    `en`; None when there is no such tag."""
    from babel.core import get_global

    parts = text.replace("_", "-").split("-")
    aliases = get_global("language_aliases")
    target = aliases.get(parts[0].lower())
    if target is not None and len(target) == 2:
        parts[0] = target
    better = "-".join(parts)
    return better if better != text and is_language_tag(better) else None
