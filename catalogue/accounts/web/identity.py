# SPDX-License-Identifier: EUPL-1.2
"""Who a session key or an API token belongs to, for the web toolkit (catalogue.web.auth),
which the composition root hands this as the app's `Identities`."""

from __future__ import annotations

from catalogue.accounts import sessions
from catalogue.permissions.rules import Principal
from catalogue.web.auth import Identities


async def of_session(key: str) -> Principal | None:
    """The principal of a live session, or None."""
    user = await sessions.session_user(key)
    return await sessions.principal_for(user) if user else None


async def of_token(token: str) -> Principal | None:
    """The principal an API token acts for, or None when it is unknown, expired or revoked."""
    user = await sessions.token_user(token)
    return await sessions.principal_for(user) if user else None


IDENTITIES = Identities(session=of_session, token=of_token)
