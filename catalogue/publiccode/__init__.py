# SPDX-License-Identifier: EUPL-1.2
"""publiccode.yml: read one file and check it against the core standard. Pure: no ORM, no web.

`validate(source)` never raises: everything wrong with a file, from bytes that are not UTF-8 to
a misspelt key, comes back as a `Problem` with its key path, line and column. Each
publiccodeYmlVersion from 0.2 to the current 0.7 is checked by the rules of that version (what
was required, what deprecated, which keys it has); country-specific sections (`IT:`, `nl:`) are
tolerated unread. `software_fields(data)` takes what the catalogue needs from a parsed file.

The modules, in the order a file passes through them: `reading` (bytes to text, bounded), the
`parsers` (libyaml's C scanner and parser when PyYAML has them, else PyYAML's pure-Python ones)
and the `composer` (events to nodes, refusing what nests too deep or expands too far), `data`
(nodes to Python values), `checks` (the walk of the `schema` table, with `formats` checking
single values against the `standard`'s lists), and `fields` (what the catalogue takes).
`problems` holds what they report.
"""

from __future__ import annotations

from catalogue.publiccode.checks import validate
from catalogue.publiccode.composer import MAX_DEPTH, MAX_NODES
from catalogue.publiccode.fields import Dependency, SoftwareFields, software_fields
from catalogue.publiccode.formats import Check
from catalogue.publiccode.problems import Problem, Result, Severity
from catalogue.publiccode.reading import MAX_BYTES
from catalogue.publiccode.schema import (
    SCHEMA,
    Fields,
    Flag,
    Items,
    Key,
    Languages,
    Rule,
    Spec,
    Text,
)
from catalogue.publiccode.standard import (
    ALIASES,
    CATEGORIES,
    COUNTRIES,
    CURRENT,
    DEPENDENCY_KINDS,
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    SCOPES,
    SOFTWARE_TYPES,
    SUPPORTED_VERSIONS,
    V0_3,
    V0_4,
    V0_5,
    V0_7,
    Version,
)

__all__ = [
    "ALIASES",
    "CATEGORIES",
    "COUNTRIES",
    "CURRENT",
    "DEPENDENCY_KINDS",
    "DEVELOPMENT_STATUSES",
    "MAINTENANCE_TYPES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "SCHEMA",
    "SCOPES",
    "SOFTWARE_TYPES",
    "SUPPORTED_VERSIONS",
    "V0_3",
    "V0_4",
    "V0_5",
    "V0_7",
    "Check",
    "Dependency",
    "Fields",
    "Flag",
    "Items",
    "Key",
    "Languages",
    "Problem",
    "Result",
    "Rule",
    "Severity",
    "SoftwareFields",
    "Spec",
    "Text",
    "Version",
    "software_fields",
    "validate",
]
