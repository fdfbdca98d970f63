# SPDX-License-Identifier: EUPL-1.2
"""What the catalogue derives about software, as the API gives it: licences explained (Structs),
and the JSON Schemas of the publiccode.yml checks and findings it stores and passes on."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

import msgspec

from catalogue import licences
from catalogue.licences import Kind, LicenceError
from catalogue.web.schemas import NULLABLE_STRING, STRING, closed_object


class LicenceFacts(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the SPDX licence list and ScanCode say about one licence identifier."""

    identifier: str
    name: str | None
    osi_approved: bool
    fsf_libre: bool
    kind: Kind
    known: Annotated[bool, msgspec.Meta(description="On the SPDX licence list.")]


class LicenceExplanation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A licence expression judged: is the software open source, and of what kind."""

    expression: str
    open_source: bool
    kind: Kind
    licences: tuple[LicenceFacts, ...]
    problems: tuple[str, ...]


class LicenceUse(LicenceFacts, frozen=True, forbid_unknown_fields=True):
    """A licence in the catalogue, and how many current entries name it."""

    software_count: Annotated[int, msgspec.Meta(ge=0)]


def licence_facts(item: licences.LicenceFacts) -> LicenceFacts:
    return LicenceFacts(
        item.identifier, item.name, item.osi_approved, item.fsf_libre, item.kind, item.known
    )


def licence_use(identifier: str, count: int) -> LicenceUse:
    item = licences.facts(identifier)
    return LicenceUse(
        item.identifier, item.name, item.osi_approved, item.fsf_libre, item.kind, item.known, count
    )


@lru_cache(maxsize=1024)
def licence_explained(expression: str | None) -> LicenceExplanation | None:
    """What a stored licence expression means, or None when there is none to explain (kept:
    the same expression always means the same)."""
    if not expression:
        return None
    try:
        found = licences.explain(expression)
    except LicenceError:
        return None
    return LicenceExplanation(
        found.expression,
        found.open_source,
        found.kind,
        tuple(map(licence_facts, found.licences)),
        tuple(str(problem) for problem in found.problems),
    )


# A stored message also keeps what it was made from, so that a page can show it in Dutch.
MESSAGE_PARTS = {
    "template": {
        "type": "string",
        "description": "The English template of `message` (its gettext message id).",
    },
    "values": {
        "type": "object",
        "description": "The values `template` is filled with; a value that is itself a "
        "message is an object with its own template and values.",
    },
}
PROBLEM_ITEM = closed_object(
    {
        "severity": {"type": "string", "enum": ["error", "warning"]},
        "key": STRING,
        "message": STRING,
        "line": {"type": ["integer", "null"]},
        "column": {"type": ["integer", "null"]},
    }
)
PROBLEM_ITEM["properties"].update(MESSAGE_PARTS)  # optional: checks stored before lack them
PUBLICCODE_CHECK = {
    "oneOf": [
        {"type": "null"},
        closed_object(
            {
                "version": NULLABLE_STRING,
                "valid": {"type": "boolean"},
                "errors": {"type": "integer", "minimum": 0},
                "warnings": {"type": "integer", "minimum": 0},
                "problems": {"type": "array", "items": PROBLEM_ITEM},
            }
        ),
    ],
    "description": "The publiccode.yml validated against the standard; null without one.",
}
FINDING = {
    "type": "object",
    "required": ["code", "message", "sources"],
    "properties": {
        "code": STRING,
        "message": STRING,
        "sources": {"type": "object", "additionalProperties": NULLABLE_STRING},
        "repository": STRING,
        **MESSAGE_PARTS,
    },
}
# The stored JSON the API passes on as it is: typed for the Structs that hold it.
PublicCodeCheck = Annotated[Any, msgspec.Meta(extra_json_schema=PUBLICCODE_CHECK)]
Finding = Annotated[Any, msgspec.Meta(extra_json_schema=FINDING)]
