# SPDX-License-Identifier: EUPL-1.2
"""The decision register: one Decision row per version of the decision on a software entry.

A *besluit* (decision) says whether the source code of a piece of software is released
("open, tenzij": open unless), and, for what is withheld, on which grounds of the Wet open
overheid (Woo, the Dutch Open Government Act) and why. A published version is never edited:
a change is a new version that supersedes it, and every version stays public.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from wooexemptions.inventory import Assessment
from wooexemptions.rules import Basis, Outcome
from wooexemptions.states import DecisionState

if TYPE_CHECKING:  # relations are named by string at run time
    from catalogue.accounts.models import User
    from catalogue.organisations.models import Organisation
    from catalogue.software.models import Software


class Decision(Model):
    """One version of the release decision on a software entry."""

    id = fields.IntField(primary_key=True)
    software: fields.ForeignKeyRelation[Software] = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="decisions",
        on_delete=fields.RESTRICT,
        description="The software the decision is about.",
    )
    software_id: int  # the column behind `software`
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "catalogue.Organisation",
        related_name="decisions",
        on_delete=fields.RESTRICT,
        description="The organisation that decides (the software's owner when drafted).",
    )
    organisation_id: int  # the column behind `organisation`
    version = fields.IntField(description="1 for the first version, counting per software.")
    state = fields.CharEnumField(
        DecisionState, max_length=20, default=DecisionState.DRAFT, description="Where it stands."
    )
    outcome = fields.CharEnumField(Outcome, max_length=20, description="What is released.")
    summary = fields.TextField(default="", description="The decision in brief, for the public.")
    items: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(
        default=list,
        description="Scope items: what is released or withheld, with grounds and other reasons.",
    )
    licence = fields.CharField(
        max_length=300, null=True, description="SPDX licence of what is released."
    )
    disclosure_only = fields.BooleanField(
        default=False,
        description="Released for transparency only, without a licence for reuse.",
    )
    licence_exceptions = fields.TextField(
        default="", description="Files released under another licence, or without one."
    )
    basis = fields.CharEnumField(
        Basis,
        max_length=20,
        default=Basis.PROACTIVE,
        description="Taken proactively ('open, tenzij') or on a Woo-verzoek.",
    )
    public_at = fields.CharField(
        max_length=300, default="", description="Already public: where (repository, commit)."
    )
    code_dated = fields.DateField(
        null=True,
        description="When the code covered was written or last changed (art. 5.3 Woo: age).",
    )
    open_later_date = fields.DateField(null=True, description="When the code is to be opened.")
    open_later_trigger = fields.TextField(
        default="", description="The event upon which the code is to be opened."
    )
    decided_on = fields.DateField(null=True, description="Date of the decision.")
    published_on = fields.DateField(null=True, description="Date it entered the register.")
    review_on = fields.DateField(
        null=True, description="When it is reviewed: at most five years after the decision."
    )
    advisers = fields.TextField(default="", description="Who advised, e.g. the CISO or the FG.")
    drafted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="decisions_drafted",
        null=True,
        on_delete=fields.SET_NULL,
        description="Who started this version.",
    )
    drafted_by_id: int | None  # the column behind `drafted_by`
    decider: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="decisions_decided",
        null=True,
        on_delete=fields.SET_NULL,
        description="The publication officer who submitted it.",
    )
    decider_id: int | None  # the column behind `decider`
    approver: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="decisions_approved",
        null=True,
        on_delete=fields.SET_NULL,
        description="The second officer who approved it (never the decider).",
    )
    approver_id: int | None  # the column behind `approver`
    edited_by: fields.JSONField[list[int]] = fields.JSONField(
        default=list,
        description="Ids of the people who drafted or edited this version: none may approve it.",
    )
    withdrawal_proposed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="withdrawals_proposed",
        null=True,
        on_delete=fields.SET_NULL,
        description="The officer who proposed the withdrawal (a second one withdraws).",
    )
    withdrawal_proposed_by_id: int | None  # the column behind `withdrawal_proposed_by`
    request: fields.ForeignKeyNullableRelation[WooRequest] = fields.ForeignKeyField(
        "catalogue.WooRequest",
        related_name="decisions",
        null=True,
        on_delete=fields.RESTRICT,
        description="The Woo-verzoek it decides on (a deelbesluit), if any.",
    )
    request_id: int | None  # the column behind `request`
    made_known_on = fields.DateField(
        null=True, description="Bekendmaking: when it was sent or published (art. 3:40 Awb)."
    )
    bestuursorgaan = fields.CharField(
        max_length=200, default="", description="Who decides, e.g. 'de minister van BZK'."
    )
    signatory = fields.CharField(
        max_length=200,
        default="",
        description="The function of the official who signs under mandate (art. 10:3 Awb).",
    )
    remedies = fields.TextField(
        default="", description="The rechtsmiddelenclausule: how to object (art. 3:45 Awb)."
    )
    besluit_url = fields.CharField(
        max_length=400, default="", description="Where the besluit is published."
    )
    inventory_url = fields.CharField(
        max_length=400, default="", description="Where its inventarislijst is published."
    )
    covers = fields.CharField(
        max_length=400,
        default="",
        description="The exact commit(s) or tag of the repository the decision covers.",
    )
    follows_appeal: fields.ForeignKeyNullableRelation[Appeal] = fields.ForeignKeyField(
        "catalogue.Appeal",
        related_name="later_versions",
        null=True,
        on_delete=fields.RESTRICT,
        description="The objection or ruling this version carries out.",
    )
    follows_appeal_id: int | None  # the column behind `follows_appeal`
    rejection_reason = fields.TextField(
        default="", description="Why the last submission was sent back to draft."
    )
    review_reason = fields.TextField(
        default="",
        description="At a review: why keeping it closed still prevails despite the time passed.",
    )
    supersedes: fields.ForeignKeyNullableRelation[Decision] = fields.ForeignKeyField(
        "catalogue.Decision",
        related_name="superseded_by",
        null=True,
        on_delete=fields.RESTRICT,
        description="The version this one replaces.",
    )
    supersedes_id: int | None  # the column behind `supersedes`
    lock_version = fields.IntField(
        default=0, description="Raised by every write: a write based on an older one conflicts."
    )
    is_example = fields.BooleanField(
        default=False, description="Demo data: an example, not a decision of the organisation."
    )
    tree_url = fields.CharField(
        max_length=400,
        default="",
        description="The repository of the tree the inventory is of (its commit: `covers`).",
    )
    legend: fields.JSONField[list[dict[str, str]]] = fields.JSONField(
        default=list,
        description="Redaction legend: which marker in the released tree stands for which "
        "grondslag, as [{marker, grondslag}].",
    )
    scan: fields.JSONField[dict[str, Any]] = fields.JSONField(
        default=dict,
        description="The counts of the scan the inventory was made from, to verify a re-scan.",
    )
    inventory_size = fields.IntField(
        default=0, description="How many inventory items it has (kept with every write)."
    )
    created_at = fields.DatetimeField(auto_now_add=True, description="When it was started.")
    updated_at = fields.DatetimeField(auto_now=True, description="When it last changed.")

    grounds: fields.ReverseRelation[DecisionGround]

    class Meta:
        table = "decision"
        unique_together = (("software_id", "version"),)
        indexes = (("state", "decided_on"), ("organisation_id", "state"))


class DecisionGround(Model):
    """One Woo ground applied somewhere in a decision version (for the register's filters)."""

    id = fields.IntField(primary_key=True)
    decision: fields.ForeignKeyRelation[Decision] = fields.ForeignKeyField(
        "catalogue.Decision",
        related_name="grounds",
        on_delete=fields.CASCADE,
        description="The decision version that applies it.",
    )
    decision_id: int  # the column behind `decision`
    code = fields.CharField(max_length=30, description="Ground code, e.g. woo-5.1.2.d.")

    class Meta:
        table = "decision_ground"
        indexes = (("code", "decision_id"),)


class RequestStatus(StrEnum):
    """Where a Woo-verzoek stands."""

    OPEN = "open"  # received, not yet fully decided
    DECIDED = "decided"  # every part decided
    WITHDRAWN = "withdrawn"  # the requester withdrew it


class WooRequest(Model):
    """A Woo-verzoek: a request to disclose information, here the source code of software, on
    which the organisation decides in one or more deelbesluiten (art. 4.1 and 4.4 Woo). The
    requester's name and address are personal data: only the organisation's publication
    officers see them; no page, export, feed, webhook or audit event carries them."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "catalogue.Organisation",
        related_name="woo_requests",
        on_delete=fields.RESTRICT,
        description="The organisation that decides on it.",
    )
    organisation_id: int  # the column behind `organisation`
    software: fields.ForeignKeyNullableRelation[Software] = fields.ForeignKeyField(
        "catalogue.Software",
        related_name="woo_requests",
        null=True,
        on_delete=fields.SET_NULL,
        description="The software whose code is asked for, when it is in the catalogue.",
    )
    software_id: int | None  # the column behind `software`
    zaaknummer = fields.CharField(max_length=60, description="The organisation's case number.")
    subject = fields.TextField(default="", description="What is asked for, as made public.")
    received_on = fields.DateField(description="The day the request was received.")
    requester_name = fields.CharField(
        max_length=200, default="", description="PRIVATE: the requester's name."
    )
    requester_email = fields.CharField(
        max_length=320, default="", description="PRIVATE: the requester's e-mail address."
    )
    extended_on = fields.DateField(
        null=True, description="When the extension by two weeks was notified (art. 4.4 lid 2)."
    )
    extension_reason = fields.TextField(default="", description="Why the term was extended.")
    status = fields.CharEnumField(
        RequestStatus, max_length=20, default=RequestStatus.OPEN, description="Where it stands."
    )
    from_public_form = fields.BooleanField(
        default=False, description="Submitted through the public 'ask for release' form."
    )
    submitted_from = fields.CharField(
        max_length=64,
        default="",
        description="Public form: a keyed hash of the sender's address, to throttle it.",
    )
    is_example = fields.BooleanField(default=False, description="Demo data, not a real request.")
    created_at = fields.DatetimeField(auto_now_add=True, description="When it was recorded.")

    third_parties: fields.ReverseRelation[ThirdParty]

    class Meta:
        table = "woo_request"
        unique_together = (("organisation_id", "zaaknummer"),)
        indexes = (("status", "received_on"), ("submitted_from", "received_on"))


class ThirdParty(Model):
    """A third party asked for its view (zienswijze) on a request, art. 4:8 Awb with art. 4.4
    lid 3 and 4 Woo: while it may respond, the decision term stands still."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[WooRequest] = fields.ForeignKeyField(
        "catalogue.WooRequest",
        related_name="third_parties",
        on_delete=fields.CASCADE,
        description="The request.",
    )
    request_id: int  # the column behind `request`
    name = fields.CharField(max_length=200, description="Who, e.g. the supplier.")
    asked_on = fields.DateField(description="When it was asked for its view.")
    answered_on = fields.DateField(
        null=True, description="When its view came in, or its term for it passed."
    )
    view = fields.TextField(default="", description="Its view (zienswijze), in brief.")
    objects = fields.BooleanField(
        default=False,
        description="It objects to disclosure: the information waits two weeks (art. 4.4 lid 5).",
    )

    class Meta:
        table = "woo_third_party"


class AppealKind(StrEnum):
    """A legal remedy against a decision (Awb)."""

    BEZWAAR = "bezwaar"  # objection to the body itself, art. 6:4 lid 1 and 7:1 Awb
    BEROEP = "beroep"  # appeal to the rechtbank, art. 8:1 Awb
    HOGER_BEROEP = "hoger_beroep"  # further appeal to the ABRvS, art. 8:104 Awb
    VOORLOPIGE_VOORZIENING = "voorlopige_voorziening"  # interim relief, art. 8:81 Awb


class AppealOutcome(StrEnum):
    """How a remedy ended."""

    PENDING = "pending"
    UPHELD = "upheld"  # gegrond: the decision is (partly) reversed
    REJECTED = "rejected"  # ongegrond
    INADMISSIBLE = "inadmissible"  # niet-ontvankelijk
    WITHDRAWN = "withdrawn"
    GRANTED = "granted"  # a voorlopige voorziening is granted
    REFUSED = "refused"  # a voorlopige voorziening is refused


class Appeal(Model):
    """An objection or appeal against a decision version, with its terms and outcome."""

    id = fields.IntField(primary_key=True)
    decision: fields.ForeignKeyRelation[Decision] = fields.ForeignKeyField(
        "catalogue.Decision",
        related_name="appeals",
        on_delete=fields.RESTRICT,
        description="The decision version it is against.",
    )
    decision_id: int  # the column behind `decision`
    kind = fields.CharEnumField(AppealKind, max_length=30, description="Which remedy.")
    lodged_on = fields.DateField(description="When it was lodged.")
    committee = fields.BooleanField(
        default=False,
        description="Bezwaar: an advisory committee hears it (12 weeks, art. 7:10 lid 1 Awb).",
    )
    court = fields.CharField(max_length=200, default="", description="Which court, if any.")
    outcome = fields.CharEnumField(
        AppealOutcome, max_length=20, default=AppealOutcome.PENDING, description="How it ended."
    )
    decided_on = fields.DateField(null=True, description="When it was decided.")
    ecli = fields.CharField(max_length=80, default="", description="The ruling's ECLI.")
    summary = fields.TextField(default="", description="The outcome in brief, for the public.")

    class Meta:
        table = "woo_appeal"
        indexes = (("decision_id", "kind"),)


class Grondslag(Model):
    """A grondslag of a decision's inventory: a Woo ground with its motivation and weighing,
    written once under a short key (e.g. S) and cited by many inventory items."""

    id = fields.IntField(primary_key=True)
    decision: fields.ForeignKeyRelation[Decision] = fields.ForeignKeyField(
        "catalogue.Decision",
        related_name="grondslagen",
        on_delete=fields.CASCADE,
        description="The decision version it belongs to.",
    )
    decision_id: int  # the column behind `decision`
    key = fields.CharField(max_length=40, description="The key items cite it by, e.g. S.")
    code = fields.CharField(max_length=30, description="Ground code, e.g. woo-5.1.2.i.")
    motivation = fields.TextField(default="", description="Why the ground applies.")
    weighing = fields.TextField(
        default="", description="The weighing of interests (art. 5.1 lid 2 and 3 Woo)."
    )
    despite_age = fields.TextField(
        default="", description="Art. 5.3 Woo: why it prevails despite the time passed."
    )

    class Meta:
        table = "inventory_grondslag"
        unique_together = (("decision_id", "key"),)


class InventoryItem(Model):
    """One row of a decision's inventarislijst: a file or folder of the pinned tree, optionally
    a line range, with its assessment and the grondslagen it cites (art. 3.3 lid 2 onder i Woo)."""

    id = fields.IntField(primary_key=True)
    decision: fields.ForeignKeyRelation[Decision] = fields.ForeignKeyField(
        "catalogue.Decision",
        related_name="inventory",
        on_delete=fields.CASCADE,
        description="The decision version it belongs to.",
    )
    decision_id: int  # the column behind `decision`
    number = fields.IntField(description="Its number in the inventarislijst (nummer).")
    path = fields.CharField(max_length=1000, description="File or folder within the tree.")
    folder = fields.CharField(
        max_length=1000, description="The path's first folder ('.' at the top), for counts."
    )
    line_from = fields.IntField(null=True, description="First line covered, if not all.")
    line_to = fields.IntField(null=True, description="Last line covered, if not all.")
    assessment = fields.CharEnumField(
        Assessment, max_length=20, description="openbaar, deels openbaar or niet openbaar."
    )
    grounds = fields.CharField(
        max_length=1000,
        default="",
        description="The keys of the grondslagen cited, each between spaces: ' S P '.",
    )
    remark = fields.TextField(default="", description="Opmerking.")
    runs = fields.IntField(default=0, description="How many redacted runs the file holds.")
    lines: fields.JSONField[list[list[Any]]] = fields.JSONField(
        default=list,
        description="Per marker, the line of each run: [[marker, [line, ...]], ...] in the "
        "legend's order (a list, as PostgreSQL's jsonb keeps no key order).",
    )
    licence = fields.CharField(
        max_length=300, default="", description="Another licence than the decision's (REUSE)."
    )

    class Meta:
        table = "inventory_item"
        unique_together = (("decision_id", "number"),)
        indexes = (("decision_id", "path"), ("decision_id", "assessment"))
