# SPDX-License-Identifier: EUPL-1.2
"""What a key may hold, and how the one table of the standard (`table.TABLE`, a row per key)
becomes the tree of specs the walk in `checks` follows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from yaml.nodes import Node

from catalogue.messages import Message
from catalogue.publiccode.formats import Check
from catalogue.publiccode.problems import Walk


class Beside(StrEnum):
    """What a path in the file names next to the publiccode.yml, checked when that is known."""

    FILE = "file"  # any file
    LOGO = "logo"  # an image: PNG, SVG or SVGZ, as its name says
    SCREENSHOT = "screenshot"  # an image: PNG or JPEG, as its name says


@dataclass(frozen=True, slots=True)
class Text:
    """A string. `check` finds errors in its value (also in "" when `blank`: an empty URL or
    date is no URL or date), `advice` what merits a warning; `beside` is what the value names
    next to the publiccode.yml. A number or a boolean is taken as its text, with a warning;
    when `strict`, it is an error."""

    check: Check | None = None
    advice: Check | None = None
    blank: bool = False
    beside: Beside | None = None
    strict: bool = False


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
    """A mapping of known keys, and the rules between them; `unknown` may say more about a key
    the mapping does not have than that it is unknown."""

    keys: Mapping[str, Key]
    rules: tuple[Rule, ...] = ()
    unknown: Callable[[str], Message | None] | None = None


@dataclass(frozen=True, slots=True)
class Languages:
    """A mapping of BCP 47 language tags, at least one, each to a `value`."""

    value: Fields


Spec = Text | Flag | Items | Fields | Languages


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping: its spec, whether it must have a value, and whether it is
    deprecated (`instead`: what replaces it, quoted, for the warning)."""

    spec: Spec
    required: bool = False
    deprecated: bool = False
    instead: str | None = None


class Section(StrEnum):
    """What a row holds when its keys are rows of their own."""

    MAPPING = "a mapping"
    MAPPINGS = "a list of mappings"
    LANGUAGES = "a mapping of languages"


@dataclass(frozen=True, slots=True)
class Row:
    """One key of the standard: its place (a dotted path, `[]` for the items of a list, `*`
    for each language), what it holds, whether it is required (in every version: the reference
    parser reads them all as the latest), whether it is deprecated, and the rules between the
    keys of a section."""

    path: str
    holds: Text | Flag | Items | Section
    required: bool = False
    deprecated: bool = False
    instead: str | None = None
    rules: tuple[Rule, ...] = ()
    unknown: Callable[[str], Message | None] | None = None

    @property
    def parent(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


def compiled(rows: Iterable[Row], top: Row) -> Fields:
    """The spec tree of a table: `top` is the document itself (its rules and unknown keys)."""
    children: dict[str, list[Row]] = {}
    for row in rows:
        siblings = children.setdefault(row.parent, [])
        if any(sibling.name == row.name for sibling in siblings):
            raise ValueError(f"{row.path} is twice in the table")
        siblings.append(row)

    def fields(path: str, row: Row) -> Fields:
        if path not in children:
            raise ValueError(f"{row.path or 'the document'} has no keys in the table")
        keys = {
            child.name: Key(spec(child), child.required, child.deprecated, child.instead)
            for child in children.pop(path)
        }
        return Fields(keys, row.rules, row.unknown)

    def spec(row: Row) -> Spec:
        if row.holds is Section.MAPPING:
            return fields(row.path, row)
        if row.holds is Section.MAPPINGS:
            return Items(fields(f"{row.path}[]", row))
        if row.holds is Section.LANGUAGES:
            return Languages(fields(f"{row.path}.*", row))
        assert not isinstance(row.holds, Section)
        return row.holds

    document = fields("", top)
    if children:
        raise ValueError(f"rows without a section above them: {sorted(children)}")
    return document
