# SPDX-License-Identifier: EUPL-1.2
"""What the catalogue takes from a publiccode.yml, tolerantly: a value of the wrong type is
skipped, so an invalid file still fills what it can."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalogue.publiccode.standard import (
    CATEGORIES,
    DEPENDENCY_KINDS,
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    SOFTWARE_TYPES,
)


@dataclass(frozen=True, slots=True)
class Dependency:
    """One entry of dependsOn: a system-level dependency of the software."""

    name: str
    kind: str  # "open" | "proprietary" | "hardware"
    version: str | None  # the version, or a range from versionMin/versionMax: ">=1.1,<=1.3"
    optional: bool


@dataclass(frozen=True, slots=True)
class SoftwareFields:
    """What a catalogue entry takes from a (possibly invalid) publiccode.yml."""

    name: str | None
    descriptions: dict[str, dict[str, str]]  # "nl" -> {"short": ..., "long": ...}
    development_status: str | None
    maintenance_type: str | None
    software_type: str | None
    categories: tuple[str, ...]
    platforms: tuple[str, ...]
    licence: str | None  # legal.license as written
    url: str | None
    landing_url: str | None
    dependencies: tuple[Dependency, ...]


def software_fields(data: Mapping[str, Any]) -> SoftwareFields:
    """The fields of a catalogue entry from parsed publiccode.yml data (valid or not); each is
    None or empty where the key is absent or its value of the wrong type. Categories keep only
    those in the standard's list; description keys are lower-cased language codes."""
    data = _mapping(data)
    legal, maintenance = _mapping(data.get("legal")), _mapping(data.get("maintenance"))
    return SoftwareFields(
        name=_string(data.get("name")),
        descriptions=_descriptions(data.get("description")),
        development_status=_choice(data.get("developmentStatus"), DEVELOPMENT_STATUSES),
        maintenance_type=_choice(maintenance.get("type"), MAINTENANCE_TYPES),
        software_type=_choice(data.get("softwareType"), SOFTWARE_TYPES),
        categories=tuple(c for c in _strings(data.get("categories")) if c in CATEGORIES),
        platforms=_strings(data.get("platforms")),
        licence=_string(legal.get("license")),
        url=_string(data.get("url")),
        landing_url=_string(data.get("landingURL")),
        dependencies=_dependencies(data.get("dependsOn")),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _choice(value: Any, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def _strings(value: Any) -> tuple[str, ...]:
    """A string or a list of them, stripped, without blanks or repeats."""
    items = [value] if isinstance(value, str) else _list(value)
    return tuple(dict.fromkeys(text for item in items if (text := _string(item))))


def _descriptions(value: Any) -> dict[str, dict[str, str]]:
    descriptions: dict[str, dict[str, str]] = {}
    for language, texts in _mapping(value).items():
        texts = _mapping(texts)
        found = {
            short: text
            for short, key in (("short", "shortDescription"), ("long", "longDescription"))
            if (text := _string(texts.get(key)))
        }
        if found and isinstance(language, str):
            descriptions.setdefault(language.strip().lower(), found)
    return descriptions


def _dependencies(value: Any) -> tuple[Dependency, ...]:
    section = _mapping(value)
    return tuple(
        dependency
        for kind in DEPENDENCY_KINDS
        for entry in _list(section.get(kind))
        if (dependency := _dependency(kind, entry)) is not None
    )


def _dependency(kind: str, entry: Any) -> Dependency | None:
    entry = _mapping(entry)
    name = _string(entry.get("name"))
    if name is None:
        return None
    return Dependency(name, kind, _version_range(entry), _flag(entry.get("optional")))


def _version_range(entry: Mapping[str, Any]) -> str | None:
    exact = _version_text(entry.get("version"))
    if exact is not None:
        return exact
    lowest, highest = _version_text(entry.get("versionMin")), _version_text(entry.get("versionMax"))
    bounds = [f">={lowest}" if lowest else "", f"<={highest}" if highest else ""]
    return ",".join(bound for bound in bounds if bound) or None


def _version_text(value: Any) -> str | None:
    """A version as text; an unquoted number (versionMin: 13) is taken as Python writes it."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    return _string(value)


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "yes", "on"))
