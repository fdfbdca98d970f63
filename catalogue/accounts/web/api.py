# SPDX-License-Identifier: EUPL-1.2
"""The API of an organisation's people: its members and roles (granted and revoked by its
admins), and its audit log (for its members). Bearer tokens only, never a cookie."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.accounts import models, services
from catalogue.accounts import queries as account_queries
from catalogue.audit import checkpoints, published
from catalogue.audit import models as audit_models
from catalogue.audit import queries as audit_queries
from catalogue.exports import atom
from catalogue.organisations.web import OrganisationRef, organisation_or_404, reference
from catalogue.permissions.rules import Permission, Principal, Role
from catalogue.web.auth import bearer_principal
from catalogue.web.endpoints import WRITE_ERRORS, Endpoint
from catalogue.web.http import EncodedResponse, json_body, page_request, page_response, path_id
from catalogue.web.params import PAGE, PER_PAGE, parse_query
from catalogue.web.problems import ProblemError
from catalogue.web.schemas import (
    DATETIME,
    Moment,
    closed_object,
    components,
    enum,
    input_object,
)
from catalogue.web.streaming import etag_of, export_response, site_address

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _may_read(principal: Principal, organisation_id: int) -> None:
    if not principal.can(Permission.READ_AUDIT, organisation_id):
        if not principal.signed_in:
            raise ProblemError(
                401,
                "sign in with a bearer token to read this",
                headers={"WWW-Authenticate": "Bearer"},
            )
        raise ProblemError(403, "only members of the organisation may read this")


async def list_members(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    principal = await bearer_principal(request)
    organisation = await organisation_or_404(request.path_params["slug"])
    _may_read(principal, organisation.pk)
    page = await account_queries.list_members(organisation, page_request(values))
    return page_response(request, page, [membership_resource(m) for m in page.items])


async def grant_role(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await organisation_or_404(request.path_params["slug"])
    body = await json_body(request)
    membership = await services.grant_role(
        principal=principal,
        organisation=organisation,
        email=body.get("email"),
        role=body.get("role"),
    )
    await membership.fetch_related("user", "organisation")
    return EncodedResponse(membership_resource(membership), status_code=201)


async def revoke_role(request: Request) -> Response:
    parse_query(request.query_params, ())
    principal = await bearer_principal(request)
    organisation = await organisation_or_404(request.path_params["slug"])
    await services.revoke_role_in(
        principal=principal,
        organisation=organisation,
        membership_id=path_id(request, "membership"),
    )
    return Response(status_code=204)


async def audit_log(request: Request) -> Response:
    values = parse_query(request.query_params, (PAGE, PER_PAGE))
    principal = await bearer_principal(request)
    organisation = await organisation_or_404(request.path_params["slug"])
    _may_read(principal, organisation.pk)
    page = await audit_queries.audit_events(organisation.pk, page_request(values))
    return page_response(request, page, [audit_event_resource(e) for e in page.items])


async def audit_checkpoint(request: Request) -> Response:
    """The audit trail's state now, signed with the site's key: for anyone to keep, and to hold
    the catalogue to later (`opentenzij audit verify --against`)."""
    parse_query(request.query_params, ())
    path = request.app.state.settings.audit_key_file
    if not path:
        raise ProblemError(404, "this site signs no checkpoints of its audit trail")
    checkpoint = await audit_queries.signed_checkpoint(checkpoints.load_key(Path(path)))
    body = json.loads(checkpoint.to_json())
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def audit_checkpoints_feed(request: Request) -> Response:
    """The checkpoints the site kept (daily, by the scheduled job audit-checkpoint), newest
    first, as an Atom feed: each entry's summary is the signed checkpoint itself, so that a feed
    reader that keeps the feed keeps every checkpoint, for `opentenzij audit verify --against`."""
    parse_query(request.query_params, ())
    kept = await audit_queries.kept_checkpoints()
    site = site_address(request)
    address = f"{site}/api/v1/audit/checkpoints.atom"
    head = atom.Feed(
        id=address,
        title="Audit trail checkpoints",
        subtitle="Signed counts and newest hashes of the audit trail (Ed25519)",
        updated=max((row.created_at for row in kept), default=EPOCH),
        links=(
            atom.Link(str(request.url), rel="self", type=atom.MEDIA_TYPE),
            atom.Link(f"{site}/api/v1/audit/checkpoint", type="application/json"),
        ),
        authors=(atom.Person("opentenzij"),),
        language="en",
    )
    entries = [
        atom.Entry(
            id=f"{address}#checkpoint-{row.pk}",
            title=f"{row.events} events, newest {row.head[:12]}",
            updated=row.created_at,
            published=row.created_at,
            links=(atom.Link(f"{site}/api/v1/audit/checkpoint", type="application/json"),),
            summary=published.as_checkpoint(row).to_json(),
        )
        for row in kept
    ]
    basis = "\n".join(f"{row.pk}:{row.signature}" for row in kept)

    async def body() -> AsyncIterator[str]:
        for chunk in atom.write(head, entries):
            yield chunk

    return export_response(
        request, media_type=atom.MEDIA_TYPE, etag=etag_of(request, basis, site), body=body
    )


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class Membership(msgspec.Struct, forbid_unknown_fields=True):
    """A role a person holds in an organisation."""

    id: int
    email: str
    name: Annotated[str, msgspec.Meta(description="Name to show; may be empty.")]
    role: Role
    organisation: OrganisationRef


def membership_resource(membership: models.Membership) -> Membership:
    organisation = membership.organisation
    return Membership(
        id=membership.pk,
        email=membership.user.email,
        name=membership.user.name,
        role=membership.role,
        organisation=reference(organisation.slug, organisation.name),
    )


class AuditEvent(msgspec.Struct, forbid_unknown_fields=True):
    """One write in the audit trail, chained to the one before by its hash."""

    id: int
    created_at: Moment
    actor: Annotated[str, _described("Who did it: user:<id>, cli, system:<job>.")]
    action: Annotated[
        str, _described("Tag shaped subject:object:action, e.g. catalogue:software:create.")
    ]
    target_type: Annotated[str, _described("Model of the row written.")]
    target_id: Annotated[str, _described("Primary key of the row written.")]
    before: Annotated[dict[str, Any] | None, _described("Changed fields before the write.")]
    after: Annotated[dict[str, Any] | None, _described("Changed fields after the write.")]
    hash: Annotated[
        str,
        msgspec.Meta(pattern="^[0-9a-f]{64}$"),
        _described("SHA-256 over this event and previous_hash."),
    ]


def audit_event_resource(event: audit_models.AuditEvent) -> AuditEvent:
    return AuditEvent(
        id=event.pk,
        created_at=event.created_at.isoformat(),
        actor=event.actor,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        before=event.before,
        after=event.after,
        hash=event.hash,
    )


SCHEMAS = {
    "AuditCheckpoint": closed_object(
        {
            "format": {"type": "string", "const": checkpoints.FORMAT},
            "events": {"type": "integer", "minimum": 0},
            "head": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "at": DATETIME,
            "public_key": {"type": "string", "description": "Ed25519, base64."},
            "signature": {"type": "string", "description": "Over format, events, head, at."},
        }
    ),
    **components(Membership, AuditEvent),
    "MembershipInput": input_object(
        {"email": {"type": "string"}, "role": enum(Role)}, required=("email", "role")
    ),
}

ENDPOINTS = (
    Endpoint(
        method="GET",
        path="/organisations/{slug}/members",
        operation_id="listMembers",
        summary="Roles held in the organisation",
        handler=list_members,
        schema="Membership",
        params=(PAGE, PER_PAGE),
        is_list=True,
        errors=(400, 401, 403),
        secured=True,
    ),
    Endpoint(
        method="POST",
        path="/organisations/{slug}/members",
        operation_id="grantRole",
        summary="Give a user a role",
        handler=grant_role,
        schema="Membership",
        body="MembershipInput",
        status=201,
        errors=WRITE_ERRORS,
        secured=True,
    ),
    Endpoint(
        method="DELETE",
        path="/organisations/{slug}/members/{id}",
        operation_id="revokeRole",
        summary="Take a role away",
        handler=revoke_role,
        schema=None,
        errors=WRITE_ERRORS,
        secured=True,
        status=204,
    ),
    Endpoint(
        method="GET",
        path="/audit/checkpoint",
        operation_id="getAuditCheckpoint",
        summary="The audit trail's event count and newest hash, signed with the site's key",
        handler=audit_checkpoint,
        schema="AuditCheckpoint",
        errors=(400, 404),
    ),
    Endpoint(
        method="GET",
        path="/audit/checkpoints.atom",
        operation_id="feedAuditCheckpoints",
        summary="The signed checkpoints the site kept, newest first, as an Atom feed",
        handler=audit_checkpoints_feed,
        errors=(400,),
        media_types=(atom.MEDIA_TYPE,),
    ),
    Endpoint(
        method="GET",
        path="/organisations/{slug}/audit",
        operation_id="listAuditEvents",
        summary="Audit events of the organisation, newest first",
        handler=audit_log,
        schema="AuditEvent",
        params=(PAGE, PER_PAGE),
        is_list=True,
        errors=(400, 401, 403),
        secured=True,
    ),
)
