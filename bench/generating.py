# SPDX-License-Identifier: EUPL-1.2
"""The one catalogue generator of the benchmarks: `generate(database_url, rows)` migrates the
database, loads the demo data, then writes `rows` synthetic entries, each with a repository,
two languages and mostly a licence: with COPY on PostgreSQL (the search triggers off for the
session, the index then built whole) and executemany in large transactions on SQLite.

The words are drawn from WORDS, so a common word is in about a third of the entries; RARE
is in one entry in RARE_EVERY.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise import Tortoise

from catalogue import db
from catalogue.demo.loading import load_demo
from catalogue.organisations.models import Organisation
from catalogue.software import search
from catalogue.software.models import ReleaseStatus, Software

WORDS = (
    "zaak afhandeling burger melding subsidie vergunning register kaart data api portaal "
    "belasting toeslag gemeente provincie water energie zorg onderwijs archief"
).split()
RARE, RARE_EVERY = "omgevingswet", 5000
LICENCES = ("EUPL-1.2", "MIT", "Apache-2.0", "AGPL-3.0-only", "MPL-2.0", None)
LANGUAGES = ("Python", "Java", "TypeScript", "JavaScript", "Go", "C#", "PHP", "Kotlin")
TOPICS = ("open-data", "geo", "woo", "common-ground", "haal-centraal")
BATCH = 20_000


async def generate(database_url: str, rows: int) -> None:
    """The demo data, then `rows` generated software entries written in bulk, indexed."""
    await db.upgrade(database_url)
    async with db.connected(database_url):
        await load_demo()
        organisations = list(await Organisation.all().values_list("id", flat=True))
        last = await Software.all().order_by("-id").first()
        start = (last.id if last else 0) + 1
        client = Tortoise.get_connection("default")
        postgres = client.capabilities.dialect == "postgres"
        chance = random.Random(2026)
        for first in range(start, start + rows, BATCH):
            batch = _batch(range(first, min(first + BATCH, start + rows)), organisations, chance)
            if postgres:
                await _copy(client, batch)
            else:
                await _insert(client, batch)
        if postgres:
            for table in ("software", "repository"):
                await client.execute_script(
                    f"SELECT setval('{table}_id_seq', (SELECT MAX(id) FROM {table}))"
                )
        await search.rebuild()
        # As autovacuum would before long: statistics for the planner, a fresh visibility map.
        await client.execute_script("VACUUM ANALYZE" if postgres else "ANALYZE")


Tables = dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]


def _batch(ids: range, organisations: list[int], chance: random.Random) -> Tables:
    now = datetime.now(UTC)
    software, repositories, languages, licences = [], [], [], []
    for number in ids:
        words = chance.sample(WORDS, 6)
        if number % RARE_EVERY == 0:
            words[5] = RARE
        licence = chance.choice(LICENCES)
        name, description = f"{words[0]}-{words[1]}-{number}", " ".join(words)
        moment = now - timedelta(seconds=number)
        status = chance.choice(list(ReleaseStatus)).value
        software.append(
            (number, moment, moment, name, chance.choice(organisations), description, "",
             status, licence, "demo", "[]", "[]", name.casefold(), f"{name}\n{description}")
        )  # fmt: skip
        repositories.append(
            (number, moment, moment, number, "github", f"https://github.com/bench/{number}",
             f"bench/{number}", " ".join(words[:3]), json.dumps([chance.choice(TOPICS)]),
             0, 0, False, 0, False, True, moment, "demo")
        )  # fmt: skip
        for position, language in enumerate(chance.sample(LANGUAGES, 2)):
            languages.append((number, language, language.lower(), position))
        if licence:
            licences.append((number, licence))
    return {
        "software": (
            ("id", "created_at", "updated_at", "name", "organisation_id", "description_nl",
             "description_en", "release_status", "licence", "source", "edited_fields",
             "harvested_fields", "sort_name", "search_text"),
            software,
        ),
        "repository": (
            ("id", "created_at", "updated_at", "software_id", "forge", "url", "full_name",
             "description", "topics", "stars", "forks", "archived", "open_issues",
             "has_publiccode", "active", "first_seen_at", "source"),
            repositories,
        ),
        "repository_language": (("repository_id", "name", "key", "position"), languages),
        "software_licence": (("software_id", "identifier"), licences),
    }  # fmt: skip


async def _copy(client: Any, tables: Tables) -> None:
    async with client.acquire_connection() as connection, connection.transaction():
        # The index is built whole afterwards: no queue of millions of rows.
        await connection.execute("SET LOCAL session_replication_role = replica")
        for table, (columns, records) in tables.items():
            await connection.copy_records_to_table(table, records=records, columns=columns)


async def _insert(client: Any, tables: Tables) -> None:
    async with client.acquire_connection() as connection:
        await connection.execute("BEGIN")
        for table, (columns, records) in tables.items():
            marks = ", ".join("?" * len(columns))
            await connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                [tuple(_sqlite(value) for value in record) for record in records],
            )
        await connection.execute("COMMIT")


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value
