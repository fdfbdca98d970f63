# SPDX-License-Identifier: EUPL-1.2
"""Signing in and out: passwords checked (throttled per account and per client address),
sessions started and ended, API tokens looked up, and the principal a user acts as."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from catalogue.accounts.credentials import TOKEN_PREFIX, AccountError, digest, now, password_matches
from catalogue.accounts.models import ApiToken, Membership, SignInThrottle, User, WebSession
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.messages import Message
from catalogue.permissions.rules import Principal, Role

SESSION_LIFETIME = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5  # per account per window
ADDRESS_FAILURES = 20  # per client address per window
TOKEN_USE_NOTED_EVERY = timedelta(minutes=1)


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
        name=user.name,
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
    if not password_matches(user.password_hash if user else None, password):
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
    """End the session with this key, if there is one."""
    session = await WebSession.get_or_none(key_hash=digest(key))
    if session is not None:
        await session.delete()
        await record_event(
            actor=f"user:{session.user_id}",
            action=Action.USER_SIGN_OUT,
            target=("User", str(session.user_id)),
        )


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
    if token.last_used_at is None or moment - token.last_used_at > TOKEN_USE_NOTED_EVERY:
        await ApiToken.filter(id=token.pk).update(last_used_at=moment)
    return token.user
