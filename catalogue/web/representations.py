# SPDX-License-Identifier: EUPL-1.2
"""JSON representations of catalogue rows, each beside the JSON Schema that documents it."""

from __future__ import annotations

from typing import Any

from catalogue.harvests import HarvestLog, HarvestRun, Outcome, RunStatus
from catalogue.models import (
    AuditEvent,
    CodeHostAccount,
    DevelopmentStatus,
    ForgeKind,
    MaintenanceType,
    Organisation,
    OrganisationKind,
    RecordSource,
    ReleaseStatus,
    Repository,
    Software,
)
from catalogue.queries import SoftwareSummary
from catalogue.users import Membership, Role
from catalogue.web.metadata_json import FINDING, PUBLICCODE_CHECK, licence_explained
from catalogue.web.schemas import (
    API,
    DATETIME,
    NULLABLE_DATETIME,
    NULLABLE_STRING,
    STRING,
    closed_object,
    enum,
    iso,
)

_iso, _enum, _object = iso, enum, closed_object


def organisation_ref(organisation: Organisation) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "url": f"{API}/organisations/{organisation.slug}",
    }


ORGANISATION_REF = _object({"slug": STRING, "name": STRING, "url": STRING})


def account_json(account: CodeHostAccount) -> dict[str, Any]:
    return {
        "forge": account.forge.value,
        "base_url": account.base_url,
        "name": account.name,
        "url": account.url,
        "is_group": account.is_group,
    }


ACCOUNT = _object(
    {
        "forge": _enum(ForgeKind),
        "base_url": STRING,
        "name": STRING,
        "url": STRING,
        "is_group": {"type": "boolean"},
    }
)


def organisation_json(organisation: Organisation) -> dict[str, Any]:
    return {
        **organisation_ref(organisation),
        "kind": organisation.kind.value,
        "tooi_uri": organisation.tooi_uri,
        "oin": organisation.oin,
        "website": organisation.website,
        "source": organisation.source.value,
        "software_count": getattr(organisation, "software_count", 0),
        "accounts": [account_json(account) for account in organisation.accounts],
        "software_url": f"{API}/software?organisation={organisation.slug}",
    }


ORGANISATION = _object(
    {
        **ORGANISATION_REF["properties"],
        "kind": _enum(OrganisationKind),
        "tooi_uri": NULLABLE_STRING,
        "oin": NULLABLE_STRING,
        "website": NULLABLE_STRING,
        "source": _enum(RecordSource),
        "software_count": {"type": "integer", "minimum": 0},
        "accounts": {"type": "array", "items": {"$ref": "#/components/schemas/CodeHostAccount"}},
        "software_url": STRING,
    }
)


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
    repositories = software.repository_list  # type: ignore[attr-defined]
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
        "fork_of": repository.fork_of,
        "licence_forge": repository.licence_forge,
        "licence_file": repository.licence_file,
        "has_publiccode": repository.has_publiccode,
        "publiccode": repository.publiccode_check,
        "active": repository.active,
        "last_activity_at": _iso(repository.last_activity_at),
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
        "fork_of": NULLABLE_STRING,
        "licence_forge": NULLABLE_STRING,
        "licence_file": NULLABLE_STRING,
        "has_publiccode": {"type": "boolean"},
        "publiccode": PUBLICCODE_CHECK,
        "active": {"type": "boolean"},
        "last_activity_at": NULLABLE_DATETIME,
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

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": STRING,
        "title": STRING,
        "status": {"type": "integer"},
        "detail": STRING,
        "instance": STRING,
        "errors": {
            "type": "array",
            "items": {
                "oneOf": [
                    _object({"parameter": STRING, "detail": STRING}),
                    _object({"field": STRING, "detail": STRING}),
                ]
            },
        },
        "existing": {"type": "string", "description": "Path of the entry that exists already."},
    },
}


def membership_json(membership: Membership) -> dict[str, Any]:
    return {
        "id": membership.pk,
        "email": membership.user.email,
        "name": membership.user.name,
        "role": membership.role.value,
        "organisation": organisation_ref(membership.organisation),
    }


MEMBERSHIP = _object(
    {
        "id": {"type": "integer"},
        "email": STRING,
        "name": STRING,
        "role": _enum(Role),
        "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
    }
)


def audit_event_json(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "created_at": _iso(event.created_at),
        "actor": event.actor,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
        "hash": event.hash,
    }


AUDIT_EVENT = _object(
    {
        "id": {"type": "integer"},
        "created_at": DATETIME,
        "actor": STRING,
        "action": STRING,
        "target_type": STRING,
        "target_id": STRING,
        "before": {"type": ["object", "null"]},
        "after": {"type": ["object", "null"]},
        "hash": STRING,
    }
)


def harvest_run_json(run: HarvestRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "url": f"{API}/harvest-runs/{run.pk}",
        "source": run.source,
        "dry_run": run.dry_run,
        "status": run.status.value,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "new": run.new,
        "changed": run.changed,
        "unchanged": run.unchanged,
        "inactive": run.inactive,
        "failed": run.failed,
        "requests": run.requests,
        "rate_limit_used": run.rate_limit_used,
        "message": run.message,
    }


COUNT = {"type": "integer", "minimum": 0}
HARVEST_RUN = _object(
    {
        "id": {"type": "integer"},
        "url": STRING,
        "source": STRING,
        "dry_run": {"type": "boolean"},
        "status": _enum(RunStatus),
        "started_at": DATETIME,
        "finished_at": NULLABLE_DATETIME,
        "new": COUNT,
        "changed": COUNT,
        "unchanged": COUNT,
        "inactive": COUNT,
        "failed": COUNT,
        "requests": COUNT,
        "rate_limit_used": COUNT,
        "message": STRING,
    }
)


def harvest_log_json(log: HarvestLog) -> dict[str, Any]:
    return {
        "id": log.pk,
        "run": f"{API}/harvest-runs/{log.run_id}",  # type: ignore[attr-defined]
        "url": log.url,
        "outcome": log.outcome.value,
        "message": log.message,
        "repository": (
            f"{API}/repositories/{log.repository_id}"  # type: ignore[attr-defined]
            if log.repository_id
            else None
        ),  # type: ignore[attr-defined]
        "created_at": _iso(log.created_at),
    }


HARVEST_LOG = _object(
    {
        "id": {"type": "integer"},
        "run": STRING,
        "url": STRING,
        "outcome": _enum(Outcome),
        "message": STRING,
        "repository": NULLABLE_STRING,
        "created_at": DATETIME,
    }
)


def _input(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


EDITABLE_SOFTWARE = {
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "description_nl": {"type": "string", "maxLength": 5000},
    "description_en": {"type": "string", "maxLength": 5000},
    "homepage": {"type": ["string", "null"], "maxLength": 400},
    "licence": {"type": ["string", "null"], "description": "SPDX licence expression."},
    "development_status": _enum(DevelopmentStatus, nullable=True),
    "release_status": {
        **_enum(ReleaseStatus),
        "description": "Only publication officers may set it.",
    },
}

SCHEMAS = {
    "OrganisationRef": ORGANISATION_REF,
    "CodeHostAccount": ACCOUNT,
    "Organisation": ORGANISATION,
    "SoftwareSummary": SOFTWARE_SUMMARY,
    "Software": SOFTWARE,
    "Repository": REPOSITORY,
    "Problem": PROBLEM,
    "Membership": MEMBERSHIP,
    "HarvestRun": HARVEST_RUN,
    "HarvestLog": HARVEST_LOG,
    "AuditEvent": AUDIT_EVENT,
    "SoftwareInput": _input(
        {
            "organisation": {"type": "string", "description": "Slug of the owning organisation."},
            **EDITABLE_SOFTWARE,
            "repositories": {
                "type": "array",
                "maxItems": 50,
                "items": {"type": "string"},
                "description": "Repository addresses; none for code that is not public.",
            },
        },
        ("organisation", "name"),
    ),
    "SoftwareChanges": _input(EDITABLE_SOFTWARE),
    "OrganisationInput": _input(
        {
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "kind": _enum(OrganisationKind),
            "tooi_uri": {"type": ["string", "null"]},
        },
        ("name",),
    ),
    "OrganisationChanges": _input(
        {
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "website": {"type": ["string", "null"]},
        }
    ),
    "AccountInput": _input({"url": {"type": "string"}}, ("url",)),
    "MembershipInput": _input(
        {"email": {"type": "string"}, "role": _enum(Role)}, ("email", "role")
    ),
}
