# SPDX-License-Identifier: EUPL-1.2
"""SPDX licence expressions: parsing and normalising. Pure: no ORM, no web."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from license_expression import ExpressionError, Licensing, get_spdx_licensing

LICENSE_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")


class LicenceError(ValueError):
    """A licence expression that is malformed or names an unknown licence."""


@dataclass(frozen=True, slots=True)
class NormalisedLicence:
    """A licence expression in canonical SPDX form, with the identifiers it names."""

    expression: str
    identifiers: tuple[str, ...]


@cache
def licensing() -> Licensing:
    """The SPDX licensing object, built once per process."""
    return get_spdx_licensing()


def normalise(expression: str) -> NormalisedLicence:
    """Normalise an SPDX expression: canonical case, current ids (GPL-2.0+ → GPL-2.0-or-later)."""
    text = expression.strip()
    if not text:
        raise LicenceError("the licence expression is empty")
    try:
        parsed = licensing().parse(text, validate=True, strict=True)
    except ExpressionError as error:
        raise LicenceError(f"{text!r} is not a valid SPDX licence expression: {error}") from None
    if parsed is None:
        raise LicenceError(f"{text!r} is not a valid SPDX licence expression")
    return NormalisedLicence(parsed.render(), tuple(licensing().license_keys(parsed)))


def identifier(text: str) -> str:
    """The canonical SPDX identifier for one licence id (any case); LicenceError if unknown."""
    normalised = normalise(text)
    if len(normalised.identifiers) != 1 or " " in normalised.expression:
        raise LicenceError(f"{text!r} is an expression, not a single licence identifier")
    return normalised.identifiers[0]


def normalised_or_none(text: str | None) -> str | None:
    """The normalised expression of text a code host or a data file reports, or None when
    there is none or it is not a valid SPDX expression (such text is kept verbatim elsewhere)."""
    if not text:
        return None
    try:
        return normalise(text).expression
    except LicenceError:
        return None
