# SPDX-License-Identifier: EUPL-1.2
"""spdx-tools' validation in linear time: the same checks as validate_full_spdx_document,
with references, contained files and licence expressions looked up in what is built once
per document rather than searched for again for every element."""

from __future__ import annotations

from collections import Counter

from spdx_tools.spdx.model import (
    Document,
    File,
    Package,
    Relationship,
    RelationshipType,
    Snippet,
    SpdxNoAssertion,
    SpdxNone,
)
from spdx_tools.spdx.validation.actor_validator import validate_actor
from spdx_tools.spdx.validation.creation_info_validator import validate_creation_info
from spdx_tools.spdx.validation.extracted_licensing_info_validator import (
    validate_extracted_licensing_infos,
)
from spdx_tools.spdx.validation.file_validator import validate_file
from spdx_tools.spdx.validation.license_expression_validator import validate_license_expression
from spdx_tools.spdx.validation.package_validator import validate_package
from spdx_tools.spdx.validation.snippet_validator import validate_snippet
from spdx_tools.spdx.validation.spdx_id_validators import get_list_of_all_spdx_ids, validate_spdx_id
from spdx_tools.spdx.validation.validation_message import (
    SpdxElementType,
    ValidationContext,
    ValidationMessage,
)


def validate_linearly(document: Document) -> list[ValidationMessage]:
    """spdx-tools' checks of every element, with references looked up in a set."""
    version = document.creation_info.spdx_version
    check = _Checks(document)
    messages = list(validate_creation_info(document.creation_info, version))
    for package in document.packages:
        context = check.context(package, SpdxElementType.PACKAGE)
        messages += check.identifier(package.spdx_id, context)
        messages += check.files_of_unanalysed(package, context)
        messages += check.licences(package.spdx_id, package.license_concluded)
        messages += check.licences_from_files(package, context)
        messages += check.licences(package.spdx_id, package.license_declared)
        messages += validate_package(package, version, context)
    for file in document.files:
        context = check.context(file, SpdxElementType.FILE)
        messages += check.identifier(file.spdx_id, context)
        messages += check.licences(file.spdx_id, file.license_concluded, *file.license_info_in_file)
        messages += validate_file(file, version, context)
    for snippet in document.snippets:
        context = check.context(snippet, SpdxElementType.SNIPPET)
        messages += check.identifier(snippet.spdx_id, context)
        messages += check.reference(snippet.file_spdx_id, context, among=check.file_ids)
        messages += check.licences(snippet.spdx_id, snippet.license_concluded)
        messages += check.licences(snippet.spdx_id, *snippet.license_info_in_snippet)
        messages += validate_snippet(snippet, version, context)
    for annotation in document.annotations:
        context = ValidationContext(
            element_type=SpdxElementType.ANNOTATION, full_element=annotation
        )
        messages += validate_actor(annotation.annotator, "annotation")
        messages += check.reference(annotation.spdx_id, context)
    for relationship in document.relationships:
        messages += check.relationship(relationship, version)
    messages += validate_extracted_licensing_infos(document.extracted_licensing_info)
    return messages + check.whole_document()


class _Checks:
    """Reference and licence checks against sets built once per document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.ids = get_list_of_all_spdx_ids(document)
        self.known = set(self.ids)
        self.file_ids = {file.spdx_id for file in document.files}
        self.licence_messages: dict[str, list[str]] = {}
        self.contained_files = self._contained_files()

    def _contained_files(self) -> dict[str, list[Relationship]]:
        """CONTAINS relationships to files by package, then CONTAINED_BY from files."""
        contains: dict[str, list[Relationship]] = {}
        contained_by: dict[str, list[Relationship]] = {}
        for relationship in self.document.relationships:
            origin, target = relationship.spdx_element_id, relationship.related_spdx_element_id
            if relationship.relationship_type == RelationshipType.CONTAINS:
                if target in self.file_ids:
                    contains.setdefault(origin, []).append(relationship)
            elif relationship.relationship_type == RelationshipType.CONTAINED_BY:
                if origin in self.file_ids and isinstance(target, str):
                    contained_by.setdefault(target, []).append(relationship)
        return {
            package_id: contains.get(package_id, []) + contained_by.get(package_id, [])
            for package_id in contains.keys() | contained_by.keys()
        }

    def context(
        self, element: Package | File | Snippet, kind: SpdxElementType
    ) -> ValidationContext:
        return ValidationContext(
            spdx_id=element.spdx_id,
            parent_id=self.document.creation_info.spdx_id,
            element_type=kind,
            full_element=element,
        )

    def identifier(self, spdx_id: str, context: ValidationContext) -> list[ValidationMessage]:
        return [
            ValidationMessage(text, context) for text in validate_spdx_id(spdx_id, self.document)
        ]

    def reference(
        self, spdx_id: str, context: ValidationContext, among: set[str] | None = None
    ) -> list[ValidationMessage]:
        """spdx-tools' validate_spdx_id(check_document=True), or check_files=True when
        `among` is the file ids."""
        texts = validate_spdx_id(spdx_id, self.document)
        if ":" not in spdx_id and spdx_id not in (self.known if among is None else among):
            files = "" if among is None else "'s files"
            texts.append(
                f'did not find the referenced spdx_id "{spdx_id}" in the SPDX document{files}'
            )
        return [ValidationMessage(text, context) for text in texts]

    def files_of_unanalysed(
        self, package: Package, context: ValidationContext
    ) -> list[ValidationMessage]:
        found = self.contained_files.get(package.spdx_id)
        if package.files_analyzed or not found:
            return []
        text = f"package must contain no elements if files_analyzed is False, but found {found}"
        return [ValidationMessage(text, context)]

    def licences_from_files(
        self, package: Package, context: ValidationContext
    ) -> list[ValidationMessage]:
        if not package.license_info_from_files:
            return []
        if not package.files_analyzed:
            text = (
                "license_info_from_files must be None if files_analyzed is False, but is: "
                f"{package.license_info_from_files}"
            )
            return [ValidationMessage(text, context)]
        return self.licences(package.spdx_id, *package.license_info_from_files)

    def relationship(self, relationship: Relationship, version: str) -> list[ValidationMessage]:
        context = ValidationContext(
            element_type=SpdxElementType.RELATIONSHIP, full_element=relationship
        )
        messages = self.reference(relationship.spdx_element_id, context)
        if isinstance(relationship.related_spdx_element_id, str):
            messages += self.reference(relationship.related_spdx_element_id, context)
        if version == "SPDX-2.2" and relationship.relationship_type in (
            RelationshipType.SPECIFICATION_FOR,
            RelationshipType.REQUIREMENT_DESCRIPTION_FOR,
        ):
            text = f"{relationship.relationship_type} is not supported in SPDX-2.2"
            messages.append(ValidationMessage(text, context))
        return messages

    def licences(self, parent_id: str, *expressions: object) -> list[ValidationMessage]:
        """spdx-tools' licence check, run once per distinct expression: it scans all the
        document's extracted licences each time."""
        messages = []
        for expression in expressions:
            if expression is None or isinstance(expression, SpdxNoAssertion | SpdxNone):
                continue
            context = ValidationContext(
                parent_id=parent_id,
                element_type=SpdxElementType.LICENSE_EXPRESSION,
                full_element=expression,
            )
            key = str(expression)
            if key not in self.licence_messages:
                found = validate_license_expression(expression, self.document, parent_id)
                self.licence_messages[key] = [message.validation_message for message in found]
            messages += [ValidationMessage(text, context) for text in self.licence_messages[key]]
        return messages

    def whole_document(self) -> list[ValidationMessage]:
        """The whole-document checks at the end of validate_full_spdx_document."""
        document = self.document
        document_id = document.creation_info.spdx_id
        context = ValidationContext(spdx_id=document_id, element_type=SpdxElementType.DOCUMENT)
        messages = []
        described = any(
            (r.relationship_type == RelationshipType.DESCRIBES and r.spdx_element_id == document_id)
            or (
                r.relationship_type == RelationshipType.DESCRIBED_BY
                and r.related_spdx_element_id == document_id
            )
            for r in document.relationships
        )
        single = len(document.packages) == 1 and not document.files and not document.snippets
        if not single and not described:
            text = (
                f'there must be at least one relationship "{document_id} DESCRIBES ..." or '
                f'"... DESCRIBED_BY {document_id}" when there is not only a single package present'
            )
            messages.append(ValidationMessage(text, context))
        duplicates = {spdx_id for spdx_id, count in Counter(self.ids).items() if count > 1}
        if duplicates:
            text = (
                "every spdx_id must be unique within the document, but found the following "
                f"duplicates: {sorted(duplicates)}"
            )
            messages.append(ValidationMessage(text, context))
        return messages
