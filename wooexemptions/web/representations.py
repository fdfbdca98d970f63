# SPDX-License-Identifier: EUPL-1.2
"""The JSON of the register: Woo grounds, decisions (brief and whole), recommendations of the
questionnaire, and the JSON Schemas of the register's answers and bodies."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from catalogue.web.schemas import (
    API,
    NULLABLE_STRING,
    STRING,
    closed_object,
    components,
    enum,
    input_object,
    iso,
)
from wooexemptions import grounds, questionnaire, rules
from wooexemptions.content import BESLUIT_TEXTS, items_json
from wooexemptions.grounds import GroundKind
from wooexemptions.models import Decision
from wooexemptions.rules import Basis, ItemKind, Outcome, ReasonKind
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


def decision_json(decision: Decision, *, brief: bool = False) -> dict[str, Any]:
    software, organisation = decision.software, decision.organisation
    body: dict[str, Any] = {
        "id": decision.pk,
        "url": f"{API}/decisions/{decision.pk}",
        "software": {
            "id": software.pk,
            "name": software.name,
            "url": f"{API}/software/{software.pk}",
        },
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name,
            "url": f"{API}/organisations/{organisation.slug}",
        },
        "version": decision.version,
        "state": decision.state.value,
        "outcome": decision.outcome.value,
        "summary": decision.summary,
        "grounds": sorted({g["code"] for item in decision.items for g in item["grounds"]}),
        "decided_on": iso(decision.decided_on),
        "published_on": iso(decision.published_on),
        "review_on": iso(decision.review_on),
        "is_example": decision.is_example,
    }
    if brief:
        return body
    content = content_of(decision)
    return {
        **body,
        "basis": decision.basis.value,
        "code_dated": iso(decision.code_dated),
        "items": items_json(content.items),
        "warnings": rules.warnings(content),
        "licence": decision.licence,
        "disclosure_only": decision.disclosure_only,
        "public_at": decision.public_at,
        "licence_exceptions": decision.licence_exceptions,
        **{key: getattr(decision, key) for key in BESLUIT_TEXTS},
        "made_known_on": iso(decision.made_known_on),
        "request": f"{API}/requests/{decision.request_id}" if decision.request_id else None,
        "appeals_url": f"{API}/decisions/{decision.pk}/appeals",
        "follows_appeal": decision.follows_appeal_id,
        "open_later_date": iso(decision.open_later_date),
        "open_later_trigger": decision.open_later_trigger,
        "advisers": decision.advisers,
        "rejection_reason": decision.rejection_reason,
        "review_reason": decision.review_reason,
        "supersedes": (
            f"{API}/decisions/{decision.supersedes_id}" if decision.supersedes_id else None
        ),
        "lock_version": decision.lock_version,
        "history_url": f"{API}/software/{software.pk}/decisions",
        "inventory": inventory_link(decision),
    }


def inventory_link(decision: Decision) -> dict[str, Any] | None:
    """Where the decision's inventory is, with its size, tree and legend; None without one.
    The inventarislijst (CSV) is published with the besluit (art. 3.3 lid 2 onder i Woo)."""
    if not decision.inventory_size and not decision.legend:
        return None
    base = f"{API}/decisions/{decision.pk}/inventory"
    return {
        "items": decision.inventory_size,
        "url": f"{base}/summary",
        "items_url": base,
        "csv_url": f"{base}.csv",
        "tree_url": decision.tree_url,
        "commit": decision.covers,
        "legend": [dict(entry) for entry in decision.legend or []],
    }


GROUND_USE = closed_object(
    {
        "code": STRING,
        "motivation": STRING,
        "weighing": STRING,
        "despite_age": {
            "type": "string",
            "description": "Art. 5.3 Woo: why it still prevails despite the time passed.",
        },
    }
)

REASON = closed_object({"kind": enum(ReasonKind), "text": STRING})

ITEM = closed_object(
    {
        "kind": enum(ItemKind),
        "name": STRING,
        "withheld": {"type": "boolean"},
        "environmental": {"type": "boolean"},
        "emissions": {"type": "boolean", "description": "On emissions (art. 5.1 lid 7 Woo)."},
        "confidential_acts": {
            "type": "boolean",
            "description": "On acts of a confidential nature (art. 5.1 lid 2 onder b Woo).",
        },
        "postponed": {"type": "boolean", "description": "Withheld for a term only."},
        "open_on": {"type": ["string", "null"], "format": "date"},
        "grounds": {"type": "array", "items": GROUND_USE},
        "reasons": {"type": "array", "items": REASON},
    }
)

DATE = {"type": ["string", "null"], "format": "date"}

REF = closed_object({"id": {"type": "integer"}, "name": STRING, "url": STRING})

BRIEF = {
    "id": {"type": "integer"},
    "url": STRING,
    "software": REF,
    "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
    "version": {"type": "integer", "minimum": 1},
    "state": enum(DecisionState),
    "outcome": enum(Outcome),
    "summary": STRING,
    "grounds": {"type": "array", "items": STRING},
    "decided_on": DATE,
    "published_on": DATE,
    "review_on": DATE,
    "is_example": {"type": "boolean", "description": "Demo data, not a real decision."},
}

DECISION = closed_object(
    {
        **BRIEF,
        "basis": enum(Basis),
        "code_dated": DATE,
        "items": {"type": "array", "items": ITEM},
        "warnings": {
            "type": "object",
            "additionalProperties": STRING,
            "description": "What to look at again, by field ('voor zover').",
        },
        "licence": NULLABLE_STRING,
        "disclosure_only": {
            "type": "boolean",
            "description": "Disclosed for transparency, without a licence for reuse.",
        },
        "licence_exceptions": STRING,
        "public_at": {"type": "string", "description": "Already public: where."},
        "bestuursorgaan": {"type": "string", "description": "Who decides."},
        "signatory": {"type": "string", "description": "Who signs under mandate (function)."},
        "remedies": {"type": "string", "description": "The rechtsmiddelenclausule."},
        "besluit_url": STRING,
        "inventory_url": STRING,
        "covers": {"type": "string", "description": "The commit(s) or tag it covers."},
        "made_known_on": DATE,
        "request": {**NULLABLE_STRING, "description": "The Woo request it decides on."},
        "appeals_url": STRING,
        "follows_appeal": {
            "type": ["integer", "null"],
            "description": "The upheld objection or ruling this version carries out.",
        },
        "open_later_date": DATE,
        "open_later_trigger": STRING,
        "advisers": STRING,
        "rejection_reason": STRING,
        "review_reason": STRING,
        "supersedes": NULLABLE_STRING,
        "lock_version": {"type": "integer", "description": "Send it back with every write."},
        "history_url": STRING,
        "inventory": {
            "oneOf": [
                {"type": "null"},
                closed_object(
                    {
                        "items": {"type": "integer"},
                        "url": STRING,
                        "items_url": STRING,
                        "csv_url": {
                            "type": "string",
                            "description": "The inventarislijst (art. 3.3 lid 2 onder i Woo).",
                        },
                        "tree_url": STRING,
                        "commit": STRING,
                        "legend": {
                            "type": "array",
                            "items": closed_object({"marker": STRING, "grondslag": STRING}),
                        },
                    }
                ),
            ]
        },
    }
)

CONTENT = {
    "outcome": enum(Outcome),
    "items": {"type": "array", "items": ITEM, "maxItems": 50},
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
    **components(Ground),
    "DecisionBrief": closed_object(BRIEF),
    "Decision": DECISION,
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
