# SPDX-License-Identifier: EUPL-1.2
"""Languages of the pages: Dutch first, English available, through gettext catalogues.

Message ids are English; catalogue/locale/<lang>/LC_MESSAGES/messages.po holds the other
languages, compiled in memory when first needed.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import resources

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from starlette.requests import Request

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
COOKIE = "lang"


@cache
def translations(language: str) -> NullTranslations:
    """The gettext catalogue for a language (English is the message ids themselves)."""
    if language == "en":
        return NullTranslations()
    source = resources.files("catalogue") / "locale" / language / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def language_of(request: Request) -> str:
    """The language asked for by ?lang=, else the remembered choice, else Dutch."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=4096)
def format_number(value: int | float, language: str) -> str:
    """A number as the language writes it. Kept: babel takes about a millisecond a number, and
    a list page writes hundreds (its facets' counts), mostly the same few."""
    return format_decimal(value, locale=language)


def format_date(value: datetime | None, language: str) -> str:
    return format_datetime(value, "medium", locale=language) if value else ""


def format_day(value: date | None, language: str) -> str:
    """A calendar date, e.g. 1 juni 2026 or June 1, 2026."""
    return babel_format_date(value, "long", locale=language) if value else ""


def format_share(value: float, language: str) -> str:
    """A share as a percentage, e.g. 42% or 42 %, as the language writes it."""
    return format_percent(value, locale=language)
