# SPDX-License-Identifier: EUPL-1.2
"""Every outgoing HTTP client verifies certificates, with one TLS context made once per
process instead of one per client (each reads the whole bundle of certificate authorities)."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from catalogue import tls
from catalogue.federation import fetching
from catalogue.federation.limits import Limits
from catalogue.organisations import websites
from catalogue.webhooks import delivery
from harvesters.bitbucket import BitbucketCloudForge


@pytest.fixture
def contexts_made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[ssl.SSLContext]]:
    """The verifying contexts made from now on (the cached ones are forgotten first)."""
    made: list[ssl.SSLContext] = []
    original = ssl.create_default_context

    def counting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(original(*args, **kwargs))
        return made[-1]

    tls.verifying.cache_clear()
    monkeypatch.setattr(ssl, "create_default_context", counting)
    yield made
    tls.verifying.cache_clear()


def test_the_shared_context_verifies_certificates_and_host_names() -> None:
    context = tls.verifying()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0
    assert tls.verifying() is context


OPENERS: dict[str, Callable[[], httpx.AsyncClient | httpx.Client]] = {
    "federation": lambda: fetching.client(Limits()),
    "webhooks": delivery.new_client,
    "websites": websites.new_client,
    "bitbucket": lambda: BitbucketCloudForge(api_url="https://api.example").client(),
}


def test_clients_opened_again_and_again_make_one_context_per_kind(
    contexts_made: list[ssl.SSLContext],
) -> None:
    clients = [open_client() for _ in range(5) for open_client in OPENERS.values()]
    # One that reads SSL_CERT_FILE and SSL_CERT_DIR, and one that doesn't (webhooks, websites).
    assert len(contexts_made) == 2
    for client in clients:
        pool = client._transport._pool  # type: ignore[union-attr]
        assert pool._ssl_context in contexts_made
        if isinstance(client, httpx.Client):
            client.close()


def test_a_test_may_still_give_a_website_check_its_own_authority(
    contexts_made: list[ssl.SSLContext],
) -> None:
    own = ssl.create_default_context()
    client = websites.new_client(verify=own)
    assert client._transport._pool._ssl_context is own  # type: ignore[attr-defined]
