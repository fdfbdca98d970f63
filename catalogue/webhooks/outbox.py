# SPDX-License-Identifier: EUPL-1.2
"""The outbox: a public change, recorded in the audit trail, becomes one pending delivery per
webhook that wants it, written in the same transaction as the change itself. A change that is
rolled back therefore never goes out, and one that is committed always does. The outbox
subscribes to the audit trail (`subscribe_to_audit`), which does not know it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.models import Model

from catalogue.audit.actions import Action
from catalogue.audit.events import subscribe
from catalogue.audit.models import AuditEvent
from catalogue.collections.models import Collection
from catalogue.organisations.models import Organisation
from catalogue.webhooks.models import Webhook, WebhookDelivery
from wooexemptions.models import Appeal, WooRequest

API = "/api/v1"

# Audit action → the public kind of change sent for it.
KINDS: dict[str, str] = {  # keyed by Action: a StrEnum member is its str
    Action.ORGANISATION_CREATE: "organisation.created",
    Action.ORGANISATION_UPDATE: "organisation.updated",
    Action.SOFTWARE_CREATE: "software.created",
    Action.SOFTWARE_UPDATE: "software.updated",
    Action.SOFTWARE_ARCHIVE: "software.archived",
    Action.SOFTWARE_HARVEST: "software.harvested",
    Action.SOFTWARE_SBOM: "software.sbom-stored",
    Action.SOFTWARE_FEDERATE: "software.federated",
    Action.REPOSITORY_CREATE: "repository.created",
    Action.REPOSITORY_HARVEST: "repository.harvested",
    Action.COLLECTION_CREATE: "collection.created",
    Action.COLLECTION_UPDATE: "collection.updated",
    Action.COLLECTION_ADD_ENTRY: "collection.updated",
    Action.COLLECTION_UPDATE_ENTRY: "collection.updated",
    Action.COLLECTION_REMOVE_ENTRY: "collection.updated",
    Action.COLLECTION_REORDER: "collection.updated",
    Action.COLLECTION_DELETE: "collection.deleted",
    Action.DECISION_PUBLISH: "decision.published",
    Action.DECISION_REVIEW_DUE: "decision.review-due",
    Action.DECISION_WITHDRAW: "decision.withdrawn",
}
# Never sent: people and their sessions, tokens and roles; refused writes; code-host account
# administration; webhooks themselves; and every step of a decision before it is published
# (drafts are secret until then). A test checks that each audit action is in exactly one list.
PRIVATE_ACTIONS = frozenset(
    {
        Action.ACCOUNT_CREATE,
        Action.ACCOUNT_MOVE,
        Action.ACCOUNT_VERIFY,
        Action.ACCOUNT_HARVEST_REQUEST,
        Action.DECISION_DRAFT,
        Action.DECISION_EDIT,
        Action.DECISION_SUBMIT,
        Action.DECISION_REJECT,
        Action.DECISION_APPROVE,
        Action.DECISION_CONFIRM,  # a new version for approval: public once published
        Action.DECISION_PROPOSE_WITHDRAWAL,
        Action.DECISION_KEEP,
        Action.REQUEST_CREATE,  # a request file holds a requester's personal data
        Action.REQUEST_UPDATE,
        Action.APPEAL_LODGE,
        Action.APPEAL_DECIDE,
        Action.USER_CREATE,
        Action.USER_LINK,
        Action.USER_SIGN_IN,
        Action.USER_SIGN_IN_FAIL,
        Action.USER_SIGN_OUT,
        Action.MEMBERSHIP_GRANT,
        Action.MEMBERSHIP_REVOKE,
        Action.TOKEN_CREATE,
        Action.TOKEN_REVOKE,
        Action.WRITE_REFUSE,
        Action.WEBHOOK_CREATE,
        Action.WEBHOOK_UPDATE,
        Action.WEBHOOK_DELETE,
        # Under embargo: which entries an advisory affects is for their owners first.
        Action.VULNERABILITY_AFFECT,
    }
)
# Collection writes that change its entries, not its own fields.
ENTRY_ACTIONS = frozenset(
    {
        Action.COLLECTION_ADD_ENTRY,
        Action.COLLECTION_UPDATE_ENTRY,
        Action.COLLECTION_REMOVE_ENTRY,
        Action.COLLECTION_REORDER,
    }
)
PUBLIC_KINDS = tuple(sorted(set(KINDS.values())))
# Sent only to the webhooks of the organisation the event concerns (never to site-wide ones):
# its own news before it is public, such as a new exposure under embargo (issue 20).
ORGANISATION_KINDS: dict[str, str] = {
    Action.VULNERABILITY_AFFECT: "vulnerability.affects",
}
OWN_KINDS = tuple(sorted(set(ORGANISATION_KINDS.values())))


def kinds_for(organisation_id: int | None) -> tuple[str, ...]:
    """The kinds a webhook may ask for: an organisation's also get their own news."""
    return PUBLIC_KINDS if organisation_id is None else tuple(sorted(PUBLIC_KINDS + OWN_KINDS))


# For these kinds the payload names the fields that changed (not their values: fetch the entry).
CHANGE_KINDS = frozenset(
    {
        "software.updated",
        "software.harvested",
        "organisation.updated",
        "repository.harvested",
        "collection.updated",
    }
)


def subscribe_to_audit() -> None:
    """Queue deliveries for every audit event from now on. Each composition root (the app,
    the CLI, the tests) calls this once: the audit trail imports no feature."""
    subscribe(enqueue)


async def enqueue(event: AuditEvent, target: Model | None) -> int:
    """Queue a delivery of `event` to every active webhook that wants its kind; the number.

    Runs inside record_event's transaction. A private event costs nothing; a public one costs
    one query for the active webhooks, and when one wants it, the payload and one insert.
    """
    public = KINDS.get(event.action)
    kind = public or ORGANISATION_KINDS.get(event.action)
    if kind is None:
        return 0
    rows = await Webhook.filter(active=True).values_list("id", "events", "organisation_id")
    wanted = [
        webhook_id
        for webhook_id, events, owner in rows
        if (not events or kind in events)
        and (
            (owner is None and public is not None)  # site-wide: public changes only
            or (owner is not None and owner == event.organisation_id)  # its own, all of them
        )
    ]
    if not wanted:
        return 0
    payload = await payload_of(kind, event, target)
    now = datetime.now(UTC)
    await WebhookDelivery.bulk_create(
        [
            WebhookDelivery(
                webhook_id=webhook_id,
                event_id=event.pk,
                kind=kind,
                payload=payload,
                next_attempt_at=now,
            )
            for webhook_id in wanted
        ]
    )
    return len(wanted)


async def payload_of(kind: str, event: AuditEvent, target: Model | None) -> dict[str, Any]:
    """The JSON body for a change: what changed, where to read it, and a few public facts."""
    build = _TARGETS.get(event.target_type)
    if target is None and event.target_type in _LOADERS and event.target_id.isdigit():
        target = await _LOADERS[event.target_type].get_or_none(id=int(event.target_id))
    if event.target_type == "Decision" and target is not None:
        await target.fetch_related("request", "follows_appeal")  # their public facts
    facts = build(target) if build is not None and target is not None else {}
    target_json = {
        "type": event.target_type.lower(),
        "id": _id(event.target_id),
        "url": facts.pop("url", None),
        "api_url": facts.pop("api_url", None),
    }
    payload: dict[str, Any] = {
        "kind": kind,
        "event_id": event.pk,
        "occurred_at": (event.created_at or datetime.now(UTC)).isoformat(),
        "target": target_json,
        "organisation": await _organisation(event, target),
        "data": facts,
    }
    if kind in OWN_KINDS:  # what the audit event recorded: for the organisation's eyes only
        payload["data"] = {**facts, **(event.after or {})}
        if payload["organisation"]:
            payload["target"]["url"] = payload["organisation"]["url"] + "/kwetsbaarheden"
    if kind in CHANGE_KINDS:
        entries = event.action in ENTRY_ACTIONS
        payload["changed"] = ["entries"] if entries else sorted(event.after or {})
    return payload


def _id(value: str) -> int | str:
    return int(value) if value.isdigit() else value


async def _organisation(event: AuditEvent, target: Model | None) -> dict[str, Any] | None:
    if isinstance(target, Organisation):
        row: dict[str, Any] | None = {"id": target.pk, "slug": target.slug, "name": target.name}
    elif event.organisation_id is None:
        return None
    else:
        organisation = Organisation.filter(id=event.organisation_id).first()
        row = await organisation.values("id", "slug", "name")
    if row is None:
        return None
    return {
        **row,
        "url": f"/organisaties/{row['slug']}",
        "api_url": f"{API}/organisations/{row['slug']}",
    }


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def _software(software: Any) -> dict[str, Any]:
    return {
        "url": f"/software/{software.pk}",
        "api_url": f"{API}/software/{software.pk}",
        "name": software.name,
        "release_status": _value(software.release_status),
        "licence": software.licence,
        "archived": software.archived_at is not None,
    }


def _organisation_facts(organisation: Any) -> dict[str, Any]:
    return {
        "url": f"/organisaties/{organisation.slug}",
        "api_url": f"{API}/organisations/{organisation.slug}",
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": _value(organisation.kind),
    }


def _repository(repository: Any) -> dict[str, Any]:
    software_id = repository.software_id
    return {
        "url": f"/software/{software_id}" if software_id else None,
        "api_url": f"{API}/repositories/{repository.pk}",
        "repository_url": repository.url,
        "full_name": repository.full_name,
        "software_id": software_id,
        "active": repository.active,
        "archived": repository.archived,
    }


def _decision(decision: Any) -> dict[str, Any]:
    """Only sent once published: every field here is in the public register."""
    software_id = decision.software_id
    return {
        "url": f"/register/{decision.pk}",
        "api_url": f"{API}/decisions/{decision.pk}",
        "software": {
            "id": software_id,
            "url": f"/software/{software_id}",
            "api_url": f"{API}/software/{software_id}",
        },
        "version": decision.version,
        "state": _value(decision.state),
        "outcome": _value(decision.outcome),
        "grounds": sorted({g["code"] for item in decision.items for g in item.get("grounds", [])}),
        "published_on": _iso(decision.published_on),
        "review_on": _iso(decision.review_on),
        "is_example": decision.is_example,
        # The formal besluit, as public as the register shows it; never the requester.
        "basis": _value(decision.basis),
        "made_known_on": _iso(decision.made_known_on),
        "bestuursorgaan": decision.bestuursorgaan,
        "signatory": decision.signatory,
        "besluit_url": decision.besluit_url or None,
        "inventory_url": decision.inventory_url or None,
        "covers": decision.covers or None,
        # The Woo-verzoek it decides (its case number, never who asked) and the objection or
        # ruling this version carries out.
        "request": _public_request(decision.request),
        "follows_appeal": _public_appeal(decision.follows_appeal),
    }


def _public_request(request: Any) -> dict[str, Any] | None:
    if not isinstance(request, WooRequest):
        return None
    return {"zaaknummer": request.zaaknummer, "received_on": _iso(request.received_on)}


def _public_appeal(appeal: Any) -> dict[str, Any] | None:
    if not isinstance(appeal, Appeal):
        return None
    return {
        "kind": _value(appeal.kind),
        "court": appeal.court or None,
        "ecli": appeal.ecli or None,
        "outcome": _value(appeal.outcome),
        "decided_on": _iso(appeal.decided_on),
    }


def _collection(collection: Any) -> dict[str, Any]:
    return {
        "url": f"/collecties/{collection.slug}",
        "api_url": f"{API}/collections/{collection.slug}",
        "slug": collection.slug,
        "title_nl": collection.title_nl,
        "title_en": collection.title_en,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


_TARGETS = {
    "Software": _software,
    "Organisation": _organisation_facts,
    "Repository": _repository,
    "Decision": _decision,
    "Collection": _collection,
}
# Rows some writes name by (type, id) only, loaded when a webhook wants the change.
_LOADERS: dict[str, type[Model]] = {"Collection": Collection}
