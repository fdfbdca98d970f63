# SPDX-License-Identifier: EUPL-1.2
"""The TLS settings of every outgoing HTTP client: one context, made once per process.

httpx makes a new SSL context for each client it opens unless it is given one, and making
one reads and parses the whole bundle of trusted certificate authorities (about 25 ms of
CPU here: more than a short request to a forge itself). The harvesters, federation,
webhook deliveries and website checks open a client per run, per account or per delivery, so
they share this one. A context is safe to share between clients and threads once made; no
code changes it afterwards."""

from __future__ import annotations

import ssl
from functools import cache

import httpx


@cache
def verifying(*, trust_env: bool = True) -> ssl.SSLContext:
    """The context that verifies certificates against the trusted authorities, as httpx's
    default does: certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR when `trust_env`."""
    return httpx.create_ssl_context(verify=True, trust_env=trust_env)
