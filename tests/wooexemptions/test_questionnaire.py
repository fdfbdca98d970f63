# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from importlib.resources import files
from typing import Any

import pytest
import yaml

from wooexemptions.grounds import ground
from wooexemptions.questionnaire import (
    ACTIONS,
    OPEN_LATER_TRIGGER,
    QUESTIONS,
    Answer,
    QuestionnaireDataError,
    Recommendation,
    Scope,
    draft_from,
    parse_texts,
    recommend,
)
from wooexemptions.rules import (
    DecisionContent,
    ItemKind,
    Outcome,
    ReasonKind,
    check,
    latest_review_date,
    something_released,
)

ALL_NO = {question.id: "no" for question in QUESTIONS}
OBSCURITY = "Security through obscurity is not a Woo ground by itself"
CLEANUP = "Secrets and personal data are no reason to keep the whole code closed"
NOT_WOO = "A third-party licence or a contract is not a Woo ground"
ENVIRONMENTAL = "art. 5.1 lid 5 is unavailable, lid 6 replaces lid 1 onder c"
EMISSIONS = "Information on emissions: the grounds of art. 5.1 lid 1 and lid 2 do not apply"
FIND_OUT = "Find out before deciding"


@dataclass(frozen=True)
class Row:
    name: str
    yes: tuple[str, ...]
    outcome: Outcome
    candidates: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # a fragment of each English warning, in order
    reasons: tuple[ReasonKind, ...] = ()
    unsure: tuple[str, ...] = ()


TABLE = [
    Row("all no", (), Outcome.OPEN, actions=("publish",)),
    # issue 14.10: secrets and personal data are withheld as such on a request, never "open"
    # with no ground; the code around them is released
    Row(
        "secrets only",
        ("secrets",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.h",),
        actions=("remove_and_rotate_secrets", "open_later_during_cleanup", "release_the_rest"),
        warnings=(CLEANUP,),
    ),
    Row(
        "personal data in history",
        ("personal_data_in_history",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.e",),
        actions=("rewrite_history", "open_later_during_cleanup", "release_the_rest"),
        warnings=(CLEANUP,),
    ),
    Row(
        "personal data in code and history, and secrets",
        ("secrets", "personal_data_in_code", "personal_data_in_history"),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.h", "woo-5.1.2.e"),
        actions=(
            "remove_and_rotate_secrets",
            "open_later_during_cleanup",
            "redact_personal_data",
            "rewrite_history",
            "release_the_rest",
        ),
        warnings=(CLEANUP,),
    ),
    Row(
        "developers' names in commits",
        ("developer_names",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.e",),
        actions=("anonymise_authors", "release_the_rest"),
        warnings=(CLEANUP,),
    ),
    Row(
        "third-party licence",
        ("third_party_licence_forbids",),
        Outcome.PARTLY_OPEN,
        actions=("separate_third_party_code", "release_the_rest"),
        warnings=(NOT_WOO,),
        reasons=(ReasonKind.THIRD_PARTY_LICENCE,),
    ),
    Row(
        "contract",
        ("contract_forbids",),
        Outcome.PARTLY_OPEN,
        actions=("ask_supplier_consent", "release_the_rest"),
        warnings=(NOT_WOO,),
        reasons=(ReasonKind.CONTRACT,),
    ),
    Row(
        "fraud rules",
        ("fraud_risk_rules",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.d",),
        actions=("separate_selection_rules", "release_the_rest"),
    ),
    Row(
        "investigative tooling",
        ("investigation_tools",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.c",),
        actions=("separate_sensitive_parts", "release_the_rest"),
    ),
    # issue 14.10: state security "could harm", voor zover: the parts concerned, not all
    Row(
        "national security",
        ("national_security_system",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.1.b",),
        actions=("narrow_to_sensitive_parts", "release_the_rest"),
    ),
    Row(
        "national security with fraud rules",
        ("fraud_risk_rules", "national_security_system"),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.d", "woo-5.1.1.b"),
        actions=("separate_selection_rules", "narrow_to_sensitive_parts", "release_the_rest"),
    ),
    # issue 14.10: obscurity yields open later after the fix, weighing 5.1.2.h/i
    Row(
        "obscurity only",
        ("security_by_obscurity",),
        Outcome.OPEN_LATER,
        candidates=("woo-5.1.2.h",),
        actions=("fix_security", "release_after_fix"),
        warnings=(OBSCURITY,),
    ),
    Row(
        "obscurity and a concrete risk",
        ("security_controls_concrete_risk", "security_by_obscurity"),
        Outcome.OPEN_LATER,
        candidates=("woo-5.1.2.h", "woo-5.1.2.h"),
        actions=("separate_sensitive_parts", "fix_security", "release_after_fix"),
        warnings=(OBSCURITY,),
    ),
    Row(
        "unannounced policy",
        ("unannounced_policy",),
        Outcome.OPEN_LATER,
        candidates=("woo-5.1.2.i",),
        actions=("release_on_announcement",),
    ),
    Row(
        "unannounced policy with fraud rules",
        ("fraud_risk_rules", "unannounced_policy"),
        Outcome.OPEN_LATER,
        candidates=("woo-5.1.2.d", "woo-5.1.2.i"),
        actions=("separate_selection_rules", "release_on_announcement"),
    ),
    Row(
        "BSN in code",
        ("bsn_numbers",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.1.e",),
        actions=("redact_personal_data", "release_the_rest"),
    ),
    Row(
        "special personal data in code",
        ("special_personal_data",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.1.d",),
        actions=("redact_personal_data", "release_the_rest"),
    ),
    Row(
        "vendor data",
        ("vendor_confidential_data",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.1.c",),
        actions=("separate_confidential_data", "release_the_rest"),
    ),
    Row(
        "competition-sensitive data",
        ("competition_sensitive_data",),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.2.f",),
        actions=("separate_confidential_data", "release_the_rest"),
    ),
    Row(
        "environmental and vendor data",
        ("vendor_confidential_data", "environmental_information"),
        Outcome.PARTLY_OPEN,
        candidates=("woo-5.1.6",),
        actions=("separate_confidential_data", "release_the_rest"),
        warnings=(ENVIRONMENTAL,),
    ),
    Row(
        "emission data and vendor data: 5.1 lid 7",
        ("vendor_confidential_data", "environmental_information", "emission_data"),
        Outcome.OPEN,
        actions=("separate_confidential_data", "publish"),
        warnings=(ENVIRONMENTAL, EMISSIONS),
    ),
    Row(
        "not held",
        ("not_held",),
        Outcome.NOT_HELD,
        actions=("ask_supplier_for_code",),
        warnings=("the decision is not one on disclosure but that the information is not held",),
    ),
    Row(
        "already public",
        ("already_public",),
        Outcome.ALREADY_PUBLIC,
        actions=("point_to_public_code",),
        warnings=("What is already public is not disclosed again",),
    ),
    Row(
        "special regime",
        ("special_regime",),
        Outcome.OPEN,
        actions=("publish",),
        warnings=("annex to art. 8.8 Woo applies, that law decides",),
    ),
    Row(
        "unsure answers",
        (),
        Outcome.OPEN,
        actions=("publish",),
        warnings=(
            f"{FIND_OUT} — you answered 'unsure' to: Does the code or its version history",
            f"{FIND_OUT} — you answered 'unsure' to: Could release of (parts of) the code harm",
        ),
        unsure=("secrets", "national_security_system"),
    ),
]


def answers(row: Row) -> dict[str, str]:
    return ALL_NO | dict.fromkeys(row.yes, "yes") | dict.fromkeys(row.unsure, "unsure")


@pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])
def test_recommendation_table(row: Row) -> None:
    result = recommend(answers(row))
    assert result.outcome == row.outcome
    assert tuple(candidate.code for candidate in result.candidates) == row.candidates
    assert tuple(action.id for action in result.actions) == row.actions
    assert tuple(reason.kind for reason in result.other_reasons) == row.reasons
    assert len(result.warnings_en) == len(result.warnings_nl) == len(row.warnings)
    for warning, fragment in zip(result.warnings_en, row.warnings, strict=True):
        assert fragment in warning
    assert result.unanswered == ()


def test_security_through_obscurity_advises_open_later_after_the_fix() -> None:
    result = recommend({"security_by_obscurity": "yes", "security_controls_concrete_risk": "no"})
    assert result.outcome == Outcome.OPEN_LATER
    assert "op zich geen Woo-grond" in result.warnings_nl[0]
    draft = draft_from(result, software_name="Poort", decided_on=date(2025, 3, 1))
    assert draft.open_later_trigger == "wanneer de zwakke plek in de beveiliging is verholpen"
    assert [(item.name, item.postponed) for item in draft.items] == [("Poort", True)]


def test_candidates_name_real_refusal_grounds_and_say_why_in_both_languages() -> None:
    everything = recommend(dict.fromkeys(ALL_NO, "yes"))
    environmental = recommend({"vendor_confidential_data": "yes"})
    for candidate in (*everything.candidates, *environmental.candidates):
        assert ground(candidate.code).refusal
        assert candidate.why_nl and candidate.why_en and candidate.scope


def test_questions_and_actions_are_bilingual_with_unique_ids() -> None:
    assert 15 <= len(QUESTIONS) <= 25
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    assert len({a.id for a in ACTIONS}) == len(ACTIONS)
    for question in QUESTIONS:
        assert question.id.isidentifier() and question.id.islower()
        assert question.text("nl") == question.text_nl and question.text("en") == question.text_en
        assert question.help("nl") == question.help_nl and question.help("en") == question.help_en
        assert question.text_nl.endswith("?") and question.text_en.endswith("?")


def test_questions_left_out_are_unanswered_in_questionnaire_order() -> None:
    result = recommend({"secrets": "no", "bsn_numbers": Answer.NO})
    assert result.unanswered[:2] == ("personal_data_in_code", "personal_data_in_history")
    assert "secrets" not in result.unanswered and "bsn_numbers" not in result.unanswered
    assert recommend({}).outcome == Outcome.OPEN


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"secret": "yes"}, "unknown question 'secret'; the questions are: secrets, "),
        ({"secrets": "Yes"}, "answer 'secrets' with yes, no or unsure, not 'Yes'"),
        ({"secrets": "maybe"}, "not 'maybe'"),
        ({"secrets": True}, "not True"),
    ],
)
def test_unknown_questions_and_answers_are_refused(given: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        recommend(given)


def fill_in(draft: DecisionContent) -> DecisionContent:
    """What an officer adds before submitting: motivations, weighing, reason texts, licence."""
    items = tuple(
        replace(
            item,
            grounds=tuple(
                replace(u, motivation="Because.", weighing="Weighed.") for u in item.grounds
            ),
        )
        for item in draft.items
    )
    return replace(
        draft,
        items=items,
        licence="EUPL-1.2" if something_released(draft) else None,
        summary="Alleen de leverancier heeft de code." if draft.outcome == "not_held" else "",
        public_at="https://example.org/code" if draft.outcome == "already_public" else "",
    )


@pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])
def test_a_draft_from_each_recommendation_is_a_valid_draft(row: Row) -> None:
    recommendation = recommend(answers(row))
    draft = draft_from(recommendation, software_name="Rekenkern", decided_on=date(2024, 2, 29))
    assert draft.outcome == recommendation.outcome
    assert draft.licence is None and draft.decided_on == date(2024, 2, 29)
    assert all(use.motivation == "" for item in draft.items for use in item.grounds)
    assert check(draft, complete=False) == {}
    assert check(fill_in(draft), complete=True) == {}


def test_a_draft_names_its_items_after_the_scopes() -> None:
    recommendation = recommend({"fraud_risk_rules": "yes", "third_party_licence_forbids": "yes"})
    draft = draft_from(recommendation, software_name="Rekenkern", decided_on=date(2025, 3, 1))
    assert [(i.kind, i.name, i.withheld) for i in draft.items] == [
        (ItemKind.WHOLE, "Rekenkern", False),
        (ItemKind.ARTEFACT, "de selectieregels en risicomodellen", True),
        (ItemKind.COMPONENT, "de componenten van derden", True),
    ]
    [reason] = draft.items[2].reasons
    assert reason.kind == recommendation.other_reasons[0].kind
    assert reason.text.startswith("De licentie van code van derden verbiedt")
    assert draft.review_on == latest_review_date(date(2025, 3, 1))


def test_a_draft_groups_grounds_on_the_whole_software_into_one_item() -> None:
    recommendation = recommend({"security_by_obscurity": "yes", "unannounced_policy": "yes"})
    (item,) = draft_from(recommendation, software_name="X", decided_on=date(2025, 3, 1)).items
    assert (item.kind, item.name, item.withheld, item.postponed) == (
        ItemKind.WHOLE,
        "X",
        True,
        True,
    )
    assert [use.code for use in item.grounds] == ["woo-5.1.2.h", "woo-5.1.2.i"]


def test_no_english_text_lands_in_a_dutch_draft() -> None:
    """Issue 14.10: every text a draft starts with is Dutch."""
    everything = recommend(
        dict.fromkeys(ALL_NO, "yes") | {"not_held": "no", "already_public": "no"}
    )
    draft = draft_from(everything, software_name="X", decided_on=date(2025, 3, 1))
    english = {
        *(str(scope) for scope in Scope),
        *(reason.text for reason in everything.other_reasons),
        "when the policy is announced",
    }
    texts = [
        draft.open_later_trigger,
        *(item.name for item in draft.items),
        *(reason.text for item in draft.items for reason in item.reasons),
    ]
    assert len(texts) > 5 and not set(texts) & english
    assert "wanneer het beleid is aangekondigd" in draft.open_later_trigger


def test_an_open_later_draft_waits_for_the_announcement() -> None:
    recommendation = recommend({"unannounced_policy": "yes"})
    draft = draft_from(recommendation, software_name="X", decided_on=date(2025, 3, 1))
    assert (draft.open_later_trigger, draft.open_later_date) == (OPEN_LATER_TRIGGER, None)


def test_an_open_draft_needs_no_review_and_marks_environmental_information() -> None:
    recommendation = recommend({"environmental_information": "yes"})
    draft = draft_from(recommendation, software_name="X", decided_on=date(2025, 3, 1))
    assert draft.review_on is None
    assert [item.environmental for item in draft.items] == [True]
    assert isinstance(recommendation, Recommendation) and recommendation.environmental


PACKAGED = files("wooexemptions").joinpath("questionnaire.yaml").read_text(encoding="utf-8")


def test_every_question_and_action_has_dutch_and_english_text() -> None:
    assert PACKAGED.startswith("# SPDX-License-Identifier: EUPL-1.2\n")
    for question in QUESTIONS:
        texts = (question.text_nl, question.text_en, question.help_nl, question.help_en)
        assert all(text.strip() for text in texts), question.id
        assert question.text_nl != question.text_en and question.help_nl != question.help_en
    for action in ACTIONS:
        assert action.text_nl.strip() and action.text_en.strip(), action.id
    texts = parse_texts(PACKAGED)
    assert [q.id for q in QUESTIONS] == list(texts["questions"])
    assert [a.id for a in ACTIONS] == list(texts["actions"])


Change = Callable[[dict[str, Any]], object]


def without(section: str, entry_id: str) -> Change:
    def change(data: dict[str, Any]) -> None:
        data[section] = [entry for entry in data[section] if entry["id"] != entry_id]

    return change


def setting(section: str, number: int, field: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        data[section][number - 1][field] = value

    return change


BROKEN: list[tuple[str, Change, str]] = [
    ("no section", lambda data: data.pop("warnings"), ": expected questions, actions, candidates"),
    ("no list", lambda data: data.update(actions={}), ": actions: expected a list of entries"),
    ("empty", setting("questions", 1, "text_en", " "), ": questions 1 (secrets): text_en must be"),
    (
        "not text",
        setting("actions", 4, "text_nl", 5),
        ": actions 4 (redact_personal_data): text_nl",
    ),
    ("no field", lambda data: data["questions"][2].pop("help_nl"), ": questions 3: expected id,"),
    ("extra field", setting("warnings", 1, "text_de", "x"), ": warnings 1: expected id, text_nl"),
    ("no question", without("questions", "bsn_numbers"), ": questions: missing the id(s) bsn_"),
    ("no action", without("actions", "publish"), ": actions: missing the id(s) publish"),
    ("no why", without("candidates", "woo-5.1.6"), ": candidates: missing the id(s) woo-5.1.6"),
    ("no reason", without("other_reasons", "contract"), ": other_reasons: missing the id(s) con"),
    ("no warning", without("warnings", "cleanup"), ": warnings: missing the id(s) cleanup"),
    (
        "id misspelt",
        setting("questions", 1, "id", "secret"),
        ": questions: missing the id(s) secrets",
    ),
    (
        "an id too many",
        lambda data: data["actions"].append(data["actions"][0] | {"id": "x"}),
        ": actions: unknown id(s) x",
    ),
    (
        "duplicate id",
        lambda data: data["questions"].append(data["questions"][0]),
        ": questions 22: duplicate id secrets",
    ),
    (
        "no placeholder",
        setting("warnings", 9, "text_en", "Find out."),
        ": warnings find_out lacks {question}",
    ),
]


@pytest.mark.parametrize(("name", "change", "message"), BROKEN, ids=[row[0] for row in BROKEN])
def test_a_broken_text_file_is_refused_with_a_clear_message(
    name: str, change: Change, message: str
) -> None:
    data = yaml.safe_load(PACKAGED)
    change(data)
    with pytest.raises(QuestionnaireDataError) as raised:
        parse_texts(yaml.safe_dump(data, allow_unicode=True))
    assert str(raised.value).startswith(f"questionnaire.yaml{message}")


def test_a_text_file_that_is_no_yaml_is_refused() -> None:
    with pytest.raises(QuestionnaireDataError, match=r"^questionnaire\.yaml is not valid YAML"):
        parse_texts("questions: [")
    with pytest.raises(QuestionnaireDataError, match=r"; found 'no sections'$"):
        parse_texts("no sections")
