# SPDX-License-Identifier: EUPL-1.2
"""Reading an SBOM: each format into an spdx-tools Document, then into an Sbom; whatever
goes wrong on the way becomes an SbomError."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from xml.parsers.expat import ExpatError
from xml.sax import SAXParseException

import xmltodict
import yaml
from rdflib import Graph
from spdx_tools.spdx.model import Document
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.json.json_parser import remove_json_control_chars_hook
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.parser.rdf.rdf_parser import translate_graph_to_document
from spdx_tools.spdx.parser.xml.xml_parser import _fix_list_like_fields
from spdx_tools.spdx.rdfschema.namespace import SPDX_NAMESPACE

from catalogue.sbom import tagvalue
from catalogue.sbom.components import Sbom, components_of
from catalogue.sbom.formats import (
    LABELS,
    YAML_LOADER,
    SbomError,
    SbomFormat,
    check_version,
    decode,
    detect_format,
    refuse_slow_to_read,
    refuse_xml_declarations,
    refuse_xml_root,
    refuse_yaml_aliases,
    shortened,
    spdx_2_mapping,
)
from catalogue.sbom.validation import validate

MAX_ERRORS_SHOWN = 3


def parse(content: bytes, *, filename: str | None = None, format: SbomFormat | None = None) -> Sbom:
    """Read an SPDX 2.2 or 2.3 document; SbomError when it cannot be read or is another
    kind of document. Validation problems do not stop it: they become warnings."""
    text = decode(content)
    format = SbomFormat(format) if format else detect_format(content, filename)
    refuse_slow_to_read(content, format)
    with _errors_as_sbom_errors(format):
        document = READERS[format](text)
        components, described = components_of(document)
    return Sbom(
        spdx_version=document.creation_info.spdx_version,
        name=document.creation_info.name,
        namespace=document.creation_info.document_namespace,
        format=format,
        components=tuple(components),
        described=tuple(described),
        warnings=tuple(validate(document)),
    )


@contextmanager
def _errors_as_sbom_errors(format: SbomFormat) -> Iterator[None]:
    """Whatever spdx-tools or the parsers under it raise, as an SbomError."""
    label = LABELS[format]
    try:
        yield
    except SbomError:
        raise
    except SPDXParsingError as error:
        messages = list(dict.fromkeys(shortened(str(m)) for m in error.get_messages()))
        more = (
            f" (and {len(messages) - MAX_ERRORS_SHOWN} more)"
            if len(messages) > MAX_ERRORS_SHOWN
            else ""
        )
        shown = "; ".join(messages[:MAX_ERRORS_SHOWN])
        raise SbomError(f"not a valid SPDX {label} document: {shown}{more}") from None
    except RecursionError:
        raise SbomError(f"the {label} document is nested too deeply") from None
    except Exception as error:  # spdx-tools lets KeyError, TypeError, ... through on odd input
        text = shortened(f"{type(error).__name__}: {error}")
        raise SbomError(f"could not read the SPDX {label} document: {text}") from None


def _read_json(text: str) -> Document:
    try:
        data = json.loads(text, object_pairs_hook=remove_json_control_chars_hook)
    except json.JSONDecodeError as error:
        raise SbomError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    return _read_mapping(data, SbomFormat.JSON)


def _read_yaml(text: str) -> Document:
    try:
        refuse_yaml_aliases(text)
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise SbomError(f"not valid YAML: {error.problem}{where}") from None
    except yaml.YAMLError as error:
        raise SbomError(f"not valid YAML: {error}") from None
    return _read_mapping(data, SbomFormat.YAML)


def _read_xml(text: str) -> Document:
    refuse_xml_declarations(text)
    try:
        data = xmltodict.parse(text, disable_entities=True)
    except ExpatError as error:
        raise SbomError(f"not well-formed XML: {error}") from None
    refuse_xml_root(next(iter(data), ""))
    # spdx-tools reads SPDX XML from files only; this is what its xml_parser does with one.
    return _read_mapping(_fix_list_like_fields(data)["Document"] or {}, SbomFormat.XML)


def _read_rdf_xml(text: str) -> Document:
    refuse_xml_declarations(text)
    graph = Graph()
    try:
        graph.parse(data=text, format="xml")
    except SAXParseException as error:
        raise SbomError(
            f"not well-formed XML: {error.getMessage()} "
            f"(line {error.getLineNumber()}, column {error.getColumnNumber()})"
        ) from None
    versions = sorted({str(version) for version in graph.objects(None, SPDX_NAMESPACE.specVersion)})
    if len(versions) > 1:
        raise SbomError(f"the RDF graph holds documents of several SPDX versions: {versions}")
    check_version(versions[0] if versions else None)
    return translate_graph_to_document(graph)


def _read_tag_value(text: str) -> Document:
    check_version(tagvalue.version(text))
    document: Document = tagvalue.parser().parse(text)
    return document


def _read_mapping(data: object, format: SbomFormat) -> Document:
    """JSON, YAML and XML documents, once loaded: SPDX 2 is an object with spdxVersion."""
    mapping = spdx_2_mapping(data, format)
    _make_implicit_relationships_explicit(mapping)
    return JsonLikeDictParser().parse(mapping)


def _make_implicit_relationships_explicit(data: dict[str, Any]) -> None:
    """Turn documentDescribes and each package's hasFiles into relationships, as spdx-tools
    would: it checks each one against a list of all relationships, which is quadratic (a
    minute for 5,000 described packages); a set keeps it linear and leaves it nothing to add.
    `data` has passed spdx_2_mapping's checks of its shape."""
    relationships = data.get("relationships") or []
    seen = {_relationship_key(relationship) for relationship in relationships}
    added: list[dict[str, Any]] = []

    def add(origin: str, kind: str, inverse: str, target: str) -> None:
        if (origin, kind, target) not in seen and (target, inverse, origin) not in seen:
            added.append(
                {"spdxElementId": origin, "relationshipType": kind, "relatedSpdxElement": target}
            )

    document_id = data.get("SPDXID")
    if isinstance(document_id, str) and "documentDescribes" in data:
        for target in dict.fromkeys(data.pop("documentDescribes")):
            add(document_id, "DESCRIBES", "DESCRIBED_BY", target)
    seen.update(_relationship_key(relationship) for relationship in added)
    for package in data.get("packages") or []:
        package_id = package.get("SPDXID")
        if isinstance(package_id, str) and _is_list_of(package.get("hasFiles"), str):
            for target in dict.fromkeys(package.pop("hasFiles")):
                add(package_id, "CONTAINS", "CONTAINED_BY", target)
    if added:
        data["relationships"] = [*relationships, *added]


def _relationship_key(relationship: dict[str, Any]) -> tuple[object, object, object]:
    kind = relationship.get("relationshipType")
    if isinstance(kind, str):
        kind = kind.replace("-", "_").upper()
    return (relationship.get("spdxElementId"), kind, relationship.get("relatedSpdxElement"))


def _is_list_of(value: object, kind: type) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)


READERS: dict[SbomFormat, Callable[[str], Document]] = {
    SbomFormat.JSON: _read_json,
    SbomFormat.YAML: _read_yaml,
    SbomFormat.TAG_VALUE: _read_tag_value,
    SbomFormat.RDF_XML: _read_rdf_xml,
    SbomFormat.XML: _read_xml,
}
