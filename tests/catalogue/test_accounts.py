# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import asyncio
import logging
import threading
from datetime import timedelta
from typing import Literal

import pytest
from argon2 import PasswordHasher

from catalogue.accounts import credentials, sessions
from catalogue.accounts import services as accounts
from catalogue.accounts.models import ApiToken, SignInThrottle, User, WebSession
from catalogue.audit.models import AuditEvent
from catalogue.organisations.models import Organisation
from tests.factories import make_organisation

PASSWORD = "correct horse battery staple"


async def test_passwords_are_stored_as_argon2id_hashes(db: str) -> None:
    user = await accounts.create_user(email=" Ada@Example.NL ", password=PASSWORD, actor="t")
    assert user.email == "ada@example.nl"
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in str(await User.all().values())


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", PASSWORD, "not an e-mail address"),
        ("a@example.nl", "short", "at least 12"),
        ("a@example.nl", "x" * 1025, "at most 1024"),
    ],
)
async def test_bad_users_are_refused(db: str, email: str, password: str, message: str) -> None:
    with pytest.raises(credentials.AccountError, match=message):
        await accounts.create_user(email=email, password=password, actor="t")
    assert await User.all().count() == 0


async def test_the_same_address_twice_is_refused(db: str) -> None:
    await accounts.create_user(email="a@example.nl", password=None, actor="t")
    with pytest.raises(credentials.AccountError, match="already"):
        await accounts.create_user(email="A@example.nl", password=None, actor="t")


async def test_sign_in_gives_a_fresh_session_each_time(db: str) -> None:
    await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    first = await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="1.2.3.4")
    second = await sessions.sign_in(email="A@example.nl", password=PASSWORD, address="1.2.3.4")
    assert first.session_key != second.session_key
    assert (await sessions.session_user(first.session_key)).email == "a@example.nl"  # type: ignore[union-attr]
    stored = await WebSession.all().values_list("key_hash", flat=True)
    assert first.session_key not in stored and credentials.digest(first.session_key) in stored
    await sessions.sign_out(first.session_key)
    assert await sessions.session_user(first.session_key) is None
    assert await sessions.session_user(second.session_key) is not None


async def test_an_expired_session_is_void(db: str) -> None:
    user = await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    key = await sessions.start_session(user)
    await WebSession.filter(user=user).update(expires_at=credentials.now() - timedelta(seconds=1))
    assert await sessions.session_user(key) is None


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("a@example.nl", "wrong password here"),
        ("nobody@example.nl", PASSWORD),
        ("a@example.nl", "x" * 5000),
    ],
)
async def test_wrong_credentials_give_one_message_and_an_audit_event(
    db: str, email: str, password: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    with pytest.raises(sessions.SignInError, match="e-mail address or the password is wrong"):
        await sessions.sign_in(email=email, password=password, address="1.2.3.4")
    event = await AuditEvent.get(action="accounts:user:sign-in-fail")
    assert event.actor == "address:1.2.3.4"
    assert password not in str(event.after) and password not in caplog.text


async def fail(email: str, address: str) -> None:
    with pytest.raises(sessions.SignInError):
        await sessions.sign_in(email=email, password="wrong password!", address=address)


async def unblock() -> None:
    """As if the delay had passed."""
    await SignInThrottle.all().update(blocked_until=credentials.now() - timedelta(seconds=1))


async def test_failed_sign_ins_slow_down_the_address_with_growing_delays(db: str) -> None:
    await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    for _ in range(sessions.PAIR_FAILURES + 1):
        await fail("a@example.nl", "6.6.6.6")
    delays = []
    for _ in range(4):
        with pytest.raises(sessions.ThrottledError) as caught:
            await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="6.6.6.6")
        delays.append(caught.value.retry_after)
        await unblock()
        await fail("a@example.nl", "6.6.6.6")
    assert delays == sorted(delays) and delays[-1] >= 4 * delays[0], delays
    assert delays[-1] <= 15 * 60 + 1
    # After the delay, the right password works again and clears the count.
    await unblock()
    await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="6.6.6.6")
    assert not await SignInThrottle.filter(key="pair:6.6.6.6:a@example.nl").exists()


async def test_whoever_guesses_cannot_lock_the_owner_out(db: str) -> None:
    await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    for _ in range(3 * sessions.PAIR_FAILURES):
        await unblock()
        await fail("a@example.nl", "6.6.6.6")
    with pytest.raises(sessions.ThrottledError):
        await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="6.6.6.6")
    await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="10.0.0.1")


@pytest.mark.commits  # attempts at once, each with transactions of its own
async def test_parallel_failures_are_all_counted(db: str) -> None:
    await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    attempts = [  # one address, as many accounts (no attempt is held up)
        sessions.sign_in(email=f"{n}@example.nl", password="wrong password!", address="6.6.6.6")
        for n in range(8)
    ]
    outcomes = await asyncio.gather(*attempts, return_exceptions=True)
    refused = sum(isinstance(outcome, sessions.SignInError) for outcome in outcomes)
    throttle = await SignInThrottle.get(key="address:6.6.6.6")
    assert throttle.failures == refused == 8


async def test_passwords_are_checked_off_the_event_loop(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    threads = []

    class Recording(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            threads.append(threading.get_ident())
            return super().verify(hash, password)

    monkeypatch.setattr(credentials.HASHING, "hasher", Recording(1, 8, parallelism=1))
    monkeypatch.setattr(credentials.HASHING, "_unknown_user_hash", None)
    await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="10.0.0.1")
    assert threads and threading.get_ident() not in threads


async def test_failed_sign_ins_are_throttled_per_address(db: str) -> None:
    await accounts.create_user(email="a@example.nl", password=PASSWORD, actor="t")
    for attempt in range(sessions.ADDRESS_FAILURES + 1):
        with pytest.raises(sessions.SignInError):
            await sessions.sign_in(
                email=f"guess{attempt}@example.nl", password="whatever123", address="6.6.6.6"
            )
    with pytest.raises(sessions.ThrottledError):
        await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="6.6.6.6")
    await sessions.sign_in(email="a@example.nl", password=PASSWORD, address="7.7.7.7")


async def test_tokens_are_shown_once_stored_hashed_and_revocable(db: str) -> None:
    user = await accounts.create_user(email="a@example.nl", password=None, actor="t")
    token, plain = await accounts.create_token(user=user, name="ci", actor="t")
    assert plain.startswith("otz_") and plain not in str(await ApiToken.all().values())
    assert (await sessions.token_user(plain)).id == user.id  # type: ignore[union-attr]
    assert (await ApiToken.get(id=token.id)).last_used_at is not None
    await accounts.revoke_token(token=token, actor="t")
    assert await sessions.token_user(plain) is None
    assert await AuditEvent.filter(action="accounts:token:revoke").count() == 1


async def test_expired_tokens_and_inactive_users_are_refused(db: str) -> None:
    user = await accounts.create_user(email="a@example.nl", password=None, actor="t")
    _, plain = await accounts.create_token(
        user=user, name="kort", actor="t", lifetime=timedelta(days=1)
    )
    await ApiToken.all().update(expires_at=credentials.now() - timedelta(seconds=1))
    assert await sessions.token_user(plain) is None
    _, other = await accounts.create_token(user=user, name="lang", actor="t")
    await User.filter(id=user.id).update(is_active=False)
    assert await sessions.token_user(other) is None
    assert await sessions.token_user("otz_made-up") is None
    assert await sessions.token_user("x" * 10_000) is None


async def test_principal_holds_the_roles_per_organisation(db: str) -> None:
    from catalogue.permissions.rules import Permission, Role

    one, two = await make_organisation(), await make_organisation()
    user = await accounts.create_user(email="a@example.nl", password=None, actor="t")
    await accounts.grant(user=user, organisation=one, role=Role.DEVELOPER, actor="t")
    await accounts.grant(user=user, organisation=two, role=Role.PUBLICATION_OFFICER, actor="t")
    await accounts.grant(user=user, organisation=two, role=Role.PUBLICATION_OFFICER, actor="t")
    principal = await sessions.principal_for(user)
    assert principal.can(Permission.REGISTER_SOFTWARE, one.id)
    assert not principal.can(Permission.REGISTER_SOFTWARE, two.id)
    assert principal.can(Permission.DECIDE, two.id)
    assert not principal.can(Permission.MANAGE_SITE, one.id)
    assert await AuditEvent.filter(action="accounts:membership:grant").count() == 2
    assert isinstance(one, Organisation)
