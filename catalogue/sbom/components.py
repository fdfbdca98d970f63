# SPDX-License-Identifier: EUPL-1.2
"""What comes out: the components of an SBOM, the packages it describes, and the key that
identifies a component across versions."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from spdx_tools.spdx.model import (
    Actor,
    Document,
    ExternalPackageRefCategory,
    Package,
    RelationshipType,
    SpdxNoAssertion,
    SpdxNone,
)

from catalogue.licences import normalised_or_none
from catalogue.sbom.formats import SbomFormat


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


def components_of(document: Document) -> tuple[list[Component], list[Component]]:
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
