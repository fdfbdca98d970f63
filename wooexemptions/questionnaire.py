# SPDX-License-Identifier: EUPL-1.2
"""The "open, tenzij" questionnaire: a developer or officer answers questions about a piece of
software and gets a recommended outcome, the Woo grounds that may apply and why, and the actions
that avoid withholding. Pure: no ORM, no web. The logic is here; the wording, in Dutch and
English, is in questionnaire.yaml, read once on import and checked against the ids used here.

How the answers lead to a recommendation (an answer of "unsure" counts as no, with a warning to
find out; a question left out is listed as unanswered). The advice is what a decision on a
Woo-verzoek may lawfully say, and every ground applies "voor zover": to the parts concerned only.

- Secrets in the code or its history: remove and replace them before any release; on a request
  the secret values themselves are withheld under 5.1.2.h (as the 'S' markings of the DigiD
  release show), never the code around them.
- Personal data in the code, its history or its commits, including developers' names and e-mail
  addresses (civil servants who are not public by their function): 5.1.2.e on that data (the
  'P' markings of the DigiD release); remove or anonymise it and release the rest.
- Special-category or criminal personal data (5.1.1.d) and BSNs (5.1.1.e) in the code itself:
  candidates for that data only.
- A third-party licence or a contract that forbids release is no Woo ground: another reason on
  the components concerned (under the "open, tenzij" policy only; on a request it does not
  suffice), and the rest is released.
- Business data supplied in confidence: 5.1.1.c on that data, or 5.1.6 (weighed) for
  environmental information; competition-sensitive data not supplied in confidence: 5.1.2.f.
  For information on emissions, 5.1 lid 7 sets lid 1 and lid 2 aside: no candidate on that data.
- Fraud or risk selection rules: 5.1.2.d; investigative tooling: 5.1.2.c; a concrete security
  risk: 5.1.2.h on the controls concerned; release could harm the security of the State:
  5.1.1.b on the parts concerned ("zou kunnen schaden", voor zover). Each gives partly open.
- Security through obscurity (the code's secrecy is its protection): not a ground by itself,
  but while the weakness is not fixed the risk is weighed (5.1.2.h, 5.1.2.i): open later, after
  the fix.
- Unannounced policy: 5.1.2.i, open later, until the policy is announced.
- Last: code not held by the organisation ("niet berustend"), code already public, and special
  regimes of art. 8.8 Woo are warnings: each changes what kind of decision is taken.
- All no: open.

The outcome: not held, or already public, when so; else the strictest that applies: open
later, then partly open, then open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib.resources import files
from typing import Any

import yaml

from catalogue.messages import Message
from wooexemptions.grounds import translated
from wooexemptions.rules import (
    DecisionContent,
    GroundUse,
    ItemKind,
    OtherReason,
    Outcome,
    ReasonKind,
    ScopeItem,
    latest_review_date,
)

OPEN_LATER_TRIGGER = "wanneer het beleid is aangekondigd"
FIX_TRIGGER = "wanneer de zwakke plek in de beveiliging is verholpen"


class Answer(StrEnum):
    """An answer to a question."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Scope(StrEnum):
    """The part of the software a candidate ground or another reason concerns."""

    WHOLE = "the whole software"
    SECRET_VALUES = "the secret values (passwords, keys, tokens)"
    PERSONAL_DATA = "the personal data in the code and its history"
    DEVELOPER_NAMES = "the names and e-mail addresses of developers"
    COMPETITION_DATA = "the competition-sensitive business data"
    SPECIAL_PERSONAL_DATA = "the special-category personal data in the code"
    IDENTIFICATION_NUMBERS = "the identification numbers in the code"
    THIRD_PARTY_CODE = "the third-party components"
    CONTRACTED_PARTS = "the parts covered by the contract"
    CONFIDENTIAL_DATA = "the business data supplied in confidence"
    SELECTION_RULES = "the selection rules and risk models"
    INVESTIGATIVE_METHODS = "the investigative methods"
    SECURITY_CONTROLS = "the specific security controls"
    PARTS_CONCERNED = "the parts concerned"
    STATE_SECURITY_PARTS = "the parts whose release could harm the security of the State"


# The scopes as a Dutch draft names its items: no English text lands in a Dutch draft.
SCOPE_NL: dict[str, str] = {
    Scope.WHOLE: "de hele software",
    Scope.SECRET_VALUES: "de geheime waarden (wachtwoorden, sleutels, tokens)",
    Scope.PERSONAL_DATA: "de persoonsgegevens in de code en de geschiedenis",
    Scope.DEVELOPER_NAMES: "de namen en e-mailadressen van ontwikkelaars",
    Scope.COMPETITION_DATA: "de concurrentiegevoelige bedrijfsgegevens",
    Scope.SPECIAL_PERSONAL_DATA: "de bijzondere persoonsgegevens in de code",
    Scope.IDENTIFICATION_NUMBERS: "de identificatienummers in de code",
    Scope.THIRD_PARTY_CODE: "de componenten van derden",
    Scope.CONTRACTED_PARTS: "de delen waarop het contract ziet",
    Scope.CONFIDENTIAL_DATA: "de vertrouwelijk meegedeelde bedrijfsgegevens",
    Scope.SELECTION_RULES: "de selectieregels en risicomodellen",
    Scope.INVESTIGATIVE_METHODS: "de opsporingsmethoden",
    Scope.SECURITY_CONTROLS: "de betreffende beveiligingsmaatregelen",
    Scope.PARTS_CONCERNED: "de betreffende delen",
    Scope.STATE_SECURITY_PARTS: (
        "de delen waarvan openbaarmaking de veiligheid van de Staat kan schaden"
    ),
}

_SCOPE_KINDS: dict[str, ItemKind] = {
    Scope.WHOLE: ItemKind.WHOLE,
    Scope.SECRET_VALUES: ItemKind.ARTEFACT,
    Scope.PERSONAL_DATA: ItemKind.ARTEFACT,
    Scope.DEVELOPER_NAMES: ItemKind.ARTEFACT,
    Scope.COMPETITION_DATA: ItemKind.ARTEFACT,
    Scope.STATE_SECURITY_PARTS: ItemKind.PATH,
    Scope.SPECIAL_PERSONAL_DATA: ItemKind.ARTEFACT,
    Scope.IDENTIFICATION_NUMBERS: ItemKind.ARTEFACT,
    Scope.CONFIDENTIAL_DATA: ItemKind.ARTEFACT,
    Scope.SELECTION_RULES: ItemKind.ARTEFACT,
    Scope.SECURITY_CONTROLS: ItemKind.PATH,
}  # the other scopes are components
_REASON_SCOPES: dict[ReasonKind, str] = {
    ReasonKind.THIRD_PARTY_LICENCE: Scope.THIRD_PARTY_CODE,
    ReasonKind.CONTRACT: Scope.CONTRACTED_PARTS,
}


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the questionnaire, answered yes, no or unsure."""

    id: str
    text_nl: str
    text_en: str
    help_nl: str
    help_en: str

    def text(self, language: str) -> str:
        return translated(language, nl=self.text_nl, en=self.text_en)

    def help(self, language: str) -> str:
        return translated(language, nl=self.help_nl, en=self.help_en)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A Woo ground that may apply, why, and to which part of the software."""

    code: str
    why_nl: str
    why_en: str
    scope: str  # a Scope value, such as "the selection rules and risk models"


@dataclass(frozen=True, slots=True)
class Action:
    """Something to do so that less, or nothing, has to be withheld."""

    id: str
    text_nl: str
    text_en: str


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What the answers point to; the officer decides."""

    outcome: Outcome
    candidates: tuple[Candidate, ...]
    actions: tuple[Action, ...]
    other_reasons: tuple[OtherReason, ...]  # reasons that are no Woo grounds
    warnings_nl: tuple[str, ...]
    warnings_en: tuple[str, ...]
    unanswered: tuple[str, ...]  # question ids, in questionnaire order
    environmental: bool = False  # the software is environmental information
    trigger: str = ""  # open later: the event (in Dutch) that ends the postponement


_CLEANUP_QUESTIONS = frozenset(
    {"secrets", "personal_data_in_code", "personal_data_in_history", "developer_names"}
)
_NOT_WOO_QUESTIONS = frozenset({"third_party_licence_forbids", "contract_forbids"})
# Questions whose yes postpones release: the ground holds until the event, then it is released.
_POSTPONING: dict[str, str] = {
    "security_by_obscurity": FIX_TRIGGER,
    "unannounced_policy": OPEN_LATER_TRIGGER,
}
# Questions that change what kind of decision is taken: a warning each.
_KIND_WARNINGS = {
    "not_held": "not_held",
    "already_public": "already_public",
    "special_regime": "special_regime",
    "emission_data": "emissions",
}
# Scopes that hold the data 5.1 lid 7 concerns: no lid 1 or lid 2 ground on emission data.
_EMISSION_SCOPES = frozenset({Scope.CONFIDENTIAL_DATA, Scope.COMPETITION_DATA})
_GROUNDS_ON_YES: dict[str, tuple[str, Scope]] = {
    "secrets": ("woo-5.1.2.h", Scope.SECRET_VALUES),
    "personal_data_in_code": ("woo-5.1.2.e", Scope.PERSONAL_DATA),
    "personal_data_in_history": ("woo-5.1.2.e", Scope.PERSONAL_DATA),
    "developer_names": ("woo-5.1.2.e", Scope.DEVELOPER_NAMES),
    "special_personal_data": ("woo-5.1.1.d", Scope.SPECIAL_PERSONAL_DATA),
    "bsn_numbers": ("woo-5.1.1.e", Scope.IDENTIFICATION_NUMBERS),
    "vendor_confidential_data": ("woo-5.1.1.c", Scope.CONFIDENTIAL_DATA),
    "fraud_risk_rules": ("woo-5.1.2.d", Scope.SELECTION_RULES),
    "investigation_tools": ("woo-5.1.2.c", Scope.INVESTIGATIVE_METHODS),
    "competition_sensitive_data": ("woo-5.1.2.f", Scope.COMPETITION_DATA),
    "national_security_system": ("woo-5.1.1.b", Scope.STATE_SECURITY_PARTS),
    "security_controls_concrete_risk": ("woo-5.1.2.h", Scope.SECURITY_CONTROLS),
    "security_by_obscurity": ("woo-5.1.2.h", Scope.WHOLE),
    "unannounced_policy": ("woo-5.1.2.i", Scope.WHOLE),
}
_ENVIRONMENTAL_ON_YES = {"vendor_confidential_data": ("woo-5.1.6", Scope.CONFIDENTIAL_DATA)}
_REASONS_ON_YES = {
    "third_party_licence_forbids": ReasonKind.THIRD_PARTY_LICENCE,
    "contract_forbids": ReasonKind.CONTRACT,
}
_ACTIONS_ON_YES = {
    "not_held": ("ask_supplier_for_code",),
    "already_public": ("point_to_public_code",),
    "secrets": ("remove_and_rotate_secrets", "open_later_during_cleanup"),
    "personal_data_in_code": ("redact_personal_data", "open_later_during_cleanup"),
    "personal_data_in_history": ("rewrite_history", "open_later_during_cleanup"),
    "developer_names": ("anonymise_authors",),
    "competition_sensitive_data": ("separate_confidential_data",),
    "special_personal_data": ("redact_personal_data",),
    "bsn_numbers": ("redact_personal_data",),
    "third_party_licence_forbids": ("separate_third_party_code",),
    "contract_forbids": ("ask_supplier_consent",),
    "vendor_confidential_data": ("separate_confidential_data",),
    "fraud_risk_rules": ("separate_selection_rules",),
    "investigation_tools": ("separate_sensitive_parts",),
    "national_security_system": ("narrow_to_sensitive_parts",),
    "security_controls_concrete_risk": ("separate_sensitive_parts",),
    "security_by_obscurity": ("fix_security", "release_after_fix"),
    "unannounced_policy": ("release_on_announcement",),
}
_ACTIONS_FOR_OUTCOME = {Outcome.OPEN: ("publish",), Outcome.PARTLY_OPEN: ("release_the_rest",)}

# What questionnaire.yaml must hold: each section's text fields, and the ids the logic uses.
_FIELDS = {
    "questions": ("text_nl", "text_en", "help_nl", "help_en"),
    "actions": ("text_nl", "text_en"),
    "candidates": ("why_nl", "why_en"),  # by ground code
    "other_reasons": ("text_nl", "text_en"),  # by reason kind
    "warnings": ("text_nl", "text_en"),
}
_USED: dict[str, set[str]] = {
    "questions": {*_GROUNDS_ON_YES, *_ENVIRONMENTAL_ON_YES, *_REASONS_ON_YES, *_ACTIONS_ON_YES}
    | _CLEANUP_QUESTIONS
    | _NOT_WOO_QUESTIONS
    | set(_KIND_WARNINGS)
    | {"environmental_information"},
    "actions": {
        a for ids in (*_ACTIONS_ON_YES.values(), *_ACTIONS_FOR_OUTCOME.values()) for a in ids
    },
    "candidates": {
        code for code, _ in (*_GROUNDS_ON_YES.values(), *_ENVIRONMENTAL_ON_YES.values())
    },
    "other_reasons": set(_REASONS_ON_YES.values()),
    "warnings": {
        "cleanup",
        "not_woo",
        "obscurity",
        "environmental",
        *_KIND_WARNINGS.values(),
        "find_out",  # a template: the question answered "unsure" goes at {question}
    },
}


class QuestionnaireDataError(ValueError):
    """questionnaire.yaml is broken: a section, entry or text missing, empty or unknown."""


def parse_texts(text: str) -> dict[str, dict[str, dict[str, str]]]:
    """The texts of a questionnaire file by section and id, in file order, checked.

    QuestionnaireDataError, naming the section and entry, if it is not YAML, lacks a section, an
    id the questionnaire uses or a field, has an empty text, or has an id or field it does not
    know.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise QuestionnaireDataError(f"questionnaire.yaml is not valid YAML: {error}") from None
    if not isinstance(data, Mapping) or set(data) != set(_FIELDS):
        found = ", ".join(map(str, data)) if isinstance(data, Mapping) else repr(data)
        expected = ", ".join(_FIELDS)
        raise QuestionnaireDataError(f"questionnaire.yaml: expected {expected}; found {found}")
    texts = {section: _section(section, data[section]) for section in _FIELDS}
    find_out = texts["warnings"]["find_out"]
    if any("{question}" not in find_out[name] for name in _FIELDS["warnings"]):
        raise QuestionnaireDataError("questionnaire.yaml: warnings find_out lacks {question}")
    return texts


def _section(section: str, entries: Any) -> dict[str, dict[str, str]]:
    where, fields = f"questionnaire.yaml: {section}", ("id", *_FIELDS[section])
    if not isinstance(entries, list):
        raise QuestionnaireDataError(f"{where}: expected a list of entries")
    found: dict[str, dict[str, str]] = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping) or set(entry) != set(fields):
            has = ", ".join(map(str, entry)) if isinstance(entry, Mapping) else repr(entry)
            expected = ", ".join(fields)
            raise QuestionnaireDataError(f"{where} {number}: expected {expected}; found {has}")
        for name in fields:
            if not isinstance(entry[name], str) or not entry[name].strip():
                at = f"{where} {number} ({entry['id']})"
                raise QuestionnaireDataError(f"{at}: {name} must be a non-empty text")
        if entry["id"] in found:
            raise QuestionnaireDataError(f"{where} {number}: duplicate id {entry['id']}")
        found[entry["id"]] = dict(entry)
    if missing := sorted(_USED[section] - found.keys()):
        raise QuestionnaireDataError(f"{where}: missing the id(s) {', '.join(missing)}")
    if unknown := [name for name in found if name not in _USED[section]]:
        raise QuestionnaireDataError(f"{where}: unknown id(s) {', '.join(unknown)}")
    return found


_TEXTS = parse_texts(files("wooexemptions").joinpath("questionnaire.yaml").read_text("utf-8"))
QUESTIONS: tuple[Question, ...] = tuple(Question(**q) for q in _TEXTS["questions"].values())
ACTIONS: tuple[Action, ...] = tuple(Action(**a) for a in _TEXTS["actions"].values())
_QUESTION_IDS = tuple(question.id for question in QUESTIONS)
_CHOICES = Message(
    "%(first)s or %(last)s", first=", ".join(list(Answer)[:-1]), last=list(Answer)[-1].value
)
_ACTIONS = {action.id: action for action in ACTIONS}
_WARNINGS = {name: (w["text_nl"], w["text_en"]) for name, w in _TEXTS["warnings"].items()}
_WHY = {code: (why["why_nl"], why["why_en"]) for code, why in _TEXTS["candidates"].items()}
_CANDIDATES = {
    key: Candidate(code, *_WHY[code], scope) for key, (code, scope) in _GROUNDS_ON_YES.items()
}
_ENVIRONMENTAL_CANDIDATES = {
    key: Candidate(code, *_WHY[code], scope) for key, (code, scope) in _ENVIRONMENTAL_ON_YES.items()
}
_REASONS = {
    key: OtherReason(kind, _TEXTS["other_reasons"][kind]["text_en"])
    for key, kind in _REASONS_ON_YES.items()
}
_REASON_TEXTS = {
    kind: (texts["text_nl"], texts["text_en"]) for kind, texts in _TEXTS["other_reasons"].items()
}


def recommend(answers: Mapping[str, str]) -> Recommendation:
    """What the answers point to: an outcome, candidate grounds, actions and warnings.

    Answers are "yes", "no" or "unsure" by question id; an id left out is unanswered. An unknown
    id or another answer raises ValueError.
    """
    given = _parse(answers)
    yes = frozenset(question for question, answer in given.items() if answer == Answer.YES)
    candidates = _candidates(yes)
    if "emission_data" in yes:
        candidates = tuple(c for c in candidates if c.scope not in _EMISSION_SCOPES)
    reasons = tuple(_REASONS[key] for key in _QUESTION_IDS if key in yes & _REASONS.keys())
    outcome = _outcome(yes, withholds_parts=bool(candidates or reasons))
    warnings = _warnings(yes, given)
    return Recommendation(
        outcome=outcome,
        candidates=candidates,
        actions=_actions(yes, outcome),
        other_reasons=reasons,
        warnings_nl=tuple(nl for nl, _ in warnings),
        warnings_en=tuple(en for _, en in warnings),
        unanswered=tuple(question for question in _QUESTION_IDS if question not in given),
        environmental=bool(yes & {"environmental_information", "emission_data"}),
        trigger=" of ".join(t for key, t in _POSTPONING.items() if key in yes),
    )


def _parse(answers: Mapping[str, str]) -> dict[str, Answer]:
    given: dict[str, Answer] = {}
    for question, answer in answers.items():
        if question not in _QUESTION_IDS:
            known = ", ".join(_QUESTION_IDS)
            raise ValueError(
                Message(
                    "unknown question %(question)s; the questions are: %(known)s",
                    question=repr(question),
                    known=known,
                )
            )
        try:
            given[question] = Answer(answer)
        except ValueError:
            raise ValueError(
                Message(
                    "answer %(question)s with %(choices)s, not %(answer)s",
                    question=repr(question),
                    choices=_CHOICES,
                    answer=repr(answer),
                )
            ) from None
    return given


def _candidates(yes: frozenset[str]) -> tuple[Candidate, ...]:
    """The candidates in question order, each (ground, scope) once."""
    table = _CANDIDATES
    if "environmental_information" in yes or "emission_data" in yes:
        table = {**_CANDIDATES, **_ENVIRONMENTAL_CANDIDATES}
    found = [table[key] for key in _QUESTION_IDS if key in yes & table.keys()]
    return tuple({(c.code, c.scope): c for c in found}.values())


def _outcome(yes: frozenset[str], *, withholds_parts: bool) -> Outcome:
    if "not_held" in yes:
        return Outcome.NOT_HELD  # nothing to disclose: first find or obtain the code
    if "already_public" in yes:
        return Outcome.ALREADY_PUBLIC
    if yes & _POSTPONING.keys():
        return Outcome.OPEN_LATER
    return Outcome.PARTLY_OPEN if withholds_parts else Outcome.OPEN


def _actions(yes: frozenset[str], outcome: Outcome) -> tuple[Action, ...]:
    ids = [action for key in _QUESTION_IDS if key in yes for action in _ACTIONS_ON_YES.get(key, ())]
    ids += _ACTIONS_FOR_OUTCOME.get(outcome, ())
    return tuple(_ACTIONS[action] for action in dict.fromkeys(ids))


def _warnings(yes: frozenset[str], given: Mapping[str, Answer]) -> list[tuple[str, str]]:
    """Each warning in Dutch and English."""
    warnings: list[tuple[str, str]] = []
    if yes & _CLEANUP_QUESTIONS:
        warnings.append(_WARNINGS["cleanup"])
    if yes & _NOT_WOO_QUESTIONS:
        warnings.append(_WARNINGS["not_woo"])
    if "security_by_obscurity" in yes:
        warnings.append(_WARNINGS["obscurity"])
    if "environmental_information" in yes or "emission_data" in yes:
        warnings.append(_WARNINGS["environmental"])
    warnings += [_WARNINGS[name] for key, name in _KIND_WARNINGS.items() if key in yes]
    unsure = [q for q in QUESTIONS if given.get(q.id) == Answer.UNSURE]
    warnings += [_find_out(question) for question in unsure]
    return warnings


def _find_out(question: Question) -> tuple[str, str]:
    nl, en = _WARNINGS["find_out"]
    return nl.replace("{question}", question.text_nl), en.replace("{question}", question.text_en)


def draft_from(
    recommendation: Recommendation, *, software_name: str, decided_on: date
) -> DecisionContent:
    """A Dutch draft decision pre-filled from a recommendation, for the officer to complete.

    One withheld item per scope, named in Dutch, carrying its candidate grounds (motivations
    left empty) and other reasons; a released item for the whole software when anything is
    released; the items of an open-later recommendation postponed until its event; no licence
    yet; a review date five years on when anything is withheld.
    """
    outcome = recommendation.outcome
    if outcome in (Outcome.NOT_HELD, Outcome.ALREADY_PUBLIC):
        return DecisionContent(outcome=outcome, items=(), decided_on=decided_on)
    items = _withheld_items(recommendation, software_name)
    if outcome in (Outcome.OPEN, Outcome.PARTLY_OPEN):
        environmental = recommendation.environmental
        whole = ScopeItem(ItemKind.WHOLE, software_name, False, environmental=environmental)
        items = (whole, *items)
    return DecisionContent(
        outcome=outcome,
        items=items,
        open_later_trigger=recommendation.trigger,
        decided_on=decided_on,
        review_on=None if outcome == Outcome.OPEN else latest_review_date(decided_on),
    )


def _withheld_items(recommendation: Recommendation, software_name: str) -> tuple[ScopeItem, ...]:
    grounds: dict[str, list[GroundUse]] = {}
    reasons: dict[str, list[OtherReason]] = {}
    for candidate in recommendation.candidates:
        uses = grounds.setdefault(candidate.scope, [])
        if candidate.code not in (use.code for use in uses):
            uses.append(GroundUse(candidate.code, motivation=""))
    for reason in recommendation.other_reasons:
        scope = _REASON_SCOPES.get(reason.kind, Scope.PARTS_CONCERNED)
        dutch = OtherReason(reason.kind, _REASON_TEXTS[reason.kind][0])
        reasons.setdefault(scope, []).append(dutch)
    scopes = sorted(dict.fromkeys([*grounds, *reasons]), key=lambda scope: scope != Scope.WHOLE)
    postponed = recommendation.outcome == Outcome.OPEN_LATER
    return tuple(
        ScopeItem(
            kind=_SCOPE_KINDS.get(scope, ItemKind.COMPONENT),
            name=software_name if scope == Scope.WHOLE else SCOPE_NL[scope],
            withheld=True,
            grounds=tuple(grounds.get(scope, ())),
            reasons=tuple(reasons.get(scope, ())),
            environmental=recommendation.environmental,
            postponed=postponed and scope == Scope.WHOLE,
        )
        for scope in scopes
    )
