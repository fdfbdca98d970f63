# SPDX-License-Identifier: EUPL-1.2
"""The full-text index of the software entries and the indexes the list's filters and sorts
use (ADR 0009, docs/search.md).

Triggers on every table whose text an entry's document holds (software, repository,
repository_language, organisation, code_host_account) queue the entry in `search_pending`,
whatever wrote it; catalogue.software.search writes the queued entries' documents before each
search: an FTS5 table on SQLite (stemmed in Python), a tsvector with a GIN index on
PostgreSQL. Every existing entry is queued here, so an upgraded catalogue is indexed at its
first search.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

# The columns of each table whose change changes an entry's document.
SOFTWARE_TEXT = ("name", "description_nl", "description_en", "organisation_id", "publiccode_yml")
REPOSITORY_TEXT = ("software_id", "topics", "description")
ORGANISATION_TEXT = ("name", "slug")

INDEXES = (
    # The filters of the software list, each with the sort by name behind it.
    'CREATE INDEX IF NOT EXISTS "idx_software_current_name" '
    'ON "software" ("archived_at", "sort_name", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_software_status_name" '
    'ON "software" ("release_status", "sort_name", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_software_stage" ON "software" ("development_status")',
    'CREATE INDEX IF NOT EXISTS "idx_software_org_name" '
    'ON "software" ("organisation_id", "sort_name", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_software_licence_id" ON "software_licence" ("software_id")',
    'CREATE INDEX IF NOT EXISTS "idx_organisation_kind" ON "organisation" ("kind")',
    # What tells the facets' cache that the catalogue changed: index lookups, not scans.
    'CREATE INDEX IF NOT EXISTS "idx_repository_updated" ON "repository" ("updated_at")',
)
DROP_INDEXES = tuple(f"DROP INDEX IF EXISTS {statement.split()[5]}" for statement in INDEXES)


def _changed(columns: tuple[str, ...], postgres: bool) -> str:
    test = "IS DISTINCT FROM" if postgres else "IS NOT"
    return " OR ".join(f'OLD."{c}" {test} NEW."{c}"' for c in columns)


QUEUE = "INSERT INTO search_pending (software_id)"
SQLITE = (
    "CREATE TABLE search_pending (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "software_id INTEGER NOT NULL)",
    # The text of each field, each word replaced by its stem (catalogue.software.textsearch).
    "CREATE VIRTUAL TABLE software_fts USING fts5(name, organisation, topics, languages, "
    "text, publiccode, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    f"CREATE TRIGGER search_software_insert AFTER INSERT ON software "
    f"BEGIN {QUEUE} VALUES (NEW.id); END",
    f"CREATE TRIGGER search_software_update AFTER UPDATE ON software "
    f"WHEN {_changed(SOFTWARE_TEXT, False)} BEGIN {QUEUE} VALUES (NEW.id); END",
    f"CREATE TRIGGER search_software_delete AFTER DELETE ON software "
    f"BEGIN {QUEUE} VALUES (OLD.id); END",
    f"CREATE TRIGGER search_repository_insert AFTER INSERT ON repository "
    f"WHEN NEW.software_id IS NOT NULL BEGIN {QUEUE} VALUES (NEW.software_id); END",
    f"CREATE TRIGGER search_repository_update AFTER UPDATE ON repository "
    f"WHEN {_changed(REPOSITORY_TEXT, False)} BEGIN "
    f"{QUEUE} SELECT OLD.software_id WHERE OLD.software_id IS NOT NULL; "
    f"{QUEUE} SELECT NEW.software_id WHERE NEW.software_id IS NOT NULL; END",
    f"CREATE TRIGGER search_repository_delete AFTER DELETE ON repository "
    f"WHEN OLD.software_id IS NOT NULL BEGIN {QUEUE} VALUES (OLD.software_id); END",
    f"CREATE TRIGGER search_language_insert AFTER INSERT ON repository_language BEGIN "
    f"{QUEUE} SELECT software_id FROM repository WHERE id = NEW.repository_id "
    f"AND software_id IS NOT NULL; END",
    f"CREATE TRIGGER search_language_delete AFTER DELETE ON repository_language BEGIN "
    f"{QUEUE} SELECT software_id FROM repository WHERE id = OLD.repository_id "
    f"AND software_id IS NOT NULL; END",
    f"CREATE TRIGGER search_organisation_update AFTER UPDATE ON organisation "
    f"WHEN {_changed(ORGANISATION_TEXT, False)} BEGIN "
    f"{QUEUE} SELECT id FROM software WHERE organisation_id = NEW.id; END",
    f"CREATE TRIGGER search_account_insert AFTER INSERT ON code_host_account BEGIN "
    f"{QUEUE} SELECT id FROM software WHERE organisation_id = NEW.organisation_id; END",
    f"CREATE TRIGGER search_account_update AFTER UPDATE ON code_host_account "
    f"WHEN OLD.name IS NOT NEW.name OR OLD.organisation_id IS NOT NEW.organisation_id BEGIN "
    f"{QUEUE} SELECT id FROM software WHERE organisation_id IN "
    f"(OLD.organisation_id, NEW.organisation_id); END",
    f"CREATE TRIGGER search_account_delete AFTER DELETE ON code_host_account BEGIN "
    f"{QUEUE} SELECT id FROM software WHERE organisation_id = OLD.organisation_id; END",
)
SQLITE_DROP = (
    *(
        f"DROP TRIGGER IF EXISTS search_{name}"
        for name in (
            "software_insert software_update software_delete repository_insert "
            "repository_update repository_delete language_insert language_delete "
            "organisation_update account_insert account_update account_delete"
        ).split()
    ),
    "DROP TABLE IF EXISTS software_fts",
    "DROP TABLE IF EXISTS search_pending",
)


def _pg_trigger(table: str, body: str, events: str = "INSERT OR UPDATE OR DELETE") -> str:
    return (
        f"CREATE FUNCTION search_queue_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$; "
        f"CREATE TRIGGER search_queue AFTER {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION search_queue_{table}()"
    )


POSTGRES = (
    "CREATE TABLE search_pending (id BIGSERIAL PRIMARY KEY, software_id INTEGER NOT NULL)",
    # The document: each field under the dutch and the english configuration, weighted.
    "CREATE TABLE software_search (software_id INTEGER PRIMARY KEY "
    "REFERENCES software (id) ON DELETE CASCADE, document TSVECTOR NOT NULL)",
    "CREATE INDEX software_search_document ON software_search USING GIN (document)",
    _pg_trigger(
        "software",
        f"IF TG_OP = 'DELETE' THEN {QUEUE} VALUES (OLD.id); "
        f"ELSIF TG_OP = 'INSERT' OR {_changed(SOFTWARE_TEXT, True)} THEN "
        f"{QUEUE} VALUES (NEW.id); END IF;",
    ),
    _pg_trigger(
        "repository",
        f"IF TG_OP <> 'INSERT' AND OLD.software_id IS NOT NULL AND (TG_OP = 'DELETE' OR "
        f"{_changed(REPOSITORY_TEXT, True)}) THEN {QUEUE} VALUES (OLD.software_id); END IF; "
        f"IF TG_OP <> 'DELETE' AND NEW.software_id IS NOT NULL AND (TG_OP = 'INSERT' OR "
        f"{_changed(REPOSITORY_TEXT, True)}) THEN {QUEUE} VALUES (NEW.software_id); END IF;",
    ),
    _pg_trigger(
        "repository_language",
        f"{QUEUE} SELECT software_id FROM repository WHERE software_id IS NOT NULL AND "
        f"id = CASE WHEN TG_OP = 'DELETE' THEN OLD.repository_id ELSE NEW.repository_id END;",
        "INSERT OR DELETE",
    ),
    _pg_trigger(
        "organisation",
        f"IF {_changed(ORGANISATION_TEXT, True)} THEN "
        f"{QUEUE} SELECT id FROM software WHERE organisation_id = NEW.id; END IF;",
        "UPDATE",
    ),
    _pg_trigger(
        "code_host_account",
        f"{QUEUE} SELECT id FROM software WHERE organisation_id IN ("
        f"CASE WHEN TG_OP = 'INSERT' THEN NEW.organisation_id ELSE OLD.organisation_id END, "
        f"CASE WHEN TG_OP = 'DELETE' THEN OLD.organisation_id ELSE NEW.organisation_id END);",
    ),
)
POSTGRES_DROP = (
    *(
        f"DROP TRIGGER IF EXISTS search_queue ON {table}; "
        f"DROP FUNCTION IF EXISTS search_queue_{table}()"
        for table in (
            "software",
            "repository",
            "repository_language",
            "organisation",
            "code_host_account",
        )
    ),
    "DROP TABLE IF EXISTS software_search",
    "DROP TABLE IF EXISTS search_pending",
)


async def _run(schema_editor: Any, statements: tuple[str, ...]) -> None:
    client = schema_editor.client
    for statement in statements:
        if client.capabilities.dialect == "postgres":
            await client.execute_script(statement)
        else:  # one statement at a time: a script would commit the migration's transaction
            await client.execute_query(statement)


async def forward(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.client.capabilities.dialect == "postgres"
    await _run(schema_editor, (*(POSTGRES if postgres else SQLITE), *INDEXES))
    await _run(schema_editor, (f"{QUEUE} SELECT id FROM software ORDER BY id",))


async def backward(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.client.capabilities.dialect == "postgres"
    await _run(schema_editor, (*(POSTGRES_DROP if postgres else SQLITE_DROP), *DROP_INDEXES))


class Migration(migrations.Migration):
    dependencies = [('catalogue', '0012_inventory')]

    initial = False

    operations = [ops.RunPython(forward, backward)]
