# SPDX-License-Identifier: EUPL-1.2
"""The building blocks of the API's JSON Schemas, shared by the representation modules.

An API resource is declared once, as a `msgspec.Struct`: the handler fills it from plain rows
and encodes it (catalogue.web.http.EncodedResponse), and the OpenAPI document's components
come from the same declaration (`components`). The dicts here describe the bodies and the
stored JSON that are not (yet) declared so."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import msgspec

API = "/api/v1"
REF_TEMPLATE = "#/components/schemas/{name}"
# ISO 8601 text, as `iso` writes it (msgspec would write a datetime in UTC with a Z).
Moment = Annotated[str, msgspec.Meta(extra_json_schema={"format": "date-time"})]
MaybeMoment = Annotated[str | None, msgspec.Meta(extra_json_schema={"format": "date-time"})]
Count = Annotated[int, msgspec.Meta(ge=0)]


def one_of(members: Iterable[StrEnum]) -> msgspec.Meta:
    """Field metadata allowing only the values of a StrEnum, on a `str` field: for an enum
    whose name another component has already (msgspec names an enum's component by its
    class), the values are written in place."""
    return msgspec.Meta(extra_json_schema={"enum": [member.value for member in members]})


def components(*declarations: type[msgspec.Struct]) -> dict[str, Any]:
    """The JSON Schemas of these Structs and of every Struct and enum inside them, by name:
    the OpenAPI document's components."""
    return msgspec.json.schema_components(declarations, ref_template=REF_TEMPLATE)[1]


def ref(name: str) -> dict[str, str]:
    """A reference to the component `name`."""
    return {"$ref": REF_TEMPLATE.format(name=name)}


STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
DATETIME = {"type": "string", "format": "date-time"}


def iso(value: date | None) -> str | None:
    """A date or a moment as ISO 8601 text; None stays None."""
    return value.isoformat() if value else None


def enum(members: Any, *, nullable: bool = False) -> dict[str, Any]:
    """A string schema allowing the values of a StrEnum."""
    values: list[Any] = [member.value for member in members]
    if nullable:
        return {"type": ["string", "null"], "enum": [*values, None]}
    return {"type": "string", "enum": values}


def closed_object(properties: dict[str, Any]) -> dict[str, Any]:
    """An object schema with exactly these properties, all required."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def input_object(
    properties: dict[str, Any], *, required: tuple[str, ...] = (), closed: bool = True
) -> dict[str, Any]:
    """The schema of a request body: these properties, the `required` ones required; a
    closed body refuses any other property."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(required),
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": STRING,
        "title": STRING,
        "status": {"type": "integer"},
        "detail": STRING,
        "instance": STRING,
        "errors": {
            "type": "array",
            "items": {
                "oneOf": [
                    closed_object({"parameter": STRING, "detail": STRING}),
                    closed_object({"field": STRING, "detail": STRING}),
                ]
            },
        },
        "existing": {"type": "string", "description": "Path of the entry that exists already."},
    },
}
