# SPDX-License-Identifier: EUPL-1.2
"""A decision's content as JSON (for the API, the forms and the stored `items`) and back.
Pure: the shapes of wooexemptions.rules, read from and written to plain dicts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from catalogue.messages import Message
from wooexemptions.besluit import Besluit
from wooexemptions.rules import (
    Basis,
    DecisionContent,
    GroundUse,
    ItemKind,
    OtherReason,
    Outcome,
    ReasonKind,
    ScopeItem,
)

MAX_ITEMS = 50
MAX_PER_ITEM = 20


class ContentError(ValueError):
    """Input that is not shaped like a decision; `errors` maps each field path to the problem."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {value}" for key, value in errors.items()))
        self.errors = errors


def items_json(items: tuple[ScopeItem, ...]) -> list[dict[str, Any]]:
    """The stored and served form of scope items."""
    return [
        {
            "kind": item.kind.value,
            "name": item.name,
            "withheld": item.withheld,
            "environmental": item.environmental,
            "emissions": item.emissions,
            "confidential_acts": item.confidential_acts,
            "postponed": item.postponed,
            "open_on": item.open_on.isoformat() if item.open_on else None,
            "grounds": [
                {
                    "code": g.code,
                    "motivation": g.motivation,
                    "weighing": g.weighing,
                    "despite_age": g.despite_age,
                }
                for g in item.grounds
            ],
            "reasons": [{"kind": r.kind.value, "text": r.text} for r in item.reasons],
        }
        for item in items
    ]


def parse(values: Mapping[str, Any]) -> DecisionContent:
    """A DecisionContent from JSON-like values; ContentError names every misshapen field.
    Whether the content is lawful and complete is wooexemptions.rules' question."""
    errors: dict[str, str] = {}
    outcome = _choice(values.get("outcome"), Outcome, "outcome", errors)
    raw_items = values.get("items", [])
    if not isinstance(raw_items, list) or len(raw_items) > MAX_ITEMS:
        errors["items"] = Message(
            "must be a list of at most %(limit)s scope items", limit=MAX_ITEMS
        )
        raw_items = []
    items = tuple(_item(raw, f"items[{n}]", errors) for n, raw in enumerate(raw_items))
    content = DecisionContent(
        outcome=outcome or Outcome.OPEN,
        items=items,
        licence=_text(values.get("licence"), "licence", errors) or None,
        open_later_date=_date(values.get("open_later_date"), "open_later_date", errors),
        open_later_trigger=_text(values.get("open_later_trigger"), "open_later_trigger", errors),
        decided_on=_date(values.get("decided_on"), "decided_on", errors),
        review_on=_date(values.get("review_on"), "review_on", errors),
        summary=_text(values.get("summary"), "summary", errors),
        basis=_choice(values.get("basis") or "proactive", Basis, "basis", errors)
        or Basis.PROACTIVE,
        code_dated=_date(values.get("code_dated"), "code_dated", errors),
        disclosure_only=_flag(values.get("disclosure_only", False), "disclosure_only", errors),
        licence_exceptions=_text(values.get("licence_exceptions"), "licence_exceptions", errors),
        besluit=_besluit(values, errors),
        public_at=_text(values.get("public_at"), "public_at", errors),
    )
    if errors:
        raise ContentError(errors)
    return content


BESLUIT_TEXTS = (
    "bestuursorgaan",
    "signatory",
    "remedies",
    "besluit_url",
    "inventory_url",
    "covers",
)


def _besluit(values: Mapping[str, Any], errors: dict[str, str]) -> Besluit:
    texts = {key: _text(values.get(key), key, errors) for key in BESLUIT_TEXTS}
    return Besluit(
        **texts, made_known_on=_date(values.get("made_known_on"), "made_known_on", errors)
    )


def besluit_json(besluit: Besluit) -> dict[str, Any]:
    """The formal besluit's fields, flat, as the API and the stored columns have them."""
    return {
        **{key: getattr(besluit, key) for key in BESLUIT_TEXTS},
        "made_known_on": besluit.made_known_on,
    }


def _item(raw: Any, where: str, errors: dict[str, str]) -> ScopeItem:
    if not isinstance(raw, Mapping):
        errors[where] = Message("must be an object with kind, name, withheld, grounds and reasons")
        return ScopeItem(ItemKind.WHOLE, "", False)
    grounds, reasons = _list(raw, "grounds", where, errors), _list(raw, "reasons", where, errors)
    return ScopeItem(
        kind=_choice(raw.get("kind", "whole"), ItemKind, f"{where}.kind", errors) or ItemKind.WHOLE,
        name=_text(raw.get("name"), f"{where}.name", errors),
        withheld=_flag(raw.get("withheld", False), f"{where}.withheld", errors),
        environmental=_flag(raw.get("environmental", False), f"{where}.environmental", errors),
        emissions=_flag(raw.get("emissions", False), f"{where}.emissions", errors),
        confidential_acts=_flag(
            raw.get("confidential_acts", False), f"{where}.confidential_acts", errors
        ),
        postponed=_flag(raw.get("postponed", False), f"{where}.postponed", errors),
        open_on=_date(raw.get("open_on"), f"{where}.open_on", errors),
        grounds=tuple(_ground(g, f"{where}.grounds[{n}]", errors) for n, g in enumerate(grounds)),
        reasons=tuple(_reason(r, f"{where}.reasons[{n}]", errors) for n, r in enumerate(reasons)),
    )


def _list(raw: Mapping[str, Any], key: str, where: str, errors: dict[str, str]) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list) or len(value) > MAX_PER_ITEM:
        errors[f"{where}.{key}"] = Message(
            "must be a list of at most %(limit)s", limit=MAX_PER_ITEM
        )
        return []
    return value


def _ground(raw: Any, where: str, errors: dict[str, str]) -> GroundUse:
    if not isinstance(raw, Mapping):
        errors[where] = Message("must be an object with code, motivation and weighing")
        return GroundUse("", "")
    return GroundUse(
        code=_text(raw.get("code"), f"{where}.code", errors),
        motivation=_text(raw.get("motivation"), f"{where}.motivation", errors),
        weighing=_text(raw.get("weighing"), f"{where}.weighing", errors),
        despite_age=_text(raw.get("despite_age"), f"{where}.despite_age", errors),
    )


def _reason(raw: Any, where: str, errors: dict[str, str]) -> OtherReason:
    if not isinstance(raw, Mapping):
        errors[where] = Message("must be an object with kind and text")
        return OtherReason(ReasonKind.OTHER, "")
    kind = _choice(raw.get("kind"), ReasonKind, f"{where}.kind", errors) or ReasonKind.OTHER
    return OtherReason(kind=kind, text=_text(raw.get("text"), f"{where}.text", errors))


def _choice(value: Any, enum: Any, where: str, errors: dict[str, str]) -> Any:
    if value is None or value == "":
        errors[where] = Message("is required")
        return None
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        errors[where] = Message("must be one of: %(choices)s", choices=choices)
        return None


def _text(value: Any, where: str, errors: dict[str, str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[where] = Message("must be text")
        return ""
    return value.strip()


def _flag(value: Any, where: str, errors: dict[str, str]) -> bool:
    if not isinstance(value, bool):
        errors[where] = Message("must be true or false")
        return False
    return value


def _date(value: Any, where: str, errors: dict[str, str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors[where] = Message("must be a date, YYYY-MM-DD")
        return None
