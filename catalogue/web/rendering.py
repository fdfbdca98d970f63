# SPDX-License-Identifier: EUPL-1.2
"""Rendering pages: the templates, what every page knows, and the cookies a page may set.
The composition root adds the domain's choices (release statuses, kinds of organisation) to
the templates' globals."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from catalogue.messages import Message
from catalogue.permissions.rules import ANONYMOUS, Permission
from catalogue.web import auth, notices
from catalogue.web.assets import hashed_name
from catalogue.web.i18n import (
    COOKIE,
    LANGUAGES,
    format_date,
    format_day,
    format_number,
    format_share,
    language_of,
    translations,
)
from catalogue.web.problems import ProblemError

ONE_YEAR = 365 * 24 * 3600


def _context(request: Request) -> dict[str, Any]:
    language = language_of(request)
    catalogue = translations(language)

    def gettext(message: str, **values: Any) -> str:
        text = catalogue.gettext(message)
        return text % values if values else text

    def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
        text = catalogue.ngettext(singular, plural, count)
        return text % {"num": format_number(count, language), **values}

    return {
        "lang": language,
        "_": gettext,
        "gettext_catalogue": catalogue,
        "ngettext": ngettext,
        "number": lambda value: format_number(value, language),
        "date": lambda value: format_date(value, language),
        "day": lambda value: format_day(value, language),
        "percent": lambda value: format_share(value, language),
        "other_language": "en" if language == "nl" else "nl",
        "other_language_url": _in_language(request, "en" if language == "nl" else "nl"),
        "Permission": Permission,
        "asset": lambda path: "/static/" + hashed_name(_static_dir(request), path),
    }


def _in_language(request: Request, language: str) -> str:
    """This page, with its filters, in the other language."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*params, ('lang', language)])}"


def _static_dir(request: Request) -> str:
    return str(request.app.state.settings.static_dir)


templates = Jinja2Templates(
    directory=str(resources.files("catalogue") / "templates"), context_processors=[_context]
)


def warm_up() -> None:
    """Compile every page template and load each language's messages and locale data now, at
    a served worker's start-up, rather than while its first visitors wait (a worker that
    starts under many visitors at once had each of them wait for all of it)."""
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)
    moment = datetime.now(UTC)
    for language in LANGUAGES:
        translations(language)
        format_number(1234.5, language)
        format_share(0.5, language)
        format_date(moment, language)
        format_day(moment.date(), language)


def http_url(value: str | None) -> str | None:
    """The URL if it is an http(s) address, else None: no javascript: links from data."""
    if value and value.lower().startswith(("https://", "http://")):
        return value
    return None


@pass_context
def translate_messages(context: Context, value: Any) -> Any:
    """Every `{{ value }}` passes here: a domain Message is shown in the page's language."""
    if isinstance(value, Message):
        catalogue = context.get("gettext_catalogue")
        if catalogue is None:
            return value
        return value.translated(catalogue.gettext, context.get("number"))
    return value


def stored_message(item: Mapping[str, Any]) -> Any:
    """The message of a stored problem or finding: a Message when it was stored with its
    template and values, so that the page shows it in its language; else the text as it is."""
    if isinstance(item.get("template"), str) and isinstance(item.get("values"), Mapping):
        try:
            return Message.from_dict(item)
        except (KeyError, TypeError, ValueError):  # a template that no longer fits its values
            return item.get("message", "")
    return item.get("message", "")


FIELD_PART = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def field_pattern(key: str) -> str:
    """The key of a form field with its positions left out: items[1].name is items[].name."""
    return re.sub(r"\[\d+\]", "[]", key)


def field_id(key: str) -> str:
    """The HTML id of a form field's control, as the templates' `field` macro makes it."""
    return key.replace("[", "-").replace("]", "")


def errors_matching(errors: Mapping[str, Any], pattern: str) -> list[Any]:
    """The problems of the fields whose pattern is `pattern` (repositories[] for each line)."""
    return [problem for key, problem in errors.items() if field_pattern(key) == pattern]


def field_label(key: str, labels: Mapping[str, str]) -> str:
    """What the person sees as the name of the field `key`, from the form's `labels`: the key
    itself (name), or its parts, a part with a position labelled as name[] and numbered from 1
    (Scope item 2, Woo ground 1, Weighing of interests); "" when a part has no label, never
    the key."""
    if key in labels:
        return labels[key]
    words = []
    for part in key.split("."):
        match = FIELD_PART.match(part)
        if match is None:
            return ""
        name, index = match.groups()
        label = labels.get(f"{name}[]" if index is not None else name)
        if label is None:
            return ""
        words.append(label % {"number": int(index) + 1} if index is not None else label)
    return ", ".join(words)


def errors_of(errors: Mapping[str, Any], form: str) -> dict[str, Any]:
    """The problems of one form of a page whose forms share field names, where each problem
    is keyed by the id of its control, `form`-field (user-email): keyed by the field."""
    prefix = f"{form}-"
    return {
        key.removeprefix(prefix): text for key, text in errors.items() if key.startswith(prefix)
    }


templates.env.tests["containing"] = lambda values, value: value in (values or ())
templates.env.globals["field_label"] = field_label
templates.env.globals["errors_of"] = errors_of
templates.env.globals["field_id_of"] = field_id
templates.env.globals["errors_matching"] = errors_matching
templates.env.globals["field_pattern"] = field_pattern
templates.env.filters["http_url"] = http_url
templates.env.filters["message"] = stored_message
templates.env.finalize = translate_messages


async def render(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> Response:
    """Render a page for whoever is signed in; remember a language chosen with ?lang=."""
    context.setdefault("principal", await auth.session_principal(request))
    context.setdefault("csrf_token", auth.csrf_token(request))
    context["notice"] = notices.taken(request)
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    if context["notice"] is not None:
        notices.forget(response)
    auth.remember_csrf_seed(request, response)
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=ONE_YEAR, httponly=True, samesite="lax")
    return response


async def error_page(request: Request, error: ProblemError) -> Response:
    """A problem, for people: the error page in their language, with the problem's headers.
    A server's error (the database down, say) is shown without asking who is signed in: that
    lookup would need what just failed."""
    context: dict[str, Any] = {"error": error}
    if error.status >= 500 and "principal" not in request.state._state:
        context["principal"] = ANONYMOUS
    response = await render(request, "error.html", status_code=error.status, **context)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response
