# SPDX-License-Identifier: EUPL-1.2
"""The search language and the stems: pure, no ORM.

A query is words, "quoted phrases" and exclusions (`-word`, `-"a phrase"`); see
docs/search.md. Every word is matched by its stem as a prefix: "belastingen" finds
"belasting" and "Belastingdienst", "vergu" finds "vergunning" while it is being typed.

SQLite's FTS5 has no Dutch stemmer, so the text it indexes and the words it is asked for go
through `key`: Snowball's Dutch (Porter) stemmer, then its English one (so "licences" and
"licence", "gebruikers" and "gebruiker" meet). PostgreSQL stems with its own `dutch` and
`english` configurations and is given the words as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer

MAX_TERMS = 8
MAX_PHRASE_WORDS = 6
WORD = re.compile(r"\w+")
# A term: an optional minus, then a quoted phrase (closed or not) or a run of non-space.
TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
# Words that name no organisation in an abbreviation ("Centraal Bureau voor de Statistiek").
LINKING_WORDS = frozenset({"de", "der", "den", "en", "het", "in", "of", "op", "van", "voor"})


@cache
def _stemmers() -> tuple[snowballstemmer.Stemmer, snowballstemmer.Stemmer]:
    return snowballstemmer.stemmer("dutch_porter"), snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def key(word: str) -> str:
    """The stem under which a case-folded word is indexed and looked up."""
    dutch, english = _stemmers()
    return str(english.stemWord(dutch.stemWord(word)))


def words(text: str) -> list[str]:
    """The words of a text, case-folded, in order."""
    return WORD.findall(text.casefold())


def indexed(text: str) -> str:
    """A text as SQLite's index holds it: each word replaced by its key, in order (so that
    phrases still match)."""
    return " ".join(key(word) for word in words(text))


def abbreviation(name: str) -> str:
    """The initials of an organisation's name without its linking words, case-folded:
    "Centraal Bureau voor de Statistiek" → "cbs"."""
    return "".join(w[0] for w in words(name) if w not in LINKING_WORDS)


@dataclass(frozen=True, slots=True)
class Term:
    """One part of a query: a word or a phrase (its words, case-folded), maybe excluded."""

    words: tuple[str, ...]
    exclude: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query. `text` is what was typed, case-folded and trimmed."""

    text: str
    terms: tuple[Term, ...]

    @property
    def included(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.exclude)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.exclude)

    def __bool__(self) -> bool:
        """Whether the query can find anything: it needs one term that is not excluded."""
        return bool(self.included)


def parse(query: str) -> Query:
    """The terms of a query, at most MAX_TERMS, without repeats. A word typed with a minus
    inside ("open-data") is one phrase of its parts, as the index splits it."""
    terms: dict[Term, None] = {}
    for minus, quoted, bare in TERM.findall(query):
        found = tuple(words(quoted if quoted or bare == "" else bare))[:MAX_PHRASE_WORDS]
        if found:
            terms.setdefault(Term(found, exclude=minus == "-"), None)
    return Query(" ".join(query.casefold().split()), tuple(terms)[:MAX_TERMS])


def fts5_match(query: Query) -> str:
    """The query in FTS5's syntax, over the keys: a word as a prefix of a key, a phrase as
    keys in a row; exclusions with NOT. Every string is quoted, so nothing typed is syntax."""
    parts = [fts5_term(term) for term in query.included]
    text = " AND ".join(parts)
    for term in query.excluded:
        text = f"({text}) NOT {fts5_term(term)}"
    return text


def fts5_term(term: Term) -> str:
    """One term's words in FTS5's syntax (whether it is excluded is the caller's)."""
    keys = [key(word) for word in term.words]
    if term.phrase:
        return '"' + " ".join(keys) + '"'
    return f'"{keys[0]}"*'
