# SPDX-License-Identifier: EUPL-1.2
"""Validation of a read SBOM, as warnings.

spdx-tools' full validation looks every reference up in a list of all ids and scans all
relationships for every package: quadratic, 0.35 s for 750 packages with a relationship
each, 0.6 s for 1,000, 15 s for 5,000. Past FULL_VALIDATION_LIMIT elements and
relationships the same checks run in linear time instead (0.08 s for 5,000; see
catalogue.sbom.linear and bench/sbom_parse.py).
"""

from __future__ import annotations

from collections.abc import Sized

from spdx_tools.spdx.model import Document, Relationship
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
from spdx_tools.spdx.validation.validation_message import ValidationMessage

from catalogue.sbom.formats import shortened
from catalogue.sbom.linear import validate_linearly

FULL_VALIDATION_LIMIT = 1_500
MAX_WARNINGS = 100


def validate(document: Document) -> list[str]:
    """Validation messages as warnings, most helpful first, at most MAX_WARNINGS of them."""
    size = _size(document)
    notes = []
    try:
        if size <= FULL_VALIDATION_LIMIT:
            messages = validate_full_spdx_document(document)
        else:
            messages = validate_linearly(document)
            notes.append(
                f"validation limited: the document has {size:,} elements and relationships, over "
                f"the {FULL_VALIDATION_LIMIT:,} that spdx-tools validates in good time; the same "
                "checks ran here, in linear time"
            )
    except Exception as error:  # a validator failing on odd input must not lose the SBOM
        return [shortened(f"validation could not be completed: {type(error).__name__}: {error}")]
    texts = [_describe(message) for message in messages]
    if len(texts) > MAX_WARNINGS:
        texts[MAX_WARNINGS:] = [f"and {len(texts) - MAX_WARNINGS:,} more validation messages"]
    return notes + texts


def _size(document: Document) -> int:
    parts: tuple[Sized, ...] = (
        document.packages,
        document.files,
        document.snippets,
        document.relationships,
        document.annotations,
        document.extracted_licensing_info,
    )
    return sum(len(part) for part in parts)


def _describe(message: ValidationMessage) -> str:
    """The message with where it applies: 'package SPDXRef-x: ...'."""
    context = message.context
    kind = context.element_type.name.lower().replace("_", " ") if context.element_type else ""
    element = context.full_element
    if isinstance(element, Relationship):
        where = (
            f"relationship {element.spdx_element_id} {element.relationship_type.name} "
            f"{element.related_spdx_element_id}"
        )
    elif context.spdx_id:
        where = f"{kind} {context.spdx_id}"
    elif context.parent_id:
        where = f"{kind} in {context.parent_id}"
    else:
        where = kind or "document"
    return f"{where}: {message.validation_message}"
