# SPDX-License-Identifier: EUPL-1.2
"""The YAML parsers a file's events can come from: libyaml's C scanner and parser when PyYAML
has libyaml (about ten times faster), else PyYAML's pure-Python ones. Both only scan and parse;
the composer turns their events into nodes, with the same guards for both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from yaml.events import Event
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from catalogue.publiccode.composer import MAX_DEPTH, TOO_DEEP, Refused

# libyaml's own limit: its scanner looks up to 1,024 characters ahead for a key, so it stops
# "[[[[..." at 1,000 levels before the composer has seen 21; the pure-Python one reads it again.
LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


class Events(Protocol):
    """The events of a YAML stream, one at a time, as PyYAML's parsers hand them over."""

    def check_event(self, *choices: Any) -> bool: ...

    def get_event(self) -> Event | None: ...

    def dispose(self) -> None: ...


class PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python reader, scanner and parser, stopping "[[[[..." at the source."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)

    def fetch_flow_collection_start(self, TokenClass: type) -> None:
        # The scanner looks up to 1,024 characters ahead for a key, so "[[[[..." would cost
        # that many levels of work before the composer saw the depth; stop it at the source.
        if self.flow_level >= MAX_DEPTH:
            raise Refused(TOO_DEEP, self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


def _available() -> dict[str, Callable[[str], Events]]:
    found: dict[str, Callable[[str], Events]] = {"python": PythonParser}
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]  # not in the stubs' __all__
    except ImportError:  # PyYAML built without libyaml: only the pure-Python parser is there
        return found
    found["libyaml"] = CParser
    return found


PARSERS = _available()

# The parser validate() uses; tests and the benchmark switch it to compare the two.
parser = "libyaml" if "libyaml" in PARSERS else "python"
