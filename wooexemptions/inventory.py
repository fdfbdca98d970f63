# SPDX-License-Identifier: EUPL-1.2
"""The inventory of a decision on source code: one item per file or folder (optionally a line
range) of the pinned tree the decision covers, with its assessment and the grondslagen it cites.
Pure: no ORM, no web.

A decision on a request is published with its inventarislijst (art. 3.3 lid 2 onder i Woo), and
courts ask for reasons per document or part (ECLI:NL:RBDHA:2024:3983). A released tree in which
withheld fragments are replaced by runs of a marker (`S`, `P`) holds thousands of partial
refusals; pasting the same motivation into each would make 2,000 copies of one text. So a
*grondslag* (a Woo ground with its motivation and, where the ground asks for one, its weighing,
art. 5.1 lid 3 Woo) is written once per decision under a short key, and items cite keys. The
*legend* says which marker stands for which grondslag.

The checks at submission are those of a scope item (wooexemptions.item_rules), applied once per
distinct combination of assessment and cited grondslagen rather than once per item: 10,000 items
citing the same two grondslagen are checked as one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath

from catalogue.messages import Message, Number
from wooexemptions.decision import (
    MAX_TEXT,
    DecisionContent,
    GroundUse,
    ItemKind,
    Outcome,
    Problems,
    ScopeItem,
    text_problems,
)
from wooexemptions.item_rules import item_problems, known
from wooexemptions.redactions import Marker, Scan

MAX_PATH = 1_000
MAX_ITEMS = 100_000
MAX_GRONDSLAGEN = 50
MAX_LINE = 10_000_000
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


class Assessment(StrEnum):
    """What the decision does with one item (the inventarislijst's "beoordeling")."""

    OPEN = "openbaar"
    PARTLY_OPEN = "deels_openbaar"  # released with fragments withheld (runs of a marker)
    WITHHELD = "niet_openbaar"

    @property
    def label(self) -> str:
        """As Dutch inventarislijsten write it: "deels openbaar"."""
        return self.value.replace("_", " ")

    @property
    def withheld(self) -> bool:
        return self is not Assessment.OPEN


def assessment_of(text: str) -> Assessment:
    """The assessment named by `text` ("deels openbaar", "deels_openbaar", "Niet openbaar");
    ValueError otherwise."""
    value = "_".join(text.strip().lower().replace("_", " ").split())
    return Assessment(value)


@dataclass(frozen=True, slots=True)
class Grondslag:
    """A Woo ground with its motivation, defined once per decision under a short key and cited
    by many items."""

    key: str
    code: str
    motivation: str = ""
    weighing: str = ""
    despite_age: str = ""  # art. 5.3 Woo: why it still weighs more despite the time passed

    def use(self) -> GroundUse:
        return GroundUse(self.code, self.motivation, self.weighing, self.despite_age)


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """A marker of the released tree and the grondslag it stands for."""

    marker: str
    grondslag: str


@dataclass(frozen=True, slots=True)
class Item:
    """One row of the inventory: a file or folder of the tree (optionally lines of it)."""

    number: int
    path: str
    assessment: Assessment
    grounds: tuple[str, ...] = ()  # keys of the decision's grondslagen
    remark: str = ""
    line_from: int | None = None
    line_to: int | None = None
    lines: Mapping[str, Sequence[int]] = field(default_factory=dict)  # marker → line per run
    licence: str = ""  # another licence than the decision's (REUSE), if any

    @property
    def runs(self) -> int:
        return sum(len(found) for found in self.lines.values())


def top_folder(path: str) -> str:
    """The first folder of a path ("." for a file at the top): the inventory's counts per folder."""
    parts = PurePosixPath(path).parts
    return parts[0] if len(parts) > 1 else "."


def path_problems(path: str) -> Problems:
    if not path.strip():
        yield "path", Message("Name the file or folder.")
        return
    yield from text_problems("path", path, MAX_PATH, multiline=False)
    parts = PurePosixPath(path).parts
    if path.startswith("/") or ".." in parts or "\\" in path:
        yield (
            "path",
            Message("Give the path within the tree, with / between folders, without '..'."),
        )


def item_shape_problems(item: Item, keys: Iterable[str]) -> Problems:
    """Whether an item is well-formed, for a draft: its path, line range, remark, and that the
    grondslagen it cites are the decision's."""
    yield from path_problems(item.path)
    if item.number < 1:
        yield "number", Message("Number the items from 1.")
    first, last = item.line_from, item.line_to
    if last is not None and first is None:
        yield "lines", Message("Give the first line of the range too.")
    elif first is not None and not 1 <= first <= MAX_LINE:
        yield "lines", Message("Lines are counted from 1.")
    elif first is not None and last is not None and not first <= last <= MAX_LINE:
        yield "lines", Message("The last line cannot come before the first.")
    yield from text_problems("remark", item.remark, MAX_TEXT, multiline=True)
    known_keys = set(keys)
    for key in item.grounds:
        if key not in known_keys:
            yield (
                "grounds",
                Message(
                    "%(key)s is not a grondslag of this decision: define it first, or cite "
                    "one of %(keys)s.",
                    key=repr(key),
                    keys=", ".join(sorted(known_keys)) or "-",
                ),
            )
    if len(set(item.grounds)) != len(item.grounds):
        yield "grounds", Message("This item cites a grondslag twice: remove the repetition.")


def grondslag_problems(grondslag: Grondslag) -> Problems:
    """Whether a grondslag is well-formed: a short key, a ground a refusal may cite, texts."""
    if not KEY.fullmatch(grondslag.key):
        yield (
            "key",
            Message(
                "A key is 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or "
                "digit, e.g. S or beveiliging."
            ),
        )
    cited = known(grondslag.code)
    if cited is None:
        yield (
            "code",
            Message(
                "Unknown Woo ground %(code)s: choose one from the list.", code=repr(grondslag.code)
            ),
        )
    elif not cited.refusal:
        yield (
            "code",
            Message("Art. %(article)s Woo is no ground to withhold.", article=cited.article),
        )
    yield from text_problems("motivation", grondslag.motivation, MAX_TEXT, multiline=True)
    yield from text_problems("weighing", grondslag.weighing, MAX_TEXT, multiline=True)
    yield from text_problems("despite_age", grondslag.despite_age, MAX_TEXT, multiline=True)


def basis_problems(
    grondslagen: Sequence[Grondslag], legend: Sequence[LegendEntry]
) -> dict[str, str]:
    """The grondslagen and the legend of a decision, each checked: keys given once, markers
    given once and each standing for a grondslag of the decision."""
    errors: dict[str, str] = {}
    if len(grondslagen) > MAX_GRONDSLAGEN:
        errors["grondslagen"] = Message(
            "A decision has at most %(limit)s grondslagen.", limit=Number(MAX_GRONDSLAGEN)
        )
    seen: set[str] = set()
    for index, grondslag in enumerate(grondslagen):
        for key, message in grondslag_problems(grondslag):
            errors.setdefault(f"grondslagen[{index}].{key}", message)
        if grondslag.key.lower() in seen:
            errors.setdefault(
                f"grondslagen[{index}].key", Message("This key is already used: choose another.")
            )
        seen.add(grondslag.key.lower())
    keys = {grondslag.key for grondslag in grondslagen}
    markers: set[str] = set()
    for index, entry in enumerate(legend):
        if not entry.marker or len(entry.marker) > 20 or any(c.isspace() for c in entry.marker):
            errors.setdefault(
                f"legend[{index}].marker",
                Message("A marker is 1 to 20 visible characters without spaces, e.g. S."),
            )
        if entry.marker in markers:
            errors.setdefault(f"legend[{index}].marker", Message("This marker is given twice."))
        markers.add(entry.marker)
        if entry.grondslag not in keys:
            errors.setdefault(
                f"legend[{index}].grondslag",
                Message("Say which grondslag this marker stands for: a marker needs a ground."),
            )
    return errors


Combination = tuple[Assessment, tuple[str, ...]]


def submission_problems(
    content: DecisionContent,
    grondslagen: Sequence[Grondslag],
    legend: Sequence[LegendEntry],
    combinations: Mapping[Combination, int],
    *,
    commit: str,
) -> dict[str, str]:
    """What stops a decision with an inventory from being submitted, by field path ("inventory"
    and below): withheld items without a ground, grondslagen cited that the decision does not
    define, a grondslag that fails the rules of a scope item (motivation; weighing for a relative
    ground, art. 5.1 lid 3 Woo; art. 5.3 on old code), a legend marker without a ground, items
    that contradict the outcome, and a tree not pinned to a commit (in beroep only the judge sees
    what was withheld, art. 8:29 Awb: the decision must say exactly what it covers).

    `combinations` counts the items per (assessment, cited keys); each is checked once."""
    if not combinations and not legend:
        return {}
    errors = dict(basis_problems(grondslagen, legend))
    by_key = {grondslag.key: grondslag for grondslag in grondslagen}
    if combinations and not commit.strip():
        errors["covers"] = Message(
            "Pin the tree the inventory is of: give the commit (or tag) the decision covers."
        )
    for (assessment, keys), count in sorted(combinations.items()):
        where = f"inventory[{assessment.value}:{' '.join(keys) or '-'}]"
        for key, message in _combination_problems(content, assessment, keys, count, by_key):
            errors.setdefault(where + key, message)
    withheld = sum(n for (assessment, _), n in combinations.items() if assessment.withheld)
    if content.outcome in (Outcome.OPEN, Outcome.ALREADY_PUBLIC, Outcome.NOT_HELD) and withheld:
        errors.setdefault(
            "outcome",
            Message(
                "%(count)s inventory items are withheld in whole or in part: choose 'partly "
                "open', or release them.",
                count=Number(withheld),
            ),
        )
    return errors


def _combination_problems(
    content: DecisionContent,
    assessment: Assessment,
    keys: tuple[str, ...],
    count: int,
    by_key: Mapping[str, Grondslag],
) -> Problems:
    missing = [key for key in keys if key not in by_key]
    if missing:
        yield (
            ".grounds",
            Message(
                "%(count)s items cite %(key)s, which is not a grondslag of this decision.",
                count=Number(count),
                key=repr(missing[0]),
            ),
        )
        return
    if assessment.withheld and not keys:
        yield (
            ".grounds",
            Message(
                "%(count)s items are assessed '%(assessment)s' without a ground: cite the "
                "grondslag that withholds them (art. 5.1 or 5.2 Woo), or release them.",
                count=Number(count),
                assessment=assessment.label,
            ),
        )
        return
    item = ScopeItem(
        kind=ItemKind.PATH,
        name="inventory",
        withheld=assessment.withheld,
        grounds=tuple(by_key[key].use() for key in keys),
    )
    for key, message in item_problems(content, item, complete=True):
        yield key, Message("%(count)s items: %(problem)s", count=Number(count), problem=message)


def items_from_scan(scan: Scan, legend: Sequence[LegendEntry]) -> list[Item]:
    """The inventory a scan gives: a 'deels openbaar' item per file with runs, citing the
    grondslagen of its markers, with the line of each run; and an 'openbaar' item per file
    without runs released under another licence than the decision's."""
    keys = {entry.marker: entry.grondslag for entry in legend}
    order = [marker.text for marker in scan.markers]
    items: list[Item] = []
    for path, per_marker in scan.lines().items():
        present = [text for text in order if text in per_marker]
        every = [line for found in per_marker.values() for line in found]
        items.append(
            Item(
                number=len(items) + 1,
                path=path,
                assessment=Assessment.PARTLY_OPEN,
                grounds=tuple(dict.fromkeys(keys[text] for text in present)),
                line_from=min(every),
                line_to=max(every),
                lines={text: per_marker[text] for text in present},
                licence=scan.exceptions.get(path, ""),
            )
        )
    for path, licence in sorted(scan.exceptions.items()):
        if path not in scan.files:
            items.append(Item(len(items) + 1, path, Assessment.OPEN, licence=licence))
    return items


def legend_for(
    markers: Sequence[Marker], grondslagen: Sequence[Grondslag]
) -> tuple[list[LegendEntry], list[Grondslag]]:
    """The legend of a scan's markers, and the grondslagen to add for them: a marker stands for
    the decision's grondslag of its ground when there is exactly one, else for a new grondslag
    keyed by the marker (or by the ground's code), whose motivation is still to be written."""
    entries: list[LegendEntry] = []
    added: list[Grondslag] = []
    taken = {grondslag.key.lower() for grondslag in grondslagen}
    for marker in markers:
        same = [g for g in (*grondslagen, *added) if g.code == marker.ground]
        if len(same) == 1:
            entries.append(LegendEntry(marker.text, same[0].key))
            continue
        base = key = marker.text if KEY.fullmatch(marker.text) else marker.ground
        number = 2
        while key.lower() in taken:
            key, number = f"{base}-{number}", number + 1
        taken.add(key.lower())
        added.append(Grondslag(key=key, code=marker.ground))
        entries.append(LegendEntry(marker.text, key))
    return entries, added


def scan_summary(scan: Scan, commit: str) -> dict[str, object]:
    """What is kept of a scan to check a re-scan against: the commit, the legend's markers and
    the least run, the files read and skipped, and the totals per marker."""
    return {
        "commit": commit,
        "markers": {marker.text: marker.ground for marker in scan.markers},
        "min_run": scan.min_run,
        "scanned": scan.scanned,
        "skipped": len(scan.skipped),
        "totals": scan.totals(),
        "directories": scan.per_directory(),
    }


def rescan_problem(stored: Mapping[str, object], found: Mapping[str, object]) -> Message | None:
    """Why a re-scan does not verify the stored one: another commit, or other numbers."""
    if stored.get("commit") != found.get("commit"):
        return Message(
            "the decision covers commit %(stored)s; a scan of %(found)s cannot be attached: "
            "revise the decision to cover another commit",
            stored=str(stored.get("commit")),
            found=str(found.get("commit")),
        )
    keys = ("markers", "min_run", "scanned", "skipped", "totals")
    if any(stored.get(key) != found.get(key) for key in keys):
        return Message(
            "a re-scan of commit %(commit)s gives other numbers than the scan stored with the "
            "decision: the tree or the legend differs",
            commit=str(found.get("commit")),
        )
    return None


def counts_by_ground(combinations: Mapping[Combination, int]) -> dict[str, int]:
    """Per grondslag key: how many items cite it, from the items per combination."""
    found: Counter[str] = Counter()
    for (_, keys), count in combinations.items():
        for key in keys:
            found[key] += count
    return dict(sorted(found.items()))
