# SPDX-License-Identifier: EUPL-1.2
"""The JSON of the register: Woo grounds, decisions (brief and whole), recommendations of the
questionnaire, and the JSON Schemas of the register's answers and bodies."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec

from catalogue.organisations.web import OrganisationRef, reference
from catalogue.software.web.representations import SoftwareRef
from catalogue.web.schemas import (
    API,
    STRING,
    Count,
    closed_object,
    components,
    enum,
    input_object,
    ref,
)
from wooexemptions import grounds, models, questionnaire, rules
from wooexemptions.content import BESLUIT_TEXTS
from wooexemptions.grounds import GroundKind
from wooexemptions.rules import Basis, ItemKind, Outcome, ReasonKind, ScopeItem
from wooexemptions.services import content_of
from wooexemptions.states import DecisionState


class Ground(msgspec.Struct, forbid_unknown_fields=True):
    """An exemption ground of the Woo, with what the register needs to apply it."""

    code: Annotated[str, msgspec.Meta(description="e.g. woo-5.1.2.d")]
    article: Annotated[str, msgspec.Meta(description="e.g. 5.1 lid 2 onder d")]
    name_nl: str
    name_en: str
    kind: GroundKind
    weighing_required: Annotated[
        bool, msgspec.Meta(description="A refusal on it needs a written weighing of interests.")
    ]
    refusal: Annotated[bool, msgspec.Meta(description="Whether it can be applied to withhold.")]
    temporary: Annotated[bool, msgspec.Meta(description="Only to postpone (a postponed item).")]
    notes: str


def ground_resource(ground: grounds.Ground) -> Ground:
    return Ground(
        ground.code,
        ground.article,
        ground.name_nl,
        ground.name_en,
        ground.kind,
        ground.weighing_required,
        ground.refusal,
        ground.temporary,
        ground.notes,
    )


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class DecisionBrief(msgspec.Struct, forbid_unknown_fields=True):
    """A version of a release decision as the register lists it."""

    id: int
    url: str
    software: SoftwareRef
    organisation: OrganisationRef
    version: Annotated[int, msgspec.Meta(ge=1)]
    state: DecisionState
    outcome: Outcome
    summary: str
    grounds: Annotated[list[str], _described("The Woo grounds it applies anywhere, by code.")]
    decided_on: date | None
    published_on: date | None
    review_on: date | None
    is_example: Annotated[bool, _described("Demo data, not a real decision.")]


class GroundApplied(msgspec.Struct, forbid_unknown_fields=True):
    """A Woo ground applied to a scope item, with why it applies and, if needed, the weighing."""

    code: str
    motivation: str
    weighing: str
    despite_age: Annotated[
        str, _described("Art. 5.3 Woo: why it still prevails despite the time passed.")
    ]


class Reason(msgspec.Struct, forbid_unknown_fields=True):
    """A reason for withholding a scope item that is not a Woo ground."""

    kind: ReasonKind
    text: str


class DecidedItem(msgspec.Struct, forbid_unknown_fields=True):
    """A part of the software a decision covers, released or withheld."""

    kind: ItemKind
    name: str
    withheld: bool
    environmental: bool
    emissions: Annotated[bool, _described("On emissions (art. 5.1 lid 7 Woo).")]
    confidential_acts: Annotated[
        bool, _described("On acts of a confidential nature (art. 5.1 lid 2 onder b Woo).")
    ]
    postponed: Annotated[bool, _described("Withheld for a term only.")]
    open_on: date | None
    grounds: list[GroundApplied]
    reasons: list[Reason]


class LegendEntry(msgspec.Struct, forbid_unknown_fields=True):
    """Which marker in the released tree stands for which grondslag."""

    marker: str
    grondslag: str


class InventoryLink(msgspec.Struct, forbid_unknown_fields=True):
    """Where a decision's inventory is, with its size, tree and legend."""

    items: Count
    url: str
    items_url: str
    csv_url: Annotated[str, _described("The inventarislijst (art. 3.3 lid 2 onder i Woo).")]
    tree_url: str
    commit: str
    legend: list[LegendEntry]


class Decision(DecisionBrief, forbid_unknown_fields=True):
    """A version of a release decision, whole: what is released and what is withheld on which
    Woo grounds, the besluit's texts, and where its appeals, history and inventory are."""

    basis: Basis
    code_dated: date | None
    items: list[DecidedItem]
    warnings: Annotated[
        dict[str, str], _described("What to look at again, by field ('voor zover').")
    ]
    licence: str | None
    disclosure_only: Annotated[
        bool, _described("Disclosed for transparency, without a licence for reuse.")
    ]
    public_at: Annotated[str, _described("Already public: where.")]
    licence_exceptions: str
    bestuursorgaan: Annotated[str, _described("Who decides.")]
    signatory: Annotated[str, _described("Who signs under mandate (function).")]
    remedies: Annotated[str, _described("The rechtsmiddelenclausule.")]
    besluit_url: str
    inventory_url: str
    covers: Annotated[str, _described("The commit(s) or tag it covers.")]
    made_known_on: date | None
    request: Annotated[str | None, _described("The Woo request it decides on.")]
    appeals_url: str
    follows_appeal: Annotated[
        int | None, _described("The upheld objection or ruling this version carries out.")
    ]
    open_later_date: date | None
    open_later_trigger: str
    advisers: str
    rejection_reason: str
    review_reason: str
    supersedes: str | None
    lock_version: Annotated[Count, _described("Send it back with every write.")]
    history_url: str
    inventory: InventoryLink | None


def _brief_values(decision: models.Decision) -> dict[str, Any]:
    software, organisation = decision.software, decision.organisation
    return {
        "id": decision.pk,
        "url": f"{API}/decisions/{decision.pk}",
        "software": SoftwareRef(software.pk, software.name, f"{API}/software/{software.pk}"),
        "organisation": reference(organisation.slug, organisation.name),
        "version": decision.version,
        "state": decision.state,
        "outcome": decision.outcome,
        "summary": decision.summary,
        "grounds": sorted({g["code"] for item in decision.items for g in item["grounds"]}),
        "decided_on": decision.decided_on,
        "published_on": decision.published_on,
        "review_on": decision.review_on,
        "is_example": decision.is_example,
    }


def decision_brief(decision: models.Decision) -> DecisionBrief:
    """A version as the register lists it (its software and organisation fetched)."""
    return DecisionBrief(**_brief_values(decision))


def decision_resource(decision: models.Decision) -> Decision:
    """A version, whole (its software and organisation fetched)."""
    content = content_of(decision)
    return Decision(
        **_brief_values(decision),
        basis=decision.basis,
        code_dated=decision.code_dated,
        items=[_item(item) for item in content.items],
        warnings=rules.warnings(content),
        licence=decision.licence,
        disclosure_only=decision.disclosure_only,
        public_at=decision.public_at,
        licence_exceptions=decision.licence_exceptions,
        bestuursorgaan=decision.bestuursorgaan,
        signatory=decision.signatory,
        remedies=decision.remedies,
        besluit_url=decision.besluit_url,
        inventory_url=decision.inventory_url,
        covers=decision.covers,
        made_known_on=decision.made_known_on,
        request=f"{API}/requests/{decision.request_id}" if decision.request_id else None,
        appeals_url=f"{API}/decisions/{decision.pk}/appeals",
        follows_appeal=decision.follows_appeal_id,
        open_later_date=decision.open_later_date,
        open_later_trigger=decision.open_later_trigger,
        advisers=decision.advisers,
        rejection_reason=decision.rejection_reason,
        review_reason=decision.review_reason,
        supersedes=(
            f"{API}/decisions/{decision.supersedes_id}" if decision.supersedes_id else None
        ),
        lock_version=decision.lock_version,
        history_url=f"{API}/software/{decision.software.pk}/decisions",
        inventory=inventory_link(decision),
    )


def _item(item: ScopeItem) -> DecidedItem:
    return DecidedItem(
        kind=item.kind,
        name=item.name,
        withheld=item.withheld,
        environmental=item.environmental,
        emissions=item.emissions,
        confidential_acts=item.confidential_acts,
        postponed=item.postponed,
        open_on=item.open_on,
        grounds=[
            GroundApplied(g.code, g.motivation, g.weighing, g.despite_age) for g in item.grounds
        ],
        reasons=[Reason(r.kind, r.text) for r in item.reasons],
    )


def inventory_link(decision: models.Decision) -> InventoryLink | None:
    """Where the decision's inventory is, with its size, tree and legend; None without one.
    The inventarislijst (CSV) is published with the besluit (art. 3.3 lid 2 onder i Woo)."""
    if not decision.inventory_size and not decision.legend:
        return None
    base = f"{API}/decisions/{decision.pk}/inventory"
    return InventoryLink(
        items=decision.inventory_size,
        url=f"{base}/summary",
        items_url=base,
        csv_url=f"{base}.csv",
        tree_url=decision.tree_url,
        commit=decision.covers,
        legend=[
            LegendEntry(entry["marker"], entry["grondslag"]) for entry in decision.legend or []
        ],
    )


DATE = {"type": ["string", "null"], "format": "date"}

CONTENT = {
    "outcome": enum(Outcome),
    "items": {"type": "array", "items": ref("DecidedItem"), "maxItems": 50},
    "licence": {"type": ["string", "null"], "description": "SPDX expression."},
    "open_later_date": DATE,
    "open_later_trigger": STRING,
    "decided_on": DATE,
    "review_on": DATE,
    "summary": STRING,
    "advisers": STRING,
    "basis": enum(Basis),
    "code_dated": DATE,
    "disclosure_only": {"type": "boolean"},
    "licence_exceptions": STRING,
    "public_at": STRING,
    **dict.fromkeys(BESLUIT_TEXTS, STRING),
    "made_known_on": DATE,
}

LOCK = {"lock_version": {"type": "integer"}}

SCHEMAS = {
    **components(Ground, DecisionBrief, Decision),
    "DecisionInput": input_object(CONTENT, required=("outcome",), closed=False),
    "DecisionChanges": {
        **input_object({**CONTENT, **LOCK}, required=("lock_version",)),
        "description": "A partial update of a draft: a property left out stays as it is; null "
        "clears a property that may be empty (outcome may not: it is required); a property "
        "that cannot be set is refused (422).",
    },
    "Transition": input_object(
        {**LOCK, "reason": STRING, "review_on": DATE}, required=("lock_version",), closed=False
    ),
    "Answers": input_object(
        {
            "answers": {
                "type": "object",
                # Only the questions there are: an unknown one is refused (422).
                "propertyNames": {"enum": [q.id for q in questionnaire.QUESTIONS]},
                "additionalProperties": {"enum": [a.value for a in questionnaire.Answer]},
            }
        },
        required=("answers",),
        closed=False,
    ),
    "Question": closed_object(
        {"id": STRING, "text_nl": STRING, "text_en": STRING, "help_nl": STRING, "help_en": STRING}
    ),
    "Recommendation": {"type": "object"},
}


def recommendation_json(found: questionnaire.Recommendation) -> dict[str, Any]:
    return {
        "outcome": found.outcome.value,
        "candidates": [
            {"code": c.code, "why_nl": c.why_nl, "why_en": c.why_en, "scope": c.scope}
            for c in found.candidates
        ],
        "actions": [
            {"id": a.id, "text_nl": a.text_nl, "text_en": a.text_en} for a in found.actions
        ],
        "other_reasons": [{"kind": r.kind.value, "text": r.text} for r in found.other_reasons],
        "warnings_nl": list(found.warnings_nl),
        "warnings_en": list(found.warnings_en),
        "unanswered": list(found.unanswered),
    }
