# SPDX-License-Identifier: EUPL-1.2
"""Signing in and out: passwords checked (throttled per account and client address, and per
client address), sessions started and ended, API tokens looked up, and the principal a user
acts as.

Throttling never locks an account as such: failures from one address slow down that address
(for that account, and over all accounts), with a delay that doubles with each failure past a
few free ones, so that whoever guesses cannot keep the owner out. The counters are raised in
one UPDATE each, so that parallel attempts are all counted. Passwords are checked (argon2, a
deliberately slow hash) in a worker thread, not on the event loop that serves everyone."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import F

from catalogue.accounts.credentials import TOKEN_PREFIX, AccountError, digest, now, password_matches
from catalogue.accounts.models import ApiToken, Membership, SignInThrottle, User, WebSession
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.messages import Message
from catalogue.permissions.rules import Principal, Role

SESSION_LIFETIME = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
PAIR_FAILURES = 3  # free failures per account and client address per window
ADDRESS_FAILURES = 20  # free failures per client address (over all accounts) per window
FIRST_DELAY = timedelta(seconds=2)  # after the free failures; doubles with each further one
LONGEST_DELAY = timedelta(minutes=15)
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
    pair_key = f"pair:{address}:{email.strip().lower()[:254]}"[:300]
    address_key = f"address:{address}"[:300]
    await _refuse_if_blocked(pair_key, address_key)
    user = await User.get_or_none(email=email.strip().lower()[:254], is_active=True)
    stored = user.password_hash if user else None
    if not await asyncio.to_thread(password_matches, stored, password):
        await _count_failure(pair_key, PAIR_FAILURES)
        await _count_failure(address_key, ADDRESS_FAILURES)
        await record_event(
            actor=f"address:{address}",
            action=Action.USER_SIGN_IN_FAIL,
            target=("User", str(user.pk) if user else "unknown"),
            after={"email": email.strip().lower()[:254]},
        )
        raise SignInError(Message("the e-mail address or the password is wrong"))
    assert user is not None
    await SignInThrottle.filter(key=pair_key).delete()
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


async def _count_failure(key: str, free: int) -> None:
    """Count a failure under `key` in one UPDATE (parallel failures are all counted); past
    `free` failures in the window, block the key for a delay that doubles with each one."""
    moment = now()
    await SignInThrottle.get_or_create(key=key, defaults={"window_started_at": moment})
    await SignInThrottle.filter(key=key, window_started_at__lt=moment - THROTTLE_WINDOW).update(
        failures=0, window_started_at=moment, blocked_until=None
    )
    await SignInThrottle.filter(key=key).update(failures=F("failures") + 1)
    throttle = await SignInThrottle.get(key=key)
    if throttle.failures > free:
        blocked_until = moment + delay_after(throttle.failures - free)
        await SignInThrottle.filter(key=key).update(blocked_until=blocked_until)


def delay_after(excess: int) -> timedelta:
    """How long to wait after `excess` failures past the free ones: 2 s, 4 s, 8 s ... 15 min."""
    doubled: timedelta = FIRST_DELAY * (2 ** min(excess - 1, 20))
    return min(LONGEST_DELAY, doubled)


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
