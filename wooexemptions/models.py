# SPDX-License-Identifier: EUPL-1.2
"""The decision register: one Decision row per version of the decision on a software entry.

A *besluit* (decision) says whether the source code of a piece of software is released
("open, tenzij": open unless), and, for what is withheld, on which grounds of the Wet open
overheid (Woo, the Dutch Open Government Act) and why. A published version is never edited:
a change is a new version that supersedes it, and every version stays public.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

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
