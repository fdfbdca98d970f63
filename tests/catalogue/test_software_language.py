# SPDX-License-Identifier: EUPL-1.2
"""`software_language`, each entry's language keys (migration 0023): kept by triggers as the
languages of the entry's repositories whatever writes them, filled in for an existing
catalogue, and what the language filter reads; on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import importlib
import random
from types import SimpleNamespace

import asyncpg
import pytest
from tortoise import Tortoise

from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import Organisation
from catalogue.paging import PageRequest
from catalogue.software import queries, search
from catalogue.software.models import Repository, RepositoryLanguage, Software
from tests.factories import make_organisation, make_software

KEYS = ("python", "go", "c#", "rust")
TRUTH = (
    "SELECT DISTINCT r.software_id AS s, rl.key AS k FROM repository r "
    "JOIN repository_language rl ON rl.repository_id = r.id WHERE r.software_id IS NOT NULL"
)


async def pairs(sql: str) -> set[tuple[int, str]]:
    rows = await Tortoise.get_connection("default").execute_query_dict(sql)
    return {(int(row["s"]), str(row["k"])) for row in rows}


async def kept() -> set[tuple[int, str]]:
    return await pairs("SELECT software_id AS s, key AS k FROM software_language")


async def new_repository(software: Software | None, number: int) -> Repository:
    return await Repository.create(
        software=software, forge=ForgeKind.GITHUB, url=f"https://github.com/o/r{number}",
        full_name=f"o/r{number}",
    )  # fmt: skip


async def test_the_keys_follow_every_write_of_languages_and_repositories(db: str) -> None:
    """A seeded run of 150 writes of every kind: after each, the table holds exactly the keys
    of each entry's repositories (several repositories sharing a key; repositories moved,
    detached, deleted; languages added, renamed, removed; entries deleted)."""
    town = await make_organisation()
    entries = [await make_software(town, languages=()) for _ in range(3)]
    repositories = [await new_repository(entries[n % 3], n) for n in range(5)]
    chance, number = random.Random(21), 100
    kinds = {"add": 0, "rename": 0, "remove": 0, "move": 0, "detach": 0, "delete": 0, "drop": 0}
    for _ in range(150):
        kind = chance.choices(list(kinds), weights=(6, 2, 3, 3, 1, 1, 1))[0]
        repository = chance.choice(repositories)
        held = await RepositoryLanguage.filter(repository=repository)
        if kind == "add" and (free := sorted(set(KEYS) - {row.key for row in held})):
            key = chance.choice(free)
            await RepositoryLanguage.create(repository=repository, name=key, key=key)
        elif kind == "rename" and held and (free := sorted(set(KEYS) - {r.key for r in held})):
            await RepositoryLanguage.filter(id=chance.choice(held).pk).update(
                key=chance.choice(free)
            )
        elif kind == "remove" and held:
            await chance.choice(held).delete()
        elif kind == "move":
            await Repository.filter(id=repository.pk).update(software_id=chance.choice(entries).pk)
        elif kind == "detach":
            await Repository.filter(id=repository.pk).update(software_id=None)
        elif kind == "delete":
            await Repository.filter(id=repository.pk).delete()
            repositories.remove(repository)
            number += 1
            repositories.append(await new_repository(chance.choice(entries), number))
        elif kind == "drop":  # an entry deleted: its repositories stay, detached
            gone = chance.choice(entries)
            await Software.filter(id=gone.pk).delete()
            entries.remove(gone)
            entries.append(await make_software(town, languages=()))
        else:
            continue
        kinds[kind] += 1
        assert await kept() == await pairs(TRUTH), kind
    assert all(kinds.values()), kinds  # every kind of write happened
    assert len(await kept()) >= 3  # and the table was not empty all along


async def test_an_existing_catalogue_is_filled_in_and_going_back_drops_the_table(
    db: str,
) -> None:
    """Migration 0023's steps, run by hand inside the test's transaction."""
    step = importlib.import_module("catalogue.migrations.0023_software_language")
    editor = SimpleNamespace(client=Tortoise.get_connection("default"))
    town = await make_organisation()
    await step.backward(None, editor)  # as at 0022
    first = await make_software(town, languages=("Go", "Python"), repositories=2)
    second = await make_software(town, languages=("Go",))
    await step.forward(None, editor)
    assert await kept() == {(first.pk, "go"), (first.pk, "python"), (second.pk, "go")}
    await RepositoryLanguage.filter(repository__software_id=second.pk).delete()
    assert await kept() == {(first.pk, "go"), (first.pk, "python")}  # its triggers too


async def names(**filters: str) -> list[str]:
    page = await queries.list_software(queries.SoftwareFilters(**filters), PageRequest())
    return sorted(summary.software.name for summary in page.items)


async def test_the_language_filter_reads_the_keys(db: str) -> None:
    """What a list, a count and a search with a language let through follows the repositories'
    languages."""
    town: Organisation = await make_organisation()
    await make_software(town, "Kaartlaag", languages=("Go",))
    viewer = await make_software(town, "Kaartviewer", languages=("Python", "Go"))
    assert await names(language="go") == ["Kaartlaag", "Kaartviewer"]
    assert await names(language="GO", q="kaart", sort="relevance") == ["Kaartlaag", "Kaartviewer"]
    await Repository.filter(software_id=viewer.pk).update(software_id=None)
    assert await names(language="go") == ["Kaartlaag"]
    assert await names(language="python") == []
    page = await queries.list_software(queries.SoftwareFilters(language="go"), PageRequest())
    assert page.total == 1


async def test_a_rebuild_writes_the_keys_a_bulk_load_left_out(db: str) -> None:
    """bench.generate loads with the triggers off, then rebuilds: the keys come back."""
    town = await make_organisation()
    first = await make_software(town, languages=("Go", "Python"))
    await make_software(town, languages=("Go",))
    truth = await pairs(TRUTH)
    connection = Tortoise.get_connection("default")
    await connection.execute_query("DELETE FROM software_language")
    await connection.execute_query(
        "INSERT INTO software_language (software_id, key) VALUES (?, 'cobol')"
        if not search.is_postgres()
        else "INSERT INTO software_language (software_id, key) VALUES ($1, 'cobol')",
        [first.pk],
    )  # and one the load got wrong
    assert await search.rebuild() == 2
    assert await kept() == truth


async def _waits_or_ends(watcher: asyncpg.Connection, pid: int, task: asyncio.Task[str]) -> bool:
    """Whether the statement of backend `pid` waits for a lock (True) or ended first (False):
    asked again and again, as each answer comes (no clock)."""
    for _ in range(100_000):
        if task.done():
            return False
        waiting = await watcher.fetchval(
            "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid
        )
        if waiting:
            return True
    raise AssertionError("the statement neither waited nor ended")


@pytest.mark.commits
async def test_two_writes_of_one_entrys_languages_at_once_take_turns(db: str) -> None:
    """PostgreSQL, READ COMMITTED: two transactions each removing `go` from another of the
    entry's two repositories would each see the other's still there, and leave a key that no
    repository holds; the triggers take the entry's row first, so the second waits for the
    first and sees what it committed. (SQLite has one writer at a time.)"""
    if not search.is_postgres():
        pytest.skip("SQLite runs one writing transaction at a time")
    town = await make_organisation()
    entry = await make_software(town, languages=("Go", "Python"), repositories=2)
    first, second = [r.pk for r in await Repository.filter(software_id=entry.pk).order_by("id")]
    url = db.replace("postgres://", "postgresql://", 1)
    one, two, watcher = [await asyncpg.connect(url) for _ in range(3)]
    remove = "DELETE FROM repository_language WHERE repository_id = $1 AND key = 'go'"
    try:
        earlier, later = one.transaction(), two.transaction()
        await earlier.start()
        await one.execute(remove, first)
        await later.start()
        removing = asyncio.ensure_future(two.execute(remove, second))
        assert await _waits_or_ends(watcher, two.get_server_pid(), removing)
        await earlier.commit()  # while the second waits
        await removing
        await later.commit()
    finally:
        for connection in (one, two, watcher):
            await connection.close()
    assert await kept() == await pairs(TRUTH) == {(entry.pk, "python")}
