# SPDX-License-Identifier: EUPL-1.2
"""Who may do what: roles per organisation, and the site administrator. Pure: no ORM, no web."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from catalogue.messages import Message


class Role(StrEnum):
    """What a person may do for an organisation."""

    DEVELOPER = "developer"  # registers and maintains the organisation's software
    PUBLICATION_OFFICER = "publication_officer"  # Woo-coordinator: decides on release
    ADMIN = "admin"  # manages the organisation's details and members


# The roles as people name them (pages show these, never the values).
ROLE_NAMES: dict[Role, Message] = {
    Role.DEVELOPER: Message("developer"),
    Role.PUBLICATION_OFFICER: Message("Woo coordinator (publication officer)"),
    Role.ADMIN: Message("administrator of the organisation"),
}


class Permission(StrEnum):
    """A kind of write, checked against the organisation it concerns."""

    REGISTER_SOFTWARE = "register_software"
    EDIT_SOFTWARE = "edit_software"
    DECIDE = "decide"  # draft and read release decisions; submitting and approving need the role
    EDIT_ORGANISATION = "edit_organisation"
    MANAGE_MEMBERS = "manage_members"
    READ_AUDIT = "read_audit"
    READ_VULNERABILITIES = "read_vulnerabilities"  # which entries an advisory affects, in embargo
    MANAGE_WEBHOOKS = "manage_webhooks"  # the organisation's own webhooks
    MANAGE_SITE = "manage_site"  # organisations, code-host accounts, users: site admins only


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.DEVELOPER: frozenset(
        {
            Permission.REGISTER_SOFTWARE,
            Permission.EDIT_SOFTWARE,
            Permission.READ_AUDIT,
            Permission.READ_VULNERABILITIES,
        }
    ),
    Role.PUBLICATION_OFFICER: frozenset(
        {
            Permission.EDIT_SOFTWARE,
            Permission.DECIDE,
            Permission.READ_AUDIT,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Permission.REGISTER_SOFTWARE,
            Permission.EDIT_SOFTWARE,
            Permission.EDIT_ORGANISATION,
            Permission.MANAGE_MEMBERS,
            Permission.MANAGE_WEBHOOKS,
            Permission.READ_AUDIT,
            Permission.READ_VULNERABILITIES,
        }
    ),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Someone acting on the catalogue: their user id, roles per organisation id, and whether
    they are a site administrator. `user_id` None is the anonymous public."""

    user_id: int | None = None
    email: str = ""
    is_site_admin: bool = False
    roles: dict[int, frozenset[Role]] = field(default_factory=dict)
    name: str = ""  # the name to show them by; the e-mail address is not shown on every page

    @property
    def actor(self) -> str:
        return f"user:{self.user_id}" if self.user_id is not None else "anonymous"

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    def can(self, permission: Permission, organisation_id: int | None = None) -> bool:
        """Whether this principal holds `permission` for the organisation."""
        if self.is_site_admin:
            return True
        if organisation_id is None or permission is Permission.MANAGE_SITE:
            return False
        return any(permission in GRANTS[role] for role in self.roles.get(organisation_id, ()))

    def organisations_with(self, permission: Permission) -> set[int]:
        """The organisations for which this principal holds `permission` (site admin: none
        listed here; check `is_site_admin`)."""
        return {
            org
            for org, roles in self.roles.items()
            if any(permission in GRANTS[role] for role in roles)
        }


ANONYMOUS = Principal()
