# SPDX-License-Identifier: EUPL-1.2
"""Software bills of materials: SPDX 2.2 and 2.3 documents read into their components.

Pure and synchronous (callers run `parse` in a worker thread). spdx-tools does the parsing;
this module guards what goes in (size, encoding, XML entities, YAML aliases, SPDX version),
turns whatever comes out wrong into `SbomError`, and keeps validation of large documents
linear (bench/sbom_parse.py has the numbers).
"""

from __future__ import annotations

import json
import os
import re
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, wraps
from typing import Any
from urllib.parse import unquote
from xml.parsers.expat import ExpatError
from xml.sax import SAXParseException

import xmltodict
import yaml
from license_expression import ExpressionError
from ply import yacc
from rdflib import Graph
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.model import (
    Actor,
    Document,
    ExternalPackageRefCategory,
    File,
    Package,
    Relationship,
    RelationshipType,
    Snippet,
    SpdxNoAssertion,
    SpdxNone,
)
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.json.json_parser import remove_json_control_chars_hook
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.parser.rdf.rdf_parser import translate_graph_to_document
from spdx_tools.spdx.parser.tagvalue.parser import Parser as TagValueParser
from spdx_tools.spdx.parser.xml.xml_parser import _fix_list_like_fields
from spdx_tools.spdx.rdfschema.namespace import SPDX_NAMESPACE
from spdx_tools.spdx.validation.actor_validator import validate_actor
from spdx_tools.spdx.validation.creation_info_validator import validate_creation_info
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
from spdx_tools.spdx.validation.extracted_licensing_info_validator import (
    validate_extracted_licensing_infos,
)
from spdx_tools.spdx.validation.file_validator import validate_file
from spdx_tools.spdx.validation.license_expression_validator import validate_license_expression
from spdx_tools.spdx.validation.package_validator import validate_package
from spdx_tools.spdx.validation.snippet_validator import validate_snippet
from spdx_tools.spdx.validation.spdx_id_validators import get_list_of_all_spdx_ids, validate_spdx_id
from spdx_tools.spdx.validation.validation_message import (
    SpdxElementType,
    ValidationContext,
    ValidationMessage,
)

from catalogue.licences import normalised_or_none

MAX_BYTES = 50 * 1024 * 1024
SUPPORTED_VERSIONS = ("SPDX-2.2", "SPDX-2.3")
MAX_ERRORS_SHOWN = 3


class SbomError(ValueError):
    """An SBOM that cannot be read: the message says what is wrong and where."""


class SbomFormat(StrEnum):
    """The serialisations of SPDX 2 that spdx-tools reads."""

    JSON = "json"
    YAML = "yaml"
    TAG_VALUE = "tag_value"
    RDF_XML = "rdf_xml"
    XML = "xml"


@dataclass(frozen=True, slots=True)
class Component:
    """A package the software is made with, as an SBOM lists it."""

    name: str
    version: str | None
    purl: str | None
    licence_concluded: str | None
    licence_declared: str | None
    spdx_id: str
    supplier: str | None

    @property
    def key(self) -> str:
        """The component's identity across versions: its package URL without version,
        qualifiers or subpath ("pkg:pypi/requests"), else its name ("name:requests")."""
        if not self.purl:
            return f"name:{self.name.lower()}"
        without_subpath = self.purl.split("#", 1)[0].split("?", 1)[0].rstrip("/")
        # The version follows the last "@" of the last segment: "@" before it belongs to an
        # npm scope that GitHub writes unencoded ("pkg:npm/@babel/core@7.24.5").
        head, _, last = without_subpath.rpartition("/")
        name = last.split("@", 1)[0]
        return unquote(f"{head}/{name}" if head else name).lower()


@dataclass(frozen=True, slots=True)
class Sbom:
    """What an SBOM says: the document; its components; the packages it describes, which
    are the software itself (its DESCRIBES relationships or documentDescribes); and what
    validation found."""

    spdx_version: str
    name: str
    namespace: str | None
    format: SbomFormat
    components: tuple[Component, ...]
    described: tuple[Component, ...]
    warnings: tuple[str, ...]


_EXTENSIONS = (
    (".rdf.xml", SbomFormat.RDF_XML),
    (".rdf", SbomFormat.RDF_XML),
    (".xml", SbomFormat.XML),
    (".json", SbomFormat.JSON),
    (".yaml", SbomFormat.YAML),
    (".yml", SbomFormat.YAML),
    (".spdx", SbomFormat.TAG_VALUE),
    (".tag", SbomFormat.TAG_VALUE),
)
_RDF_NAMESPACE = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TAG_VALUE_VERSION = re.compile(r"^[ \t]*SPDXVersion:[ \t]*(\S*)", re.MULTILINE)
_XML_DECLARATIONS = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def detect_format(content: bytes, filename: str | None = None) -> SbomFormat:
    """The format of an SBOM: from the file name's extension when it has a known one,
    else from the content."""
    for extension, format in _EXTENSIONS:
        if filename and filename.lower().endswith(extension):
            return format
    head = content[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return SbomFormat.JSON
    if head.startswith(b"<"):
        return SbomFormat.RDF_XML if _RDF_NAMESPACE in head else SbomFormat.XML
    if re.search(rb"^[ \t]*SPDXVersion:", content, re.MULTILINE):
        return SbomFormat.TAG_VALUE
    return SbomFormat.YAML


def parse(content: bytes, *, filename: str | None = None, format: SbomFormat | None = None) -> Sbom:
    """Read an SPDX 2.2 or 2.3 document; SbomError when it cannot be read or is another
    kind of document. Validation problems do not stop it: they become warnings."""
    text = _decode(content)
    format = SbomFormat(format) if format else detect_format(content, filename)
    with _errors_as_sbom_errors(format):
        document = _READERS[format](text)
        components, described = _components(document)
    return Sbom(
        spdx_version=document.creation_info.spdx_version,
        name=document.creation_info.name,
        namespace=document.creation_info.document_namespace,
        format=format,
        components=tuple(components),
        described=tuple(described),
        warnings=tuple(_validate(document)),
    )


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise SbomError(
            f"the file is {len(content):,} bytes; SBOMs over {MAX_BYTES // 2**20} MiB are refused"
        )
    if not content.strip():
        raise SbomError("the file is empty")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SbomError(f"the file is not UTF-8 text (byte {error.start} is invalid)") from None


@contextmanager
def _errors_as_sbom_errors(format: SbomFormat) -> Iterator[None]:
    """Whatever spdx-tools or the parsers under it raise, as an SbomError."""
    label = _LABELS[format]
    try:
        yield
    except SbomError:
        raise
    except SPDXParsingError as error:
        messages = list(dict.fromkeys(_shortened(str(m)) for m in error.get_messages()))
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
        text = _shortened(f"{type(error).__name__}: {error}")
        raise SbomError(f"could not read the SPDX {label} document: {text}") from None


def _shortened(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _read_json(text: str) -> Document:
    try:
        data = json.loads(text, object_pairs_hook=remove_json_control_chars_hook)
    except json.JSONDecodeError as error:
        raise SbomError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    return _read_mapping(data, SbomFormat.JSON)


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: four times faster


def _read_yaml(text: str) -> Document:
    try:
        _refuse_yaml_aliases(text)
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise SbomError(f"not valid YAML: {error.problem}{where}") from None
    except yaml.YAMLError as error:
        raise SbomError(f"not valid YAML: {error}") from None
    return _read_mapping(data, SbomFormat.YAML)


def _refuse_yaml_aliases(text: str) -> None:
    """An alias lets a small file stand for a huge document (the "billion laughs"), and
    SBOM writers have no use for them."""
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise SbomError(f"YAML aliases (*{event.anchor}) are refused (line {line})")


def _read_xml(text: str) -> Document:
    _refuse_xml_declarations(text)
    try:
        data = xmltodict.parse(text, disable_entities=True)
    except ExpatError as error:
        raise SbomError(f"not well-formed XML: {error}") from None
    root = next(iter(data), "")
    if root == "bom" or root.endswith(":bom"):
        raise SbomError("this is CycloneDX, not SPDX: only SPDX 2.2 and 2.3 SBOMs can be read")
    if root != "Document":
        raise SbomError(f"not an SPDX XML document: the root element is <{root}>, not <Document>")
    # spdx-tools reads SPDX XML from files only; this is what its xml_parser does with one.
    return _read_mapping(_fix_list_like_fields(data)["Document"] or {}, SbomFormat.XML)


def _read_rdf_xml(text: str) -> Document:
    _refuse_xml_declarations(text)
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
    _check_version(versions[0] if versions else None)
    return translate_graph_to_document(graph)


def _read_tag_value(text: str) -> Document:
    match = _TAG_VALUE_VERSION.search(text)
    _check_version(match.group(1) if match else None)
    return _tag_value_parser().parse(text)


def _refuse_xml_declarations(text: str) -> None:
    """Entities can expand a small file into gigabytes, or read local files; SPDX XML
    needs neither, so no DOCTYPE or ENTITY declaration is handed to an XML parser."""
    if match := _XML_DECLARATIONS.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise SbomError(
            f"XML with a <!{match.group(1).upper()}> declaration is refused (line {line}): "
            "SPDX documents need no DTD or entities"
        )


def _read_mapping(data: object, format: SbomFormat) -> Document:
    """JSON, YAML and XML documents, once loaded: SPDX 2 is an object with spdxVersion."""
    if isinstance(data, dict) and "spdxVersion" not in data and isinstance(data.get("sbom"), dict):
        data = data["sbom"]  # GitHub's dependency-graph API wraps its SBOM: {"sbom": {...}}
    if isinstance(data, list):
        raise SbomError(
            f"not an SPDX document: the {_LABELS[format]} holds an array, not an object"
        )
    if not isinstance(data, dict):
        raise SbomError(
            "not an SPDX document: the file is none of SPDX's formats "
            "(JSON, YAML, tag-value, RDF/XML, XML)"
        )
    if data.get("bomFormat") == "CycloneDX" or "cyclonedx" in str(data.get("$schema", "")):
        raise SbomError("this is CycloneDX, not SPDX: only SPDX 2.2 and 2.3 SBOMs can be read")
    if "@context" in data or "@graph" in data:
        if "spdx.org/rdf/3" in str(data.get("@context")):
            raise SbomError(_SPDX_3)
        raise SbomError("this is JSON-LD, not an SPDX 2 document")
    _check_version(data.get("spdxVersion"))
    _check_shape(data)
    _make_implicit_relationships_explicit(data)
    return JsonLikeDictParser().parse(data)


_LISTS_OF_OBJECTS = (
    "packages",
    "files",
    "snippets",
    "relationships",
    "annotations",
    "hasExtractedLicensingInfos",
    "externalDocumentRefs",
)


def _check_shape(data: dict[str, Any]) -> None:
    """Fields of the wrong shape, which spdx-tools answers with an AttributeError."""
    if not isinstance(data.get("creationInfo", {}), dict):
        raise SbomError(f'"creationInfo" must be an object, not {_kind(data["creationInfo"])}')
    for field in _LISTS_OF_OBJECTS:
        value = data.get(field)
        if value is not None and not isinstance(value, list):
            raise SbomError(f'"{field}" must be an array of objects, not {_kind(value)}')
        for index, item in enumerate(value or ()):
            if not isinstance(item, dict):
                raise SbomError(f'"{field}" item {index + 1} must be an object, not {_kind(item)}')
    described = data.get("documentDescribes", [])
    if not isinstance(described, list):
        raise SbomError(f'"documentDescribes" must be an array of SPDX ids, not {_kind(described)}')
    for index, item in enumerate(described):
        if not isinstance(item, str):
            raise SbomError(
                f'"documentDescribes" item {index + 1} must be an SPDX id, not {_kind(item)}'
            )


def _kind(value: object) -> str:
    kinds = {dict: "an object", list: "an array", str: "text", bool: "true or false"}
    return "nothing" if value is None else kinds.get(type(value), "a number")


_SPDX_3 = "this is an SPDX 3 document: only SPDX 2.2 and 2.3 can be read"


def _check_version(version: object) -> None:
    if not version:
        raise SbomError("the document has no SPDX version (spdxVersion); is it an SPDX document?")
    if str(version).startswith(("SPDX-3", "3.")):
        raise SbomError(_SPDX_3)
    if version not in SUPPORTED_VERSIONS:
        raise SbomError(
            f"SPDX version {str(version)[:40]!r} is not supported: only SPDX-2.2 and SPDX-2.3"
        )


def _make_implicit_relationships_explicit(data: dict[str, Any]) -> None:
    """Turn documentDescribes and each package's hasFiles into relationships, as spdx-tools
    would: it checks each one against a list of all relationships, which is quadratic (a
    minute for 5,000 described packages); a set keeps it linear and leaves it nothing to add.
    `data` has passed _check_shape."""
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


class _TagValueParser(TagValueParser):
    """spdx-tools' tag-value parser, less a licensing object built per licence expression
    (license_expression.get_spdx_licensing(), 25 ms each): it uses spdx-tools' shared one,
    as its JSON and RDF parsers do."""

    @wraps(TagValueParser.p_license)  # the grammar rule is the docstring
    def p_license(self, p: Any) -> None:
        try:
            p[0] = spdx_licensing.parse(p[1])
        except ExpressionError as error:
            message = f"Error while parsing license expression: {p[1]}"
            if error.args:
                message += f": {error.args[0]}"
            self.current_element["logger"].append(message)

    # ply orders grammar rules by line number: keep this one where the original is.
    p_license.co_firstlineno = TagValueParser.p_license.__code__.co_firstlineno  # type: ignore[attr-defined]


@cache
def _tag_value_tables() -> types.ModuleType:
    """The tag-value grammar's parse tables, built once per process. ply takes half a
    second to build them and by default writes them into site-packages; here they live in
    a module object, which ply's yacc() accepts as its table module."""
    built = _TagValueParser(write_tables=False, debug=False, errorlog=yacc.NullLogger()).yacc
    tables = types.ModuleType("spdx_tag_value_tables")
    tables.__file__ = __file__
    tables._tabversion = yacc.__tabversion__  # type: ignore[attr-defined]
    tables._lr_signature = None  # type: ignore[attr-defined]  (optimize=True skips the check)
    tables._lr_method = "LALR"  # type: ignore[attr-defined]
    tables._lr_action = built.action  # type: ignore[attr-defined]
    tables._lr_goto = built.goto  # type: ignore[attr-defined]
    tables._lr_productions = [  # type: ignore[attr-defined]
        (p.str, p.name, p.len, p.func, os.path.basename(p.file), p.line)
        if p.func
        else (p.str, p.name, p.len, None, None, None)
        for p in built.productions
    ]
    return tables


def _tag_value_parser() -> TagValueParser:
    """A fresh parser (it keeps state while parsing) on the shared, read-only tables."""
    return _TagValueParser(
        tabmodule=_tag_value_tables(),
        optimize=True,
        write_tables=False,
        debug=False,
        errorlog=yacc.NullLogger(),
    )


_READERS = {
    SbomFormat.JSON: _read_json,
    SbomFormat.YAML: _read_yaml,
    SbomFormat.TAG_VALUE: _read_tag_value,
    SbomFormat.RDF_XML: _read_rdf_xml,
    SbomFormat.XML: _read_xml,
}
_LABELS = {
    SbomFormat.JSON: "JSON",
    SbomFormat.YAML: "YAML",
    SbomFormat.TAG_VALUE: "tag-value",
    SbomFormat.RDF_XML: "RDF/XML",
    SbomFormat.XML: "XML",
}


def _components(document: Document) -> tuple[list[Component], list[Component]]:
    """The document's packages: those the software is made with, and those it describes
    (the software itself)."""
    described_ids = _described_ids(document)
    licences: dict[str, str] = {}
    components: list[Component] = []
    described: list[Component] = []
    for package in document.packages:
        found = described if package.spdx_id in described_ids else components
        found.append(_component(package, licences))
    return components, described


def _described_ids(document: Document) -> set[str]:
    document_id = document.creation_info.spdx_id
    described: set[str] = set()
    for relationship in document.relationships:
        origin, target = relationship.spdx_element_id, relationship.related_spdx_element_id
        if relationship.relationship_type == RelationshipType.DESCRIBES and origin == document_id:
            described.add(str(target))
        elif relationship.relationship_type == RelationshipType.DESCRIBED_BY:
            if target == document_id:
                described.add(origin)
    return described


def _component(package: Package, licences: dict[str, str]) -> Component:
    return Component(
        name=package.name,
        version=package.version,
        purl=_purl(package),
        licence_concluded=_licence(package.license_concluded, licences),
        licence_declared=_licence(package.license_declared, licences),
        spdx_id=package.spdx_id,
        supplier=package.supplier.to_serialized_string()
        if isinstance(package.supplier, Actor)
        else None,
    )


def _purl(package: Package) -> str | None:
    for reference in package.external_references:
        if (
            reference.category == ExternalPackageRefCategory.PACKAGE_MANAGER
            and reference.reference_type == "purl"
        ):
            return reference.locator
    return None


def _licence(expression: object, licences: dict[str, str]) -> str | None:
    """The normalised SPDX expression, or the text as spdx-tools renders it when the
    licence list does not know it; None for NOASSERTION, NONE and no licence at all."""
    if expression is None or isinstance(expression, SpdxNoAssertion | SpdxNone):
        return None
    rendered = str(expression)
    if rendered not in licences:  # the same few licences recur across thousands of packages
        licences[rendered] = normalised_or_none(rendered) or rendered
    return licences[rendered]


# Validation. spdx-tools' full validation looks every reference up in a list of all ids and
# scans all relationships for every package: quadratic, 0.35 s for 750 packages with a
# relationship each, 0.6 s for 1,000, 15 s for 5,000. Past FULL_VALIDATION_LIMIT elements
# and relationships the same checks run here against sets (0.08 s for 5,000).

FULL_VALIDATION_LIMIT = 1_500
MAX_WARNINGS = 100


def _validate(document: Document) -> list[str]:
    """Validation messages as warnings, most helpful first, at most MAX_WARNINGS of them."""
    size = _size(document)
    notes = []
    try:
        if size <= FULL_VALIDATION_LIMIT:
            messages = validate_full_spdx_document(document)
        else:
            messages = _validate_linearly(document)
            notes.append(
                f"validation limited: the document has {size:,} elements and relationships, over "
                f"the {FULL_VALIDATION_LIMIT:,} that spdx-tools validates in good time; the same "
                "checks ran here, in linear time"
            )
    except Exception as error:  # a validator failing on odd input must not lose the SBOM
        return [_shortened(f"validation could not be completed: {type(error).__name__}: {error}")]
    texts = [_describe(message) for message in messages]
    if len(texts) > MAX_WARNINGS:
        texts[MAX_WARNINGS:] = [f"and {len(texts) - MAX_WARNINGS:,} more validation messages"]
    return notes + texts


def _size(document: Document) -> int:
    return sum(
        map(
            len,
            (
                document.packages,
                document.files,
                document.snippets,
                document.relationships,
                document.annotations,
                document.extracted_licensing_info,
            ),
        )
    )


def _describe(message: ValidationMessage) -> str:
    """The message with where it applies: 'package SPDXRef-x: ...'."""
    context = message.context
    kind = context.element_type.name.lower().replace("_", " ") if context.element_type else ""
    element = context.full_element
    if isinstance(element, Relationship):
        where = (
            f"relationship {element.spdx_element_id} {element.relationship_type.name} "
            f"{element.related_spdx_element_id}"
        )
    elif context.spdx_id:
        where = f"{kind} {context.spdx_id}"
    elif context.parent_id:
        where = f"{kind} in {context.parent_id}"
    else:
        where = kind or "document"
    return f"{where}: {message.validation_message}"


def _validate_linearly(document: Document) -> list[ValidationMessage]:
    """spdx-tools' checks of every element, with references looked up in a set."""
    version = document.creation_info.spdx_version
    check = _Checks(document)
    messages = list(validate_creation_info(document.creation_info, version))
    for package in document.packages:
        context = check.context(package, SpdxElementType.PACKAGE)
        messages += check.identifier(package.spdx_id, context)
        messages += check.files_of_unanalysed(package, context)
        messages += check.licences(package.spdx_id, package.license_concluded)
        messages += check.licences_from_files(package, context)
        messages += check.licences(package.spdx_id, package.license_declared)
        messages += validate_package(package, version, context)
    for file in document.files:
        context = check.context(file, SpdxElementType.FILE)
        messages += check.identifier(file.spdx_id, context)
        messages += check.licences(file.spdx_id, file.license_concluded, *file.license_info_in_file)
        messages += validate_file(file, version, context)
    for snippet in document.snippets:
        context = check.context(snippet, SpdxElementType.SNIPPET)
        messages += check.identifier(snippet.spdx_id, context)
        messages += check.reference(snippet.file_spdx_id, context, among=check.file_ids)
        messages += check.licences(snippet.spdx_id, snippet.license_concluded)
        messages += check.licences(snippet.spdx_id, *snippet.license_info_in_snippet)
        messages += validate_snippet(snippet, version, context)
    for annotation in document.annotations:
        context = ValidationContext(
            element_type=SpdxElementType.ANNOTATION, full_element=annotation
        )
        messages += validate_actor(annotation.annotator, "annotation")
        messages += check.reference(annotation.spdx_id, context)
    for relationship in document.relationships:
        messages += check.relationship(relationship, version)
    messages += validate_extracted_licensing_infos(document.extracted_licensing_info)
    return messages + check.whole_document()


class _Checks:
    """Reference and licence checks against sets built once per document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.ids = get_list_of_all_spdx_ids(document)
        self.known = set(self.ids)
        self.file_ids = {file.spdx_id for file in document.files}
        self.licence_messages: dict[str, list[str]] = {}
        self.contained_files = self._contained_files()

    def _contained_files(self) -> dict[str, list[Relationship]]:
        """CONTAINS relationships to files by package, then CONTAINED_BY from files."""
        contains: dict[str, list[Relationship]] = {}
        contained_by: dict[str, list[Relationship]] = {}
        for relationship in self.document.relationships:
            origin, target = relationship.spdx_element_id, relationship.related_spdx_element_id
            if relationship.relationship_type == RelationshipType.CONTAINS:
                if target in self.file_ids:
                    contains.setdefault(origin, []).append(relationship)
            elif relationship.relationship_type == RelationshipType.CONTAINED_BY:
                if origin in self.file_ids and isinstance(target, str):
                    contained_by.setdefault(target, []).append(relationship)
        return {
            package_id: contains.get(package_id, []) + contained_by.get(package_id, [])
            for package_id in contains.keys() | contained_by.keys()
        }

    def context(
        self, element: Package | File | Snippet, kind: SpdxElementType
    ) -> ValidationContext:
        return ValidationContext(
            spdx_id=element.spdx_id,
            parent_id=self.document.creation_info.spdx_id,
            element_type=kind,
            full_element=element,
        )

    def identifier(self, spdx_id: str, context: ValidationContext) -> list[ValidationMessage]:
        return [
            ValidationMessage(text, context) for text in validate_spdx_id(spdx_id, self.document)
        ]

    def reference(
        self, spdx_id: str, context: ValidationContext, among: set[str] | None = None
    ) -> list[ValidationMessage]:
        """spdx-tools' validate_spdx_id(check_document=True), or check_files=True when
        `among` is the file ids."""
        texts = validate_spdx_id(spdx_id, self.document)
        if ":" not in spdx_id and spdx_id not in (self.known if among is None else among):
            files = "" if among is None else "'s files"
            texts.append(
                f'did not find the referenced spdx_id "{spdx_id}" in the SPDX document{files}'
            )
        return [ValidationMessage(text, context) for text in texts]

    def files_of_unanalysed(
        self, package: Package, context: ValidationContext
    ) -> list[ValidationMessage]:
        found = self.contained_files.get(package.spdx_id)
        if package.files_analyzed or not found:
            return []
        text = f"package must contain no elements if files_analyzed is False, but found {found}"
        return [ValidationMessage(text, context)]

    def licences_from_files(
        self, package: Package, context: ValidationContext
    ) -> list[ValidationMessage]:
        if not package.license_info_from_files:
            return []
        if not package.files_analyzed:
            text = (
                "license_info_from_files must be None if files_analyzed is False, but is: "
                f"{package.license_info_from_files}"
            )
            return [ValidationMessage(text, context)]
        return self.licences(package.spdx_id, *package.license_info_from_files)

    def relationship(self, relationship: Relationship, version: str) -> list[ValidationMessage]:
        context = ValidationContext(
            element_type=SpdxElementType.RELATIONSHIP, full_element=relationship
        )
        messages = self.reference(relationship.spdx_element_id, context)
        if isinstance(relationship.related_spdx_element_id, str):
            messages += self.reference(relationship.related_spdx_element_id, context)
        if version == "SPDX-2.2" and relationship.relationship_type in (
            RelationshipType.SPECIFICATION_FOR,
            RelationshipType.REQUIREMENT_DESCRIPTION_FOR,
        ):
            text = f"{relationship.relationship_type} is not supported in SPDX-2.2"
            messages.append(ValidationMessage(text, context))
        return messages

    def licences(self, parent_id: str, *expressions: object) -> list[ValidationMessage]:
        """spdx-tools' licence check, run once per distinct expression: it scans all the
        document's extracted licences each time."""
        messages = []
        for expression in expressions:
            if expression is None or isinstance(expression, SpdxNoAssertion | SpdxNone):
                continue
            context = ValidationContext(
                parent_id=parent_id,
                element_type=SpdxElementType.LICENSE_EXPRESSION,
                full_element=expression,
            )
            key = str(expression)
            if key not in self.licence_messages:
                found = validate_license_expression(expression, self.document, parent_id)
                self.licence_messages[key] = [message.validation_message for message in found]
            messages += [ValidationMessage(text, context) for text in self.licence_messages[key]]
        return messages

    def whole_document(self) -> list[ValidationMessage]:
        """The whole-document checks at the end of validate_full_spdx_document."""
        document = self.document
        document_id = document.creation_info.spdx_id
        context = ValidationContext(spdx_id=document_id, element_type=SpdxElementType.DOCUMENT)
        messages = []
        described = any(
            (r.relationship_type == RelationshipType.DESCRIBES and r.spdx_element_id == document_id)
            or (
                r.relationship_type == RelationshipType.DESCRIBED_BY
                and r.related_spdx_element_id == document_id
            )
            for r in document.relationships
        )
        single = len(document.packages) == 1 and not document.files and not document.snippets
        if not single and not described:
            text = (
                f'there must be at least one relationship "{document_id} DESCRIBES ..." or '
                f'"... DESCRIBED_BY {document_id}" when there is not only a single package present'
            )
            messages.append(ValidationMessage(text, context))
        seen: set[str] = set()
        duplicates = {spdx_id for spdx_id in self.ids if spdx_id in seen or seen.add(spdx_id)}
        if duplicates:
            text = (
                "every spdx_id must be unique within the document, but found the following "
                f"duplicates: {sorted(duplicates)}"
            )
            messages.append(ValidationMessage(text, context))
        return messages
