# SPDX-License-Identifier: EUPL-1.2
"""Writes about organisations: importing the publishers list, adding and changing an
organisation, registering its code-host accounts. Every write leaves an audit event; the
writes of people check their permission first."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event, update_recorded
from catalogue.errors import Duplicate, Invalid
from catalogue.inputs import one_of, text_input
from catalogue.messages import Message, message_of
from catalogue.organisations.kinds import OrganisationKind, RecordSource, WebsiteCheck
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.organisations.publishers import AccountRecord, PublisherRecord, account_from_url
from catalogue.organisations.websites import Check
from catalogue.permissions.guard import require
from catalogue.permissions.rules import Permission, Principal
from catalogue.urls import UrlError, is_web_address

ORGANISATION_FIELDS = ("name", "kind", "tooi_uri", "publisher_id", "roo_id", "oin", "website")


def slugify(text: str, *, max_length: int = 100) -> str:
    """A lower-case ASCII URL name: 'Gemeente Súdwest-Fryslân' → 'gemeente-sudwest-fryslan'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "organisatie"


@dataclass(slots=True)
class ImportResult:
    """What an import did, counted per outcome."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accounts_created: int = 0


async def import_organisations(
    *, records: Sequence[PublisherRecord], actor: str, source: RecordSource = RecordSource.SEED
) -> ImportResult:
    """Create or update organisations and their accounts; importing twice changes nothing.

    Publishers are matched on their TOOI URI, or on the list's own id when they have none.
    All records are written in one transaction: a failure leaves the catalogue as it was.
    """
    result = ImportResult()
    async with in_transaction():
        for record in records:
            organisation = await _upsert_organisation(
                record, actor=actor, source=source, result=result
            )
            for account in record.accounts:
                result.accounts_created += await _ensure_account(organisation, account, actor=actor)
    return result


async def _upsert_organisation(
    record: PublisherRecord, *, actor: str, source: RecordSource, result: ImportResult
) -> Organisation:
    lookup = (
        {"tooi_uri": record.tooi_uri} if record.tooi_uri else {"publisher_id": record.publisher_id}
    )
    organisation = await Organisation.get_or_none(**lookup)
    wanted = {name: getattr(record, name) for name in ORGANISATION_FIELDS}
    if organisation is None:
        organisation = await Organisation.create(
            **wanted, slug=await free_slug(record.name), source=source
        )
        await record_event(
            actor=actor,
            action=Action.ORGANISATION_CREATE,
            target=organisation,
            organisation_id=organisation.pk,
            after=_jsonable(wanted),
        )
        result.created += 1
        return organisation
    before = {
        k: getattr(organisation, k) for k, v in wanted.items() if getattr(organisation, k) != v
    }
    if not before:
        result.unchanged += 1
        return organisation
    organisation.update_from_dict({k: wanted[k] for k in before})
    moved = ["website_checked_at"] if "website" in before else []
    if moved:  # the new website's list of accounts is asked for at the next daily check
        organisation.website_checked_at = None
    await organisation.save(update_fields=[*before, *moved, "updated_at"])
    await record_event(
        actor=actor,
        action=Action.ORGANISATION_UPDATE,
        target=organisation,
        organisation_id=organisation.pk,
        before=_jsonable(before),
        after=_jsonable({k: wanted[k] for k in before}),
    )
    result.updated += 1
    return organisation


async def free_slug(name: str) -> str:
    base = slugify(name)
    slug, number = base, 2
    while await Organisation.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


async def create_account(
    organisation: Organisation, record: AccountRecord, *, actor: str
) -> CodeHostAccount:
    """Register a code-host account for an organisation, with its audit event."""
    account = await CodeHostAccount.create(
        organisation=organisation,
        forge=record.forge,
        base_url=record.base_url,
        name=record.name,
        name_key=record.name.lower(),
        is_group=record.is_group,
    )
    await record_event(
        actor=actor,
        action=Action.ACCOUNT_CREATE,
        target=account,
        organisation_id=organisation.pk,
        after={"organisation": organisation.slug, "url": account.url},
    )
    return account


async def _ensure_account(organisation: Organisation, record: AccountRecord, *, actor: str) -> bool:
    """Make the account exist and belong to the organisation; True if it was created."""
    account = await CodeHostAccount.get_or_none(
        base_url=record.base_url, name_key=record.name.lower()
    )
    if account is None:
        await create_account(organisation, record, actor=actor)
        return True
    if account.organisation_id != organisation.pk:
        before = {"organisation_id": account.organisation_id}
        account.organisation = organisation
        await account.save(update_fields=["organisation_id", "updated_at"])
        await record_event(
            actor=actor,
            action=Action.ACCOUNT_MOVE,
            target=account,
            organisation_id=organisation.pk,
            before=before,
            after={"organisation_id": organisation.pk},
        )
    return False


async def record_ownership(account: CodeHostAccount, *, proof: str | None, actor: str) -> None:
    """Mark the account verified with its proof, or back to claimed when the proof is gone;
    a change is an audit event, no change writes nothing."""
    if (proof is None and account.verified_at is None) or (
        proof is not None and account.verified_at is not None and account.verified_by == proof
    ):
        return
    before = {"verified": account.verified_at is not None, "verified_by": account.verified_by}
    account.verified_at = datetime.now(UTC) if proof is not None else None
    account.verified_by = proof[:500] if proof is not None else None
    async with in_transaction():
        await account.save(update_fields=["verified_at", "verified_by", "updated_at"])
        await record_event(
            actor=actor,
            action=Action.ACCOUNT_VERIFY,
            target=account,
            organisation_id=account.organisation_id,
            before=before,
            after={"verified": proof is not None, "verified_by": account.verified_by},
        )


async def record_website_check(
    organisation: Organisation, check: Check, *, url: str, now: datetime
) -> None:
    """Keep how the check of the organisation's website went. Only a list that names the
    organisation replaces the proof kept, and only a file that is gone (404, 410) drops it:
    an answer that proves nothing (a failure, another organisation) changes nothing."""
    organisation.website_checked_at = now
    organisation.website_check = check.outcome
    organisation.website_check_detail = check.detail or None  # type: ignore[assignment]
    if check.outcome is WebsiteCheck.LISTED:
        organisation.website_proof = {"url": url, "accounts": list(check.accounts)}
    elif check.outcome is WebsiteCheck.GONE:
        organisation.website_proof = None
    await organisation.save(
        update_fields=[
            "website_checked_at",
            "website_check",
            "website_check_detail",
            "website_proof",
        ]
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if v is not None else None) for k, v in values.items()}


async def create_organisation(*, principal: Principal, values: Mapping[str, Any]) -> Organisation:
    """Add an organisation (site administrators)."""
    await require(principal, Permission.MANAGE_SITE, None, target=("Organisation", "new"))
    errors: dict[str, str] = {}
    name = text_input(values, "name", errors, limit=200, required=True)
    kind = values.get("kind", OrganisationKind.OTHER.value)
    if kind not in {k.value for k in OrganisationKind}:
        errors["kind"] = one_of(k.value for k in OrganisationKind)
    tooi = text_input(values, "tooi_uri", errors, limit=200) or None
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
            slug=await free_slug(name),
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
    changes: dict[str, str | None] = {}
    if "name" in values:
        changes["name"] = text_input(values, "name", errors, limit=200, required=True)
    if "website" in values:
        website = text_input(values, "website", errors, limit=300)
        if website and not is_web_address(website):
            errors["website"] = Message("must be an http(s) address")
        changes["website"] = website or None
    if errors:
        raise Invalid(errors)
    moved = "website" in changes and changes["website"] != organisation.website
    await update_recorded(
        organisation,
        changes,
        actor=principal.actor,
        action=Action.ORGANISATION_UPDATE,
        organisation_id=organisation.pk,
    )
    if moved:  # the new website's list of accounts is asked for at the next daily check
        organisation.website_checked_at = None
        await Organisation.filter(id=organisation.pk).update(website_checked_at=None)
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
        holder = await Organisation.get(id=existing.organisation_id)
        raise Duplicate(belongs(existing.url, holder.name), existing=f"/organisaties/{holder.slug}")
    async with in_transaction():
        account = await create_account(organisation, record, actor=principal.actor)
    return account


def belongs(url: str, holder: str) -> Message:
    return Message("%(account)s belongs to %(organisation)s", account=url, organisation=holder)


async def request_harvest(
    *, principal: Principal, account: CodeHostAccount, now: datetime | None = None
) -> bool:
    """Queue a harvest of the account now, for one of its organisation's people: the schedule's
    queue takes it up. False when one is already waiting (at most one per account)."""
    await require(
        principal,
        Permission.REGISTER_SOFTWARE,
        account.organisation_id,
        target=("CodeHostAccount", str(account.pk)),
    )
    moment = now or datetime.now(UTC)
    queued = await CodeHostAccount.filter(id=account.pk, harvest_requested_at__isnull=True).update(
        harvest_requested_at=moment
    )
    if queued:
        await record_event(
            actor=principal.actor,
            action=Action.ACCOUNT_HARVEST_REQUEST,
            target=("CodeHostAccount", str(account.pk)),
            organisation_id=account.organisation_id,
            after={"url": account.url},
        )
    return bool(queued)
