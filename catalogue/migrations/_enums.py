# SPDX-License-Identifier: EUPL-1.2
"""The choices of the enum columns, frozen as the migrations made them.

Migrations never import live models or their enums: a model may move or an enum may grow, and
a migration must still replay exactly what it did. A migration that changes a column's
choices defines the new ones here under a new name.
"""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    MINISTERIE = "ministerie"
    UITVOERINGSORGANISATIE = "uitvoeringsorganisatie"
    GEMEENTE = "gemeente"
    PROVINCIE = "provincie"
    WATERSCHAP = "waterschap"
    ZBO = "zbo"
    OTHER = "other"


class ForgeKind(StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"
    GIT = "git"


class RecordSource(StrEnum):
    DEMO = "demo"
    SEED = "seed"
    REGISTRATION = "registration"
    HARVEST = "harvest"
    FEDERATION = "federation"


class ReleaseStatus(StrEnum):
    OPEN = "open"
    PARTLY_OPEN = "partly_open"
    WITHHELD = "withheld"
    OPEN_LATER = "open_later"
    UNDECIDED = "undecided"


class DevelopmentStatus(StrEnum):
    CONCEPT = "concept"
    DEVELOPMENT = "development"
    BETA = "beta"
    STABLE = "stable"
    OBSOLETE = "obsolete"


class MaintenanceType(StrEnum):
    INTERNAL = "internal"
    CONTRACT = "contract"
    COMMUNITY = "community"
    NONE = "none"


class RunStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class HarvestOutcome(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    INACTIVE = "inactive"
    FAILED = "failed"


class Role(StrEnum):
    DEVELOPER = "developer"
    PUBLICATION_OFFICER = "publication_officer"
    ADMIN = "admin"


class DependencySource(StrEnum):
    SBOM = "sbom"
    GITHUB = "github"
    PUBLICCODE = "publiccode"


class DecisionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    REVIEW_DUE = "review_due"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class DecisionOutcome(StrEnum):
    OPEN = "open"
    PARTLY_OPEN = "partly_open"
    WITHHELD = "withheld"
    OPEN_LATER = "open_later"


class DecisionBasis(StrEnum):
    PROACTIVE = "proactive"
    REQUEST = "request"


class RequestStatus(StrEnum):
    OPEN = "open"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class AppealKind(StrEnum):
    BEZWAAR = "bezwaar"
    BEROEP = "beroep"
    HOGER_BEROEP = "hoger_beroep"
    VOORLOPIGE_VOORZIENING = "voorlopige_voorziening"


class AppealOutcome(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    REJECTED = "rejected"
    INADMISSIBLE = "inadmissible"
    WITHDRAWN = "withdrawn"
    GRANTED = "granted"
    REFUSED = "refused"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class HarvestState(StrEnum):
    NEVER = "never"
    HARVESTED = "harvested"
    PARTLY = "partly"
    GONE = "gone"
    REFUSED = "refused"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    MALFORMED = "malformed"
    NOT_ALLOWED = "not_allowed"
    FAILED = "failed"


class Assessment(StrEnum):
    OPEN = "openbaar"
    PARTLY_OPEN = "deels_openbaar"
    WITHHELD = "niet_openbaar"


class WebsiteCheck(StrEnum):  # 0019
    LISTED = "listed"
    GONE = "gone"
    WRONG_ORGANISATION = "wrong_organisation"
    MALFORMED = "malformed"
    TOO_LARGE = "too_large"
    HTTP_ERROR = "http_error"
    UNREACHABLE = "unreachable"
    NOT_ALLOWED = "not_allowed"
