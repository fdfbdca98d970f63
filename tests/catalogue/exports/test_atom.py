# SPDX-License-Identifier: EUPL-1.2
"""The Atom writer: read back by feedparser (no bozo) and by a strict XML parser, with hostile
titles, control characters and script payloads escaped or dropped, never breaking the feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone

import feedparser
import pytest

from catalogue.exports import atom, feeds
from tests.catalogue.exports.test_dcat import make_record

NS = {"a": atom.ATOM_NS}
UPDATED = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
FEED = atom.Feed(
    id="https://catalogus.example.nl/api/v1/feeds/software-new.atom",
    title="Nieuwe software — opentenzij",
    subtitle="Software die het laatst is toegevoegd.",
    updated=UPDATED,
    links=(
        atom.Link("https://catalogus.example.nl/api/v1/feeds/software-new.atom", rel="self"),
        atom.Link("https://catalogus.example.nl/software", type="text/html"),
    ),
    authors=(atom.Person("opentenzij", "https://catalogus.example.nl/"),),
)


def entry(number: int, **changes: object) -> atom.Entry:
    values: dict[str, object] = {
        "id": f"https://catalogus.example.nl/software/{number}",
        "title": f"software {number}",
        "updated": UPDATED - timedelta(days=number),
        "published": UPDATED - timedelta(days=10 + number),
        "links": (atom.Link(f"https://catalogus.example.nl/software/{number}", type="text/html"),),
        "summary": f"Beschrijving {number}",
        "authors": (atom.Person("Gemeente Utrecht", "https://catalogus.example.nl/o/utrecht"),),
        "categories": (atom.Category("open", "openbaar", "https://example.nl/ns#status"),),
    }
    return atom.Entry(**(values | changes))  # type: ignore[arg-type]


def written(feed: atom.Feed, entries: list[atom.Entry]) -> str:
    return "".join(atom.write(feed, entries))


def parsed(text: str) -> feedparser.FeedParserDict:
    result = feedparser.parse(text.encode())
    assert result.bozo == 0, result.get("bozo_exception")
    assert result.version == "atom10"
    return result


def test_a_feed_reads_back_whole() -> None:
    result = parsed(written(FEED, [entry(1), entry(2)]))
    assert result.feed.title == "Nieuwe software — opentenzij"
    assert result.feed.id == FEED.id
    assert result.feed.updated_parsed[:6] == (2026, 5, 1, 12, 30, 0)
    assert {link.rel: link.href for link in result.feed.links} == {
        "self": FEED.id,
        "alternate": "https://catalogus.example.nl/software",
    }
    assert result.feed.author == "opentenzij"
    assert [e.id for e in result.entries] == [
        "https://catalogus.example.nl/software/1",
        "https://catalogus.example.nl/software/2",
    ]
    first = result.entries[0]
    assert first.title == "software 1"
    assert first.link == "https://catalogus.example.nl/software/1"
    assert first.summary == "Beschrijving 1"
    assert first.updated_parsed[:3] == (2026, 4, 30)
    assert first.published_parsed[:3] == (2026, 4, 20)
    assert first.author_detail.name == "Gemeente Utrecht"
    assert [(t.term, t.label, t.scheme) for t in first.tags] == [
        ("open", "openbaar", "https://example.nl/ns#status")
    ]


def test_an_empty_feed_is_a_valid_feed() -> None:
    result = parsed(written(FEED, []))
    assert result.entries == []


def test_hostile_text_is_escaped_and_characters_xml_forbids_are_dropped() -> None:
    hostile = 'a\x00b\x07c\x1bd\ud800e\ufffef <script>alert("x")</script> & ]]> \'"'
    text = written(
        FEED,
        [
            entry(
                1,
                title=hostile,
                summary=hostile,
                links=(atom.Link('https://example.nl/?a=1&b="2"\n<x>', title=hostile),),
                categories=(atom.Category(hostile, hostile),),
                authors=(atom.Person(hostile),),
            )
        ],
    )
    assert "<script>" not in text and "\x00" not in text and "\x1b" not in text
    root = ET.fromstring(text.encode())  # a strict parser: any ill-formedness raises
    clean = 'abcdef <script>alert("x")</script> & ]]> \'"'
    assert root.find("a:entry/a:title", NS).text == clean
    assert root.find("a:entry/a:summary", NS).text == clean
    assert root.find("a:entry/a:category", NS).get("term") == clean
    assert root.find("a:entry/a:link", NS).get("href") == 'https://example.nl/?a=1&b="2"\n<x>'
    result = parsed(text)
    assert result.entries[0].title == clean
    assert result.entries[0].author_detail.name == clean


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 1, 2, 3, 4, 5, 999, tzinfo=UTC), "2026-01-02T03:04:05Z"),
        (datetime(2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05Z"),
        (
            datetime(2026, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2))),
            "2026-01-02T03:04:05Z",
        ),
    ],
)
def test_timestamps_are_rfc3339_in_utc(moment: datetime, expected: str) -> None:
    assert atom.timestamp(moment) == expected


def test_the_writer_yields_the_head_each_entry_and_the_end_separately() -> None:
    pieces = list(atom.write(FEED, [entry(1), entry(2)]))
    assert len(pieces) == 4
    assert pieces[0].startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert pieces[1].startswith("<entry>") and pieces[2].startswith("<entry>")
    assert pieces[3] == "</feed>\n"


def test_a_software_entry_from_an_export_record() -> None:
    record = make_record(3)
    item = feeds.software_entry(record, "https://catalogus.example.nl")
    result = parsed(written(FEED, [item]))
    got = result.entries[0]
    assert got.id == "https://catalogus.example.nl/software/3"
    assert got.title == "zaakafhandeling-3"
    assert got.summary == "Afhandelen van zaken"
    assert {link.rel: link.href for link in got.links} == {
        "alternate": "https://catalogus.example.nl/software/3",
        "related": "https://github.com/utrecht/zaken",
    }
    assert got.author_detail.href == "https://catalogus.example.nl/organisaties/gemeente-utrecht"
    assert [tag.term for tag in got.tags] == ["open", "Python", "TypeScript"]
    assert got.tags[0].label == "openbaar"


def test_a_software_entry_leaves_out_a_repository_address_that_is_not_one() -> None:
    record = make_record(3, repositories=(), description_nl="", description_en="")
    item = feeds.software_entry(record, "https://catalogus.example.nl")
    assert [link.rel for link in item.links] == ["alternate"]
    assert item.summary == "Software van Gemeente Utrecht."
