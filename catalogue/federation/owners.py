# SPDX-License-Identifier: EUPL-1.2
"""The local organisation that owns a federated entry.

A remote organisation is matched to a local one by its TOOI URI, then by its OIN: both name a
government body whatever the catalogue, so an entry can join the body's local entries. It is
never matched by slug or name: a slug is only a catalogue's own address for a body, and a
wrong match would show another's software under a local body's name, to its members as
their own. Without a match an organisation is created (source federation), keyed by its
identifier at the source (publisher_id "federation:<hash>"), so that a later run finds it
again; a remote entry that names no owner gets the catalogue's stand-in organisation.
An organisation, once there, is never changed by federation.
"""

from __future__ import annotations

import hashlib

from catalogue import services
from catalogue.events import Action, record_event
from catalogue.federation.reading import RemoteOrganisation
from catalogue.models import Organisation, OrganisationKind, RecordSource

KEY_PREFIX = "federation:"


def owner_key(organisation: RemoteOrganisation | None, catalogue_url: str) -> str:
    """The publisher_id under which federation keeps an organisation it created.

    An identifier meant to be global (a URI, an IPA code) is the same from every catalogue;
    a slug only means something within its catalogue, so it is keyed with it."""
    if organisation is None:
        basis = f"catalogue {catalogue_url}"
    elif organisation.key and ":" in organisation.key:
        basis = f"uri {organisation.key}"
    else:
        basis = f"slug {catalogue_url} {organisation.key or organisation.name}"
    return KEY_PREFIX + hashlib.sha256(basis.encode()).hexdigest()[:40]


async def owner_of(
    organisation: RemoteOrganisation | None, *, catalogue_url: str, catalogue_name: str, actor: str
) -> Organisation:
    """The local organisation for a remote one, created when there is none."""
    if organisation is not None and organisation.tooi_uri:
        if found := await Organisation.get_or_none(tooi_uri=organisation.tooi_uri):
            return found
    if organisation is not None and organisation.oin:
        if found := await Organisation.get_or_none(oin=organisation.oin):
            return found
    key = owner_key(organisation, catalogue_url)
    if found := await Organisation.get_or_none(publisher_id=key):
        return found
    wanted = organisation or RemoteOrganisation(name=f"{catalogue_name} (federated)"[:200])
    created = await Organisation.create(
        name=wanted.name,
        kind=wanted.kind if organisation else OrganisationKind.OTHER,
        tooi_uri=wanted.tooi_uri,
        oin=wanted.oin,
        website=wanted.website,
        publisher_id=key,
        slug=await services.free_slug(wanted.name),
        source=RecordSource.FEDERATION,
    )
    await record_event(
        actor=actor,
        action=Action.ORGANISATION_CREATE,
        target=created,
        organisation_id=created.pk,
        after={
            "name": created.name,
            "kind": created.kind.value,
            "tooi_uri": created.tooi_uri,
            "oin": created.oin,
            "federated_from": catalogue_url,
        },
    )
    return created
