# SPDX-License-Identifier: EUPL-1.2
"""JSON representations of catalogue rows, each beside the JSON Schema that documents it."""

from __future__ import annotations

from typing import Any

from catalogue import publiccode
from catalogue.organisations.kinds import ForgeKind, RecordSource
from catalogue.organisations.web import organisation_ref
from catalogue.software.models import (
    DevelopmentStatus,
    MaintenanceType,
    ReleaseStatus,
    Repository,
    Software,
)
from catalogue.software.queries import SoftwareSummary
from catalogue.software.services import MAX_CATEGORIES, MAX_PLATFORM, MAX_PLATFORMS
from catalogue.software.web.signals import QUALITY_SIGNAL
from catalogue.web.licences import (
    FINDING,
    LICENCE_EXPLANATION,
    LICENCE_FACTS,
    PUBLICCODE_CHECK,
    licence_explained,
)
from catalogue.web.schemas import (
    API,
    DATETIME,
    NULLABLE_DATETIME,
    NULLABLE_STRING,
    STRING,
    closed_object,
    enum,
    input_object,
    iso,
)

_iso, _enum, _object = iso, enum, closed_object


def _software_common(software: Software) -> dict[str, Any]:
    return {
        "id": software.pk,
        "url": f"{API}/software/{software.pk}",
        "name": software.name,
        "description_nl": software.description_nl,
        "description_en": software.description_en,
        "organisation": organisation_ref(software.organisation),
        "release_status": software.release_status.value,
        "licence": software.licence,
        "source": software.source.value,
        "created_at": _iso(software.created_at),
        "updated_at": _iso(software.updated_at),
    }


SOFTWARE_COMMON = {
    "id": {"type": "integer"},
    "url": STRING,
    "name": STRING,
    "description_nl": STRING,
    "description_en": STRING,
    "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
    "release_status": _enum(ReleaseStatus),
    "licence": NULLABLE_STRING,
    "source": _enum(RecordSource),
    "created_at": DATETIME,
    "updated_at": DATETIME,
}


def software_summary_json(summary: SoftwareSummary) -> dict[str, Any]:
    return {
        **_software_common(summary.software),
        "languages": summary.languages,
        "repository_count": summary.repository_count,
    }


SOFTWARE_SUMMARY = _object(
    {
        **SOFTWARE_COMMON,
        "languages": {"type": "array", "items": STRING},
        "repository_count": {"type": "integer", "minimum": 0},
    }
)


def software_json(software: Software) -> dict[str, Any]:
    repositories = software.repository_list
    return {
        **_software_common(software),
        "licence_declared": software.licence_declared,
        "licence_identifiers": sorted(item.identifier for item in software.licences),
        "development_status": software.development_status and software.development_status.value,
        "maintenance_type": software.maintenance_type and software.maintenance_type.value,
        "homepage": software.homepage,
        "has_publiccode": software.publiccode_yml is not None,
        "publiccode": software.publiccode_check,
        "software_type": software.software_type,
        "categories": list(software.categories or []),
        "platforms": list(software.platforms or []),
        "licence_explained": licence_explained(software.licence),
        "findings": list(software.findings or []),
        "dependencies_url": f"{API}/software/{software.pk}/dependencies",
        "archived_at": _iso(software.archived_at),
        "edited_fields": list(software.edited_fields),
        "harvested_fields": list(software.harvested_fields),
        "repositories": [repository_json(r, software=software) for r in repositories],
    }


SOFTWARE = _object(
    {
        **SOFTWARE_COMMON,
        "licence_declared": NULLABLE_STRING,
        "licence_identifiers": {"type": "array", "items": STRING},
        "development_status": _enum(DevelopmentStatus, nullable=True),
        "maintenance_type": _enum(MaintenanceType, nullable=True),
        "homepage": NULLABLE_STRING,
        "has_publiccode": {"type": "boolean"},
        "publiccode": PUBLICCODE_CHECK,
        "software_type": NULLABLE_STRING,
        "categories": {"type": "array", "items": STRING},
        "platforms": {"type": "array", "items": STRING},
        "licence_explained": {
            "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/LicenceExplanation"}]
        },
        "findings": {"type": "array", "items": FINDING},
        "dependencies_url": STRING,
        "archived_at": NULLABLE_DATETIME,
        "edited_fields": {"type": "array", "items": STRING},
        "harvested_fields": {"type": "array", "items": STRING},
        "repositories": {"type": "array", "items": {"$ref": "#/components/schemas/Repository"}},
        "quality": {"type": "array", "items": QUALITY_SIGNAL},
    }
)


def repository_json(repository: Repository, *, software: Software | None = None) -> dict[str, Any]:
    owner = software or repository.software
    return {
        "id": repository.pk,
        "url": f"{API}/repositories/{repository.pk}",
        "web_url": repository.url,
        "forge": repository.forge.value,
        "full_name": repository.full_name,
        "description": repository.description,
        "homepage": repository.homepage,
        "topics": list(repository.topics),
        "languages": [language.name for language in repository.languages],
        "stars": repository.stars,
        "forks": repository.forks,
        "archived": repository.archived,
        "mirror": repository.mirror,
        "fork_of": repository.fork_of,
        "licence_forge": repository.licence_forge,
        "licence_file": repository.licence_file,
        "has_publiccode": repository.has_publiccode,
        "publiccode": repository.publiccode_check,
        "active": repository.active,
        "last_activity_at": _iso(repository.last_activity_at),
        "created_on_host_at": _iso(repository.created_on_host_at),
        "first_seen_at": _iso(repository.first_seen_at),
        "last_seen_at": _iso(repository.last_seen_at),
        "missing_since": _iso(repository.missing_since),
        "source": repository.source.value,
        "software": (
            {"id": owner.pk, "name": owner.name, "url": f"{API}/software/{owner.pk}"}
            if owner
            else None
        ),
    }


REPOSITORY = _object(
    {
        "id": {"type": "integer"},
        "url": STRING,
        "web_url": STRING,
        "forge": _enum(ForgeKind),
        "full_name": STRING,
        "description": STRING,
        "homepage": NULLABLE_STRING,
        "topics": {"type": "array", "items": STRING},
        "languages": {"type": "array", "items": STRING},
        "stars": {"type": "integer"},
        "forks": {"type": "integer"},
        "archived": {"type": "boolean"},
        "mirror": {"type": ["boolean", "null"]},
        "fork_of": NULLABLE_STRING,
        "licence_forge": NULLABLE_STRING,
        "licence_file": NULLABLE_STRING,
        "has_publiccode": {"type": "boolean"},
        "publiccode": PUBLICCODE_CHECK,
        "active": {"type": "boolean"},
        "last_activity_at": NULLABLE_DATETIME,
        "created_on_host_at": NULLABLE_DATETIME,
        "first_seen_at": DATETIME,
        "last_seen_at": NULLABLE_DATETIME,
        "missing_since": NULLABLE_DATETIME,
        "source": _enum(RecordSource),
        "software": {
            "oneOf": [
                {"type": "null"},
                _object({"id": {"type": "integer"}, "name": STRING, "url": STRING}),
            ]
        },
    }
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

LICENCE_USE = closed_object(
    {**LICENCE_FACTS["properties"], "software_count": {"type": "integer", "minimum": 0}}
)
SCHEMAS = {
    "SoftwareSummary": SOFTWARE_SUMMARY,
    "Software": SOFTWARE,
    "Repository": REPOSITORY,
    "LicenceExplanation": LICENCE_EXPLANATION,
    "LicenceUse": LICENCE_USE,
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
