# SPDX-License-Identifier: EUPL-1.2
"""Messages for people that the domain writes and the pages translate. Pure: no ORM, no web.

The domain says what is wrong in English, as `Message("must be at most %(limit)s characters",
limit=Number(300))`. A Message is the English text (so logs, the CLI and the English-only API read
it as a plain string) and keeps its template and values, so that a page can look the template up
in the gettext catalogue of its language and fill in the values there. Templates are the message
ids of catalogue/locale/*/LC_MESSAGES/messages.po; tests/catalogue/test_i18n.py extracts every
`Message(...)` from the code and requires a Dutch translation for each.

A value that is itself a word to translate is a Message too; a count or a limit is a Number, so
that each language writes it its own way (10,000 in English, 10.000 in Dutch). A Message kept as
JSON (a stored check) is `as_dict()` and comes back with `from_dict()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class Number(int):
    """A count or a limit in a message, written with thousands separators (10,000 in English)."""

    def __str__(self) -> str:
        return f"{int(self):,}"


class Message(str):
    """English text with the template and values it was made from."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Message:
        message = super().__new__(cls, template % values if values else template)
        message.template = template
        message.values = values
        return message

    def translated(
        self, gettext: Callable[[str], str], number: Callable[[int], str] | None = None
    ) -> str:
        """The message in the language of `gettext`; values that are messages are translated
        too, and Numbers written by `number` when it is given."""
        values = {
            name: _translated_value(value, gettext, number) for name, value in self.values.items()
        }
        text = gettext(self.template)
        return text % values if values else text

    def as_dict(self) -> dict[str, Any]:
        """The template and values as JSON-ready data (nested messages as dicts too)."""
        return {"template": self.template, "values": _plain_values(self.values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """The message `as_dict()` gave, nested messages included."""
        values = {
            name: cls.from_dict(value) if isinstance(value, Mapping) else value
            for name, value in (data.get("values") or {}).items()
        }
        return cls(data["template"], **values)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.values))


def _translated_value(
    value: Any, gettext: Callable[[str], str], number: Callable[[int], str] | None
) -> Any:
    if isinstance(value, Message):
        return value.translated(gettext, number)
    if isinstance(value, Number) and number is not None:
        return number(int(value))
    return value


def _plain_values(values: Mapping[str, Any]) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, Message):
            plain[name] = value.as_dict()
        elif isinstance(value, Number):
            plain[name] = int(value)
        elif isinstance(value, bool | int | float) or value is None:
            plain[name] = value
        else:
            plain[name] = str(value)
    return plain


def _rebuild(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)


def translated(text: Any, gettext: Callable[[str], str]) -> Any:
    """A Message in the language of `gettext`; anything else as it is."""
    return text.translated(gettext) if isinstance(text, Message) else text


def message_of(error: BaseException) -> str:
    """What an error says: its Message when it was raised with one, else its text."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, Message) else str(error)
