# SPDX-License-Identifier: EUPL-1.2
"""The walk: every value of a file checked against the schema, by the rules of the version the
file declares, each problem with its key path and place."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from catalogue.messages import Message
from catalogue.publiccode import reading
from catalogue.publiccode.data import construct
from catalogue.publiccode.formats import close_match, language
from catalogue.publiccode.nodes import BOOL, FLOAT, INT, NULL, STR, entries, is_empty, join, kind
from catalogue.publiccode.problems import Problem, Result, Walk, show
from catalogue.publiccode.schema import SCHEMA, Fields, Flag, Items, Key, Languages, Spec, Text
from catalogue.publiccode.standard import (
    CHECKED_AS,
    CURRENT,
    SUPPORTED_VERSIONS,
    Version,
    show_version,
)


def validate(source: str | bytes) -> Result:
    """Read a publiccode.yml and check it against the standard, by the rules of the version it
    declares. Never raises: whatever is wrong, from the bytes up, is a problem in the result."""
    root = reading.read(source)
    if isinstance(root, Problem):
        return Result(None, None, (root,))
    walk = Walk()
    data = construct(root, "", walk, {})
    version, rules = _read_version(root, walk)
    if rules is not None:
        walk.version = rules
        _check(root, SCHEMA, "", walk, None)
    problems = sorted(walk.problems, key=lambda p: (p.line or 0, p.column or 0))
    return Result(version, data, tuple(problems))


def _read_version(root: MappingNode, walk: Walk) -> tuple[str | None, Version | None]:
    """The version as written, and the version whose rules apply (None: check nothing more)."""
    _, node = entries(root).get("publiccodeYmlVersion", (None, None))
    if node is None:
        message = Message(
            "required key 'publiccodeYmlVersion' is missing; checked as version %(version)s",
            version=show_version(CURRENT),
        )
        walk.error("publiccodeYmlVersion", message)
        return None, CURRENT
    if not isinstance(node, ScalarNode) or node.tag == NULL:
        message = Message(
            'expected a version such as "%(version)s"; got %(found)s',
            version=show_version(CURRENT),
            found=kind(node),
        )
        walk.error("publiccodeYmlVersion", message, node)
        return None, None
    rules = CHECKED_AS.get(node.value)
    if rules is None:
        message = Message(
            "unsupported publiccodeYmlVersion %(version)s; supported: %(supported)s",
            version=show(node.value),
            supported=", ".join(SUPPORTED_VERSIONS),
        )
        walk.error("publiccodeYmlVersion", message, node)
    return node.value, rules


def _check(node: Node, spec: Spec, path: str, walk: Walk, at: Node | None) -> None:
    """Check a value against its spec; `at` is where a key missing inside it is reported: the
    value's own key, or the list item; None at the top, where a missing key has no place."""
    _CHECKERS[type(spec)](node, spec, path, walk, at)


def _check_text(node: Node, spec: Text, path: str, walk: Walk, at: Node | None) -> None:
    if not isinstance(node, ScalarNode) or node.tag == NULL:
        walk.error(path, Message("expected a string; got %(found)s", found=kind(node)), node)
        return
    if node.tag in (INT, FLOAT, BOOL):
        if node.tag == BOOL:
            message = Message(
                "%(value)s is read as a boolean, not as text; put it in quotes", value=node.value
            )
        else:
            message = Message(
                "%(value)s is read as a number, not as text; put it in quotes", value=node.value
            )
        walk.warn(path, message, node)
    if spec.check is not None and (error := spec.check(node.value, walk.version)):
        walk.error(path, error, node)
    if spec.advice is not None and (advice := spec.advice(node.value, walk.version)):
        walk.warn(path, advice, node)


_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def _check_flag(node: Node, spec: Flag, path: str, walk: Walk, at: Node | None) -> None:
    if isinstance(node, ScalarNode) and node.tag == BOOL:
        return
    if isinstance(node, ScalarNode) and node.tag == STR and node.value.lower() in _YAML11_BOOLEANS:
        message = Message(
            "%(value)s is a boolean only in YAML 1.1; write true or false", value=repr(node.value)
        )
        walk.warn(path, message, node)
        return
    walk.error(path, Message("expected true or false; got %(found)s", found=kind(node)), node)


def _check_items(node: Node, spec: Items, path: str, walk: Walk, at: Node | None) -> None:
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _check(item, spec.item, f"{path}[{index}]", walk, item)
    elif spec.single and isinstance(node, ScalarNode):
        _check(node, spec.item, path, walk, at)
    else:
        if spec.single:
            message = Message("expected a list or a single string; got %(found)s", found=kind(node))
        else:
            message = Message("expected a list; got %(found)s", found=kind(node))
        walk.error(path, message, node)


def _check_fields(node: Node, spec: Fields, path: str, walk: Walk, at: Node | None) -> None:
    if not isinstance(node, MappingNode):
        walk.error(
            path, Message("expected a mapping of keys; got %(found)s", found=kind(node)), node
        )
        return
    present = entries(node)
    for name, (key_node, value_node) in present.items():
        key = spec.keys.get(name)
        if key is not None:
            _check_key(name, key, key_node, value_node, join(path, name), walk)
        elif spec.others is None or not spec.others(name, key_node, join(path, name), walk):
            walk.warn(join(path, name), _unknown(name, spec.keys), key_node)
    for name, key in spec.keys.items():
        if name not in present and key.required_in(walk.version):
            walk.error(join(path, name), _missing(name, key), at)
    for rule in spec.rules:
        rule(present, path, walk, at)


def _unknown(name: str, keys: Mapping[str, Key]) -> Message:
    if (match := close_match(name, keys)) is None:
        return Message("unknown key %(key)s; check the spelling", key=repr(name))
    return Message(
        "unknown key %(key)s; check the spelling; did you mean %(match)s?",
        key=repr(name),
        match=match,
    )


def _missing(name: str, key: Key) -> Message:
    if key.required or key.required_before is None:
        return Message("required key %(key)s is missing", key=repr(name))
    return Message(
        "required key %(key)s is missing (it is required before publiccodeYmlVersion %(version)s)",
        key=repr(name),
        version=show_version(key.required_before),
    )


def _check_key(name: str, key: Key, key_node: Node, value: Node, path: str, walk: Walk) -> None:
    version = walk.version
    if key.added is not None and version < key.added:
        message = Message(
            "%(key)s came in publiccodeYmlVersion %(version)s; this file declares an older one",
            key=repr(name),
            version=show_version(key.added),
        )
        walk.warn(path, message, key_node)
    if key.deprecated is not None and version >= key.deprecated:
        since = show_version(key.deprecated)
        if key.instead:
            message = Message(
                "%(key)s is deprecated since publiccodeYmlVersion %(version)s; use %(instead)s "
                "instead",
                key=repr(name),
                version=since,
                instead=repr(key.instead),
            )
        else:
            message = Message(
                "%(key)s is deprecated since publiccodeYmlVersion %(version)s; remove it",
                key=repr(name),
                version=since,
            )
        walk.warn(path, message, key_node)
    if not is_empty(value):
        _check(value, key.spec, path, walk, key_node)
    elif key.required_in(version):
        walk.error(
            path, Message("%(key)s is required and must not be empty", key=repr(name)), value
        )


def _check_languages(node: Node, spec: Languages, path: str, walk: Walk, at: Node | None) -> None:
    if not isinstance(node, MappingNode):
        message = Message(
            "expected a mapping of language codes (nl, en); got %(found)s", found=kind(node)
        )
        walk.error(path, message, node)
        return
    present = entries(node)
    for tag, (key_node, value_node) in present.items():
        if problem := language(tag, walk.version):
            walk.error(join(path, tag), problem, key_node)
        _check(value_node, spec.value, join(path, tag), walk, key_node)
    texts = [value for _, value in present.values() if isinstance(value, MappingNode)]
    for name in spec.somewhere:
        if texts and not any(_has(text, name) for text in texts):
            where, place = path, at
            if len(present) == 1:  # then say which key is missing, under the one language
                tag, (place, _) = next(iter(present.items()))
                where = join(join(path, tag), name)
            message = Message("%(key)s is required in at least one language", key=repr(name))
            walk.error(where, message, place)


def _has(node: MappingNode, name: str) -> bool:
    entry = entries(node).get(name)
    return entry is not None and not is_empty(entry[1])


_CHECKERS: dict[type, Callable[[Node, Any, str, Walk, Node | None], None]] = {
    Text: _check_text,
    Flag: _check_flag,
    Items: _check_items,
    Fields: _check_fields,
    Languages: _check_languages,
}
