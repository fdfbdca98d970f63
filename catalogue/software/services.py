# SPDX-License-Identifier: EUPL-1.2
"""Writes about software entries: creating them with their repositories, and what people do
(register, edit, archive: each checks the principal's permission first, and a refused write
leaves an audit event and changes nothing else) and harvests offer (a person's edit stays)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from catalogue import publiccode
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.errors import DomainError, Duplicate, Invalid, NotPermitted
from catalogue.inputs import one_of, text_input
from catalogue.licences import LicenceError, normalise
from catalogue.messages import Message, message_of
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.kinds import ForgeKind, RecordSource
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.organisations.publishers import account_from_url
from catalogue.organisations.services import belongs, create_account
from catalogue.permissions.guard import require
from catalogue.permissions.rules import Permission, Principal
from catalogue.software.models import (
    DevelopmentStatus,
    MaintenanceType,
    ReleaseStatus,
    Repository,
    RepositoryLanguage,
    Software,
    SoftwareLicence,
)
from catalogue.urls import UrlError, canonical_url, is_web_address

MAX_NAME = 200
MAX_DESCRIPTION = 5000
MAX_REPOSITORIES = 50
# Fields of publiccode.yml that people may also set (a harvest fills them from the file, and
# the harvest's values come checked from catalogue.metadata): softwareType, categories and
# platforms, checked against the vocabularies of catalogue.publiccode.
PUBLICCODE_FIELDS = ("software_type", "categories", "platforms")
MAX_CATEGORIES = 30
MAX_PLATFORMS = 20
MAX_PLATFORM = 50
EDITABLE = (
    "name",
    "description_nl",
    "description_en",
    "homepage",
    "licence",
    "development_status",
    "maintenance_type",
    *PUBLICCODE_FIELDS,
)
# The choices of EDITABLE fields, as publiccode.yml names them; null or "" clears them.
CHOICES = {"development_status": DevelopmentStatus, "maintenance_type": MaintenanceType}


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
        changes["name"] = text_input(values, "name", errors, limit=MAX_NAME, required=True)
    for field in ("description_nl", "description_en"):
        if field in values:
            changes[field] = text_input(values, field, errors, limit=MAX_DESCRIPTION)
    if "homepage" in values:
        homepage = text_input(values, "homepage", errors, limit=300)  # the column holds 300
        if homepage and not is_web_address(homepage):
            errors["homepage"] = Message("must be an http(s) address")
        changes["homepage"] = homepage or None
    if "licence" in values:
        licence = text_input(values, "licence", errors, limit=300)
        try:
            changes["licence"] = normalise(licence) if licence else None
        except LicenceError as error:
            errors["licence"] = message_of(error)
    changes.update(publiccode_changes(values, errors))
    for field, enum in CHOICES.items():
        if field in values and values[field] in (None, ""):
            changes[field] = None
        elif field in values:
            try:
                changes[field] = enum(values[field])
            except ValueError:
                errors[field] = one_of(e.value for e in enum)
    if errors:
        raise Invalid(errors)
    return changes


def publiccode_changes(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The publiccode.yml fields present in `values`, checked as a harvest reads them: the
    softwareType of the standard, categories of its list, platforms as short names. An error
    names the values that are wrong; null or "" (or []) clears a field."""
    changes: dict[str, Any] = {}
    if "software_type" in values:
        kind = values["software_type"]
        if kind in (None, ""):
            changes["software_type"] = None
        elif isinstance(kind, str) and kind in publiccode.SOFTWARE_TYPES:
            changes["software_type"] = kind
        else:
            errors["software_type"] = Message(
                "%(value)s is not a softwareType of publiccode.yml; one of: %(choices)s",
                value=repr(kind)[:60],
                choices=", ".join(publiccode.SOFTWARE_TYPES),
            )
    for field, limit in (("categories", MAX_CATEGORIES), ("platforms", MAX_PLATFORMS)):
        if field in values:
            items = _names(values[field], field, errors, limit=limit)
            if items is not None:
                changes[field] = items
    unknown = [c for c in changes.get("categories", []) if c not in publiccode.CATEGORIES]
    if unknown:
        changes.pop("categories")
        errors["categories"] = Message(
            "%(values)s: not in the category list of publiccode.yml",
            values=", ".join(repr(c[:60]) for c in unknown[:5]),
        )
    too_long = [p for p in changes.get("platforms", []) if len(p) > MAX_PLATFORM]
    if too_long:
        changes.pop("platforms")
        errors["platforms"] = Message(
            "%(values)s: a platform has at most %(limit)s characters",
            values=repr(too_long[0][:60]),
            limit=MAX_PLATFORM,
        )
    return changes


def _names(value: Any, field: str, errors: dict[str, str], *, limit: int) -> list[str] | None:
    """A list of short names without blanks or repeats, or None (in `errors`) if it is none."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors[field] = Message("must be a list of texts")
        return None
    names = list(dict.fromkeys(item.strip() for item in value if item.strip()))
    if len(names) > limit:
        errors[field] = Message("at most %(limit)s names", limit=limit)
        return None
    if any(ord(char) < 32 for name in names for char in name):
        errors[field] = Message("contains control characters")
        return None
    return names


async def _repositories(
    urls: Any,
    organisation: Organisation,
    principal: Principal,
    *,
    own: frozenset[str] = frozenset(),
) -> list[RepositoryData]:
    """The repositories at `urls`, checked; Invalid names every address that is wrong, and a
    Duplicate is raised only when the addresses already in the catalogue are all that is
    wrong. `own`: the addresses (lower case) of the entry's own repositories, which are fine."""
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise Invalid({"repositories": Message("must be a list of repository addresses")})
    if len(urls) > MAX_REPOSITORIES:
        limit = MAX_REPOSITORIES
        raise Invalid({"repositories": Message("at most %(limit)s per entry", limit=limit)})
    found: list[RepositoryData] = []
    errors: dict[str, str] = {}
    duplicates: list[Duplicate] = []
    for index, raw in enumerate(urls):
        try:
            data = await _repository(raw, found, organisation, principal, own=own)
        except Invalid as error:
            errors[f"repositories[{index}]"] = error.errors["repository"]
        except Duplicate as error:
            errors[f"repositories[{index}]"] = message_of(error)
            duplicates.append(error)
        else:
            found.append(data)
    if errors:
        existing = duplicates[0].existing if duplicates else None
        raise RepositoryProblems(errors, existing=existing, duplicates=duplicates)
    return found


class RepositoryProblems(Invalid):
    """What is wrong with the repositories of an entry; `duplicates` are those already in the
    catalogue. When they are all that is wrong, the write is a Duplicate (409), else Invalid."""

    def __init__(
        self, errors: dict[str, str], *, existing: str | None, duplicates: list[Duplicate]
    ) -> None:
        super().__init__(errors, existing=existing)
        self.duplicates = duplicates

    def raised(self, others: Mapping[str, str]) -> DomainError:
        """The error to raise, with the `others` problems of the same write."""
        if not others and len(self.duplicates) == len(self.errors):
            return self.duplicates[0]
        return Invalid({**others, **self.errors}, existing=self.existing)


async def _repository(
    raw: str,
    found: Sequence[RepositoryData],
    organisation: Organisation,
    principal: Principal,
    *,
    own: frozenset[str],
) -> RepositoryData:
    try:
        url = canonical_url(raw)
        owner = account_from_url(url.rsplit("/", 1)[0])
    except UrlError as error:
        raise Invalid({"repository": message_of(error)}) from None
    if url.count("/") < 4:
        problem = Message("%(address)s names no repository", address=repr(raw))
        raise Invalid({"repository": problem})
    # Code hosts treat the path without regard to case: MinBZK/x is minbzk/x.
    if url.lower() in {data.url.lower() for data in found}:
        raise Invalid({"repository": Message("%(address)s is listed twice", address=url)})
    existing = None if url.lower() in own else await Repository.filter(url__iexact=url).first()
    if existing is not None:
        where = f"/software/{existing.software_id}" if existing.software_id else "/"
        raise Duplicate(
            Message("%(address)s is already in the catalogue", address=url), existing=where
        )
    account = await organisation_queries.account_for(url)
    if (
        account is not None
        and account.organisation_id != organisation.pk
        and not principal.is_site_admin
    ):
        raise NotPermitted(belongs(account.url, account.organisation.name), signed_in=True)
    return RepositoryData(url=url, forge=owner.forge, full_name=url.split("/", 3)[3])


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
    changes, repositories = await _checked_registration(values, organisation, principal)
    licence = changes.pop("licence", None)
    async with in_transaction():
        await _plain_git_accounts(organisation, repositories, actor=principal.actor)
        software = await create_software(
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
        for field, value in changes.items():
            setattr(software, field, value)
        software.edited_fields = sorted(k for k in values if k in EDITABLE)
        await software.save()
    return software


async def check_registration(
    *, principal: Principal, organisation: Organisation, values: Mapping[str, Any]
) -> None:
    """What register_software would refuse, without writing: Invalid naming every problem, or
    Duplicate, or NotPermitted."""
    await require(
        principal,
        Permission.REGISTER_SOFTWARE,
        organisation.pk,
        target=("Organisation", str(organisation.pk)),
    )
    await _checked_registration(values, organisation, principal)


async def _checked_registration(
    values: Mapping[str, Any], organisation: Organisation, principal: Principal
) -> tuple[dict[str, Any], list[RepositoryData]]:
    """The fields and the repositories of a registration, every problem of both at once."""
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    repositories: list[RepositoryData] = []
    try:
        changes = checked_changes(values, creating=True)
    except Invalid as error:
        errors.update(error.errors)
    try:
        repositories = await _repositories(values.get("repositories", []), organisation, principal)
    except RepositoryProblems as problems:
        raise problems.raised(errors) from None
    if errors:
        raise Invalid(errors)
    return changes, repositories


async def _plain_git_accounts(
    organisation: Organisation, repositories: Sequence[RepositoryData], *, actor: str
) -> None:
    """A repository on a host that is no known forge is its own account, of kind git, so that
    the harvest reads it (opentenzij harvest git URL, harvest all)."""
    for data in repositories:
        if data.forge is not ForgeKind.GIT:
            continue
        record = account_from_url(data.url, is_group=False)
        known = await CodeHostAccount.get_or_none(
            base_url=record.base_url, name_key=record.name.lower()
        )
        if known is None:
            await create_account(organisation, record, actor=actor)


async def update_software(
    *, principal: Principal, software: Software, values: Mapping[str, Any]
) -> Software:
    """Change the fields of an entry that `values` names (a key left out stays as it is, null
    clears it where it may be empty); a person's edit is kept from later harvests.
    `repositories`, when given, is the entry's whole list of repository addresses: new ones
    are added, those left out leave the entry (the repositories stay in the catalogue)."""
    await require(
        principal,
        Permission.EDIT_SOFTWARE,
        software.organisation_id,
        target=("Software", str(software.pk)),
    )
    fields = {k: v for k, v in values.items() if k != "repositories"}
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    try:
        changes = checked_changes(fields, creating=False)
    except Invalid as error:
        errors = error.errors
    current = await Repository.filter(software=software).order_by("id")
    added: list[RepositoryData] = []
    if "repositories" in values:
        own = frozenset(r.url.lower() for r in current)
        organisation = await Organisation.get(pk=software.organisation_id)
        try:
            added = await _repositories(values["repositories"], organisation, principal, own=own)
        except RepositoryProblems as problems:
            raise problems.raised(errors) from None
    if errors:
        raise Invalid(errors)
    before = {field: _plain(getattr(software, field)) for field in changes}
    after: dict[str, Any] = {}
    async with in_transaction():
        if "repositories" in values:
            before["repositories"] = [r.url for r in current]
            after["repositories"] = await _set_repositories(software, current, added, principal)
        if "licence" in changes:
            await _set_licence(software, values.get("licence"), changes.pop("licence"))
        for field, value in changes.items():
            setattr(software, field, value)
        software.edited_fields = sorted(set(software.edited_fields) | set(changes))
        software.harvested_fields = sorted(set(software.harvested_fields) - set(changes))
        await software.save()
        await record_event(
            actor=principal.actor,
            action=Action.SOFTWARE_UPDATE,
            target=software,
            organisation_id=software.organisation_id,
            before=before,
            after={field: _plain(getattr(software, field)) for field in changes} | after,
        )
    return software


async def _set_repositories(
    software: Software,
    current: Sequence[Repository],
    wanted: Sequence[RepositoryData],
    principal: Principal,
) -> list[str]:
    """Give the entry exactly the `wanted` repositories; returns their addresses."""
    keep = {data.url.lower() for data in wanted}
    gone = [r.pk for r in current if r.url.lower() not in keep]
    if gone:
        await Repository.filter(pk__in=gone).update(software_id=None)
    known = {r.url.lower() for r in current}
    new = [data for data in wanted if data.url.lower() not in known]
    organisation = await Organisation.get(pk=software.organisation_id)
    await _plain_git_accounts(organisation, new, actor=principal.actor)
    for data in new:
        await _create_repository(software, data, source=RecordSource.REGISTRATION)
    return [data.url for data in wanted]


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
        software.organisation_id,
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
            )
    return software


async def apply_harvest(*, software: Software, values: Mapping[str, Any], actor: str) -> list[str]:
    """Write harvested values, except to fields a person has edited; returns the fields that
    changed. Values of PUBLICCODE_FIELDS come checked from catalogue.metadata."""
    people = {k: v for k, v in values.items() if k in EDITABLE and k not in PUBLICCODE_FIELDS}
    changes = checked_changes(people, creating=False)
    changes.update({k: v for k, v in values.items() if k in PUBLICCODE_FIELDS})
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
            organisation_id=software.organisation_id,
            after={field: _plain(value) for field, value in kept.items()},
        )
    return sorted(kept)


def _same(software: Software, field: str, value: Any) -> bool:
    current = getattr(software, field)
    if field == "licence":
        return bool(current == (value.expression if value else None))
    if field in ("categories", "platforms"):
        return list(current or []) == list(value)
    return bool(_plain(current) == _plain(value))


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
        account=await organisation_queries.account_for(url),
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
