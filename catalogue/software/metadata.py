# SPDX-License-Identifier: EUPL-1.2
"""What a repository's own files say about its software: the publiccode.yml checked and turned
into catalogue values, and the licence findings of comparing its sources. Pure: no ORM."""

from __future__ import annotations

import re
from typing import Any

from catalogue import licences, publiccode
from catalogue.messages import Message
from catalogue.urls import is_web_address

MAX_PROBLEMS = 200  # stored per file; a file with more is rewritten, not read line by line
MAX_NAME = 200
MAX_DESCRIPTION = 5000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DUTCH_WORDS = frozenset(
    "de het een van voor en met is zijn wordt worden om op bij naar deze dit die dat ook "
    "gemeente overheid applicatie gegevens".split()
)


def is_dutch(text: str) -> bool:
    """A rough guess whether a short description is written in Dutch."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    return sum(word in DUTCH_WORDS for word in words) >= max(2, len(words) // 8)


def check_publiccode(
    text: str | None, files: publiccode.Files | None = None
) -> tuple[dict[str, Any] | None, publiccode.Result | None]:
    """The stored summary of validating a publiccode.yml, and the full result; None without one.
    `files` are the paths of the repository, when known, for the logo, screenshots and authors
    file the publiccode.yml names; the harvests do not know them (their code hosts' listings do
    not give them), so a harvested file is checked without them."""
    if text is None:
        return None, None
    result = publiccode.validate(text, files=files)
    problems = [
        stored(problem.as_dict(), problem.message) for problem in result.problems[:MAX_PROBLEMS]
    ]
    summary = {
        "version": result.version,
        "valid": result.valid,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": problems,
    }
    return summary, result


def software_values(result: publiccode.Result | None) -> dict[str, Any]:
    """The catalogue fields a publiccode.yml fills, from what in it is usable (even when other
    parts are invalid); the keys are those of registration.apply_harvest."""
    if result is None or result.data is None:
        return {}
    found = publiccode.software_fields(result.data)
    values: dict[str, Any] = {}
    if found.name and (name := _clean(found.name)[:MAX_NAME].strip()):
        values["name"] = name
    for language, field in (("nl", "description_nl"), ("en", "description_en")):
        if text := _description(found.descriptions.get(language, {})):
            values[field] = text
    if found.licence and licences.normalised_or_none(found.licence):
        values["licence"] = found.licence
    if found.landing_url and len(found.landing_url) <= 300 and is_web_address(found.landing_url):
        values["homepage"] = found.landing_url  # as the column holds it, never cut short
    for field in ("development_status", "maintenance_type", "software_type"):
        if value := getattr(found, field):
            values[field] = value
    values["categories"] = list(found.categories)
    values["platforms"] = list(found.platforms)
    return values


def _description(texts: dict[str, str]) -> str:
    """The long description when it fits the catalogue's field, else the short one."""
    long, short = _clean(texts.get("long", "")).strip(), _clean(texts.get("short", "")).strip()
    if long and len(long) <= MAX_DESCRIPTION:
        return long
    return short[:MAX_DESCRIPTION]


def _clean(text: str) -> str:
    return CONTROL.sub("", text)


def licence_findings(
    *, publiccode_licence: str | None, forge: str | None, file: str | None, where: str
) -> list[dict[str, Any]]:
    """What comparing the three licence sources of one repository finds, as stored dicts."""
    found = licences.compare(publiccode=publiccode_licence, forge=forge, file=file)
    return [
        stored({**finding.as_dict(), "repository": where}, finding.message) for finding in found
    ]


def stored(item: dict[str, Any], message: str) -> dict[str, Any]:
    """A problem or finding as stored: its English message, and the message's template and
    values when it has them, so that a page can show it in its own language."""
    if isinstance(message, Message):
        return {**item, "message": str(message), **message.as_dict()}
    return item
