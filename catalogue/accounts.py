# SPDX-License-Identifier: EUPL-1.2
"""People: creating users, roles, signing in and out, sessions and API tokens.

Passwords are hashed with argon2id; session keys and API tokens are random and stored as
SHA-256 hashes. None of them is ever logged or put in an audit event.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.transactions import in_transaction

from catalogue.events import Action, record_event
from catalogue.messages import Message
from catalogue.models import Organisation
from catalogue.permissions import Principal
from catalogue.users import ApiToken, Membership, Role, SignInThrottle, User, WebSession

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
SESSION_LIFETIME = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5  # per account per window
ADDRESS_FAILURES = 20  # per client address per window
TOKEN_PREFIX = "otz_"
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")

hasher = PasswordHasher()
# Verified against when the e-mail address is unknown, so that timing does not tell.
_UNKNOWN_USER_HASH = hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A request about people that cannot be honoured; the message says why."""


class SignInError(AccountError):
    """Wrong e-mail address or password (which of the two is not told)."""


class ThrottledError(AccountError):
    """Too many failed sign-ins; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            Message(
                "too many failed sign-ins; try again in %(seconds)s seconds", seconds=retry_after
            )
        )
        self.retry_after = retry_after


def now() -> datetime:
    return datetime.now(UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_email(email: str) -> str:
    address = email.strip().lower()
    if len(address) > 254 or not EMAIL.match(address):
        raise AccountError(
            Message("%(address)s is not an e-mail address", address=repr(email[:60]))
        )
    return address


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        limit = MIN_PASSWORD_LENGTH
        raise AccountError(Message("a password needs at least %(limit)s characters", limit=limit))
    if len(password) > MAX_PASSWORD_LENGTH:
        limit = MAX_PASSWORD_LENGTH
        raise AccountError(Message("a password may have at most %(limit)s characters", limit=limit))


async def create_user(
    *, email: str, password: str | None, actor: str, name: str = "", is_site_admin: bool = False
) -> User:
    """Create a user; a password of at least 12 characters, or None for single sign-on."""
    address = normalise_email(email)
    if password is not None:
        check_password(password)
    if await User.filter(email=address).exists():
        raise AccountError(Message("there is already a user %(address)s", address=address))
    async with in_transaction():
        user = await User.create(
            email=address,
            name=name.strip()[:200],
            is_site_admin=is_site_admin,
            password_hash=hasher.hash(password) if password is not None else None,
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
            organisation_id=membership.organisation_id,  # type: ignore[attr-defined]
            before={"user": membership.user.email, "role": membership.role.value},
        )


async def principal_for(user: User) -> Principal:
    """The user with the roles they hold now."""
    roles: dict[int, set[Role]] = {}
    for organisation_id, role in await Membership.filter(user=user).values_list(
        "organisation_id", "role"
    ):
        roles.setdefault(organisation_id, set()).add(Role(role))
    return Principal(
        user_id=user.pk,
        email=user.email,
        is_site_admin=user.is_site_admin,
        roles={org: frozenset(found) for org, found in roles.items()},
    )


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A successful sign-in: the user and the key for the session cookie."""

    user: User
    session_key: str


async def sign_in(*, email: str, password: str, address: str) -> SignedIn:
    """Check the password and start a session; SignInError or ThrottledError otherwise."""
    account_key = f"account:{email.strip().lower()[:254]}"
    address_key = f"address:{address}"
    await _refuse_if_blocked(account_key, address_key)
    user = await User.get_or_none(email=email.strip().lower()[:254], is_active=True)
    if not _password_matches(user, password):
        await _count_failure(account_key, ACCOUNT_FAILURES)
        await _count_failure(address_key, ADDRESS_FAILURES)
        await record_event(
            actor=f"address:{address}",
            action=Action.USER_SIGN_IN_FAIL,
            target=("User", str(user.pk) if user else "unknown"),
            after={"email": email.strip().lower()[:254]},
        )
        raise SignInError(Message("the e-mail address or the password is wrong"))
    assert user is not None
    await SignInThrottle.filter(key=account_key).delete()
    return await signed_in(user, via="password")


async def signed_in(user: User, *, via: str) -> SignedIn:
    """Start a session for a user whose identity was checked `via` a password or an issuer."""
    if not user.is_active:
        raise SignInError(Message("this account is disabled"))
    user.last_sign_in_at = now()
    await user.save(update_fields=["last_sign_in_at"])
    key = await start_session(user)
    await record_event(
        actor=f"user:{user.pk}", action=Action.USER_SIGN_IN, target=user, after={"via": via}
    )
    return SignedIn(user, key)


def _password_matches(user: User | None, password: str) -> bool:
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return hasher.verify(
            user.password_hash if user and user.password_hash else _UNKNOWN_USER_HASH, password
        ) and bool(user and user.password_hash)
    except (VerificationError, InvalidHashError):
        return False


async def _refuse_if_blocked(*keys: str) -> None:
    moment = now()
    for throttle in await SignInThrottle.filter(key__in=keys, blocked_until__gt=moment):
        assert throttle.blocked_until is not None
        raise ThrottledError(max(1, int((throttle.blocked_until - moment).total_seconds()) + 1))


async def _count_failure(key: str, limit: int) -> None:
    moment = now()
    throttle, _ = await SignInThrottle.get_or_create(
        key=key, defaults={"window_started_at": moment}
    )
    if moment - throttle.window_started_at > THROTTLE_WINDOW:
        throttle.failures, throttle.window_started_at = 0, moment
    throttle.failures += 1
    if throttle.failures >= limit:
        throttle.blocked_until = moment + THROTTLE_WINDOW
    await throttle.save()


async def start_session(user: User) -> str:
    """A new session for the user; returns the key for the cookie (a fresh one each time)."""
    key = secrets.token_urlsafe(32)
    await WebSession.create(key_hash=digest(key), user=user, expires_at=now() + SESSION_LIFETIME)
    return key


async def session_user(key: str) -> User | None:
    """The active user of a live session, or None."""
    session = await WebSession.get_or_none(key_hash=digest(key)).select_related("user")
    if session is None or session.expires_at <= now() or not session.user.is_active:
        return None
    return session.user


async def sign_out(key: str) -> None:
    session = await WebSession.get_or_none(key_hash=digest(key))
    if session is not None:
        await session.delete()
        await record_event(
            actor=f"user:{session.user_id}",  # type: ignore[attr-defined]
            action=Action.USER_SIGN_OUT,
            target=("User", str(session.user_id)),
        )  # type: ignore[attr-defined]


async def create_token(
    *, user: User, name: str, actor: str, lifetime: timedelta | None = None
) -> tuple[ApiToken, str]:
    """A new API token for the user. The plain token is returned once and never stored."""
    label = name.strip()
    if not label or len(label) > 100:
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


async def token_user(plain: str) -> User | None:
    """The active user a live token acts for, or None. Notes when the token was used."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = await ApiToken.get_or_none(token_hash=digest(plain)).select_related("user")
    moment = now()
    if (
        token is None
        or token.revoked_at is not None
        or not token.user.is_active
        or (token.expires_at is not None and token.expires_at <= moment)
    ):
        return None
    if token.last_used_at is None or moment - token.last_used_at > timedelta(minutes=1):
        await ApiToken.filter(id=token.pk).update(last_used_at=moment)
    return token.user


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
