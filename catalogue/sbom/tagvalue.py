# SPDX-License-Identifier: EUPL-1.2
"""spdx-tools' tag-value parser, made fit for a server: parse tables built once per
process and kept in memory, and the shared licensing object instead of one per licence."""

from __future__ import annotations

import os
import re
import types
from functools import cache, wraps
from typing import Any

from license_expression import ExpressionError
from ply import yacc
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.parser.tagvalue.parser import Parser as TagValueParser

_VERSION = re.compile(r"^[ \t]*SPDXVersion:[ \t]*(\S*)", re.MULTILINE)


def version(text: str) -> str | None:
    """The SPDXVersion the document gives, read before the parser is handed it."""
    match = _VERSION.search(text)
    return match.group(1) if match else None


class _TagValueParser(TagValueParser):
    """spdx-tools' tag-value parser, less a licensing object built per licence expression
    (license_expression.get_spdx_licensing(), 25 ms each): it uses spdx-tools' shared one,
    as its JSON and RDF parsers do."""

    def __init__(self, **options: Any) -> None:  # typed: spdx-tools' own is not
        super().__init__(**options)  # type: ignore[no-untyped-call]  # spdx-tools is untyped

    @wraps(TagValueParser.p_license)  # the grammar rule is the docstring
    def p_license(self, p: Any) -> None:
        try:
            p[0] = spdx_licensing.parse(p[1])
        except ExpressionError as error:
            message = f"Error while parsing license expression: {p[1]}"
            if error.args:
                message += f": {error.args[0]}"
            self.current_element["logger"].append(message)

    # ply orders grammar rules by line number: keep this one where the original is.
    p_license.co_firstlineno = TagValueParser.p_license.__code__.co_firstlineno  # type: ignore[attr-defined]


@cache
def _tables() -> types.ModuleType:
    """The tag-value grammar's parse tables, built once per process. ply takes half a
    second to build them and by default writes them into site-packages; here they live in
    a module object, which ply's yacc() accepts as its table module."""
    built = _TagValueParser(write_tables=False, debug=False, errorlog=yacc.NullLogger()).yacc
    tables = types.ModuleType("spdx_tag_value_tables")
    tables.__file__ = __file__
    vars(tables).update(
        _tabversion=yacc.__tabversion__,
        _lr_signature=None,  # optimize=True skips the check
        _lr_method="LALR",
        _lr_action=built.action,
        _lr_goto=built.goto,
        _lr_productions=[
            (p.str, p.name, p.len, p.func, os.path.basename(p.file), p.line)
            if p.func
            else (p.str, p.name, p.len, None, None, None)
            for p in built.productions
        ],
    )
    return tables


def parser() -> TagValueParser:
    """A fresh parser (it keeps state while parsing) on the shared, read-only tables."""
    return _TagValueParser(
        tabmodule=_tables(),
        optimize=True,
        write_tables=False,
        debug=False,
        errorlog=yacc.NullLogger(),
    )
