# SPDX-License-Identifier: EUPL-1.2
"""Writing remote entries into the catalogue, through its domain services, each entry in its
own transaction with its audit events.

The rules (docs/federation.md says why):
- an entry is matched by (catalogue URL, remote id); a new one is created with source
  federation and its provenance, a known one is brought up to date, field by field, so that a
  second run over the same answer writes nothing;
- its owner is settled at its first import (owners.py): a local body only when the run trusts
  the other catalogue's organisations, else an organisation standing for the claim;
- local entries (source other than federation) are never written: a remote entry whose code is
  already catalogued here, or that has the name of an entry of the same organisation here,
  is skipped, and so is an entry the other catalogue itself federated from elsewhere;
- fields a person here edited on a federated entry stay (software_services.apply_harvest);
- the release status is the other catalogue's, unless a decision here is in force for it;
- an entry gone from the other catalogue is archived; it is restored if it comes back, unless
  a person archived it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.audit.models import AuditEvent
from catalogue.federation.models import FederatedEntry
from catalogue.federation.owners import owner_of
from catalogue.federation.reading import RemoteEntry, RemoteRepository
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations.kinds import ForgeKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.organisations.publishers import account_from_url
from catalogue.software import metadata
from catalogue.software import services as software_services
from catalogue.software.models import Repository, RepositoryLanguage, Software
from wooexemptions.queries import in_force

REPOSITORY_FIELDS = ("full_name", "description", "topics", "archived", "last_activity_at")


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ARCHIVED = "archived"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Source:
    """The catalogue of one run, as provenance: its address as given, its name, the time."""

    catalogue_url: str
    catalogue_name: str
    actor: str  # federation:<host>
    moment: datetime
    trusted: bool = False  # its organisations' identifiers are vouched for (owners.py)


@dataclass(frozen=True, slots=True)
class Written:
    outcome: Outcome
    reason: str = ""


class Writer:
    """Writes the entries of one run from one catalogue."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.known: dict[str, FederatedEntry] = {}

    async def load(self) -> None:
        """Read what earlier runs imported from this catalogue (one query)."""
        rows = await FederatedEntry.filter(catalogue_url=self.source.catalogue_url).select_related(
            "software"
        )
        self.known = {row.remote_id: row for row in rows}

    async def write(self, entry: RemoteEntry) -> Written:
        """Create, update or skip one entry, in one transaction."""
        if entry.federated_from:
            return Written(
                Outcome.SKIPPED,
                f"federated there from {entry.federated_from}; federate from its source instead",
            )
        existing = self.known.get(entry.remote_id)
        if not entry.active:
            if existing is not None and await self._archive(existing, "inactive there"):
                return Written(Outcome.ARCHIVED)
            return Written(Outcome.SKIPPED, "marked inactive there")
        try:
            async with in_transaction():
                if existing is None:
                    return await self._create(entry)
                return await self._update(existing, entry)
        except BaseException:
            if existing is None:  # rolled back: it was not imported after all
                self.known.pop(entry.remote_id, None)
            raise

    async def archive_missing(self, present: set[str]) -> list[str]:
        """Archive the entries imported from this catalogue that it no longer lists."""
        archived = []
        for remote_id, row in sorted(self.known.items()):
            if remote_id not in present and await self._archive(row, "no longer listed there"):
                archived.append(remote_id)
        return archived

    async def _create(self, entry: RemoteEntry) -> Written:
        if clash := await self._catalogued_here(entry.repositories, entry.aliases):
            return Written(Outcome.SKIPPED, clash)
        organisation = await owner_of(
            entry.organisation,
            catalogue_url=self.source.catalogue_url,
            catalogue_name=self.source.catalogue_name,
            actor=self.source.actor,
            trusted=self.source.trusted,
        )
        if clash := await self._named_here(organisation, entry.name):
            return Written(Outcome.SKIPPED, clash)
        software = await software_services.create_software(
            organisation=organisation,
            name=entry.name,
            actor=self.source.actor,
            description_nl=entry.values.get("description_nl", ""),
            description_en=entry.values.get("description_en", ""),
            licence=entry.values.get("licence"),  # an SPDX expression, checked when read
            release_status=entry.release_status,
            source=RecordSource.FEDERATION,
            repositories=[_repository_data(repository) for repository in entry.repositories],
        )
        await software_services.apply_harvest(  # the other fields, marked as not a person's
            software=software, values=entry.values, actor=self.source.actor
        )
        for repository in entry.repositories:
            if repository.archived or repository.last_activity_at:
                await Repository.filter(url=repository.url).update(
                    archived=repository.archived, last_activity_at=repository.last_activity_at
                )
        software.publiccode_yml = entry.publiccode_yml
        software.publiccode_check = metadata.check_publiccode(entry.publiccode_yml)[0]
        given = {"name", "description_nl", "description_en", "licence"} & set(entry.values)
        software.harvested_fields = sorted(set(software.harvested_fields) | given)
        await software.save(
            update_fields=["publiccode_yml", "publiccode_check", "harvested_fields"]
        )
        row = await FederatedEntry.create(software=software, **self._provenance(entry))
        self.known[entry.remote_id] = row
        owner = {"organisation": organisation.pk, "trusted": self.source.trusted}
        await self._event(
            software, None, {"remote_id": entry.remote_id, "owner": owner, **_plain(entry)}
        )
        return Written(Outcome.CREATED)

    async def _update(self, row: FederatedEntry, entry: RemoteEntry) -> Written:
        software: Software = row.software
        if software.source != RecordSource.FEDERATION:  # never so; but never write a local one
            return Written(Outcome.SKIPPED, f"software {software.pk} here is a local entry")
        before: dict[str, Any] = {}
        if software.archived_at is not None:
            if not await _archived_by_federation(software):
                return Written(Outcome.SKIPPED, f"archived here (software {software.pk})")
            before["archived_at"] = software.archived_at.isoformat()
            software.archived_at = None
        changed = await software_services.apply_harvest(
            software=software, values=entry.values, actor=self.source.actor
        )
        if entry.release_status != software.release_status and not await in_force(software.pk):
            before["release_status"] = software.release_status.value
            software.release_status = entry.release_status
        if entry.publiccode_yml != software.publiccode_yml:
            before["publiccode_yml"] = "(changed)" if software.publiccode_yml else None
            software.publiccode_yml = entry.publiccode_yml
            software.publiccode_check = metadata.check_publiccode(entry.publiccode_yml)[0]
        repositories = await self._sync_repositories(software, entry.repositories)
        if before:
            await software.save()
        row.update_from_dict(self._provenance(entry))
        await row.save()
        if not (before or changed or repositories):
            return Written(Outcome.UNCHANGED)
        after: dict[str, Any] = {key: _plain(entry).get(key) for key in before}
        if repositories:
            after["repositories"] = repositories
        await self._event(software, before, after)
        return Written(Outcome.UPDATED)

    def _provenance(self, entry: RemoteEntry) -> dict[str, Any]:
        return {
            "catalogue_url": self.source.catalogue_url,
            "catalogue_name": self.source.catalogue_name[:200],
            "remote_id": entry.remote_id,
            "remote_url": entry.remote_url,
            "remote_updated_at": entry.updated_at,
            "imported_at": self.source.moment,
        }

    async def _catalogued_here(
        self, repositories: tuple[RemoteRepository, ...], aliases: tuple[str, ...]
    ) -> str | None:
        """Why the code is here already, if it is: a repository address known here."""
        for url in [repository.url for repository in repositories] + list(aliases):
            found = await Repository.filter(url__iexact=url).first()
            if found is None:
                continue
            software_id = found.software_id
            if software_id is None:
                return f"already catalogued here: repository {found.url}"
            other = await FederatedEntry.get_or_none(software_id=software_id)
            if other is not None:
                return f"already imported here from {other.catalogue_url}: {found.url}"
            return f"already catalogued here: {found.url} (software {software_id})"
        return None

    async def _named_here(self, organisation: Organisation, name: str) -> str | None:
        """Why an entry of that name of that organisation is here already, if it is (for code
        without a public repository, its name is all there is to compare)."""
        same = await Software.filter(organisation=organisation, sort_name=name.casefold())
        for software in same:
            other = await FederatedEntry.get_or_none(software_id=software.pk)
            if other is None:
                return f"already catalogued here: {name!r} of {organisation.name} ({software.pk})"
            if other.catalogue_url != self.source.catalogue_url:
                return f"already imported here from {other.catalogue_url}: {name!r}"
        return None

    async def _sync_repositories(
        self, software: Software, repositories: tuple[RemoteRepository, ...]
    ) -> list[str]:
        """Bring the entry's repositories in line with the remote ones; what changed."""
        changes = [
            note
            for repository in repositories
            if (note := await self._sync_repository(software, repository))
        ]
        wanted = {repository.url.lower() for repository in repositories}
        for gone in await Repository.filter(
            software_id=software.pk, source=RecordSource.FEDERATION, active=True
        ):
            if gone.url.lower() not in wanted:
                gone.active, gone.missing_since = False, self.source.moment
                await gone.save(update_fields=["active", "missing_since", "updated_at"])
                changes.append(f"{gone.url}: no longer listed")
        return changes

    async def _sync_repository(self, software: Software, remote: RemoteRepository) -> str:
        """Create or update one repository of a federated entry; a note of what changed."""
        found = await Repository.filter(url__iexact=remote.url).first()
        if found is None:
            found = await _create_repository(software, remote)
            await record_event(
                actor=self.source.actor,
                action=Action.REPOSITORY_CREATE,
                target=found,
                organisation_id=software.organisation_id,
                after={"url": found.url, "software": software.pk},
            )
            return f"{remote.url}: added"
        if found.software_id != software.pk or found.source != RecordSource.FEDERATION:
            return ""  # catalogued here on its own account: left as it is
        wanted = {field: getattr(remote, field) for field in REPOSITORY_FIELDS}
        wanted["topics"] = list(remote.topics)
        changed = {k: v for k, v in wanted.items() if getattr(found, k) != v}
        if not found.active:
            changed.update(active=True, missing_since=None)
        if changed:
            found.update_from_dict(changed)
            await found.save()
        languages = cast(
            "list[str]",
            await found.languages.all().order_by("position").values_list("name", flat=True),
        )
        if list(languages) != list(remote.languages):
            await _set_languages(found, remote.languages)
            changed["languages"] = list(remote.languages)
        return f"{remote.url}: {', '.join(sorted(changed))}" if changed else ""

    async def _archive(self, row: FederatedEntry, why: str) -> bool:
        software: Software = row.software
        if software.archived_at is not None or software.source != RecordSource.FEDERATION:
            return False
        async with in_transaction():
            software.archived_at = self.source.moment
            await software.save(update_fields=["archived_at", "updated_at"])
            await record_event(
                actor=self.source.actor,
                action=Action.SOFTWARE_ARCHIVE,
                target=software,
                organisation_id=software.organisation_id,
                after={"reason": f"{why}: {self.source.catalogue_url}"},
            )
        return True

    async def _event(
        self, software: Software, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> None:
        await record_event(
            actor=self.source.actor,
            action=Action.SOFTWARE_FEDERATE,
            target=software,
            organisation_id=software.organisation_id,
            before=before,
            after={"catalogue_url": self.source.catalogue_url, **after},
        )


async def _archived_by_federation(software: Software) -> bool:
    """Whether the entry's latest archiving was done by a federation run, not by a person."""
    last = (
        await AuditEvent.filter(
            target_type="Software", target_id=str(software.pk), action=Action.SOFTWARE_ARCHIVE
        )
        .order_by("-id")
        .first()
    )
    return last is not None and last.actor.startswith("federation:")


def _repository_data(remote: RemoteRepository) -> software_services.RepositoryData:
    forge = ForgeKind(remote.forge) if remote.forge else account_from_url(remote.url).forge
    return software_services.RepositoryData(
        url=remote.url,
        forge=forge,
        full_name=remote.full_name,
        description=remote.description,
        languages=remote.languages,
        topics=remote.topics,
    )


async def _create_repository(software: Software, remote: RemoteRepository) -> Repository:
    data = _repository_data(remote)
    repository = await Repository.create(
        software=software,
        account=await organisation_queries.account_for(data.url),
        forge=data.forge,
        url=data.url,
        full_name=data.full_name,
        description=data.description,
        topics=list(data.topics),
        archived=remote.archived,
        last_activity_at=remote.last_activity_at,
        source=RecordSource.FEDERATION,
    )
    await _set_languages(repository, remote.languages)
    return repository


async def _set_languages(repository: Repository, languages: tuple[str, ...]) -> None:
    await RepositoryLanguage.filter(repository=repository).delete()
    await RepositoryLanguage.bulk_create(
        [
            RepositoryLanguage(repository=repository, name=name, key=name.lower(), position=n)
            for n, name in enumerate(dict.fromkeys(languages))
        ]
    )


def _plain(entry: RemoteEntry) -> dict[str, Any]:
    """What the audit trail keeps of a remote entry's own fields."""
    return {
        "remote_url": entry.remote_url,
        "remote_updated_at": entry.updated_at.isoformat() if entry.updated_at else None,
        "release_status": entry.release_status.value,
        "publiccode_yml": "(changed)" if entry.publiccode_yml else None,
        "archived_at": None,
    }
