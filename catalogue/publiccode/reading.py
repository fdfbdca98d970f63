# SPDX-License-Identifier: EUPL-1.2
"""Reading one file: bytes to text to the document's top mapping, refusing what would cost too
much and saying in plain words, with line and column, why a file cannot be read."""

from __future__ import annotations

import re

import yaml
from yaml.error import MarkedYAMLError
from yaml.nodes import MappingNode, Node

from catalogue.messages import Message, Number
from catalogue.publiccode import parsers
from catalogue.publiccode.composer import Refused, compose
from catalogue.publiccode.nodes import kind
from catalogue.publiccode.problems import Mark, Problem, place, whole

MAX_BYTES = 1024 * 1024  # real files are a few kilobytes

# What YAML does not allow in a document; PyYAML's reader and libyaml's refuse the same.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_UNNAMED = "found character that cannot start any token"  # libyaml
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def read(source: object) -> MappingNode | Problem:
    """The top mapping of a publiccode.yml, or the one problem that stops it being read."""
    text = _decode(source)
    if isinstance(text, Problem):
        return text
    if character := _NON_PRINTABLE.search(text):
        return _not_allowed(text, character.start())
    try:
        root = _compose(text)
    except Refused as refused:
        return refused.problem
    except yaml.YAMLError as error:
        return _yaml_problem(error, text)
    if root is None:
        return whole(Message("the file is empty; expected publiccode.yml keys"))
    if not isinstance(root, MappingNode):
        message = Message(
            "expected a mapping of publiccode.yml keys at the top; got %(found)s", found=kind(root)
        )
        return whole(message, 1, 1)
    return root


def _compose(text: str) -> Node | None:
    """The text as nodes, with the events from the chosen parser."""
    try:
        return compose(parsers.PARSERS[parsers.parser](text))
    except MarkedYAMLError as error:
        if error.problem != parsers.LIBYAML_TOO_DEEP:
            raise
    return compose(parsers.PythonParser(text))  # which refuses it where it passes our limit


def _decode(source: object) -> str | Problem:
    """The text of a file, or the problem that stops it being read: size, encoding, type."""
    too_large = Message(
        "the file is larger than %(limit)s bytes, the most that is read", limit=Number(MAX_BYTES)
    )
    if isinstance(source, str):
        # the length in characters first, so a huge string is never encoded
        if len(source) > MAX_BYTES or len(source.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return whole(too_large)
        return source.removeprefix("\ufeff")
    if not isinstance(source, bytes | bytearray):
        found = type(source).__name__
        return whole(Message("expected the text or bytes of a file; got %(type)s", type=found))
    if len(source) > MAX_BYTES:
        return whole(too_large)
    if source.startswith((b"\xff\xfe", b"\xfe\xff")):
        return whole(Message("the file is UTF-16; a publiccode.yml must be UTF-8"), 1, 1)
    start = 3 if source.startswith(b"\xef\xbb\xbf") else 0
    try:
        return bytes(source[start:]).decode("utf-8")
    except UnicodeDecodeError as error:
        return _not_utf8(bytes(source), start + error.start)


def _not_utf8(raw: bytes, offset: int) -> Problem:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    byte = f"0x{raw[offset]:02x}"
    return whole(
        Message(
            "the file is not UTF-8: byte %(byte)s at offset %(offset)s is not part of a UTF-8 "
            "character; a publiccode.yml must be UTF-8 encoded",
            byte=byte,
            offset=offset,
        ),
        raw.count(b"\n", 0, offset) + 1,
        column,
    )


def _not_allowed(text: str, position: int) -> Problem:
    """A control character, or a lone surrogate, where the text has it."""
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    character = f"U+{ord(text[position]):04X}"
    message = Message("character %(character)s is not allowed in YAML", character=character)
    return whole(message, line, column)


def _yaml_problem(error: yaml.YAMLError, text: str) -> Problem:
    """The YAML error as a problem that says in plain words what is wrong, and where."""
    if not isinstance(error, MarkedYAMLError) or error.problem_mark is None:
        return whole(Message("the YAML cannot be read: %(problem)s", problem=str(error)))
    mark, context = error.problem_mark, error.context or ""
    if _is_tab(error, text):
        message = Message("a tab where YAML expects spaces: indent with spaces, never with tabs")
    elif context == "expected a single document in the stream":
        message = Message("a second YAML document begins here; a publiccode.yml is one document")
    elif context.startswith("found duplicate anchor ") and error.context_mark:
        message = Message(
            "duplicate anchor %(anchor)s (first at line %(line)s); an anchor may be defined "
            "only once",
            anchor=context.removeprefix("found duplicate anchor ").removesuffix(
                "; first occurrence"
            ),
            line=error.context_mark.line + 1,
        )
    elif context and error.context_mark:
        line, column = _place_in(text, error.context_mark)
        message = Message(
            "YAML syntax error: %(problem)s (%(context)s at line %(line)s, column %(column)s)",
            problem=_worded(error, text),
            context=context,
            line=line,
            column=column,
        )
    else:
        message = Message("YAML syntax error: %(problem)s", problem=_worded(error, text))
    return whole(message, *_place_in(text, mark))


def _is_tab(error: MarkedYAMLError, text: str) -> bool:
    """Whether a tab stopped the scanner. PyYAML names it ('\\t'); libyaml names it in its
    indentation errors, and otherwise only points at it."""
    problem = error.problem or ""
    if "'\\t'" in problem or "tab character" in problem:
        return True
    return problem == _UNNAMED and _character_at(text, error.problem_mark) == "\t"


def _worded(error: MarkedYAMLError, text: str) -> str:
    """The problem in PyYAML's words where libyaml's leave out the character."""
    if error.problem == _UNNAMED:
        character = _character_at(text, error.problem_mark)
        return f"found character {character!r} that cannot start any token"
    return error.problem or ""


def _character_at(text: str, mark: Mark | None) -> str:
    index = getattr(mark, "index", None)  # libyaml counts characters, as PyYAML does
    return text[index : index + 1] if isinstance(index, int) else ""


def _place_in(text: str, mark: Mark) -> tuple[int | None, int | None]:
    """A mark as 1-based line and column. At the end of a text without a final line break,
    libyaml counts one more line; there the place is the end of the last line, as PyYAML has."""
    index = getattr(mark, "index", 0)
    if mark.column == 0 and index >= len(text) and text and not _BREAK.fullmatch(text[-1]):
        return mark.line, len(_BREAK.split(text)[-1]) + 1
    return place(mark)
