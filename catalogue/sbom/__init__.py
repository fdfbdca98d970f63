# SPDX-License-Identifier: EUPL-1.2
"""Software bills of materials: SPDX 2.2 and 2.3 documents read into their components.

Pure and synchronous (callers run `parse` in a worker thread). spdx-tools does the parsing;
this package guards what goes in (size, encoding, XML entities, YAML aliases, SPDX version:
`formats`), reads each format into an spdx-tools document (`reading`, `tagvalue`), turns
whatever comes out wrong into `SbomError`, lists the components (`components`) and keeps
validation of large documents linear (`validation`, `linear`; bench/sbom_parse.py has the
numbers).
"""

from __future__ import annotations

from catalogue.sbom.components import Component, Sbom
from catalogue.sbom.formats import (
    MAX_BYTES,
    MAX_RDF_XML_BYTES,
    SUPPORTED_VERSIONS,
    SbomError,
    SbomFormat,
    detect_format,
)
from catalogue.sbom.reading import parse
from catalogue.sbom.validation import FULL_VALIDATION_LIMIT, MAX_WARNINGS

__all__ = [
    "FULL_VALIDATION_LIMIT",
    "MAX_BYTES",
    "MAX_RDF_XML_BYTES",
    "MAX_WARNINGS",
    "SUPPORTED_VERSIONS",
    "Component",
    "Sbom",
    "SbomError",
    "SbomFormat",
    "detect_format",
    "parse",
]
