# SPDX-License-Identifier: EUPL-1.2
"""publiccode.yml: read one file and check it against the core standard. Pure: no ORM, no web.

`validate(source, files=...)` never raises: everything wrong with a file, from bytes that are
not UTF-8 to a misspelt key, comes back as a `Problem` with its key path, line and column. The
verdicts are those of the reference parser (Developers Italia's publiccode-parser-go, without
network): every supported publiccodeYmlVersion, 0.2 to 0.5 and "0", is read as the latest, an
older one with a warning; an unknown key is an error; when `files` says what is next to the file
(`beside.on_disk(folder)`, or a repository's paths), a relative logo, screenshot or authors file
must be there. docs/publiccode.md says per rule what the standard says, what the reference does
and what we do. `software_fields(data)` takes what the catalogue needs from a parsed file.

The modules, in the order a file passes through them: `reading` (bytes to text, bounded), the
`parsers` (libyaml's C scanner and parser when PyYAML has them, else PyYAML's pure-Python ones)
and the `composer` (events to nodes, refusing what nests too deep or expands too far), `data`
(nodes to Python values), `checks` (the walk of the `table` of the standard, compiled by
`schema`, with `formats` and `languages` checking single values against the `standard`'s lists,
and `beside` the files next to it), and `fields` (what the catalogue takes). `problems` holds what
they report.
"""

from __future__ import annotations

from catalogue.publiccode.beside import Files, on_disk
from catalogue.publiccode.checks import validate
from catalogue.publiccode.composer import MAX_DEPTH, MAX_NODES
from catalogue.publiccode.fields import Dependency, SoftwareFields, software_fields
from catalogue.publiccode.formats import Check
from catalogue.publiccode.problems import Problem, Result, Severity
from catalogue.publiccode.reading import MAX_BYTES
from catalogue.publiccode.schema import (
    Beside,
    Fields,
    Flag,
    Items,
    Key,
    Languages,
    Row,
    Rule,
    Spec,
    Text,
)
from catalogue.publiccode.standard import (
    ALIASES,
    CATEGORIES,
    COUNTRIES,
    DEPENDENCY_KINDS,
    DEVELOPMENT_STATUSES,
    LATEST,
    MAINTENANCE_TYPES,
    SCOPES,
    SOFTWARE_TYPES,
    SUPPORTED_VERSIONS,
    V0_2,
    V0_3,
    V0_4,
    V0_5,
    Version,
)
from catalogue.publiccode.table import SCHEMA, TABLE

__all__ = [
    "ALIASES",
    "CATEGORIES",
    "COUNTRIES",
    "DEPENDENCY_KINDS",
    "DEVELOPMENT_STATUSES",
    "LATEST",
    "MAINTENANCE_TYPES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "SCHEMA",
    "SCOPES",
    "SOFTWARE_TYPES",
    "SUPPORTED_VERSIONS",
    "TABLE",
    "V0_2",
    "V0_3",
    "V0_4",
    "V0_5",
    "Beside",
    "Check",
    "Dependency",
    "Fields",
    "Files",
    "Flag",
    "Items",
    "Key",
    "Languages",
    "Problem",
    "Result",
    "Row",
    "Rule",
    "Severity",
    "SoftwareFields",
    "Spec",
    "Text",
    "Version",
    "on_disk",
    "software_fields",
    "validate",
]
