# SPDX-License-Identifier: EUPL-1.2
"""RFC 8288 Link headers for paged lists."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import URL

from catalogue.queries import Page


def page_url(url: URL, page: int) -> str:
    return str(url.include_query_params(page=page))


def page_links(url: URL, page: Page[Any]) -> dict[str, str]:
    """The URLs of the first, previous, next and last pages around `page`."""
    current, last = page.request.page, page.pages
    links = {"first": page_url(url, 1), "last": page_url(url, last)}
    if current > 1:
        links["prev"] = page_url(url, min(current - 1, last))
    if current < last:
        links["next"] = page_url(url, current + 1)
    return links


def link_header(url: URL, page: Page[Any]) -> str:
    return ", ".join(f'<{href}>; rel="{rel}"' for rel, href in page_links(url, page).items())
