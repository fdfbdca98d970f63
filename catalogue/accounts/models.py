# SPDX-License-Identifier: EUPL-1.2
"""The people who write to the catalogue, their roles per organisation, sessions and tokens.

Secrets (passwords, session keys, API tokens) are never stored: only their hashes are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from catalogue.permissions.rules import Role

if TYPE_CHECKING:  # relations are named by string at run time
    from catalogue.organisations.models import Organisation


class User(Model):
    """A person who signs in: with a local password, or (later) through OpenID Connect."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True, description="E-mail address, lower case.")
    name = fields.CharField(max_length=200, default="", description="Name to show.")
    password_hash = fields.CharField(
        max_length=200, null=True, description="argon2id hash. None for single sign-on only."
    )
    oidc_issuer = fields.CharField(
        max_length=300, null=True, description="OpenID Connect issuer that vouches for the user."
    )
    oidc_subject = fields.CharField(
        max_length=255, null=True, description="Subject identifier at that issuer."
    )
    is_site_admin = fields.BooleanField(default=False, description="May manage everything.")
    is_active = fields.BooleanField(default=True, description="May sign in and use tokens.")
    created_at = fields.DatetimeField(auto_now_add=True, description="When the user was created.")
    last_sign_in_at = fields.DatetimeField(null=True, description="Last successful sign-in.")

    memberships: fields.ReverseRelation[Membership]

    class Meta:
        table = "app_user"
        unique_together = (("oidc_issuer", "oidc_subject"),)

    def __str__(self) -> str:
        return self.email


class Membership(Model):
    """A role a person holds in an organisation. A person may hold several, in several."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="memberships",
        on_delete=fields.CASCADE,
        description="The person.",
    )
    user_id: int  # the column behind `user`
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "catalogue.Organisation",
        related_name="memberships",
        on_delete=fields.CASCADE,
        description="The organisation.",
    )
    organisation_id: int  # the column behind `organisation`
    role = fields.CharEnumField(Role, max_length=30, description="The role held.")
    created_at = fields.DatetimeField(auto_now_add=True, description="When it was granted.")

    class Meta:
        table = "membership"
        unique_together = (("user", "organisation", "role"),)


class WebSession(Model):
    """A signed-in browser. The cookie holds the key, the database only its hash."""

    id = fields.IntField(primary_key=True)
    key_hash = fields.CharField(max_length=64, unique=True, description="SHA-256 of the key.")
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="sessions",
        on_delete=fields.CASCADE,
        description="Who is signed in.",
    )
    user_id: int  # the column behind `user`
    created_at = fields.DatetimeField(auto_now_add=True, description="Sign-in time.")
    expires_at = fields.DatetimeField(description="After this the session is void.")

    class Meta:
        table = "web_session"


class ApiToken(Model):
    """A bearer token with which a program acts for a person, within that person's roles."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "catalogue.User",
        related_name="tokens",
        on_delete=fields.CASCADE,
        description="The person the token acts for.",
    )
    user_id: int  # the column behind `user`
    name = fields.CharField(max_length=100, description="What the token is for.")
    prefix = fields.CharField(max_length=12, description="First characters, to recognise it.")
    token_hash = fields.CharField(max_length=64, unique=True, description="SHA-256 of the token.")
    created_at = fields.DatetimeField(auto_now_add=True, description="When it was made.")
    last_used_at = fields.DatetimeField(null=True, description="When it was last used.")
    expires_at = fields.DatetimeField(null=True, description="After this it is refused.")
    revoked_at = fields.DatetimeField(null=True, description="When it was revoked.")

    class Meta:
        table = "api_token"


class SignInThrottle(Model):
    """Failed sign-ins counted per account and per client address, to slow down guessing."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=300, unique=True, description="account:EMAIL or address:IP.")
    failures = fields.IntField(default=0, description="Failures in the current window.")
    window_started_at = fields.DatetimeField(description="Start of the counting window.")
    blocked_until = fields.DatetimeField(null=True, description="No sign-in before this time.")

    class Meta:
        table = "sign_in_throttle"
