# SPDX-License-Identifier: EUPL-1.2
"""Which licence a file of a tree is under, by the REUSE Specification (version 3.3): the
`SPDX-License-Identifier` tags in the file's own header (or in its `.license` sidecar file), and
the `[[annotations]]` of the `REUSE.toml` at the top of the tree. Pure: no ORM, no web.

The rules followed (https://reuse.software/spec-3.3/):

- A tag counts anywhere in the file, except between `REUSE-IgnoreStart` and `REUSE-IgnoreEnd`;
  a comment's closing characters after the expression (`*/`, `-->`) are not part of it.
- A file `NAME.license` next to `NAME` holds the header of `NAME` (for binaries above all).
- `REUSE.toml` has `version = 1` and a list of `[[annotations]]`, each with `path` (a pattern or
  a list of them), optionally `precedence` and the tags. In a pattern `*` matches any characters
  but `/`, `**` any characters including `/`, and `\\*` a literal `*`. Of several annotations
  that match a file, the last one counts.
- `precedence`: `closest` (the default) takes the file's own tags when it has any, else the
  annotation's; `aggregate` takes both; `override` takes only the annotation's.

Only the `REUSE.toml` at the top of the tree is read; nested ones are a newer addition that the
released trees seen so far do not use.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from catalogue.messages import Message, Number

TAG = re.compile(r"SPDX-License-Identifier:[ \t]*(?P<value>[^\r\n]*)")
CLOSERS = ("*/", "-->", "--%>", "#}", "%}", "#>", '"""', "'''", "*)", "-}")
IGNORE = re.compile(r"REUSE-IgnoreStart.*?(?:REUSE-IgnoreEnd|\Z)", re.DOTALL)


class ReuseError(ValueError):
    """A REUSE.toml that does not follow the specification."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class Precedence(StrEnum):
    CLOSEST = "closest"
    AGGREGATE = "aggregate"
    OVERRIDE = "override"


@dataclass(frozen=True, slots=True)
class Annotation:
    """One `[[annotations]]` table: the patterns it covers, how it weighs against a file's own
    header, and the licence expressions it gives."""

    patterns: tuple[re.Pattern[str], ...]
    precedence: Precedence
    licences: tuple[str, ...]
    copyrights: tuple[str, ...] = ()

    def covers(self, path: str) -> bool:
        return any(pattern.fullmatch(path) for pattern in self.patterns)


def header_licences(text: str) -> tuple[str, ...]:
    """The licence expressions of the `SPDX-License-Identifier` tags in a file's text."""
    if "SPDX-License-Identifier" not in text:
        return ()
    if "REUSE-IgnoreStart" in text:
        text = IGNORE.sub("", text)
    found: list[str] = []
    for match in TAG.finditer(text):
        value = match.group("value").strip()
        for closer in CLOSERS:
            value = value.removesuffix(closer).rstrip()
        if value and value not in found:
            found.append(value)
    return tuple(found)


def pattern_of(glob: str) -> re.Pattern[str]:
    """A REUSE.toml path pattern as a regular expression over whole paths."""
    parts: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("\\*", index) or glob.startswith("\\\\", index):
            parts.append(re.escape(glob[index + 1]))
            index += 2
        elif glob.startswith("**", index):
            parts.append(".*")
            index += 2
        elif glob[index] == "*":
            parts.append("[^/]*")
            index += 1
        else:
            parts.append(re.escape(glob[index]))
            index += 1
    return re.compile("".join(parts), re.DOTALL)


def parse_reuse_toml(text: str) -> tuple[Annotation, ...]:
    """The annotations of a REUSE.toml, in order; ReuseError naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReuseError(
            Message("REUSE.toml is not valid TOML: %(error)s", error=str(error))
        ) from None
    if data.get("version") != 1:
        raise ReuseError(Message("REUSE.toml must say version = 1"))
    tables = data.get("annotations", [])
    if not isinstance(tables, list):
        raise ReuseError(Message("annotations in REUSE.toml must be a list of tables"))
    return tuple(_annotation(table, number) for number, table in enumerate(tables, start=1))


def _strings(value: Any, what: str, number: int) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise ReuseError(
            Message(
                "annotation %(number)s of REUSE.toml: %(what)s must be text or a list of texts",
                number=Number(number),
                what=what,
            )
        )
    return tuple(values)


def _annotation(table: Any, number: int) -> Annotation:
    if not isinstance(table, dict) or "path" not in table:
        raise ReuseError(
            Message("annotation %(number)s of REUSE.toml has no path", number=Number(number))
        )
    precedence = table.get("precedence", Precedence.CLOSEST.value)
    if precedence not in {item.value for item in Precedence}:
        raise ReuseError(
            Message(
                "annotation %(number)s of REUSE.toml: precedence is closest, aggregate or override",
                number=Number(number),
            )
        )
    licences = table.get("SPDX-License-Identifier", [])
    copyrights = table.get("SPDX-FileCopyrightText", [])
    return Annotation(
        patterns=tuple(pattern_of(glob) for glob in _strings(table["path"], "path", number)),
        precedence=Precedence(precedence),
        licences=_strings(licences, "SPDX-License-Identifier", number),
        copyrights=_strings(copyrights, "SPDX-FileCopyrightText", number),
    )


def licences_of(
    path: str, own: tuple[str, ...], annotations: tuple[Annotation, ...]
) -> tuple[str, ...]:
    """The licence expressions that apply to a file, from its own tags (`own`, of the file or its
    sidecar) and the last annotation covering its path."""
    covering = [annotation for annotation in annotations if annotation.covers(path)]
    if not covering:
        return own
    last = covering[-1]
    if last.precedence is Precedence.OVERRIDE or (
        last.precedence is Precedence.CLOSEST and not own
    ):
        return last.licences
    if last.precedence is Precedence.AGGREGATE:
        return tuple(dict.fromkeys([*own, *last.licences]))
    return own
