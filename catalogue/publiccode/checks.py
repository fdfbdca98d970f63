# SPDX-License-Identifier: EUPL-1.2
"""The walk: every value of a file checked against the schema (the table of the standard), each
problem with its key path and place. Every supported version is read as the latest, as the
reference parser reads it; an older one is a warning."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from catalogue.messages import Message
from catalogue.publiccode import beside, reading
from catalogue.publiccode.data import construct
from catalogue.publiccode.formats import close_match, language
from catalogue.publiccode.nodes import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    entries,
    is_blank,
    is_null,
    join,
    kind,
)
from catalogue.publiccode.problems import Problem, Result, Walk, show
from catalogue.publiccode.schema import Beside, Fields, Flag, Items, Key, Languages, Spec, Text
from catalogue.publiccode.standard import DECLARED, LATEST, SUPPORTED_VERSIONS, show_version
from catalogue.publiccode.table import SCHEMA


def validate(source: str | bytes, *, files: beside.Files | None = None) -> Result:
    """Read a publiccode.yml and check it against the standard. Never raises: whatever is
    wrong, from the bytes up, is a problem in the result. `files`, when given, says what is
    next to the file (catalogue.publiccode.beside): then a relative logo, screenshot or authors
    file must be there, and an image must be the image its name says."""
    root = reading.read(source)
    if isinstance(root, Problem):
        return Result(None, None, (root,))
    walk = Walk(files=files)
    data = construct(root, "", walk, {})
    version, checked = _read_version(root, walk)
    if checked:
        _check(root, SCHEMA, "", walk, None)
    problems = sorted(walk.problems, key=lambda p: (p.line or 0, p.column or 0))
    return Result(version, data, tuple(problems))


def _read_version(root: MappingNode, walk: Walk) -> tuple[str | None, bool]:
    """The version as written, and whether the rest is checked: not when the version is one the
    reference parser does not know (nor anything else after it, as there). A missing version is
    reported by the walk, which then checks the file as the latest."""
    _, node = entries(root).get("publiccodeYmlVersion", (None, None))
    if node is None:
        return None, True
    if not isinstance(node, ScalarNode) or node.tag in (NULL, BOOL):
        message = Message(
            'expected a version such as "%(version)s"; got %(found)s', version="0", found=kind(node)
        )
        walk.error("publiccodeYmlVersion", message, node)
        return None, False
    declared = DECLARED.get(node.value)
    if declared is None:
        message = Message(
            "unsupported publiccodeYmlVersion %(version)s; supported: %(supported)s",
            version=show(node.value),
            supported=", ".join(SUPPORTED_VERSIONS),
        )
        walk.error("publiccodeYmlVersion", message, node)
        return node.value, False
    if declared < LATEST:
        message = Message(
            "publiccodeYmlVersion %(version)s is not the latest; the file is checked as the "
            'latest, %(latest)s (write "0" for the latest 0.x)',
            version=show(node.value),
            latest=show_version(LATEST),
        )
        walk.warn("publiccodeYmlVersion", message, node)
    return node.value, True


def _check(node: Node, spec: Spec, path: str, walk: Walk, at: Node | None) -> None:
    """Check a value against its spec; `at` is where a key missing inside it is reported: the
    value's own key, or the list item; None at the top, where a missing key has no place."""
    _CHECKERS[type(spec)](node, spec, path, walk, at)


def _check_text(node: Node, spec: Text, path: str, walk: Walk, at: Node | None) -> None:
    if not isinstance(node, ScalarNode) or node.tag == NULL:
        walk.error(path, Message("expected a string; got %(found)s", found=kind(node)), node)
        return
    if node.tag in (INT, FLOAT, BOOL):  # the reference parser takes them as their text
        if node.tag == BOOL:
            message = Message(
                "%(value)s is read as a boolean, not as text; put it in quotes", value=node.value
            )
        else:
            message = Message(
                "%(value)s is read as a number, not as text; put it in quotes", value=node.value
            )
        (walk.error if spec.strict else walk.warn)(path, message, node)
    if node.value == "" and not spec.blank:
        return
    if spec.check is not None and (error := spec.check(node.value)):
        walk.error(path, error, node)
    elif spec.beside is not None and walk.files is not None:
        image = spec.beside is not Beside.FILE
        if error := beside.problem(node.value, image, walk.files):
            walk.error(path, error, node)
    if spec.advice is not None and (advice := spec.advice(node.value)):
        walk.warn(path, advice, node)


_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def _check_flag(node: Node, spec: Flag, path: str, walk: Walk, at: Node | None) -> None:
    if isinstance(node, ScalarNode) and node.tag == BOOL:
        return
    if isinstance(node, ScalarNode) and node.tag == STR and node.value.lower() in _YAML11_BOOLEANS:
        message = Message(
            "%(value)s is a boolean only in YAML 1.1; write true or false", value=repr(node.value)
        )
    else:
        message = Message("expected true or false; got %(found)s", found=kind(node))
    walk.error(path, message, node)


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
        else:
            walk.error(join(path, name), _unknown(name, spec), key_node)
    for name, key in spec.keys.items():
        if name not in present and key.required:
            walk.error(
                join(path, name), Message("required key %(key)s is missing", key=repr(name)), at
            )
    for rule in spec.rules:
        rule(present, path, walk, at)


def _unknown(name: str, spec: Fields) -> Message:
    if spec.unknown is not None and (message := spec.unknown(name)) is not None:
        return message
    if (match := close_match(name, spec.keys)) is None:
        return Message("unknown key %(key)s; check the spelling", key=repr(name))
    return Message(
        "unknown key %(key)s; check the spelling; did you mean %(match)s?",
        key=repr(name),
        match=match,
    )


def _check_key(name: str, key: Key, key_node: Node, value: Node, path: str, walk: Walk) -> None:
    if key.deprecated:
        walk.warn(path, _deprecated(name, key.instead), key_node)
    if key.required and (is_blank(value) or _no_language(value, key.spec)):
        message = Message("%(key)s is required and must not be empty", key=repr(name))
        walk.error(path, message, value)
    elif not is_null(value):
        _check(value, key.spec, path, walk, key_node)


def _no_language(value: Node, spec: Spec) -> bool:
    return isinstance(spec, Languages) and isinstance(value, MappingNode) and not value.value


def _deprecated(name: str, instead: str | None) -> Message:
    if instead is None:
        return Message("%(key)s is deprecated; remove it", key=repr(name))
    return Message(
        "%(key)s is deprecated; use %(instead)s instead", key=repr(name), instead=instead
    )


def _check_languages(node: Node, spec: Languages, path: str, walk: Walk, at: Node | None) -> None:
    if not isinstance(node, MappingNode):
        message = Message(
            "expected a mapping of language codes (nl, en); got %(found)s", found=kind(node)
        )
        walk.error(path, message, node)
        return
    for tag, (key_node, value_node) in entries(node).items():
        if problem := language(tag):
            walk.error(join(path, tag), problem, key_node)
        _check(value_node, spec.value, join(path, tag), walk, key_node)


_CHECKERS: Mapping[type, Callable[[Node, Any, str, Walk, Node | None], None]] = {
    Text: _check_text,
    Flag: _check_flag,
    Items: _check_items,
    Fields: _check_fields,
    Languages: _check_languages,
}
