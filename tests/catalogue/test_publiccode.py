# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import Node, ScalarNode, SequenceNode

import catalogue.publiccode
from catalogue.licences import licensing
from catalogue.publiccode import (
    MAX_BYTES,
    MAX_NODES,
    SUPPORTED_VERSIONS,
    Dependency,
    composer,
    parsers,
    reading,
    validate,
)
from catalogue.publiccode.fields import SoftwareFields, software_fields
from catalogue.publiccode.problems import Problem, Result, Severity
from catalogue.publiccode.table import SCHEMA

FILES = Path(__file__).parent / "publiccode_files"
FULL = (FILES / "example.yaml").read_text()
MINIMAL = (FILES / "example.minimal.yaml").read_text()
LONG = "A booking system for rooms and desks. " * 5  # 190 characters, no commas

BASE = {
    "publiccodeYmlVersion": '"0"',
    "name": "Medusa",
    "url": "https://example.org/medusa.git",
    "platforms": "[web]",
    "developmentStatus": "stable",
    "softwareType": "standalone/web",
    "description": f"\n  en:\n    shortDescription: Books rooms.\n    longDescription: {LONG}\n"
    "    features: [Booking]",
    "legal": "{license: EUPL-1.2}",
    "maintenance": "{type: community, contacts: [{name: Ada}]}",
    "localisation": "{localisationReady: true, availableLanguages: [nl]}",
}


def language(**keys: str | None) -> str:
    """One language of the description as a flow mapping; keys replace, add or (None) remove."""
    defaults = {"shortDescription": "Books rooms.", "longDescription": LONG, "features": "[a]"}
    merged = {**defaults, **keys}
    return "{" + ", ".join(f"{k}: {v}" for k, v in merged.items() if v is not None) + "}"


def document(**blocks: str | None) -> str:
    """A valid 0.7 file with the given top-level keys replaced, added, or (None) removed."""
    merged = {**BASE, **blocks}
    return "".join(f"{key}: {value}\n" for key, value in merged.items() if value is not None)


def line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


def found(result: Result, severity: Severity = Severity.ERROR) -> list[tuple[str, int | None]]:
    return [(p.key, p.line) for p in result.problems if p.severity is severity]


def messages(result: Result) -> list[str]:
    return [p.message for p in result.problems]


@pytest.fixture(params=["python", "libyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with each YAML parser validate() can take its events from."""
    if request.param not in parsers.PARSERS:
        pytest.skip("PyYAML is built without libyaml")
    monkeypatch.setattr(parsers, "parser", request.param)
    return str(request.param)


def with_parser(name: str, source: str | bytes) -> Result:
    """validate() with the given parser, for comparing the two in one test."""
    if name not in parsers.PARSERS:
        pytest.skip("PyYAML is built without libyaml")
    default, parsers.parser = parsers.parser, name
    try:
        return validate(source)
    finally:
        parsers.parser = default


# The standard's own examples, and the base of the tests below.


@pytest.mark.parametrize("text", [FULL, MINIMAL, document()], ids=["full", "minimal", "base"])
def test_the_reference_examples_are_valid(text: str, parser: str) -> None:
    result = validate(text)
    assert result.valid, result.errors
    assert result.version in ("0", "0.7")
    assert isinstance(result.data, dict)


def test_the_full_example_warns_only_of_its_deprecated_country_section(parser: str) -> None:
    assert [(p.key, p.message) for p in validate(FULL).warnings] == [
        ("IT", "'IT' is deprecated; use 'supports' and 'organisation' instead")
    ]


# Every top-level key of the core schema: a good value passes, a bad one is an error there.

TOP_LEVEL = [
    ("publiccodeYmlVersion", '"0"', '"banana"', "publiccodeYmlVersion"),
    ("name", "Medusa 2", "[Medusa]", "name"),
    ("applicationSuite", "MegaSuite", "{suite: Mega}", "applicationSuite"),
    ("url", "git://example.org/medusa.git", "example.org/medusa", "url"),
    ("landingURL", "https://example.org/medusa", "ftp://example.org/medusa", "landingURL"),
    (
        "isBasedOn",
        "[https://example.org/a.git, https://example.org/b.git]",
        "[https://example.org/a.git, the original]",
        "isBasedOn[1]",
    ),
    ("softwareVersion", '"1.10"', "[1, 10]", "softwareVersion"),
    ("releaseDate", "2017-04-15", '"15-04-2017"', "releaseDate"),
    ("logo", "https://example.org/raw/logo.svg", "img/logo.gif", "logo"),
    ("monochromeLogo", "img/logo-mono.png", "img/logo-mono.jpg", "monochromeLogo"),
    ("inputTypes", "[text/csv, application/x.empty]", "[text/csv, csv]", "inputTypes[1]"),
    ("outputTypes", "[application/json]", "[json]", "outputTypes[0]"),
    ("platforms", "[web, linux]", "web", "platforms"),
    ("categories", "[office, crm, other]", "[office, games]", "categories[1]"),
    ("usedBy", "[Gemeente Utrecht]", "Gemeente Utrecht", "usedBy"),
    (
        "fundedBy",
        "[{name: EU, uri: 'https://europa.eu'}]",
        "[{name: EU}]",
        "fundedBy[0].uri",
    ),
    ("roadmap", "https://example.org/roadmap", "docs/roadmap.md", "roadmap"),
    ("developmentStatus", "obsolete", "production", "developmentStatus"),
    ("softwareType", "configurationFiles", "standalone", "softwareType"),
    (
        "supports",
        "[{id: 'alias:gdpr'}, {id: 'urn:nbn:nl:x'}]",
        "[{id: 'alias:avg'}]",
        "supports[0].id",
    ),
    (
        "organisation",
        "{uri: 'urn:x:utrecht', name: Utrecht}",
        "{name: Utrecht}",
        "organisation.uri",
    ),
    (
        "intendedAudience",
        "{countries: [NL, BE], unsupportedCountries: [US], scope: [government]}",
        "{countries: [NL], scope: [magic]}",
        "intendedAudience.scope[0]",
    ),
    (
        "description",
        f"{{nl: {language()}}}",
        f"{{dutch: {language()}}}",
        "description.dutch",
    ),
    (
        "legal",
        "{license: 'EUPL-1.2 OR MIT', mainCopyrightOwner: Utrecht}",
        "{license: EUPL}",
        "legal.license",
    ),
    (
        "maintenance",
        "{type: contract, contractors: [{name: Lev BV, until: '2030-01-01', website: 'https://lev.nl'}]}",
        "{type: sometimes}",
        "maintenance.type",
    ),
    (
        "localisation",
        "{localisationReady: false, availableLanguages: [nl, en-GB, sl-IT-nedis]}",
        "{localisationReady: maybe, availableLanguages: [nl]}",
        "localisation.localisationReady",
    ),
    (
        "dependsOn",
        "{open: [{name: PostgreSQL, versionMin: '13', optional: true}], hardware: [{name: NFC}]}",
        "{open: [{version: '13'}]}",
        "dependsOn.open[0].name",
    ),
    (
        "IT",
        "{countryExtensionVersion: '1.0'}",
        "{countryExtensionVersion: '2.0'}",
        "IT.countryExtensionVersion",
    ),
    ("it", "{piattaforme: {spid: true}}", "{piattaforme: {spid: yes}}", "it.piattaforme.spid"),
]


def test_the_cases_cover_every_top_level_key_of_the_core_schema() -> None:
    assert [case[0] for case in TOP_LEVEL] == list(SCHEMA.keys)


@pytest.mark.parametrize(("key", "good", "bad", "path"), TOP_LEVEL, ids=[c[0] for c in TOP_LEVEL])
def test_every_top_level_key(key: str, good: str, bad: str, path: str) -> None:
    assert validate(document(**{key: good})).errors == ()
    text = document(**{key: bad})
    assert found(validate(text)) == [(path, line_of(text, key))]


# Each kind of error.


def test_a_missing_required_key_is_an_error_without_a_place() -> None:
    result = validate(document(name=None, url=None))
    assert [(p.key, p.line, p.message) for p in result.errors] == [
        ("name", None, "required key 'name' is missing"),
        ("url", None, "required key 'url' is missing"),
    ]


def test_a_missing_nested_key_is_reported_at_its_parent() -> None:
    text = document(legal="{mainCopyrightOwner: Utrecht}")
    assert found(validate(text)) == [("legal.license", line_of(text, "legal"))]


@pytest.mark.parametrize("empty", ["", '""', "[]", "{}", "null"])
def test_a_required_key_must_not_be_empty(empty: str) -> None:
    assert found(validate(document(platforms=empty))) == [
        ("platforms", line_of(document(), "platforms"))
    ]


@pytest.mark.parametrize(
    "version",
    ["0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0", "0.5", "0.5.0", "0"],
)
def test_every_version_is_read_as_the_latest_and_an_older_one_is_a_warning(version: str) -> None:
    """As the reference parser reads them: no key is required because an older version
    required it (genericName, releaseDate, categories), nor refused because it came later."""
    result = validate(document(publiccodeYmlVersion=f'"{version}"', organisation="{uri: 'urn:x'}"))
    assert result.errors == () and result.version == version
    old = version.startswith(("0.2", "0.3", "0.4"))
    assert [p.key for p in result.warnings] == (["publiccodeYmlVersion"] if old else [])


def test_the_older_versions_limits_are_gone_with_them() -> None:
    """Before 0.3 a long description needed 500 characters and a feature at most 100: the
    reference reads a 0.2 file as the latest, and so do we."""
    texts = language(longDescription="L" * 150, features=f"[{'f' * 101}]")
    old = validate(document(publiccodeYmlVersion='"0.2"', description=f"{{en: {texts}}}"))
    assert old.valid


def test_a_wrong_type_says_what_was_expected_and_what_was_found() -> None:
    result = validate(
        document(name="[Medusa]", localisation="{localisationReady: 1, availableLanguages: nl}")
    )
    assert messages(result) == [
        "expected a string; got a list",
        "expected true or false; got the number '1'",
        "expected a list; got the text 'nl'",
    ]


def test_a_value_that_is_not_allowed_lists_the_allowed_ones() -> None:
    result = validate(document(developmentStatus="production"))
    assert messages(result) == [
        "expected one of: concept, development, beta, stable, obsolete; got 'production'"
    ]


def test_a_category_not_in_the_list_suggests_a_close_one() -> None:
    result = validate(document(categories="[contentmanagement]"))
    assert messages(result) == [
        "'contentmanagement' is not in the standard's list of categories; "
        "did you mean 'content-management'?"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2019-02-30"', "'2019-02-30' is not a date of the calendar; expected YYYY-MM-DD"),
        ("2019-02-30", "'2019-02-30' is not a date of the calendar; expected YYYY-MM-DD"),
        ('"2019/02/03"', "expected a date as YYYY-MM-DD; got '2019/02/03'"),
        ('"2019-2-3"', "expected a date as YYYY-MM-DD; got '2019-2-3'"),
    ],
)
def test_bad_dates(value: str, message: str) -> None:
    assert messages(validate(document(releaseDate=value))) == [message]


@pytest.mark.parametrize(
    "url",
    ["www.example.org", "https://", "https://exa mple.org", "mailto:a@example.org", "http://[::1"],
)
def test_bad_urls(url: str) -> None:
    result = validate(document(landingURL=f"'{url}'"))
    assert messages(result) == [f"expected an http or https URL; got {url!r}"]


def test_bad_email() -> None:
    text = document(maintenance="{type: internal, contacts: [{name: Ada, email: ada.example.org}]}")
    result = validate(text)
    assert found(result) == [("maintenance.contacts[0].email", line_of(text, "maintenance"))]
    assert messages(result) == [
        "expected an email address such as name@example.org; got 'ada.example.org'"
    ]


@pytest.mark.parametrize(
    "licence", ["EUPL", "EUPL-1.2 OR", "Proprietary", "MIT AND (GPL", "MIT OR " * 100 + "MIT"]
)
def test_bad_spdx_licence(licence: str) -> None:
    result = validate(document(legal=f"{{license: '{licence}'}}"))
    assert [p.key for p in result.errors] == ["legal.license"]
    assert "SPDX" in result.errors[0].message


@pytest.mark.parametrize(
    ("description", "message"),
    [
        (
            language(shortDescription="s" * 151),
            "the text is 151 characters long; at most 150 are allowed",
        ),
        (
            language(longDescription="l" * 149),
            "the text is 149 characters long; at least 150 are needed",
        ),
        (
            language(longDescription="l" * 10_001),
            "the text is 10,001 characters long; at most 10,000 are allowed",
        ),
    ],
)
def test_texts_too_long_or_too_short(description: str, message: str) -> None:
    assert messages(validate(document(description=f"{{en: {description}}}"))) == [message]


@pytest.mark.parametrize(
    ("key", "good", "bad", "path"),
    [
        ("localisedName", "Medusa", "{a: b}", "localisedName"),
        ("genericName", "Text Editor", "'" + "g" * 36 + "'", "genericName"),
        ("documentation", "https://docs.example.org", "docs.example.org", "documentation"),
        ("apiDocumentation", "https://api.example.org", "api", "apiDocumentation"),
        ("features", "[Booking, Rooms]", "[Booking, [Rooms]]", "features[1]"),
        ("screenshots", "[img/a.png, 'https://x.org/b.JPG']", "[img/a.gif]", "screenshots[0]"),
        ("videos", "['https://youtube.com/x']", "[youtube]", "videos[0]"),
        ("awards", "[Best of 2024]", "Best of 2024", "awards"),
    ],
)
def test_every_key_of_a_description(key: str, good: str, bad: str, path: str) -> None:
    assert validate(document(description=f"{{en: {language(**{key: good})}}}")).errors == ()
    errors = validate(document(description=f"{{en: {language(**{key: bad})}}}")).errors
    assert [p.key for p in errors] == [f"description.en.{path}"]


def test_texts_at_their_limits_pass() -> None:
    description = f"{{en: {language(shortDescription='s' * 150, longDescription='l' * 150)}}}"
    assert validate(document(description=description)).valid


def test_long_description_and_features_are_needed_in_every_language() -> None:
    """The standard asks them in one language at least; the reference parser in every one, and
    a file it refuses must not be valid here (docs/publiccode.md)."""
    one = document(description="{en: {shortDescription: x}}")
    assert found(validate(one)) == [
        ("description.en.longDescription", line_of(one, "description")),
        ("description.en.features", line_of(one, "description")),
    ]
    two = document(description=f"{{en: {language()}, nl: {language(features=None)}}}")
    assert [(p.key, p.message) for p in validate(two).errors] == [
        ("description.nl.features", "required key 'features' is missing")
    ]


def test_a_duplicate_key_is_an_error_at_its_second_occurrence(parser: str) -> None:
    text = document() + "name: Medusa Two\n"
    result = validate(text)
    assert [(p.key, p.line, p.column, p.message) for p in result.errors] == [
        (
            "name",
            len(text.splitlines()),
            1,
            "duplicate key 'name' (first at line 2); a key may appear only once",
        )
    ]
    assert result.data is not None and result.data["name"] == "Medusa Two"


def test_a_duplicate_key_deep_inside() -> None:
    text = document(maintenance="{type: community, contacts: [{name: Ada, name: Bob}]}")
    assert found(validate(text)) == [("maintenance.contacts[0].name", line_of(text, "maintenance"))]


def test_an_unknown_key_is_an_error_that_suggests_the_spelling() -> None:
    text = document(
        legal="{license: EUPL-1.2, licence: EUPL-1.2}", landingUrl="https://example.org"
    )
    result = validate(text)
    assert [(p.key, p.line, p.message) for p in result.errors] == [
        (
            "legal.licence",
            line_of(text, "legal"),
            "unknown key 'licence'; check the spelling; did you mean 'license'?",
        ),
        (
            "landingUrl",
            line_of(text, "landingUrl"),
            "unknown key 'landingUrl'; check the spelling; did you mean 'landingURL'?",
        ),
    ]


def test_a_deprecated_key_is_a_warning_that_names_its_replacement() -> None:
    text = document(legal="{license: EUPL-1.2, repoOwner: Utrecht}")
    result = validate(text)
    assert result.valid
    assert [(p.key, p.message) for p in result.warnings] == [
        ("legal.repoOwner", "'repoOwner' is deprecated; use 'organisation.name' instead")
    ]
    older = validate(text.replace('"0"', '"0.4"'))
    assert [p.key for p in older.warnings] == ["publiccodeYmlVersion", "legal.repoOwner"]


def test_a_key_of_the_latest_version_is_fine_in_an_older_one() -> None:
    text = document(publiccodeYmlVersion='"0.4"', organisation="{uri: 'urn:x:u'}")
    assert [(p.key, p.message) for p in validate(text).problems] == [
        (
            "publiccodeYmlVersion",
            "publiccodeYmlVersion '0.4' is not the latest; the file is checked as the latest, "
            '0.5 (write "0" for the latest 0.x)',
        )
    ]


def test_the_unsupported_version_message_lists_the_supported_ones() -> None:
    (problem,) = validate(document(publiccodeYmlVersion='"1.0"')).problems
    assert (
        problem.message
        == f"unsupported publiccodeYmlVersion '1.0'; supported: {', '.join(SUPPORTED_VERSIONS)}"
    )


def test_a_missing_version_is_an_error_and_the_rest_is_checked_as_the_current_version() -> None:
    result = validate(document(publiccodeYmlVersion=None, name=None))
    assert [p.key for p in result.errors] == ["publiccodeYmlVersion", "name"]
    assert result.version is None


@pytest.mark.parametrize("version", ["0.5", "0"])
def test_an_unquoted_version_is_an_error(version: str) -> None:
    """The reference parser reads `0.5` as a number, and refuses it as a version."""
    result = validate(document(publiccodeYmlVersion=version))
    assert result.version == version and not result.valid
    assert messages(result) == [f"{version} is read as a number, not as text; put it in quotes"]


def test_a_yaml_syntax_error_has_its_line_and_column(parser: str) -> None:
    result = validate("name: Medusa\nurl: [https://example.org\nplatforms: web\n")
    (problem,) = result.problems
    assert (problem.key, problem.line, problem.column) == ("", 3, 10)
    assert problem.message.startswith("YAML syntax error: ")
    assert result.data is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: Medusa\n", "expected a mapping of publiccode.yml keys at the top; got a list"),
        ("Medusa\n", "expected a mapping of publiccode.yml keys at the top; got the text 'Medusa'"),
        ("", "the file is empty; expected publiccode.yml keys"),
        ("# nothing but a comment\n", "the file is empty; expected publiccode.yml keys"),
        (
            "name: a\n---\nname: b\n",
            "a second YAML document begins here; a publiccode.yml is one document",
        ),
    ],
)
def test_what_is_not_one_mapping_is_refused(text: str, message: str, parser: str) -> None:
    result = validate(text)
    assert messages(result) == [message] and result.data is None and result.errors


def test_maintenance_needs_contractors_under_contract_and_contacts_otherwise() -> None:
    contract = document(maintenance="{type: contract}")
    assert found(validate(contract)) == [
        ("maintenance.contractors", line_of(contract, "maintenance"))
    ]
    internal = document(maintenance="{type: internal}")
    assert found(validate(internal)) == [("maintenance.contacts", line_of(internal, "maintenance"))]
    assert validate(document(maintenance="{type: none}")).valid


def test_contractors_without_a_contract_are_an_error_in_every_version() -> None:
    both = (
        "{type: community, contacts: [{name: Ada}], contractors: [{name: X, until: '2030-01-01'}]}"
    )
    assert [p.key for p in validate(document(maintenance=both)).errors] == [
        "maintenance.contractors"
    ]
    older = document(publiccodeYmlVersion='"0.4"', maintenance=both)
    assert [p.key for p in validate(older).errors] == ["maintenance.contractors"]


@pytest.mark.parametrize("section", ["IT", "it"])
def test_the_italian_section_is_read_and_checked(section: str) -> None:
    text = document(**{section: "{countryExtensionVersion: '0.2', piattaforme: {spid: true}}"})
    result = validate(text)
    assert result.valid and [p.key for p in result.warnings] == [section]
    wrong = validate(document(**{section: "{piattaforme: {spid: 1}, anything: goes}"}))
    assert [p.key for p in wrong.errors] == [f"{section}.piattaforme.spid", f"{section}.anything"]


@pytest.mark.parametrize("section", ["nl", "NL", "DE", "It"])
def test_other_country_sections_are_unknown_keys(section: str) -> None:
    (problem,) = validate(document(**{section: "{anything: goes}"})).problems
    assert problem.severity is Severity.ERROR and problem.key == section


def test_the_italian_section_twice_is_an_error() -> None:
    text = document(IT="{piattaforme: {spid: true}}", it="{piattaforme: {spid: true}}")
    result = validate(text)
    assert [(p.key, p.message) for p in result.errors] == [
        ("it", "'it' and 'IT' are the same section, given twice; keep 'IT' only")
    ]


def test_an_unknown_two_letter_key_is_not_a_country() -> None:
    assert [p.message for p in validate(document(XX="{a: 1}")).errors] == [
        "unknown key 'XX'; check the spelling"
    ]


def test_countries_are_iso_codes_in_one_case_and_lowercase_is_deprecated() -> None:
    text = document(intendedAudience="{countries: [nl, xx, NO, Fr]}")
    result = validate(text)
    assert [(p.severity.value, p.key) for p in result.problems] == [
        ("warning", "intendedAudience.countries[0]"),
        ("error", "intendedAudience.countries[1]"),
        ("error", "intendedAudience.countries[3]"),
    ]
    older = document(publiccodeYmlVersion='"0.4"', intendedAudience="{countries: [nl]}")
    assert [p.key for p in validate(older).warnings] == [
        "publiccodeYmlVersion",
        "intendedAudience.countries[0]",
    ]


def test_yaml_1_2_keeps_no_and_dates_as_text() -> None:
    text = document(
        localisation="{localisationReady: true, availableLanguages: [no, nl]}",
        intendedAudience="{countries: [NO]}",
        releaseDate="2017-04-15",
    )
    result = validate(text)
    assert result.problems == ()
    assert result.data is not None
    assert result.data["localisation"]["availableLanguages"] == ["no", "nl"]
    assert result.data["intendedAudience"]["countries"] == ["NO"]
    assert result.data["releaseDate"] == "2017-04-15"


@pytest.mark.parametrize("value", ["yes", "no", "on", "off", "Yes", "'true'"])
def test_yaml_1_1_booleans_and_quoted_ones_are_an_error(value: str) -> None:
    """As in the reference parser, which reads YAML 1.2: `yes` is text, and text is no boolean."""
    result = validate(
        document(localisation=f"{{localisationReady: {value}, availableLanguages: [nl]}}")
    )
    assert [p.key for p in result.errors] == ["localisation.localisationReady"]


def test_numbers_where_text_is_expected_are_a_warning() -> None:
    result = validate(document(softwareVersion="1.10"))
    assert result.valid
    assert messages(result) == ["1.10 is read as a number, not as text; put it in quotes"]


def test_yaml_tags_are_ignored_with_a_warning_and_never_run() -> None:
    text = document(name="!!python/object/apply:os.system [echo hacked]")
    result = validate(text)
    assert result.data is not None and result.data["name"] == ["echo hacked"]
    assert [(p.severity.value, p.key) for p in result.problems] == [
        ("warning", "name"),
        ("error", "name"),
    ]


def test_a_key_that_is_not_text_is_an_error() -> None:
    result = validate(document() + "? [a, b]\n: c\n")
    assert [(p.key, p.message) for p in result.errors] == [
        ("", "a key must be plain text, not a list or a mapping")
    ]


def test_a_problem_is_json_ready_and_results_sort_and_split_them(parser: str) -> None:
    result = validate((FILES / "many-problems.yml").read_bytes())
    assert len(result.errors) == 30 and len(result.warnings) == 4 and not result.valid
    places = [(p.line or 0, p.column or 0) for p in result.problems]
    assert places == sorted(places)
    first = result.problems[0]
    assert json.loads(json.dumps(first.as_dict())) == {
        "severity": "error",
        "key": "name",
        "message": "expected a string; got a list",
        "line": 5,
        "column": 7,
    }
    assert isinstance(first, Problem) and first.severity == "error"


# Hostile input: each a clear error, after bounded work and in bounded memory. (How long they
# take is measured by bench/publiccode.py, not here.)


def measured(source: str | bytes) -> tuple[Result, int]:
    """The result and the peak memory it took."""
    tracemalloc.start()
    try:
        result = validate(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


class Counted:
    """A YAML parser's events, counting those taken."""

    def __init__(self, events: Any) -> None:
        self.events, self.taken = events, 0

    def get_event(self) -> Any:
        self.taken += 1
        return self.events.get_event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.events, name)


def events_read(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Result, int]:
    """The result, and how many YAML events validate() took from its parser to reach it."""
    opened: list[Counted] = []

    def counting(parser: Any) -> Any:
        return lambda text: opened.append(Counted(parser(text))) or opened[-1]

    for name, parser in list(parsers.PARSERS.items()):
        monkeypatch.setitem(parsers.PARSERS, name, counting(parser))
    monkeypatch.setattr(parsers, "PythonParser", counting(parsers.PythonParser))
    result = validate(source)
    return result, sum(events.taken for events in opened)


def refused(result: Result, start: str) -> Problem:
    (problem,) = result.problems
    assert problem.severity is Severity.ERROR and problem.key == ""
    assert problem.message.startswith(start), problem.message
    assert result.data is None and result.version is None
    return problem


BILLION_LAUGHS = "\n".join(
    [
        'publiccodeYmlVersion: "0.7"',
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]"
            for n in range(8)
        ),
        "name: *i",
    ]
)


def test_billion_laughs(parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result, peak = measured(BILLION_LAUGHS)
    problem = refused(result, "the document has more than 20,000 values")
    assert problem.line is not None and problem.line <= 6
    assert peak < 50_000_000
    _, read = events_read(BILLION_LAUGHS, monkeypatch)
    assert read < 150  # the document's own events: no alias is ever expanded


def test_an_alias_inside_what_it_refers_to(parser: str) -> None:
    refused(validate("name: &x [a, *x]\n"), "the alias *x refers to a value that contains it")


def test_a_few_aliases_are_fine_and_share_their_value(parser: str) -> None:
    text = document(description=f"{{en: &en {language()}, nl: *en}}")
    result = validate(text)
    assert result.valid
    assert result.data is not None
    assert result.data["description"]["en"] is result.data["description"]["nl"]


@pytest.mark.parametrize("source", ["a" * 50_000_000, b"a" * 50_000_000, b"\n" * (MAX_BYTES + 1)])
def test_a_huge_file_is_refused_before_it_is_parsed(
    source: str | bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def parse(text: str) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(reading, "_compose", parse)
    result, peak = measured(source)
    refused(result, "the file is larger than 1,048,576 bytes")
    assert peak < 5_000_000


def test_a_huge_file_counts_bytes_not_characters() -> None:
    refused(validate("é" * (MAX_BYTES // 2 + 1)), "the file is larger than")


def test_many_values_are_refused(parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "usedBy:\n" + "".join(f"  - Gemeente {n}\n" for n in range(30_000))
    assert len(text) < MAX_BYTES
    result, read = events_read(text, monkeypatch)
    refused(result, "the document has more than 20,000 values")
    assert read <= MAX_NODES + 10  # refused at the value past the limit; the rest is unread


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000,
        "{a: " * 10_000,
        "a:\n" + "".join(" " * n + "- \n" for n in range(1, 200)),
        "".join(" " * n + f"k{n}:\n" for n in range(200)),
        "- " * 10_000,
    ],
    ids=["flow lists", "flow mappings", "block lists", "block mappings", "compact lists"],
)
def test_deep_nesting_is_refused_without_recursion(text: str, parser: str) -> None:
    result, peak = measured(text)
    problem = refused(result, "the document is nested more than 20 levels deep")
    assert problem.line is not None and problem.column is not None
    assert peak < 50_000_000


def test_bytes_that_are_not_utf8_say_where() -> None:
    problem = refused(validate(b"name: Medusa\nurl: caf\xe9\n"), "the file is not UTF-8")
    assert (problem.line, problem.column) == (2, 9)
    assert "byte 0xe9 at offset 21" in problem.message


def test_utf16_is_refused_and_a_utf8_bom_is_fine() -> None:
    refused(validate(document().encode("utf-16")), "the file is UTF-16")
    assert validate(b"\xef\xbb\xbf" + document().encode()).valid
    assert validate("\ufeff" + document()).valid


def test_utf8_bytes_read_like_text() -> None:
    text = document(name="Médusa ÿ 漢字 🙂")
    assert validate(text.encode()).data == validate(text).data


def test_tabs_for_indentation_say_where(parser: str) -> None:
    text = document(legal="\n\tlicense: EUPL-1.2")
    problem = refused(validate(text), "a tab where YAML expects spaces")
    assert (problem.line, problem.column) == (line_of(text, "legal") + 1, 1)


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\ud800"])
def test_control_characters_say_where(character: str, parser: str) -> None:
    problem = refused(validate(f"name: Medusa\nurl: x{character}\n"), "character U+")
    assert (problem.line, problem.column) == (2, 7)


def test_duplicate_anchors_are_refused(parser: str) -> None:
    refused(validate("a: &x 1\nb: &x 2\n"), "duplicate anchor 'x' (first at line 1)")


def test_anything_that_is_not_text_or_bytes() -> None:
    refused(validate(12), "expected the text or bytes of a file")  # type: ignore[arg-type]


def test_validating_builds_the_spdx_licensing_object_once_per_process(parser: str) -> None:
    """What makes validating a typical file quick (bench/publiccode.py measures how quick)."""
    for _ in range(3):
        assert validate(FULL).valid
    assert licensing.cache_info().misses == 1


# The two parsers: libyaml's C parser when PyYAML has it, else PyYAML's pure-Python one.


def test_libyaml_is_the_default_when_pyyaml_has_it() -> None:
    assert parsers.parser == ("libyaml" if yaml.__with_libyaml__ else "python")


def shape(node: Node) -> object:
    """A node tree as plain values: kind, tag, value or children, and its marks."""
    start, end = node.start_mark, node.end_mark
    about = (type(node).__name__, node.tag, (start.line, start.column, end.line, end.column))
    if isinstance(node, ScalarNode):
        return (*about, node.value)
    if isinstance(node, SequenceNode):
        return (*about, [shape(item) for item in node.value])
    return (*about, [(shape(key), shape(value)) for key, value in node.value])


def composed(name: str, text: str) -> object:
    if name not in parsers.PARSERS:
        pytest.skip("PyYAML is built without libyaml")
    root = composer.compose(parsers.PARSERS[name](text))
    assert root is not None
    return shape(root)


@pytest.mark.parametrize("path", sorted(FILES.iterdir()), ids=lambda path: path.name)
def test_both_parsers_compose_the_test_files_alike_to_the_column(path: Path) -> None:
    text = path.read_text()
    assert composed("libyaml", text) == composed("python", text)


# Not "{a: {a: ...": the pure-Python scanner refuses it at the 21st "{", the composer over libyaml
# at the key inside the 20th, a few columns before; the same message, on the same line.
SAME_ON_BOTH = {
    "base": document(),
    "billion laughs": BILLION_LAUGHS,
    "alias inside itself": "name: &x [a, *x]\n",
    "many values": "usedBy:\n" + "".join(f"  - Gemeente {n}\n" for n in range(30_000)),
    "10,000 flow lists": "[" * 10_000,  # past libyaml's own limit of 1,000
    "10,000 compact lists": "- " * 10_000,
    "tab for indentation": document(legal="\n\tlicense: EUPL-1.2"),
    "control character": "name: Medusa\nurl: x\x1b\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "second document": "name: a\n---\nname: b\n",
    "undefined alias": "name: *x\n",
}


@pytest.mark.parametrize("text", SAME_ON_BOTH.values(), ids=SAME_ON_BOTH.keys())
def test_both_parsers_find_the_same_problems_in_the_same_places(text: str) -> None:
    assert with_parser("libyaml", text) == with_parser("python", text)


def test_a_syntax_error_at_the_very_end_is_on_the_last_line(parser: str) -> None:
    (problem,) = validate("name: Medusa\nurl: [https://example.org").problems
    assert (problem.line, problem.column) == (2, len("url: [https://example.org") + 1)


def test_a_character_that_cannot_start_a_value_is_named(parser: str) -> None:
    (problem,) = validate("name: Medusa\nurl: `git clone`\n").problems
    assert (problem.line, problem.column) == (2, 6)
    assert problem.message.startswith(
        "YAML syntax error: found character '`' that cannot start any token"
    )


def test_the_package_exports_what_the_module_did() -> None:
    exported = catalogue.publiccode.__all__
    assert exported == sorted(exported, key=lambda name: (not name.isupper(), name))
    assert all(hasattr(catalogue.publiccode, name) for name in exported)


# validate() never raises, whatever it is given.

FIXTURE = [HealthCheck.function_scoped_fixture]  # `parser` is the same for every example
YAMLISH = st.text(alphabet="[]{}:,-?&*!|>'\"#%@`\n\t abc01.\\~", max_size=200)


def nested(depth: int) -> st.SearchStrategy[object]:
    """Scalars, and lists and objects of them nested up to `depth` deep. Not st.recursive:
    hypothesis reads the source file of its `extend` function to check that it recurses, and a
    file edited while the tests run gives it other lines (a deprecation warning, an error here).
    """
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    if depth == 0:
        return scalars
    inner = nested(depth - 1)
    return (
        scalars
        | st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    )


VALUES = nested(3)
FULL_DATA = yaml.safe_load(FULL)


def never_raises(source: str | bytes) -> None:
    result = validate(source)
    assert isinstance(result, Result)
    assert all(isinstance(p, Problem) for p in result.problems)
    if result.data is not None:
        assert isinstance(software_fields(result.data), SoftwareFields)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=FIXTURE)
@given(st.text(max_size=300) | YAMLISH)
def test_never_raises_on_any_text(parser: str, text: str) -> None:
    never_raises(text)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=FIXTURE)
@given(st.binary(max_size=300))
def test_never_raises_on_any_bytes(parser: str, raw: bytes) -> None:
    never_raises(raw)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=FIXTURE)
@given(st.integers(0, len(FULL)), YAMLISH)
def test_never_raises_on_a_damaged_example(parser: str, at: int, damage: str) -> None:
    never_raises(FULL[:at] + damage + FULL[at:])


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=FIXTURE)
@given(st.sampled_from(sorted(FULL_DATA)), VALUES, st.sampled_from(sorted(FULL_DATA)), VALUES)
def test_never_raises_on_values_of_any_type(
    parser: str, key: str, value: object, other: str, more: object
) -> None:
    data = {**FULL_DATA, key: value}
    if isinstance(data.get(other), dict):
        data[other] = {**data[other], "license": more, "type": more, "en": more}
    never_raises(yaml.safe_dump(data, allow_unicode=True))


# What the catalogue takes from a file.


def test_software_fields_of_the_full_example() -> None:
    data = validate(FULL).data
    assert data is not None
    fields = software_fields(data)
    assert fields.name == "Medusa"
    assert set(fields.descriptions) == {"en"}
    assert fields.descriptions["en"]["short"].startswith("This description can have a maximum 150")
    assert fields.descriptions["en"]["long"].endswith("It can also contain some basic Markdown.")
    assert (fields.development_status, fields.maintenance_type, fields.software_type) == (
        "development",
        "contract",
        "standalone/desktop",
    )
    assert fields.categories == ("content-management", "office")
    assert fields.platforms == ("android", "ios")
    assert fields.licence == "AGPL-3.0-or-later"
    assert fields.url == "https://example.com/italia/medusa.git"
    assert fields.landing_url == "https://example.com/italia/medusa"
    assert fields.dependencies == (
        Dependency("MySQL", "open", ">=1.1,<=1.3", True),
        Dependency("PostgreSQL", "open", "3.2", True),
        Dependency("Oracle", "proprietary", ">=11.4", False),
        Dependency("IBM SoftLayer", "proprietary", None, False),
        Dependency("NFC Reader", "hardware", None, True),
    )


def test_software_fields_skip_what_has_the_wrong_type() -> None:
    garbage = {
        "name": ["Medusa"],
        "description": {
            "EN": {"shortDescription": 5, "longDescription": "Long."},
            "nl": "kort",
            3: {},
        },
        "developmentStatus": "production",
        "maintenance": ["community"],
        "softwareType": None,
        "categories": "office",
        "platforms": 3,
        "legal": {"license": 5},
        "url": {"href": "https://example.org"},
        "dependsOn": {
            "open": [
                {"name": None},
                "PostgreSQL",
                {"name": "Redis", "versionMax": 7, "optional": "yes"},
            ],
            "hardware": {"name": "NFC"},
        },
    }
    assert software_fields(garbage) == SoftwareFields(
        name=None,
        descriptions={"en": {"long": "Long."}},
        development_status=None,
        maintenance_type=None,
        software_type=None,
        categories=("office",),
        platforms=(),
        licence=None,
        url=None,
        landing_url=None,
        dependencies=(Dependency("Redis", "open", "<=7", True),),
    )
    assert software_fields({}) == software_fields([])  # type: ignore[arg-type]


def test_software_fields_of_an_invalid_file() -> None:
    data = validate((FILES / "many-problems.yml").read_text()).data
    assert data is not None
    fields = software_fields(data)
    assert (
        fields.name is None
        and fields.licence == "EUPL"
        and fields.categories == ("document-management",)
    )
    assert fields.descriptions["english"] == {"short": "Case management."}
    assert fields.platforms == () and fields.maintenance_type == "community"


# The files beside the publiccode.yml: checked only when known, as a set of the repository's
# paths (a harvest that knows them) or as a folder on disk (the CLI; the corpus covers it).


def test_the_files_beside_are_looked_up_only_when_known() -> None:
    text = document(logo="img/logo.svg", legal="{license: EUPL-1.2, authorsFile: AUTHORS}")
    assert validate(text).valid
    result = validate(text, files={"img/logo.svg"})
    assert [(p.key, p.message) for p in result.errors] == [
        ("legal.authorsFile", "no file 'AUTHORS' next to the publiccode.yml")
    ]
    assert validate(text, files={"img/logo.svg", "AUTHORS"}).valid  # names alone: no content
    assert validate(text, files=lambda path: True).valid
    assert not validate(text, files=lambda path: None).valid


def test_the_stored_check_of_a_harvest_takes_the_repository_paths_when_known() -> None:
    from catalogue.software import metadata

    text = document(logo="./img/../img/logo.png")
    check, _ = metadata.check_publiccode(text)
    assert check is not None and check["valid"] is True
    check, _ = metadata.check_publiccode(text, files=frozenset({"docs/logo.png"}))
    assert check is not None and [p["key"] for p in check["problems"]] == ["logo"]
    check, _ = metadata.check_publiccode(text, files=frozenset({"img/logo.png"}))
    assert check is not None and check["valid"] is True
