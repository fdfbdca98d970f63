# SPDX-License-Identifier: EUPL-1.2
"""Writes about people: creating users, granting and revoking roles (the organisation's
admins, checked), and API tokens. Signing in and sessions are in catalogue.accounts.sessions."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.accounts.credentials import (
    TOKEN_PREFIX,
    AccountError,
    check_password,
    digest,
    hash_password,
    normalise_email,
    now,
)
from catalogue.accounts.models import ApiToken, Membership, User
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.errors import Invalid, NotFound
from catalogue.inputs import one_of
from catalogue.messages import Message
from catalogue.organisations.models import Organisation
from catalogue.permissions.guard import require
from catalogue.permissions.rules import Permission, Principal, Role

TOKEN_NAME_LENGTH = 100


async def create_user(
    *, email: str, password: str | None, actor: str, name: str = "", is_site_admin: bool = False
) -> User:
    """Create a user; a password of at least 12 characters, or None for single sign-on."""
    address = normalise_email(email)
    if password is not None:
        check_password(password)
    if await User.filter(email=address).exists():
        raise AccountError(Message("there is already a user %(address)s", address=address))
    # argon2 is slow on purpose: in a worker thread, outside the transaction.
    hashed = await asyncio.to_thread(hash_password, password) if password is not None else None
    async with in_transaction():
        user = await User.create(
            email=address,
            name=name.strip()[:200],
            is_site_admin=is_site_admin,
            password_hash=hashed,
        )
        await record_event(
            actor=actor,
            action=Action.USER_CREATE,
            target=user,
            after={"email": address, "is_site_admin": is_site_admin},
        )
    return user


async def grant(*, user: User, organisation: Organisation, role: Role, actor: str) -> Membership:
    """Give a user a role in an organisation (granting it twice changes nothing)."""
    async with in_transaction():
        membership, created = await Membership.get_or_create(
            user=user, organisation=organisation, role=role
        )
        if created:
            await record_event(
                actor=actor,
                action=Action.MEMBERSHIP_GRANT,
                target=membership,
                organisation_id=organisation.pk,
                after={"user": user.email, "role": role.value},
            )
    return membership


async def revoke(*, membership: Membership, actor: str) -> None:
    """Take a role away."""
    await membership.fetch_related("user")
    async with in_transaction():
        await membership.delete()
        await record_event(
            actor=actor,
            action=Action.MEMBERSHIP_REVOKE,
            target=("Membership", str(membership.pk)),
            organisation_id=membership.organisation_id,
            before={"user": membership.user.email, "role": membership.role.value},
        )


async def create_token(
    *, user: User, name: str, actor: str, lifetime: timedelta | None = None
) -> tuple[ApiToken, str]:
    """A new API token for the user. The plain token is returned once and never stored."""
    label = name.strip()
    if not label or len(label) > TOKEN_NAME_LENGTH:
        raise AccountError(Message("a token needs a name of 1 to 100 characters"))
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with in_transaction():
        token = await ApiToken.create(
            user=user,
            name=label,
            prefix=plain[:10],
            token_hash=digest(plain),
            expires_at=now() + lifetime if lifetime else None,
        )
        await record_event(
            actor=actor,
            action=Action.TOKEN_CREATE,
            target=token,
            after={"user": user.email, "name": label, "prefix": token.prefix},
        )
    return token, plain


async def revoke_token(*, token: ApiToken, actor: str) -> None:
    """Revoke a token; it is refused from now on."""
    if token.revoked_at is not None:
        return
    async with in_transaction():
        token.revoked_at = now()
        await token.save(update_fields=["revoked_at"])
        await record_event(
            actor=actor, action=Action.TOKEN_REVOKE, target=token, before={"prefix": token.prefix}
        )


async def grant_role(
    *, principal: Principal, organisation: Organisation, email: Any, role: Any
) -> Membership:
    """Give an existing user a role in the organisation (its admins, site administrators)."""
    await require(
        principal,
        Permission.MANAGE_MEMBERS,
        organisation.pk,
        target=("Organisation", str(organisation.pk)),
    )
    errors: dict[str, str] = {}  # every problem at once
    if not isinstance(role, str) or role not in {r.value for r in Role}:
        errors["role"] = one_of(r.value for r in Role)
    user = None
    if not isinstance(email, str):
        errors["email"] = Message("must be text")
    elif (user := await User.get_or_none(email=email.strip().lower()[:254])) is None:
        address = repr(str(email)[:60])
        errors["email"] = Message("no user has the address %(address)s", address=address)
    if errors or user is None:
        raise Invalid(errors)
    return await grant(user=user, organisation=organisation, role=Role(role), actor=principal.actor)


async def revoke_role_in(
    *, principal: Principal, organisation: Organisation, membership_id: int
) -> None:
    """Take a role in `organisation` away by its id. The permission is checked before the role
    is looked up: whoever may not manage the members learns nothing of which roles exist."""
    await require(
        principal,
        Permission.MANAGE_MEMBERS,
        organisation.pk,
        target=("Membership", str(membership_id)),
    )
    membership = await Membership.get_or_none(id=membership_id, organisation_id=organisation.pk)
    if membership is None:
        raise NotFound(
            Message(
                "there is no such membership in %(organisation)s", organisation=organisation.name
            )
        )
    await revoke(membership=membership, actor=principal.actor)


async def revoke_role(*, principal: Principal, membership: Membership) -> None:
    """Take a role away (the organisation's admins, site administrators)."""
    organisation_id = membership.organisation_id
    await require(
        principal,
        Permission.MANAGE_MEMBERS,
        organisation_id,
        target=("Membership", str(membership.pk)),
    )
    await revoke(membership=membership, actor=principal.actor)
