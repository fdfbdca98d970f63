# SPDX-License-Identifier: EUPL-1.2
"""The corpus of tests/catalogue/test_publiccode_corpus.py: publiccode.yml files built from the
standard's rules, each with the problems it must give, written to publiccode_corpus/ (the files,
and expected.json beside them) so that a reader can open any case.

Two kinds of case: one per row of the table of the standard (catalogue.publiccode.TABLE), its key
given a value of the wrong type; and the cases of the rules of docs/publiccode.md, numbered as
the points there, valid and invalid, per version. A problem's key and severity come from the
rule; its line and column from where PyYAML's own composer places the node (the value, its key,
or the key around a missing key): never from the validator under test.

    .venv/bin/python -m tests.catalogue.publiccode_corpus   # writes the corpus again
"""

from __future__ import annotations

import gzip
import json
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from catalogue.publiccode import TABLE, Flag, Items, Row, Text
from catalogue.publiccode.schema import Section

FOLDER = Path(__file__).parent / "publiccode_corpus"
HEADER = "# SPDX-License-Identifier: EUPL-1.2\n"

# A document: mappings and lists of YAML fragments (a str is written as it is; None is no value).
Tree = dict[str, Any]
Where = Literal["value", "key", "parent", "none"]
LONG = (
    "Medusa books rooms, desks and equipment for the staff of a municipality, shows what is free "
    "and when, and sends a reminder the day before a booking starts."
)
BASE: Tree = {
    "publiccodeYmlVersion": '"0"',
    "name": "Medusa",
    "url": '"https://example.org/medusa.git"',
    "platforms": ["web"],
    "developmentStatus": "stable",
    "softwareType": '"standalone/web"',
    "description": {
        "en": {
            "shortDescription": "Books rooms and desks.",
            "longDescription": LONG,
            "features": ["Booking"],
        }
    },
    "legal": {"license": "EUPL-1.2"},
    "maintenance": {"type": "community", "contacts": [{"name": "Ada Lovelace"}]},
    "localisation": {"localisationReady": "true", "availableLanguages": ["en"]},
}


@dataclass(frozen=True)
class Expect:
    """A problem a case must give: severity, key path, and the node that places it."""

    severity: Literal["error", "warning"]
    key: str
    where: Where = "value"
    at: str | None = None  # the path of the node that places it, when not `key`


def error(key: str, where: Where = "value", at: str | None = None) -> Expect:
    return Expect("error", key, where, at)


def warning(key: str, where: Where = "key", at: str | None = None) -> Expect:
    return Expect("warning", key, where, at)


@dataclass
class Case:
    """One file of the corpus: what it changes in BASE, the problems it gives, and whether it is
    checked with the files next to it known (the corpus folder)."""

    name: str
    rule: str
    changes: dict[str, Any] = field(default_factory=dict)
    expect: list[Expect] = field(default_factory=list)
    beside: bool = False
    extra: str = ""  # YAML appended as it is (for what a tree cannot hold: a key twice)


DELETE = object()


# Writing a tree as block YAML, and changing it by path.


def render(tree: Tree, indent: int = 0) -> list[str]:
    lines = []
    pad = " " * indent
    for key, value in tree.items():
        if value is None:
            lines.append(f"{pad}{key}:")
        elif isinstance(value, str):
            lines.append(f"{pad}{key}: {value}")
        elif isinstance(value, dict):
            lines += [f"{pad}{key}:", *render(value, indent + 2)]
        else:
            lines += [f"{pad}{key}:", *_items(value, indent + 2)]
    return lines


def _items(items: list[Any], indent: int) -> list[str]:
    lines = []
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            inner = render(item, indent + 2)
            lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
        else:
            lines.append(f"{pad}- {item}")
    return lines


_STEP = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def steps(path: str) -> list[str | int]:
    """`a.b[0].c` as ["a", "b", 0, "c"]."""
    found: list[str | int] = []
    for name, indexes in _STEP.findall(path):
        found.append(name)
        found += [int(index) for index in re.findall(r"\d+", indexes)]
    return found


def changed(tree: Tree, changes: dict[str, Any]) -> Tree:
    result: Tree = json.loads(json.dumps(tree))
    for path, change in changes.items():
        value = change if change is DELETE else json.loads(json.dumps(change))
        *parents, last = steps(path)
        here: Any = result
        for step, following in zip(parents, [*parents[1:], last], strict=False):
            if isinstance(step, str) and step not in here:
                here[step] = [] if isinstance(following, int) else {}
            here = here[step]
        if value is DELETE:
            del here[last]
        elif isinstance(last, int) and last == len(here):
            here.append(value)
        else:
            here[last] = value
    return result


def text_of(case: Case) -> str:
    return HEADER + "\n".join(render(changed(BASE, case.changes))) + "\n" + case.extra


# Where PyYAML's composer places each expected problem.


def place(root: Node, expect: Expect) -> tuple[int | None, int | None]:
    path = expect.at or expect.key
    if expect.where == "none":
        return None, None
    if expect.where == "parent":
        parent = steps(path)[:-1]
        if not parent:
            return None, None
        if isinstance(parent[-1], int):
            node = _find(root, parent)[1]
        else:
            node = _find(root, parent)[0]
    else:
        key, value = _find(root, steps(path))
        node = key if expect.where == "key" else value
    assert node is not None, (expect, path)
    return node.start_mark.line + 1, node.start_mark.column + 1


def _find(node: Node, path: list[str | int]) -> tuple[Node | None, Node]:
    key: Node | None = None
    for step in path:
        if isinstance(step, int):
            assert isinstance(node, SequenceNode)
            key, node = None, node.value[step]
        else:
            assert isinstance(node, MappingNode)
            key, node = [(k, v) for k, v in node.value if k.value == step][-1]
    return key, node


# The cases: one per row of the table, a value of the wrong type.

CONTEXTS: dict[str, dict[str, Any]] = {  # what a key needs around it to be checked alone
    "fundedBy": {"fundedBy": [{"name": "EU", "uri": "'https://europa.eu'"}]},
    "supports": {"supports": [{"id": "'alias:gdpr'"}]},
    "organisation": {"organisation": {"uri": "'urn:x-example:medusa'"}},
    "maintenance.contractors": {
        "maintenance": {
            "type": "contract",
            "contractors": [{"name": "Lev BV", "until": "'2030-01-01'"}],
        }
    },
    "dependsOn": {
        "dependsOn": {
            "open": [{"name": "PostgreSQL"}],
            "proprietary": [{"name": "Oracle"}],
            "hardware": [{"name": "NFC Reader"}],
        }
    },
}
WRONG = {Text: "[]", Flag: "[]", Items: "{a: b}"}
SECTION_WRONG = {Section.MAPPING: "[]", Section.MAPPINGS: "{a: b}", Section.LANGUAGES: "[]"}


def concrete(path: str) -> str:
    return path.replace("[]", "[0]").replace(".*.", ".en.")


def type_cases() -> Iterator[Case]:
    deprecated = {row.path for row in TABLE if row.deprecated}
    for row in TABLE:
        if row.path == "publiccodeYmlVersion":
            continue  # its own cases below
        path = concrete(row.path)
        context: dict[str, Any] = {}
        for prefix, needs in CONTEXTS.items():
            if path.startswith(prefix):
                context |= needs
        value = (
            SECTION_WRONG[row.holds] if isinstance(row.holds, Section) else WRONG[type(row.holds)]
        )
        warnings = [
            warning(concrete(ancestor))
            for ancestor in _ancestors(row.path)
            if ancestor in deprecated
        ]
        yield Case(
            name=f"1-type-{path.replace('[0]', '').replace('.', '-')}",
            rule=f"1: {row.path} holds {_holds(row)}; a value of another type is an error",
            changes={**context, path: value},
            expect=[*warnings, error(path)],
        )


def _ancestors(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[: index + 1]) for index in range(len(parts))]


def _holds(row: Row) -> str:
    if isinstance(row.holds, Section):
        return row.holds.value
    return {Text: "text", Flag: "true or false", Items: "a list"}[type(row.holds)]


# The cases of the rules, by the points of docs/publiccode.md.


def rule_cases() -> Iterator[Case]:
    yield from _types_and_values()
    yield from _versions()
    yield from _booleans()
    yield from _codes()
    yield from _unknown_keys()
    yield from _files()
    yield from _funded_and_dates()


def _types_and_values() -> Iterator[Case]:
    rule = "1: types and values"
    yield Case("1-valid-base", rule)
    yield Case(
        "1-valid-every-optional-key",
        rule,
        {
            "applicationSuite": "MegaSuite",
            "landingURL": "https://example.org/medusa",
            "isBasedOn": "https://example.org/otello.git",
            "softwareVersion": '"1.10"',
            "releaseDate": "2017-04-15",
            "logo": "https://example.org/raw/logo.svg",
            "categories": ["office", "crm"],
            "usedBy": ["Gemeente Utrecht"],
            "roadmap": "https://example.org/roadmap",
            "intendedAudience": {"countries": ["NL"], "scope": ["government"]},
            "description.en.localisedName": "Medusa",
            "description.en.documentation": "https://docs.example.org",
            "description.en.apiDocumentation": "https://api.example.org",
            "description.en.videos": ["https://youtube.com/watch?v=x"],
            "description.en.awards": ["Best of 2024"],
            "legal.mainCopyrightOwner": "Gemeente Utrecht",
            "maintenance.contacts[0].email": "ada@example.org",
            "maintenance.contacts[0].phone": '"+31 30 123 4567"',
            "maintenance.contacts[0].affiliation": "Gemeente Utrecht",
            "dependsOn": {"open": [{"name": "PostgreSQL", "versionMin": '"13"'}]},
        },
    )
    yield Case(
        "1-valid-isBasedOn-list", rule, {"isBasedOn": ["https://a.org/x.git", "git://b.org/y"]}
    )
    yield Case(
        "1-applicationSuite-empty-list",
        rule,
        {"applicationSuite": "[]"},
        [error("applicationSuite")],
    )
    yield Case("1-applicationSuite-null", rule, {"applicationSuite": None})
    yield Case(
        "1-softwareVersion-number",
        rule,
        {"softwareVersion": "1.10"},
        [warning("softwareVersion", "value")],
    )
    yield Case("1-name-boolean", rule, {"name": "true"}, [warning("name", "value")])
    yield Case("1-landingURL-empty", rule, {"landingURL": '""'}, [error("landingURL")])
    yield Case("1-roadmap-not-http", rule, {"roadmap": "docs/roadmap.md"}, [error("roadmap")])
    yield Case("1-platforms-bare-string", rule, {"platforms": "web"}, [error("platforms")])
    yield Case("1-platforms-empty-list", rule, {"platforms": "[]"}, [error("platforms")])
    yield Case("1-platforms-missing", rule, {"platforms": DELETE}, [error("platforms", "none")])
    yield Case("1-name-empty", rule, {"name": '""'}, [error("name")])
    yield Case("1-name-null", rule, {"name": None}, [error("name")])
    yield Case("1-url-no-scheme", rule, {"url": "example.org/medusa"}, [error("url")])
    yield Case("1-url-git-scheme", rule, {"url": "git://example.org/medusa.git"})
    yield Case(
        "1-isBasedOn-not-a-url",
        rule,
        {"isBasedOn": ["https://a.org/x.git", "'???'"]},
        [error("isBasedOn[1]")],
    )
    yield Case(
        "1-dependsOn-versionMin-number",
        rule,
        {"dependsOn": {"open": [{"name": "x", "versionMin": "13"}]}},
        [warning("dependsOn.open[0].versionMin", "value")],
    )
    yield Case(
        "1-dependsOn-version-list",
        rule,
        {"dependsOn": {"open": [{"name": "x", "version": "[13]"}]}},
        [error("dependsOn.open[0].version")],
    )
    yield Case(
        "1-dependsOn-name-missing",
        rule,
        {"dependsOn": {"open": [{"version": '"13"'}]}},
        [error("dependsOn.open[0].name", "parent")],
    )
    yield Case("1-description-empty", rule, {"description": "{}"}, [error("description")])
    yield Case(
        "1-description-language-not-a-mapping",
        rule,
        {"description.en": "Books rooms."},
        [error("description.en")],
    )
    yield Case(
        "1-features-missing-in-a-second-language",
        rule,
        {"description.nl": {"shortDescription": "Boekt zalen.", "longDescription": LONG}},
        [error("description.nl.features", "parent")],
    )
    yield Case(
        "1-longDescription-too-short",
        rule,
        {"description.en.longDescription": "Too short."},
        [error("description.en.longDescription")],
    )
    yield Case(
        "1-longDescription-combining-characters",
        rule,
        {"description.en.longDescription": "e\u0301" * 149},
        [error("description.en.longDescription")],
    )
    yield Case(
        "1-shortDescription-too-long",
        rule,
        {"description.en.shortDescription": "s" * 151},
        [error("description.en.shortDescription")],
    )
    yield Case(
        "1-genericName-deprecated",
        rule,
        {"description.en.genericName": "Booking system"},
        [warning("description.en.genericName")],
    )
    yield Case("1-legal-missing", rule, {"legal": DELETE}, [error("legal", "none")])
    yield Case(
        "1-legal-license-missing",
        rule,
        {"legal": {"mainCopyrightOwner": "Utrecht"}},
        [error("legal.license", "parent")],
    )
    yield Case(
        "1-legal-license-not-spdx", rule, {"legal.license": "EUPL"}, [error("legal.license")]
    )
    yield Case(
        "1-categories-unknown", rule, {"categories": ["office", "games"]}, [error("categories[1]")]
    )
    yield Case(
        "1-scope-unknown",
        rule,
        {"intendedAudience": {"scope": ["magic"]}},
        [error("intendedAudience.scope[0]")],
    )
    yield Case(
        "1-developmentStatus-unknown",
        rule,
        {"developmentStatus": "production"},
        [error("developmentStatus")],
    )
    yield Case(
        "1-softwareType-unknown", rule, {"softwareType": "standalone"}, [error("softwareType")]
    )
    yield Case(
        "1-maintenance-contract-without-contractors",
        rule,
        {"maintenance": {"type": "contract"}},
        [error("maintenance.contractors", "parent")],
    )
    yield Case(
        "1-maintenance-internal-without-contacts",
        rule,
        {"maintenance": {"type": "internal"}},
        [error("maintenance.contacts", "parent")],
    )
    yield Case("1-maintenance-none", rule, {"maintenance": {"type": "none"}})
    yield Case(
        "1-maintenance-contractors-not-under-contract",
        rule,
        {"maintenance.contractors": [{"name": "Lev BV", "until": "'2030-01-01'"}]},
        [error("maintenance.contractors", "key")],
    )
    yield Case(
        "1-maintenance-contractor-until-missing",
        rule,
        {"maintenance": {"type": "contract", "contractors": [{"name": "Lev BV"}]}},
        [error("maintenance.contractors[0].until", "parent")],
    )
    yield Case(
        "1-maintenance-contact-email",
        rule,
        {"maintenance.contacts[0].email": "ada.example.org"},
        [error("maintenance.contacts[0].email")],
    )
    yield Case(
        "1-supports-unknown-alias",
        rule,
        {"supports": [{"id": "'alias:avg'"}]},
        [error("supports[0].id")],
    )
    yield Case(
        "1-supports-uri",
        rule,
        {"supports": [{"id": "'https://eur-lex.europa.eu/eli/reg/2016/679/oj'"}]},
    )
    yield Case(
        "1-organisation-uri-missing",
        rule,
        {"organisation": {"name": "Utrecht"}},
        [error("organisation.uri", "parent")],
    )
    yield Case(
        "1-organisation-name-missing", rule, {"organisation": {"uri": "'urn:x-example:utrecht'"}}
    )
    yield Case(
        "1-inputTypes-deprecated", rule, {"inputTypes": ["text/csv"]}, [warning("inputTypes")]
    )
    yield Case(
        "1-inputTypes-not-a-media-type",
        rule,
        {"inputTypes": ["csv"]},
        [warning("inputTypes"), error("inputTypes[0]")],
    )
    yield Case(
        "1-repoOwner-deprecated", rule, {"legal.repoOwner": "Utrecht"}, [warning("legal.repoOwner")]
    )
    yield Case("1-duplicate-key", rule, extra="name: Medusa Two\n", expect=[error("name", "key")])


def _versions() -> Iterator[Case]:
    rule2 = '2: "0" is the latest 0.x'
    yield Case("2-version-0", rule2)
    yield Case(
        "2-version-0-checks-everything",
        rule2,
        {"applicationSuite": "[]", "localisation.localisationReady": "yes"},
        [error("applicationSuite"), error("localisation.localisationReady")],
    )
    yield Case(
        "2-version-0-unquoted",
        rule2,
        {"publiccodeYmlVersion": "0"},
        [error("publiccodeYmlVersion")],
    )
    yield Case(
        "2-version-0.5-unquoted",
        rule2,
        {"publiccodeYmlVersion": "0.5"},
        [error("publiccodeYmlVersion")],
    )
    yield Case(
        "2-version-missing",
        rule2,
        {"publiccodeYmlVersion": DELETE},
        [error("publiccodeYmlVersion", "none")],
    )
    yield Case(
        "2-version-missing-checks-the-rest",
        rule2,
        {"publiccodeYmlVersion": DELETE, "name": "[Medusa]"},
        [error("publiccodeYmlVersion", "none"), error("name")],
    )
    rule3 = "3: older versions are read as the latest, with a warning"
    for version in (
        "0.2",
        "0.2.0",
        "0.2.1",
        "0.2.2",
        "0.3",
        "0.3.0",
        "0.4",
        "0.4.0",
        "0.5",
        "0.5.0",
    ):
        old = not version.startswith("0.5")
        expect = [warning("publiccodeYmlVersion", "value")] if old else []
        yield Case(f"3-version-{version}", rule3, {"publiccodeYmlVersion": f'"{version}"'}, expect)
        yield Case(
            f"3-version-{version}-wrong-type",
            rule3,
            {"publiccodeYmlVersion": f'"{version}"', "description.en.awards": "Best of 2024"},
            [*expect, error("description.en.awards")],
        )
    for version in ("0.6", "0.7", "1", "1.0", "banana"):
        yield Case(
            f"3-version-{version}-unsupported",
            rule3,
            {"publiccodeYmlVersion": f'"{version}"', "name": "[not checked]"},
            [error("publiccodeYmlVersion")],
        )
    yield Case(
        "3-version-0.2-without-genericName-releaseDate-categories",
        rule3,
        {"publiccodeYmlVersion": '"0.2"'},
        [warning("publiccodeYmlVersion", "value")],
    )
    yield Case(
        "3-version-0.2-short-long-description",
        rule3,
        {
            "publiccodeYmlVersion": '"0.2"',
            "description.en.longDescription": LONG,
            "description.en.features": ["f" * 120],
        },
        [warning("publiccodeYmlVersion", "value")],
    )
    yield Case(
        "3-version-0.4-with-organisation-and-supports",
        rule3,
        {
            "publiccodeYmlVersion": '"0.4"',
            "organisation": {"uri": "'urn:x-example:u'"},
            "supports": [{"id": "'alias:gdpr'"}],
        },
        [warning("publiccodeYmlVersion", "value")],
    )
    yield Case("3-fundedBy-without-name", rule3, {"fundedBy": [{"uri": "'https://europa.eu'"}]})
    yield Case(
        "3-version-0.2-fundedBy-without-name",
        rule3,
        {"publiccodeYmlVersion": '"0.2"', "fundedBy": [{"uri": "'urn:x-example:eu'"}]},
        [warning("publiccodeYmlVersion", "value")],
    )
    yield Case(
        "3-version-0.3-contractors-not-under-contract",
        rule3,
        {
            "publiccodeYmlVersion": '"0.3"',
            "maintenance.contractors": [{"name": "X", "until": "'2030-01-01'"}],
        },
        [warning("publiccodeYmlVersion", "value"), error("maintenance.contractors", "key")],
    )


def _booleans() -> Iterator[Case]:
    rule = "4: booleans are true or false (YAML 1.2)"
    for value in ("yes", "no", "on", "off", "Yes", "OFF", "y", "n", "'true'", "1"):
        slug = value.strip("'") + ("-quoted" if value.startswith("'") else "")
        yield Case(
            f"4-localisationReady-{slug}",
            rule,
            {"localisation.localisationReady": value},
            [error("localisation.localisationReady")],
        )
    for value in ("true", "false", "True", "FALSE"):
        yield Case(f"4-localisationReady-{value}", rule, {"localisation.localisationReady": value})
    yield Case(
        "4-dependsOn-optional-yes",
        rule,
        {"dependsOn": {"open": [{"name": "x", "optional": "yes"}]}},
        [error("dependsOn.open[0].optional")],
    )
    yield Case(
        "4-IT-piattaforme-spid-on",
        rule,
        {"IT": {"piattaforme": {"spid": "on"}}},
        [warning("IT"), error("IT.piattaforme.spid")],
    )
    yield Case(
        "4-localisationReady-missing",
        rule,
        {"localisation": {"availableLanguages": ["en"]}},
        [error("localisation.localisationReady", "parent")],
    )


def _codes() -> Iterator[Case]:
    rule = "5: country and language codes, country sections"
    for code in ("XX", "mouseton", "Fr", "NLD", "nL"):
        yield Case(
            f"5-country-{code}",
            rule,
            {"intendedAudience": {"countries": ["NL", code]}},
            [error("intendedAudience.countries[1]")],
        )
    yield Case(
        "5-unsupportedCountries-invalid",
        rule,
        {"intendedAudience": {"unsupportedCountries": ["UK"]}},
        [error("intendedAudience.unsupportedCountries[0]")],
    )
    yield Case(
        "5-country-lowercase",
        rule,
        {"intendedAudience": {"countries": ["nl", "be"]}},
        [
            warning("intendedAudience.countries[0]", "value"),
            warning("intendedAudience.countries[1]", "value"),
        ],
    )
    yield Case("5-country-uppercase", rule, {"intendedAudience": {"countries": ["NL", "BE", "NO"]}})
    for tag in ("xxx", "en_GB", "eng", "english", "nl-NL-x", "zz"):
        moved = {"description": {tag: BASE["description"]["en"]}}
        yield Case(
            f"5-description-language-{tag}", rule, moved, [error(f"description.{tag}", "key")]
        )
    for tag in ("nl", "en-GB", "EN-gb", "sl-IT-nedis", "zh-Hant-TW", "es-419", "fy", "nds"):
        yield Case(
            f"5-description-language-{tag}-valid",
            rule,
            {"description": {tag: BASE["description"]["en"]}},
        )
    for tag in ("hr_HR", "ita", "xx"):
        yield Case(
            f"5-availableLanguages-{tag}",
            rule,
            {"localisation.availableLanguages": ["en", tag]},
            [error("localisation.availableLanguages[1]")],
        )
    yield Case(
        "5-IT-and-it",
        rule,
        {"IT": {"piattaforme": {"spid": "true"}}, "it": {"piattaforme": {"spid": "true"}}},
        [warning("IT"), warning("it"), error("it", "key")],
    )
    yield Case("5-it-alone", rule, {"it": {"piattaforme": {"spid": "true"}}}, [warning("it")])
    yield Case(
        "5-IT-valid",
        rule,
        {
            "IT": {
                "countryExtensionVersion": '"1.0"',
                "piattaforme": {"spid": "true", "pagopa": "false"},
            }
        },
        [warning("IT")],
    )
    yield Case(
        "5-It-wrong-case", rule, {"It": {"piattaforme": {"spid": "true"}}}, [error("It", "key")]
    )
    yield Case("5-NL-section", rule, {"NL": {"gemma": "x"}}, [error("NL", "key")])
    yield Case(
        "5-IT-countryExtensionVersion-invalid",
        rule,
        {"IT": {"countryExtensionVersion": '"2.0"'}},
        [warning("IT"), error("IT.countryExtensionVersion")],
    )
    yield Case(
        "5-IT-countryExtensionVersion-0.2",
        rule,
        {"IT": {"countryExtensionVersion": '"0.2"'}},
        [warning("IT")],
    )
    yield Case(
        "5-IT-codiceIPA-invalid",
        rule,
        {"IT": {"riuso": {"codiceIPA": "NO_SUCH_IPA_CODE"}}},
        [warning("IT"), warning("IT.riuso.codiceIPA"), error("IT.riuso.codiceIPA")],
    )
    yield Case(
        "5-IT-conforme-deprecated",
        rule,
        {"IT": {"conforme": {"gdpr": "true"}}},
        [warning("IT"), warning("IT.conforme")],
    )
    yield Case(
        "5-organisation-uri-ipa-invalid",
        rule,
        {"organisation": {"uri": "'urn:x-italian-pa:NO SUCH'"}},
        [error("organisation.uri")],
    )
    yield Case(
        "5-organisation-uri-ipa", rule, {"organisation": {"uri": "'urn:x-italian-pa:c_h501'"}}
    )


EVERY_KEY: dict[str, Any] = {  # a value for every key of the table, each as the standard wants it
    "applicationSuite": "MegaSuite",
    "landingURL": "https://example.org/medusa",
    "isBasedOn": ["https://example.org/otello.git"],
    "softwareVersion": '"1.0"',
    "releaseDate": '"2017-04-15"',
    "logo": "img/logo.svg",
    "monochromeLogo": "img/logo.png",
    "inputTypes": ["text/csv"],
    "outputTypes": ["application/json"],
    "categories": ["office"],
    "usedBy": ["Gemeente Utrecht"],
    "fundedBy": [{"name": "EU", "uri": "'https://europa.eu'"}],
    "roadmap": "https://example.org/roadmap",
    "supports": [{"id": "'alias:gdpr'"}],
    "organisation": {"uri": "'urn:x-example:utrecht'", "name": "Gemeente Utrecht"},
    "intendedAudience": {
        "scope": ["government"],
        "countries": ["NL"],
        "unsupportedCountries": ["US"],
    },
    "description.en.localisedName": "Medusa",
    "description.en.genericName": "Booking system",
    "description.en.documentation": "https://docs.example.org",
    "description.en.apiDocumentation": "https://api.example.org",
    "description.en.screenshots": ["img/screenshot.jpg"],
    "description.en.videos": ["https://youtube.com/watch?v=x"],
    "description.en.awards": ["Best of 2024"],
    "legal.mainCopyrightOwner": "Gemeente Utrecht",
    "legal.repoOwner": "Gemeente Utrecht",
    "legal.authorsFile": "AUTHORS.txt",
    "maintenance": {
        "type": "contract",
        "contractors": [
            {
                "name": "Lev BV",
                "until": "'2030-01-01'",
                "email": "a@lev.nl",
                "website": "https://lev.nl",
            }
        ],
        "contacts": [
            {
                "name": "Ada",
                "email": "ada@example.org",
                "phone": "'+31301234567'",
                "affiliation": "Lev BV",
            }
        ],
    },
    "dependsOn": {
        kind: [
            {
                "name": "x",
                "versionMin": "'1'",
                "versionMax": "'2'",
                "version": "'1'",
                "optional": "true",
            }
        ]
        for kind in ("open", "proprietary", "hardware")
    },
    "IT": {
        "countryExtensionVersion": "'1.0'",
        "conforme": {
            name: "true"
            for name in (
                "lineeGuidaDesign",
                "modelloInteroperabilita",
                "misureMinimeSicurezza",
                "gdpr",
            )
        },
        "riuso": {"codiceIPA": "c_h501"},
        "piattaforme": {name: "true" for name in ("spid", "pagopa", "cie", "anpr", "io")},
    },
}
DEPRECATED_IN_EVERY_KEY = [
    "monochromeLogo",
    "inputTypes",
    "outputTypes",
    "description.en.genericName",
    "legal.repoOwner",
    "legal.authorsFile",
    "IT",
    "IT.conforme",
    "IT.riuso.codiceIPA",
]


def _unknown_keys() -> Iterator[Case]:
    rule = "6: an unknown key is an error"
    yield Case(
        "6-every-key-of-the-table",
        rule,
        EVERY_KEY,
        [warning(key) for key in DEPRECATED_IN_EVERY_KEY],
        beside=True,
    )
    for path in (
        "landingUrl",
        "licence",
        "legal.licence",
        "description.en.shortdescription",
        "maintenance.contacts[0].mail",
        "localisation.ready",
        "intendedAudience.regions",
        "organisation.url",
        "installations",
    ):
        changes: dict[str, Any] = {path: "x"}
        if path.startswith("organisation"):
            changes = {"organisation": {"uri": "'urn:x'", "url": "x"}}
        yield Case(
            f"6-unknown-{path.replace('[0]', '').replace('.', '-')}",
            rule,
            changes,
            [error(path, "key")],
        )
    yield Case(
        "6-unknown-in-dependency",
        rule,
        {"dependsOn": {"open": [{"name": "x", "licence": "MIT"}]}},
        [error("dependsOn.open[0].licence", "key")],
    )
    yield Case(
        "6-unknown-in-fundedBy",
        rule,
        {"fundedBy": [{"uri": "'urn:x'", "url": "x"}]},
        [error("fundedBy[0].url", "key")],
    )
    yield Case(
        "6-unknown-in-IT",
        rule,
        {"IT": {"riuso": {"codiceIPA": "c_h501", "ente": "x"}}},
        [warning("IT"), warning("IT.riuso.codiceIPA"), error("IT.riuso.ente", "key")],
    )


def _files() -> Iterator[Case]:
    rule = "7: files beside the publiccode.yml"
    present = {
        "logo": "img/logo.png",
        "logo-svg": "img/logo.svg",
        "logo-svgz": "img/logo.svgz",
    }
    for slug, path in present.items():
        yield Case(f"7-{slug}-present", rule, {"logo": path}, beside=True)
    yield Case(
        "7-logo-missing", rule, {"logo": "img/no-such-logo.png"}, [error("logo")], beside=True
    )
    yield Case("7-logo-missing-not-looked-up", rule, {"logo": "img/no-such-logo.png"})
    yield Case(
        "7-logo-not-a-png", rule, {"logo": "img/not-a-logo.png"}, [error("logo")], beside=True
    )
    yield Case(
        "7-logo-not-an-svg", rule, {"logo": "img/not-a-logo.svg"}, [error("logo")], beside=True
    )
    yield Case("7-logo-absolute-path", rule, {"logo": "/img/logo.png"}, [error("logo")])
    yield Case("7-logo-file-url", rule, {"logo": "file:///img/logo.png"}, [error("logo")])
    yield Case(
        "7-logo-outside-the-folder", rule, {"logo": "../logo.png"}, [error("logo")], beside=True
    )
    yield Case(
        "7-logo-url-not-looked-up",
        rule,
        {"logo": "https://example.org/raw/no-such-logo.png"},
        beside=True,
    )
    yield Case("7-logo-wrong-extension", rule, {"logo": "img/logo.gif"}, [error("logo")])
    yield Case(
        "7-monochromeLogo-missing",
        rule,
        {"monochromeLogo": "img/no-such-mono.png"},
        [warning("monochromeLogo"), error("monochromeLogo")],
        beside=True,
    )
    yield Case(
        "7-monochromeLogo-present",
        rule,
        {"monochromeLogo": "img/logo.png"},
        [warning("monochromeLogo")],
        beside=True,
    )
    yield Case(
        "7-screenshots-present",
        rule,
        {"description.en.screenshots": ["img/screenshot.jpg", "img/logo.png"]},
        beside=True,
    )
    yield Case(
        "7-screenshots-missing",
        rule,
        {"description.en.screenshots": ["img/screenshot.jpg", "img/no-such-shot.png"]},
        [error("description.en.screenshots[1]")],
        beside=True,
    )
    yield Case(
        "7-screenshots-not-a-jpeg",
        rule,
        {"description.en.screenshots": ["img/not-a-screenshot.jpg"]},
        [error("description.en.screenshots[0]")],
        beside=True,
    )
    yield Case(
        "7-screenshots-absolute-path",
        rule,
        {"description.en.screenshots": ["/img/screenshot.jpg"]},
        [error("description.en.screenshots[0]")],
    )
    yield Case(
        "7-authorsFile-present",
        rule,
        {"legal.authorsFile": "AUTHORS.txt"},
        [warning("legal.authorsFile")],
        beside=True,
    )
    yield Case(
        "7-authorsFile-missing",
        rule,
        {"legal.authorsFile": "NO-SUCH-AUTHORS.txt"},
        [warning("legal.authorsFile"), error("legal.authorsFile")],
        beside=True,
    )
    yield Case(
        "7-authorsFile-absolute-path",
        rule,
        {"legal.authorsFile": "/AUTHORS.txt"},
        [warning("legal.authorsFile"), error("legal.authorsFile")],
    )


def _funded_and_dates() -> Iterator[Case]:
    rule = "8: fundedBy needs its uri; releaseDate a date"
    yield Case(
        "8-fundedBy-without-uri",
        rule,
        {"fundedBy": [{"name": "EU"}]},
        [error("fundedBy[0].uri", "parent")],
    )
    yield Case(
        "8-fundedBy-uri-empty",
        rule,
        {"fundedBy": [{"name": "EU", "uri": '""'}]},
        [error("fundedBy[0].uri")],
    )
    yield Case(
        "8-fundedBy-uri-not-a-uri",
        rule,
        {"fundedBy": [{"name": "EU", "uri": "europa"}]},
        [error("fundedBy[0].uri")],
    )
    yield Case(
        "8-fundedBy-valid",
        rule,
        {
            "fundedBy": [
                {"name": "EU", "uri": "'https://europa.eu'"},
                {"uri": "'urn:x-example:nlnet'"},
            ]
        },
    )
    yield Case("8-releaseDate-empty", rule, {"releaseDate": '""'}, [error("releaseDate")])
    yield Case("8-releaseDate-null", rule, {"releaseDate": None})
    yield Case(
        "8-releaseDate-datetime",
        rule,
        {"releaseDate": '"2017-04-15T10:00:00Z"'},
        [error("releaseDate")],
    )
    yield Case(
        "8-releaseDate-not-in-the-calendar",
        rule,
        {"releaseDate": '"2019-02-30"'},
        [error("releaseDate")],
    )
    yield Case("8-releaseDate-unquoted", rule, {"releaseDate": "2017-04-15"})
    yield Case(
        "8-contractor-until-empty",
        rule,
        {"maintenance": {"type": "contract", "contractors": [{"name": "X", "until": '""'}]}},
        [error("maintenance.contractors[0].until")],
    )


def cases() -> list[Case]:
    found = [*type_cases(), *rule_cases()]
    names = [case.name for case in found]
    assert len(names) == len(set(names)), "two cases have one name"
    return found


# The images and the authors file that cases name beside them.


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
BESIDE = {
    "img/logo.png": _png(),
    "img/logo.svg": SVG,
    "img/logo.svgz": gzip.compress(SVG, mtime=0),
    "img/screenshot.jpg": bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9"),
    "img/not-a-logo.png": b"GIF89a this is not a PNG",
    "img/not-a-logo.svg": b"<html><body>not an svg</body></html>\n",
    "img/not-a-screenshot.jpg": b"\x89PNG\r\n\x1a\n not a JPEG",
    "AUTHORS.txt": b"Ada Lovelace\n",
}


def expected(case: Case, text: str) -> dict[str, Any]:
    root = yaml.compose(text)
    problems = []
    for expect in case.expect:
        line, column = place(root, expect)
        problems.append(
            {"severity": expect.severity, "key": expect.key, "line": line, "column": column}
        )
    problems.sort(key=lambda p: (p["line"] or 0, p["column"] or 0))
    return {
        "file": f"{case.name}.yml",
        "rule": case.rule,
        "beside": case.beside,
        "valid": not any(p["severity"] == "error" for p in problems),
        "problems": problems,
    }


def corpus() -> dict[str, bytes]:
    """Every file of the corpus, by its path under FOLDER."""
    files = dict(BESIDE)
    manifest = []
    for case in cases():
        text = text_of(case)
        files[f"{case.name}.yml"] = text.encode()
        manifest.append(expected(case, text))
    files["expected.json"] = (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode()
    return files


def write(folder: Path = FOLDER) -> int:
    for stale in folder.rglob("*"):
        if stale.is_file():
            stale.unlink()
    for name, content in corpus().items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(cases())


if __name__ == "__main__":
    print(f"{write()} cases written to {FOLDER}")
