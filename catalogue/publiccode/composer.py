# SPDX-License-Identifier: EUPL-1.2
"""Events to a node tree, under a composer of our own that counts while it composes: a document
nested too deep, or one whose aliases would expand past a node budget (the "billion laughs"), is
refused at the event that crosses the limit, before the rest is read; nothing is ever expanded.
Scalars are resolved by the YAML 1.2 core schema the standard names, so `no` (Norway) and
`2017-04-15` stay text. Otherwise it composes as PyYAML's composer does, with the same errors,
but in a loop rather than a recursion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from yaml.composer import ComposerError
from yaml.error import Mark as YAMLMark
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from catalogue.messages import Message, Number
from catalogue.publiccode.nodes import BOOL, FLOAT, INT, MAP, NULL, SEQ, STR
from catalogue.publiccode.problems import Mark, Problem, place, whole

if TYPE_CHECKING:
    from catalogue.publiccode.parsers import Events

# Limits. Real files are a few hundred values, nested five deep.
MAX_DEPTH = 20
MAX_NODES = 20_000  # values in the document, each alias counted at the size of its target
TOO_DEEP = Message("the document is nested more than %(limit)s levels deep", limit=MAX_DEPTH)
_TOO_MANY = Message(
    "the document has more than %(limit)s values, counting each alias as a copy of what it "
    "refers to; a publiccode.yml needs far fewer",
    limit=Number(MAX_NODES),
)

_CORE_SCHEMA = (  # tag, pattern, the first characters it can start with
    (BOOL, r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (INT, r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        FLOAT,
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        "-+.0123456789",
    ),
    (NULL, r"~|null|Null|NULL|", "~nN"),
)


def _by_first_character() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in _CORE_SCHEMA:
        compiled = re.compile(rf"(?:{pattern})\Z")
        for start in [*first, ""] if tag == NULL else first:  # "" is the empty value's
            table.setdefault(start, []).append((tag, compiled))
    return table


_IMPLICIT = _by_first_character()


def core_tag(value: str, plain: bool) -> str:
    """The tag of an untagged scalar by the YAML 1.2 core schema: only true/false are
    booleans, and there are no dates. Quoted text is always text."""
    if plain:
        for tag, pattern in _IMPLICIT.get(value[:1], ()):
            if pattern.match(value):
                return tag
    return STR


class Refused(Exception):
    """Composing stopped: the document nests too deep or its aliases expand too far."""

    def __init__(self, message: str, mark: Mark | None) -> None:
        super().__init__(message)
        self.problem: Problem = whole(message, *place(mark))


def compose(events: Events) -> Node | None:
    """The one document of a stream as nodes (None when there is none). Raises Refused, or
    PyYAML's YAMLError for text that is not YAML."""
    try:
        return _Composition(events).document()
    finally:
        events.dispose()


@dataclass(slots=True)
class _Open:
    """A list or mapping being composed."""

    node: SequenceNode | MappingNode
    before: int  # the values counted before it, to know its size when it closes
    anchored: bool
    key: Node | None = None  # a mapping's key that waits for its value


class _Composition:
    """One document being composed: its anchors, the values counted so far (each alias at the
    size of its target), and the collections open around the next event."""

    def __init__(self, events: Events) -> None:
        self.events = events
        self.anchors: dict[str, Node] = {}
        self.sizes: dict[int, int] = {}  # id of an anchored node -> its size, aliases expanded
        self.nodes = 0
        self.open: list[_Open] = []

    def document(self) -> Node | None:
        """The stream's one document, or None; an error at the start of a second."""
        events = self.events
        events.get_event()  # the stream starts
        if events.check_event(StreamEndEvent):
            return None
        events.get_event()  # the document starts
        root = self._tree()
        events.get_event()  # the document ends
        if not events.check_event(StreamEndEvent):
            second = events.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                root.start_mark,
                "but found another document",
                _mark(second),
            )
        return root

    def _tree(self) -> Node:
        """The next node, with everything in it."""
        while True:
            event = self.events.get_event()
            if isinstance(event, ScalarEvent):
                node: Node = self._scalar(event)
            elif isinstance(event, AliasEvent):
                node = self._alias(event)
            elif isinstance(event, CollectionStartEvent):
                self._open(event)
                continue
            elif isinstance(event, CollectionEndEvent):
                node = self._close(event)
            else:  # no parser gives other events inside a document
                raise ComposerError(None, None, f"unexpected {event}", _mark(event))
            if not self.open:
                return node
            self._add(node)

    def _add(self, node: Node) -> None:
        parent = self.open[-1]
        if isinstance(parent.node, SequenceNode):
            parent.node.value.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = None

    def _scalar(self, event: ScalarEvent) -> ScalarNode:
        self._start(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = core_tag(event.value, event.implicit[0])
        node = ScalarNode(tag, event.value, style=event.style)
        node.start_mark, node.end_mark = event.start_mark, event.end_mark
        if event.anchor is not None:
            self.anchors[event.anchor] = node
            self.sizes[id(node)] = 1
        return node

    def _open(self, event: CollectionStartEvent) -> None:
        before = self.nodes
        self._start(event)
        sequence = isinstance(event, SequenceStartEvent)
        tag = event.tag
        if tag is None or tag == "!":
            tag = SEQ if sequence else MAP
        node = (SequenceNode if sequence else MappingNode)(tag, [], flow_style=event.flow_style)
        node.start_mark = event.start_mark
        if event.anchor is not None:
            self.anchors[event.anchor] = node  # before its content, as an alias in it is wrong
        self.open.append(_Open(node, before, event.anchor is not None))

    def _close(self, event: CollectionEndEvent) -> Node:
        done = self.open.pop()
        done.node.end_mark = event.end_mark
        if done.anchored:
            self.sizes[id(done.node)] = self.nodes - done.before
        return done.node

    def _start(self, event: NodeEvent) -> None:
        """Count a new value, and refuse one too deep, too many, or under a second anchor."""
        if len(self.open) == MAX_DEPTH:
            raise Refused(TOO_DEEP, event.start_mark)
        self._count(1, event.start_mark)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence",
                self.anchors[anchor].start_mark,
                "second occurrence",
                _mark(event),
            )

    def _alias(self, event: AliasEvent) -> Node:
        target = self.anchors.get(event.anchor) if event.anchor is not None else None
        if target is None:
            problem = f"found undefined alias {event.anchor!r}"
            raise ComposerError(None, None, problem, _mark(event))
        size = self.sizes.get(id(target))
        if size is None:  # still being composed: the alias is inside what it refers to
            message = Message(
                "the alias *%(anchor)s refers to a value that contains it", anchor=event.anchor
            )
            raise Refused(message, event.start_mark)
        self._count(size, event.start_mark)
        return target

    def _count(self, size: int, mark: Mark | None) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise Refused(_TOO_MANY, mark)


def _mark(event: Event | None) -> YAMLMark | None:
    """An event's start, for a YAMLError; libyaml's marks are of a class of their own, alike."""
    return cast("YAMLMark | None", event.start_mark if event is not None else None)
