# SPDX-License-Identifier: EUPL-1.2
"""The Woo ground catalogue: the exemption grounds (uitzonderingsgronden) of chapter 5 of the
Wet open overheid, read once from the package's checked `grounds.yaml`. Pure: no ORM, no web.

An exemption ground is a reason the Woo accepts for not making government information public.
Absolute grounds (5.1 lid 1) need no weighing; relative grounds (5.1 lid 2) must be weighed
against the public interest in openness (belangenafweging). The data file is validated on load,
and a broken file fails loudly rather than giving a register with missing grounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

LANGUAGES = ("nl", "en")


class GroundDataError(ValueError):
    """The ground catalogue file is malformed: a field missing, mistyped or duplicated."""


class GroundKind(StrEnum):
    """How a ground is applied: absolutely, after weighing, or as a rule of its own."""

    ABSOLUTE = "absolute"  # 5.1 lid 1: any harm suffices
    RELATIVE = "relative"  # weighed against the public interest in openness
    OTHER = "other"  # 5.1 lid 4, 5.2, 5.3, 5.4, 5.4a: their own conditions
    REGIME = "regime"  # art. 8.8 Woo: a law in the bijlage sets the Woo aside


@dataclass(frozen=True, slots=True)
class Ground:
    """One exemption ground of the Woo, with what the register needs to apply it correctly."""

    code: str  # e.g. woo-5.1.2.d
    article: str  # e.g. "5.1 lid 2 onder d"
    name_nl: str
    name_en: str
    kind: GroundKind
    weighing_required: bool  # a refusal needs a written weighing (belangenafweging)
    refusal: bool  # may be cited to withhold; false for 5.2 lid 2 (a power) and 5.3 (a rule)
    temporary: bool  # only postpones release: outcome open_later only
    combinable: bool  # false: never on one item with a ground of 5.1 lid 1 or 2 (5.1 lid 5)
    environmental_only: bool  # only for environmental information (milieu-informatie)
    not_for_environmental: bool  # never for environmental information
    notes: str
    verify: bool  # reported by a single source only; check against the official text
    term_required: bool = False  # the decision names the term of release (5.1 lid 4)

    @property
    def in_lid_1_or_2(self) -> bool:
        """A ground of art. 5.1 lid 1 or lid 2 Woo: the grounds 5.1 lid 5 may not join and that
        5.1 lid 7 sets aside for emissions."""
        return self.code.startswith(("woo-5.1.1.", "woo-5.1.2."))

    @property
    def heavier_after_five_years(self) -> bool:
        """Art. 5.3 Woo: on a request for information older than five years, a refusal on
        "artikelen 5.1, tweede of vijfde lid, of artikel 5.2" says why the interest weighs more
        "ondanks het tijdsverloop"."""
        return self.code.startswith(("woo-5.1.2.", "woo-5.2.")) or self.code == "woo-5.1.5"

    def name(self, language: str) -> str:
        """The ground's name in Dutch ("nl") or English ("en")."""
        return translated(language, nl=self.name_nl, en=self.name_en)


def translated(language: str, *, nl: str, en: str) -> str:
    """The Dutch or the English text, by language code; any other code is a programming error."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return nl if language == "nl" else en


_REQUIRED: dict[str, type] = {
    "code": str,
    "article": str,
    "name_nl": str,
    "name_en": str,
    "kind": str,
    "weighing_required": bool,
    "refusal": bool,
    "notes": str,
}
_DEFAULTS: dict[str, bool] = {
    "temporary": False,
    "combinable": True,
    "environmental_only": False,
    "not_for_environmental": False,
    "verify": False,
    "term_required": False,
}


def _fields(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, Mapping):
        raise GroundDataError(f"{where}: expected a mapping of fields")
    if unknown := sorted(set(entry) - set(_REQUIRED) - set(_DEFAULTS)):
        raise GroundDataError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
    if missing := [name for name in _REQUIRED if name not in entry]:
        raise GroundDataError(f"{where}: missing field(s) {', '.join(missing)}")
    values = {**_DEFAULTS, **entry}
    for name, value in values.items():
        expected = _REQUIRED.get(name, bool)
        if type(value) is not expected:  # not isinstance: a bool is an int, 1 is no bool
            raise GroundDataError(f"{where}: {name} must be a {expected.__name__}")
        if isinstance(value, str) and name != "notes" and not value.strip():
            raise GroundDataError(f"{where}: {name} is empty")
    return values


def _ground(entry: Any, where: str) -> Ground:
    values = _fields(entry, where)
    try:
        values["kind"] = GroundKind(values["kind"])
    except ValueError:
        kinds = ", ".join(GroundKind)
        raise GroundDataError(f"{where}: kind must be one of {kinds}") from None
    ground = Ground(**values)
    _check_consistent(ground, where)
    return ground


def _check_consistent(ground: Ground, where: str) -> None:
    if ground.kind in (GroundKind.ABSOLUTE, GroundKind.REGIME) and ground.weighing_required:
        raise GroundDataError(f"{where}: an absolute ground needs no weighing")
    if ground.kind is GroundKind.RELATIVE and not ground.weighing_required:
        raise GroundDataError(f"{where}: a relative ground needs a weighing")
    if ground.temporary and not ground.refusal:
        raise GroundDataError(f"{where}: a temporary ground must be a refusal ground")
    if ground.term_required and not ground.temporary:
        raise GroundDataError(f"{where}: a ground that needs a term must be temporary")
    if ground.environmental_only and ground.not_for_environmental:
        raise GroundDataError(f"{where}: environmental_only and not_for_environmental conflict")


def parse_grounds(text: str) -> tuple[Ground, ...]:
    """The grounds in a catalogue file's text, in file order; GroundDataError if it is broken."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise GroundDataError(f"grounds.yaml is not valid YAML: {error}") from None
    entries = data.get("grounds") if isinstance(data, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise GroundDataError("grounds.yaml: expected a non-empty list under 'grounds'")
    parsed: list[Ground] = []
    for number, entry in enumerate(entries, start=1):
        code = entry.get("code") if isinstance(entry, Mapping) else None
        parsed.append(_ground(entry, f"grounds.yaml: ground {number} ({code or 'no code'})"))
    codes = [ground.code for ground in parsed]
    if duplicates := sorted({code for code in codes if codes.count(code) > 1}):
        raise GroundDataError(f"grounds.yaml: duplicate code(s) {', '.join(duplicates)}")
    return tuple(parsed)


@cache
def grounds() -> tuple[Ground, ...]:
    """Every ground in the catalogue, in article order, read once per process."""
    text = files("wooexemptions").joinpath("grounds.yaml").read_text(encoding="utf-8")
    return parse_grounds(text)


@cache
def _by_code() -> dict[str, Ground]:
    return {ground.code: ground for ground in grounds()}


def ground(code: str) -> Ground:
    """The ground with this code (e.g. woo-5.1.2.d); KeyError naming the code if there is none."""
    try:
        return _by_code()[code]
    except KeyError:
        raise KeyError(f"unknown Woo ground code {code!r}; codes look like 'woo-5.1.2.d'") from None


def refusal_grounds() -> tuple[Ground, ...]:
    """The grounds a decision may cite to withhold, in article order."""
    return tuple(ground for ground in grounds() if ground.refusal)
