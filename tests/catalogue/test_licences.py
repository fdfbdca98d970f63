# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from catalogue.licences import (
    LICENCE_FILE_NAMES,
    Finding,
    Kind,
    LicenceError,
    LicenceFacts,
    NormalisedLicence,
    compare,
    detect_licence_file,
    explain,
    facts,
    identifier,
    is_licence_file,
    normalise,
    normalised_or_none,
)


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


@pytest.mark.parametrize(
    ("raw", "expression", "identifiers"),
    [
        ("GPL-2.0", "GPL-2.0-only", ("GPL-2.0-only",)),
        ("LGPL-2.1+", "LGPL-2.1-or-later", ("LGPL-2.1-or-later",)),
        ("AGPL-3.0", "AGPL-3.0-only", ("AGPL-3.0-only",)),
        ("gpl-2.0+ or eupl-1.1", "GPL-2.0-or-later OR EUPL-1.1", ("GPL-2.0-or-later", "EUPL-1.1")),
        (
            "(mit OR apache-2.0) AND (EUPL-1.2 OR GPL-3.0+)",
            "(MIT OR Apache-2.0) AND (EUPL-1.2 OR GPL-3.0-or-later)",
            ("MIT", "Apache-2.0", "EUPL-1.2", "GPL-3.0-or-later"),
        ),
        (
            "GPL-2.0+ with classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            ("GPL-2.0-or-later",),
        ),
        (
            "MIT OR GPL-2.0-only WITH Classpath-exception-2.0",
            "MIT OR GPL-2.0-only WITH Classpath-exception-2.0",
            ("MIT", "GPL-2.0-only"),
        ),
        (
            "LicenseRef-Gemeente-Utrecht-1",
            "LicenseRef-Gemeente-Utrecht-1",
            ("LicenseRef-Gemeente-Utrecht-1",),
        ),
        (
            "eupl-1.2 AND DocumentRef-sbom:LicenseRef-fonts",
            "EUPL-1.2 AND DocumentRef-sbom:LicenseRef-fonts",
            ("EUPL-1.2", "DocumentRef-sbom:LicenseRef-fonts"),
        ),
        # ScanCode maps this one to MIT; in SPDX a LicenseRef- means what its document says.
        ("LicenseRef-MIT-Bootstrap", "LicenseRef-MIT-Bootstrap", ("LicenseRef-MIT-Bootstrap",)),
        (
            "LicenseRef-x WITH Classpath-exception-2.0",
            "LicenseRef-x WITH Classpath-exception-2.0",
            ("LicenseRef-x",),
        ),
        # On the SPDX list but not in ScanCode's index.
        ("Hippocratic-3.0-core", "Hippocratic-3.0-core", ("Hippocratic-3.0-core",)),
    ],
)
def test_normalise_deprecated_compound_with_and_licenseref(
    raw: str, expression: str, identifiers: tuple[str, ...]
) -> None:
    assert normalise(raw) == NormalisedLicence(expression, identifiers)


@pytest.mark.parametrize(
    "raw",
    [
        "Classpath-exception-2.0",  # an exception on its own
        "MIT WITH LicenseRef-x",  # only listed exceptions may follow WITH
        "MIT WITH Foo-exception",
        "LicenseRef-",
        "LicenseRef-a b",
        "licenseref-x",  # the prefix is case-sensitive
        "MIT/GPL",
    ],
)
def test_normalise_refuses_what_is_not_spdx(raw: str) -> None:
    with pytest.raises(LicenceError, match="not a valid SPDX licence expression"):
        normalise(raw)


def test_identifier_keeps_a_licenseref_and_refuses_a_with() -> None:
    assert identifier("LicenseRef-x") == "LicenseRef-x"
    with pytest.raises(LicenceError, match="not a single licence"):
        identifier("GPL-2.0-or-later WITH Classpath-exception-2.0")


def test_normalised_or_none() -> None:
    assert normalised_or_none("gpl-3.0+") == "GPL-3.0-or-later"
    assert normalised_or_none("NOASSERTION") is None
    assert normalised_or_none("") is None
    assert normalised_or_none(None) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "eupl-1.2",
            LicenceFacts(
                "EUPL-1.2",
                "European Union Public License 1.2",
                True,
                True,
                Kind.WEAK_COPYLEFT,
                True,
            ),
        ),
        ("MIT", LicenceFacts("MIT", "MIT License", True, True, Kind.PERMISSIVE, True)),
        (
            "GPL-3.0",
            LicenceFacts(
                "GPL-3.0-only",
                "GNU General Public License v3.0 only",
                True,
                True,
                Kind.COPYLEFT,
                True,
            ),
        ),
        (
            "CC-BY-NC-4.0",
            LicenceFacts(
                "CC-BY-NC-4.0",
                "Creative Commons Attribution Non Commercial 4.0 International",
                False,
                False,
                Kind.NOT_OPEN,
                True,
            ),
        ),
        (
            "CC0-1.0",
            LicenceFacts(
                "CC0-1.0",
                "Creative Commons Zero v1.0 Universal",
                False,
                True,
                Kind.PUBLIC_DOMAIN,
                True,
            ),
        ),
        # ScanCode says Proprietary Free; OSI approves it, so it counts as permissive.
        (
            "SISSL",
            LicenceFacts(
                "SISSL",
                "Sun Industry Standards Source License v1.1",
                True,
                True,
                Kind.PERMISSIVE,
                True,
            ),
        ),
        ("LicenseRef-x", LicenceFacts("LicenseRef-x", None, False, False, Kind.UNKNOWN, False)),
    ],
)
def test_facts(raw: str, expected: LicenceFacts) -> None:
    assert facts(raw) == expected
    assert facts(raw).open_source is (expected.osi_approved or expected.fsf_libre)


@pytest.mark.parametrize(
    ("expression", "open_source", "kind"),
    [
        ("EUPL-1.2", True, Kind.WEAK_COPYLEFT),
        ("CC-BY-NC-4.0", False, Kind.NOT_OPEN),
        ("MIT OR CC-BY-NC-4.0", True, Kind.PERMISSIVE),  # the recipient may choose MIT
        ("MIT AND CC-BY-NC-4.0", False, Kind.NOT_OPEN),
        ("EUPL-1.2 OR GPL-3.0-only", True, Kind.WEAK_COPYLEFT),
        ("EUPL-1.2 AND MIT", True, Kind.WEAK_COPYLEFT),
        ("MIT AND (GPL-3.0-only OR CC0-1.0)", True, Kind.PERMISSIVE),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", True, Kind.COPYLEFT),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0 AND CC-BY-NC-4.0", False, Kind.NOT_OPEN),
        ("LicenseRef-x", False, Kind.UNKNOWN),
        ("MIT OR LicenseRef-x", True, Kind.PERMISSIVE),
        ("MIT AND LicenseRef-x", False, Kind.UNKNOWN),
        ("LicenseRef-x AND CC-BY-NC-4.0", False, Kind.NOT_OPEN),
    ],
)
def test_explain_open_source_and_kind(expression: str, open_source: bool, kind: Kind) -> None:
    explanation = explain(expression)
    assert (explanation.open_source, explanation.kind) == (open_source, kind)


def test_explain_names_licences_and_problems() -> None:
    explanation = explain("mit or cc-by-nc-4.0 or LicenseRef-foo")
    assert explanation.expression == "MIT OR CC-BY-NC-4.0 OR LicenseRef-foo"
    assert [f.identifier for f in explanation.licences] == ["MIT", "CC-BY-NC-4.0", "LicenseRef-foo"]
    assert explanation.problems == (
        "CC-BY-NC-4.0 is not an open source licence",
        "LicenseRef-foo is not on the SPDX list, so it cannot be checked",
    )
    assert explain("EUPL-1.2").problems == ()


def test_explain_refuses_a_malformed_expression() -> None:
    with pytest.raises(LicenceError):
        explain("MIT AND")


@pytest.mark.parametrize(
    ("publiccode", "forge", "file"),
    [
        ("EUPL-1.2", "EUPL-1.2", "EUPL-1.2"),
        ("eupl-1.2", None, None),
        (None, "EUPL-1.2", "EUPL-1.2"),
        ("MIT OR EUPL-1.2", "eupl-1.2 OR mit", None),
        ("(MIT AND Apache-2.0) OR EUPL-1.2", "EUPL-1.2 OR (Apache-2.0 AND MIT)", None),
        ("GPL-2.0+", "GPL-2.0-or-later", "  "),
    ],
)
def test_compare_finds_nothing_when_sources_agree_on_open_source(
    publiccode: str | None, forge: str | None, file: str | None
) -> None:
    assert compare(publiccode=publiccode, forge=forge, file=file) == ()


def test_compare_mismatch_lists_every_source() -> None:
    (finding,) = compare(publiccode="EUPL-1.2", forge="mit", file="MIT")
    assert finding.as_dict() == {
        "code": "licence_mismatch",
        "message": "The licences disagree: publiccode.yml declares EUPL-1.2, "
        "the forge reports MIT and the licence file states MIT.",
        "sources": {"publiccode": "EUPL-1.2", "forge": "MIT", "file": "MIT"},
    }


def test_compare_missing() -> None:
    assert compare(publiccode=None, forge="", file=None) == (
        Finding(
            "licence_missing",
            "No licence is declared in publiccode.yml, reported by the forge or in a file.",
            {"publiccode": None, "forge": None, "file": None},
        ),
    )


def test_compare_invalid_keeps_the_verbatim_value_and_compares_the_rest() -> None:
    assert compare(publiccode="EUPL 1.2 of later", forge="EUPL-1.2", file="MIT") == (
        Finding(
            "licence_invalid",
            "The licence 'EUPL 1.2 of later' that publiccode.yml declares is not a valid SPDX "
            "expression.",
            {"publiccode": "EUPL 1.2 of later"},
        ),
        Finding(
            "licence_mismatch",
            "The licences disagree: the forge reports EUPL-1.2 and the licence file states MIT.",
            {"publiccode": None, "forge": "EUPL-1.2", "file": "MIT"},
        ),
    )


def test_compare_not_open() -> None:
    assert compare(publiccode="CC-BY-NC-4.0", forge=None, file="cc-by-nc-4.0") == (
        Finding(
            "licence_not_open",
            "CC-BY-NC-4.0, given by publiccode.yml and the licence file, is not an open source "
            "licence.",
            {"publiccode": "CC-BY-NC-4.0", "forge": None, "file": "CC-BY-NC-4.0"},
        ),
    )


@pytest.mark.parametrize("licence", ["LicenseRef-Gemeente-1", "EUPL-1.2 AND LicenseRef-fonts"])
def test_compare_unknown(licence: str) -> None:
    (finding,) = compare(publiccode=licence, forge=None, file=None)
    assert finding == Finding(
        "licence_unknown",
        f"{licence}, given by publiccode.yml, names a licence not on the SPDX list, "
        "so it cannot be checked.",
        {"publiccode": licence, "forge": None, "file": None},
    )


def test_compare_not_open_whatever_the_licenseref_means() -> None:
    (finding,) = compare(publiccode=None, forge="CC-BY-NC-4.0 AND LicenseRef-x", file=None)
    assert finding.code == "licence_not_open"


EUPL_EN = """\
                      EUROPEAN UNION PUBLIC LICENCE v. 1.2
                      EUPL © the European Union 2007, 2016

This European Union Public Licence (the 'EUPL') applies to the Work (as defined below) which is
provided under the terms of this Licence.
"""
EUPL_NL = """\
OPENBARE LICENTIE VAN DE EUROPESE UNIE v. 1.2
EUPL © Europese Unie 2007, 2016
Deze openbare licentie van de Europese Unie („EUPL”) is van toepassing op het werk (zoals
hieronder gedefinieerd) dat onder de voorwaarden van deze licentie wordt verstrekt.
"""
EUPL_NL_OTHER = """\
EUROPESE UNIE PUBLIEKE LICENTIE
v. 1.2

EUPL © Europese Unie 2007, 2016
"""
EUPL_11 = """\
European Union Public Licence
V. 1.1


EUPL © the European Community 2007
"""
MIT = """\
MIT License

Copyright (c) 2024 Gemeente Amsterdam

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
"""
APACHE = """\

                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
"""
GPL3 = """\
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

                            Preamble

  The GNU General Public License is a free, copyleft license for
software and other kinds of works.
"""
GPL2 = "\t\t    GNU GENERAL PUBLIC LICENSE\n\t\t       Version 2, June 1991\n"
AGPL3 = """\
                    GNU AFFERO GENERAL PUBLIC LICENSE
                       Version 3, 19 November 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>

                            Preamble

  The GNU Affero General Public License is a free, copyleft license for
software and other kinds of works, specifically designed to ensure
cooperation with the community in the case of network server software.
"""
LGPL3 = """\
                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public
License, supplemented by the additional permissions listed below.
"""
BSD3 = """\
BSD 3-Clause License

Copyright (c) 2023, Rijksdienst voor Ondernemend Nederland
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.
"""
BSD2 = BSD3.split("3. Neither")[0].replace("BSD 3-Clause License", "Copyright notice")
ISC = """\
ISC License

Copyright (c) 2024, VNG Realisatie

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.
"""
HEADER = """\
<!-- SPDX-License-Identifier: gpl-3.0+ -->
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (EUPL_EN, "EUPL-1.2"),
        (EUPL_NL, "EUPL-1.2"),
        (EUPL_NL_OTHER, "EUPL-1.2"),
        (EUPL_11, "EUPL-1.1"),
        (MIT, "MIT"),
        (APACHE, "Apache-2.0"),
        (GPL3, "GPL-3.0-only"),
        (GPL2, "GPL-2.0-only"),
        (AGPL3, "AGPL-3.0-only"),
        (LGPL3, "LGPL-3.0-only"),
        (BSD3, "BSD-3-Clause"),
        (BSD2, "BSD-2-Clause"),
        (ISC, "ISC"),
        ("Mozilla Public License Version 2.0\n==================================\n", "MPL-2.0"),
        ("Eclipse Public License - v 2.0\n\n    THE ACCOMPANYING PROGRAM IS PROVIDED", "EPL-2.0"),
        ("This is free and unencumbered software released into the public domain.\n", "Unlicense"),
        ("Creative Commons Legal Code\n\nCC0 1.0 Universal\n", "CC0-1.0"),
        (HEADER, "GPL-3.0-or-later"),  # the SPDX line wins, and says what the text cannot
        (
            "# SPDX-License-Identifier: EUPL-1.2 OR MIT\n\nSee the files in LICENSES/.\n",
            "EUPL-1.2 OR MIT",
        ),
        ("SPDX-License-Identifier: not a licence\n" + MIT, "MIT"),
        ("# opentenzij\n\nA catalogue of Dutch government source code.\n", None),
        ("Copyright (c) 2024 Gemeente Utrecht. All rights reserved.\n", None),
        ("", None),
        ("\n" * 20 + "   " * 10, None),
    ],
)
def test_detect_licence_file(text: str, expected: str | None) -> None:
    assert detect_licence_file(text) == expected


def test_detect_licence_file_reads_only_the_opening() -> None:
    assert detect_licence_file("\n".join(["Copyright notices:"] + ["x"] * 25) + "\n" + MIT) is None


def test_licence_file_names() -> None:
    assert all(is_licence_file(name) for name in LICENCE_FILE_NAMES)
    for name in ("license", "Licence.MD", "docs/COPYING.txt", "LICENSE-EUPL-1.2.txt", "UNLICENSE"):
        assert is_licence_file(name), name
    for name in ("license.py", "license-checker.js", "LICENSES", "README.md", "licensed.txt"):
        assert not is_licence_file(name), name
