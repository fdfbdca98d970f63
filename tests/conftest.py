# SPDX-License-Identifier: EUPL-1.2
"""Central fixtures: a database migrated once per session, each test inside a transaction that
is rolled back at its end, an HTTP client, and a query counter.

Every test that takes `db` runs on SQLite; set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL
URL (postgres://...) to run the same tests on PostgreSQL instead. That database is emptied;
under pytest-xdist each worker uses a database of its own beside it (the name with `_gw0`,
`_gw1`, ... appended), created for the session and dropped after it.

A test runs inside one transaction that is rolled back when it ends, so nothing it wrote is
left for the next one; code under test that opens a transaction of its own gets a savepoint in
it. Tests marked `commits` get real commits instead, on tables emptied before and after them:
those whose writes another connection, thread or process must see, and those that run
database work concurrently.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx
import pytest
from argon2 import PasswordHasher
from tortoise import Tortoise
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext, get_current_context
from tortoise.transactions import in_transaction

from catalogue import collector
from catalogue import db as database
from catalogue.accounts.credentials import HASHING
from catalogue.app import create_app
from catalogue.settings import Settings, sqlite_path
from catalogue.vulnerabilities import triggers as vulnerability_triggers
from catalogue.webhooks import outbox

TEST_DATABASE_URL = os.environ.get("OPENTENZIJ_TEST_DATABASE_URL", "")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ... under pytest-xdist
# As in every composition root: webhooks hear of the writes the tests make.
outbox.subscribe_to_audit()
vulnerability_triggers.subscribe_to_audit()
# argon2 at the least cost it allows (stored hashes keep their parameters, so the code paths
# are the same); production keeps the library's recommended cost.
HASHING.use(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
# No test reaches a real host: apps the tests serve (and their subprocesses, which inherit this)
# run no scheduled jobs and visit none of their own pages unless a test turns them on, and OSV
# is a closed loopback port unless a test serves its fake there.
os.environ.setdefault("OPENTENZIJ_SCHEDULER", "0")
os.environ.setdefault("OPENTENZIJ_WARM_UP", "0")  # tests/catalogue/web/test_warm_up.py has it on
os.environ["OPENTENZIJ_OSV_URL"] = "http://127.0.0.1:9"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


# --- the database of the session --------------------------------------------------------------


def _asyncpg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def reset_postgres_schema(url: str) -> None:
    """Drop everything in the database's public schema (the test database only)."""
    connection = await asyncpg.connect(_asyncpg_url(url))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


async def recreate_postgres_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    """Drop the database `name` if it exists and, unless `drop_only`, create it empty; through
    a connection to the database at `admin_url`."""
    connection = await asyncpg.connect(_asyncpg_url(admin_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            await connection.execute(f'CREATE DATABASE "{name}"')
            # A test database need not survive a crash: commits need not wait for the disk.
            await connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    finally:
        await connection.close()


# The fixtures through which a test uses the test database.
DATABASE_FIXTURES = frozenset({"database_url", "orm_session", "db", "module_db", "client"})


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep what start-up and collection made (every module, thousands of test items) out of
    the garbage collector's later passes, as a served worker does (ADR 0010): a full pass over
    all of it again and again made work that allocates many objects (migrating above all)
    several times slower in a test process than on its own."""
    collector.freeze_start_up()


@pytest.fixture
def refreeze() -> Iterator[None]:
    """For a test that freezes or pauses the collector: afterwards it runs again, with what is
    alive then kept out of its passes (as after collection)."""
    yield
    gc.unfreeze()
    gc.enable()
    collector.freeze_start_up()


@pytest.fixture(autouse=True)
def switch_interval() -> Iterator[None]:
    """A served app's lifespan shortens the GIL's switch interval for its process (catalogue.
    handover); in the tests' process it is Python's again after each test."""
    interval = sys.getswitchinterval()
    yield
    sys.setswitchinterval(interval)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run what can differ there: the tests that use the test database (through
    its fixtures, or marked `postgres`). The others (pure functions, the CLI and served sites on
    SQLite files of their own, the browser) do the same on either run; the SQLite run runs them."""
    if not is_postgres(TEST_DATABASE_URL):
        return
    kept, deselected = [], []
    for item in items:
        uses_database = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        marked = item.get_closest_marker("postgres") is not None
        (kept if uses_database or marked else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with every migration applied, built once per session (per worker), for
    tests to copy instead of migrating a new file step by step."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    asyncio.run(database.upgrade(f"sqlite://{path}"))
    return path


@pytest.fixture(scope="session")
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database with every migration applied, once per session (and per worker)."""
    if not is_postgres(TEST_DATABASE_URL):
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite://{path}"
        return
    if not WORKER:
        asyncio.run(reset_postgres_schema(TEST_DATABASE_URL))
        asyncio.run(database.upgrade(TEST_DATABASE_URL))
        yield TEST_DATABASE_URL
        return
    base, name = TEST_DATABASE_URL.rsplit("/", 1)
    own = f"{name}_{WORKER}"
    asyncio.run(recreate_postgres_database(TEST_DATABASE_URL, own))
    try:
        url = f"{base}/{own}"
        asyncio.run(database.upgrade(url))
        yield url
    finally:
        asyncio.run(recreate_postgres_database(TEST_DATABASE_URL, own, drop_only=True))


class SessionORM:
    """The ORM connected to the test database for the whole session.

    Every ORM context shares the model classes, and one that a test opens (the CLI in-process,
    another database) binds their queries to its own database; `bind` binds them back."""

    def __init__(self, context: TortoiseContext) -> None:
        assert context.apps is not None
        self.apps = context.apps
        self.model = next(iter(self.apps.apps["catalogue"].values()))
        self.basequery = self.model._meta.basequery

    def bind(self) -> None:
        if self.model._meta.basequery is not self.basequery:
            EXECUTOR_CACHE.clear()
            self.apps._build_initial_querysets()  # as the context's init did
            self.basequery = self.model._meta.basequery


@pytest.fixture(scope="session")
async def orm_session(database_url: str) -> AsyncIterator[SessionORM]:
    async with database.connected(database_url):
        context = get_current_context()
        assert context is not None
        yield SessionORM(context)


# --- a database per test ----------------------------------------------------------------------


async def empty_tables() -> None:
    """Empty every table (and restart the ids); inside a transaction, for that transaction."""
    connection = Tortoise.get_connection("default")
    tables = [model._meta.db_table for model in Tortoise.apps["catalogue"].values()]
    tables.append("software_language")  # kept by triggers, not a model (migration 0023)
    if is_postgres(TEST_DATABASE_URL):
        quoted = ", ".join(f'"{table}"' for table in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        return
    # Statement by statement: an SQLite script would commit an open transaction first. Inside
    # a transaction `foreign_keys` cannot change, but the checks can wait for its end.
    async with connection.acquire_connection() as sqlite:
        for statement in (
            "PRAGMA foreign_keys=OFF",
            "PRAGMA defer_foreign_keys=ON",
            *(f'DELETE FROM "{table}"' for table in tables),
            "DELETE FROM sqlite_sequence",
            "PRAGMA foreign_keys=ON",
        ):
            await sqlite.execute(statement)


Sequences = tuple[list[str], list[int], list[bool]]


async def postgres_sequences() -> Sequences:
    """Each sequence's state: sequences do not roll back, so it is set back by hand."""
    async with Tortoise.get_connection("default").acquire_connection() as postgres:
        rows = await postgres.fetch(
            "SELECT quote_ident(sequencename) AS name, last_value FROM pg_sequences"
            " WHERE schemaname = 'public'"
        )
    return (
        [row["name"] for row in rows],
        [row["last_value"] or 1 for row in rows],
        [row["last_value"] is not None for row in rows],
    )


async def set_postgres_sequences(state: Sequences) -> None:
    async with Tortoise.get_connection("default").acquire_connection() as postgres:
        await postgres.execute(
            "SELECT setval(name::regclass, value, called)"
            " FROM unnest($1::text[], $2::bigint[], $3::bool[]) AS s(name, value, called)",
            *state,
        )


class RolledBack(Exception):
    """Ends a block's transaction (or savepoint) by rolling it back."""


@asynccontextmanager
async def rolled_back() -> AsyncIterator[None]:
    """A transaction for the block that is always rolled back (a savepoint, within another
    one); in it, every in_transaction() of the code under test is a savepoint. On PostgreSQL
    the ids, too, start again where they were."""
    sequences = await postgres_sequences() if is_postgres(TEST_DATABASE_URL) else None
    try:
        async with in_transaction():
            yield
            raise RolledBack
    except RolledBack:
        pass
    finally:
        if sequences is not None:
            await set_postgres_sequences(sequences)


@asynccontextmanager
async def tasks_ended() -> AsyncIterator[None]:
    """Cancel the tasks started in the block that are still running at its end, as the end of
    an event loop of the test's own would: none outlives its test in the session's loop."""
    before = asyncio.all_tasks()
    try:
        yield
    finally:
        left = asyncio.all_tasks() - before - {asyncio.current_task()}
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)


@pytest.fixture(scope="module")
async def module_db(database_url: str, orm_session: SessionORM) -> AsyncIterator[str]:
    """The test database in a transaction for a whole module, rolled back after it. Data that
    every test of the module starts from, written by a module-scoped fixture that takes this
    one, is written once; each test rolls back to it. (Not for tests marked `commits`.)"""
    orm_session.bind()
    async with rolled_back(), tasks_ended():
        yield database_url


@pytest.fixture
async def db(
    request: pytest.FixtureRequest, database_url: str, orm_session: SessionORM
) -> AsyncIterator[str]:
    """The ORM on the test database, with every table empty (or holding what the module's
    fixtures wrote, see module_db): the test's writes are rolled back after it, or (marked
    `commits`) committed and the tables emptied again."""
    orm_session.bind()
    if request.node.get_closest_marker("commits") is None:
        async with rolled_back(), tasks_ended():
            yield database_url
        return
    if isinstance(Tortoise.get_connection("default"), TransactionalDBClient):
        pytest.fail("a test marked `commits` cannot run inside module_db's transaction")
    await empty_tables()
    try:
        async with tasks_ended():
            yield database_url
    finally:
        await empty_tables()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
async def client(db: str, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the real app in this test's event loop (and transaction)."""
    app = create_app(settings, connect=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def migrated_from_template(sqlite_template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands (and tests) that migrate a new SQLite file get a copy of the session's migrated
    template first, so that the migrations find nothing left to do; an existing file, or one
    that is never migrated, is left alone."""
    upgrade = database.upgrade

    async def upgrade_from_template(database_url: str) -> None:
        path = sqlite_path(database_url)
        if path is not None and not path.exists():
            database.ensure_sqlite_folder(database_url)
            shutil.copyfile(sqlite_template, path)
        await upgrade(database_url)

    monkeypatch.setattr(database, "upgrade", upgrade_from_template)


STATEMENTS = {"SELECT", "WITH", "EXPLAIN", "INSERT", "UPDATE", "DELETE"}


class QueryCounter(logging.Handler):
    """Counts the SQL statements the ORM sends (reads, writes, and the planner's estimates)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple):
            statement = str(record.args[0]).lstrip()
            if statement.split(" ", 1)[0].upper() in STATEMENTS:
                self.statements.append(statement)


@pytest.fixture
def count_queries() -> Iterator[QueryCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter, level = QueryCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(level)


@pytest.fixture
def reference_dir() -> Path:
    """The shared reference data, when present beside the checkout."""
    return Path(__file__).resolve().parents[2] / "shared" / "reference"
