# SPDX-License-Identifier: EUPL-1.2
"""The footer's pages: what opentenzij is, its accessibility statement, what it does with
personal data, and whom to contact. They read nothing from the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.web.params import LANG, parse_query
from catalogue.web.rendering import render

SOURCE_CODE = "https://github.com/opentenzij/opentenzij"  # publiccode.yml's url


def _page(template: str) -> Callable[[Request], Awaitable[Response]]:
    """The handler of a page that shows a template and the site's contact details."""

    async def page(request: Request) -> Response:
        parse_query(request.query_params, (LANG,))
        settings = request.app.state.settings
        return await render(
            request, template, source_code=SOURCE_CODE, contact_email=settings.contact_email
        )

    return page


ROUTES = [
    Route("/over", _page("about.html"), name="about"),
    Route("/toegankelijkheid", _page("accessibility.html"), name="accessibility"),
    Route("/privacy", _page("privacy.html"), name="privacy"),
    Route("/contact", _page("contact.html"), name="contact"),
]
