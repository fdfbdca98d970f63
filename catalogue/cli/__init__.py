# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij` command. Each command group lives in a module of its own, imported only when
it is run or its help is shown; each of those modules imports what its commands use inside the
commands. So `opentenzij --help` and `opentenzij publiccode validate` start without loading the
ORM or the web app."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import click

COMMANDS = {
    "audit": "catalogue.cli.audit:audit",
    "db": "catalogue.cli.database:db",
    "decisions": "catalogue.cli.decisions:decisions",
    "demo": "catalogue.cli.demo:demo",
    "export": "catalogue.cli.exports:export",
    "federate": "catalogue.cli.federation:federate",
    "harvest": "catalogue.cli.harvest:harvest",
    "organisations": "catalogue.cli.organisations:organisations",
    "publiccode": "catalogue.cli.publiccode:publiccode",
    "redactions": "catalogue.cli.redactions:redactions",
    "sbom": "catalogue.cli.sbom:sbom",
    "serve": "catalogue.cli.serve:serve",
    "user": "catalogue.cli.users:user",
    "vulnerabilities": "catalogue.cli.vulnerabilities:vulnerabilities",
    "webhooks": "catalogue.cli.webhooks:webhooks",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """Commands by name, each imported from its "module:attribute" when first looked up.

    Listing the names imports nothing; a group holding this mapping as its `commands` imports
    a command's module only to run the command or to show its help."""

    def __init__(self, places: Mapping[str, str]) -> None:
        self._places = dict(places)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attribute = self._places[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(module), attribute)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        found = self._places.pop(name, None), self._loaded.pop(name, None)
        if found == (None, None):
            raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._places, *self._loaded]))

    def __len__(self) -> int:
        return len({*self._places, *self._loaded})


class LazyGroup(click.Group):
    """A click group whose sub-commands are named by "module:attribute" in `lazy_commands` and
    imported when used (the LazyGroup of click's documentation, on a lazy `commands` mapping,
    so that click's own lookup, listing and help work unchanged)."""

    def __init__(
        self, name: str | None, *, lazy_commands: Mapping[str, str], **kwargs: Any
    ) -> None:
        super().__init__(name, commands=LazyCommands(lazy_commands), **kwargs)


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="opentenzij")
def main() -> None:
    """opentenzij: the catalogue of Dutch government source code and the register of decisions
    not to release it. Configure it with OPENTENZIJ_* environment variables (see README)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


__all__ = ["COMMANDS", "LazyGroup", "main"]
