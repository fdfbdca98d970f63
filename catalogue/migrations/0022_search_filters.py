# SPDX-License-Identifier: EUPL-1.2
"""SQLite: the full-text index gets a seventh column, `filters`, with a token per licence and
per language of each entry (`l` or `g` and the value's UTF-8 bytes in hex), so that a search
with those filters finds its matches in the index alone instead of probing two tables per
match (ADR 0014). FTS5 cannot add a column: the table is made again, the indexed text copied
over (no stemming needed) and the tokens written in SQL. Triggers on software_licence queue
an entry whose licences change; the languages' triggers exist (0013). PostgreSQL: nothing.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

TEXT = "name, organisation, topics, languages, text, publiccode"
COPIED = "f.name, f.organisation, f.topics, f.languages, f.text, f.publiccode"
OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
TOKENS = (
    "trim(coalesce((SELECT group_concat('l' || lower(hex(l.identifier)), ' ') "
    "FROM software_licence l WHERE l.software_id = f.rowid), '') || ' ' || "
    "coalesce((SELECT group_concat('g' || lower(hex(rl.key)), ' ') FROM repository r "
    "JOIN repository_language rl ON rl.repository_id = r.id WHERE r.software_id = f.rowid), ''))"
)
QUEUE = "INSERT INTO search_pending (software_id)"
FORWARD = (
    f"CREATE VIRTUAL TABLE software_fts_new USING fts5({TEXT}, filters, {OPTIONS})",
    f"INSERT INTO software_fts_new (rowid, {TEXT}, filters) "
    f"SELECT f.rowid, {COPIED}, {TOKENS} "
    f"FROM software_fts f ORDER BY f.rowid",
    "DROP TABLE software_fts",
    "ALTER TABLE software_fts_new RENAME TO software_fts",
    f"CREATE TRIGGER search_licence_insert AFTER INSERT ON software_licence "
    f"BEGIN {QUEUE} VALUES (NEW.software_id); END",
    f"CREATE TRIGGER search_licence_update AFTER UPDATE ON software_licence "
    f"BEGIN {QUEUE} VALUES (OLD.software_id); {QUEUE} VALUES (NEW.software_id); END",
    f"CREATE TRIGGER search_licence_delete AFTER DELETE ON software_licence "
    f"BEGIN {QUEUE} VALUES (OLD.software_id); END",
)
BACKWARD = (
    "DROP TRIGGER IF EXISTS search_licence_insert",
    "DROP TRIGGER IF EXISTS search_licence_update",
    "DROP TRIGGER IF EXISTS search_licence_delete",
    f"CREATE VIRTUAL TABLE software_fts_old USING fts5({TEXT}, {OPTIONS})",
    f"INSERT INTO software_fts_old (rowid, {TEXT}) "
    f"SELECT f.rowid, {COPIED} FROM software_fts f "
    f"ORDER BY f.rowid",
    "DROP TABLE software_fts",
    "ALTER TABLE software_fts_old RENAME TO software_fts",
)


async def _run(schema_editor: Any, statements: tuple[str, ...]) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        return
    for statement in statements:  # one at a time: a script would commit the transaction
        await client.execute_query(statement)


async def forward(apps: Any, schema_editor: Any) -> None:
    await _run(schema_editor, FORWARD)


async def backward(apps: Any, schema_editor: Any) -> None:
    await _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [('catalogue', '0021_search_names')]

    initial = False

    operations = [ops.RunPython(forward, backward)]
