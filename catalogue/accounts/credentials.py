# SPDX-License-Identifier: EUPL-1.2
"""People's secrets and the rules for them: argon2id password hashes, SHA-256 digests of
session keys and API tokens, and what an e-mail address and a password must look like.

Secrets are never stored, logged or put in an audit event: only their hashes are kept.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from catalogue.messages import Message

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
TOKEN_PREFIX = "otz_"
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """A request about people that cannot be honoured; the message says why."""


class Hashing:
    """The password hasher (argon2id at its library's recommended cost). Tests lower the cost
    with `use`; hashes keep their own parameters, so every stored hash still verifies."""

    def __init__(self) -> None:
        self.hasher = PasswordHasher()
        self._unknown_user_hash: str | None = None

    def use(self, hasher: PasswordHasher) -> None:
        self.hasher, self._unknown_user_hash = hasher, None

    def unknown_user_hash(self) -> str:
        """Verified against when the e-mail address is unknown, so that timing does not tell."""
        if self._unknown_user_hash is None:
            self._unknown_user_hash = self.hasher.hash(secrets.token_urlsafe(16))
        return self._unknown_user_hash


HASHING = Hashing()


def now() -> datetime:
    return datetime.now(UTC)


def digest(secret: str) -> str:
    """What is stored of a session key or a token: its SHA-256."""
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


def hash_password(password: str) -> str:
    return HASHING.hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` fits the hash; as slow when there is no hash as when there is one."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return HASHING.hasher.verify(
            password_hash or HASHING.unknown_user_hash(), password
        ) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
