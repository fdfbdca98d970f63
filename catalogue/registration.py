# SPDX-License-Identifier: EUPL-1.2
"""Writes by people: registering, editing and archiving software; organisations, their
code-host accounts and members. Every function checks the principal's permission first;
a refused write leaves an audit event and changes nothing else."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from catalogue import accounts, services
from catalogue.errors import Duplicate, Invalid, NotPermitted
from catalogue.events import Action, record_event
from catalogue.licences import LicenceError, normalise
from catalogue.messages import Message, message_of
from catalogue.models import (
    CodeHostAccount,
    DevelopmentStatus,
    MaintenanceType,
    Organisation,
    OrganisationKind,
    RecordSource,
    ReleaseStatus,
    Repository,
    Software,
    SoftwareLicence,
)
from catalogue.organisations import account_from_url
from catalogue.permissions import Permission, Principal
from catalogue.urls import UrlError, canonical_url, is_web_address
from catalogue.users import Membership, Role, User

MAX_NAME = 200
MAX_DESCRIPTION = 5000
MAX_REPOSITORIES = 50
EDITABLE = (
    "name",
    "description_nl",
    "description_en",
    "homepage",
    "licence",
    "development_status",
)
# What each permission allows, as the refusal names it.
PERMISSION_NAMES = {
    Permission.REGISTER_SOFTWARE: Message("register software"),
    Permission.EDIT_SOFTWARE: Message("edit software"),
    Permission.DECIDE: Message("decide"),
    Permission.EDIT_ORGANISATION: Message("edit organisation"),
    Permission.MANAGE_MEMBERS: Message("manage members"),
    Permission.READ_AUDIT: Message("read audit"),
    Permission.MANAGE_SITE: Message("manage site"),
}
# Fields only a harvest fills (from publiccode.yml); people do not edit them in the catalogue.
HARVESTED_ONLY = ("maintenance_type", "software_type", "categories", "platforms")


async def require(
    principal: Principal,
    permission: Permission,
    organisation_id: int | None,
    *,
    target: tuple[str, str],
) -> None:
    """Return if the principal may; else record the refusal and raise NotPermitted."""
    if principal.can(permission, organisation_id):
        return
    await record_event(
        actor=principal.actor,
        action=Action.WRITE_REFUSE,
        target=target,
        organisation_id=organisation_id,
        after={"permission": permission.value},
    )
    name = PERMISSION_NAMES[permission]
    if not principal.signed_in:
        refusal = Message("%(permission)s is not allowed: you are not signed in", permission=name)
    else:
        refusal = Message("%(permission)s is not allowed: you lack the role", permission=name)
    raise NotPermitted(refusal, signed_in=principal.signed_in)


def _text(
    values: Mapping[str, Any],
    field: str,
    errors: dict[str, str],
    *,
    limit: int,
    required: bool = False,
) -> str:
    value = values.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = Message("must be text")
        return ""
    value = value.strip()
    if required and not value:
        errors[field] = Message("is required")
    elif len(value) > limit:
        errors[field] = Message("is longer than %(limit)s characters", limit=limit)
    elif any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        errors[field] = Message("contains control characters")
    return value


def checked_changes(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The editable fields present in `values`, checked; Invalid names every bad field."""
    errors: dict[str, str] = {}
    unknown = (
        set(values) - set(EDITABLE) - ({"organisation", "repositories"} if creating else set())
    )
    for field in sorted(unknown):
        errors[str(field)[:60]] = Message("is not a field that can be set")
    if "release_status" in unknown:
        errors["release_status"] = Message(
            "follows the decision in the register: publication officers record it there"
        )
    changes: dict[str, Any] = {}
    if creating or "name" in values:
        changes["name"] = _text(values, "name", errors, limit=MAX_NAME, required=True)
    for field in ("description_nl", "description_en"):
        if field in values:
            changes[field] = _text(values, field, errors, limit=MAX_DESCRIPTION)
    if "homepage" in values:
        homepage = _text(values, "homepage", errors, limit=300)  # the column holds 300
        if homepage and not is_web_address(homepage):
            errors["homepage"] = Message("must be an http(s) address")
        changes["homepage"] = homepage or None
    if "licence" in values:
        licence = _text(values, "licence", errors, limit=300)
        try:
            changes["licence"] = normalise(licence) if licence else None
        except LicenceError as error:
            errors["licence"] = message_of(error)
    for field, enum in (("development_status", DevelopmentStatus),):
        if field in values and values[field] not in (None, ""):
            try:
                changes[field] = enum(values[field])
            except ValueError:
                errors[field] = _one_of(e.value for e in enum)
    if errors:
        raise Invalid(errors)
    return changes


async def _repositories(
    urls: Any, organisation: Organisation, principal: Principal
) -> list[services.RepositoryData]:
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise Invalid({"repositories": Message("must be a list of repository addresses")})
    if len(urls) > MAX_REPOSITORIES:
        limit = MAX_REPOSITORIES
        raise Invalid({"repositories": Message("at most %(limit)s per entry", limit=limit)})
    found: list[services.RepositoryData] = []
    for index, raw in enumerate(urls):
        try:
            url = canonical_url(raw)
            owner = account_from_url(url.rsplit("/", 1)[0])
        except UrlError as error:
            raise Invalid({f"repositories[{index}]": message_of(error)}) from None
        if url.count("/") < 4:
            problem = Message("%(address)s names no repository", address=repr(raw))
            raise Invalid({f"repositories[{index}]": problem})
        # Code hosts treat the path without regard to case: MinBZK/x is minbzk/x.
        if url.lower() in {data.url.lower() for data in found}:
            problem = Message("%(address)s is listed twice", address=url)
            raise Invalid({f"repositories[{index}]": problem})
        existing = await Repository.filter(url__iexact=url).first()
        if existing is not None:
            where = f"/software/{existing.software_id}" if existing.software_id else "/"  # type: ignore[attr-defined]
            raise Duplicate(
                Message("%(address)s is already in the catalogue", address=url), existing=where
            )
        account = await services.account_for(url)
        if (
            account is not None
            and account.organisation_id != organisation.pk  # type: ignore[attr-defined]
            and not principal.is_site_admin
        ):
            holder = await Organisation.get(id=account.organisation_id)  # type: ignore[attr-defined]
            raise NotPermitted(_belongs(account.url, holder.name), signed_in=True)
        found.append(
            services.RepositoryData(url=url, forge=owner.forge, full_name=url.split("/", 3)[3])
        )
    return found


async def register_software(
    *, principal: Principal, organisation: Organisation, values: Mapping[str, Any]
) -> Software:
    """Register a software entry with its repositories (none for code that is not public)."""
    await require(
        principal,
        Permission.REGISTER_SOFTWARE,
        organisation.pk,
        target=("Organisation", str(organisation.pk)),
    )
    changes = checked_changes(values, creating=True)
    repositories = await _repositories(values.get("repositories", []), organisation, principal)
    licence = changes.pop("licence", None)
    async with in_transaction():
        software = await services.create_software(
            organisation=organisation,
            actor=principal.actor,
            release_status=ReleaseStatus.UNDECIDED,
            licence=licence.expression if licence else None,
            repositories=repositories,
            source=RecordSource.REGISTRATION,
            name=changes.pop("name"),
            description_nl=changes.pop("description_nl", ""),
            description_en=changes.pop("description_en", ""),
        )
        software.homepage = changes.pop("homepage", None)
        software.development_status = changes.pop("development_status", None)
        software.edited_fields = sorted(k for k in values if k in EDITABLE)
        await software.save()
    return software


async def update_software(
    *, principal: Principal, software: Software, values: Mapping[str, Any]
) -> Software:
    """Change fields of an entry; a person's edit is kept from later harvests."""
    await require(
        principal,
        Permission.EDIT_SOFTWARE,
        software.organisation_id,  # type: ignore[attr-defined]
        target=("Software", str(software.pk)),
    )
    changes = checked_changes(values, creating=False)
    before = {field: _plain(getattr(software, field)) for field in changes}
    async with in_transaction():
        if "licence" in changes:
            await _set_licence(software, values.get("licence"), changes.pop("licence"))
        for field, value in changes.items():
            setattr(software, field, value)
        software.edited_fields = sorted(set(software.edited_fields) | set(before))
        software.harvested_fields = sorted(set(software.harvested_fields) - set(before))
        await software.save()
        await record_event(
            actor=principal.actor,
            action=Action.SOFTWARE_UPDATE,
            target=software,
            organisation_id=software.organisation_id,  # type: ignore[attr-defined]
            before=before,
            after={field: _plain(getattr(software, field)) for field in before},
        )
    return software


async def _set_licence(software: Software, declared: Any, licence: Any) -> None:
    software.licence_declared = declared or None
    software.licence = licence.expression if licence else None
    await SoftwareLicence.filter(software=software).delete()
    if licence:
        await SoftwareLicence.bulk_create(
            [SoftwareLicence(software=software, identifier=i) for i in licence.identifiers]
        )


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


async def archive_software(*, principal: Principal, software: Software) -> Software:
    """Archive an entry: it leaves the lists but stays reachable, with its history."""
    await require(
        principal,
        Permission.EDIT_SOFTWARE,
        software.organisation_id,  # type: ignore[attr-defined]
        target=("Software", str(software.pk)),
    )
    if software.archived_at is None:
        async with in_transaction():
            software.archived_at = datetime.now(UTC)
            await software.save(update_fields=["archived_at", "updated_at"])
            await record_event(
                actor=principal.actor,
                action=Action.SOFTWARE_ARCHIVE,
                target=software,
                organisation_id=software.organisation_id,
            )  # type: ignore[attr-defined]
    return software


async def apply_harvest(*, software: Software, values: Mapping[str, Any], actor: str) -> list[str]:
    """Write harvested values, except to fields a person has edited; returns the fields that
    changed. Values of HARVESTED_ONLY fields come checked from catalogue.metadata."""
    changes = checked_changes({k: v for k, v in values.items() if k in EDITABLE}, creating=False)
    changes.update({k: v for k, v in values.items() if k in HARVESTED_ONLY})
    if "maintenance_type" in changes:
        changes["maintenance_type"] = MaintenanceType(changes["maintenance_type"])
    kept = {
        field: value
        for field, value in changes.items()
        if field not in software.edited_fields and not _same(software, field, value)
    }
    if not kept:
        return []
    async with in_transaction():
        if "licence" in kept:
            await _set_licence(software, values.get("licence"), kept.pop("licence"))
            kept["licence"] = software.licence
        for field, value in kept.items():
            setattr(software, field, value)
        software.harvested_fields = sorted(set(software.harvested_fields) | set(kept))
        await software.save()
        await record_event(
            actor=actor,
            action=Action.SOFTWARE_HARVEST,
            target=software,
            organisation_id=software.organisation_id,  # type: ignore[attr-defined]
            after={field: _plain(value) for field, value in kept.items()},
        )
    return sorted(kept)


def _same(software: Software, field: str, value: Any) -> bool:
    current = getattr(software, field)
    if field == "licence":
        return current == (value.expression if value else None)
    if field in ("categories", "platforms"):
        return list(current or []) == list(value)
    return _plain(current) == _plain(value)


async def create_organisation(*, principal: Principal, values: Mapping[str, Any]) -> Organisation:
    """Add an organisation (site administrators)."""
    await require(principal, Permission.MANAGE_SITE, None, target=("Organisation", "new"))
    errors: dict[str, str] = {}
    name = _text(values, "name", errors, limit=200, required=True)
    kind = values.get("kind", OrganisationKind.OTHER.value)
    if kind not in {k.value for k in OrganisationKind}:
        errors["kind"] = _one_of(k.value for k in OrganisationKind)
    tooi = _text(values, "tooi_uri", errors, limit=200) or None
    if tooi and not tooi.startswith("https://identifier.overheid.nl/tooi/id/"):
        errors["tooi_uri"] = Message("is not a TOOI identifier")
    if errors:
        raise Invalid(errors)
    if tooi and await Organisation.filter(tooi_uri=tooi).exists():
        existing = await Organisation.get(tooi_uri=tooi)
        raise Duplicate(
            Message("%(identifier)s is %(name)s", identifier=tooi, name=existing.name),
            existing=f"/organisaties/{existing.slug}",
        )
    async with in_transaction():
        organisation = await Organisation.create(
            name=name,
            kind=OrganisationKind(kind),
            tooi_uri=tooi,
            slug=await services.free_slug(name),
            source=RecordSource.REGISTRATION,
        )
        await record_event(
            actor=principal.actor,
            action=Action.ORGANISATION_CREATE,
            target=organisation,
            organisation_id=organisation.pk,
            after={"name": name, "kind": kind, "tooi_uri": tooi},
        )
    return organisation


async def update_organisation(
    *, principal: Principal, organisation: Organisation, values: Mapping[str, Any]
) -> Organisation:
    """Change an organisation's name or website (its admins, site administrators)."""
    await require(
        principal,
        Permission.EDIT_ORGANISATION,
        organisation.pk,
        target=("Organisation", str(organisation.pk)),
    )
    errors: dict[str, str] = {}
    unknown = set(values) - {"name", "website"}
    for field in sorted(unknown):
        errors[str(field)[:60]] = Message("is not a field that can be set")
    changes = {}
    if "name" in values:
        changes["name"] = _text(values, "name", errors, limit=200, required=True)
    if "website" in values:
        website = _text(values, "website", errors, limit=300)
        if website and not is_web_address(website):
            errors["website"] = Message("must be an http(s) address")
        changes["website"] = website or None
    if errors:
        raise Invalid(errors)
    before = {field: getattr(organisation, field) for field in changes}
    async with in_transaction():
        organisation.update_from_dict(changes)
        await organisation.save()
        await record_event(
            actor=principal.actor,
            action=Action.ORGANISATION_UPDATE,
            target=organisation,
            organisation_id=organisation.pk,
            before=before,
            after=changes,
        )
    return organisation


async def add_account(
    *, principal: Principal, organisation: Organisation, url: Any
) -> CodeHostAccount:
    """Register a code-host account for an organisation (site administrators)."""
    await require(
        principal,
        Permission.MANAGE_SITE,
        organisation.pk,
        target=("Organisation", str(organisation.pk)),
    )
    try:
        record = account_from_url(url if isinstance(url, str) else "")
    except UrlError as error:
        raise Invalid({"url": message_of(error)}) from None
    existing = await CodeHostAccount.get_or_none(
        base_url=record.base_url, name_key=record.name.lower()
    )
    if existing is not None:
        holder = await Organisation.get(id=existing.organisation_id)  # type: ignore[attr-defined]
        raise Duplicate(
            _belongs(existing.url, holder.name), existing=f"/organisaties/{holder.slug}"
        )
    async with in_transaction():
        account = await services.create_account(organisation, record, actor=principal.actor)
    return account


async def grant_role(
    *, principal: Principal, organisation: Organisation, email: Any, role: Any
) -> Membership:
    """Give an existing user a role in the organisation (its admins, site administrators)."""
    await require(
        principal,
        Permission.MANAGE_MEMBERS,
        organisation.pk,
        target=("Organisation", str(organisation.pk)),
    )
    if role not in {r.value for r in Role}:
        raise Invalid({"role": _one_of(r.value for r in Role)})
    user = await User.get_or_none(email=str(email).strip().lower()[:254])
    if user is None:
        address = repr(str(email)[:60])
        raise Invalid({"email": Message("no user has the address %(address)s", address=address)})
    return await accounts.grant(
        user=user, organisation=organisation, role=Role(role), actor=principal.actor
    )


async def revoke_role(*, principal: Principal, membership: Membership) -> None:
    """Take a role away (the organisation's admins, site administrators)."""
    organisation_id = membership.organisation_id  # type: ignore[attr-defined]
    await require(
        principal,
        Permission.MANAGE_MEMBERS,
        organisation_id,
        target=("Membership", str(membership.pk)),
    )
    await accounts.revoke(membership=membership, actor=principal.actor)


def _one_of(choices: Iterable[str]) -> Message:
    return Message("must be one of: %(choices)s", choices=", ".join(choices))


def _belongs(url: str, holder: str) -> Message:
    return Message("%(account)s belongs to %(organisation)s", account=url, organisation=holder)
