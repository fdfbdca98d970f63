# SPDX-License-Identifier: EUPL-1.2
"""PostgreSQL: a GIN index over the name part (weight A) of each search document, so that a
search finds the entries whose name matches without reading every match (ADR 0014). SQLite
needs none: it tells a name match by bm25 over the name column alone."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEX = (
    "CREATE INDEX IF NOT EXISTS software_search_name "
    "ON software_search USING GIN (ts_filter(document, '{a}'))"
)
DROP_INDEX = "DROP INDEX IF EXISTS software_search_name"


async def forward(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(INDEX)


async def backward(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [('catalogue', '0020_export_order')]

    initial = False

    operations = [ops.RunPython(forward, backward)]
