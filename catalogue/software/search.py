# SPDX-License-Identifier: EUPL-1.2
"""Free-text search of the catalogue: the full-text index of the entries, what a query finds
in it, how relevant each entry is, and what to suggest when it finds none (ADR 0009).

Each entry has one document of six weighted fields: its name; its organisation (name, slug,
abbreviation, code-host accounts); its repositories' topics; their languages; its
descriptions (nl, en) and its repositories'; its publiccode.yml. Triggers queue an entry in
`search_pending` whenever a write changes a table its document holds; `refresh` writes the
queued documents, and every search refreshes first, so the index is current whatever wrote.

- PostgreSQL: `software_search.document`, a tsvector of each field under the `dutch` and the
  `english` configuration with weights A (name) to D (publiccode.yml), a GIN index; ranked
  with `ts_rank_cd`.
- SQLite: the FTS5 table `software_fts`, each word of each field replaced by its stem
  (catalogue.software.textsearch.key); ranked with `bm25` and per-field weights. A seventh
  column, `filters`, holds a token per licence and per language of the entry (`filter_tokens`),
  so that a search with those filters is one match in the index (migration 0022); the query's
  words are looked up in the six text fields only.

The query language (words, "phrases", -exclusions; words match as prefixes of stems) is
parsed once (textsearch.parse) and written in each database's syntax here.
"""

from __future__ import annotations

import asyncio
import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.software import textsearch
from catalogue.software.models import Repository, RepositoryLanguage, Software, SoftwareLicence
from catalogue.software.textsearch import Query, Term, abbreviation, parse
from catalogue.turns import turn

FIELDS = ("name", "organisation", "topics", "languages", "text", "publiccode")
# SQLite: bm25's weight per field, in the order of FIELDS, then 0 for the filters' tokens.
BM25_WEIGHTS = (10.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0)
# SQLite: where the query's words are looked up (FTS5's column filter): not in `filters`.
TEXT_COLUMNS = "{" + " ".join(FIELDS) + "}"
# PostgreSQL: ts_rank_cd's weight class per field (A counts 1.0, B 0.4, C 0.2, D 0.1).
TS_WEIGHTS = ("A", "B", "B", "C", "C", "D")
EXACT_NAME = 1000.0  # the whole query is the entry's name: first, whatever the rank
# An entry with a word of the query in its name: before the others, whatever their rank.
NAME_FIRST = 100.0
# A search ranks at most RANKED of its matches and NAMED of those with a word of the query in
# their name, each taken in the index's own order (ADR 0014).
RANKED = 1000
NAMED = 500
# SQLite: the candidates' reading goes on this many matches past them for name matches.
SEARCH_AHEAD = 1000
# PostgreSQL: a search its planner expects to match fewer entries than this (filters included)
# reads them all from the GIN index and sorts them; more, it walks the primary key instead.
FEW = 5 * RANKED
BATCH = 2000
__all__ = ["Candidates", "Match", "Query", "candidates", "find", "match", "parse", "refresh"]


def connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection("default")


def is_postgres(client: BaseDBAsyncClient | None = None) -> bool:
    return (client or connection()).capabilities.dialect == "postgres"


# --- writing the index -------------------------------------------------------------------


# The refresh running in this process, if any: requests that find entries queued while it
# runs wait for it rather than writing the same documents at the same time.
_refreshing: dict[None, asyncio.Event] = {}


async def refresh() -> int:
    """Write the documents of the entries queued since the last refresh; how many. Cheap
    when nothing is queued: one indexed read, which searches at the same time make side by
    side (they took turns for it, and under fifty visitors at once came back in clusters,
    the last after a second). Refreshes that find something queued may overlap (several
    requests, or several workers, after a change): in one process they take turns, and
    across processes each document is written whole, replacing any other write of it."""
    client = connection()
    if not await client.execute_query_dict("SELECT 1 FROM search_pending LIMIT 1"):
        return 0
    async with turn(_refreshing, None):
        return await _refresh()


async def _refresh() -> int:
    client, written = connection(), 0
    while True:
        rows = await client.execute_query_dict(
            f"SELECT id, software_id FROM search_pending ORDER BY id LIMIT {BATCH}"
        )
        if not rows:
            return written
        ids = sorted({row["software_id"] for row in rows})
        await _write(client, ids)
        last = max(row["id"] for row in rows)
        await client.execute_query(_sql(client, "DELETE FROM search_pending WHERE id <= ?"), [last])
        written += len(ids)


# Each entry's language keys, as the triggers of migration 0023 keep them.
LANGUAGE_KEYS = (
    "INSERT INTO software_language (software_id, key) SELECT DISTINCT r.software_id, rl.key "
    "FROM repository r JOIN repository_language rl ON rl.repository_id = r.id "
    "WHERE r.software_id IS NOT NULL"
)


async def rebuild() -> int:
    """Index every entry afresh, and write their language keys again (after a bulk load that
    bypassed the triggers)."""
    client = connection()
    await client.execute_query("DELETE FROM software_language")
    await client.execute_query(LANGUAGE_KEYS)
    await client.execute_query("DELETE FROM search_pending")
    table = "software_search" if is_postgres(client) else "software_fts"
    await client.execute_query(f"DELETE FROM {table}")
    rows = await Software.all().order_by("id").values_list("id", flat=True)
    ids = [int(str(id)) for id in rows]
    for start in range(0, len(ids), BATCH):
        await _write(client, ids[start : start + BATCH])
    return len(ids)


async def _write(client: BaseDBAsyncClient, ids: list[int]) -> None:
    documents = await documents_of(ids)
    if is_postgres(client):
        await _write_postgres(client, ids, documents)
    else:
        await _write_sqlite(client, ids, documents)


async def _write_sqlite(
    client: BaseDBAsyncClient, ids: list[int], documents: dict[int, dict[str, str]]
) -> None:
    marks = ", ".join("?" * len(ids))
    await client.execute_query(f"DELETE FROM software_fts WHERE rowid IN ({marks})", ids)
    rows = [
        [id, *(textsearch.indexed(fields[name]) for name in FIELDS), fields["filters"]]
        for id, fields in documents.items()
    ]
    if rows:
        await client.execute_many(
            f"INSERT OR REPLACE INTO software_fts (rowid, {', '.join(FIELDS)}, filters) "
            f"VALUES (?{', ?' * (len(FIELDS) + 1)})",
            rows,
        )


def filter_tokens(*, licences: Sequence[str] = (), languages: Sequence[str] = ()) -> list[str]:
    """SQLite: the tokens of the index's `filters` column for licence identifiers and
    language keys: a letter and the value's UTF-8 bytes in hex, which FTS5 keeps whole (as
    migration 0022 writes them in SQL, `lower(hex(...))`)."""
    return [f"l{value.encode().hex()}" for value in licences] + [
        f"g{value.encode().hex()}" for value in languages
    ]


async def _write_postgres(
    client: BaseDBAsyncClient, ids: list[int], documents: dict[int, dict[str, str]]
) -> None:
    await client.execute_query(
        "DELETE FROM software_search WHERE software_id = ANY($1::int[])",
        [[id for id in ids if id not in documents]],
    )
    if not documents:
        return
    vector = " || ".join(
        f"setweight(to_tsvector('dutch', {name}), '{weight}') || "
        f"setweight(to_tsvector('english', {name}), '{weight}')"
        for name, weight in zip(FIELDS, TS_WEIGHTS, strict=True)
    )
    columns = ", ".join(f"${n}::text[]" for n in range(2, 8))
    await client.execute_query(
        f"INSERT INTO software_search (software_id, document) "
        f"SELECT id, {vector} FROM unnest($1::int[], {columns}) AS t(id, {', '.join(FIELDS)}) "
        f"ON CONFLICT (software_id) DO UPDATE SET document = EXCLUDED.document",
        [list(documents), *([fields[name] for fields in documents.values()] for name in FIELDS)],
    )


async def documents_of(ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Per existing entry of `ids`, the text of each field of its document, and on SQLite its
    `filters` tokens (filter_tokens), in four queries (five with code-host accounts, one more
    on SQLite)."""
    rows = await Software.filter(id__in=list(ids)).values_list(
        "id", "name", "description_nl", "description_en", "organisation_id", "publiccode_yml"
    )
    organisations = await _organisation_texts({row[4] for row in rows})
    documents = {
        id: {
            "name": name,
            "organisation": organisations.get(organisation_id, ""),
            "topics": "",
            "languages": "",
            "text": f"{nl}\n{en}",
            "publiccode": publiccode or "",
            "filters": "",
        }
        for id, name, nl, en, organisation_id, publiccode in rows
    }
    if not is_postgres():  # only SQLite's index holds the filters' tokens
        licences: dict[int, list[str]] = defaultdict(list)
        for software_id, identifier in await SoftwareLicence.filter(
            software_id__in=list(documents)
        ).values_list("software_id", "identifier"):
            licences[software_id].append(identifier)
        for software_id, identifiers in licences.items():
            documents[software_id]["filters"] = " ".join(filter_tokens(licences=identifiers))
    await _add_repositories(documents)
    return documents


async def _organisation_texts(ids: set[int]) -> dict[int, str]:
    """Per organisation: its name, slug, abbreviation and code-host accounts' names (where an
    abbreviation often shows: "minvws", "rivm")."""
    texts = {
        id: f"{name}\n{slug.replace('-', ' ')}\n{abbreviation(name)}"
        for id, name, slug in await Organisation.filter(id__in=list(ids)).values_list(
            "id", "name", "slug"
        )
    }
    accounts = CodeHostAccount.filter(organisation_id__in=list(ids))
    for organisation_id, name in await accounts.values_list("organisation_id", "name"):
        texts[organisation_id] += f"\n{name}"
    return texts


async def _add_repositories(documents: dict[int, dict[str, str]]) -> None:
    owner: dict[int, int] = {}
    repositories = await Repository.filter(software_id__in=list(documents)).values_list(
        "id", "software_id", "topics", "description"
    )
    for repository_id, software_id, topics, description in repositories:
        owner[repository_id] = software_id
        fields = documents[software_id]
        fields["topics"] += "\n" + "\n".join(str(topic) for topic in topics or ())
        fields["text"] += "\n" + (description or "")
    languages: dict[int, list[str]] = defaultdict(list)
    keys: dict[int, list[str]] = defaultdict(list)
    for repository_id, name, language_key in await RepositoryLanguage.filter(
        repository_id__in=list(owner)
    ).values_list("repository_id", "name", "key"):
        languages[owner[repository_id]].append(name)
        keys[owner[repository_id]].append(language_key)
    for software_id, names in languages.items():
        fields = documents[software_id]
        fields["languages"] = "\n".join(dict.fromkeys(names))
        tokens = filter_tokens(languages=list(dict.fromkeys(keys[software_id])))
        fields["filters"] = " ".join([fields["filters"], *tokens]).strip()


# --- reading it --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """What a query finds, as SQL: `source` selects (id, rank) of every matching entry, the
    higher the rank the more relevant, with `?` for its `params`."""

    source: str
    params: list[Any]


def match(query: Query, *, postgres: bool) -> Match:
    """The entries a (non-empty) parsed query finds, with their relevance."""
    if postgres:
        return _match_postgres(query)
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return Match(
        f"SELECT rowid AS id, -bm25(software_fts, {weights}) AS rank "
        f"FROM software_fts WHERE software_fts MATCH ?",
        [fts5_match(query)],
    )


def fts5_match(query: Query, tokens: Sequence[str] = ()) -> str:
    """SQLite: the query's FTS5 expression over the text fields, and where `tokens` are
    given (filter_tokens), each of them in the `filters` column too."""
    text = f"{TEXT_COLUMNS} : ({textsearch.fts5_match(query)})"
    if not tokens:
        return text
    quoted = " AND ".join(f'"{token}"' for token in tokens)  # hex: nothing to escape
    return f"{text} AND filters : ({quoted})"


@dataclass(frozen=True, slots=True)
class Candidates:
    """What a query finds, as pieces of one SQL statement over `s` (the software table) joined
    to the index, read in the index's own order so that a LIMIT stops the reading (ADR 0014).
    A match ranks by its relevance, plus NAME_FIRST when a word of the query is in its name
    (listing.ranked_page adds it):

    - `any`: the matching entries with their relevance as `rank` (without NAME_FIRST), and
      `named` 1 where a word of the query is in the name, else 0 (`SELECT <any> AND ...
      LIMIT n`); the reader adds NAME_FIRST (`rank + named * NAME_FIRST`) outside that
      LIMIT, so that the name is looked at once per match (ADR 0014);
    - `named`: the condition on a match that a word of the query is in its name;
    - `exists`: a condition on `s` that says whether the entry matches;
    - `order`: newest first, to append after the conditions: FTS5's own order; on PostgreSQL
      the primary key's, walked backwards probing each document (for a common word);
    - `sorted_order`: the same order, but sorted (PostgreSQL, for a rarer word: its few matches
      read from the GIN index); the same candidates as `order`, found another way;
    - `keys`: the columns that order is of, each the same id (`key < ?` on each continues a
      reading where one stopped, whichever index the database walks);
    - `unjoined` (PostgreSQL): `any` without the software table, `s.id` the document's own
      id: for conditions that only probe other tables by `s.id`, the entry read after them
      (see listing.ranked_page); the same params as `any`;
    - `ahead`: how many matches past the candidates their reading goes on to, for the name
      matches among them (see listing.ranked_page).

    Each is (SQL, params), `?` placeholders in the order of the text."""

    any: tuple[str, list[Any]]
    named: tuple[str, list[Any]]
    exists: tuple[str, list[Any]]
    order: str
    sorted_order: str
    keys: tuple[str, ...]
    unjoined: str | None = None
    ahead: int = 0


def candidates(query: Query, *, postgres: bool, tokens: Sequence[str] = ()) -> Candidates:
    """The pieces of SQL of a bounded search for a (non-empty) parsed query; on SQLite with
    `tokens` (filter_tokens) the entries must have in the index's `filters` column too."""
    if postgres:
        if tokens:
            raise ValueError("PostgreSQL's index holds no filter tokens")
        return _candidates_postgres(query)
    return _candidates_sqlite(query, tokens)


def _candidates_sqlite(query: Query, tokens: Sequence[str]) -> Candidates:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    # bm25 counting the name alone is below 0 exactly when a word of the query is in it
    in_name = f"bm25(software_fts, 1.0{', 0.0' * (len(BM25_WEIGHTS) - 1)}) < 0"
    everywhere = fts5_match(query, tokens)
    source = (
        f"SELECT s.id AS id, -bm25(software_fts, {weights}) AS rank, "
        f"CASE WHEN {in_name} THEN 1 ELSE 0 END AS named "
        f"FROM software_fts JOIN software s ON s.id = software_fts.rowid "
        f"WHERE software_fts MATCH ?"
    )
    return Candidates(
        any=(source, [everywhere]),
        named=(in_name, []),
        exists=(
            "EXISTS (SELECT 1 FROM software_fts WHERE software_fts MATCH ? "
            "AND software_fts.rowid = s.id)",
            [everywhere],
        ),
        order="ORDER BY software_fts.rowid DESC",
        sorted_order="ORDER BY software_fts.rowid DESC",
        keys=("software_fts.rowid",),
        # FTS5's reading of a word's prefix costs as much to start again as to start (its
        # lists merged, each word's matches counted for bm25) and a row more almost nothing:
        # the name matches are read in the same pass where they can be. PostgreSQL's costs
        # its probes per row, so it reads no more than the candidates.
        ahead=SEARCH_AHEAD,
    )


def _candidates_postgres(query: Query) -> Candidates:
    everywhere, params = _tsquery_of(query.terms)
    names, name_params = _tsquery_of(query.included, join=" || ")
    in_name = f"ts_filter(f.document, '{{a}}') @@ {names}"  # the name's part (weight A)
    ranked = (
        f"SELECT s.id AS id, ts_rank_cd(f.document, {everywhere}) AS rank, "
        f"CASE WHEN {in_name} THEN 1 ELSE 0 END AS named FROM software_search f "
    )
    source = f"{ranked}JOIN software s ON s.id = f.software_id WHERE f.document @@ {everywhere}"
    # `s` only names the document's id (the planner flattens it away): no row of the entry
    unjoined = (
        f"{ranked}CROSS JOIN LATERAL (SELECT f.software_id AS id) s "
        f"WHERE f.document @@ {everywhere}"
    )
    source_params = [*params, *name_params, *params]
    return Candidates(
        any=(source, source_params),
        named=(in_name, name_params),
        exists=(
            f"EXISTS (SELECT 1 FROM software_search f WHERE f.software_id = s.id "
            f"AND f.document @@ {everywhere})",
            params,
        ),
        order="ORDER BY f.software_id DESC",
        # not the index's expression: the planner cannot walk it, and reads the GIN index
        sorted_order="ORDER BY f.software_id + 0 DESC",
        # the planner walks either table's primary key; it does not carry a bound across
        keys=("s.id", "f.software_id"),
        unjoined=unjoined,
    )


def _tsquery_of(terms: Sequence[Term], join: str = " && ") -> tuple[str, list[Any]]:
    """Terms as one tsquery expression (each term looked up under both configurations)."""
    parts, params = [], []
    for term in terms:
        part, part_params = _tsquery(term)
        parts.append(("!!" if term.exclude else "") + part)
        params += part_params
    return f"({join.join(parts)})", params


def _match_postgres(query: Query) -> Match:
    everywhere, params = _tsquery_of(query.terms)
    return Match(
        f"SELECT software_id AS id, ts_rank_cd(document, t.q) AS rank "
        f"FROM software_search, (SELECT {everywhere} AS q) AS t "
        f"WHERE document @@ t.q",
        params,
    )


def _tsquery(term: Term) -> tuple[str, list[Any]]:
    """A term as a tsquery: its stem under `dutch` or under `english`, once where the two
    are the same ("gemeente" is `gemeent` in both). Each match and each rank looks at every
    operand, and a word twice cost a search of two common words 2 ms of its 24 at a million
    entries (ADR 0014). The functions are immutable: the planner works the CASE out before
    it plans, and sees the tsquery itself (how rare its words are)."""
    function = "phraseto_tsquery" if term.phrase else "to_tsquery"
    dutch, english = f"{function}('dutch', ?)", f"{function}('english', ?)"
    text = " ".join(term.words) if term.phrase else f"{term.words[0]}:*"
    sql = f"(CASE WHEN {dutch} = {english} THEN {dutch} ELSE {dutch} || {english} END)"
    return sql, [text] * 5


async def without_workers(sql: str) -> list[dict[str, Any]]:
    """PostgreSQL: the rows of one statement run by its own process alone. Parallel workers
    cost more to start (15-25 ms on a busy machine) than a bounded search takes (3 ms for a
    rare word, ADR 0014)."""
    async with in_transaction() as client:
        await client.execute_script("SET LOCAL max_parallel_workers_per_gather = 0")
        return await client.execute_query_dict(sql)


def _sql(client: BaseDBAsyncClient, sql: str) -> str:
    return placeholders(sql) if is_postgres(client) else sql


def placeholders(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1`, `$2`, ... (the SQL of this module and of the
    list has no other question mark)."""
    parts = sql.split("?")
    return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], 1)) + parts[-1]


def inline(sql: str, params: list[Any], *, postgres: bool) -> str:
    """The `?`-SQL with its params written in: for the ORM's RawSQL, and on PostgreSQL so
    that the planner sees the words of a search (a prepared statement run often gets a
    generic plan, blind to how rare a word is: walking the whole primary key for a word in
    200 entries). Strings are quoted with their quotes doubled; on PostgreSQL as escape
    strings (E'...') with their backslashes doubled too, which it reads the same whatever
    `standard_conforming_strings` says (a plain '...' would let a backslash end it where a
    server has that setting off; SQLite has no escapes). Numbers are written as numbers;
    nothing else is a param of the list or of a match."""
    values = []
    for value in params:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TypeError(f"not a param of the list: {type(value).__name__}")
        if isinstance(value, str):
            quoted = value.replace("'", "''")
            values.append("E'" + quoted.replace("\\", "\\\\") + "'" if postgres else f"'{quoted}'")
        else:
            values.append(repr(float(value)) if isinstance(value, float) else str(int(value)))
    parts = sql.split("?")
    return "".join(part + value for part, value in zip(parts, [*values, ""], strict=True))


async def find(query: str, *, archived: bool = False) -> list[int]:
    """The ids of the current (or archived) entries that the query finds, most relevant first,
    then by name. An empty list when the query has nothing to look for."""
    parsed = parse(query)
    if not parsed:
        return []
    await refresh()
    client = connection()
    found = match(parsed, postgres=is_postgres(client))
    sql = (
        f"SELECT s.id FROM software s JOIN ({found.source}) m ON m.id = s.id "
        f"WHERE s.archived_at IS {'NOT ' if archived else ''}NULL "
        f"ORDER BY m.rank + CASE WHEN s.sort_name = ? THEN {EXACT_NAME} ELSE 0 END DESC, "
        f"s.sort_name, s.id"
    )
    rows = await client.execute_query_dict(_sql(client, sql), [*found.params, parsed.text])
    return [row["id"] for row in rows]


async def suggest(query: str, *, limit: int = 5) -> list[str]:
    """Words close to those of a query that found nothing (a misspelt organisation, topic,
    language or name), to search for instead; the closest first."""
    vocabulary = await _vocabulary()
    suggestions: dict[str, None] = {}
    for term in parse(query).included:
        for word in term.words:
            for close in difflib.get_close_matches(word, vocabulary, n=limit, cutoff=0.75):
                if close != word:
                    suggestions.setdefault(close, None)
    return list(suggestions)[:limit]


async def _vocabulary() -> list[str]:
    """Every word of the organisations' names and every language; on a small catalogue also
    every entry's name (a large one has too many to compare)."""
    texts: list[Any] = [
        *await Organisation.all().values_list("name", flat=True),
        *await RepositoryLanguage.all().distinct().values_list("key", flat=True),
        *await Software.filter(archived_at__isnull=True)
        .order_by("-updated_at")
        .limit(5000)
        .values_list("sort_name", flat=True),
    ]
    return sorted({word for text in texts for word in textsearch.words(str(text))})
