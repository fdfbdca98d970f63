# SPDX-License-Identifier: EUPL-1.2
"""Pages of a list: which page to read, and what one holds. Pure: no ORM, no web.

A page is asked for by number (the first pages) or by a cursor: the opaque key of the last
row of the page before, so that a deep page costs what the first does and rows written in
between move no row to two pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which page of a list to read: 1-based page number and page size, or a cursor (the
    page after the one that gave it; the number is then ignored)."""

    page: int = 1
    per_page: int = 20
    cursor: str | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a list, with the total over all pages. A list that counts up to a cap says
    so: `capped` (there are more than `total`), or `estimated` (the database's estimate)."""

    items: list[T]
    total: int
    request: PageRequest
    next_cursor: str | None = None
    capped: bool = False
    estimated: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    @property
    def exact(self) -> bool:
        return not (self.capped or self.estimated)
