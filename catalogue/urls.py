# SPDX-License-Identifier: EUPL-1.2
"""Canonical forms of code-host and repository URLs. Pure: no ORM, no web."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from rfc3986_validator import validate_rfc3986

from catalogue.messages import Message

SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w-]+(?:\.[\w-]+)+):(?P<path>[\w.-][\w./-]*)$")
MAX_URL_LENGTH = 400


class UrlError(ValueError):
    """A URL that cannot name a code host or repository."""


def canonical_url(url: str) -> str:
    """https, lower-case host without www., no credentials, no trailing slash or .git.

    >>> canonical_url("HTTP://www.GitHub.com/MinBZK/woo-besluit.git/")
    'https://github.com/MinBZK/woo-besluit'
    """
    text = url.strip()
    if len(text) > MAX_URL_LENGTH:
        raise UrlError(Message("longer than %(limit)s characters", limit=MAX_URL_LENGTH))
    if (match := SCP_LIKE.match(text)) and "://" not in text:
        text = f"https://{match['host']}/{match['path']}"
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https", "git", "ssh"} or not parts.hostname:
        raise UrlError(
            Message("%(address)s is not a web address of a code host", address=repr(url))
        )
    host = parts.hostname.lower().removeprefix("www.")
    netloc = f"{host}:{parts.port}" if parts.port and parts.port not in {80, 443, 22} else host
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/").removesuffix(".git").rstrip("/")
    return urlunsplit(("https", netloc, path, "", ""))


def host_and_owners(url: str) -> tuple[str, list[str]]:
    """The code host of a repository URL and every path prefix that could be its account.

    >>> host_and_owners("https://gitlab.com/commonground/core/haven")
    ('https://gitlab.com', ['commonground/core', 'commonground'])
    """
    parts = urlsplit(canonical_url(url))
    segments = parts.path.strip("/").split("/")
    owners = ["/".join(segments[:n]) for n in range(len(segments) - 1, 0, -1)]
    return f"{parts.scheme}://{parts.netloc}", owners


def is_web_address(text: str) -> bool:
    """Whether the text is an absolute http(s) address as RFC 3986 writes one, e.g. a homepage:
    the exports (code.json, DCAT-AP) can only publish addresses that pass this.

    >>> is_web_address("https://www.amsterdam.nl/"), is_web_address("https://x.org/%zz")
    (True, False)
    """
    parts = urlsplit(text)
    return (
        parts.scheme.lower() in {"http", "https"}
        and bool(parts.netloc)
        and validate_rfc3986(text, rule="URI") is not None
    )
