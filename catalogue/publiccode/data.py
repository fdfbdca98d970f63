# SPDX-License-Identifier: EUPL-1.2
"""The data of a file: nodes to Python values, built once per node so an alias shares its
target. Duplicate keys, keys that are not text and YAML tags are reported on the way."""

from __future__ import annotations

import math
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from catalogue.messages import Message
from catalogue.publiccode.nodes import BOOL, FLOAT, INT, NULL, PLAIN_TAGS, join
from catalogue.publiccode.problems import Walk

_MISSING = object()


def construct(node: Node, path: str, walk: Walk, memo: dict[int, Any]) -> Any:
    """The value of a node at `path`; `memo` holds the values built so far, by node id."""
    known = memo.get(id(node), _MISSING)
    if known is not _MISSING:
        return known
    if node.tag not in PLAIN_TAGS:
        message = Message("the YAML tag %(tag)s means nothing here and is ignored", tag=node.tag)
        walk.warn(path, message, node)
    if isinstance(node, ScalarNode):
        memo[id(node)] = value = _scalar(node)
        return value
    if isinstance(node, SequenceNode):
        memo[id(node)] = items = []
        for index, item in enumerate(node.value):
            items.append(construct(item, f"{path}[{index}]", walk, memo))
        return items
    memo[id(node)] = mapping = {}
    seen: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            message = Message("a key must be plain text, not a list or a mapping")
            walk.error(path, message, key_node)
            continue
        key = key_node.value
        if key in seen:
            first = seen[key].start_mark.line + 1
            message = Message(
                "duplicate key %(key)s (first at line %(line)s); a key may appear only once",
                key=repr(key),
                line=first,
            )
            walk.error(join(path, key), message, key_node)
        seen[key] = key_node
        mapping[key] = construct(value_node, join(path, key), walk, memo)
    return mapping


def _scalar(node: ScalarNode) -> Any:
    text = node.value
    try:
        if node.tag == NULL:
            return None
        if node.tag == BOOL:
            return text.lower() == "true"
        if node.tag == INT:
            lowered = text.lower()
            if lowered.startswith(("0o", "0x")):
                return int(lowered[2:], 8 if lowered[1] == "o" else 16)
            return int(text, 10)
        if node.tag == FLOAT:
            lowered = text.lower()
            if lowered.endswith(".inf"):
                return -math.inf if lowered.startswith("-") else math.inf
            return math.nan if lowered == ".nan" else float(text)
    except ValueError:  # an explicit tag on a value that is not one, or too many digits
        pass
    return text
