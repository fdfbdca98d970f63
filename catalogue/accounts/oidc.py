# SPDX-License-Identifier: EUPL-1.2
"""Signing in through OpenID Connect (the government's single sign-on): the authorization
code flow with PKCE, ID tokens checked against the provider's published keys.

A person is known by (issuer, subject). The first sign-in links a user with the same verified
e-mail address, or creates one without any role; roles are still granted by administrators.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from tortoise.transactions import in_transaction

from catalogue import tls
from catalogue.accounts.models import User
from catalogue.audit.actions import Action
from catalogue.audit.events import record_event
from catalogue.messages import Message

TIMEOUT = httpx.Timeout(10.0)
ALGORITHMS = ["RS256", "ES256", "PS256"]
MAX_ANSWER_BYTES = 256 * 1024


class OidcError(Exception):
    """The sign-in service's answer could not be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Provider:
    """An OpenID Connect provider, as its discovery document describes it."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True, slots=True)
class Client:
    """This site as a client of the provider."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str


@dataclass(frozen=True, slots=True)
class Attempt:
    """The secrets of one sign-in attempt, kept in a signed cookie until the provider answers."""

    state: str
    nonce: str
    verifier: str

    @classmethod
    def new(cls) -> Attempt:
        return cls(*(secrets.token_urlsafe(32) for _ in range(3)))

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def _get_json(client: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> Any:
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        raise OidcError(
            Message("the sign-in service did not answer: %(error)s", error=type(error).__name__)
        ) from None
    if response.status_code != 200:
        raise OidcError(
            Message(
                "the sign-in service answered %(status)s on %(url)s",
                status=response.status_code,
                url=url,
            )
        )
    if len(response.content) > MAX_ANSWER_BYTES:
        raise OidcError(Message("the sign-in service's answer is too large"))
    try:
        return response.json()
    except ValueError:
        raise OidcError(
            Message("the sign-in service's answer on %(url)s is not JSON", url=url)
        ) from None


async def discover(issuer: str) -> Provider:
    """Read the provider's discovery document; its issuer must be the one configured."""
    async with httpx.AsyncClient(verify=tls.verifying(), timeout=TIMEOUT) as client:
        document = await _get_json(
            client, "GET", f"{issuer.rstrip('/')}/.well-known/openid-configuration"
        )
    try:
        provider = Provider(
            document["issuer"],
            document["authorization_endpoint"],
            document["token_endpoint"],
            document["jwks_uri"],
        )
    except (KeyError, TypeError):
        raise OidcError(Message("the sign-in service's discovery document is incomplete")) from None
    if provider.issuer != issuer:
        raise OidcError(
            Message(
                "the sign-in service calls itself %(called)s, not %(expected)s",
                called=repr(provider.issuer),
                expected=repr(issuer),
            )
        )
    return provider


def authorization_url(provider: Provider, client: Client, attempt: Attempt) -> str:
    """Where to send the browser to sign in."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": client.redirect_uri,
            "scope": "openid email profile",
            "state": attempt.state,
            "nonce": attempt.nonce,
            "code_challenge": attempt.challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{provider.authorization_endpoint}?{query}"


async def identity(
    provider: Provider, client: Client, attempt: Attempt, code: str
) -> dict[str, Any]:
    """Exchange the code for an ID token, and return its checked claims."""
    async with httpx.AsyncClient(verify=tls.verifying(), timeout=TIMEOUT) as http:
        tokens = await _get_json(
            http,
            "POST",
            provider.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": client.redirect_uri,
                "code_verifier": attempt.verifier,
            },
            auth=(client.client_id, client.client_secret),
        )
        keys = await _get_json(http, "GET", provider.jwks_uri)
    id_token = tokens.get("id_token") if isinstance(tokens, dict) else None
    if not isinstance(id_token, str):
        raise OidcError(Message("the sign-in service sent no ID token"))
    try:
        token = jwt.decode(id_token, KeySet.import_key_set(keys), algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(
            now=int(time.time()),
            leeway=60,
            iss={"essential": True, "value": provider.issuer},
            aud={"essential": True, "value": client.client_id},
            nonce={"essential": True, "value": attempt.nonce},
            sub={"essential": True},
            exp={"essential": True},
        ).validate(token.claims)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise OidcError(
            Message("the ID token is not valid: %(problem)s", problem=str(error))
        ) from None
    return dict(token.claims)


async def user_for(issuer: str, claims: dict[str, Any]) -> User:
    """The user these claims identify: linked before, linked now by verified e-mail, or new."""
    subject = str(claims["sub"])[:255]
    user = await User.get_or_none(oidc_issuer=issuer, oidc_subject=subject)
    if user is not None:
        return user
    email = str(claims.get("email") or "").strip().lower()[:254]
    if not email or claims.get("email_verified") is not True:
        raise OidcError(Message("the sign-in service did not vouch for an e-mail address"))
    actor = f"oidc:{issuer}"
    async with in_transaction():
        user = await User.get_or_none(email=email)
        if user is not None and user.oidc_subject is not None:
            raise OidcError(
                Message("%(address)s is linked to another single sign-on identity", address=email)
            )
        if user is None:
            user = await User.create(email=email, name=str(claims.get("name") or "")[:200])
            await record_event(
                actor=actor,
                action=Action.USER_CREATE,
                target=user,
                after={"email": email, "oidc_issuer": issuer},
            )
        user.oidc_issuer, user.oidc_subject = issuer, subject
        await user.save(update_fields=["oidc_issuer", "oidc_subject"])
        await record_event(
            actor=actor,
            action=Action.USER_LINK,
            target=user,
            after={"oidc_issuer": issuer, "oidc_subject": subject},
        )
    return user


async def record_failure(issuer: str, *, reason: str) -> None:
    """A sign-in through `issuer` that failed, for the audit trail."""
    await record_event(
        actor=f"oidc:{issuer}",
        action=Action.USER_SIGN_IN_FAIL,
        target=("User", "unknown"),
        after={"reason": reason[:300]},
    )
