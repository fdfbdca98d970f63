# SPDX-License-Identifier: EUPL-1.2
"""The language keys of each entry in one table, `software_language` (an entry, a key, once
each), so that the language filter is one index lookup per entry and, with the licences'
index, the entries of a licence and a language are read in order of their ids by merging two
indexes (ADR 0014). Before, each entry was probed through its repositories.

Triggers keep it the languages of the entry's repositories, whatever writes them: a language
added to or removed from a repository, a repository moved to another entry or deleted; an
entry's deletion takes its rows with it (the foreign key). Every existing entry is filled in.

Also a partial index of the ids of entries that are not archived, which a search walks
without reading the entries themselves.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

TABLE = (
    "CREATE TABLE software_language (software_id INTEGER NOT NULL "
    "REFERENCES software (id) ON DELETE CASCADE, key VARCHAR(60) NOT NULL, "
    "PRIMARY KEY (key, software_id))"
)
INDEXES = (
    "CREATE INDEX software_language_software ON software_language (software_id)",
    "CREATE INDEX idx_software_live ON software (id) WHERE archived_at IS NULL",
)
FILL = (
    "INSERT INTO software_language (software_id, key) SELECT DISTINCT r.software_id, rl.key "
    "FROM repository r JOIN repository_language rl ON rl.repository_id = r.id "
    "WHERE r.software_id IS NOT NULL"
)


def _unheld(software: str, *, key: str | None = None, leaving: str | None = None) -> str:
    """Remove the entry's keys (only `key`, if given) that none of its repositories holds,
    `leaving` (a repository moving away or deleted) not counted."""
    of_key = f" AND key = {key}" if key else ""
    but = f" AND r.id <> {leaving}" if leaving else ""
    return (
        f"DELETE FROM software_language WHERE software_id = {software}{of_key} "
        f"AND NOT EXISTS (SELECT 1 FROM repository r JOIN repository_language rl "
        f"ON rl.repository_id = r.id WHERE r.software_id = software_language.software_id{but} "
        f"AND rl.key = software_language.key);"
    )


def _owner(repository: str) -> str:
    return f"(SELECT software_id FROM repository WHERE id = {repository})"


def _added(select: str, postgres: bool) -> str:
    """Add the (software_id, key) rows `select` gives; those already there stay as they are."""
    verb, end = ("INSERT", " ON CONFLICT DO NOTHING") if postgres else ("INSERT OR IGNORE", "")
    return f"{verb} INTO software_language (software_id, key) {select}{end};"


def _language_added(new: str, postgres: bool) -> str:
    return _added(
        f"SELECT software_id, {new}.key FROM repository "
        f"WHERE id = {new}.repository_id AND software_id IS NOT NULL",
        postgres,
    )


def _language_gone(old: str) -> str:
    # A repository that is itself being deleted is gone already: its trigger does the rest.
    return _unheld(_owner(f"{old}.repository_id"), key=f"{old}.key")


def _gone(software: str, repository: str) -> str:
    return _unheld(software, leaving=repository)


def _moved_in(postgres: bool) -> str:
    return _added(
        "SELECT NEW.software_id, rl.key FROM repository_language rl "
        "WHERE rl.repository_id = NEW.id AND NEW.software_id IS NOT NULL",
        postgres,
    )


SQLITE = (
    TABLE.replace("))", ")) WITHOUT ROWID"),
    *INDEXES,
    FILL,
    f"CREATE TRIGGER software_language_insert AFTER INSERT ON repository_language "
    f"BEGIN {_language_added('NEW', False)} END",
    f"CREATE TRIGGER software_language_delete AFTER DELETE ON repository_language "
    f"BEGIN {_language_gone('OLD')} END",
    f"CREATE TRIGGER software_language_update AFTER UPDATE OF key, repository_id "
    f"ON repository_language BEGIN {_language_gone('OLD')} {_language_added('NEW', False)} END",
    f"CREATE TRIGGER software_language_move AFTER UPDATE OF software_id ON repository "
    f"WHEN OLD.software_id IS NOT NEW.software_id BEGIN "
    f"{_gone('OLD.software_id', 'OLD.id')} {_moved_in(False)} END",
    f"CREATE TRIGGER software_language_repository AFTER DELETE ON repository "
    f"WHEN OLD.software_id IS NOT NULL BEGIN {_gone('OLD.software_id', 'OLD.id')} END",
)
SQLITE_DROP = (
    *(
        f"DROP TRIGGER IF EXISTS software_language_{name}"
        for name in ("insert", "delete", "update", "move", "repository")
    ),
    "DROP INDEX IF EXISTS idx_software_live",
    "DROP TABLE IF EXISTS software_language",
)


def _locked(entries: str) -> str:
    """PostgreSQL: take the entries' rows first, in order of id, so that writes of one entry's
    languages take turns: each sees what the other committed (under READ COMMITTED two
    removals of a key from two of its repositories would each see the other's still there,
    and keep a key no repository holds). NO KEY UPDATE: foreign-key checks are not held up."""
    return f"PERFORM 1 FROM software WHERE id IN ({entries}) ORDER BY id FOR NO KEY UPDATE;"


def _pg_trigger(name: str, table: str, events: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$; "
        f"CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
    )


POSTGRES = (
    TABLE,
    *INDEXES,
    FILL,
    _pg_trigger(
        "software_language_of_language",
        "repository_language",
        "INSERT OR DELETE OR UPDATE OF key, repository_id",
        _locked(f"{_owner('OLD.repository_id')}, {_owner('NEW.repository_id')}")
        + f" IF TG_OP <> 'INSERT' THEN {_language_gone('OLD')} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_language_added('NEW', True)} END IF;",
    ),
    _pg_trigger(
        "software_language_of_repository",
        "repository",
        "UPDATE OF software_id OR DELETE",
        f"IF TG_OP = 'DELETE' OR OLD.software_id IS DISTINCT FROM NEW.software_id THEN "
        f"{_locked('OLD.software_id, NEW.software_id')} "
        f"IF OLD.software_id IS NOT NULL THEN {_gone('OLD.software_id', 'OLD.id')} END IF; "
        f"IF TG_OP = 'UPDATE' THEN {_moved_in(True)} END IF; END IF;",
    ),
)
POSTGRES_DROP = (
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}()"
        for name, table in (
            ("software_language_of_language", "repository_language"),
            ("software_language_of_repository", "repository"),
        )
    ),
    "DROP INDEX IF EXISTS idx_software_live",
    "DROP TABLE IF EXISTS software_language",
)


async def _run(schema_editor: Any, sqlite: tuple[str, ...], postgres: tuple[str, ...]) -> None:
    client = schema_editor.client
    is_postgres = client.capabilities.dialect == "postgres"
    for statement in postgres if is_postgres else sqlite:
        # one at a time: an SQLite script would commit the transaction
        await (client.execute_script if is_postgres else client.execute_query)(statement)


async def forward(apps: Any, schema_editor: Any) -> None:
    await _run(schema_editor, SQLITE, POSTGRES)


async def backward(apps: Any, schema_editor: Any) -> None:
    await _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [('catalogue', '0022_search_filters')]

    initial = False

    operations = [ops.RunPython(forward, backward)]
