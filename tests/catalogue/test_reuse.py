# SPDX-License-Identifier: EUPL-1.2
"""The REUSE Specification's rules for which licence a file is under."""

from __future__ import annotations

import pytest

from catalogue.reuse import (
    Precedence,
    ReuseError,
    header_licences,
    licences_of,
    parse_reuse_toml,
    pattern_of,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# SPDX-License-Identifier: MIT\n", ("MIT",)),
        ("/* SPDX-License-Identifier: Apache-2.0 */\n", ("Apache-2.0",)),
        ("<!-- SPDX-License-Identifier: CC0-1.0 -->", ("CC0-1.0",)),
        ("// SPDX-License-Identifier: GPL-2.0-only OR MIT\r\ncode", ("GPL-2.0-only OR MIT",)),
        (
            "# SPDX-License-Identifier: MIT\n# SPDX-License-Identifier: EUPL-1.2\n",
            ("MIT", "EUPL-1.2"),
        ),
        ("no tags here", ()),
        (
            "# SPDX-License-Identifier: MIT\n# REUSE-IgnoreStart\n"
            "TEMPLATE = 'SPDX-License-Identifier: GPL-3.0-only'\n# REUSE-IgnoreEnd\n",
            ("MIT",),
        ),
    ],
)
def test_a_files_own_tags(text: str, expected: tuple[str, ...]) -> None:
    assert header_licences(text) == expected


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("*.py", "a.py", True),
        ("*.py", "src/a.py", False),  # * stops at /
        ("**/*.py", "src/deep/a.py", True),
        ("src/**", "src/deep/a.py", True),
        ("src/**", "other/a.py", False),
        ("vendor/*", "vendor/lib.js", True),
        ("literal\\*.txt", "literal*.txt", True),
        ("literal\\*.txt", "literalx.txt", False),
        ("a.b", "axb", False),  # dots are literal
    ],
)
def test_path_patterns(glob: str, path: str, matches: bool) -> None:
    assert bool(pattern_of(glob).fullmatch(path)) is matches


TOML = """
version = 1

[[annotations]]
path = "vendor/**"
SPDX-License-Identifier = "MIT"

[[annotations]]
path = ["vendor/special/**", "*.png"]
precedence = "override"
SPDX-License-Identifier = ["CC-BY-4.0"]

[[annotations]]
path = "docs/**"
precedence = "aggregate"
SPDX-License-Identifier = "CC0-1.0"
"""


def test_precedence_and_the_last_matching_annotation() -> None:
    annotations = parse_reuse_toml(TOML)
    assert [a.precedence for a in annotations] == [
        Precedence.CLOSEST,
        Precedence.OVERRIDE,
        Precedence.AGGREGATE,
    ]
    assert licences_of("vendor/lib.js", (), annotations) == ("MIT",)
    assert licences_of("vendor/lib.js", ("Apache-2.0",), annotations) == ("Apache-2.0",)  # closest
    assert licences_of("vendor/special/x.js", ("Apache-2.0",), annotations) == ("CC-BY-4.0",)
    assert licences_of("docs/a.md", ("EUPL-1.2",), annotations) == ("EUPL-1.2", "CC0-1.0")
    assert licences_of("src/a.py", ("EUPL-1.2",), annotations) == ("EUPL-1.2",)
    assert licences_of("src/a.py", (), annotations) == ()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("version = [", "not valid TOML"),
        ("[[annotations]]\npath = 'a'\n", "version = 1"),
        ("version = 2\n", "version = 1"),
        ("version = 1\nannotations = 'x'\n", "list of tables"),
        ("version = 1\n[[annotations]]\nSPDX-License-Identifier = 'MIT'\n", "has no path"),
        ("version = 1\n[[annotations]]\npath = 3\n", "path must be text"),
        ("version = 1\n[[annotations]]\npath = 'a'\nprecedence = 'first'\n", "precedence is"),
    ],
)
def test_a_broken_reuse_toml_is_named(text: str, said: str) -> None:
    with pytest.raises(ReuseError, match=said):
        parse_reuse_toml(text)
