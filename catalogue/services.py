# SPDX-License-Identifier: EUPL-1.2
"""Writes to the catalogue. Every write goes through here and leaves an audit event."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.events import Action, record_event
from catalogue.licences import normalise
from catalogue.models import (
    CodeHostAccount,
    ForgeKind,
    Organisation,
    RecordSource,
    ReleaseStatus,
    Repository,
    RepositoryLanguage,
    Software,
    SoftwareLicence,
)
from catalogue.organisations import AccountRecord, PublisherRecord
from catalogue.urls import canonical_url, host_and_owners

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
    await organisation.save(update_fields=[*before, "updated_at"])
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
    if account.organisation_id != organisation.pk:  # type: ignore[attr-defined]
        before = {"organisation_id": account.organisation_id}  # type: ignore[attr-defined]
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


@dataclass(frozen=True, slots=True)
class RepositoryData:
    """What is known of a repository on a code host, ready to be written."""

    url: str
    forge: ForgeKind
    full_name: str
    description: str = ""
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    licence_forge: str | None = None
    homepage: str | None = None
    has_publiccode: bool = False


async def create_software(
    *,
    organisation: Organisation,
    name: str,
    actor: str,
    description_nl: str = "",
    description_en: str = "",
    licence: str | None = None,
    release_status: ReleaseStatus = ReleaseStatus.UNDECIDED,
    repositories: Sequence[RepositoryData] = (),
    source: RecordSource = RecordSource.REGISTRATION,
) -> Software:
    """Create a catalogue entry with its repositories (none for code that is not public).

    The licence is stored verbatim and as a normalised SPDX expression; a licence that is not
    a valid expression raises catalogue.licences.LicenceError before anything is written.
    """
    normalised = normalise(licence) if licence else None
    async with in_transaction():
        software = await Software.create(
            organisation=organisation,
            name=name,
            description_nl=description_nl,
            description_en=description_en,
            release_status=release_status,
            source=source,
            licence=normalised.expression if normalised else None,
            licence_declared=licence,
        )
        if normalised:
            await SoftwareLicence.bulk_create(
                [SoftwareLicence(software=software, identifier=i) for i in normalised.identifiers]
            )
        for data in repositories:
            await _create_repository(software, data, source=source)
        await record_event(
            actor=actor,
            action=Action.SOFTWARE_CREATE,
            target=software,
            organisation_id=organisation.pk,
            after={
                "name": name,
                "organisation": organisation.slug,
                "licence": software.licence,
                "repositories": [r.url for r in repositories],
            },
        )
    return software


async def _create_repository(
    software: Software, data: RepositoryData, *, source: RecordSource
) -> Repository:
    url = canonical_url(data.url)
    repository = await Repository.create(
        software=software,
        account=await account_for(url),
        forge=data.forge,
        url=url,
        full_name=data.full_name,
        description=data.description,
        topics=list(data.topics),
        homepage=data.homepage,
        licence_forge=data.licence_forge,
        has_publiccode=data.has_publiccode,
        source=source,
    )
    await RepositoryLanguage.bulk_create(
        [
            RepositoryLanguage(
                repository=repository, name=name, key=name.lower(), position=position
            )
            for position, name in enumerate(dict.fromkeys(data.languages))
        ]
    )
    return repository


async def account_for(url: str) -> CodeHostAccount | None:
    """The registered code-host account that holds the repository at `url`, if any."""
    host, owners = host_and_owners(url)
    candidates = await CodeHostAccount.filter(
        base_url=host, name_key__in=[o.lower() for o in owners]
    )
    return max(candidates, key=lambda account: len(account.name_key), default=None)


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if v is not None else None) for k, v in values.items()}
