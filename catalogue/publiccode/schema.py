# SPDX-License-Identifier: EUPL-1.2
"""The schema: a declarative table of what each key holds, when it is required, and since when
it is deprecated, by the versions of the standard."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from yaml.nodes import Node, ScalarNode

from catalogue.messages import Message
from catalogue.publiccode import formats
from catalogue.publiccode.formats import Check
from catalogue.publiccode.nodes import is_empty, join
from catalogue.publiccode.problems import Walk
from catalogue.publiccode.standard import (
    CATEGORIES,
    COUNTRIES,
    DEPENDENCY_KINDS,
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    SCOPES,
    SOFTWARE_TYPES,
    V0_3,
    V0_4,
    V0_5,
    V0_7,
    Version,
)


@dataclass(frozen=True, slots=True)
class Text:
    """A string; `check` finds errors in its value, `advice` finds what merits a warning."""

    check: Check | None = None
    advice: Check | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """true or false."""


@dataclass(frozen=True, slots=True)
class Items:
    """A list of `item`; with `single`, one bare item is accepted too."""

    item: Spec
    single: bool = False


Rule = Callable[[dict[str, tuple[Node, Node]], str, Walk, "Node | None"], None]


@dataclass(frozen=True, slots=True)
class Fields:
    """A mapping of known keys; `others` may accept keys the table lacks."""

    keys: Mapping[str, Key]
    rules: tuple[Rule, ...] = ()
    others: Callable[[str, Node, str, Walk], bool] | None = None


@dataclass(frozen=True, slots=True)
class Languages:
    """A mapping of BCP 47 language tags to `value`; `somewhere` keys must be in one of them."""

    value: Fields
    somewhere: tuple[str, ...] = ()


Spec = Text | Flag | Items | Fields | Languages


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping: its spec, and in which versions it is required or deprecated."""

    spec: Spec
    required: bool = False
    required_before: Version | None = None  # required in versions older than this
    deprecated: Version | None = None  # deprecated from this version on
    instead: str | None = None  # what replaces it, for the deprecation warning
    added: Version | None = None  # the first version that has it

    def required_in(self, version: Version) -> bool:
        """Whether the key is required by the rules of that version."""
        before = self.required_before
        return self.required or (before is not None and version < before)


def _maintenance(
    present: dict[str, tuple[Node, Node]], path: str, walk: Walk, at: Node | None
) -> None:
    """Who maintains it: contractors when under contract (and then only), else contacts."""
    type_node = present.get("type", (None, None))[1]
    kind = type_node.value if isinstance(type_node, ScalarNode) else None
    given = {name for name, (_, value) in present.items() if not is_empty(value)}
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
    if kind in MAINTENANCE_TYPES and kind != "contract" and "contractors" in given:
        if walk.version >= V0_5:
            message = Message(
                "'contractors' is only for maintenance type 'contract'; this is %(type)s",
                type=repr(kind),
            )
            walk.error(join(path, "contractors"), message, present["contractors"][0])


def _country_section(name: str, key_node: Node, path: str, walk: Walk) -> bool:
    """Country-specific sections (IT:, nl:) are tolerated and their content left unread."""
    if not (name.isascii() and name.upper() in COUNTRIES):
        return False
    if walk.version >= V0_7:
        message = Message(
            "country-specific sections are deprecated since publiccodeYmlVersion 0.7; "
            "use 'supports' and 'organisation' instead"
        )
        walk.warn(path, message, key_node)
    return True


_CATEGORY = formats.listed(CATEGORIES, Message("list of categories"))
_LOGO = Text(formats.file(".svg", ".svgz", ".png"))
_NAMED = Key(Text(), required=True)
_CONTACT = Fields(
    {
        "name": _NAMED,
        "email": Key(Text(formats.email)),
        "phone": Key(Text()),
        "affiliation": Key(Text()),
    }
)
_CONTRACTOR = Fields(
    {
        "name": _NAMED,
        "until": Key(Text(formats.calendar_date), required=True),
        "email": Key(Text(formats.email)),
        "website": Key(Text(formats.url)),
    }
)
_DEPENDENCY = Fields(
    {
        "name": _NAMED,
        "versionMin": Key(Text()),
        "versionMax": Key(Text()),
        "version": Key(Text()),
        "optional": Key(Flag()),
    }
)
_COUNTRIES = Key(Items(Text(formats.country, formats.lowercase_country)))
_DESCRIPTION = Fields(
    {
        "localisedName": Key(Text()),
        "genericName": Key(Text(formats.at_most(35)), required_before=V0_3, deprecated=V0_3),
        "shortDescription": Key(Text(formats.at_most(150)), required=True),
        "longDescription": Key(Text(formats.long_description)),
        "documentation": Key(Text(formats.url)),
        "apiDocumentation": Key(Text(formats.url)),
        "features": Key(Items(Text(formats.feature))),
        "screenshots": Key(Items(Text(formats.file(".png", ".jpg", ".jpeg")))),
        "videos": Key(Items(Text(formats.url))),
        "awards": Key(Items(Text())),
    }
)
SCHEMA = Fields(
    {
        "publiccodeYmlVersion": Key(Text()),  # its presence and value are checked first
        "name": _NAMED,
        "applicationSuite": Key(Text()),
        "url": Key(Text(formats.repository), required=True),
        "landingURL": Key(Text(formats.url)),
        "isBasedOn": Key(Items(Text(formats.repository), single=True)),
        "softwareVersion": Key(Text()),
        "releaseDate": Key(Text(formats.calendar_date), required_before=V0_4),
        "logo": Key(_LOGO),
        "monochromeLogo": Key(_LOGO, deprecated=V0_3, instead="logo"),
        "inputTypes": Key(Items(Text(formats.mime)), deprecated=V0_3),
        "outputTypes": Key(Items(Text(formats.mime)), deprecated=V0_3),
        "platforms": Key(Items(Text(), single=True), required=True),
        "categories": Key(Items(Text(_CATEGORY)), required_before=V0_5),
        "usedBy": Key(Items(Text())),
        "fundedBy": Key(Items(Fields({"name": _NAMED, "uri": Key(Text(formats.uri))})), added=V0_5),
        "roadmap": Key(Text(formats.url)),
        "developmentStatus": Key(Text(formats.one_of(DEVELOPMENT_STATUSES)), required=True),
        "softwareType": Key(Text(formats.one_of(SOFTWARE_TYPES)), required=True),
        "supports": Key(
            Items(Fields({"id": Key(Text(formats.support), required=True)})), added=V0_7
        ),
        "organisation": Key(
            Fields({"uri": Key(Text(formats.uri), required=True), "name": Key(Text())}),
            added=V0_5,
        ),
        "intendedAudience": Key(
            Fields(
                {
                    "countries": _COUNTRIES,
                    "unsupportedCountries": _COUNTRIES,
                    "scope": Key(Items(Text(formats.listed(SCOPES, Message("scope list"))))),
                }
            )
        ),
        "description": Key(
            Languages(_DESCRIPTION, somewhere=("longDescription", "features")), required=True
        ),
        "legal": Key(
            Fields(
                {
                    "license": Key(Text(formats.licence), required=True),
                    "mainCopyrightOwner": Key(Text()),
                    "repoOwner": Key(Text(), deprecated=V0_5, instead="organisation.name"),
                    "authorsFile": Key(Text(formats.file()), deprecated=V0_4),
                }
            ),
            required=True,
        ),
        "maintenance": Key(
            Fields(
                {
                    "type": Key(Text(formats.one_of(MAINTENANCE_TYPES)), required=True),
                    "contractors": Key(Items(_CONTRACTOR)),
                    "contacts": Key(Items(_CONTACT)),
                },
                rules=(_maintenance,),
            ),
            required=True,
        ),
        "localisation": Key(
            Fields(
                {
                    "localisationReady": Key(Flag(), required=True),
                    "availableLanguages": Key(Items(Text(formats.language)), required=True),
                }
            ),
            required=True,
        ),
        "dependsOn": Key(Fields({kind: Key(Items(_DEPENDENCY)) for kind in DEPENDENCY_KINDS})),
    },
    others=_country_section,
)
