# SPDX-License-Identifier: EUPL-1.2
"""DCAT-AP / ADMS.SW export: written one entry at a time, read back with rdflib's own Turtle
and JSON-LD parsers, the mandatory properties present with the right values, hostile text and
addresses unable to break either document."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from catalogue.exports import dcat
from catalogue.exports.records import (
    DecisionRecord,
    ExportRecord,
    OrganisationRecord,
    Provenance,
    RepositoryRecord,
)
from wooexemptions.rules import DecisionContent, GroundUse, ItemKind, Outcome, ScopeItem

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DOAP = Namespace("http://usefulinc.com/ns/doap#")
ADMSSW = Namespace("http://purl.org/adms/sw/")
OT = Namespace(dcat.OPENTENZIJ_NS)
BASE = "https://catalogus.example.nl"
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"
UTRECHT = OrganisationRecord(
    id=1,
    slug="gemeente-utrecht",
    name="Gemeente Utrecht",
    kind="gemeente",
    tooi_uri=TOOI,
    oin="00000001002220647000",
    website="https://www.utrecht.nl",
)
HOSTILE = 'x"""\n\r\\ \' <script>alert(1)</script> > \x00\x07\ud800 ✓'


def make_repository(
    url: str = "https://github.com/utrecht/zaken", **changes: Any
) -> RepositoryRecord:
    values: dict[str, Any] = {
        "url": url,
        "forge": "github",
        "full_name": "utrecht/zaken",
        "description": "",
        "topics": ("zaakgericht-werken",),
        "languages": ("Python", "TypeScript"),
        "archived": False,
        "active": True,
        "stars": 3,
        "forks": 1,
        "licence_forge": "EUPL-1.2",
        "has_publiccode": True,
        "created_on_host_at": None,
        "last_activity_at": None,
    }
    return RepositoryRecord(**(values | changes))


def make_decision(decision_id: int = 7) -> DecisionRecord:
    content = DecisionContent(
        outcome=Outcome.PARTLY_OPEN,
        items=(
            ScopeItem(
                ItemKind.ARTEFACT,
                "selection rules",
                withheld=True,
                grounds=(GroundUse("woo-5.1.2.d", "Misuse of the rules.", "Outweighs openness."),),
            ),
        ),
        licence="EUPL-1.2",
        decided_on=date(2026, 3, 1),
        review_on=date(2029, 3, 1),
        summary="De code is open, de selectieregels niet.",
    )
    return DecisionRecord(
        id=decision_id,
        version=2,
        state="published",
        content=content,
        published_on=date(2026, 3, 2),
        updated_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )


def make_record(number: int = 1, **changes: Any) -> ExportRecord:
    values: dict[str, Any] = {
        "id": number,
        "name": f"zaakafhandeling-{number}",
        "description_nl": "Afhandelen van zaken",
        "description_en": "Handling cases",
        "release_status": "open",
        "licence": "EUPL-1.2 OR MIT",
        "development_status": "stable",
        "maintenance_type": "internal",
        "homepage": "https://zaken.utrecht.nl/",
        "software_type": "standalone/web",
        "categories": ("case-management",),
        "platforms": ("web",),
        "publiccode_yml": None,
        "publiccode_valid": None,
        "source": "registration",
        "archived": False,
        "created_at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        "updated_at": datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC),
        "organisation": UTRECHT,
        "repositories": (make_repository(),),
        "decision": None,
        "provenance": None,
    }
    return ExportRecord(**(values | changes))


async def aiter(records: Iterable[ExportRecord]) -> AsyncIterator[ExportRecord]:
    for record in records:
        yield record


CATALOGUE = dcat.site_catalogue(BASE + "/", modified=datetime(2026, 5, 1, tzinfo=UTC))


async def exported(records: Iterable[ExportRecord], fmt: str = "turtle") -> str:
    writer = dcat.turtle if fmt == "turtle" else dcat.jsonld
    return "".join([chunk async for chunk in writer(aiter(records), CATALOGUE)])


def parse(text: str, fmt: str) -> Graph:
    """rdflib's reading of the document. Its JSON-LD parser (7.6) uses its own deprecated
    ConjunctiveGraph inside; that warning is rdflib's, not ours."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=text, format=fmt)


async def both(records: list[ExportRecord]) -> tuple[Graph, Graph]:
    turtle = parse(await exported(records, "turtle"), "turtle")
    jsonld = parse(await exported(records, "json-ld"), "json-ld")
    return turtle, jsonld


def node(record: ExportRecord) -> URIRef:
    return URIRef(f"{BASE}/software/{record.id}#software")


def assert_mandatory(graph: Graph, records: list[ExportRecord]) -> None:
    """DCAT-AP's mandatory properties of the catalogue, each dataset and each agent."""
    catalogue = URIRef(CATALOGUE.iri)
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    for prop in (DCT.title, DCT.description, DCT.publisher):
        assert graph.value(catalogue, prop) is not None, prop
    assert set(graph.objects(catalogue, DCAT.dataset)) == {node(r) for r in records}
    for record in records:
        subject = node(record)
        types = set(graph.objects(subject, RDF.type))
        assert {ADMSSW.SoftwareProject, DOAP.Project, DCAT.Dataset} <= types
        for prop in (DCT.title, DOAP.name, DCT.description, DCT.publisher, DCAT.landingPage):
            assert graph.value(subject, prop) is not None, (record.id, prop)
    for agent in set(graph.objects(None, DCT.publisher)):
        assert (agent, RDF.type, FOAF.Agent) in graph
        assert graph.value(agent, FOAF.name) is not None, agent


async def test_turtle_and_jsonld_say_the_same_and_carry_the_mandatory_properties() -> None:
    records = [
        make_record(1, decision=make_decision()),
        make_record(2, release_status="withheld", licence=None, repositories=()),
    ]
    turtle, jsonld = await both(records)
    assert isomorphic(turtle, jsonld)
    assert_mandatory(turtle, records)
    assert_mandatory(jsonld, records)


async def test_an_entry_s_values() -> None:
    record = make_record(1, decision=make_decision())
    graph, _ = await both([record])
    subject = node(record)
    assert graph.value(subject, DCT.title) == Literal("zaakafhandeling-1")
    assert set(graph.objects(subject, DCT.description)) == {
        Literal("Afhandelen van zaken", lang="nl"),
        Literal("Handling cases", lang="en"),
    }
    assert graph.value(subject, DCT.publisher) == URIRef(TOOI)
    assert graph.value(URIRef(TOOI), FOAF.name) == Literal("Gemeente Utrecht")
    assert graph.value(URIRef(TOOI), DCT.type) == URIRef(
        dcat.ADMS_PUBLISHER_TYPE + "LocalAuthority"
    )
    assert set(graph.objects(subject, DCT.license)) == {
        URIRef("http://spdx.org/licenses/EUPL-1.2"),
        URIRef("http://spdx.org/licenses/MIT"),
    }
    assert graph.value(subject, OT.licenceExpression) == Literal("EUPL-1.2 OR MIT")
    assert set(graph.objects(subject, ADMSSW.programmingLanguage)) == {
        Literal("Python"),
        Literal("TypeScript"),
    }
    assert set(graph.objects(subject, DCAT.keyword)) == {
        Literal("zaakgericht-werken"),
        Literal("case-management"),
    }
    assert graph.value(subject, DCAT.landingPage) == URIRef(f"{BASE}/software/1")
    assert graph.value(subject, DOAP.homepage) == URIRef("https://zaken.utrecht.nl/")
    repository = graph.value(subject, DOAP.repository)
    assert graph.value(repository, DOAP.location) == URIRef("https://github.com/utrecht/zaken")
    assert (repository, RDF.type, DOAP.GitRepository) in graph
    assert graph.value(subject, DCT.modified).toPython() == record.updated_at
    assert graph.value(subject, DCT.issued).toPython() == record.created_at
    assert graph.value(subject, ADMSSW.status) == URIRef(dcat.ADMS_STATUS + "Completed")
    assert graph.value(subject, OT.releaseStatus) == Literal("open")
    decision = graph.value(subject, OT.decision)
    assert decision == URIRef(f"{BASE}/register/7")
    assert graph.value(decision, OT.ground) == Literal("woo-5.1.2.d")
    assert graph.value(decision, OT.outcome) == Literal("partly_open")
    assert graph.value(decision, DCT.issued).toPython() == date(2026, 3, 2)


async def test_an_entry_without_description_gets_one_and_licence_refs_get_no_iri() -> None:
    record = make_record(
        3, description_nl="", description_en="  ", licence="LicenseRef-Gemeente-1 OR MIT"
    )
    graph, _ = await both([record])
    descriptions = set(graph.objects(node(record), DCT.description))
    assert {d.language for d in descriptions} == {"nl", "en"}
    assert all("Gemeente Utrecht" in d for d in descriptions)
    assert set(graph.objects(node(record), DCT.license)) == {URIRef("http://spdx.org/licenses/MIT")}
    assert graph.value(node(record), OT.licenceExpression) == Literal(
        "LicenseRef-Gemeente-1 OR MIT"
    )


async def test_hostile_text_and_addresses_do_not_break_either_document() -> None:
    organisation = dataclasses.replace(
        UTRECHT, name=HOSTILE, tooi_uri="https://x/<tooi>", website="javascript:alert(1)"
    )
    record = make_record(
        4,
        name=HOSTILE,
        description_nl=HOSTILE,
        homepage="https://example.nl/a>b c",
        organisation=organisation,
        repositories=(make_repository("https://github.com/a/b\n<x>"), make_repository()),
        categories=(HOSTILE,),
        provenance=Provenance(
            catalogue_url="https://other.example/",
            catalogue_name="Other",
            remote_id="1",
            remote_url='https://other.example/software/1"><x>',
            remote_updated_at=None,
            imported_at=datetime(2026, 1, 1, tzinfo=UTC),
        ),
    )
    turtle, jsonld = await both([record])
    assert isomorphic(turtle, jsonld)
    assert_mandatory(turtle, [record])
    subject = node(record)
    cleaned = HOSTILE.replace("\x00", "").replace("\x07", "").replace("\ud800", "")
    assert turtle.value(subject, DCT.title) == Literal(cleaned)
    assert turtle.value(subject, DCT.description) == Literal(cleaned, lang="nl")
    assert turtle.value(subject, DOAP.homepage) is None  # an address with > and a space
    assert turtle.value(subject, FOAF.page) is None  # the federated source's broken address
    locations = {turtle.value(r, DOAP.location) for r in turtle.objects(subject, DOAP.repository)}
    assert locations == {URIRef("https://github.com/utrecht/zaken")}
    publisher = turtle.value(subject, DCT.publisher)
    assert publisher == URIRef(f"{BASE}/organisaties/gemeente-utrecht#organisation")
    assert turtle.value(publisher, FOAF.homepage) is None
    assert turtle.value(publisher, FOAF.name) == Literal(cleaned)


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://example.nl/a?b=c#d", True),
        ("http://example.nl", True),
        ("https://voorbeeld.nl/ë", True),
        ("javascript:alert(1)", False),
        ("ftp://example.nl/", False),
        ("https://", False),
        ("/relative/path", False),
        ("https://example.nl/<x>", False),
        ('https://example.nl/"', False),
        ("https://example.nl/a b", False),
        ("https://example.nl/{x}", False),
        ("https://example.nl:99999/", False),
        ("https://example.nl/\x00", False),
        ("", False),
        (None, False),
    ],
)
def test_only_absolute_http_iris_that_turtle_can_write_are_kept(
    value: str | None, kept: bool
) -> None:
    assert (dcat.iri(value) is not None) is kept


async def test_a_federated_entry_names_its_source() -> None:
    record = make_record(
        5,
        provenance=Provenance(
            catalogue_url="https://other.example/",
            catalogue_name="Other",
            remote_id="9",
            remote_url="https://other.example/software/9",
            remote_updated_at=None,
            imported_at=datetime(2026, 1, 1, tzinfo=UTC),
        ),
    )
    graph, _ = await both([record])
    page = URIRef("https://other.example/software/9")
    assert graph.value(node(record), FOAF.page) == page
    assert (page, RDF.type, FOAF.Document) in graph
    statement = graph.value(node(record), DCT.provenance)
    assert (statement, RDF.type, DCT.ProvenanceStatement) in graph
    assert set(graph.objects(statement, RDFS.label)) == {
        Literal("Overgenomen uit Other (https://other.example/) op 2026-01-01.", lang="nl"),
        Literal("Imported from Other (https://other.example/) on 2026-01-01.", lang="en"),
    }


async def test_each_organisation_is_described_once() -> None:
    other = dataclasses.replace(UTRECHT, id=2, slug="vws", name="VWS", tooi_uri=None)
    records = [make_record(1), make_record(2, organisation=other), make_record(3)]
    text = await exported(records)
    assert text.count(f"<{TOOI}>\n    a foaf:Agent") == 1
    graph = parse(text, "turtle")
    assert graph.value(node(records[1]), DCT.publisher) == URIRef(
        f"{BASE}/organisaties/vws#organisation"
    )


async def test_an_organisation_s_catalogue_is_published_by_it() -> None:
    info = dcat.site_catalogue(BASE, organisation=UTRECHT, modified=None)
    text = "".join([chunk async for chunk in dcat.turtle(aiter([make_record(1)]), info)])
    graph = parse(text, "turtle")
    catalogue = URIRef(f"{BASE}/organisaties/gemeente-utrecht#catalogue")
    assert graph.value(catalogue, DCT.publisher) == URIRef(TOOI)
    assert graph.value(catalogue, DCAT.dataset) == node(make_record(1))
    assert Literal("Software van Gemeente Utrecht", lang="nl") in set(
        graph.objects(catalogue, DCT.title)
    )


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
async def test_writing_streams_one_entry_at_a_time(fmt: str) -> None:
    """The writer asks for the next record only after writing the one before: nothing piles up."""
    events: list[str] = []

    async def records() -> AsyncIterator[ExportRecord]:
        for number in range(1, 4):
            events.append(f"read {number}")
            yield make_record(number)

    writer = dcat.turtle if fmt == "turtle" else dcat.jsonld
    async for chunk in writer(records(), CATALOGUE):
        for number in range(1, 4):
            if f"/software/{number}#software" in chunk and f"wrote {number}" not in events:
                events.append(f"wrote {number}")
    assert events == ["read 1", "wrote 1", "read 2", "wrote 2", "read 3", "wrote 3"]


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
async def test_many_entries(fmt: str) -> None:
    records = [make_record(number, decision=make_decision(number)) for number in range(1, 2001)]
    graph = parse(await exported(records, fmt), fmt)
    datasets = set(graph.objects(URIRef(CATALOGUE.iri), DCAT.dataset))
    assert len(datasets) == 2000
    assert len(set(graph.subjects(RDF.type, OT.Decision))) == 2000


async def test_an_empty_catalogue_is_still_a_catalogue() -> None:
    turtle, jsonld = await both([])
    assert isomorphic(turtle, jsonld)
    assert (URIRef(CATALOGUE.iri), RDF.type, DCAT.Catalog) in turtle
    assert turtle.value(URIRef(CATALOGUE.iri), DCT.modified).toPython() == datetime(
        2026, 5, 1, tzinfo=UTC
    )
