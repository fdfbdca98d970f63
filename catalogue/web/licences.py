# SPDX-License-Identifier: EUPL-1.2
"""JSON of what the catalogue derives about software: licences explained, publiccode.yml
checks and findings, each beside its JSON Schema."""

from __future__ import annotations

from typing import Any

from catalogue.licences import Explanation, Kind, LicenceError, LicenceFacts, explain
from catalogue.web.schemas import NULLABLE_STRING, STRING, closed_object, enum


def explanation_json(found: Explanation) -> dict[str, Any]:
    return {
        "expression": found.expression,
        "open_source": found.open_source,
        "kind": found.kind.value,
        "licences": [facts_json(item) for item in found.licences],
        "problems": list(found.problems),
    }


def facts_json(item: LicenceFacts) -> dict[str, Any]:
    return {
        "identifier": item.identifier,
        "name": item.name,
        "osi_approved": item.osi_approved,
        "fsf_libre": item.fsf_libre,
        "kind": item.kind.value,
        "known": item.known,
    }


def licence_explained(expression: str | None) -> dict[str, Any] | None:
    """What a stored licence expression means, or None when there is none to explain."""
    if not expression:
        return None
    try:
        return explanation_json(explain(expression))
    except LicenceError:
        return None


LICENCE_FACTS = closed_object(
    {
        "identifier": STRING,
        "name": NULLABLE_STRING,
        "osi_approved": {"type": "boolean"},
        "fsf_libre": {"type": "boolean"},
        "kind": enum(Kind),
        "known": {"type": "boolean", "description": "On the SPDX licence list."},
    }
)
LICENCE_EXPLANATION = closed_object(
    {
        "expression": STRING,
        "open_source": {"type": "boolean"},
        "kind": enum(Kind),
        "licences": {"type": "array", "items": LICENCE_FACTS},
        "problems": {"type": "array", "items": STRING},
    }
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
