# SPDX-License-Identifier: EUPL-1.2
"""What every harvester speaks: the forge-neutral repository, listings, errors, the clock."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class AccountRef:
    """A code-host account to harvest: its catalogue id, host and name."""

    id: int
    base_url: str
    name: str
    is_group: bool = True


@dataclass(frozen=True, slots=True)
class HarvestedRepository:
    """One repository as a code host describes it, normalised."""

    forge_key: str  # "<host>:<the host's id>", stable through renames and transfers
    url: str
    full_name: str
    name: str
    description: str = ""
    homepage: str | None = None
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    stars: int = 0
    forks: int = 0
    open_issues: int = 0
    archived: bool = False
    mirror: bool = False  # a pull mirror of a repository elsewhere
    fork_of: str | None = None
    default_branch: str | None = None
    created_on_host_at: datetime | None = None
    last_activity_at: datetime | None = None
    licence_forge: str | None = None
    licence_file: str | None = None  # the licence its licence file states, when recognised
    publiccode_yml: str | None = None
    sbom: bytes | None = None  # the host's SBOM (SPDX JSON), when asked for and changed
    # The quality signals' files (issue 20); None where this forge's harvest does not read them.
    root_files: tuple[str, ...] | None = None  # names at the root, folders ending in "/"
    security_policy: str | None = None  # path of its SECURITY.md, when it has one
    reuse_toml: str | None = None  # its REUSE.toml, verbatim
    licence_texts: tuple[str, ...] | None = None  # the file names in its LICENSES/ folder


@dataclass(slots=True)
class Validator:
    """What the host said of a URL last time: validators, and what a 304 stands for."""

    etag: str | None = None
    last_modified: str | None = None
    payload: Any = None


@dataclass(slots=True)
class AccountListing:
    """The outcome of listing one account."""

    changed: list[HarvestedRepository] = field(default_factory=list)
    unchanged_keys: list[str] = field(default_factory=list)  # on pages the host said were 304
    failed: list[tuple[str, str]] = field(default_factory=list)  # (repository URL, reason)
    failed_keys: list[str] = field(default_factory=list)  # listed, but could not be read
    unidentified: int = 0  # listed items too broken to say which repository they are
    complete: bool = False  # every page was read, so what is missing is gone
    requests: int = 0
    rate_limit_used: int = 0
    validators: dict[str, Validator] = field(default_factory=dict)  # to store for next time


class Failure(StrEnum):
    """Why a request to a code host did not give an answer to use."""

    AUTH = "auth"  # 401: the token is wrong; stop this account
    GONE = "gone"  # 404
    RATE_LIMITED = "rate_limited"  # still limited after the longest wait allowed
    UNAVAILABLE = "unavailable"  # 5xx or no connection, after retries
    MALFORMED = "malformed"  # an answer that is not the JSON it should be
    REFUSED = "refused"  # an address the harvest may not ask (a local path, a private host)


class ForgeError(Exception):
    """A request failed in a way retrying did not mend; `failure` says which way."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure


class Clock(Protocol):
    """Time, injectable so that tests never wait for a rate limit for real."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class Forge(Protocol):
    """A kind of code host. Implementations are synchronous; the pipeline runs them in threads."""

    host: str

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        """Every repository of the account, asking conditionally where validators exist."""
        ...
