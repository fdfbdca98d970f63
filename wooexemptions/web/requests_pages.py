# SPDX-License-Identifier: EUPL-1.2
"""Pages of the request files: a Woo request as the public sees it (its requester for the
organisation's officers only), and the public form to ask for release of withheld code."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue.errors import Conflict, Invalid
from catalogue.messages import Message
from catalogue.software import queries as catalogue_queries
from catalogue.software.models import Software
from catalogue.web.auth import session_principal
from catalogue.web.http import found, path_id, posted
from catalogue.web.params import LANG, parse_query
from catalogue.web.rendering import render
from wooexemptions import asking, queries
from wooexemptions.models import WooRequest

FIELDS = ("subject", "requester_name", "requester_email")


async def request_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    principal = await session_principal(request)
    request_id = path_id(request, "request")
    woo = found(
        await WooRequest.get_or_none(id=request_id).prefetch_related(
            "organisation", "third_parties"
        ),
        Message("no such request"),
    )
    officer = queries.may_see_requesters(principal, woo.organisation_id)
    parties = list(woo.third_parties)
    decisions = [
        d
        for d in await woo.decisions.all().order_by("version")  # type: ignore[attr-defined]
        if d.state.public or queries.may_see_drafts(principal, woo.organisation_id)
    ]
    return await render(
        request,
        "woo_request.html",
        woo=woo,
        terms=queries.terms_of(woo, parties, date.today()),
        officer=officer,
        third_parties=parties if officer else [],
        decisions=decisions,
    )


async def _software(request: Request) -> Software:
    """The entry of the path's `{id}`; a 404 page if there is none."""
    software_id = path_id(request, "software")
    return found(await catalogue_queries.software_detail(software_id), Message("no such software"))


async def ask_page(request: Request) -> Response:
    parse_query(request.query_params, (LANG,))
    software = await _software(request)
    return await render(
        request, "ask_release.html", software=software, values={}, errors={}, receipt=None
    )


async def ask(request: Request) -> Response:
    """The public form: no account; the sender's address is throttled, never stored."""
    software = await _software(request)
    form = await posted(request)
    values = {key: form.get(key, "") for key in FIELDS}
    address = request.client.host if request.client else "unknown"
    try:
        receipt = await asking.ask_for_release(
            software=software,
            subject=values["subject"],
            name=values["requester_name"],
            email=values["requester_email"],
            address=address,
            secret=request.app.state.settings.secret_key,
            today=date.today(),
        )
    except Invalid as error:
        return await render(
            request, "ask_release.html", status_code=422, software=software, values=values,
            errors=error.errors, receipt=None,
        )  # fmt: skip
    except Conflict as error:
        return await render(
            request, "ask_release.html", status_code=429, software=software, values=values,
            errors={"form": str(error)}, receipt=None,
        )  # fmt: skip
    return await render(
        request, "ask_release.html", software=software, values={}, errors={}, receipt=receipt
    )


ROUTES = [
    Route("/verzoeken/{id:int}", request_page, name="woo_request"),
    Route("/software/{id:int}/verzoek", ask_page, methods=["GET"]),
    Route("/software/{id:int}/verzoek", ask, methods=["POST"]),
]
