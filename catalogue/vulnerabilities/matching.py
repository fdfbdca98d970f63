# SPDX-License-Identifier: EUPL-1.2
"""Whether a component's version is affected by an OSV advisory, and which version fixes it.
Pure: no ORM, no web.

Components are named by package URL (purl); OSV names packages by ecosystem and name and gives,
per affected package, explicit `versions` and `ranges` of events (`introduced`, `fixed`,
`last_affected`, `limit`), as its schema defines (https://ossf.github.io/osv-schema/). Versions
are compared by each ecosystem's own rules, with univers (the companion library of the purl
specification), never as plain text: 1.10 is after 1.9 on PyPI, 1.0.0-rc.1 before 1.0.0 on npm.
GIT ranges name commits, which an SBOM does not give, so they are not evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from packageurl import PackageURL
from univers import versions as univers_versions

# purl type → (OSV ecosystem, univers version class)
ECOSYSTEMS: dict[str, tuple[str, type[univers_versions.Version]]] = {
    "npm": ("npm", univers_versions.SemverVersion),
    "pypi": ("PyPI", univers_versions.PypiVersion),
    "maven": ("Maven", univers_versions.MavenVersion),
    "golang": ("Go", univers_versions.GolangVersion),
    "nuget": ("NuGet", univers_versions.NugetVersion),
    "cargo": ("crates.io", univers_versions.SemverVersion),
    "gem": ("RubyGems", univers_versions.RubygemsVersion),
    "composer": ("Packagist", univers_versions.ComposerVersion),
    "hex": ("Hex", univers_versions.SemverVersion),
}


@dataclass(frozen=True, slots=True)
class Package:
    """A component as OSV names it: ecosystem, name and (for a query) version; `purl` is the
    package URL without version, qualifiers or subpath, the key across versions."""

    ecosystem: str
    name: str
    version: str
    purl: str

    def query(self) -> dict[str, Any]:
        """The OSV query for this package at this version."""
        return {
            "package": {"ecosystem": self.ecosystem, "name": self.name},
            "version": self.version,
        }


def package_of(purl: str) -> Package | None:
    """The OSV package of a versioned purl of a known ecosystem, or None (no version, another
    ecosystem, or no valid purl)."""
    try:
        parsed = PackageURL.from_string(purl.strip())
    except ValueError:
        return None
    known = ECOSYSTEMS.get(parsed.type)
    if known is None or not parsed.version or version_of(parsed.type, parsed.version) is None:
        return None
    ecosystem, _ = known
    return Package(
        ecosystem=ecosystem,
        name=_osv_name(parsed),
        version=_osv_version(parsed),
        purl=PackageURL(type=parsed.type, namespace=parsed.namespace, name=parsed.name).to_string(),
    )


def _osv_name(purl: PackageURL) -> str:
    """OSV's name of the package: Maven's group:artifact, npm's @scope/name, Go's module path,
    PyPI's normalised name (PEP 503)."""
    if purl.type == "maven":
        return f"{purl.namespace}:{purl.name}"
    if purl.type == "pypi":
        return re.sub(r"[-_.]+", "-", purl.name).lower()
    if purl.namespace:
        return f"{purl.namespace}/{purl.name}"
    return purl.name


def _osv_version(purl: PackageURL) -> str:
    version = purl.version or ""
    if purl.type == "golang" and not version.startswith("v"):
        return f"v{version}"
    return version


def ecosystem_type(ecosystem: str) -> str | None:
    """The purl type of an OSV ecosystem ("PyPI" → "pypi")."""
    for purl_type, (name, _) in ECOSYSTEMS.items():
        if name == ecosystem:
            return purl_type
    return None


def version_of(purl_type: str, text: str) -> univers_versions.Version | None:
    """The version in its ecosystem's order, or None when the ecosystem cannot read it."""
    if purl_type == "golang":
        text = text.removeprefix("v")
    try:
        return ECOSYSTEMS[purl_type][1](text)
    except Exception:  # univers raises many kinds (InvalidVersion, ValueError, TypeError, …)
        return None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a version is affected, and the least version after it that fixes it (None when
    no range names one)."""

    affected: bool
    fixed: str | None = None


def judge(package: Package, affected: Sequence[Mapping[str, Any]]) -> Verdict:
    """Judge a package's version against an advisory's `affected` entries (those of its
    ecosystem and name)."""
    purl_type = ecosystem_type(package.ecosystem)
    current = version_of(purl_type, package.version) if purl_type else None
    if purl_type is None or current is None:
        return Verdict(affected=False)
    for entry in _dicts(affected):
        named = entry.get("package")
        if not isinstance(named, Mapping) or named.get("ecosystem") != package.ecosystem:
            continue
        if not _same_name(package, named):
            continue
        ranges = _dicts(entry.get("ranges"))
        versions = entry.get("versions")
        listed = isinstance(versions, list) and package.version in versions
        if listed or _in_ranges(purl_type, current, ranges):
            return Verdict(affected=True, fixed=_least_fix(purl_type, current, ranges))
    return Verdict(affected=False)


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    """The mappings of a list from an advisory, whatever else it holds (OSV data is input)."""
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _same_name(package: Package, named: Mapping[str, Any]) -> bool:
    name = str(named.get("name", ""))
    if package.ecosystem == "PyPI":
        return re.sub(r"[-_.]+", "-", name).lower() == package.name
    return name == package.name


def _events(
    purl_type: str, ranges: Iterable[Mapping[str, Any]]
) -> list[list[tuple[Any, str, str]]]:
    """The events of each ECOSYSTEM or SEMVER range, as (version, kind, text), sorted by
    version; introduced "0" sorts first. Events whose version cannot be read are left out."""
    found = []
    for entry in ranges:
        if entry.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue
        events: list[tuple[Any, str, str]] = []
        for event in _dicts(entry.get("events")):
            for kind in ("introduced", "fixed", "last_affected", "limit"):
                text = event.get(kind)
                if not isinstance(text, str):
                    continue
                if kind == "introduced" and text == "0":
                    events.append((None, kind, text))
                elif (version := version_of(purl_type, text)) is not None:
                    events.append((version, kind, text))
        events.sort(key=lambda item: (item[0] is not None, item[0]))
        found.append(events)
    return found


def _in_ranges(purl_type: str, current: Any, ranges: Iterable[Mapping[str, Any]]) -> bool:
    """The OSV schema's evaluation: walking the sorted events, `introduced` at or below the
    version opens, `fixed` at or below closes, `last_affected` below closes; `limit` bounds."""
    for events in _events(purl_type, ranges):
        affected = False
        for version, kind, _ in events:
            if kind == "introduced" and (version is None or current >= version):
                affected = True
            elif kind == "fixed" and current >= version:
                affected = False
            elif kind == "last_affected" and current > version:
                affected = False
            elif kind == "limit" and current >= version:
                affected = False
        if affected:
            return True
    return False


def _least_fix(purl_type: str, current: Any, ranges: Iterable[Mapping[str, Any]]) -> str | None:
    fixes = [
        (version, text)
        for events in _events(purl_type, ranges)
        for version, kind, text in events
        if kind == "fixed" and version is not None and version > current
    ]
    return min(fixes, key=lambda item: item[0])[1] if fixes else None
