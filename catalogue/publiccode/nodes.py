# SPDX-License-Identifier: EUPL-1.2
"""Composed YAML nodes: the tags of the core schema, and what the checks ask of a node."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from catalogue.messages import Message
from catalogue.publiccode.problems import show

STR, INT, FLOAT, BOOL, NULL, SEQ, MAP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
PLAIN_TAGS = frozenset((STR, INT, FLOAT, BOOL, NULL, SEQ, MAP))


def join(path: str, key: str) -> str:
    """The key path of a key inside the value at `path`."""
    return f"{path}.{key}" if path else key


def kind(node: Node) -> Message:
    """What a node holds, for a message: "a list", "the number '1'"."""
    if isinstance(node, MappingNode):
        return Message("a mapping")
    if isinstance(node, SequenceNode):
        return Message("a list")
    if node.tag == NULL:
        return Message("an empty value")
    if node.tag == BOOL:
        return Message("the boolean %(value)s", value=show(node.value))
    if node.tag in (INT, FLOAT):
        return Message("the number %(value)s", value=show(node.value))
    return Message("the text %(value)s", value=show(node.value))


def is_null(node: Node) -> bool:
    """No value: `~`, `null`, or nothing after the colon."""
    return isinstance(node, ScalarNode) and node.tag == NULL


def is_blank(node: Node) -> bool:
    """No value, empty text or an empty list: what a required key may not have."""
    if isinstance(node, ScalarNode):
        return node.tag == NULL or node.value == ""
    return isinstance(node, SequenceNode) and not node.value


def entries(node: MappingNode) -> dict[str, tuple[Node, Node]]:
    """Text keys to (key node, value node); of duplicates the last, as in the data."""
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
