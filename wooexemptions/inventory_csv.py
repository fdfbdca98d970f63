# SPDX-License-Identifier: EUPL-1.2
"""The inventarislijst as CSV, out and in, in the columns Dutch Woo decisions use: nummer,
document/bestand, beoordeling, weigeringsgronden, opmerking; with the lines, the grondslagen
cited, the marker runs and the licence, so that a list read back gives the same inventory.
Pure: no ORM, no web.

A decision on a request is published with its inventarislijst (art. 3.3 lid 2 onder i Woo).
Reading one back checks every row and reports every problem by its line in the file; one bad
row stores nothing (the caller writes only a list without problems).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from catalogue.messages import Message, Number
from wooexemptions.grounds import ground
from wooexemptions.inventory import (
    MAX_ITEMS,
    Assessment,
    Grondslag,
    Item,
    assessment_of,
    item_shape_problems,
)

COLUMNS = (
    "nummer",
    "document/bestand",
    "regels",
    "beoordeling",
    "weigeringsgronden",
    "grondslagen",
    "markeringen",
    "licentie",
    "opmerking",
)
# Other names the columns go by in inventarislijsten made elsewhere.
ALIASES = {
    "nr": "nummer",
    "nr.": "nummer",
    "bestand": "document/bestand",
    "document": "document/bestand",
    "pad": "document/bestand",
    "path": "document/bestand",
    "regelnummers": "regels",
    "lines": "regels",
    "assessment": "beoordeling",
    "grounds": "weigeringsgronden",
    "weigeringsgrond": "weigeringsgronden",
    "opmerkingen": "opmerking",
    "remark": "opmerking",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ERRORS = 100
_Problem = Callable[[str, str], None]  # (column, message)


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one row of an imported list: its line in the file, the column, why."""

    line: int
    column: str
    message: str


class InventoryCsvError(ValueError):
    """The list cannot be read back; nothing of it is stored."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = tuple(errors)


def defused(value: str) -> str:
    """A cell no spreadsheet runs as a formula: a leading apostrophe before = + - @."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _undefused(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def lines_text(item: Item) -> str:
    if item.line_from is None:
        return ""
    if item.line_to is None or item.line_to == item.line_from:
        return str(item.line_from)
    return f"{item.line_from}-{item.line_to}"


def markers_text(lines: Mapping[str, Sequence[int]]) -> str:
    """ "S: 12, 40; P: 7": the line of each run, per marker."""
    return "; ".join(f"{marker}: {', '.join(map(str, found))}" for marker, found in lines.items())


def articles_text(keys: Iterable[str], grondslagen: Mapping[str, Grondslag]) -> str:
    """The articles the grondslagen cite: "5.1 lid 2 onder i Woo; 5.1 lid 2 onder e Woo"."""
    articles = []
    for key in keys:
        found = grondslagen.get(key)
        if found is not None:
            try:
                articles.append(f"{ground(found.code).article} Woo")
            except KeyError:
                articles.append(found.code)
    return "; ".join(dict.fromkeys(articles))


def row_of(item: Item, grondslagen: Mapping[str, Grondslag]) -> list[str]:
    cells = [
        str(item.number),
        item.path,
        lines_text(item),
        item.assessment.label,
        articles_text(item.grounds, grondslagen),
        " ".join(item.grounds),
        markers_text(item.lines),
        item.licence,
        item.remark,
    ]
    return [defused(cell) for cell in cells]


class Writer:
    """CSV text, one line at a time (so that a long list streams in constant memory)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def line(self, cells: Sequence[str]) -> str:
        self._writer.writerow(cells)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def read(text: str, grondslagen: Sequence[Grondslag]) -> list[Item]:
    """The items of an inventarislijst, or InventoryCsvError with every problem by line. The
    grondslagen are the decision's: a row cites them by key (column grondslagen) or, without
    that column, by article (weigeringsgronden), which must then name one grondslag each."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InventoryCsvError([RowError(1, "", Message("The file is empty."))]) from None
    except csv.Error as error:
        raise InventoryCsvError([RowError(1, "", str(error))]) from None
    columns, errors = _columns(header)
    items: list[Item] = []
    numbers: set[int] = set()
    parsed = _Parser(columns, grondslagen)
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(items) >= MAX_ITEMS:
                errors.append(
                    RowError(
                        line,
                        "",
                        Message("A list has at most %(limit)s items.", limit=Number(MAX_ITEMS)),
                    )
                )
                break
            item, problems = parsed.item(cells, line, len(items))
            if item.number in numbers:
                problems.append(RowError(line, "nummer", Message("This number is already used.")))
            numbers.add(item.number)
            items.append(item)
            errors.extend(problems)
            if len(errors) >= MAX_ERRORS:
                break
    except csv.Error as error:
        errors.append(RowError(reader.line_num, "", str(error)))
    if errors:
        raise InventoryCsvError(errors[:MAX_ERRORS])
    return items


def _columns(header: Sequence[str]) -> tuple[dict[str, int], list[RowError]]:
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, name in enumerate(header):
        key = name.strip().lower()
        key = ALIASES.get(key, key)
        if key in COLUMNS and key not in columns:
            columns[key] = index
    for required in ("document/bestand", "beoordeling"):
        if required not in columns:
            errors.append(
                RowError(1, required, Message("The list has no column %(name)s.", name=required))
            )
    return columns, errors


class _Parser:
    def __init__(self, columns: dict[str, int], grondslagen: Sequence[Grondslag]) -> None:
        self.columns = columns
        self.keys = [grondslag.key for grondslag in grondslagen]
        self.by_article: dict[str, list[str]] = {}
        for grondslag in grondslagen:
            try:
                article = ground(grondslag.code).article
            except KeyError:
                continue
            self.by_article.setdefault(_article_key(article), []).append(grondslag.key)

    def cell(self, cells: Sequence[str], name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(cells):
            return ""
        return _undefused(cells[index].strip())

    def item(self, cells: Sequence[str], line: int, before: int) -> tuple[Item, list[RowError]]:
        errors: list[RowError] = []

        def problem(column: str, message: str) -> None:
            errors.append(RowError(line, column, message))

        number_text = self.cell(cells, "nummer")
        number = before + 1
        if number_text:
            if number_text.isascii() and number_text.isdigit() and len(number_text) < 10:
                number = int(number_text)
            else:
                problem("nummer", Message("Give a whole number, e.g. 12."))
        try:
            assessment = assessment_of(self.cell(cells, "beoordeling"))
        except ValueError:
            problem(
                "beoordeling",
                Message("Write openbaar, deels openbaar or niet openbaar."),
            )
            assessment = Assessment.OPEN
        first, last = self._lines(self.cell(cells, "regels"), problem)
        lines = self._markers(self.cell(cells, "markeringen"), problem)
        item = Item(
            number=number,
            path=self.cell(cells, "document/bestand"),
            assessment=assessment,
            grounds=self._grounds(cells, problem),
            remark=self.cell(cells, "opmerking"),
            line_from=first,
            line_to=last,
            lines=lines,
            licence=self.cell(cells, "licentie")[:300],
        )
        columns = {"path": "document/bestand", "lines": "regels", "remark": "opmerking"}
        for key, message in item_shape_problems(item, self.keys):
            if key != "grounds" or "grondslagen" in self.columns:
                problem(columns.get(key, "grondslagen" if key == "grounds" else key), message)
        return item, errors

    def _grounds(self, cells: Sequence[str], problem: _Problem) -> tuple[str, ...]:
        if "grondslagen" in self.columns:
            return tuple(
                self.cell(cells, "grondslagen").replace(";", " ").replace(",", " ").split()
            )
        keys: list[str] = []
        for article in filter(
            None, (a.strip() for a in self.cell(cells, "weigeringsgronden").split(";"))
        ):
            found = self.by_article.get(_article_key(article), [])
            if len(found) != 1:
                problem(
                    "weigeringsgronden",
                    Message(
                        "%(article)s names no single grondslag of this decision: add a column "
                        "grondslagen with their keys.",
                        article=article,
                    ),
                )
            else:
                keys.append(found[0])
        return tuple(keys)

    @staticmethod
    def _lines(text: str, problem: _Problem) -> tuple[int | None, int | None]:
        if not text:
            return None, None
        first, dash, last = text.partition("-")
        try:
            start = int(first)
            return start, int(last) if dash else start
        except ValueError:
            problem("regels", Message("Write a line or a range of lines, e.g. 12 or 12-40."))
            return None, None

    @staticmethod
    def _markers(text: str, problem: _Problem) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for part in filter(None, (p.strip() for p in text.split(";"))):
            marker, colon, numbers = part.rpartition(":")
            try:
                lines = [int(n) for n in numbers.split(",")]
            except ValueError:
                lines = []
            if not colon or not marker.strip() or not lines or min(lines) < 1:
                problem("markeringen", Message("Write the runs per marker, e.g. S: 12, 40; P: 7."))
                return {}
            found[marker.strip()] = lines
        return found


def _article_key(article: str) -> str:
    """An article as written in a list ("art. 5.1, lid 2 onder e Woo") made comparable."""
    text = article.lower().replace("artikel", "").replace("art.", "").replace("woo", "")
    return "".join(ch for ch in text if ch.isalnum() or ch == ".")


def write(items: Iterable[Item], grondslagen: Mapping[str, Grondslag]) -> Iterator[str]:
    """The list as CSV lines: the header, then a line per item."""
    writer = Writer()
    yield writer.line(COLUMNS)
    for item in items:
        yield writer.line(row_of(item, grondslagen))
