# SPDX-License-Identifier: EUPL-1.2
"""The software API's resources: each declared once, as a msgspec Struct that the handlers
fill (the detail from plain rows) and encode, and that the OpenAPI document's components are
made from; the request bodies' JSON Schemas."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from catalogue import publiccode
from catalogue.organisations.kinds import ForgeKind, RecordSource
from catalogue.organisations.web import OrganisationRef, reference
from catalogue.rows import iso_moment, json_value
from catalogue.software import models, queries
from catalogue.software.models import DevelopmentStatus, MaintenanceType, ReleaseStatus
from catalogue.software.queries import EntryRows
from catalogue.software.services import MAX_CATEGORIES, MAX_PLATFORM, MAX_PLATFORMS
from catalogue.software.web.signals import QualitySignal
from catalogue.web.licences import (
    Finding,
    LicenceExplanation,
    LicenceUse,
    PublicCodeCheck,
    licence_explained,
)
from catalogue.web.schemas import (
    API,
    Count,
    MaybeMoment,
    Moment,
    components,
    enum,
    input_object,
    iso,
)

_iso, _enum = iso, enum


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class SoftwareRef(msgspec.Struct, forbid_unknown_fields=True):
    """The software entry a resource belongs to (a repository, a decision)."""

    id: int
    name: str
    url: str


class Repository(msgspec.Struct, forbid_unknown_fields=True):
    """A source-code repository on a code host, as the catalogue last saw it."""

    id: int
    url: Annotated[str, _described("This resource.")]
    web_url: Annotated[str, _described("The repository on its code host.")]
    forge: ForgeKind
    full_name: Annotated[str, _described("Path on the host, e.g. MinBZK/woo-besluit.")]
    description: str
    homepage: str | None
    topics: list[str]
    languages: Annotated[list[str], _described("In the order the host ranks them.")]
    stars: int
    forks: int
    archived: Annotated[bool, _described("Archived (read-only) on the host.")]
    mirror: Annotated[
        bool | None, _described("A mirror the host pulls from elsewhere; null: not known.")
    ]
    fork_of: Annotated[str | None, _described("Address of the parent, if a fork.")]
    licence_forge: Annotated[str | None, _described("The licence the code host reports.")]
    licence_file: Annotated[str | None, _described("The licence found in its licence file.")]
    has_publiccode: bool
    publiccode: PublicCodeCheck
    active: Annotated[bool, _described("Still present on the host at the last look.")]
    last_activity_at: MaybeMoment
    created_on_host_at: MaybeMoment
    first_seen_at: Moment
    last_seen_at: MaybeMoment
    missing_since: Annotated[
        MaybeMoment, _described("First harvest that no longer found it on the host.")
    ]
    source: RecordSource
    software: SoftwareRef | None


class _SoftwareCommon(msgspec.Struct, forbid_unknown_fields=True):
    """What the list and the detail of a software entry both say of it, first."""

    id: int
    url: str
    name: str
    description_nl: str
    description_en: str
    organisation: OrganisationRef
    release_status: ReleaseStatus
    licence: Annotated[str | None, _described("Normalised SPDX licence expression.")]
    source: RecordSource
    created_at: Moment
    updated_at: Moment


class SoftwareSummary(_SoftwareCommon, forbid_unknown_fields=True):
    """A software entry as a list shows it, with the languages of its repositories."""

    languages: Annotated[list[str], _described("Of its repositories, the primary ones first.")]
    repository_count: Count


class Software(_SoftwareCommon, forbid_unknown_fields=True):
    """A catalogue entry: one piece of software of an organisation, released or not, with its
    repositories and quality signals."""

    licence_declared: Annotated[
        str | None, _described("The licence as declared, verbatim, before normalising.")
    ]
    licence_identifiers: list[str]
    development_status: DevelopmentStatus | None
    maintenance_type: MaintenanceType | None
    homepage: str | None
    has_publiccode: bool
    publiccode: PublicCodeCheck
    software_type: str | None
    categories: list[str]
    platforms: list[str]
    licence_explained: LicenceExplanation | None
    findings: list[Finding]
    dependencies_url: str
    archived_at: MaybeMoment
    edited_fields: Annotated[
        list[str], _described("Fields a person set: a harvest never overwrites these.")
    ]
    harvested_fields: Annotated[list[str], _described("Fields whose value came from a harvest.")]
    repositories: list[Repository]
    quality: list[QualitySignal]


def software_resource(rows: EntryRows, quality: list[QualitySignal]) -> Software:
    """The Software of an entry read by catalogue.software.queries.entry_rows."""
    (
        id,
        name,
        description_nl,
        description_en,
        release_status,
        licence,
        source,
        created_at,
        updated_at,
        licence_declared,
        development_status,
        maintenance_type,
        homepage,
        has_publiccode,
        publiccode,
        software_type,
        categories,
        platforms,
        findings,
        archived_at,
        edited_fields,
        harvested_fields,
        organisation_slug,
        organisation_name,
    ) = rows.entry
    url = f"{API}/software/{id}"
    owner = SoftwareRef(id, name, url)
    return Software(
        id=id,
        url=url,
        name=name,
        description_nl=description_nl,
        description_en=description_en,
        organisation=reference(organisation_slug, organisation_name),
        release_status=ReleaseStatus(release_status),
        licence=licence,
        source=RecordSource(source),
        created_at=iso_moment(created_at) or "",
        updated_at=iso_moment(updated_at) or "",
        licence_declared=licence_declared,
        licence_identifiers=rows.licences,
        development_status=DevelopmentStatus(development_status) if development_status else None,
        maintenance_type=MaintenanceType(maintenance_type) if maintenance_type else None,
        homepage=homepage,
        has_publiccode=bool(has_publiccode),
        publiccode=json_value(publiccode),
        software_type=software_type,
        categories=json_value(categories) or [],
        platforms=json_value(platforms) or [],
        licence_explained=licence_explained(licence),
        findings=json_value(findings) or [],
        dependencies_url=f"{url}/dependencies",
        archived_at=iso_moment(archived_at),
        edited_fields=json_value(edited_fields),
        harvested_fields=json_value(harvested_fields),
        repositories=_repositories(rows.repositories, owner),
        quality=quality,
    )


def _repositories(rows: list[Any], owner: SoftwareRef) -> list[Repository]:
    """The Repositories of REPOSITORIES_SQL's rows: a row per language, in order."""
    found: list[Repository] = []
    for row in rows:
        language = row[-1]
        if not found or found[-1].id != row[0]:
            found.append(_repository_of_row(row, owner))
        if language is not None:
            found[-1].languages.append(language)
    return found


def _repository_of_row(row: Any, owner: SoftwareRef) -> Repository:
    (
        id,
        web_url,
        forge,
        full_name,
        description,
        homepage,
        topics,
        stars,
        forks,
        archived,
        mirror,
        fork_of,
        licence_forge,
        licence_file,
        has_publiccode,
        publiccode,
        active,
        last_activity_at,
        created_on_host_at,
        first_seen_at,
        last_seen_at,
        missing_since,
        source,
        _language,
    ) = row
    return Repository(
        id=id,
        url=f"{API}/repositories/{id}",
        web_url=web_url,
        forge=ForgeKind(forge),
        full_name=full_name,
        description=description,
        homepage=homepage,
        topics=json_value(topics),
        languages=[],
        stars=stars,
        forks=forks,
        archived=bool(archived),
        mirror=None if mirror is None else bool(mirror),
        fork_of=fork_of,
        licence_forge=licence_forge,
        licence_file=licence_file,
        has_publiccode=bool(has_publiccode),
        publiccode=json_value(publiccode),
        active=bool(active),
        last_activity_at=iso_moment(last_activity_at),
        created_on_host_at=iso_moment(created_on_host_at),
        first_seen_at=iso_moment(first_seen_at) or "",
        last_seen_at=iso_moment(last_seen_at),
        missing_since=iso_moment(missing_since),
        source=RecordSource(source),
        software=owner,
    )


def repository_resource(repository: models.Repository) -> Repository:
    """The Repository of a repository read with its languages and software (the list and the
    repository alone)."""
    owner = repository.software
    return Repository(
        id=repository.pk,
        url=f"{API}/repositories/{repository.pk}",
        web_url=repository.url,
        forge=repository.forge,
        full_name=repository.full_name,
        description=repository.description,
        homepage=repository.homepage,
        topics=list(repository.topics),
        languages=[language.name for language in repository.languages],
        stars=repository.stars,
        forks=repository.forks,
        archived=repository.archived,
        mirror=repository.mirror,
        fork_of=repository.fork_of,
        licence_forge=repository.licence_forge,
        licence_file=repository.licence_file,
        has_publiccode=repository.has_publiccode,
        publiccode=repository.publiccode_check,
        active=repository.active,
        last_activity_at=_iso(repository.last_activity_at),
        created_on_host_at=_iso(repository.created_on_host_at),
        first_seen_at=_iso(repository.first_seen_at) or "",
        last_seen_at=_iso(repository.last_seen_at),
        missing_since=_iso(repository.missing_since),
        source=repository.source,
        software=(
            SoftwareRef(owner.pk, owner.name, f"{API}/software/{owner.pk}") if owner else None
        ),
    )


def software_summary(summary: queries.SoftwareSummary) -> SoftwareSummary:
    """The SoftwareSummary of a list's entry."""
    software, url = summary.software, f"{API}/software/{summary.software.pk}"
    organisation = software.organisation
    return SoftwareSummary(
        id=software.pk,
        url=url,
        name=software.name,
        description_nl=software.description_nl,
        description_en=software.description_en,
        organisation=reference(organisation.slug, organisation.name),
        release_status=software.release_status,
        licence=software.licence,
        source=software.source,
        created_at=_iso(software.created_at) or "",
        updated_at=_iso(software.updated_at) or "",
        languages=summary.languages,
        repository_count=summary.repository_count,
    )


EDITABLE_SOFTWARE = {
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "description_nl": {"type": "string", "maxLength": 5000},
    "description_en": {"type": "string", "maxLength": 5000},
    "homepage": {"type": ["string", "null"], "maxLength": 400},
    "licence": {"type": ["string", "null"], "description": "SPDX licence expression."},
    "development_status": _enum(DevelopmentStatus, nullable=True),
    "maintenance_type": _enum(MaintenanceType, nullable=True),
    "software_type": {
        "enum": [*publiccode.SOFTWARE_TYPES, None],
        "description": "softwareType of publiccode.yml.",
    },
    "categories": {
        "type": ["array", "null"],
        "maxItems": MAX_CATEGORIES,
        "items": {"enum": sorted(publiccode.CATEGORIES)},
        "description": "Categories from the list of publiccode.yml; a value not on it is a 422 "
        "naming it.",
    },
    "platforms": {
        "type": ["array", "null"],
        "maxItems": MAX_PLATFORMS,
        "items": {"type": "string", "maxLength": MAX_PLATFORM},
        "description": "Platforms (publiccode.yml), e.g. web, linux, windows, android, ios.",
    },
    "release_status": {
        **_enum(ReleaseStatus),
        "description": "Only publication officers may set it.",
    },
}

CONFIRM_DUPLICATE = {
    "type": "boolean",
    "default": False,
    "description": "true saves the entry (registered or renamed) although its organisation "
    "already has current software of that name, whatever the case; without it such a write is "
    "refused with 409 and a problem whose `existing` is the path of that entry, so that a "
    "script does not make a duplicate unawares. Other organisations' names do not count.",
}

REPOSITORIES = {
    "type": "array",
    "maxItems": 50,
    "items": {"type": "string"},
    "description": "Repository addresses; none for code that is not public.",
}

SCHEMAS = {
    **components(SoftwareSummary, Software, Repository, LicenceUse),
    "SoftwareInput": input_object(
        {
            "organisation": {"type": "string", "description": "Slug of the owning organisation."},
            **EDITABLE_SOFTWARE,
            "repositories": REPOSITORIES,
            "confirm_duplicate": CONFIRM_DUPLICATE,
        },
        required=("organisation", "name"),
    ),
    "SoftwareChanges": {
        **input_object(
            {
                **EDITABLE_SOFTWARE,
                "repositories": {
                    **REPOSITORIES,
                    "description": "The entry's whole list of repository addresses: new ones "
                    "are added, those left out leave the entry.",
                },
                "confirm_duplicate": CONFIRM_DUPLICATE,
            }
        ),
        "description": "A partial update: a property left out stays as it is; null clears "
        "a property that may be empty; a property that cannot be set is refused (422). A "
        "property set here (the publiccode.yml ones too) is listed in `edited_fields` and kept: "
        "later harvests no longer overwrite it.",
    },
}
