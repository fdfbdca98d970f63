# SPDX-License-Identifier: EUPL-1.2
"""The local organisation that owns a federated entry.

What another catalogue says about an owner is a claim. A TOOI URI or OIN names a government
body whatever the catalogue, but only a catalogue whose administrators check who an
organisation is can vouch for one: a publiccode.yml (all a Developers Italia entry has) says
whatever its author wrote. So a remote organisation joins a local one, by its TOOI URI, then
its OIN, only when the run trusts the catalogue's organisations (`trusted`, given by this
catalogue's administrator for an opentenzij export). Otherwise its entries go to an
organisation of source federation that stands for the claim: named "<name> (volgens HOST)",
keyed by the catalogue and the claimed identifier, and holding no TOOI URI, OIN, website or
kind, so that neither matching, the publishers list nor an export takes it for the body it
names. A wrong match would show another's software under a local body's name, to its members
as their own, and publish it as theirs; for the same reason nothing is ever matched by slug
or name.

An organisation created is keyed by publisher_id "federation:<hash>", so that a later run
finds it again; a remote entry that names no owner gets the catalogue's stand-in organisation.
An organisation, once there, is never changed by federation.
"""

from __future__ import annotations

import hashlib

import httpx

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.federation.reading import RemoteOrganisation
from catalogue.organisations import services
from catalogue.organisations.kinds import RecordSource
from catalogue.organisations.models import Organisation

KEY_PREFIX = "federation:"
MAX_NAME = 200


def owner_key(
    organisation: RemoteOrganisation | None, catalogue_url: str, *, trusted: bool = False
) -> str:
    """The publisher_id under which federation keeps an organisation it created.

    Always with its catalogue: a slug only means something there, and a claim is only that
    catalogue's word. A claim is kept apart from what a trusted run created, which holds the
    identifiers (by which other trusted runs find it)."""
    if organisation is None:
        basis = f"catalogue {catalogue_url}"
    else:
        kind = "slug" if trusted else "claim"
        basis = f"{kind} {catalogue_url} {organisation.key or organisation.name}"
    return KEY_PREFIX + hashlib.sha256(basis.encode()).hexdigest()[:40]


def claim_name(name: str, catalogue_url: str) -> str:
    """The name of an organisation that stands for another catalogue's claim."""
    suffix = f" (volgens {httpx.URL(catalogue_url).host})"
    return name[: MAX_NAME - len(suffix)].rstrip() + suffix


async def owner_of(
    organisation: RemoteOrganisation | None,
    *,
    catalogue_url: str,
    catalogue_name: str,
    actor: str,
    trusted: bool = False,
) -> Organisation:
    """The local organisation for a remote one, created when there is none; matched to a
    local body by its identifiers only when the catalogue is `trusted`."""
    if trusted and (found := await _by_identifier(organisation)):
        return found
    key = owner_key(organisation, catalogue_url, trusted=trusted)
    if found := await Organisation.get_or_none(publisher_id=key):
        return found
    if organisation is None:
        wanted = RemoteOrganisation(name=f"{catalogue_name} (federated)"[:MAX_NAME])
    elif trusted:
        wanted = organisation
    else:
        wanted = RemoteOrganisation(name=claim_name(organisation.name, catalogue_url))
    created = await Organisation.create(
        name=wanted.name,
        kind=wanted.kind,
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
            "trusted": trusted,
            **({"claimed": _claim(organisation)} if organisation and not trusted else {}),
        },
    )
    return created


async def _by_identifier(organisation: RemoteOrganisation | None) -> Organisation | None:
    if organisation is not None and organisation.tooi_uri:
        if found := await Organisation.get_or_none(tooi_uri=organisation.tooi_uri):
            return found
    if organisation is not None and organisation.oin:
        return await Organisation.get_or_none(oin=organisation.oin)
    return None


def _claim(organisation: RemoteOrganisation) -> dict[str, str | None]:
    """What the other catalogue said about the owner, for the audit trail."""
    return {
        "name": organisation.name,
        "kind": organisation.kind.value,
        "tooi_uri": organisation.tooi_uri,
        "oin": organisation.oin,
        "website": organisation.website,
        "key": organisation.key,
    }
