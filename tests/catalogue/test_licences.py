# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from catalogue.licences import LicenceError, identifier, normalise


@pytest.mark.parametrize(
    ("raw", "expression", "identifiers"),
    [
        ("EUPL-1.2", "EUPL-1.2", ("EUPL-1.2",)),
        ("eupl-1.2 or mit", "EUPL-1.2 OR MIT", ("EUPL-1.2", "MIT")),
        ("GPL-2.0+", "GPL-2.0-or-later", ("GPL-2.0-or-later",)),
        ("GPL-3.0", "GPL-3.0-only", ("GPL-3.0-only",)),
        (
            "Apache-2.0 AND (MIT OR BSD-3-Clause)",
            "Apache-2.0 AND (MIT OR BSD-3-Clause)",
            ("Apache-2.0", "MIT", "BSD-3-Clause"),
        ),
    ],
)
def test_normalise(raw: str, expression: str, identifiers: tuple[str, ...]) -> None:
    result = normalise(raw)
    assert result.expression == expression
    assert result.identifiers == identifiers


@pytest.mark.parametrize("raw", ["", "   ", "Foo-1.0", "MIT AND", "(MIT", "MIT OR OR GPL"])
def test_normalise_refuses_invalid_expressions_with_a_message(raw: str) -> None:
    with pytest.raises(LicenceError, match=r"licence expression|not a valid"):
        normalise(raw)


def test_identifier_is_canonical_and_single() -> None:
    assert identifier("eupl-1.2") == "EUPL-1.2"
    with pytest.raises(LicenceError, match="not a single licence"):
        identifier("MIT OR EUPL-1.2")
