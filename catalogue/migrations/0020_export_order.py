# SPDX-License-Identifier: EUPL-1.2
"""Indexes in the order code.json reads an entry's repositories (by full name, then id) and a
repository's languages (by position): its one statement a batch then walks them in order
instead of sorting each entry's few rows (ADR 0010). The index on repository.software_id
stays: the ORM's models declare it."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_repository_software_name" '
    'ON "repository" ("software_id", "full_name", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_repository_language_position" '
    'ON "repository_language" ("repository_id", "position")',
)
DROP_INDEXES = tuple(f"DROP INDEX IF EXISTS {statement.split()[5]}" for statement in INDEXES)


async def _run(schema_editor: Any, statements: tuple[str, ...]) -> None:
    client = schema_editor.client
    for statement in statements:
        if client.capabilities.dialect == "postgres":
            await client.execute_script(statement)
        else:  # one statement at a time: a script would commit the migration's transaction
            await client.execute_query(statement)


async def forward(apps: Any, schema_editor: Any) -> None:
    await _run(schema_editor, INDEXES)


async def backward(apps: Any, schema_editor: Any) -> None:
    await _run(schema_editor, DROP_INDEXES)


class Migration(migrations.Migration):
    dependencies = [('catalogue', '0019_website_proof')]

    initial = False

    operations = [ops.RunPython(forward, backward)]
