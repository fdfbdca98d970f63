# SPDX-License-Identifier: EUPL-1.2
"""Messages for people: English text that keeps its template and values for translation."""

from __future__ import annotations

import json
import pickle

import pytest

from catalogue.errors import Conflict, Invalid
from catalogue.messages import Message, Number, message_of, translated
from catalogue.web.i18n import format_number, translations

DUTCH = {
    "is longer than %(limit)s characters": "is langer dan %(limit)s tekens",
    "%(first)s or %(second)s": "%(first)s of %(second)s",
    "draft": "concept",
    "review due": "toe aan herbeoordeling",
    "at least %(share)s%% is open": "minstens %(share)s%% is open",
}


def dutch(template: str) -> str:
    return DUTCH.get(template, template)


def test_a_message_is_its_english_text() -> None:
    message = Message("is longer than %(limit)s characters", limit=200)
    assert message == "is longer than 200 characters"
    assert isinstance(message, str) and str(message) == "is longer than 200 characters"
    assert f"name: {message}" == "name: is longer than 200 characters"
    assert json.dumps({"detail": message}) == '{"detail": "is longer than 200 characters"}'
    assert (message.template, message.values) == (
        "is longer than %(limit)s characters",
        {"limit": 200},
    )


def test_a_message_without_values_is_its_template() -> None:
    message = Message("is required")
    assert message == "is required" and message.values == {}
    assert message.translated(lambda text: {"is required": "is verplicht"}[text]) == "is verplicht"


def test_a_literal_percent_is_doubled_when_there_are_values() -> None:
    message = Message("at least %(share)s%% is open", share=40)
    assert message == "at least 40% is open"
    assert message.translated(dutch) == "minstens 40% is open"


def test_nested_messages_are_translated_too() -> None:
    either = Message(
        "%(first)s or %(second)s", first=Message("draft"), second=Message("review due")
    )
    assert either == "draft or review due"
    assert either.translated(dutch) == "concept of toe aan herbeoordeling"
    assert translated(either, dutch) == "concept of toe aan herbeoordeling"
    assert translated("plain text", dutch) == "plain text"


def test_numbers_are_written_the_way_of_each_language() -> None:
    message = Message("is longer than %(limit)s characters", limit=Number(10_000))
    assert message == "is longer than 10,000 characters"
    assert message.translated(dutch, lambda n: format_number(n, "nl")) == (
        "is langer dan 10.000 tekens"
    )
    assert message.translated(dutch) == "is langer dan 10,000 tekens"  # no formatter given


def test_a_message_translates_with_the_real_dutch_catalogue() -> None:
    message = Message("at most %(limit)s per entry", limit=50)
    assert message.translated(translations("nl").gettext) == "hoogstens 50 per vermelding"
    assert message.translated(translations("en").gettext) == "at most 50 per entry"


def test_a_message_survives_pickling_with_its_template_and_values() -> None:
    message = Message("%(first)s or %(second)s", first=Message("draft"), second=Number(12_345))
    again = pickle.loads(pickle.dumps(message))
    assert type(again) is Message and again == "draft or 12,345"
    assert again.template == message.template
    assert isinstance(again.values["first"], Message) and type(again.values["second"]) is Number
    error = pickle.loads(pickle.dumps(Conflict(message)))
    assert isinstance(error.args[0], Message) and error.args[0].translated(dutch) == (
        "concept of 12,345"
    )


def test_a_message_kept_as_json_comes_back_whole() -> None:
    message = Message(
        "%(first)s or %(second)s",
        first=Message("is longer than %(limit)s characters", limit=Number(5_000)),
        second=Message("draft"),
    )
    stored = json.loads(json.dumps(message.as_dict()))
    assert stored == {
        "template": "%(first)s or %(second)s",
        "values": {
            "first": {"template": "is longer than %(limit)s characters", "values": {"limit": 5000}},
            "second": {"template": "draft", "values": {}},
        },
    }
    again = Message.from_dict(stored)
    assert again == "is longer than 5000 characters or draft"  # a stored Number is a plain int
    assert again.translated(dutch) == "is langer dan 5000 tekens of concept"


def test_values_that_json_cannot_hold_are_kept_as_their_text() -> None:
    assert Message("%(path)s is listed", path=("a", "b")).as_dict()["values"] == {
        "path": "('a', 'b')"
    }


def test_message_of_an_error_keeps_its_message() -> None:
    message = Message("is required")
    assert message_of(ValueError(message)) is message
    assert message_of(ValueError("plain")) == "plain"
    assert message_of(ValueError()) == ""


def test_invalid_keeps_the_messages_of_its_fields() -> None:
    error = Invalid({"name": Message("is required")})
    assert str(error) == "name: is required"
    assert isinstance(error.errors["name"], Message)


def test_a_translation_that_lacks_a_value_fails_loudly() -> None:
    message = Message("is longer than %(limit)s characters", limit=3)
    with pytest.raises(KeyError):
        message.translated(lambda text: "%(other)s")
