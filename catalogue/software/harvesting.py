# SPDX-License-Identifier: EUPL-1.2
"""What a harvest writes into the catalogue: repositories as the code hosts describe them, and
what their files (publiccode.yml, licence files, SBOMs) say of their software entries. A
harvest never overwrites what a person entered (see services.apply_harvest) and never
deletes: a repository gone from its host is kept, marked inactive. The record of the runs is
catalogue.harvests."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from tortoise.transactions import in_transaction

from catalogue import publiccode, sbom
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.components import services as components
from catalogue.components.models import DependencySource
from catalogue.harvests.models import HarvestRun, Outcome
from catalogue.harvests.services import log
from catalogue.licences import normalised_or_none
from catalogue.organisations.kinds import ForgeKind, RecordSource
from catalogue.organisations.models import CodeHostAccount
from catalogue.software import metadata, proofs
from catalogue.software import services as software_services
from catalogue.software.metadata import is_dutch
from catalogue.software.models import Repository, RepositoryLanguage, Software
from catalogue.urls import canonical_url

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
    "mirror",
    "fork_of",
    "default_branch",
    "created_on_host_at",
    "last_activity_at",
    "licence_forge",
    "licence_file",
    "publiccode_yml",
    "root_files",
    "security_policy",
    "reuse_toml",
    "licence_texts",
)


class Harvested(Protocol):
    """What the catalogue reads of a harvested repository (harvesters.types.HarvestedRepository)."""

    @property
    def forge_key(self) -> str: ...

    @property
    def url(self) -> str: ...

    @property
    def full_name(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def homepage(self) -> str | None: ...

    @property
    def topics(self) -> tuple[str, ...]: ...

    @property
    def languages(self) -> tuple[str, ...]: ...

    @property
    def licence_forge(self) -> str | None: ...

    @property
    def licence_file(self) -> str | None: ...

    @property
    def publiccode_yml(self) -> str | None: ...

    @property
    def sbom(self) -> bytes | None: ...

    @property
    def root_files(self) -> tuple[str, ...] | None: ...

    @property
    def security_policy(self) -> str | None: ...

    @property
    def reuse_toml(self) -> str | None: ...

    @property
    def licence_texts(self) -> tuple[str, ...] | None: ...


async def upsert(
    *, run: HarvestRun, account: CodeHostAccount, forge: ForgeKind, data: Harvested
) -> Outcome:
    """Write one harvested repository: new, changed, or (when nothing differs) untouched."""
    repository = await Repository.get_or_none(forge_key=data.forge_key)
    if repository is None:  # registered by a person, not harvested yet
        repository = await Repository.filter(url__iexact=canonical_url(data.url)).first()
    if repository is None:
        repository, notes = await _create(account, forge, data)
        await log(
            run,
            outcome=Outcome.NEW,
            url=data.url,
            account=account,
            repository=repository,
            message=notes,
        )
        return Outcome.NEW
    changes = _changes(repository, data)
    if repository.account_id != account.pk:  # registered by hand, or transferred
        changes["account_id"] = account.pk
    languages = cast(
        "list[str]",
        await repository.languages.all().order_by("position").values_list("name", flat=True),
    )
    if not changes and languages == list(data.languages) and repository.active:
        if data.sbom is None:
            run.unchanged += 1
            return Outcome.UNCHANGED
        return await _new_sbom_only(run, account, repository, data)
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
        if "publiccode_yml" in changes:
            repository.publiccode_check = metadata.check_publiccode(data.publiccode_yml)[0]
        await repository.save()
        await _set_languages(repository, data.languages)
        await record_event(
            actor=ACTOR,
            action=Action.REPOSITORY_HARVEST,
            target=repository,
            organisation_id=account.organisation_id,
            before=before,
            after={f: _plain(v) for f, v in changes.items()},
        )
        notes = await _feed_software(repository, data)
    await log(
        run,
        outcome=Outcome.CHANGED,
        url=data.url,
        account=account,
        repository=repository,
        message=notes,
    )
    return Outcome.CHANGED


async def _new_sbom_only(
    run: HarvestRun, account: CodeHostAccount, repository: Repository, data: Harvested
) -> Outcome:
    """A repository whose only news is its dependency graph."""
    software = await _software_of(repository)
    notes = await _store_sbom(software, repository, data) if software else ""
    await log(
        run,
        outcome=Outcome.CHANGED,
        url=data.url,
        account=account,
        repository=repository,
        message=notes or "dependency graph stored",
    )
    return Outcome.CHANGED


async def check_ownership(account: CodeHostAccount) -> None:
    """After a complete listing: verified when a publiccode.yml in the account (or the
    organisation's website) names its organisation, else only claimed (issue 19, point 8)."""
    await proofs.settle(account, actor=ACTOR)


async def restore(*, run: HarvestRun, account: CodeHostAccount, present: Sequence[str]) -> None:
    """Mark the account's repositories that are back on the host (listed again, unchanged
    since the catalogue last read them) as active again, with their history."""
    if not present:
        return
    back = await Repository.filter(account_id=account.pk, active=False, forge_key__in=list(present))
    for repository in back:
        async with in_transaction():
            before = {"active": False, "missing_since": _plain(repository.missing_since)}
            repository.active, repository.missing_since = True, None
            repository.last_seen_at = datetime.now(UTC)
            await repository.save(
                update_fields=["active", "missing_since", "last_seen_at", "updated_at"]
            )
            await record_event(
                actor=ACTOR,
                action=Action.REPOSITORY_HARVEST,
                target=repository,
                organisation_id=account.organisation_id,
                before=before,
                after={"active": True, "missing_since": None},
            )
        run.unchanged -= 1  # counted as unchanged by its listing; it changed: it is back
        await log(
            run,
            outcome=Outcome.CHANGED,
            url=repository.url,
            account=account,
            repository=repository,
            message="back on the host",
        )


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
                organisation_id=account.organisation_id,
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


async def _create(
    account: CodeHostAccount, forge: ForgeKind, data: Harvested
) -> tuple[Repository, str]:
    organisation = await account.organisation
    description = data.description
    async with in_transaction():
        software = await software_services.create_software(
            organisation=organisation,
            name=data.name[:200],
            actor=ACTOR,
            description_nl=description if is_dutch(description) else "",
            description_en="" if is_dutch(description) else description,
            licence=normalised_or_none(data.licence_forge) or normalised_or_none(data.licence_file),
            source=RecordSource.HARVEST,
            repositories=[
                software_services.RepositoryData(
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
                "publiccode_check": metadata.check_publiccode(data.publiccode_yml)[0],
            }
        )
        await repository.save()
        notes = await _feed_software(repository, data)
    return repository, notes


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


async def _feed_software(repository: Repository, data: Harvested) -> str:
    """Offer what the host and the repository's files say to the software entry: a person's
    edits stay. Returns notes for the harvest log (e.g. an SBOM that could not be read)."""
    software = await _software_of(repository)
    if software is None:
        return ""
    field = "description_nl" if is_dutch(data.description) else "description_en"
    values: dict[str, Any] = {field: data.description[:5000]}
    # The host's word, or else its licence file's (Forgejo names no licence).
    licence = normalised_or_none(data.licence_forge) or normalised_or_none(data.licence_file)
    if licence is not None:
        values["licence"] = licence
    await apply_repository_files(software, values, actor=ACTOR)
    return await _store_sbom(software, repository, data)


async def apply_repository_files(
    software: Software, host_values: dict[str, Any] | None = None, *, actor: str
) -> None:
    """Offer the software entry what its repositories' files say, over what the code host
    said (`host_values`): the publiccode.yml's fields and declared dependencies, and keep the
    file, its check and the licence findings. A person's edits stay."""
    values = dict(host_values or {})
    source = await _publiccode_source(software.pk)
    _, result = metadata.check_publiccode(source.publiccode_yml if source else None)
    values.update(metadata.software_values(result))  # the file's word over the host's
    await software_services.apply_harvest(software=software, values=values, actor=actor)
    await _keep_files(software, source, result)
    if result is not None and result.data is not None:
        found = publiccode.software_fields(result.data)
        await components.replace_declared(software, found.dependencies)


async def _publiccode_source(software_id: int) -> Repository | None:
    """The repository whose publiccode.yml describes the software: the first that has one."""
    return (
        await Repository.filter(software_id=software_id, publiccode_yml__isnull=False)
        .order_by("id")
        .first()
    )


async def _keep_files(
    software: Software, source: Repository | None, checked: publiccode.Result | None
) -> None:
    """The software's publiccode.yml (verbatim) and its check, and the licence findings of
    each of its repositories (`checked`: the source's file, validated already)."""
    findings: list[dict[str, Any]] = []
    for repository in await Repository.filter(software_id=software.pk).order_by("id"):
        if source is not None and repository.pk == source.pk:
            result = checked
        else:
            _, result = metadata.check_publiccode(repository.publiccode_yml)
        declared = (
            publiccode.software_fields(result.data).licence if result and result.data else None
        )
        findings += metadata.licence_findings(
            publiccode_licence=declared,
            forge=repository.licence_forge,
            file=repository.licence_file,
            where=repository.url,
        )
    software.publiccode_yml = source.publiccode_yml if source else None
    software.publiccode_check = source.publiccode_check if source else None
    software.findings = findings
    await software.save(update_fields=["publiccode_yml", "publiccode_check", "findings"])


async def _store_sbom(software: Software, repository: Repository, data: Harvested) -> str:
    if data.sbom is None:
        return ""
    try:
        document = await asyncio.to_thread(sbom.parse, data.sbom, format=sbom.SbomFormat.JSON)
    except sbom.SbomError as error:
        return f"dependency graph not stored: {error}"
    await components.store_sbom(
        software=software,
        document=document,
        source=DependencySource.GITHUB,
        actor=ACTOR,
        repository=repository,
    )
    return ""


async def _software_of(repository: Repository) -> Software | None:
    """The entry the repository belongs to, if any."""
    if repository.software_id is None:
        return None
    return await Software.get_or_none(id=repository.software_id)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, tuple):
        return list(value)
    return getattr(value, "value", value)
