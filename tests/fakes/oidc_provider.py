# SPDX-License-Identifier: EUPL-1.2
"""A small OpenID Connect provider for tests, served for real on loopback.

It speaks the authorization code flow with PKCE: discovery, /authorize (which "signs in" at
once and sends the browser back with a code), /token (checks the code, the verifier and the
client's credentials, and returns a signed ID token) and the key set. `mode` makes it misbehave.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.fakes.server import free_port, serving

CLIENT_ID = "opentenzij-test"
CLIENT_SECRET = "test-client-secret"


@dataclass
class FakeProvider:
    """The provider's state: its keys, codes handed out, and how it should behave."""

    issuer: str = ""
    mode: str = "ok"
    subject: str = "user-123"
    email: str = "ambtenaar@example.nl"
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: int = 0

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        issuer = (
            "https://impostor.example" if self.mode == "wrong_issuer_discovery" else self.issuer
        )
        return JSONResponse(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
            }
        )

    async def authorize(self, request: Request) -> Response:
        query = request.query_params
        if self.mode == "deny":
            return RedirectResponse(
                f"{query['redirect_uri']}?"
                + urlencode({"error": "access_denied", "state": query["state"]})
            )
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            name: query[name]
            for name in ("client_id", "redirect_uri", "nonce", "code_challenge", "state")
        }
        return RedirectResponse(
            f"{query['redirect_uri']}?" + urlencode({"code": code, "state": query["state"]})
        )

    async def token(self, request: Request) -> Response:
        self.token_requests += 1
        if self.mode == "token_500":
            return PlainTextResponse("boom", status_code=500)
        if self.mode == "token_not_json":
            return PlainTextResponse("<html>maintenance</html>")
        form = await request.form()
        granted = self.codes.pop(str(form.get("code")), None)
        expected_auth = (
            "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        )
        verifier = str(form.get("code_verifier", ""))
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if (
            granted is None
            or request.headers.get("authorization") != expected_auth
            or challenge != granted["code_challenge"]
            or form.get("redirect_uri") != granted["redirect_uri"]
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse(
            {
                "access_token": "at",
                "token_type": "Bearer",
                "id_token": self.id_token(granted["nonce"]),
            }
        )

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": self.subject,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "email": self.email,
            "email_verified": True,
            "name": "Test Ambtenaar",
        }
        key = self.key
        if self.mode == "wrong_audience":
            claims["aud"] = "someone-else"
        elif self.mode == "expired":
            claims["exp"] = now - 3600
        elif self.mode == "wrong_nonce":
            claims["nonce"] = "not-the-nonce"
        elif self.mode == "wrong_issuer":
            claims["iss"] = "https://impostor.example"
        elif self.mode == "unverified_email":
            claims["email_verified"] = False
        elif self.mode == "bad_signature":
            key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))


@contextmanager
def serve(provider: FakeProvider) -> Iterator[FakeProvider]:
    """Serve the fake on a loopback port in a thread for the duration of the block."""
    port = free_port()
    provider.issuer = f"http://127.0.0.1:{port}"
    with serving(provider.app(), port):
        yield provider
