# SPDX-License-Identifier: EUPL-1.2
"""Every API endpoint, declared once: the routes and the OpenAPI document derive from this."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from catalogue.web import api, components_api, decisions_api, writes
from catalogue.web.params import PAGE, PER_PAGE, Param

Handler = Callable[[Request], Awaitable[Response]]
WRITE_ERRORS = (400, 401, 403, 409, 413, 415, 422)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation of the API: method, path, parameters, bodies, answers and handler."""

    method: str
    path: str
    operation_id: str
    summary: str
    handler: Handler
    schema: str | None = None  # the JSON body of a success; None for 204
    params: tuple[Param, ...] = ()
    is_list: bool = False
    body: str | None = None  # the schema of the request body
    status: int = 200
    errors: tuple[int, ...] = (400,)
    secured: bool = False  # needs a bearer token
    body_media_types: tuple[str, ...] = ()  # a raw (non-JSON) body in one of these types

    @property
    def path_params(self) -> list[tuple[str, str]]:
        names = [part[1:-1] for part in self.path.split("/") if part.startswith("{")]
        return [(name, "integer" if name == "id" else "string") for name in names]

    @property
    def route_path(self) -> str:
        # A component key holds slashes (pkg:npm/%40scope/name): it takes the rest of the path.
        return self.path.replace("{id}", "{id:int}").replace("{key}", "{key:path}")


def _write(
    method: str,
    path: str,
    operation_id: str,
    summary: str,
    handler: Handler,
    schema: str | None,
    body: str | None = None,
    status: int = 200,
) -> Endpoint:
    return Endpoint(
        method,
        path,
        operation_id,
        summary,
        handler,
        schema,
        body=body,
        status=status,
        errors=WRITE_ERRORS,
        secured=True,
    )


def _restricted_list(
    path: str, operation_id: str, summary: str, handler: Handler, schema: str
) -> Endpoint:
    return Endpoint(
        "GET",
        path,
        operation_id,
        summary,
        handler,
        schema,
        (PAGE, PER_PAGE),
        is_list=True,
        errors=(400, 401, 403),
        secured=True,
    )


ENDPOINTS = (
    Endpoint(
        "GET",
        "/organisations",
        "listOrganisations",
        "List organisations",
        api.organisation_list,
        "Organisation",
        api.ORGANISATION_PARAMS,
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/organisations/{slug}",
        "getOrganisation",
        "One organisation",
        api.organisation_item,
        "Organisation",
    ),
    Endpoint(
        "GET",
        "/software",
        "listSoftware",
        "List and search software",
        api.software_list,
        "SoftwareSummary",
        api.SOFTWARE_PARAMS,
        is_list=True,
    ),
    Endpoint(
        "GET", "/software/{id}", "getSoftware", "One software entry", api.software_item, "Software"
    ),
    Endpoint(
        "GET",
        "/repositories",
        "listRepositories",
        "List repositories",
        api.repository_list,
        "Repository",
        api.REPOSITORY_PARAMS,
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/repositories/{id}",
        "getRepository",
        "One repository",
        api.repository_item,
        "Repository",
    ),
    Endpoint(
        "GET",
        "/harvest-runs",
        "listHarvestRuns",
        "Harvest runs, newest first",
        api.harvest_run_list,
        "HarvestRun",
        (PAGE, PER_PAGE),
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/harvest-runs/{id}",
        "getHarvestRun",
        "One harvest run",
        api.harvest_run_item,
        "HarvestRun",
    ),
    Endpoint(
        "GET",
        "/harvest-runs/{id}/logs",
        "listHarvestRunLogs",
        "What happened to each repository in a run",
        api.harvest_run_logs,
        "HarvestLog",
        (PAGE, PER_PAGE),
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/repositories/{id}/harvest-logs",
        "listRepositoryHarvestLogs",
        "Harvest outcomes of one repository, newest first",
        api.repository_harvest_logs,
        "HarvestLog",
        (PAGE, PER_PAGE),
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/software/{id}/dependencies",
        "listSoftwareDependencies",
        "Components the software depends on (from SBOMs and its publiccode.yml)",
        components_api.software_dependencies,
        "Dependency",
        (PAGE, PER_PAGE),
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/software/{id}/sboms",
        "listSoftwareSboms",
        "SBOMs stored for the software, with their validation warnings",
        components_api.software_sboms,
        "SbomDocument",
        is_list=True,
    ),
    Endpoint(
        "POST",
        "/software/{id}/sboms",
        "uploadSbom",
        "Store an SPDX 2.2/2.3 document (JSON, YAML, tag-value, RDF/XML) as the software's SBOM",
        components_api.upload_sbom,
        "SbomDocument",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
        body_media_types=components_api.SBOM_MEDIA_TYPES,
    ),
    Endpoint(
        "GET",
        "/components",
        "listComponents",
        "Components used by catalogue software, most used first",
        components_api.component_list,
        "Component",
        components_api.COMPONENT_PARAMS,
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/components/{key}",
        "getComponent",
        "One component and the software that uses it",
        components_api.component_item,
        "ComponentDetail",
    ),
    Endpoint(
        "GET",
        "/licences",
        "listLicences",
        "Licences in the catalogue, what they mean and how many entries use each",
        components_api.licence_list,
        "LicenceUse",
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/grounds",
        "listGrounds",
        "The Woo grounds (articles 5.1 and 5.2) a decision may apply",
        decisions_api.ground_list,
        "Ground",
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/decisions",
        "listDecisions",
        "The public register of release decisions",
        decisions_api.decision_list,
        "DecisionBrief",
        decisions_api.REGISTER_PARAMS,
        is_list=True,
    ),
    Endpoint(
        "GET",
        "/decisions/{id}",
        "getDecision",
        "One version of a decision (drafts: the organisation's officers only)",
        decisions_api.decision_item,
        "Decision",
        errors=(400, 401),
    ),
    Endpoint(
        "GET",
        "/software/{id}/decisions",
        "listSoftwareDecisions",
        "Every version of the decision on a software entry, newest first",
        decisions_api.software_decisions,
        "Decision",
        is_list=True,
        errors=(400, 401),
    ),
    _write(
        "POST",
        "/software/{id}/decisions",
        "draftDecision",
        "Start a draft decision on the software",
        decisions_api.create_decision,
        "Decision",
        "DecisionInput",
        201,
    ),
    _write(
        "PATCH",
        "/decisions/{id}",
        "updateDecision",
        "Change a draft",
        decisions_api.update_decision,
        "Decision",
        "DecisionChanges",
    ),
    *(
        _write(
            "POST",
            f"/decisions/{{id}}/{name}",
            f"{name}Decision",
            summary,
            decisions_api.transition_handlers[name],
            "Decision",
            "Transition",
            201 if name in ("revise", "confirm") else 200,
        )
        for name, summary in (
            ("submit", "Submit a draft for approval (you become the decider)"),
            ("reject", "Send a submission back to draft, with a reason"),
            ("approve", "Approve a submission (a second officer, not the decider)"),
            ("publish", "Publish an approved decision in the register"),
            ("revise", "Start a new draft version of a decision in force"),
            ("confirm", "At review: keep the decision, as a new version, with a reason"),
            ("withdraw", "Withdraw a decision in force, with a reason"),
        )
    ),
    Endpoint(
        "GET",
        "/questionnaire",
        "listQuestions",
        "The questions of the guided 'open, tenzij' questionnaire",
        decisions_api.question_list,
        "Question",
        is_list=True,
    ),
    Endpoint(
        "POST",
        "/questionnaire",
        "recommend",
        "Recommend an outcome, candidate grounds and actions from answers",
        decisions_api.recommend,
        "Recommendation",
        body="Answers",
        errors=(400, 413, 415, 422),
    ),
    _write(
        "POST",
        "/software/{id}/decisions/from-questionnaire",
        "draftDecisionFromAnswers",
        "Start a draft decision pre-filled from questionnaire answers",
        decisions_api.draft_from_answers,
        "Decision",
        "Answers",
        201,
    ),
    _write(
        "POST",
        "/software",
        "registerSoftware",
        "Register software with its repositories",
        writes.register_software,
        "Software",
        "SoftwareInput",
        201,
    ),
    _write(
        "PATCH",
        "/software/{id}",
        "updateSoftware",
        "Change a software entry",
        writes.update_software,
        "Software",
        "SoftwareChanges",
    ),
    _write(
        "POST",
        "/software/{id}/archive",
        "archiveSoftware",
        "Archive a software entry",
        writes.archive_software,
        "Software",
    ),
    _write(
        "POST",
        "/organisations",
        "createOrganisation",
        "Add an organisation",
        writes.create_organisation,
        "Organisation",
        "OrganisationInput",
        201,
    ),
    _write(
        "PATCH",
        "/organisations/{slug}",
        "updateOrganisation",
        "Change an organisation",
        writes.update_organisation,
        "Organisation",
        "OrganisationChanges",
    ),
    _write(
        "POST",
        "/organisations/{slug}/accounts",
        "addAccount",
        "Register a code-host account",
        writes.add_account,
        "CodeHostAccount",
        "AccountInput",
        201,
    ),
    _restricted_list(
        "/organisations/{slug}/members",
        "listMembers",
        "Roles held in the organisation",
        writes.list_members,
        "Membership",
    ),
    _write(
        "POST",
        "/organisations/{slug}/members",
        "grantRole",
        "Give a user a role",
        writes.grant_role,
        "Membership",
        "MembershipInput",
        201,
    ),
    _write(
        "DELETE",
        "/organisations/{slug}/members/{id}",
        "revokeRole",
        "Take a role away",
        writes.revoke_role,
        None,
        status=204,
    ),
    _restricted_list(
        "/organisations/{slug}/audit",
        "listAuditEvents",
        "Audit events of the organisation, newest first",
        writes.audit_log,
        "AuditEvent",
    ),
)
