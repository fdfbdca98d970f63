# SPDX-License-Identifier: EUPL-1.2
"""Checks of one text value: each says what is wrong and what is expected, or None."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from datetime import date
from urllib.parse import urlsplit

from catalogue.licences import LicenceError, normalise
from catalogue.messages import Message, Number, message_of
from catalogue.publiccode.problems import show
from catalogue.publiccode.standard import ALIASES, COUNTRIES, V0_3, V0_5, Version

Check = Callable[[str, Version], "str | None"]


def close_match(text: str, candidates: Collection[str]) -> str | None:
    """The candidate close to `text`, quoted, to suggest for a near miss; else None."""
    if len(text) > 100:  # no key or listed value is this long; spare difflib the work
        return None
    match = difflib.get_close_matches(text, candidates, n=1, cutoff=0.75)
    return repr(match[0]) if match else None


def one_of(values: tuple[str, ...]) -> Check:
    """One of a few values, all of which the message lists."""
    listing = ", ".join(values)

    def check(text: str, version: Version) -> str | None:
        if text in values:
            return None
        return Message(
            "expected one of: %(choices)s; got %(value)s", choices=listing, value=show(text)
        )

    return check


def listed(values: frozenset[str], name: Message) -> Check:
    """One of the values of a long list, with a suggestion for a near miss."""

    def check(text: str, version: Version) -> str | None:
        if text in values:
            return None
        if (match := close_match(text, values)) is None:
            return Message(
                "%(value)s is not in the standard's %(list)s", value=show(text), list=name
            )
        return Message(
            "%(value)s is not in the standard's %(list)s; did you mean %(match)s?",
            value=show(text),
            list=name,
            match=match,
        )

    return check


def _length(text: str, minimum: int, maximum: int) -> str | None:
    size = len(text.strip())
    if size > maximum:
        return Message(
            "the text is %(size)s characters long; at most %(limit)s are allowed",
            size=Number(size),
            limit=Number(maximum),
        )
    if size < minimum:
        return Message(
            "the text is %(size)s characters long; at least %(limit)s are needed",
            size=Number(size),
            limit=Number(minimum),
        )
    return None


def at_most(maximum: int) -> Check:
    """A text of at most `maximum` characters."""
    return lambda text, version: _length(text, 0, maximum)


def long_description(text: str, version: Version) -> str | None:
    return _length(text, 500 if version < V0_3 else 150, 10_000)


def feature(text: str, version: Version) -> str | None:
    return _length(text, 0, 100) if version < V0_3 else None


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def calendar_date(text: str, version: Version) -> str | None:
    try:
        if _DATE.fullmatch(text) and date.fromisoformat(text):
            return None
    except ValueError:
        return Message(
            "%(value)s is not a date of the calendar; expected YYYY-MM-DD", value=show(text)
        )
    return Message("expected a date as YYYY-MM-DD; got %(value)s", value=show(text))


def _url_of(schemes: frozenset[str], expected: Message) -> Check:
    def check(text: str, version: Version) -> str | None:
        try:
            parts = urlsplit(text)
        except ValueError:  # a malformed host, such as an unclosed [IPv6 bracket
            parts = None
        if parts and parts.scheme.lower() in schemes and parts.netloc and not _SPACE.search(text):
            return None
        return Message("expected %(expected)s; got %(value)s", expected=expected, value=show(text))

    return check


_SPACE = re.compile(r"\s")
url = _url_of(frozenset({"http", "https"}), Message("an http or https URL"))
# The repository may be offered over other protocols than HTTP (the standard names git, svn).
repository = _url_of(
    frozenset({"http", "https", "git", "ssh", "git+ssh", "svn", "svn+ssh"}),
    Message("the URL of a source code repository (https://, git://, ssh:// or svn://)"),
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+\-]*/[a-z0-9][a-z0-9!#$&^_.+\-]*", re.IGNORECASE)
_LANGUAGE = re.compile(  # BCP 47: language, extlang, script, region, variants, extensions
    r"[a-z]{2,3}(-[a-z]{3}){0,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?"
    r"(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(-[0-9a-wyz](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?",
    re.IGNORECASE,
)


def email(text: str, version: Version) -> str | None:
    if _EMAIL.fullmatch(text):
        return None
    return Message(
        "expected an email address such as name@example.org; got %(value)s", value=show(text)
    )


def uri(text: str, version: Version) -> str | None:
    if _URI.fullmatch(text):
        return None
    return Message(
        "expected a URI such as https://example.org/... or urn:...; got %(value)s", value=show(text)
    )


def support(text: str, version: Version) -> str | None:
    """A URI, or one of the standard's aliases of regulations: alias:gdpr."""
    if not text.startswith("alias:"):
        return uri(text, version)
    if text[6:] in ALIASES:
        return None
    return Message(
        "unknown alias %(value)s; the known aliases are: %(aliases)s",
        value=show(text),
        aliases=", ".join(ALIASES),
    )


def mime(text: str, version: Version) -> str | None:
    if _MIME.fullmatch(text):
        return None
    return Message("expected a media type such as text/csv; got %(value)s", value=show(text))


def language(text: str, version: Version) -> str | None:
    if len(text) <= 64 and _LANGUAGE.fullmatch(text):
        return None
    return Message(
        "%(value)s is not a BCP 47 language tag such as 'nl', 'en' or 'sl-IT-nedis'",
        value=show(text),
    )


def country(text: str, version: Version) -> str | None:
    if text.isascii() and text.upper() in COUNTRIES:
        return None
    return Message(
        "%(value)s is not an ISO 3166-1 alpha-2 country code such as 'NL'", value=show(text)
    )


def lowercase_country(text: str, version: Version) -> str | None:
    """Advice: a lowercase (but known) country code is deprecated since 0.5."""
    if version < V0_5 or text == text.upper() or country(text, version):
        return None  # an unknown code is an error already
    return Message(
        "lowercase country codes are deprecated since publiccodeYmlVersion 0.5; write %(code)s",
        code=repr(text.upper()),
    )


def licence(text: str, version: Version) -> str | None:
    """An SPDX licence expression, as catalogue.licences reads it."""
    if len(text) > 500:  # no expression is this long; and the message would quote it all
        return Message(
            "the text is %(size)s characters long; not an SPDX licence expression",
            size=Number(len(text)),
        )
    try:
        normalise(text)
    except LicenceError as error:
        return Message(
            "%(problem)s; expected an SPDX expression such as 'EUPL-1.2 OR AGPL-3.0-or-later'",
            problem=message_of(error),
        )
    return None


def file(*extensions: str) -> Check:
    """A path in the repository or an http(s) URL, of one of the types when given."""
    kinds = ", ".join(extension.lstrip(".").upper() for extension in extensions)

    def check(text: str, version: Version) -> str | None:
        try:
            parts = urlsplit(text)
        except ValueError:
            parts = None
        if parts is None or (parts.scheme and url(text, version) is not None):
            return Message(
                "expected a path in the repository or an http(s) URL; got %(value)s",
                value=show(text),
            )
        if extensions and not parts.path.lower().endswith(extensions):
            return Message(
                "expected a file of type %(kinds)s; got %(value)s", kinds=kinds, value=show(text)
            )
        return None

    return check
