# SPDX-License-Identifier: EUPL-1.2
"""Pages of a list: which page to read, and what one holds. Pure: no ORM, no web."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which page of a list to read: 1-based page number and page size."""

    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a list, with the total over all pages."""

    items: list[T]
    total: int
    request: PageRequest

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))
