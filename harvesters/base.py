# SPDX-License-Identifier: EUPL-1.2
"""What the forges share: a GET that sends validators, retries 5xx and lost connections with
backoff, and waits out rate limits on an injectable clock, up to a cap."""

from __future__ import annotations

import hashlib
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from harvesters.types import (
    AccountListing,
    Clock,
    Failure,
    ForgeError,
    HarvestedRepository,
    SystemClock,
    Validator,
)

logger = logging.getLogger("opentenzij.harvest")
RETRIES = 3
MAX_WAIT = 15 * 60  # seconds: a longer rate-limit wait ends the account's harvest instead

Answer = tuple[int, dict[str, str], str]  # status (0: no answer), lower-case headers, body


class HttpForge(ABC):
    """Base of the forges: subclasses say how to send a request and read rate-limit headers."""

    host: str
    page_size = 100  # repositories per listing page
    # Whether a push changes a repository's listing item; where it does not (Bitbucket Data
    # Center), an unchanged item does not vouch for unchanged files.
    pushes_in_listing = True
    remaining_header = "x-ratelimit-remaining"
    reset_header = "x-ratelimit-reset"

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()

    @abstractmethod
    def send(self, path: str, headers: dict[str, str]) -> Answer:
        """One GET; never raises for an HTTP status (status 0 when there was no answer)."""

    def get(self, path: str, validator: Validator | None, listing: AccountListing) -> Answer:
        """GET `path` conditionally; 200 or 304, or ForgeError after retries and waits."""
        headers = {}
        if validator and validator.etag:
            headers["If-None-Match"] = validator.etag
        if validator and validator.last_modified:
            headers["If-Modified-Since"] = validator.last_modified
        waited = 0.0
        status, body = 0, ""
        answer_headers: Mapping[str, str] = {}
        for attempt in range(RETRIES + 1):
            listing.requests += 1
            status, answer_headers, body = self.send(path, headers)
            if status in {200, 304}:
                listing.rate_limit_used += status == 200
                return status, answer_headers, body
            pause = self.pause(status, answer_headers, attempt)
            if pause is None or waited + pause > MAX_WAIT:
                break
            waited += pause
            logger.info(
                "%s%s answered %s; trying again in %.0f s",
                self.host,
                path,
                status or "nothing",
                pause,
            )
            self.clock.sleep(pause)
        raise self.failure(status, path, body, answer_headers)

    def list_pages(
        self,
        page_path: Callable[[int], str],
        validators: dict[str, Validator],
        *,
        has_next: Callable[[dict[str, str]], bool],
        unwrap: Callable[[Any], tuple[Any, bool]] | None = None,
    ) -> AccountListing:
        """Walk an account's listing pages; a page answered 304 stands for the repositories it
        listed last time, and only a changed page costs requests per repository."""
        listing = AccountListing()
        known = _prints(validators)
        page = 1
        while True:
            path = page_path(page)
            status, headers, items = self.get_page(path, validators.get(path), listing)
            if status == 304:
                saved = listing.validators[path] = validators[path]
                listing.unchanged_keys += saved.payload["keys"]
                # A full last page may have gained a next page without changing itself.
                more = bool(saved.payload["next"]) or len(saved.payload["keys"]) >= self.page_size
            else:
                more = has_next(headers)
                if unwrap is not None:  # the page's repositories in an envelope (Bitbucket)
                    items, more = unwrap(items)
                if not isinstance(items, list):
                    raise ForgeError(Failure.MALFORMED, f"{path}: expected a list")
                failed = len(listing.failed)
                prints: dict[str, list[Any]] = {}
                for item in items:
                    prints.update(self._add(item, validators, listing, known))
                # A page with a failed repository is asked for in full next time.
                clean = len(listing.failed) == failed
                listing.validators[path] = Validator(
                    headers.get("etag") if clean else None,
                    headers.get("last-modified") if clean else None,
                    {"keys": self._keys(items), "next": more, "prints": prints},
                )
            if not more:
                listing.complete = True
                return listing
            page += 1

    def _add(
        self,
        item: dict[str, Any],
        validators: dict[str, Validator],
        listing: AccountListing,
        known: dict[str, list[Any]],
    ) -> dict[str, list[Any]]:
        """One repository of a changed page: the same as last time (no request, no write),
        normalised from the listing (fetching only what changed), or logged as failed.
        Returns its print for the page's validator: {key: [fingerprint, content version]}."""
        url = str(item.get(self.web_url_field) or "") if isinstance(item, dict) else ""
        key: str | None = None
        try:
            key = self.key(item)
            version = (
                self.content_version(item)
                if self.pushes_in_listing
                else self.content_signal(item, listing)
            )
            now = [fingerprint(item), version]
            before = known.get(key)
            if before == now and (self.pushes_in_listing or version is not None):
                listing.unchanged_keys.append(key)
                return {key: now}
            same_content = before is not None and now[1] is not None and before[1] == now[1]
            listing.changed.append(self.repository(item, validators, listing, reuse=same_content))
            return {key: now}
        except ForgeError as error:
            listing.failed.append((url, str(error)))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            listing.failed.append((url, f"malformed repository: {error!r}"))
        if key is None:
            listing.unidentified += 1  # which repository it was is unknown
        else:
            listing.failed_keys.append(key)  # it is there, though it failed
        return {}

    def _keys(self, items: list[Any]) -> list[str]:
        """The keys of a page's repositories, leaving out items too broken to have one."""
        keys = []
        for item in items:
            try:
                keys.append(self.key(item))
            except (KeyError, TypeError):
                continue
        return keys

    def content_version(self, item: dict[str, Any]) -> str | None:
        """What in a listing item changes whenever the repository's files may have changed
        (GitHub's pushed_at): while it stays, the files read last time still hold. None: the
        listing does not say, so every change of the item reads the files again."""
        return None

    def content_signal(self, item: dict[str, Any], listing: AccountListing) -> str | None:
        """Where the listing shows no push (`pushes_in_listing` False): what a request per
        repository says moves on every push (Bitbucket Data Center's latest commit of the
        default branch). None: unknown, so the repository's files are read again."""
        return None

    def detail(
        self,
        path: str,
        validators: dict[str, Validator],
        listing: AccountListing,
        read: Callable[[str], Any],
        *,
        reuse: bool = False,
    ) -> Any:
        """A per-repository detail: `read(body)` of a fresh answer (kept for next time), or
        what was kept last time when the host answers 304, or without asking when `reuse`
        (the listing says the repository's files did not change) and something was kept."""
        kept = validators.get(path)
        if (
            reuse
            and kept is not None
            and isinstance(kept.payload, dict)
            and "value" in kept.payload
        ):
            return kept.payload["value"]
        status, headers, body = self.get(path, kept, listing)
        if status == 304:
            listing.validators[path] = validators[path]
            return validators[path].payload["value"]
        value = read(body)
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"value": value}
        )
        return value

    @abstractmethod
    def key(self, item: dict[str, Any]) -> str:
        """The repository's forge key: host and the host's id."""

    @abstractmethod
    def repository(
        self,
        item: dict[str, Any],
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool = False,
    ) -> HarvestedRepository:
        """Fetch what a listing lacks and normalise one repository; with `reuse`, details
        kept from last time stand without a request (its files did not change)."""

    web_url_field = "web_url"

    def get_page(
        self, path: str, validator: Validator | None, listing: AccountListing
    ) -> tuple[int, dict[str, str], Any]:
        """GET a listing page and parse it; a truncated answer is asked for again, since a
        page lost means an account unlisted. Returns the JSON, or None on a 304."""
        for attempt in range(RETRIES):
            status, headers, body = self.get(path, validator, listing)
            if status == 304:
                return status, headers, None
            try:
                return status, headers, self.json(body, path)
            except ForgeError:
                self.clock.sleep(float(2**attempt))
        status, headers, body = self.get(path, validator, listing)
        return status, headers, None if status == 304 else self.json(body, path)

    def pause(self, status: int, headers: dict[str, str], attempt: int) -> float | None:
        """How long to wait before trying again, or None when trying again is no use."""
        limited = status == 429 or (
            status == 403
            and ("retry-after" in headers or headers.get(self.remaining_header) == "0")
        )
        if limited:
            if headers.get("retry-after", "").isdigit():
                return float(headers["retry-after"])
            reset = float(headers.get(self.reset_header, "0") or 0)
            return max(1.0, reset - self.clock.now() + 1)
        if status == 0 or status >= 500:
            return float(2**attempt)
        return None

    def failure(self, status: int, path: str, body: str, headers: Mapping[str, str]) -> ForgeError:
        if status == 401:
            return ForgeError(Failure.AUTH, f"{path}: the token was refused (401)")
        if status == 404:
            return ForgeError(Failure.GONE, f"{path}: not found (404)")
        if status in {403, 429}:
            return ForgeError(
                Failure.RATE_LIMITED,
                f"{path}: rate limited ({status}), resets at {headers.get(self.reset_header, '?')}",
            )
        what = f"answered {status}" if status else f"no answer ({body[:100]})"
        return ForgeError(Failure.UNAVAILABLE, f"{path}: {what}, after {RETRIES} retries")

    @staticmethod
    def json(body: str, path: str) -> Any:
        try:
            return json.loads(body)
        except (TypeError, ValueError):
            raise ForgeError(Failure.MALFORMED, f"{path}: the answer is not JSON") from None


def fingerprint(item: Any) -> str:
    """A short digest of a listing item: equal digests, nothing in the item changed."""
    text = json.dumps(item, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _prints(validators: dict[str, Validator]) -> dict[str, list[Any]]:
    """The prints of every repository on the account's listing pages last time, by key."""
    found: dict[str, list[Any]] = {}
    for validator in validators.values():
        payload = validator.payload
        if isinstance(payload, dict) and isinstance(payload.get("prints"), dict):
            found.update(payload["prints"])
    return found


def moment(value: Any) -> datetime | None:
    """An ISO 8601 time from a code host (with Z or an offset), or None."""
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
