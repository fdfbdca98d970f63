# SPDX-License-Identifier: EUPL-1.2
"""Writes of collections (commons listings): curated lists of catalogue entries, such as the
components of a workplace suite, that site administrators assemble; and the demo's examples.
Reading one back, with every entry's readiness for reuse, is in queries."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count, Max
from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event, update_recorded
from catalogue.collections import queries
from catalogue.collections.models import MAX_SLUG, Collection, CollectionEntry
from catalogue.errors import Duplicate, Invalid
from catalogue.messages import Message
from catalogue.permissions.guard import require
from catalogue.permissions.rules import Permission, Principal
from catalogue.software.models import Software

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_TITLE, MAX_DESCRIPTION, MAX_ROLE = 200, 5000, 200
MAX_ENTRIES = 200
TEXTS = ("title_nl", "title_en", "description_nl", "description_en")
LIMITS = {"title_nl": MAX_TITLE, "title_en": MAX_TITLE} | dict.fromkeys(
    ("description_nl", "description_en"), MAX_DESCRIPTION
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DEMO_ACTOR = "system:demo"


# Checking input


def _text(values: Mapping[str, Any], field: str, errors: dict[str, str], limit: int) -> str:
    value = values.get(field, "")
    if not isinstance(value, str):
        errors[field] = Message("must be text")
        return ""
    value = value.strip()
    if len(value) > limit:
        errors[field] = Message("is longer than %(limit)s characters", limit=limit)
    elif CONTROL.search(value):
        errors[field] = Message("contains control characters")
    return value


def checked_texts(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The titles and descriptions in `values`, checked; Invalid names every bad field."""
    errors: dict[str, str] = {}
    allowed = {*TEXTS, "slug"} if creating else set(TEXTS)
    for field in sorted(set(values) - allowed):
        errors[str(field)[:60]] = Message("is not a field that can be set")
    texts = {
        field: _text(values, field, errors, LIMITS[field])
        for field in TEXTS
        if field in values or creating
    }
    if "title_nl" in texts and not texts["title_nl"] and "title_nl" not in errors:
        errors["title_nl"] = Message("is required")
    if creating:
        slug = _text(values, "slug", errors, MAX_SLUG)
        if "slug" not in errors and not SLUG.fullmatch(slug):
            errors["slug"] = Message("use lower-case letters, digits and single hyphens")
        texts["slug"] = slug
    if errors:
        raise Invalid(errors)
    return texts


def _role(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    return {
        field: _text(values, field, errors, MAX_ROLE)
        for field in ("role_nl", "role_en")
        if field in values
    }


async def _allowed(principal: Principal, target: str) -> None:
    await require(principal, Permission.MANAGE_SITE, None, target=("Collection", target))


# Writes (site administrators)


async def create_collection(*, principal: Principal, values: Mapping[str, Any]) -> Collection:
    """Make a collection: slug (its address), titles and descriptions in Dutch and English."""
    await _allowed(principal, "new")
    texts = checked_texts(values, creating=True)
    return await _create(texts, actor=principal.actor, user_id=principal.user_id)


async def _create(texts: dict[str, Any], *, actor: str, user_id: int | None) -> Collection:
    taken = Message("the address %(slug)s is taken", slug=texts["slug"])
    if await Collection.filter(slug=texts["slug"]).exists():
        raise Duplicate(taken, existing=f"/collecties/{texts['slug']}")
    try:
        async with in_transaction():
            collection = await Collection.create(created_by_id=user_id, **texts)
            await record_event(
                actor=actor, action=Action.COLLECTION_CREATE, target=collection, after=texts
            )
    except IntegrityError:  # made at the same moment by someone else
        raise Duplicate(taken, existing=f"/collecties/{texts['slug']}") from None
    return collection


async def update_collection(
    *, principal: Principal, collection: Collection, values: Mapping[str, Any]
) -> Collection:
    """Change a collection's titles or descriptions; its address stays."""
    await _allowed(principal, str(collection.pk))
    texts = checked_texts(values, creating=False)
    changed = {
        field: value for field, value in texts.items() if getattr(collection, field) != value
    }
    if not changed:
        return collection
    await update_recorded(
        collection, changed, actor=principal.actor, action=Action.COLLECTION_UPDATE
    )
    return collection


async def delete_collection(*, principal: Principal, collection: Collection) -> None:
    """Remove a collection with its entries (the catalogue entries stay)."""
    await _allowed(principal, str(collection.pk))
    async with in_transaction():
        software_ids = await CollectionEntry.filter(collection=collection).values_list(
            "software_id", flat=True
        )
        before = {
            "slug": collection.slug,
            "title_nl": collection.title_nl,
            "software": software_ids,
        }
        await record_event(
            actor=principal.actor, action=Action.COLLECTION_DELETE, target=collection, before=before
        )
        await collection.delete()


async def add_entry(
    *,
    principal: Principal,
    collection: Collection,
    software_id: Any,
    values: Mapping[str, Any] | None = None,
) -> CollectionEntry:
    """Add a catalogue entry at the end of a collection, with its role (role_nl, role_en)."""
    await _allowed(principal, str(collection.pk))
    errors: dict[str, str] = {}
    roles = _role(values or {}, errors)
    if errors:
        raise Invalid(errors)
    return await _add(collection, queries.software_id_of(software_id), roles, actor=principal.actor)


async def _add(
    collection: Collection, software_id: int, roles: dict[str, Any], *, actor: str
) -> CollectionEntry:
    software = await Software.get_or_none(id=software_id)
    if software is None:
        raise Invalid({"software": Message("there is no entry %(id)s", id=software_id)})
    if software.archived_at is not None:
        raise Invalid({"software": Message("%(name)s is archived", name=software.name)})
    there = Message("%(name)s is in the collection already", name=software.name)
    try:
        return await _insert(collection, software, roles, actor=actor, there=there)
    except IntegrityError:  # added at the same moment by someone else
        raise Duplicate(there, existing=f"/collecties/{collection.slug}") from None


async def _insert(
    collection: Collection, software: Software, roles: dict[str, Any], *, actor: str, there: str
) -> CollectionEntry:
    async with in_transaction():
        entries = CollectionEntry.filter(collection=collection)
        if await entries.filter(software_id=software.pk).exists():
            raise Duplicate(there, existing=f"/collecties/{collection.slug}")
        [(count, last)] = await entries.annotate(n=Count("id"), last=Max("position")).values_list(
            "n", "last"
        )
        if count >= MAX_ENTRIES:
            raise Invalid({"software": Message("at most %(limit)s entries", limit=MAX_ENTRIES)})
        entry = await CollectionEntry.create(
            collection=collection,
            software=software,
            position=(last or 0) + 1 if count else 0,
            **roles,
        )
        await record_event(
            actor=actor,
            action=Action.COLLECTION_ADD_ENTRY,
            target=collection,
            after={"software": software.pk, "position": entry.position, **roles},
        )
        await _touch(collection.pk)
    return entry


async def update_entry(
    *, principal: Principal, entry: CollectionEntry, values: Mapping[str, Any]
) -> CollectionEntry:
    """Change what an entry does in its collection (role_nl, role_en)."""
    await _allowed(principal, str(entry.collection_id))
    errors: dict[str, str] = {}
    for field in sorted(set(values) - {"role_nl", "role_en"}):
        errors[str(field)[:60]] = Message("is not a field that can be set")
    roles = _role(values, errors)
    if errors:
        raise Invalid(errors)
    before = {field: getattr(entry, field) for field in roles}
    async with in_transaction():
        entry.update_from_dict(roles)
        await entry.save()
        await record_event(
            actor=principal.actor,
            action=Action.COLLECTION_UPDATE_ENTRY,
            target=("Collection", str(entry.collection_id)),
            before={"software": entry.software_id, **before},
            after={"software": entry.software_id, **roles},
        )
        await _touch(entry.collection_id)
    return entry


async def remove_entry(*, principal: Principal, entry: CollectionEntry) -> None:
    """Take an entry out of its collection."""
    await _allowed(principal, str(entry.collection_id))
    async with in_transaction():
        await record_event(
            actor=principal.actor,
            action=Action.COLLECTION_REMOVE_ENTRY,
            target=("Collection", str(entry.collection_id)),
            before={"software": entry.software_id, "position": entry.position},
        )
        await entry.delete()
        await _touch(entry.collection_id)


async def reorder_entries(
    *, principal: Principal, collection: Collection, software_ids: Sequence[int]
) -> None:
    """Put the entries in the order given, which must name each entry exactly once."""
    await _allowed(principal, str(collection.pk))
    async with in_transaction():
        entries = await CollectionEntry.filter(collection=collection).order_by("position", "id")
        by_software = {entry.software_id: entry for entry in entries}
        if sorted(software_ids) != sorted(by_software):
            raise Invalid({"order": Message("name every entry of the collection once")})
        before = [entry.software_id for entry in entries]
        for position, software_id in enumerate(software_ids):
            by_software[software_id].position = position
        await CollectionEntry.bulk_update(list(by_software.values()), fields=["position"])
        await record_event(
            actor=principal.actor,
            action=Action.COLLECTION_REORDER,
            target=collection,
            before={"order": before},
            after={"order": list(software_ids)},
        )
        await _touch(collection.pk)


async def move_entry(*, principal: Principal, entry: CollectionEntry, offset: int) -> None:
    """Move an entry up (offset -1) or down (+1) in its collection; at an end it stays."""
    collection = await Collection.get(id=entry.collection_id)
    order = await queries.entry_order(collection)
    index = order.index(entry.software_id)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    await reorder_entries(principal=principal, collection=collection, software_ids=order)


async def _touch(collection_id: int) -> None:
    """Mark the collection changed when its entries change: its DCAT-AP says when."""
    await Collection.filter(id=collection_id).update(updated_at=datetime.now(UTC))


# Reads


# Examples for the demo

EXAMPLES = (
    {
        "slug": "mijn-bureau-werkplek-voorbeeld",
        "title_nl": "Mijn Bureau-werkplek (voorbeeld)",
        "title_en": "Mijn Bureau workplace (example)",
        "description_nl": "Een voorbeeld van een digitale werkplek voor ambtenaren, samengesteld "
        "uit open source-onderdelen uit de catalogus, zoals Mijn Bureau dat doet met openDesk "
        "en LaSuite. Een voorbeeld, geen advies van de organisaties zelf.",
        "description_en": "An example of a digital workplace for civil servants, assembled from "
        "open source components in the catalogue, as Mijn Bureau does with openDesk and LaSuite. "
        "An example, not advice of the organisations themselves.",
        "entries": (
            ("nl-rdo-openid-connect-php-laravel", "Inloggen met OpenID Connect",
             "Sign-in with OpenID Connect"),
            ("keycloak-theme", "Huisstijl van het inlogscherm", "Branding of the sign-in page"),
            ("dowc", "Office-documenten bewerken", "Editing Office documents"),
            ("alletaal-lint", "Schrijfhulp voor begrijpelijke teksten",
             "Writing aid for plain language"),
            ("themes", "Huisstijl volgens NL Design System", "NL Design System theme"),
            ("Brede Welvaart Scan", "Samen werksessies vastleggen", "Recording workshops together"),
        ),
    },
    {
        "slug": "herbruikbare-componenten-gemeenten-voorbeeld",
        "title_nl": "Herbruikbare componenten voor gemeenten (voorbeeld)",
        "title_en": "Reusable components for municipalities (example)",
        "description_nl": "Een voorbeeld van een lijst onderdelen die gemeenten kunnen "
        "hergebruiken voor zaakgericht werken, meldingen en openbaarmaking.",
        "description_en": "An example of a list of components that municipalities can reuse for "
        "case management, reports about public space and publication.",
        "entries": (
            ("Open Notificaties", "Notificaties tussen systemen", "Notifications between systems"),
            ("gemma-zds-client", "Client voor de API's voor zaakgericht werken",
             "Client for the case management APIs"),
            ("cmis-adapter", "Documenten opslaan in een DMS", "Storing documents in a DMS"),
            ("Signalen frontend", "Meldingen openbare ruimte", "Reports about public space"),
            ("Signalen classification", "Meldingen automatisch indelen",
             "Classifying reports automatically"),
            ("verwerkingenlogging", "Logboek dataverwerkingen", "Logging data processing"),
            ("plugin-openwoo", "Woo-verzoeken publiceren", "Publishing Woo requests"),
            ("Toeslagencheck bijzondere bijstand (voorbeeld)", "Aanvragen controleren",
             "Checking applications"),
        ),
    },
)  # fmt: skip


async def load_examples() -> int:
    """Create the two example collections from the demo data, picking entries by name (the
    lowest id when several share one; names not in the catalogue are left out). A collection
    that exists is left alone; returns how many were created."""
    created = 0
    for example in EXAMPLES:
        if await Collection.filter(slug=example["slug"]).exists():
            continue
        texts = {field: str(example[field]) for field in ("slug", *TEXTS)}
        async with in_transaction():
            collection = await _create(texts, actor=DEMO_ACTOR, user_id=None)
            for name, role_nl, role_en in example["entries"]:
                software = (
                    await Software.filter(name=name, archived_at__isnull=True)
                    .order_by("id")
                    .first()
                )
                if software is not None:
                    roles = {"role_nl": role_nl, "role_en": role_en}
                    await _add(collection, software.id, roles, actor=DEMO_ACTOR)
        created += 1
    return created
