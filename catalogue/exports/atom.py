# SPDX-License-Identifier: EUPL-1.2
"""An Atom 1.0 (RFC 4287) writer: the feed's head, then one entry at a time. Pure: no ORM, no web.

Text is escaped for XML, and characters that XML 1.0 does not allow at all (control characters
other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF) are dropped rather than
written: an escaped one would still make the document ill-formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

MEDIA_TYPE = "application/atom+xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Category:
    term: str
    label: str | None = None
    scheme: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    rel: str = "alternate"
    type: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One atom:entry. `id` is a permanent IRI (a tag: URI or the entry page's URL)."""

    id: str
    title: str
    updated: datetime
    links: tuple[Link, ...]
    summary: str = ""
    published: datetime | None = None
    authors: tuple[Person, ...] = ()
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True, slots=True)
class Feed:
    """The head of an atom:feed. A feed without authors needs an author in every entry."""

    id: str
    title: str
    updated: datetime
    links: tuple[Link, ...]
    subtitle: str = ""
    authors: tuple[Person, ...] = ()
    language: str = "nl"
    generator: str = "opentenzij"


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids."""
    return _NOT_IN_XML.sub("", text)


def timestamp(moment: datetime) -> str:
    """An RFC 3339 date-time in UTC (a naive moment is taken to be UTC already)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _text(name: str, value: str) -> str:
    return f"<{name}>{escape(xml_text(value))}</{name}>"


def _attributes(**values: str | None) -> str:
    return "".join(
        f" {name}={quoteattr(xml_text(value))}" for name, value in values.items() if value
    )


def _link(link: Link) -> str:
    return f"<link{_attributes(rel=link.rel, href=link.href, type=link.type, title=link.title)}/>"


def _person(tag: str, person: Person) -> str:
    uri = _text("uri", person.uri) if person.uri else ""
    return f"<{tag}>{_text('name', person.name)}{uri}</{tag}>"


def _category(category: Category) -> str:
    attributes = _attributes(term=category.term, scheme=category.scheme, label=category.label)
    return f"<category{attributes}/>"


def head(feed: Feed) -> str:
    """The XML declaration and the feed element's opening with its metadata."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f"<feed xmlns={quoteattr(ATOM_NS)}{_attributes(**{'xml:lang': feed.language})}>\n",
        _text("id", feed.id),
        _text("title", feed.title),
        _text("subtitle", feed.subtitle) if feed.subtitle else "",
        _text("updated", timestamp(feed.updated)),
        *(_person("author", person) for person in feed.authors),
        *(_link(link) for link in feed.links),
        _text("generator", feed.generator),
        "\n",
    ]
    return "".join(parts)


def entry(item: Entry) -> str:
    """One atom:entry element, on its own line."""
    parts = [
        "<entry>",
        _text("id", item.id),
        _text("title", item.title),
        _text("updated", timestamp(item.updated)),
        _text("published", timestamp(item.published)) if item.published else "",
        *(_person("author", person) for person in item.authors),
        *(_link(link) for link in item.links),
        *(_category(category) for category in item.categories),
        _text("summary", item.summary) if item.summary else "",
        "</entry>\n",
    ]
    return "".join(parts)


def write(feed: Feed, entries: Iterable[Entry]) -> Iterator[str]:
    """The whole document, piece by piece: the head, each entry, the closing tag."""
    yield head(feed)
    for item in entries:
        yield entry(item)
    yield "</feed>\n"
