# SPDX-License-Identifier: EUPL-1.2
"""The permission guard every write calls first: a refusal is itself an audit event."""

from __future__ import annotations

from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.errors import NotPermitted
from catalogue.messages import Message
from catalogue.permissions.rules import Permission, Principal, Role

# What each permission allows, as the refusal names it.
PERMISSION_NAMES = {
    Permission.REGISTER_SOFTWARE: Message("register software"),
    Permission.EDIT_SOFTWARE: Message("edit software"),
    Permission.DECIDE: Message("decide"),
    Permission.EDIT_ORGANISATION: Message("edit organisation"),
    Permission.MANAGE_MEMBERS: Message("manage members"),
    Permission.READ_AUDIT: Message("read audit"),
    Permission.READ_VULNERABILITIES: Message("read vulnerabilities"),
    Permission.MANAGE_WEBHOOKS: Message("manage webhooks"),
    Permission.MANAGE_SITE: Message("manage site"),
}


async def require(
    principal: Principal,
    permission: Permission,
    organisation_id: int | None,
    *,
    target: tuple[str, str],
) -> None:
    """Return if the principal may; else record the refusal and raise NotPermitted."""
    if principal.can(permission, organisation_id):
        return
    await record_event(
        actor=principal.actor,
        action=Action.WRITE_REFUSE,
        target=target,
        organisation_id=organisation_id,
        after={"permission": permission.value},
    )
    name = PERMISSION_NAMES[permission]
    if not principal.signed_in:
        refusal = Message("%(permission)s is not allowed: you are not signed in", permission=name)
    else:
        refusal = Message("%(permission)s is not allowed: you lack the role", permission=name)
    raise NotPermitted(refusal, signed_in=principal.signed_in)


async def require_role(
    principal: Principal,
    role: Role,
    organisation_id: int,
    *,
    target: tuple[str, str],
    tag: str,
    refusal: str,
) -> None:
    """Return if the principal holds `role` in the organisation itself (a site administrator
    does not, unless granted it); else record the refusal (`tag`) and raise NotPermitted."""
    if role in principal.roles.get(organisation_id, frozenset()):
        return
    await record_event(
        actor=principal.actor,
        action=Action.WRITE_REFUSE,
        target=target,
        organisation_id=organisation_id,
        after={"permission": tag},
    )
    raise NotPermitted(refusal, signed_in=principal.signed_in)
