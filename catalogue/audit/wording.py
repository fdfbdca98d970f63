# SPDX-License-Identifier: EUPL-1.2
"""The audit trail's actions as people read them (the audit log page), in a sentence that
follows who did it: "Olga Ontwikkelaar registered software". Pure: no ORM, no web."""

from __future__ import annotations

from catalogue.audit.actions import Action
from catalogue.messages import Message

ACTION_WORDS: dict[Action, Message] = {
    Action.ORGANISATION_CREATE: Message("added the organisation"),
    Action.ORGANISATION_UPDATE: Message("changed the organisation's details"),
    Action.ACCOUNT_CREATE: Message("added a code-host account"),
    Action.ACCOUNT_MOVE: Message("moved a code-host account to another organisation"),
    Action.ACCOUNT_VERIFY: Message("checked who owns a code-host account"),
    Action.ACCOUNT_HARVEST_REQUEST: Message("asked for a code-host account to be harvested now"),
    Action.SOFTWARE_CREATE: Message("registered software"),
    Action.SOFTWARE_UPDATE: Message("changed a software entry"),
    Action.SOFTWARE_ARCHIVE: Message("archived a software entry"),
    Action.SOFTWARE_HARVEST: Message("updated a software entry from its repository"),
    Action.SOFTWARE_SBOM: Message("stored the components of a software entry (SBOM)"),
    Action.SOFTWARE_FEDERATE: Message("took a software entry over from another catalogue"),
    Action.REPOSITORY_CREATE: Message("added a repository"),
    Action.REPOSITORY_HARVEST: Message("harvested a repository"),
    Action.COLLECTION_CREATE: Message("made a collection"),
    Action.COLLECTION_UPDATE: Message("changed a collection's texts"),
    Action.COLLECTION_DELETE: Message("deleted a collection"),
    Action.COLLECTION_ADD_ENTRY: Message("added software to a collection"),
    Action.COLLECTION_UPDATE_ENTRY: Message("changed the role of software in a collection"),
    Action.COLLECTION_REMOVE_ENTRY: Message("took software out of a collection"),
    Action.COLLECTION_REORDER: Message("changed the order of a collection"),
    Action.DECISION_DRAFT: Message("drafted a decision"),
    Action.DECISION_EDIT: Message("edited a draft decision"),
    Action.DECISION_SUBMIT: Message("submitted a decision for approval"),
    Action.DECISION_REJECT: Message("sent a decision back to draft"),
    Action.DECISION_APPROVE: Message("approved a decision"),
    Action.DECISION_PUBLISH: Message("published a decision in the register"),
    Action.DECISION_REVIEW_DUE: Message("marked a decision as due for review"),
    Action.DECISION_CONFIRM: Message("confirmed a decision at its review"),
    Action.DECISION_WITHDRAW: Message("withdrew a decision"),
    Action.DECISION_PROPOSE_WITHDRAWAL: Message("proposed to withdraw a decision"),
    Action.DECISION_KEEP: Message("kept a decision in force"),
    Action.REQUEST_CREATE: Message("recorded a Woo request"),
    Action.REQUEST_UPDATE: Message("changed a Woo request"),
    Action.APPEAL_LODGE: Message("recorded an objection or appeal"),
    Action.APPEAL_DECIDE: Message("recorded the outcome of an objection or appeal"),
    Action.USER_CREATE: Message("created a user"),
    Action.USER_LINK: Message("linked a user to single sign-on"),
    Action.USER_SIGN_IN: Message("signed in"),
    Action.USER_SIGN_IN_FAIL: Message("failed to sign in"),
    Action.USER_SIGN_OUT: Message("signed out"),
    Action.MEMBERSHIP_GRANT: Message("gave a role"),
    Action.MEMBERSHIP_REVOKE: Message("took a role away"),
    Action.TOKEN_CREATE: Message("made an API token"),
    Action.TOKEN_REVOKE: Message("revoked an API token"),
    Action.WRITE_REFUSE: Message("tried a change that was refused"),
    Action.WEBHOOK_CREATE: Message("registered a webhook"),
    Action.WEBHOOK_UPDATE: Message("changed a webhook"),
    Action.WEBHOOK_DELETE: Message("deleted a webhook"),
    Action.VULNERABILITY_AFFECT: Message("found a known vulnerability in a software entry"),
}


def action_words(tag: str) -> Message | str:
    """What an audit tag means in words; an unknown tag (of a later version) as it is."""
    try:
        return ACTION_WORDS[Action(tag)]
    except ValueError:
        return tag
