# SPDX-License-Identifier: EUPL-1.2
"""What every command that uses the database shares: the settings from the environment, and
running work against the database. Only `serve` and `db upgrade` change the schema; every
other command refuses a database that is not up to date and says what to run.

Imports nothing heavy at its top: the ORM loads when a command reaches the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import click

from catalogue.settings import ConfigurationError, Settings, redact_url, sqlite_path

if TYPE_CHECKING:
    from catalogue.db import SchemaState

T = TypeVar("T")
UPGRADE = "opentenzij db upgrade"


def settings() -> Settings:
    """The settings from the environment; exit with the reason when they are unfit."""
    try:
        result = Settings.from_env()
        result.check()
    except ConfigurationError as error:
        raise click.ClickException(f"configuration: {error}") from None
    return result


class DatabaseUnavailable(click.ClickException):
    """The database does not answer (now): a command may wait, `serve` starts anyway."""


def run_with_database(work: Callable[[], Awaitable[T]], *, url: str, migrate: bool = False) -> T:
    """Connect to the database at `url` and run `work`; with `migrate`, apply pending migrations
    first, without it refuse (exit 1, naming `opentenzij db upgrade`) a database that needs them.
    An unreachable database is a clear error too."""
    import asyncio

    from tortoise.exceptions import BaseORMException

    from catalogue import db
    from catalogue.vulnerabilities import triggers
    from catalogue.webhooks import outbox

    async def main() -> T:
        outbox.subscribe_to_audit()  # the CLI is a composition root: webhooks hear its writes
        triggers.subscribe_to_audit()  # and a stored SBOM brings the vulnerability check forward
        if migrate:
            await db.upgrade(url)
        elif _missing(url):
            raise _not_up_to_date(url, None)
        async with db.connected(url):
            if not migrate and (state := await db.schema_state()).pending:
                raise _not_up_to_date(url, state)
            return await work()

    try:
        return asyncio.run(main())
    except Exception as error:
        if not isinstance(error, OSError | BaseORMException) and not db.unavailable(error):
            raise
        refusal = DatabaseUnavailable if db.unavailable(error) else click.ClickException
        raise refusal(
            f"cannot use the database at {redact_url(url)}: {error or type(error).__name__}"
        ) from None


def _missing(url: str) -> bool:
    """True for an SQLite file that does not exist yet: looking would create it."""
    path = sqlite_path(url)
    return path is not None and not path.exists()


def _not_up_to_date(url: str, state: SchemaState | None) -> click.ClickException:
    """The refusal of a database without (all) its tables, naming the command that makes them."""
    where = redact_url(url)
    if state is None:
        problem = f"there is no database at {where} yet"
    elif not state.applied:
        problem = f"the database at {where} is empty"
    else:
        names = ", ".join(state.pending)
        problem = f"the database at {where} needs migrations not applied yet ({names})"
    return click.ClickException(f"{problem}; run `{UPGRADE}` first")
