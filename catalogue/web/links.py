# SPDX-License-Identifier: EUPL-1.2
"""RFC 8288 Link headers for paged lists."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import URL, QueryParams

from catalogue.paging import Page


def page_url(url: URL, page: int) -> str:
    return str(url.include_query_params(page=page))


def page_links(url: URL, page: Page[Any]) -> dict[str, str]:
    """The URLs of the first, previous, next and last pages around `page`. A list that gives
    cursors links its next page by cursor, and its last page only when its total is exact."""
    current, last = page.request.page, page.pages
    links = {"first": str(url.remove_query_params(["page", "cursor"]).include_query_params(page=1))}
    if page.exact:
        links["last"] = page_url(url.remove_query_params("cursor"), last)
    if current > 1 and not page.request.cursor:
        links["prev"] = page_url(url, min(current - 1, last))
    if page.next_cursor is not None:
        links["next"] = str(
            url.remove_query_params("page").include_query_params(cursor=page.next_cursor)
        )
    elif current < last and not page.request.cursor:
        links["next"] = page_url(url, current + 1)
    return links


def toggle_url(url: URL, name: str, value: str) -> str:
    """The URL with the filter `name=value` added, or taken away when it is there already;
    back to the first page either way, since the results change."""
    query = QueryParams(url.query)
    params = [(k, v) for k, v in query.multi_items() if k not in (name, "page", "cursor")]
    if query.get(name) != value:
        params.append((name, value))
    return f"{url.path}?{urlencode(params)}" if params else url.path


def link_header(url: URL, page: Page[Any]) -> str:
    return ", ".join(f'<{href}>; rel="{rel}"' for rel, href in page_links(url, page).items())
