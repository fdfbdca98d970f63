# SPDX-License-Identifier: EUPL-1.2
"""What validating a publiccode.yml reports: each problem with its key path and place, and the
result of one file; and the collector a validation adds its problems to."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from yaml.nodes import Node

if TYPE_CHECKING:
    from catalogue.publiccode.beside import Files


class Severity(StrEnum):
    """How bad a problem is: an error makes the file invalid, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a publiccode.yml: where it is and what is expected instead."""

    severity: Severity
    key: str  # dotted key path, list items as [i]; "" for the whole document
    message: str
    line: int | None  # 1-based
    column: int | None  # 1-based

    def as_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data."""
        return {
            "severity": self.severity.value,
            "key": self.key,
            "message": str(self.message),
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """What validating one file found: its version, its data when readable, its problems."""

    version: str | None
    data: dict[str, Any] | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make the file invalid."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems worth fixing that leave the file valid."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


class Mark(Protocol):
    """A place in the text, 0-based, as PyYAML's pure-Python and C marks both give it."""

    line: int
    column: int


def place(mark: Mark | None) -> tuple[int | None, int | None]:
    """A mark as a 1-based line and column."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def whole(message: str, line: int | None = None, column: int | None = None) -> Problem:
    """An error about the whole document."""
    return Problem(Severity.ERROR, "", message, line, column)


def show(text: str) -> str:
    """A text as a message quotes it: in quotes, and cut short past 60 characters."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


@dataclass(slots=True)
class Walk:
    """One validation: the files next to the publiccode.yml when they are known, and the
    problems found so far."""

    files: Files | None = None
    problems: list[Problem] = field(default_factory=list)

    def error(self, key: str, message: str, node: Node | None = None) -> None:
        """Add an error at the key, placed at the node (or nowhere)."""
        self._add(Severity.ERROR, key, message, node)

    def warn(self, key: str, message: str, node: Node | None = None) -> None:
        """Add a warning at the key, placed at the node (or nowhere)."""
        self._add(Severity.WARNING, key, message, node)

    def _add(self, severity: Severity, key: str, message: str, node: Node | None) -> None:
        line, column = place(node.start_mark if node is not None else None)
        self.problems.append(Problem(severity, key, message, line, column))
