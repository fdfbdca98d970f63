# SPDX-License-Identifier: EUPL-1.2
"""The one table of the standard: a row per key of publiccode.yml (docs/standard/schema.core.rst
and the Italian section of country.rst), saying what it holds, whether it is required and
whether it is deprecated. The checks (`SCHEMA`), the tests' corpus and docs/publiccode.md are
derived from it.

Every version is read by this table, as the reference parser (Developers Italia's
publiccode-parser-go) reads every version as the latest; where the reference and the standard
differ, the table follows the reference and docs/publiccode.md says why."""

from __future__ import annotations

from yaml.nodes import Node, ScalarNode

from catalogue.messages import Message
from catalogue.publiccode import formats
from catalogue.publiccode.nodes import NULL, join
from catalogue.publiccode.problems import Walk
from catalogue.publiccode.schema import Beside, Fields, Flag, Items, Row, Section, Text, compiled
from catalogue.publiccode.standard import (
    CATEGORIES,
    COUNTRIES,
    DEPENDENCY_KINDS,
    DEVELOPMENT_STATUSES,
    IT_EXTENSION_VERSIONS,
    MAINTENANCE_TYPES,
    SCOPES,
    SOFTWARE_TYPES,
)

TEXT = Text()
URL = Text(formats.url, blank=True)  # http(s); "" is no URL
DATE = Text(formats.calendar_date, blank=True)
URI = Text(formats.organisation_uri, blank=True)
COUNTRY = Text(formats.country, formats.lowercase_country)
LOGO = Text(formats.file(".svg", ".svgz", ".png"), beside=Beside.LOGO)
MAPPING, MAPPINGS, LANGUAGES = Section.MAPPING, Section.MAPPINGS, Section.LANGUAGES


def _maintenance(
    present: dict[str, tuple[Node, Node]], path: str, walk: Walk, at: Node | None
) -> None:
    """Who maintains it: contractors under a contract (and only then), else contacts."""
    type_node = present.get("type", (None, None))[1]
    kind = type_node.value if isinstance(type_node, ScalarNode) else None
    given = {name for name, (_, value) in present.items() if _has_items(value)}
    if kind == "contract" and "contractors" not in given:
        message = Message(
            "maintenance type 'contract' needs 'contractors': who maintains it, until when"
        )
        walk.error(join(path, "contractors"), message, at)
    if kind in ("internal", "community") and "contacts" not in given:
        message = Message(
            "maintenance type %(type)s needs 'contacts': the people who maintain it",
            type=repr(kind),
        )
        walk.error(join(path, "contacts"), message, at)
    contractors = present.get("contractors")
    named = contractors is not None and contractors[1].tag != NULL  # even an empty list
    if contractors and named and kind in MAINTENANCE_TYPES and kind != "contract":
        message = Message(
            "'contractors' is only for maintenance type 'contract'; this is %(type)s",
            type=repr(kind),
        )
        walk.error(join(path, "contractors"), message, contractors[0])


def _has_items(node: Node) -> bool:
    return not isinstance(node, ScalarNode) and bool(node.value)


def _one_italian_section(
    present: dict[str, tuple[Node, Node]], path: str, walk: Walk, at: Node | None
) -> None:
    """`it` is the old name of `IT`: a file has one or the other."""
    if "IT" in present and "it" in present:
        message = Message("'it' and 'IT' are the same section, given twice; keep 'IT' only")
        walk.error("it", message, present["it"][0])


def _country(name: str) -> Message | None:
    """Of a key the document does not have: a country-specific section the standard lacks."""
    if len(name) == 2 and name.isascii() and name.upper() in COUNTRIES:
        return Message(
            "%(key)s is no section of the standard: the only country-specific section is 'IT'",
            key=repr(name),
        )
    return None


def _italian(section: str, instead: str) -> tuple[Row, ...]:
    """The Italian country-specific section (country.rst, schema.it.rst) under a name of it;
    deprecated, as all country-specific sections are."""
    return (
        Row(section, MAPPING, deprecated=True, instead=instead),
        Row(f"{section}.countryExtensionVersion", Text(formats.one_of(IT_EXTENSION_VERSIONS))),
        Row(f"{section}.conforme", MAPPING, deprecated=True),
        *(
            Row(f"{section}.conforme.{name}", Flag())
            for name in ("lineeGuidaDesign", "modelloInteroperabilita", "misureMinimeSicurezza")
        ),
        Row(f"{section}.conforme.gdpr", Flag()),
        Row(f"{section}.riuso", MAPPING),
        Row(
            f"{section}.riuso.codiceIPA",
            Text(formats.ipa_code),
            deprecated=True,
            instead="'organisation.uri' (urn:x-italian-pa:...)",
        ),
        Row(f"{section}.piattaforme", MAPPING),
        *(
            Row(f"{section}.piattaforme.{name}", Flag())
            for name in ("spid", "pagopa", "cie", "anpr", "io")
        ),
    )


TABLE: tuple[Row, ...] = (
    # Its value is checked first (checks._read_version); a number is no version.
    Row("publiccodeYmlVersion", Text(strict=True), required=True),
    Row("name", TEXT, required=True),
    Row("applicationSuite", TEXT),
    Row("url", Text(formats.repository, blank=True), required=True),
    Row("landingURL", URL),
    Row("isBasedOn", Items(Text(formats.repository, blank=True), single=True)),
    Row("softwareVersion", TEXT),
    Row("releaseDate", DATE),
    Row("logo", LOGO),
    Row("monochromeLogo", LOGO, deprecated=True, instead="'logo'"),
    Row("inputTypes", Items(Text(formats.mime)), deprecated=True),
    Row("outputTypes", Items(Text(formats.mime)), deprecated=True),
    Row("platforms", Items(TEXT), required=True),
    Row("categories", Items(Text(formats.listed(CATEGORIES, Message("list of categories"))))),
    Row("usedBy", Items(TEXT)),
    Row("fundedBy", MAPPINGS),
    Row("fundedBy[].name", TEXT),
    Row("fundedBy[].uri", URI, required=True),
    Row("roadmap", URL),
    Row("developmentStatus", Text(formats.one_of(DEVELOPMENT_STATUSES)), required=True),
    Row("softwareType", Text(formats.one_of(SOFTWARE_TYPES)), required=True),
    Row("supports", MAPPINGS),
    Row("supports[].id", Text(formats.support, blank=True), required=True),
    Row("organisation", MAPPING),
    Row("organisation.uri", URI, required=True),
    Row("organisation.name", TEXT),
    Row("intendedAudience", MAPPING),
    Row("intendedAudience.scope", Items(Text(formats.listed(SCOPES, Message("scope list"))))),
    Row("intendedAudience.countries", Items(COUNTRY)),
    Row("intendedAudience.unsupportedCountries", Items(COUNTRY)),
    Row("description", LANGUAGES, required=True),
    Row("description.*.localisedName", TEXT),
    Row("description.*.genericName", Text(formats.at_most(35)), deprecated=True),
    Row("description.*.shortDescription", Text(formats.at_most(150)), required=True),
    Row("description.*.longDescription", Text(formats.between(150, 10_000)), required=True),
    Row("description.*.documentation", URL),
    Row("description.*.apiDocumentation", URL),
    Row("description.*.features", Items(TEXT), required=True),
    Row(
        "description.*.screenshots",
        Items(Text(formats.file(".png", ".jpg", ".jpeg"), beside=Beside.SCREENSHOT)),
    ),
    Row("description.*.videos", Items(URL)),
    Row("description.*.awards", Items(TEXT)),
    Row("legal", MAPPING, required=True),
    Row("legal.license", Text(formats.licence), required=True),
    Row("legal.mainCopyrightOwner", TEXT),
    Row("legal.repoOwner", TEXT, deprecated=True, instead="'organisation.name'"),
    Row("legal.authorsFile", Text(formats.file(), beside=Beside.FILE), deprecated=True),
    Row("maintenance", MAPPING, required=True, rules=(_maintenance,)),
    Row("maintenance.type", Text(formats.one_of(MAINTENANCE_TYPES)), required=True),
    Row("maintenance.contractors", MAPPINGS),
    Row("maintenance.contractors[].name", TEXT, required=True),
    Row("maintenance.contractors[].until", DATE, required=True),
    Row("maintenance.contractors[].email", Text(formats.email)),
    Row("maintenance.contractors[].website", URL),
    Row("maintenance.contacts", MAPPINGS),
    Row("maintenance.contacts[].name", TEXT, required=True),
    Row("maintenance.contacts[].email", Text(formats.email)),
    Row("maintenance.contacts[].phone", TEXT),
    Row("maintenance.contacts[].affiliation", TEXT),
    Row("localisation", MAPPING, required=True),
    Row("localisation.localisationReady", Flag(), required=True),
    Row("localisation.availableLanguages", Items(Text(formats.language)), required=True),
    Row("dependsOn", MAPPING),
    *(
        row
        for kind in DEPENDENCY_KINDS
        for row in (
            Row(f"dependsOn.{kind}", MAPPINGS),
            Row(f"dependsOn.{kind}[].name", TEXT, required=True),
            Row(f"dependsOn.{kind}[].versionMin", TEXT),
            Row(f"dependsOn.{kind}[].versionMax", TEXT),
            Row(f"dependsOn.{kind}[].version", TEXT),
            Row(f"dependsOn.{kind}[].optional", Flag()),
        )
    ),
    *_italian("IT", instead="'supports' and 'organisation'"),
    *_italian("it", instead="'IT'"),
)
DOCUMENT = Row("", MAPPING, rules=(_one_italian_section,), unknown=_country)
SCHEMA: Fields = compiled(TABLE, DOCUMENT)
