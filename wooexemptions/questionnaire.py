# SPDX-License-Identifier: EUPL-1.2
"""The "open, tenzij" questionnaire: a developer or officer answers questions about a piece of
software and gets a recommended outcome, the Woo grounds that may apply and why, and the actions
that avoid withholding. Pure: no ORM, no web.

How the answers lead to a recommendation (an answer of "unsure" counts as no, with a warning to
find out; a question left out is listed as unanswered):

- Secrets and personal data in the code or its history are no grounds to withhold the code.
  They lead to actions (remove and rotate the secrets; remove personal data, rewrite the history
  or publish a fresh one) and the outcome stays open; if the clean-up takes time, the officer may
  decide "open later" with the clean-up as trigger, and the actions say so.
- Special-category or criminal personal data (5.1.1.d) and BSNs (5.1.1.e) in the code itself are
  candidates for that data only; the action is to remove them; the rest is released.
- A third-party licence or a contract that forbids release is no Woo ground: it becomes another
  reason on the components concerned, and the rest is released (partly open).
- Business data supplied in confidence: 5.1.1.c on that data, or 5.1.6 (weighed) when the
  software is environmental information (milieu-informatie); for such information 5.1 lid 5 is
  unavailable as well, which the warnings say.
- Fraud or risk selection rules: 5.1.2.d on the rules and models, an artefact apart from the
  code; investigative tooling: 5.1.2.c on the methods; a concrete security risk: 5.1.2.h on the
  controls concerned. Each gives partly open: release the rest.
- A system that concerns national security: 5.1.1.b on the whole software, withheld, with the
  action to check whether only some parts are sensitive.
- Unannounced policy: 5.1.2.i, open later, until the policy is announced.
- Security through obscurity (the code's secrecy is its protection) is no Woo ground: a warning,
  and no candidate; only a concrete risk supports 5.1.2.h.
- All no: open.

The outcome is the strictest that applies: withheld, then open later, then partly open, then open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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

OPEN_LATER_TRIGGER = "when the policy is announced"


class Answer(StrEnum):
    """An answer to a question."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Scope(StrEnum):
    """The part of the software a candidate ground or another reason concerns."""

    WHOLE = "the whole software"
    SPECIAL_PERSONAL_DATA = "the special-category personal data in the code"
    IDENTIFICATION_NUMBERS = "the identification numbers in the code"
    THIRD_PARTY_CODE = "the third-party components"
    CONTRACTED_PARTS = "the parts covered by the contract"
    CONFIDENTIAL_DATA = "the business data supplied in confidence"
    SELECTION_RULES = "the selection rules and risk models"
    INVESTIGATIVE_METHODS = "the investigative methods"
    SECURITY_CONTROLS = "the specific security controls"
    PARTS_CONCERNED = "the parts concerned"


_SCOPE_KINDS: dict[str, ItemKind] = {
    Scope.WHOLE: ItemKind.WHOLE,
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


QUESTIONS: tuple[Question, ...] = (
    Question(
        id="secrets",
        text_nl="Staan er geheimen in de code of de versiegeschiedenis, zoals wachtwoorden, "
        "API-sleutels, tokens of privésleutels?",
        text_en="Does the code or its version history contain secrets, such as passwords, "
        "API keys, tokens or private keys?",
        help_nl="Een geheim dat ooit is vastgelegd, geldt als uitgelekt: haal het weg en vervang "
        "het. Het is geen reden om de code gesloten te houden.",
        help_en="A secret that was ever committed counts as leaked: remove it and replace it. "
        "It is no reason to keep the code closed.",
    ),
    Question(
        id="personal_data_in_code",
        text_nl="Staan er persoonsgegevens in de code, de configuratie of de testgegevens?",
        text_en="Does the code, its configuration or its test data contain personal data?",
        help_nl="Bijvoorbeeld namen, e-mailadressen of echte klantgegevens in testbestanden. "
        "Vervang ze door verzonnen gegevens.",
        help_en="For example names, e-mail addresses or real customer records in test files. "
        "Replace them with made-up data.",
    ),
    Question(
        id="personal_data_in_history",
        text_nl="Staan er persoonsgegevens in de versiegeschiedenis (oude bestanden, "
        "commitberichten)?",
        text_en="Does the version history (old files, commit messages) contain personal data?",
        help_nl="Namen en e-mailadressen van ontwikkelaars in commits zijn meestal geen "
        "probleem; echte gegevens van burgers in oude bestanden wel.",
        help_en="Developers' names and e-mail addresses in commits are usually fine; real "
        "citizens' data in old files is not.",
    ),
    Question(
        id="special_personal_data",
        text_nl="Staan er in de code zelf (niet alleen in testgegevens) bijzondere of "
        "strafrechtelijke persoonsgegevens, zoals over gezondheid, geloof of een strafblad?",
        text_en="Does the code itself (not just its test data) contain special-category or "
        "criminal-conviction personal data, such as health, religion or criminal records?",
        help_nl="Art. 5.1 lid 1 onder d Woo; niet als de betrokkene uitdrukkelijk toestemming "
        "gaf of de gegevens zelf openbaar maakte.",
        help_en="Art. 5.1 lid 1 onder d Woo; not if the person gave explicit consent or made "
        "the data public themselves.",
    ),
    Question(
        id="bsn_numbers",
        text_nl="Staan er in de code zelf echte burgerservicenummers (BSN) of andere wettelijke "
        "identificatienummers?",
        text_en="Does the code itself contain real citizen service numbers (BSN) or other "
        "statutory identification numbers?",
        help_nl="Art. 5.1 lid 1 onder e Woo. Verzonnen nummers in testgegevens tellen niet mee.",
        help_en="Art. 5.1 lid 1 onder e Woo. Made-up numbers in test data do not count.",
    ),
    Question(
        id="third_party_licence_forbids",
        text_nl="Bevat de software code van derden waarvan de licentie openbaarmaking verbiedt?",
        text_en="Does the software include third-party code whose licence forbids publishing it?",
        help_nl="Geen Woo-grond maar een andere reden, alleen voor die onderdelen.",
        help_en="Not a Woo ground but another reason, for those components only.",
    ),
    Question(
        id="contract_forbids",
        text_nl="Verbiedt een contract met een leverancier openbaarmaking?",
        text_en="Does a contract with a supplier forbid publishing the software?",
        help_nl="Geen Woo-grond maar een andere reden. Vraag de leverancier om toestemming.",
        help_en="Not a Woo ground but another reason. Ask the supplier for consent.",
    ),
    Question(
        id="vendor_confidential_data",
        text_nl="Bevat de software bedrijfs- of fabricagegegevens die een bedrijf vertrouwelijk "
        "aan de overheid heeft meegedeeld?",
        text_en="Does the software contain business or manufacturing data that a company "
        "supplied to the government in confidence?",
        help_nl="Art. 5.1 lid 1 onder c Woo; bij milieu-informatie art. 5.1 lid 6, na afweging.",
        help_en="Art. 5.1 lid 1 onder c Woo; for environmental information art. 5.1 lid 6, "
        "after weighing.",
    ),
    Question(
        id="fraud_risk_rules",
        text_nl="Bevat de software selectieregels, drempelwaarden of risicomodellen voor "
        "fraudebestrijding, inspectie of toezicht?",
        text_en="Does the software contain selection rules, thresholds or risk models for fraud "
        "detection, inspection or supervision?",
        help_nl="Art. 5.1 lid 2 onder d Woo, na afweging, en alleen voor de regels en modellen "
        "zelf. De code die ze uitvoert kan openbaar.",
        help_en="Art. 5.1 lid 2 onder d Woo, after weighing, and for the rules and models "
        "only. The code that runs them can be released.",
    ),
    Question(
        id="investigation_tools",
        text_nl="Is het opsporingssoftware waarvan de werking kan helpen opsporing of "
        "vervolging te ontlopen?",
        text_en="Is it investigative tooling whose workings could help people evade detection "
        "or prosecution?",
        help_nl="Art. 5.1 lid 2 onder c Woo, na afweging.",
        help_en="Art. 5.1 lid 2 onder c Woo, after weighing.",
    ),
    Question(
        id="national_security_system",
        text_nl="Is de software onderdeel van een systeem dat de veiligheid van de Staat raakt, "
        "zoals een gerubriceerd systeem?",
        text_en="Is the software part of a system that concerns the security of the State, "
        "such as a classified system?",
        help_nl="Art. 5.1 lid 1 onder b Woo. Zijn maar enkele delen gevoelig, dan geldt de "
        "grond alleen voor die delen.",
        help_en="Art. 5.1 lid 1 onder b Woo. If only some parts are sensitive, the ground "
        "covers those parts only.",
    ),
    Question(
        id="security_controls_concrete_risk",
        text_nl="Geeft openbaarmaking van bepaalde beveiligingsmaatregelen een concreet, "
        "aanwijsbaar risico, zoals sabotage van vitale infrastructuur?",
        text_en="Would publishing specific security controls create a concrete, demonstrable "
        "risk, such as sabotage of critical infrastructure?",
        help_nl="Art. 5.1 lid 2 onder h Woo, na afweging, alleen voor die maatregelen. Een "
        "algemeen gevoel van onveiligheid is niet genoeg.",
        help_en="Art. 5.1 lid 2 onder h Woo, after weighing, for those controls only. A general "
        "feeling of insecurity is not enough.",
    ),
    Question(
        id="security_by_obscurity",
        text_nl="Is geheimhouding van de code de belangrijkste bescherming van het systeem?",
        text_en="Is keeping the code secret the main thing that protects the system?",
        help_nl="Beveiliging door geheimhouding is geen Woo-grond: goede beveiliging steunt "
        "op sleutels en toegangsbeheer, niet op geheime code.",
        help_en="Security through obscurity is not a Woo ground: good security rests on keys "
        "and access control, not on secret code.",
    ),
    Question(
        id="unannounced_policy",
        text_nl="Voert de code beleid uit dat nog niet is aangekondigd?",
        text_en="Does the code implement policy that has not been announced yet?",
        help_nl="Art. 5.1 lid 2 onder i Woo, tijdelijk: later openbaar, zodra het beleid is "
        "aangekondigd.",
        help_en="Art. 5.1 lid 2 onder i Woo, for a time: open later, once the policy is announced.",
    ),
    Question(
        id="environmental_information",
        text_nl="Is de software milieu-informatie, of bevat zij die (over de toestand van het "
        "milieu, emissies of maatregelen die het milieu raken)?",
        text_en="Is the software, or does it contain, environmental information (about the "
        "state of the environment, emissions, or measures affecting it)?",
        help_nl="Voor milieu-informatie gelden strengere regels voor het gesloten houden.",
        help_en="Stricter rules apply to keeping environmental information closed.",
    ),
)
_QUESTION_IDS = tuple(question.id for question in QUESTIONS)
_CHOICES = f"{', '.join(list(Answer)[:-1])} or {list(Answer)[-1]}"

_CANDIDATES = {
    "special_personal_data": Candidate(
        "woo-5.1.1.d",
        why_nl="De code bevat bijzondere of strafrechtelijke persoonsgegevens: die blijven "
        "gesloten (absolute grond), tenzij de betrokkene uitdrukkelijk toestemming gaf of ze "
        "zelf openbaar maakte. Haal ze uit de code.",
        why_en="The code contains special-category or criminal-conviction personal data: that "
        "data stays closed (absolute ground), unless the person gave explicit consent or made "
        "it public. Remove it from the code.",
        scope=Scope.SPECIAL_PERSONAL_DATA,
    ),
    "bsn_numbers": Candidate(
        "woo-5.1.1.e",
        why_nl="De code bevat wettelijke identificatienummers zoals BSN's: die blijven gesloten "
        "(absolute grond), tenzij verstrekking kennelijk geen inbreuk maakt op de persoonlijke "
        "levenssfeer. Haal ze uit de code.",
        why_en="The code contains statutory identification numbers such as BSNs: they stay "
        "closed (absolute ground), unless releasing them manifestly does not infringe privacy. "
        "Remove them from the code.",
        scope=Scope.IDENTIFICATION_NUMBERS,
    ),
    "vendor_confidential_data": Candidate(
        "woo-5.1.1.c",
        why_nl="Een bedrijf heeft deze gegevens vertrouwelijk aan de overheid meegedeeld: die "
        "blijven gesloten (absolute grond). De code eromheen kan openbaar.",
        why_en="A company supplied this data to the government in confidence: it stays closed "
        "(absolute ground). The code around it can be released.",
        scope=Scope.CONFIDENTIAL_DATA,
    ),
    "fraud_risk_rules": Candidate(
        "woo-5.1.2.d",
        why_nl="Openbaarmaking van de selectieregels of risicomodellen kan mensen helpen "
        "inspectie of toezicht te ontlopen. Weeg dat af tegen het belang te weten hoe de "
        "overheid selecteert; de code die ze uitvoert kan openbaar.",
        why_en="Publishing the selection rules or risk models could help people evade "
        "inspection or supervision. Weigh that against the public interest in knowing how the "
        "government selects; the code that runs them can be released.",
        scope=Scope.SELECTION_RULES,
    ),
    "investigation_tools": Candidate(
        "woo-5.1.2.c",
        why_nl="Openbaarmaking van de werkwijze kan daders helpen opsporing of vervolging te "
        "ontlopen. Weeg dat af, en houd alleen de delen gesloten die de werkwijze tonen.",
        why_en="Publishing the methods could help offenders evade detection or prosecution. "
        "Weigh that, and withhold only the parts that reveal the methods.",
        scope=Scope.INVESTIGATIVE_METHODS,
    ),
    "national_security_system": Candidate(
        "woo-5.1.1.b",
        why_nl="De software hoort bij een systeem dat de veiligheid van de Staat raakt: zij mag "
        "zonder afweging gesloten blijven (absolute grond). Zijn maar enkele delen gevoelig, "
        "dan geldt de grond alleen daarvoor.",
        why_en="The software belongs to a system that concerns the security of the State: it "
        "may stay closed without weighing (absolute ground). If only some parts are sensitive, "
        "the ground covers those only.",
        scope=Scope.WHOLE,
    ),
    "security_controls_concrete_risk": Candidate(
        "woo-5.1.2.h",
        why_nl="Openbaarmaking van deze beveiligingsmaatregelen geeft een concreet risico voor "
        "de beveiliging van personen of bedrijven, of voor sabotage. Weeg dat af, en houd "
        "alleen die maatregelen gesloten.",
        why_en="Publishing these security controls creates a concrete risk to the security of "
        "persons or companies, or of sabotage. Weigh that, and withhold those controls only.",
        scope=Scope.SECURITY_CONTROLS,
    ),
    "unannounced_policy": Candidate(
        "woo-5.1.2.i",
        why_nl="De code toont beleid dat nog niet is aangekondigd; openbaarmaking nu kan het "
        "goed functioneren van de overheid schaden. Dat geldt tot de aankondiging. Moet een "
        "geadresseerde zoals de Kamer het eerst weten, dan past art. 5.1 lid 4 misschien beter.",
        why_en="The code shows policy that has not been announced; publishing it now could harm "
        "the proper functioning of the government. That holds until the announcement. If an "
        "addressee such as Parliament must learn of it first, art. 5.1 lid 4 may fit better.",
        scope=Scope.WHOLE,
    ),
}
_ENVIRONMENTAL_CANDIDATES = {
    "vendor_confidential_data": Candidate(
        "woo-5.1.6",
        why_nl="Bij milieu-informatie blijven vertrouwelijk meegedeelde bedrijfsgegevens alleen "
        "gesloten als openbaarmaking ernstige schade geeft, afgewogen tegen het belang van "
        "openbaarheid (lid 6 in plaats van lid 1 onder c).",
        why_en="For environmental information, business data supplied in confidence stays "
        "closed only if release would cause serious harm, weighed against the public interest "
        "(lid 6 instead of lid 1 onder c).",
        scope=Scope.CONFIDENTIAL_DATA,
    ),
}
_REASONS = {
    "third_party_licence_forbids": OtherReason(
        ReasonKind.THIRD_PARTY_LICENCE,
        "The licence of third-party code forbids publishing it: name the components and their "
        "licences.",
    ),
    "contract_forbids": OtherReason(
        ReasonKind.CONTRACT,
        "A contract with the supplier forbids publishing: name the contract and its clause.",
    ),
}

ACTIONS: tuple[Action, ...] = (
    Action(
        "remove_and_rotate_secrets",
        text_nl="Haal de geheimen uit de code en de geschiedenis, en vervang ze allemaal door "
        "nieuwe: een vastgelegd geheim geldt als uitgelekt.",
        text_en="Remove the secrets from the code and its history, and replace (rotate) every "
        "one of them: a committed secret counts as leaked.",
    ),
    Action(
        "redact_personal_data",
        text_nl="Haal de persoonsgegevens uit de code, de configuratie en de testgegevens; "
        "gebruik verzonnen testgegevens.",
        text_en="Remove the personal data from the code, configuration and test data; use "
        "made-up test data instead.",
    ),
    Action(
        "rewrite_history",
        text_nl="Schoon de versiegeschiedenis op door haar te herschrijven, of publiceer een "
        "nieuwe geschiedenis die begint bij de opgeschoonde code.",
        text_en="Clean the version history by rewriting it, or publish a fresh history that "
        "starts from the cleaned code.",
    ),
    Action(
        "open_later_during_cleanup",
        text_nl="Kost het opschonen tijd, besluit dan tot 'later openbaar' met het opschonen "
        "als moment van openbaarmaking; houd de code hiervoor niet gesloten.",
        text_en="If the clean-up takes time, decide 'open later' with the clean-up as the "
        "trigger; do not withhold the code for this.",
    ),
    Action(
        "separate_third_party_code",
        text_nl="Laat de code van derden waarvan de licentie openbaarmaking verbiedt weg of "
        "vervang haar, of vraag de rechthebbende om toestemming.",
        text_en="Leave out or replace the third-party code whose licence forbids release, or "
        "ask its rights holder for permission.",
    ),
    Action(
        "ask_supplier_consent",
        text_nl="Vraag de leverancier om toestemming voor openbaarmaking, en neem het recht op "
        "openbaarmaking als open source op in nieuwe contracten.",
        text_en="Ask the supplier to agree to release, and require the right to publish as "
        "open source in new contracts.",
    ),
    Action(
        "separate_confidential_data",
        text_nl="Haal de vertrouwelijke bedrijfsgegevens uit de code, naar configuratie die niet "
        "openbaar wordt, zodat de code openbaar kan.",
        text_en="Move the confidential business data out of the code, into configuration that "
        "is not published, so the code can be released.",
    ),
    Action(
        "separate_selection_rules",
        text_nl="Houd de selectieregels, drempelwaarden en modellen apart van de code, in "
        "configuratie, zodat de code zelf openbaar kan.",
        text_en="Keep the selection rules, thresholds and models apart from the code, in "
        "configuration, so the code itself can be released.",
    ),
    Action(
        "separate_sensitive_parts",
        text_nl="Houd de gevoelige delen apart, in een eigen module of configuratie, zodat de "
        "rest openbaar kan.",
        text_en="Keep the sensitive parts apart, in their own module or configuration, so the "
        "rest can be released.",
    ),
    Action(
        "narrow_to_sensitive_parts",
        text_nl="Ga na of maar enkele delen de veiligheid van de Staat raken; zo ja, houd alleen "
        "die gesloten en maak de rest openbaar.",
        text_en="Check whether only some parts concern the security of the State; if so, "
        "withhold only those and release the rest.",
    ),
    Action(
        "fix_security",
        text_nl="Maak het systeem veilig zonder op geheime code te leunen: sleutels, "
        "toegangsbeheer, hardening. Openbaarheid laat anderen ook zwakke plekken vinden.",
        text_en="Make the system secure without relying on secret code: keys, access control, "
        "hardening. Openness also lets others find weaknesses.",
    ),
    Action(
        "release_on_announcement",
        text_nl="Bereid de openbaarmaking nu voor en publiceer zodra het beleid is aangekondigd.",
        text_en="Prepare the release now and publish once the policy is announced.",
    ),
    Action(
        "release_the_rest",
        text_nl="Maak de rest van de software openbaar onder een open-source licentie (bijv. "
        "EUPL-1.2), met een publiccode.yml.",
        text_en="Release the rest of the software under an open-source licence (e.g. "
        "EUPL-1.2), with a publiccode.yml.",
    ),
    Action(
        "publish",
        text_nl="Maak de software openbaar onder een open-source licentie (bijv. EUPL-1.2), met "
        "een publiccode.yml.",
        text_en="Publish the software under an open-source licence (e.g. EUPL-1.2), with a "
        "publiccode.yml.",
    ),
)
_ACTIONS = {action.id: action for action in ACTIONS}
_ACTIONS_ON_YES = {
    "secrets": ("remove_and_rotate_secrets", "open_later_during_cleanup"),
    "personal_data_in_code": ("redact_personal_data", "open_later_during_cleanup"),
    "personal_data_in_history": ("rewrite_history", "open_later_during_cleanup"),
    "special_personal_data": ("redact_personal_data",),
    "bsn_numbers": ("redact_personal_data",),
    "third_party_licence_forbids": ("separate_third_party_code",),
    "contract_forbids": ("ask_supplier_consent",),
    "vendor_confidential_data": ("separate_confidential_data",),
    "fraud_risk_rules": ("separate_selection_rules",),
    "investigation_tools": ("separate_sensitive_parts",),
    "national_security_system": ("narrow_to_sensitive_parts",),
    "security_controls_concrete_risk": ("separate_sensitive_parts",),
    "security_by_obscurity": ("fix_security",),
    "unannounced_policy": ("release_on_announcement",),
}
_ACTIONS_FOR_OUTCOME = {Outcome.OPEN: ("publish",), Outcome.PARTLY_OPEN: ("release_the_rest",)}

_CLEANUP = (
    "Geheimen en persoonsgegevens zijn geen reden om de code gesloten te houden: haal ze weg "
    "(zie de acties) en maak de code openbaar.",
    "Secrets and personal data are no reason to keep the code closed: remove them (see the "
    "actions) and release it.",
)
_NOT_WOO = (
    "Een licentie van derden of een contract is geen Woo-grond: het wordt vastgelegd als andere "
    "reden, alleen voor de delen waar het om gaat.",
    "A third-party licence or a contract is not a Woo ground: it is recorded as another reason, "
    "for the parts it covers only.",
)
_OBSCURITY = (
    "Beveiliging door geheimhouding (security through obscurity) is geen Woo-grond: dat de code "
    "geheim is, is geen reden haar gesloten te houden.",
    "Security through obscurity is not a Woo ground: that the code is secret is no reason to "
    "keep it closed.",
)
_OBSCURITY_WITH_RISK = (
    "Beveiliging door geheimhouding (security through obscurity) is geen Woo-grond: art. 5.1 "
    "lid 2 onder h steunt alleen op het concrete risico, en alleen voor de maatregelen zelf.",
    "Security through obscurity is not a Woo ground: art. 5.1 lid 2 onder h rests on the "
    "concrete risk only, and covers the controls concerned only.",
)
_ENVIRONMENTAL = (
    "Milieu-informatie: art. 5.1 lid 5 is niet beschikbaar, lid 6 vervangt lid 1 onder c, "
    "art. 5.2 lid 4 vervangt 5.2 lid 1, en voor emissies gelden de meeste gronden niet (5.1 "
    "lid 7).",
    "Environmental information: art. 5.1 lid 5 is unavailable, lid 6 replaces lid 1 onder c, "
    "art. 5.2 lid 4 replaces 5.2 lid 1, and for emissions most grounds do not apply (5.1 lid 7).",
)


def recommend(answers: Mapping[str, str]) -> Recommendation:
    """What the answers point to: an outcome, candidate grounds, actions and warnings.

    Answers are "yes", "no" or "unsure" by question id; an id left out is unanswered. An unknown
    id or another answer raises ValueError.
    """
    given = _parse(answers)
    yes = frozenset(question for question, answer in given.items() if answer == Answer.YES)
    candidates = _candidates(yes)
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
        environmental="environmental_information" in yes,
    )


def _parse(answers: Mapping[str, str]) -> dict[str, Answer]:
    given: dict[str, Answer] = {}
    for question, answer in answers.items():
        if question not in _QUESTION_IDS:
            known = ", ".join(_QUESTION_IDS)
            raise ValueError(f"unknown question {question!r}; the questions are: {known}")
        try:
            given[question] = Answer(answer)
        except ValueError:
            raise ValueError(f"answer {question!r} with {_CHOICES}, not {answer!r}") from None
    return given


def _candidates(yes: frozenset[str]) -> tuple[Candidate, ...]:
    table = _CANDIDATES
    if "environmental_information" in yes:
        table = {**_CANDIDATES, **_ENVIRONMENTAL_CANDIDATES}
    return tuple(table[key] for key in _QUESTION_IDS if key in yes & table.keys())


def _outcome(yes: frozenset[str], *, withholds_parts: bool) -> Outcome:
    if "national_security_system" in yes:
        return Outcome.WITHHELD
    if "unannounced_policy" in yes:
        return Outcome.OPEN_LATER
    return Outcome.PARTLY_OPEN if withholds_parts else Outcome.OPEN


def _actions(yes: frozenset[str], outcome: Outcome) -> tuple[Action, ...]:
    ids = [action for key in _QUESTION_IDS if key in yes for action in _ACTIONS_ON_YES.get(key, ())]
    ids += _ACTIONS_FOR_OUTCOME.get(outcome, ())
    return tuple(_ACTIONS[action] for action in dict.fromkeys(ids))


def _warnings(yes: frozenset[str], given: Mapping[str, Answer]) -> list[tuple[str, str]]:
    """Each warning in Dutch and English."""
    warnings: list[tuple[str, str]] = []
    if yes & {"secrets", "personal_data_in_code", "personal_data_in_history"}:
        warnings.append(_CLEANUP)
    if yes & {"third_party_licence_forbids", "contract_forbids"}:
        warnings.append(_NOT_WOO)
    if "security_by_obscurity" in yes:
        risk = "security_controls_concrete_risk" in yes
        warnings.append(_OBSCURITY_WITH_RISK if risk else _OBSCURITY)
    if "environmental_information" in yes:
        warnings.append(_ENVIRONMENTAL)
    unsure = [q for q in QUESTIONS if given.get(q.id) == Answer.UNSURE]
    warnings += [_find_out(question) for question in unsure]
    return warnings


def _find_out(question: Question) -> tuple[str, str]:
    return (
        f"Uitzoeken voordat u besluit — u antwoordde 'weet niet' op: {question.text_nl}",
        f"Find out before deciding — you answered 'unsure' to: {question.text_en}",
    )


def draft_from(
    recommendation: Recommendation, *, software_name: str, decided_on: date
) -> DecisionContent:
    """A draft decision pre-filled from a recommendation, for the officer to complete.

    One withheld item per scope, carrying its candidate grounds (motivations left empty) and
    other reasons; a released item for the whole software when anything is released; no licence
    yet; a review date five years on when anything is withheld.
    """
    outcome = recommendation.outcome
    items = _withheld_items(recommendation, software_name)
    if outcome in (Outcome.OPEN, Outcome.PARTLY_OPEN):
        environmental = recommendation.environmental
        whole = ScopeItem(ItemKind.WHOLE, software_name, False, environmental=environmental)
        items = (whole, *items)
    return DecisionContent(
        outcome=outcome,
        items=items,
        open_later_trigger=OPEN_LATER_TRIGGER if outcome == Outcome.OPEN_LATER else "",
        decided_on=decided_on,
        review_on=None if outcome == Outcome.OPEN else latest_review_date(decided_on),
    )


def _withheld_items(recommendation: Recommendation, software_name: str) -> tuple[ScopeItem, ...]:
    grounds: dict[str, list[GroundUse]] = {}
    reasons: dict[str, list[OtherReason]] = {}
    for candidate in recommendation.candidates:
        grounds.setdefault(candidate.scope, []).append(GroundUse(candidate.code, motivation=""))
    for reason in recommendation.other_reasons:
        scope = _REASON_SCOPES.get(reason.kind, Scope.PARTS_CONCERNED)
        reasons.setdefault(scope, []).append(reason)
    scopes = sorted(dict.fromkeys([*grounds, *reasons]), key=lambda scope: scope != Scope.WHOLE)
    return tuple(
        ScopeItem(
            kind=_SCOPE_KINDS.get(scope, ItemKind.COMPONENT),
            name=software_name if scope == Scope.WHOLE else str(scope),
            withheld=True,
            grounds=tuple(grounds.get(scope, ())),
            reasons=tuple(reasons.get(scope, ())),
            environmental=recommendation.environmental,
        )
        for scope in scopes
    )
