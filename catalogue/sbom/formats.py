# SPDX-License-Identifier: EUPL-1.2
"""What goes in: the format of an SBOM, and the checks that refuse what must not be parsed
(too big, not UTF-8, XML entities, YAML aliases, SPDX 3, CycloneDX, fields of the wrong
shape) before spdx-tools sees it."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import yaml

MAX_BYTES = 50 * 1024 * 1024
# rdflib reads RDF/XML at about a millisecond per package, 0.5-0.8 s per MiB as spdx-tools
# writes it (bench/sbom_parse.py --formats): 5 MiB keeps a parse under 10 s with room to spare.
MAX_RDF_XML_BYTES = 5 * 1024 * 1024
SUPPORTED_VERSIONS = ("SPDX-2.2", "SPDX-2.3")


class SbomError(ValueError):
    """An SBOM that cannot be read: the message says what is wrong and where."""


class SbomFormat(StrEnum):
    """The serialisations of SPDX 2 that spdx-tools reads."""

    JSON = "json"
    YAML = "yaml"
    TAG_VALUE = "tag_value"
    RDF_XML = "rdf_xml"
    XML = "xml"


LABELS = {
    SbomFormat.JSON: "JSON",
    SbomFormat.YAML: "YAML",
    SbomFormat.TAG_VALUE: "tag-value",
    SbomFormat.RDF_XML: "RDF/XML",
    SbomFormat.XML: "XML",
}
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: four times faster

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
_XML_DECLARATIONS = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_SPDX_3 = "this is an SPDX 3 document: only SPDX 2.2 and 2.3 can be read"
_CYCLONEDX = "this is CycloneDX, not SPDX: only SPDX 2.2 and 2.3 SBOMs can be read"


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


def decode(content: bytes) -> str:
    """The content as text; SbomError when it is too big, empty or not UTF-8."""
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


def refuse_slow_to_read(content: bytes, format: SbomFormat) -> None:
    """RDF/XML over MAX_RDF_XML_BYTES, which would take minutes to read."""
    if format == SbomFormat.RDF_XML and len(content) > MAX_RDF_XML_BYTES:
        raise SbomError(
            f"the file is {len(content):,} bytes; RDF/XML SBOMs over "
            f"{MAX_RDF_XML_BYTES // 2**20} MiB are refused, as RDF is slow to read: "
            f"send it as SPDX JSON instead, which may be up to {MAX_BYTES // 2**20} MiB"
        )


def refuse_xml_declarations(text: str) -> None:
    """Entities can expand a small file into gigabytes, or read local files; SPDX XML
    needs neither, so no DOCTYPE or ENTITY declaration is handed to an XML parser."""
    if match := _XML_DECLARATIONS.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise SbomError(
            f"XML with a <!{match.group(1).upper()}> declaration is refused (line {line}): "
            "SPDX documents need no DTD or entities"
        )


def refuse_yaml_aliases(text: str) -> None:
    """An alias lets a small file stand for a huge document (the "billion laughs"), and
    SBOM writers have no use for them."""
    for event in yaml.parse(text, Loader=YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise SbomError(f"YAML aliases (*{event.anchor}) are refused (line {line})")


def refuse_xml_root(root: str) -> None:
    """Anything but an SPDX XML <Document>, CycloneDX's <bom> said by name."""
    if root == "bom" or root.endswith(":bom"):
        raise SbomError(_CYCLONEDX)
    if root != "Document":
        raise SbomError(f"not an SPDX XML document: the root element is <{root}>, not <Document>")


def spdx_2_mapping(data: object, format: SbomFormat) -> dict[str, Any]:
    """A loaded JSON, YAML or XML document as an SPDX 2 object with a supported spdxVersion
    and fields of the right shape, unwrapped when GitHub wrapped it; SbomError otherwise."""
    if isinstance(data, dict) and "spdxVersion" not in data and isinstance(data.get("sbom"), dict):
        data = data["sbom"]  # GitHub's dependency-graph API wraps its SBOM: {"sbom": {...}}
    if isinstance(data, list):
        raise SbomError(f"not an SPDX document: the {LABELS[format]} holds an array, not an object")
    if not isinstance(data, dict):
        raise SbomError(
            "not an SPDX document: the file is none of SPDX's formats "
            "(JSON, YAML, tag-value, RDF/XML, XML)"
        )
    if data.get("bomFormat") == "CycloneDX" or "cyclonedx" in str(data.get("$schema", "")):
        raise SbomError(_CYCLONEDX)
    if "@context" in data or "@graph" in data:
        if "spdx.org/rdf/3" in str(data.get("@context")):
            raise SbomError(_SPDX_3)
        raise SbomError("this is JSON-LD, not an SPDX 2 document")
    check_version(data.get("spdxVersion"))
    _check_shape(data)
    return data


def check_version(version: object) -> None:
    """SbomError unless the version is one of SUPPORTED_VERSIONS."""
    if not version:
        raise SbomError("the document has no SPDX version (spdxVersion); is it an SPDX document?")
    if str(version).startswith(("SPDX-3", "3.")):
        raise SbomError(_SPDX_3)
    if version not in SUPPORTED_VERSIONS:
        raise SbomError(
            f"SPDX version {str(version)[:40]!r} is not supported: only SPDX-2.2 and SPDX-2.3"
        )


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


def shortened(text: str, limit: int = 300) -> str:
    """The text, cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
