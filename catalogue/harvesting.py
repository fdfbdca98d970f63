# SPDX-License-Identifier: EUPL-1.2
"""Writes of the harvesters: runs and their logs, validators, and repositories as the code
hosts describe them. A harvest never overwrites what a person entered (see
registration.apply_harvest) and never deletes: a repository gone from its host is kept,
marked inactive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from tortoise.transactions import in_transaction

from catalogue import registration, services
from catalogue.demo import is_dutch
from catalogue.events import Action, record_event
from catalogue.harvests import HarvestLog, HarvestRun, Outcome, RequestValidator, RunStatus
from catalogue.licences import normalised_or_none
from catalogue.models import (
    CodeHostAccount,
    ForgeKind,
    RecordSource,
    ReleaseStatus,
    Repository,
    RepositoryLanguage,
)
from catalogue.urls import UrlError, canonical_url

ACTOR = "system:harvest"
REPOSITORY_FIELDS = (
    "url",
    "full_name",
    "description",
    "homepage",
    "topics",
    "stars",
    "forks",
    "open_issues",
    "archived",
    "fork_of",
    "default_branch",
    "created_on_host_at",
    "last_activity_at",
    "licence_forge",
    "publiccode_yml",
)


class Harvested(Protocol):
    """What the catalogue needs of a harvested repository (harvesters.types.HarvestedRepository)."""

    forge_key: str
    url: str
    full_name: str
    name: str
    description: str
    homepage: str | None
    topics: tuple[str, ...]
    languages: tuple[str, ...]
    licence_forge: str | None
    publiccode_yml: str | None


@dataclass(slots=True)
class StoredValidator:
    etag: str | None
    last_modified: str | None
    payload: Any


async def start_run(*, source: str, dry_run: bool) -> HarvestRun:
    return await HarvestRun.create(source=source[:300], dry_run=dry_run)


async def finish_run(run: HarvestRun, *, message: str = "") -> HarvestRun:
    run.status = RunStatus.FAILED if message else RunStatus.FINISHED
    run.message = message
    run.finished_at = datetime.now(UTC)
    await run.save()
    return run


async def validators(prefix: str) -> dict[str, StoredValidator]:
    """The stored validators of every request URL that starts with `prefix`."""
    rows = await RequestValidator.filter(url__istartswith=prefix)
    return {row.url: StoredValidator(row.etag, row.last_modified, row.payload) for row in rows}


async def store_validators(found: dict[str, Any]) -> None:
    """Keep the validators of this run's answers (objects with etag/last_modified/payload)."""
    for url, validator in found.items():
        await RequestValidator.update_or_create(
            url=url[:600],
            defaults={
                "etag": validator.etag,
                "last_modified": validator.last_modified,
                "payload": validator.payload,
            },
        )


async def log(
    run: HarvestRun,
    *,
    outcome: Outcome,
    url: str,
    account: CodeHostAccount | None,
    repository: Repository | None = None,
    message: str = "",
) -> None:
    await HarvestLog.create(
        run=run,
        outcome=outcome,
        url=url[:400],
        account=account,
        repository=repository,
        message=message[:5000],
    )
    setattr(run, outcome.value, getattr(run, outcome.value) + 1)


async def repository_at(url: str) -> Repository | None:
    """The catalogue's repository at a web address, if it has one (for logging a failure)."""
    try:
        return await Repository.filter(url__iexact=canonical_url(url)).first()
    except UrlError:
        return None


async def upsert(
    *, run: HarvestRun, account: CodeHostAccount, forge: ForgeKind, data: Harvested
) -> Outcome:
    """Write one harvested repository: new, changed, or (when nothing differs) untouched."""
    repository = await Repository.get_or_none(forge_key=data.forge_key)
    if repository is None:  # registered by a person, not harvested yet
        repository = await Repository.filter(url__iexact=canonical_url(data.url)).first()
    if repository is None:
        repository = await _create(account, forge, data)
        await log(run, outcome=Outcome.NEW, url=data.url, account=account, repository=repository)
        return Outcome.NEW
    changes = _changes(repository, data)
    languages = list(
        await repository.languages.all().order_by("position").values_list("name", flat=True)
    )
    if not changes and languages == list(data.languages) and repository.active:
        run.unchanged += 1
        return Outcome.UNCHANGED
    async with in_transaction():
        before = {field: _plain(getattr(repository, field)) for field in changes}
        repository.update_from_dict(
            {
                **changes,
                "forge_key": data.forge_key,
                "active": True,
                "missing_since": None,
                "last_seen_at": datetime.now(UTC),
                "has_publiccode": data.publiccode_yml is not None,
            }
        )
        await repository.save()
        await _set_languages(repository, data.languages)
        await record_event(
            actor=ACTOR,
            action=Action.REPOSITORY_HARVEST,
            target=repository,
            organisation_id=account.organisation_id,  # type: ignore[attr-defined]
            before=before,
            after={f: _plain(v) for f, v in changes.items()},
        )
        await _feed_software(repository, data)
    await log(run, outcome=Outcome.CHANGED, url=data.url, account=account, repository=repository)
    return Outcome.CHANGED


async def mark_missing(
    *, run: HarvestRun, account: CodeHostAccount, present: Sequence[str]
) -> None:
    """Mark the account's harvested repositories not `present` on the host as inactive."""
    gone = await Repository.filter(
        account_id=account.pk, active=True, forge_key__isnull=False
    ).exclude(forge_key__in=list(present))
    moment = datetime.now(UTC)
    for repository in gone:
        async with in_transaction():
            repository.active, repository.missing_since = False, moment
            await repository.save(update_fields=["active", "missing_since", "updated_at"])
            await record_event(
                actor=ACTOR,
                action=Action.REPOSITORY_HARVEST,
                target=repository,
                organisation_id=account.organisation_id,  # type: ignore[attr-defined]
                before={"active": True},
                after={"active": False},
            )
        await log(
            run,
            outcome=Outcome.INACTIVE,
            url=repository.url,
            account=account,
            repository=repository,
        )


async def _create(account: CodeHostAccount, forge: ForgeKind, data: Harvested) -> Repository:
    organisation = await account.organisation
    description = data.description
    async with in_transaction():
        software = await services.create_software(
            organisation=organisation,
            name=data.name[:200],
            actor=ACTOR,
            description_nl=description if is_dutch(description) else "",
            description_en="" if is_dutch(description) else description,
            licence=normalised_or_none(data.licence_forge),
            release_status=ReleaseStatus.OPEN,
            source=RecordSource.HARVEST,
            repositories=[
                services.RepositoryData(
                    url=data.url,
                    forge=forge,
                    full_name=data.full_name,
                    description=description,
                    languages=data.languages,
                    topics=data.topics,
                    licence_forge=data.licence_forge,
                    homepage=data.homepage,
                    has_publiccode=data.publiccode_yml is not None,
                )
            ],
        )
        software.harvested_fields = [
            "description_en" if software.description_en else "description_nl",
            "licence",
            "name",
        ]
        await software.save()
        repository = await Repository.get(software=software)
        values = {f: getattr(data, f) for f in REPOSITORY_FIELDS if f != "url"}
        repository.update_from_dict(
            {
                **values,
                "topics": list(data.topics),
                "forge_key": data.forge_key,
                "account": account,
                "last_seen_at": datetime.now(UTC),
                "source": RecordSource.HARVEST,
            }
        )
        await repository.save()
    return repository


def _changes(repository: Repository, data: Harvested) -> dict[str, Any]:
    wanted = {field: getattr(data, field) for field in REPOSITORY_FIELDS}
    wanted["url"] = canonical_url(data.url)
    wanted["topics"] = list(data.topics)
    return {
        field: value
        for field, value in wanted.items()
        if _plain(getattr(repository, field)) != _plain(value)
    }


async def _set_languages(repository: Repository, languages: Sequence[str]) -> None:
    await RepositoryLanguage.filter(repository=repository).delete()
    await RepositoryLanguage.bulk_create(
        [
            RepositoryLanguage(
                repository=repository, name=name, key=name.lower(), position=position
            )
            for position, name in enumerate(dict.fromkeys(languages))
        ]
    )


async def _feed_software(repository: Repository, data: Harvested) -> None:
    """Offer the host's values to the software entry; a person's edits stay."""
    software = await repository.software
    if software is None:
        return
    field = "description_nl" if is_dutch(data.description) else "description_en"
    values: dict[str, Any] = {field: data.description[:5000]}
    if (licence := normalised_or_none(data.licence_forge)) is not None:
        values["licence"] = licence
    await registration.apply_harvest(software=software, values=values, actor=ACTOR)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, tuple):
        return list(value)
    return getattr(value, "value", value)
