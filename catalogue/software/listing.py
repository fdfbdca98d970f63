# SPDX-License-Identifier: EUPL-1.2
"""The software list as SQL: the filters, the sorts, keyset pages and counts that stop at a
cap. The API, the pages, the facets and the exports' counts share it.

Each filter is one entry of FILTERS: a function from the filters to a condition on `s` (the
software table), or None when it is not set. Adding a filter is adding a field to
SoftwareFilters, a function here and an index behind it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from catalogue.paging import PageRequest
from catalogue.software import search

if TYPE_CHECKING:
    from catalogue.software.queries import SoftwareFilters

CAP = 10_000  # counts stop here: "more than 10,000"
# A narrowed list is counted exactly only up to here when it may hold more than CAP entries:
# past it, PostgreSQL gives its planner's estimate and SQLite "more than 1,000" (ADR 0014).
SURE = 1_000
OFFSET_LIMIT = CAP  # `page` reaches this far; past it, the cursor does
RELEVANCE = "relevance"
# Each sort: its keys (the last one unique) and whether it descends.
SORTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "name": (("s.sort_name", "s.id"), False),
    "-name": (("s.sort_name", "s.id"), True),
    "created": (("s.created_at", "s.id"), False),
    "-created": (("s.created_at", "s.id"), True),
    "updated": (("s.updated_at", "s.id"), False),
    "-updated": (("s.updated_at", "s.id"), True),
}


class BadPage(ValueError):
    """A cursor that is not one this list gave, or a page past the reach of `page`."""


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition on `s`. `probe`, when given, says the same row by row (the SELECT of a
    correlated EXISTS on an index), for a page read in the order of an index: it stops at the
    page's end, where `sql` (a set) is for counting the whole. `key` is the probe's column
    that is the entry's id, which a reading below a bound bounds too (see `where`)."""

    sql: str
    params: tuple[Any, ...] = ()
    probe: str | None = None
    key: str | None = None


Filter = Callable[["SoftwareFilters"], Condition | None]


def _organisation(f: SoftwareFilters) -> Condition | None:
    return (
        None if f.organisation is None else Condition("s.organisation_id = ?", (f.organisation.pk,))
    )


def _release_status(f: SoftwareFilters) -> Condition | None:
    status = f.release_status
    return None if status is None else Condition("s.release_status = ?", (status.value,))


def _licence(f: SoftwareFilters) -> Condition | None:
    sql = "s.id IN (SELECT software_id FROM software_licence WHERE identifier = ?)"
    probe = "SELECT 1 FROM software_licence l WHERE l.software_id = s.id AND l.identifier = ?"
    return Condition(sql, (f.licence,), probe, "l.software_id") if f.licence else None


# The entries with a language key: software_language, kept by triggers (migration 0023).
LANGUAGE_ENTRIES = "SELECT software_id FROM software_language WHERE key = ?"


def _language(f: SoftwareFilters) -> Condition | None:
    sql = f"s.id IN ({LANGUAGE_ENTRIES})"
    probe = "SELECT 1 FROM software_language g WHERE g.software_id = s.id AND g.key = ?"
    return Condition(sql, (f.language.lower(),), probe, "g.software_id") if f.language else None


def _organisation_kind(f: SoftwareFilters) -> Condition | None:
    kind = f.organisation_kind
    sql = "s.organisation_id IN (SELECT id FROM organisation WHERE kind = ?)"
    return None if kind is None else Condition(sql, (kind.value,))


def _development_status(f: SoftwareFilters) -> Condition | None:
    stage = f.development_status
    return None if stage is None else Condition("s.development_status = ?", (stage.value,))


def _publiccode(f: SoftwareFilters) -> Condition | None:
    if f.publiccode is None:
        return None
    return Condition(f"s.publiccode_yml IS {'NOT ' if f.publiccode else ''}NULL")


def _only(f: SoftwareFilters) -> Condition | None:
    """Only the given entries (those passing a quality signal, say): their ids written out as
    integers, not parameters, so that no number of them meets SQLite's limit on parameters."""
    if f.only is None:
        return None
    if not f.only:
        return Condition("1 = 0")
    return Condition(f"s.id IN ({','.join(str(int(id)) for id in sorted(f.only))})")


FILTERS: tuple[Filter, ...] = (
    _organisation,
    _release_status,
    _licence,
    _language,
    _organisation_kind,
    _development_status,
    _publiccode,
    _only,
)


@dataclass(frozen=True, slots=True)
class Selection:
    """The entries that match: `FROM ... WHERE ...` over `s` (and `m`, what the free text
    found, with its `rank`), with `?` for its params."""

    sql: str
    params: tuple[Any, ...]
    searched: bool  # joined with what the free text found
    narrowed: bool  # by anything but whether entries are archived

    def select(self, columns: str) -> tuple[str, list[Any]]:
        return f"SELECT {columns} {self.sql}", list(self.params)


def conditions(filters: SoftwareFilters) -> list[Condition]:
    """What the filters but the free text let through: conditions on `s`, the first whether
    entries are archived."""
    chosen = [Condition(f"s.archived_at IS {'NOT ' if filters.archived else ''}NULL")]
    return chosen + [c for f in FILTERS if (c := f(filters)) is not None]


def where(
    chosen: list[Condition], *, probing: bool = False, below: str | None = None
) -> tuple[str, list[Any]]:
    """The conditions as SQL joined by AND, with their params; `probing` for a page read in
    the order of an index (see Condition), `below` an SQL expression (without params) that
    the entries' ids are below: each probe says so too, so that the database, merging the
    probes' indexes, starts them there (it carries no inequality across a join)."""
    parts = []
    for c in chosen:
        if not (probing and c.probe):
            parts.append(c.sql)
            continue
        bound = f" AND {c.key} < {below}" if below and c.key else ""
        parts.append(f"EXISTS ({c.probe}{bound})")
    return " AND ".join(parts), [p for c in chosen for p in c.params]


def selection(filters: SoftwareFilters, *, postgres: bool, probing: bool = False) -> Selection:
    """The entries the filters (free text included) let through; `probing` for a page read
    in the order of an index (see Condition)."""
    chosen = conditions(filters)
    sql, params = where(chosen, probing=probing)
    narrowed = len(chosen) > 1 or bool(filters.q)
    source, found_params = "FROM software s", []
    searched = False
    if filters.q:
        query = search.parse(filters.q)
        if query:
            found = search.match(query, postgres=postgres)
            source += f" JOIN ({found.source}) m ON m.id = s.id"
            found_params = found.params
            searched = True
        else:  # nothing to look for: nothing found
            sql += " AND 1 = 0"
    return Selection(f"{source} WHERE {sql}", (*found_params, *params), searched, narrowed)


def relevance(filters: SoftwareFilters) -> tuple[str, list[Any]]:
    """The rank of an entry, with the entry whose name is the whole query first."""
    text = search.parse(filters.q or "").text
    return f"m.rank + CASE WHEN s.sort_name = ? THEN {search.EXACT_NAME} ELSE 0 END", [text]


async def page_ids(filters: SoftwareFilters, page: PageRequest) -> tuple[list[int], str | None]:
    """The ids of the page's entries in order, and the cursor of the page after it (None on
    the last page)."""
    client = search.connection()
    postgres = search.is_postgres(client)
    by_relevance = filters.sort == RELEVANCE and bool(filters.q)
    chosen = selection(filters, postgres=postgres, probing=not by_relevance)
    by_relevance = by_relevance and chosen.searched
    sort = "relevance" if by_relevance else (filters.sort if filters.sort in SORTS else "name")
    if by_relevance:
        rank, rank_params = relevance(filters)
        inner, params = chosen.select(f"s.id AS id, {rank} AS k0")
        params = [*rank_params, *params]
        sql, keys, descending = f"SELECT id, k0 FROM ({inner}) x", ("k0", "id"), (True, False)
    else:
        columns, down = SORTS[sort]
        sql, params = chosen.select(f"{columns[0]} AS k0, s.id AS id")
        sql = f"SELECT id, k0 FROM ({sql}) x"
        keys, descending = ("k0", "id"), (down, down)
    after = _decode(page.cursor, sort, postgres) if page.cursor else None
    if after is not None:
        sql += " WHERE " + _after(keys, descending)
        params += [after[0], after[0], after[1]]
    order = ", ".join(
        f"{k} {'DESC' if d else 'ASC'}" for k, d in zip(keys, descending, strict=True)
    )
    offset = 0 if page.cursor else page.offset
    if offset + page.per_page > OFFSET_LIMIT:
        raise BadPage(f"page: past the first {CAP:,} entries, follow the next link (a cursor)")
    sql += f" ORDER BY {order} LIMIT {page.per_page + 1} OFFSET {offset}"
    rows = await client.execute_query_dict(_dialect(sql, postgres), params)
    more = len(rows) > page.per_page
    rows = rows[: page.per_page]
    cursor = _encode(sort, rows[-1]["k0"], rows[-1]["id"]) if more and rows else None
    return [row["id"] for row in rows], cursor


async def ranked_page(
    filters: SoftwareFilters, page: PageRequest
) -> tuple[list[int], str | None, Count]:
    """A page of a search in order of relevance, the cursor of the page after it, and how
    many entries match; in one statement (on PostgreSQL after its planner's estimate). Only a
    bounded set of candidates is ranked (ADR 0014): the first search.RANKED matches in the
    index's order, the first search.NAMED with a word of the query in their name (which come
    first), and the entry named the query (first of all). Up to RANKED matches that is all of
    them and the count is exact; past it, it is PostgreSQL's estimate or "more than RANKED"."""
    client = search.connection()
    postgres = search.is_postgres(client)
    query = search.parse(filters.q or "")
    tokens: list[str] = []
    if not postgres and (filters.licence or filters.language):
        # SQLite: these two filters are tokens of the index, matched with the words there
        # instead of probing two tables for each match (migration 0022)
        tokens = search.filter_tokens(
            licences=[filters.licence] if filters.licence else [],
            languages=[filters.language.lower()] if filters.language else [],
        )
        filters = replace(filters, licence=None, language=None)
    found = search.candidates(query, postgres=postgres, tokens=tokens)
    order, estimate = found.order, 0
    if postgres:  # the planner's estimate: the total past the cap, and how to read the index
        estimate = await _estimate(*selection(filters, postgres=True).select("1"))
        order = found.order if estimate >= search.FEW else found.sorted_order
    sql, params = _ranked(found, filters, order=order, text=query.text, postgres=postgres)
    limit = search.RANKED
    after = _decode(page.cursor, RELEVANCE, postgres) if page.cursor else None
    beyond = ""
    if after is not None:
        beyond = "WHERE " + _after(("k0", "id"), (True, False))
        params += [after[0], after[0], after[1]]
    offset = 0 if page.cursor else page.offset
    if offset + page.per_page > OFFSET_LIMIT:
        raise BadPage(f"page: past the first {CAP:,} entries, follow the next link (a cursor)")
    sql += (
        f"SELECT c.n AS n, p.id AS id, p.k0 AS k0 FROM (SELECT COUNT(*) AS n FROM o) c "
        f"LEFT JOIN (SELECT id, k0 FROM x {beyond} ORDER BY k0 DESC, id "
        f"LIMIT {page.per_page + 1} OFFSET {offset}) p ON 1 = 1"
    )
    if postgres:  # planned for its words, never as a generic plan of a prepared statement
        rows = await search.without_workers(search.inline(sql, params, postgres=True))
    else:
        rows = await client.execute_query_dict(sql, params)
    total = int(rows[0]["n"]) if rows else 0
    rows = sorted((r for r in rows if r["id"] is not None), key=lambda r: (-r["k0"], r["id"]))
    more = len(rows) > page.per_page
    rows = rows[: page.per_page]
    cursor = _encode(RELEVANCE, rows[-1]["k0"], rows[-1]["id"]) if more and rows else None
    ids = [int(row["id"]) for row in rows]
    if total <= limit:
        return ids, cursor, Count(total)
    if not postgres:
        return ids, cursor, Count(limit, capped=True)
    return ids, cursor, Count(max(estimate, limit + 1), estimated=True)


def _ranked(
    found: search.Candidates, filters: SoftwareFilters, *, order: str, text: str, postgres: bool
) -> tuple[str, list[Any]]:
    """The start of ranked_page's statement, `WITH ... x AS (...) `: `x` is each ranked entry
    (id) with its rank (k0); `o` the candidates, whose number is the count up to the cap.
    With its params, `?` for each."""
    chosen = conditions(filters)
    probe_all, probe_all_params = where(chosen, probing=True)  # for the entry named the query
    # PostgreSQL: when every filter but "not archived" probes another table, the entry's row
    # is read last, for the candidates alone. Its planner misjudges how many documents match
    # and read it first, for every entry that passed the filters: 5,500 reads for 1,001
    # candidates of two common words with a licence and a language at 1M (ADR 0014, point 7).
    live_last = (
        found.unjoined is not None
        and not filters.archived
        and len(chosen) > 1
        and all(c.probe for c in chosen[1:])
    )
    live, rest = (chosen[0], chosen[1:]) if live_last else (None, chosen)
    probe, probe_params = where(rest, probing=True)
    limit, ahead, real = search.RANKED, found.ahead, "DOUBLE PRECISION"
    read = "w" if ahead else "o"  # what the first reading of the index kept
    smallest = f"(SELECT MIN(id) FROM {read})"  # where it stopped
    probe_past, _ = where(rest, probing=True, below=smallest)
    probe, probe_past = probe or "TRUE", probe_past or "TRUE"
    (any_sql, any_params), (named_sql, named_params) = found.any, found.named
    exists_sql, exists_params = found.exists
    greatest = "GREATEST" if postgres else "MAX"
    # The name matches: those among the candidates, then as many more as NAMED leaves (none
    # when the candidates are all the matches): the same set as the first NAMED name matches,
    # without reading the candidates' part of the index twice. Where `ahead` (SQLite), the
    # first reading goes on that many matches past the candidates (w), and the rest are most
    # often among those (n); past what it read, the index is read again from where it
    # stopped (m). The name last: on SQLite it is worked out row by row (bm25).
    more_named = (
        f"(SELECT CASE WHEN COUNT(*) <= {limit} THEN 0 "
        f"ELSE {greatest}({search.NAMED} - SUM(named), 0) END FROM o)"
    )
    still_named = more_named
    if ahead:
        still_named = (
            f"(SELECT CASE WHEN COUNT(*) <= {limit + ahead} THEN 0 "
            f"ELSE {greatest}({more_named} - (SELECT COUNT(*) FROM n), 0) END FROM w)"
        )
    past = " AND ".join(f"{key} < {smallest}" for key in found.keys)

    def newest(condition: str, most: int | str) -> str:
        """The first `most` matches in the index's order that meet `condition`, with their
        rank: the name's NAME_FIRST added outside the LIMIT, which keeps the planner from
        writing `named` out twice (and looking at the name twice per match)."""
        bonus = f"c.named * {search.NAME_FIRST}"
        rank = f"SELECT c.id AS id, c.rank + {bonus} AS rank, c.named AS named"
        if live is None or found.unjoined is None:
            return f"{rank} FROM ({any_sql} AND {condition} {order} LIMIT {most}) c"
        # ORDER BY and OFFSET 0 keep the planner from flattening the subquery: its rows come
        # in order, one at a time, and each entry's row is read as they come, until the LIMIT
        return (
            f"{rank} FROM ({found.unjoined} AND {condition} {order} OFFSET 0) c "
            f"JOIN software s ON s.id = c.id WHERE {live.sql} ORDER BY c.id DESC LIMIT {most}"
        )

    first, ranked = f"o AS MATERIALIZED ({newest(probe, limit + 1)}), ", ["o", "m"]
    if ahead:
        ranked = ["o", "n", "m"]
        first = (
            f"w AS MATERIALIZED ({newest(probe, limit + 1 + ahead)}), "
            f"o AS MATERIALIZED (SELECT id, rank, named FROM w ORDER BY id DESC "
            f"LIMIT {limit + 1}), "
            f"n AS MATERIALIZED (SELECT id, rank, named FROM w WHERE named = 1 "
            f"AND id < (SELECT MIN(id) FROM o) ORDER BY id DESC LIMIT {more_named}), "
        )
    sql = (
        f"WITH {first}"
        f"m AS MATERIALIZED ({newest(f'{probe_past} AND {past} AND {named_sql}', still_named)}), "
        f"e AS (SELECT s.id AS id FROM software s "
        f"WHERE s.sort_name = ? AND {exists_sql} AND {probe_all}), "
        f"x AS (SELECT id, MAX(rank) AS k0 FROM ("
        + "".join(f"SELECT id, CAST(rank AS {real}) AS rank FROM {t} UNION ALL " for t in ranked)
        + f"SELECT id, CAST({search.NAME_FIRST + search.EXACT_NAME} AS {real}) FROM e) u "
        "GROUP BY id) "
    )
    params = [
        *any_params, *probe_params, *any_params, *probe_params, *named_params,
        text, *exists_params, *probe_all_params,
    ]  # fmt: skip
    return sql, params


def _after(keys: tuple[str, str], descending: tuple[bool, bool]) -> str:
    first, second = keys
    beyond = "<" if descending[0] else ">"
    then = "<" if descending[1] else ">"
    return f"({first} {beyond} ? OR ({first} = ? AND {second} {then} ?))"


def _dialect(sql: str, postgres: bool) -> str:
    return search.placeholders(sql) if postgres else sql


def _encode(sort: str, key: Any, id: int) -> str:
    value = {"s": sort, "i": id}
    value["t" if isinstance(key, datetime) else "k"] = (
        key.isoformat() if isinstance(key, datetime) else key
    )
    text = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def _decode(cursor: str, sort: str, postgres: bool) -> tuple[Any, int]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        id = value["i"]
        key = datetime.fromisoformat(value["t"]) if "t" in value else value["k"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise BadPage(
            "cursor: not a cursor of this list; start again from the first page"
        ) from None
    valid = isinstance(id, int) and isinstance(key, str | int | float | datetime)
    if not valid or value.get("s") != sort or isinstance(id, bool):
        raise BadPage("cursor: not a cursor of this list in this order; start again")
    if isinstance(key, datetime) and not postgres:
        key = str(value["t"]).replace("T", " ")
    return key, id


@dataclass(frozen=True, slots=True)
class Count:
    """How many entries match: exact up to CAP; past it capped, or the planner's estimate."""

    total: int
    capped: bool = False
    estimated: bool = False


async def count(filters: SoftwareFilters, cap: int | None = None) -> Count:
    """How many entries the filters let through, counting no further than `cap` (CAP unless
    given) + 1 rows. Past the cap: on PostgreSQL the planner's estimate; on SQLite the exact
    number for the whole (current or archived) catalogue, through its index, else "more than
    the cap".

    A narrowed list's own count (no `cap` given) stops at SURE + 1 instead where it may be
    large: on PostgreSQL when its planner (asked first, an EXPLAIN: planning only) expects
    more than the cap, and past SURE the total is the estimate; on SQLite always, and past
    SURE it says "more than SURE". Counting ten thousand entries that two filters let through
    took 150 ms at a million entries on PostgreSQL; counting a thousand, 15 ms."""
    own = cap is None
    cap = CAP if cap is None else cap
    client = search.connection()
    postgres = search.is_postgres(client)
    chosen = selection(filters, postgres=postgres)
    sql, params = chosen.select("1")
    exact_to, estimate = cap, None
    if own and chosen.narrowed and postgres:
        estimate = await _estimate(sql, params)
        exact_to = min(cap, SURE) if estimate > cap else cap
    elif own and chosen.narrowed:
        exact_to = min(cap, SURE)
    capped = f"SELECT COUNT(*) AS n FROM ({sql} LIMIT {exact_to + 1}) c"
    rows = await client.execute_query_dict(_dialect(capped, postgres), params)
    n = rows[0]["n"]
    if n <= exact_to:
        return Count(n)
    if postgres:
        estimate = await _estimate(sql, params) if estimate is None else estimate
        return Count(max(estimate, exact_to + 1), estimated=True)
    if not chosen.narrowed:
        rows = await client.execute_query_dict(f"SELECT COUNT(*) AS n {chosen.sql}", params)
        return Count(rows[0]["n"])
    return Count(exact_to, capped=True)


async def _estimate(sql: str, params: list[Any]) -> int:
    """PostgreSQL's planner: how many rows `sql` would give, planned for these values (with
    them written in: a prepared statement run often gets a generic plan, whose estimate is
    the same for a rare licence as for a common one)."""
    client = search.connection()
    plan = await client.execute_query_dict(
        f"EXPLAIN (FORMAT JSON) {search.inline(sql, params, postgres=True)}"
    )
    return _planned_rows(plan)


def _planned_rows(plan: list[dict[str, Any]]) -> int:
    document = plan[0]["QUERY PLAN"]
    if isinstance(document, str):
        document = json.loads(document)
    return int(document[0]["Plan"]["Plan Rows"])


async def exact_count(filters: SoftwareFilters) -> int:
    """How many entries the filters let through, however many (for the facets' scale)."""
    client = search.connection()
    postgres = search.is_postgres(client)
    sql, params = selection(filters, postgres=postgres).select("COUNT(*) AS n")
    rows = await client.execute_query_dict(_dialect(sql, postgres), params)
    return int(rows[0]["n"])
