# SPDX-License-Identifier: EUPL-1.2
"""Free-text search of the catalogue: which entries a query finds, in which order of
relevance, and what to suggest when it finds none.

A query is split into words; an entry is found when every word occurs in one of its fields:
its name and descriptions, its organisation (name, abbreviation, code-host accounts), its
repositories' topics, languages and descriptions, or its publiccode.yml. A word occurs in a
text when it is part of it ("belasting" in "Belastingdienst") or when one of its Dutch stems
(Snowball's two Dutch stemmers) begins a stem of a word of the text ("belastingen" finds
"belasting", "toeslagen" finds "toeslag").

The database narrows the candidates by a substring that every form of a word shares (its
root); the stems are then compared here, in Python. Both steps sit behind `find` and
`suggest`, so that a full-text index (PostgreSQL's, or SQLite's FTS5) can replace them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import snowballstemmer
from tortoise.expressions import Q, RawSQL, Subquery

from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.software.models import Repository, RepositoryLanguage, Software

MAX_WORDS = 8
MIN_ROOT = 3  # a root shorter than this narrows nothing: the word itself is looked for
# How much a word counts where it is found; an entry's relevance is the sum over the words.
WEIGHTS = {"name": 8, "organisation": 5, "topics": 4, "languages": 3, "text": 2, "publiccode": 1}
EXACT_NAME = 20  # the whole query is the entry's name
# Words that name no organisation in an abbreviation ("Centraal Bureau voor de Statistiek").
LINKING_WORDS = frozenset({"de", "der", "den", "en", "het", "in", "of", "op", "van", "voor"})
WORD = re.compile(r"\w+")


@cache
def _stemmers() -> tuple[snowballstemmer.Stemmer, ...]:
    return (snowballstemmer.stemmer("dutch"), snowballstemmer.stemmer("dutch_porter"))


@cache
def stems(word: str) -> frozenset[str]:
    """The Dutch stems of a case-folded word (the two Snowball stemmers may differ)."""
    return frozenset(stemmer.stemWord(word) for stemmer in _stemmers())


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a query: as typed (case-folded), its stems, and the root that every form
    of it shares, for the database to narrow by."""

    text: str
    stems: frozenset[str]

    @property
    def root(self) -> str:
        prefix = _common_prefix([self.text, *self.stems])
        return prefix if len(prefix) >= MIN_ROOT else self.text

    def occurs_in(self, text: str) -> bool:
        """Whether the word, or a word with its stem, occurs in a case-folded text."""
        if self.text in text:
            return True
        return any(known.startswith(stem) for known in _text_stems(text) for stem in self.stems)


@lru_cache(maxsize=4096)
def _text_stems(text: str) -> frozenset[str]:
    """The stems of every word of a text; cached, since an organisation's text is compared
    for each of its entries."""
    return frozenset(known for token in set(WORD.findall(text)) for known in stems(token))


def _common_prefix(texts: list[str]) -> str:
    first, last = min(texts), max(texts)
    length = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), None)
    return first[: length if length is not None else len(first)]


def words(query: str) -> tuple[Word, ...]:
    """The distinct words of a query, case-folded, at most MAX_WORDS."""
    found = dict.fromkeys(WORD.findall(query.casefold()))
    return tuple(Word(text, stems(text)) for text in list(found)[:MAX_WORDS])


def abbreviation(name: str) -> str:
    """The initials of an organisation's name without its linking words, case-folded:
    "Centraal Bureau voor de Statistiek" → "cbs"."""
    return "".join(w[0] for w in WORD.findall(name.casefold()) if w not in LINKING_WORDS)


@dataclass(frozen=True, slots=True)
class Candidate:
    """What search compares of one entry, each field case-folded."""

    id: int
    fields: Mapping[str, str]

    def relevance(self, query: str, found: tuple[Word, ...]) -> int | None:
        """The entry's relevance to the words; None unless every word occurs in a field."""
        score = EXACT_NAME if self.fields["name"] == query.strip().casefold() else 0
        for word in found:
            # The fields in order of weight: the first that holds the word as typed gives its
            # weight, else the first that holds it by its stem (stemming every word of every
            # field is what search spends its time on).
            weight = next((w for f, w in WEIGHTS.items() if word.text in self.fields[f]), None)
            if weight is None:
                weight = next(
                    (w for f, w in WEIGHTS.items() if word.occurs_in(self.fields[f])), None
                )
            if weight is None:
                return None
            score += weight
        return score


async def find(query: str, *, archived: bool = False) -> list[int]:
    """The ids of the current (or archived) entries that the query finds, most relevant first,
    then by name. An empty list when the query has no words."""
    found = words(query)
    if not found:
        return []
    organisations = await _organisation_texts()
    candidates = await _candidates(found, organisations, archived=archived)
    ranked = [(c.relevance(query, found), c.fields["name"], c.id) for c in candidates]
    return [id for score, _, id in sorted((r for r in ranked if r[0] is not None), key=_order)]


def _order(row: tuple[int | None, str, int]) -> tuple[int, str, int]:
    score, name, id = row
    return -(score or 0), name, id


async def _organisation_texts() -> dict[int, str]:
    """Per organisation, the text that search matches: name, slug, abbreviation and the names
    of its code-host accounts (where an abbreviation often shows: "minvws", "rivm")."""
    texts = {
        id: f"{name.casefold()}\n{slug}\n{abbreviation(name)}"
        for id, name, slug in await Organisation.all().values_list("id", "name", "slug")
    }
    for organisation_id, name in await CodeHostAccount.all().values_list("organisation_id", "name"):
        texts[organisation_id] += f"\n{str(name).casefold()}"
    return texts


async def _candidates(
    found: tuple[Word, ...], organisations: Mapping[int, str], *, archived: bool
) -> list[Candidate]:
    """The entries in which every word's root occurs somewhere, with their fields."""
    query = Software.filter(archived_at__isnull=not archived)
    for word in found:
        query = query.filter(_narrowing(word, organisations))
    rows = await query.values_list(
        "id", "sort_name", "search_text", "organisation_id", "publiccode_yml"
    )
    repositories = await _repository_texts([row[0] for row in rows])
    return [
        Candidate(
            id,
            {
                "name": name,
                "organisation": organisations.get(organisation_id, ""),
                "topics": repositories.get(id, {}).get("topics", ""),
                "languages": repositories.get(id, {}).get("languages", ""),
                "text": f"{text}\n{repositories.get(id, {}).get('text', '')}",
                "publiccode": (publiccode or "").casefold(),
            },
        )
        for id, name, text, organisation_id, publiccode in rows
    ]


def _narrowing(word: Word, organisations: Mapping[int, str]) -> Q:
    """The entries with the word's root in one of their fields (a superset of the matches)."""
    root = word.root
    named = [id for id, text in organisations.items() if word.occurs_in(text)]
    topics = Repository.annotate(topics_text=RawSQL('CAST("topics" AS TEXT)'))
    in_repositories = (
        Q(description__icontains=root)
        | Q(id__in=Subquery(RepositoryLanguage.filter(key__contains=root).values("repository_id")))
        | Q(id__in=Subquery(topics.filter(topics_text__icontains=root).values("id")))
    )
    return (
        Q(search_text__contains=root)
        | Q(publiccode_yml__icontains=root)
        | Q(organisation_id__in=named)
        | Q(id__in=Subquery(Repository.filter(in_repositories).values("software_id")))
    )


async def _repository_texts(ids: list[int]) -> dict[int, dict[str, str]]:
    """Per entry, its repositories' topics, languages and descriptions, case-folded."""
    texts: dict[int, dict[str, str]] = {
        id: {"topics": "", "languages": "", "text": ""} for id in ids
    }
    repositories = await Repository.filter(software_id__in=ids).values_list(
        "id", "software_id", "topics", "description"
    )
    owner = {}
    for repository_id, software_id, topics, description in repositories:
        owner[repository_id] = software_id
        texts[software_id]["topics"] += "\n" + "\n".join(str(t).casefold() for t in topics or ())
        texts[software_id]["text"] += "\n" + (description or "").casefold()
    for repository_id, key in await RepositoryLanguage.filter(
        repository_id__in=list(owner)
    ).values_list("repository_id", "key"):
        texts[owner[repository_id]]["languages"] += f"\n{key}"
    return texts


async def suggest(query: str, *, limit: int = 5) -> list[str]:
    """Words close to those of a query that found nothing (a misspelt organisation, topic,
    language or name), to search for instead; the closest first."""
    vocabulary = await _vocabulary()
    suggestions: dict[str, None] = {}
    for word in words(query):
        for close in difflib.get_close_matches(word.text, vocabulary, n=limit, cutoff=0.75):
            if close != word.text:
                suggestions.setdefault(close, None)
    return list(suggestions)[:limit]


async def _vocabulary() -> list[str]:
    """Every word of the organisations' names and the entries' names, and every language."""
    texts: list[Any] = [
        *await Organisation.all().values_list("name", flat=True),
        *await Software.filter(archived_at__isnull=True).values_list("sort_name", flat=True),
        *await RepositoryLanguage.all().distinct().values_list("key", flat=True),
    ]
    return sorted({word for text in texts for word in WORD.findall(str(text).casefold())})
