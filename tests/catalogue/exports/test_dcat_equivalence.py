# SPDX-License-Identifier: EUPL-1.2
"""The DCAT writer that writes strings says exactly what the rdflib-built writer before it said
(tests/catalogue/exports/dcat_rdflib.py): both documents, in Turtle and in JSON-LD, parsed by
rdflib's own parsers, are the same graph (`rdflib.compare.isomorphic`, blank nodes matched by
structure), over the whole demo catalogue and over entries whose every text is hostile."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, date, datetime

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from catalogue.exports import dcat, feeds
from catalogue.exports.records import (
    Besluit,
    ExportRecord,
    Provenance,
    stream_records,
)
from catalogue.organisations.models import Organisation
from catalogue.software.queries import SoftwareFilters
from tests.catalogue.exports import dcat_rdflib
from tests.catalogue.exports.test_dcat import (
    UTRECHT,
    make_decision,
    make_record,
    make_repository,
    parse,
)
from tests.catalogue.exports.test_dcat_shacl import demo, hostile_records

__all__ = ["demo"]  # the fixture, shared with the SHACL tests

DCT = Namespace("http://purl.org/dc/terms/")
OT = Namespace(dcat.OPENTENZIJ_NS)
FORMATS = ("turtle", "json-ld")
BASE = "https://catalogus.example.nl"
# Each breaks a naive writer somewhere: Turtle's quotes (single, triple, at the end), its
# escapes, line breaks, XML and HTML markup, bidirectional controls, characters beyond the
# BMP, comment and CDATA ends, and text of nothing but a quote or a backslash.
HOSTILE = (
    'say "hi"',
    '"""',
    'x"""y""""',
    'ends in a quote"',
    "ends in a backslash\\",
    "back\\slash \\n \\u0041 \\",
    "line\nbreak\r\nand\ttab",
    "<script>alert('x')</script>",
    "\u202eRTL override\u202c \u200fmark\u200e",
    "emoji 🇳🇱 👩🏽‍💻 \U0001d518",
    "]]> <!-- -- -->",
    "'''single''' 'quotes'",
    "@prefix x: <y> . _:b a <z> ; # not a comment",
    '"',
    "\\",
    "\x0b\x0c\x1b\x7f controls",
)
# Addresses that need quoting, that quoting cannot mend, or that are no address (or none).
HOSTILE_ADDRESSES = (
    "https://example.nl/a b",
    "https://example.nl/%zz#a#b",
    "javascript:alert(1)",
    'https://example.nl/ë?q="x"&r=<y>',
    None,
)


def hostile_besluit(value: str) -> Besluit:
    return Besluit(
        basis="request",
        made_known_on=date(2026, 3, 3),
        bestuursorgaan=value,
        signatory=value,
        besluit_url="https://example.nl/besluit?a=1&b=<2>",
        inventory_url="https://example.nl/inventaris",
        covers=value,
        disclosure_only=True,
        follows_appeal=True,
        request_zaaknummer=value,
        request_received_on=date(2026, 1, 5),
        appeal_kind="bezwaar",
        appeal_court=value,
        appeal_ecli="ECLI:NL:RVS:2021:1",
        appeal_outcome=value,
    )


def hostile_entries() -> list[ExportRecord]:
    records = []
    for number, value in enumerate(HOSTILE, start=10):
        decision = make_decision(number)
        decision = dataclasses.replace(
            decision,
            content=dataclasses.replace(decision.content, summary=value),
            besluit=hostile_besluit(value),
            inventory_items=number,
        )
        records.append(
            make_record(
                number,
                name=value,
                description_nl=value,
                description_en=value[::-1],
                licence=f"LicenseRef-{number} OR EUPL-1.2",
                homepage=f"https://example.nl/{value}",
                categories=(value, "x"),
                organisation=dataclasses.replace(
                    UTRECHT,
                    id=number,
                    slug=f"org-{number}",
                    name=value,
                    oin=value,
                    tooi_uri=None if number % 2 else UTRECHT.tooi_uri,
                    website=f"https://example.nl/?q={value}",
                ),
                repositories=(
                    make_repository(f"https://github.com/a/{number}", topics=(value,)),
                    make_repository(f"https://github.com/a/{value}", languages=(value, "Go")),
                ),
                decision=decision,
                provenance=Provenance(
                    catalogue_url="https://other.example/",
                    catalogue_name=value,
                    remote_id=value,
                    remote_url=f"https://other.example/{number}",
                    remote_updated_at=None,
                    imported_at=datetime(2026, 1, 1, 12, tzinfo=UTC),
                ),
                created_at=datetime(2025, 1, 2, 3, 4, 5, 678, tzinfo=UTC),
            )
        )
    return records


async def aiter(records: Iterable[ExportRecord]) -> AsyncIterator[ExportRecord]:
    for record in records:
        yield record


async def written(module: object, records: list[ExportRecord], info: object, fmt: str) -> str:
    writer = getattr(module, "turtle" if fmt == "turtle" else "jsonld")
    return "".join([chunk async for chunk in writer(aiter(records), info)])


def assert_same_graph(new: Graph, old: Graph) -> None:
    if not isomorphic(new, old):
        _, only_new, only_old = graph_diff(to_isomorphic(new), to_isomorphic(old))
        raise AssertionError(
            f"only in the new writer's: {sorted(only_new)[:5]}\n"
            f"only in the old writer's: {sorted(only_old)[:5]}"
        )


async def assert_equivalent(records: list[ExportRecord], info: dcat.CatalogueInfo) -> None:
    graphs = []
    for fmt in FORMATS:
        new = await written(dcat, records, info, fmt)
        old = await written(dcat_rdflib, records, info, fmt)
        graph = parse(new, fmt)
        assert_same_graph(graph, parse(old, fmt))
        assert len(graph) > 20 * len(records)
        graphs.append(graph)
    assert_same_graph(*graphs)  # and Turtle says what JSON-LD says


@pytest.mark.parametrize("organisation", [None, "with software"])
async def test_the_demo_catalogue_is_the_same_graph_as_before(
    demo: None, organisation: str | None
) -> None:
    owner = None
    if organisation:
        owner = await Organisation.filter(software__isnull=False).order_by("id").first()
    records = [record async for record in stream_records(SoftwareFilters(organisation=owner))]
    assert len(records) > (0 if owner else 100)
    if owner is None:
        assert any(r.decision and r.decision.besluit for r in records)
    modified = await feeds.latest_change(owner)
    await assert_equivalent(
        records, dcat.site_catalogue(BASE, organisation=owner, modified=modified)
    )


async def test_hostile_entries_are_the_same_graph_as_before() -> None:
    records = hostile_entries() + hostile_records()
    info = dcat.site_catalogue(BASE, modified=datetime(2026, 5, 1, tzinfo=UTC))
    await assert_equivalent(records, info)


async def test_hostile_text_comes_back_exactly() -> None:
    """Not only the same graph as before: the very text, character for character."""
    records = hostile_entries()
    for fmt in FORMATS:
        graph = parse(
            await written(dcat, records, dcat.site_catalogue(BASE, modified=None), fmt), fmt
        )
        for record in records:
            subject = URIRef(f"{BASE}/software/{record.id}#software")
            expected = dcat.text(record.name).strip()
            assert graph.value(subject, DCT.title) == Literal(expected), (fmt, record.name)
            decision = graph.value(subject, OT.decision)
            assert record.decision and record.decision.besluit
            assert graph.value(decision, OT.covers) == Literal(record.decision.besluit.covers)


async def test_the_json_ld_is_byte_for_byte_what_it_was() -> None:
    records = hostile_entries() + hostile_records() + [make_record(99)]
    info = dcat.site_catalogue(BASE, modified=datetime(2026, 5, 1, tzinfo=UTC))
    assert await written(dcat, records, info, "json-ld") == await written(
        dcat_rdflib, records, info, "json-ld"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain", '"plain"'),
        ('a "b"', '"a \\"b\\""'),
        ("a\\b", '"a\\\\b"'),
        ("a\nb\r\tc", '"a\\nb\\r\\tc"'),
        ("\x00\x1f\x7f", '"\\u0000\\u001F\\u007F"'),
        ("\ud800", '"\\uFFFD"'),
        ("ë 🇳🇱 \u202e", '"ë 🇳🇱 \u202e"'),
    ],
)
def test_turtle_strings_are_escaped_per_the_grammar(value: str, written: str) -> None:
    assert dcat.quoted(value) == written
    graph = Graph().parse(data=f"<https://x/> <https://x/p> {written} .", format="turtle")
    assert str(graph.value(URIRef("https://x/"), URIRef("https://x/p"))) == value.replace(
        "\ud800", "\ufffd"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("https://example.nl/a?b=c#d", "<https://example.nl/a?b=c#d>"),
        ("https://voorbeeld.nl/ë", "<https://voorbeeld.nl/ë>"),
        ('https://x/<a> "b" {c}|^`\\ d', "<https://x/%3Ca%3E%20%22b%22%20%7Bc%7D%7C%5E%60%5C%20d>"),
        ("https://x/\n\x00", "<https://x/%0A%00>"),
    ],
)
def test_iris_that_turtle_cannot_hold_are_percent_encoded(value: str, written: str) -> None:
    assert dcat.iri_ref(value) == written
    Graph().parse(data=f"{written} <https://x/p> <https://x/o> .", format="turtle")


@pytest.mark.parametrize(
    "value",
    [
        "https://example.nl/a?b=c#d",
        "http://example.nl",
        "https://a",
        "https://voorbeeld.nl/ë/🇳🇱?q=%20#x",
        "https://x.example/a'b(c)*d!e$f&g;h=i+j,k:l@m~n",
        "https://-x-/",
        "https://x../",
        "https://x/?a=b?c#d#e",
        *(f"https://example.nl/{c}" for c in ' <>"{}|\\^`\x00\x1f\x7f\x85\ud800\ufffe\uffff'),
    ],
)
def test_the_quick_iri_check_accepts_only_what_the_full_one_does(value: str) -> None:
    if dcat._PLAIN_IRI.fullmatch(value):
        assert dcat.checked_iri(value) == value
    assert dcat.iri(value) == dcat.checked_iri(value)


def test_rdf_type_is_written_as_a() -> None:
    """The one predicate that is no prefixed name: rdflib reads `a` as rdf:type."""
    out = dcat.Triples()
    out.add(dcat.node("https://x/"), dcat.A, dcat.vocabulary("dcat:Dataset"))
    text = dcat.turtle_prefixes() + dcat.turtle_block(out)
    graph = Graph().parse(data=text, format="turtle")
    assert (URIRef("https://x/"), RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in graph
