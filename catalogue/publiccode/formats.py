# SPDX-License-Identifier: EUPL-1.2
"""Checks of one text value: each says what is wrong and what is expected, or None."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Collection
from datetime import date
from urllib.parse import SplitResult, urlsplit

from catalogue.licences import LicenceError, normalise
from catalogue.messages import Message, Number, message_of
from catalogue.publiccode import languages
from catalogue.publiccode.problems import show
from catalogue.publiccode.standard import ALIASES, COUNTRIES

Check = Callable[[str], "str | None"]


def close_match(text: str, candidates: Collection[str]) -> str | None:
    """The candidate close to `text`, quoted, to suggest for a near miss; else None."""
    if len(text) > 100:  # no key or listed value is this long; spare difflib the work
        return None
    match = difflib.get_close_matches(text, candidates, n=1, cutoff=0.75)
    return repr(match[0]) if match else None


def one_of(values: tuple[str, ...]) -> Check:
    """One of a few values, all of which the message lists."""
    listing = ", ".join(values)

    def check(text: str) -> str | None:
        if text in values:
            return None
        return Message(
            "expected one of: %(choices)s; got %(value)s", choices=listing, value=show(text)
        )

    return check


def listed(values: frozenset[str], name: Message) -> Check:
    """One of the values of a long list, with a suggestion for a near miss."""

    def check(text: str) -> str | None:
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


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def graphemes(text: str) -> int:
    """About the number of characters a reader sees (Unicode's extended grapheme clusters, as
    the reference parser counts them): a combining mark, a joiner and what it joins, a variation
    selector or a skin tone adds to the character before it, two regional indicators make one
    flag, and CR LF is one line break. Only non-ASCII runs are looked at one by one."""
    count = len(text) - text.count("\r\n")
    for run in _NON_ASCII.finditer(text):
        count -= _extending(run.group(), run.start() > 0)
    return count


def _extending(run: str, after_text: bool) -> int:
    """How many characters of a non-ASCII run add to the one before them."""
    extending, joined, flag = 0, False, False
    for index, character in enumerate(run):
        code = ord(character)
        first = index == 0 and not after_text
        if not first and (
            joined
            or unicodedata.category(character) in ("Mn", "Me", "Mc")
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
            or code == 0x200D
        ):
            extending += 1
            joined = code == 0x200D
            continue
        joined = False
        if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicators pair up into flags
            extending += flag
            flag = not flag
        else:
            flag = False
    return extending


def _length(text: str, minimum: int, maximum: int) -> str | None:
    size = graphemes(text)
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
    return lambda text: _length(text, 0, maximum)


def between(minimum: int, maximum: int) -> Check:
    """A text of `minimum` to `maximum` characters."""
    return lambda text: _length(text, minimum, maximum)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def calendar_date(text: str) -> str | None:
    try:
        if _DATE.fullmatch(text) and date.fromisoformat(text):
            return None
    except ValueError:
        return Message(
            "%(value)s is not a date of the calendar; expected YYYY-MM-DD", value=show(text)
        )
    return Message("expected a date as YYYY-MM-DD; got %(value)s", value=show(text))


_SPACE = re.compile(r"\s")
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*")


def _parts(text: str) -> SplitResult | None:
    try:
        return urlsplit(text)
    except ValueError:  # a malformed host, such as an unclosed [IPv6 bracket
        return None


def url(text: str) -> str | None:
    """An http or https URL with a host."""
    parts = _parts(text)
    if parts and parts.scheme.lower() in ("http", "https") and parts.netloc:
        if not _SPACE.search(text):
            return None
    return Message(
        "expected %(expected)s; got %(value)s",
        expected=Message("an http or https URL"),
        value=show(text),
    )


def repository(text: str) -> str | None:
    """The URL of the repository: any scheme (https, git, ssh, svn...) with a host, or an opaque
    URL (urn:...), as the reference parser accepts."""
    parts = _parts(text)
    if (
        parts
        and _SCHEME.fullmatch(parts.scheme)
        and (parts.netloc or (parts.path and not parts.path.startswith("/")))
        and not _SPACE.search(text)
    ):
        return None
    return Message(
        "expected %(expected)s; got %(value)s",
        expected=Message(
            "the URL of a source code repository (https://, git://, ssh:// or svn://)"
        ),
        value=show(text),
    )


_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_MIME = re.compile(
    r" *[A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126} *"
)
_IPA = re.compile(r"[a-z0-9_]+")
ITALIAN_PA = "urn:x-italian-pa:"


def email(text: str) -> str | None:
    if _EMAIL.fullmatch(text):
        return None
    return Message(
        "expected an email address such as name@example.org; got %(value)s", value=show(text)
    )


def uri(text: str) -> str | None:
    if _URI.fullmatch(text):
        return None
    return Message(
        "expected a URI such as https://example.org/... or urn:...; got %(value)s", value=show(text)
    )


def ipa_code(text: str) -> str | None:
    """The code of an Italian public administration in IndicePA: its form only, as the list
    itself is not kept here."""
    if _IPA.fullmatch(text):
        return None
    return Message(
        "%(value)s is not the code of an Italian public administration (iPA): lower-case "
        "letters, digits and underscores",
        value=show(text),
    )


def organisation_uri(text: str) -> str | None:
    """A URI; an Italian administration's (urn:x-italian-pa:) with a well-formed iPA code."""
    if problem := uri(text):
        return problem
    if text.startswith(ITALIAN_PA):
        return ipa_code(text.removeprefix(ITALIAN_PA))
    return None


def support(text: str) -> str | None:
    """A URI, or one of the standard's aliases of regulations: alias:gdpr."""
    if not text.startswith("alias:"):
        return uri(text)
    if text[6:] in ALIASES:
        return None
    return Message(
        "unknown alias %(value)s; the known aliases are: %(aliases)s",
        value=show(text),
        aliases=", ".join(ALIASES),
    )


def mime(text: str) -> str | None:
    if _MIME.fullmatch(text):
        return None
    return Message("expected a media type such as text/csv; got %(value)s", value=show(text))


def language(text: str) -> str | None:
    if languages.is_language_tag(text):
        return None
    if (better := languages.suggestion(text)) is not None:
        return Message(
            "%(value)s is not a BCP 47 language tag; write %(tag)s",
            value=show(text),
            tag=repr(better),
        )
    return Message(
        "%(value)s is not a BCP 47 language tag such as 'nl', 'en' or 'sl-IT-nedis'",
        value=show(text),
    )


def country(text: str) -> str | None:
    code = text.upper()
    if text.isascii() and code in COUNTRIES and (text.isupper() or text.islower()):
        return None
    if text.isascii() and code in COUNTRIES:
        return Message(
            "%(value)s mixes upper and lower case; write the country code %(code)s",
            value=show(text),
            code=repr(code),
        )
    return Message(
        "%(value)s is not an ISO 3166-1 alpha-2 country code such as 'NL'", value=show(text)
    )


def lowercase_country(text: str) -> str | None:
    """Advice: a lowercase (but known) country code is deprecated."""
    if not text.islower() or country(text):
        return None  # uppercase is what is asked for; an unknown code is an error already
    return Message(
        "lowercase country codes are deprecated; write %(code)s", code=repr(text.upper())
    )


def licence(text: str) -> str | None:
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
    """A path relative to the publiccode.yml or an http(s) URL, of one of the types when given.
    An absolute path or a file: URL names a file on someone's computer, not in the repository."""
    kinds = ", ".join(extension.lstrip(".").upper() for extension in extensions)

    def check(text: str) -> str | None:
        if text.startswith(("/", "\\")):
            return Message(
                "%(value)s is an absolute path; give a path relative to the publiccode.yml or "
                "an http(s) URL",
                value=show(text),
            )
        parts = _parts(text)
        if parts is None or (parts.scheme and url(text) is not None):
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
