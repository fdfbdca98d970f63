# SPDX-License-Identifier: EUPL-1.2
"""The DCAT-AP export checked by a validator the project did not write: pySHACL, against the
SHACL shapes SEMIC published with DCAT-AP 3.0.0 (tests/data/dcat-ap/, see its SOURCE).

The shapes are used as published: every node shape carries its own `sh:targetClass`, the class
ranges (`sh:class`) are part of the file, and nothing is added or taken away. Validation infers
nothing (`inference="none"`), like the "zero" profiles of SEMIC's Interoperability Test Bed:
a value the shapes give a class (a landing page must be a `foaf:Document`, a language a
`dct:LinguisticSystem`, a publisher type a `skos:Concept`) has to say so in the export itself.
RDFS inference can only add triples, and no DCAT-AP shape limits a type or a count that RDFS
entailment adds to; one test runs it anyway, to show the choice changes nothing."""

from __future__ import annotations

import dataclasses
import warnings
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import httpx
import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Namespace, URIRef

from catalogue.collections import services as collections
from catalogue.collections.models import Collection, CollectionEntry
from catalogue.demo.loading import load_demo
from catalogue.exports import dcat
from catalogue.exports.records import ExportRecord, Provenance
from catalogue.federation.models import FederatedEntry
from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.software.models import Software
from tests.catalogue.exports.test_dcat import (
    HOSTILE,
    UTRECHT,
    make_decision,
    make_record,
    make_repository,
)
from tests.factories import make_organisation, make_software
from wooexemptions.examples import load_examples

SHAPES = Path(__file__).parents[2] / "data" / "dcat-ap" / "dcat-ap-SHACL.jsonld"
SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
API = "/api/v1"
FORMATS = {"ttl": "turtle", "jsonld": "json-ld"}


def parse(text: str, fmt: str) -> Graph:
    """rdflib's JSON-LD parser (7.6) uses its own deprecated ConjunctiveGraph inside; that
    warning is rdflib's, not ours."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=text, format=fmt)


@cache
def shapes() -> Graph:
    return parse(SHAPES.read_text(encoding="utf-8"), "json-ld")


def results_of(data: Graph, inference: str = "none") -> tuple[bool, Graph, str]:
    conforms, results, report = validate(data, shacl_graph=shapes(), inference=inference)
    return bool(conforms), results, str(report)


def assert_conforms(data: Graph, inference: str = "none") -> None:
    """pySHACL's verdict; on failure a count of each kind of problem, then its full report."""
    conforms, results, report = results_of(data, inference)
    assert conforms, f"{summary(results)}\n\n{report}"


def summary(results: Graph) -> str:
    kinds = Counter(
        (str(results.value(r, SH.resultPath)), str(results.value(r, SH.resultMessage)))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    )
    return "\n".join(f"{n} x {path}: {message}" for (path, message), n in kinds.most_common())


async def written(records: Iterable[ExportRecord], fmt: str) -> Graph:
    async def each() -> AsyncIterator[ExportRecord]:
        for record in records:
            yield record

    writer = dcat.turtle if fmt == "turtle" else dcat.jsonld
    info = dcat.site_catalogue("https://catalogus.example.nl", modified=None)
    return parse("".join([chunk async for chunk in writer(each(), info)]), fmt)


# The shapes themselves


def test_the_shapes_are_semic_s_dcat_ap_3_with_their_targets_and_ranges() -> None:
    """A guard against a wrong, cut or emptied file, which would let anything conform."""
    graph = shapes()
    assert {DCAT.Catalog, DCAT.Dataset, FOAF.Agent, DCAT.Distribution} <= set(
        graph.objects(None, SH.targetClass)
    )
    assert len(set(graph.subjects(RDF.type, SH.NodeShape))) == 42
    assert len(set(graph.objects(None, SH.property))) == 300
    assert len(list(graph.triples((None, SH.minCount, None)))) == 20
    assert len(list(graph.triples((None, SH["class"], None)))) == 90


def test_the_shapes_refuse_what_dcat_ap_forbids() -> None:
    """A dataset without title or description, in a catalogue without publisher, whose landing
    page is not said to be a document: validation is really on, and catches each."""
    data = Graph()
    catalogue, dataset = URIRef("https://x.example/#c"), URIRef("https://x.example/d")
    data.add((catalogue, RDF.type, DCAT.Catalog))
    data.add((catalogue, DCAT.dataset, dataset))
    data.add((dataset, RDF.type, DCAT.Dataset))
    data.add((dataset, DCAT.landingPage, URIRef("https://x.example/d.html")))
    conforms, results, _ = results_of(data)
    assert not conforms
    problems = summary(results)
    for path in (DCT.title, DCT.description, DCT.publisher):
        assert f"{path}: Less than 1 values" in problems
    assert f"{DCAT.landingPage}: Value does not have class foaf:Document" in problems


# The real endpoints, over the demo data


@pytest.fixture
async def demo(db: str) -> None:
    """The catalogue as `opentenzij demo` leaves it: organisations of every kind, the demo
    repositories, the example decisions and the two example collections."""
    await load_demo()
    await load_examples()
    await collections.load_examples()


@pytest.mark.parametrize("extension", FORMATS)
async def test_the_whole_demo_catalogue_conforms(
    demo: None, client: httpx.AsyncClient, extension: str
) -> None:
    response = await client.get(f"{API}/export/catalogue.{extension}")
    assert response.status_code == 200
    graph = parse(response.text, FORMATS[extension])
    entries = await Software.filter(archived_at__isnull=True).count()
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == entries > 100
    assert set(graph.subjects(RDF.type, FOAF.Agent)) >= set(graph.objects(None, DCT.publisher))
    assert_conforms(graph)


@pytest.mark.parametrize("extension", FORMATS)
async def test_a_collection_conforms(demo: None, client: httpx.AsyncClient, extension: str) -> None:
    collection = await Collection.all().order_by("id").first()
    assert collection is not None
    response = await client.get(f"{API}/collections/{collection.slug}.{extension}")
    assert response.status_code == 200
    graph = parse(response.text, FORMATS[extension])
    entries = await CollectionEntry.filter(collection=collection).count()
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == entries > 0
    assert_conforms(graph)


async def test_one_organisation_s_catalogue_conforms(demo: None, client: httpx.AsyncClient) -> None:
    organisation = await Organisation.filter(software__isnull=False).order_by("id").first()
    assert organisation is not None
    response = await client.get(f"{API}/export/catalogue.ttl?organisation={organisation.slug}")
    graph = parse(response.text, "turtle")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) > 0
    assert_conforms(graph)


async def test_hostile_entries_from_the_database_conform(client: httpx.AsyncClient) -> None:
    """Payload names, a website and a homepage that are no web address, an organisation kind
    without publisher type, a federated entry whose source address is broken."""
    # A database keeps neither NUL nor a lone surrogate.
    storable = HOSTILE.replace("\x00", "").replace("\ud800", "")
    organisation = await make_organisation(storable, kind=OrganisationKind.OTHER)
    await Organisation.filter(id=organisation.id).update(
        website="javascript:alert(1)", tooi_uri="https://x/<tooi>"
    )
    plain = await make_software(organisation, "<script>alert(1)</script>", repositories=0)
    await Software.filter(id=plain.id).update(homepage="https://example.nl/a b")
    federated = await make_software(organisation, "x\"'\\", description_nl="]]> <!--")
    await FederatedEntry.create(
        software=federated,
        catalogue_url="https://other.example/",
        catalogue_name='<b>"Other"</b>',
        remote_id="1",
        remote_url='https://other.example/software/1"><x>',
        imported_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    for extension, fmt in FORMATS.items():
        response = await client.get(f"{API}/export/catalogue.{extension}")
        graph = parse(response.text, fmt)
        assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 2
        assert_conforms(graph)


# The writers, over records no database would hold


def hostile_records() -> list[ExportRecord]:
    organisation = dataclasses.replace(
        UTRECHT,
        id=3,
        slug="x/../<y>",
        name=HOSTILE,
        tooi_uri="https://x/<tooi>",
        website="javascript:alert(1)",
    )
    provenance = Provenance(
        catalogue_url="https://other.example/",
        catalogue_name=HOSTILE,
        remote_id="1",
        remote_url='https://other.example/software/1"><x>',
        remote_updated_at=None,
        imported_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return [
        make_record(
            1,
            name=HOSTILE,
            description_nl=HOSTILE,
            description_en="",
            homepage="https://example.nl/a>b c",
            organisation=organisation,
            repositories=(make_repository("https://github.com/a/b\n<x>"), make_repository()),
            categories=(HOSTILE, ""),
            provenance=provenance,
            decision=make_decision(),
        ),
        # Nothing but control characters for a name and no descriptions at all.
        make_record(2, name="\x00\x07", description_nl=" ", description_en="\ud800"),
        # Federated from a catalogue with neither a usable name nor a usable address.
        make_record(
            3,
            organisation=dataclasses.replace(
                UTRECHT, id=2, slug="vws", kind="other", tooi_uri=None
            ),
            provenance=dataclasses.replace(
                provenance, catalogue_url="ftp://x", catalogue_name="\x00", remote_url=None
            ),
        ),
    ]


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
async def test_hostile_records_conform(fmt: str) -> None:
    graph = await written(hostile_records(), fmt)
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 3
    assert_conforms(graph)


async def test_rdfs_inference_changes_nothing() -> None:
    records = [*hostile_records(), make_record(4, licence="LicenseRef-x OR MIT")]
    assert_conforms(await written(records, "turtle"), inference="rdfs")


async def test_an_empty_catalogue_conforms() -> None:
    assert_conforms(await written([], "turtle"))
