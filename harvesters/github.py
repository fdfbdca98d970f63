# SPDX-License-Identifier: EUPL-1.2
"""GitHub (and GitHub Enterprise) through PyGithub.

Listing pages and per-repository details are requested with PyGithub's requester, so that
each request can carry the validators of the last answer: a 304 costs no rate limit. PyGithub's
own retrying and sleeping are off; this module retries and waits on an injectable clock.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from github import Auth, Github
from github.GithubException import GithubException
from requests.exceptions import RequestException

from harvesters.types import (
    AccountListing,
    AccountRef,
    Clock,
    Failure,
    ForgeError,
    HarvestedRepository,
    SystemClock,
    Validator,
)

PAGE_SIZE = 100
RETRIES = 3
MAX_WAIT = 15 * 60  # seconds: a longer rate-limit wait ends the account's harvest instead
NEXT = re.compile(r'<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="next"')


class GitHubForge:
    """GitHub at `api_url` (https://api.github.com, or https://HOST/api/v3 for Enterprise)."""

    def __init__(
        self,
        *,
        api_url: str = "https://api.github.com",
        token: str | None = None,
        web_url: str = "https://github.com",
        clock: Clock | None = None,
        timeout: int = 30,
    ) -> None:
        self.client = Github(
            base_url=api_url,
            auth=Auth.Token(token) if token else None,
            retry=None,
            seconds_between_requests=None,
            timeout=timeout,
            per_page=PAGE_SIZE,
        )
        self.host = urlsplit(web_url).netloc
        self.clock = clock or SystemClock()

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        listing = AccountListing()
        kind = "orgs" if account.is_group else "users"
        page = 1
        while True:
            path = f"/{kind}/{account.name}/repos?per_page={PAGE_SIZE}&sort=full_name&page={page}"
            status, headers, body = self._get(path, validators.get(path), listing)
            if status == 304:
                saved = validators[path]
                listing.unchanged_keys += saved.payload["keys"]
                listing.validators[path] = saved
                has_next = saved.payload["next"]
            else:
                repos = self._json(body, path)
                if not isinstance(repos, list):
                    raise ForgeError(Failure.MALFORMED, f"{path}: expected a list")
                has_next = NEXT.search(headers.get("link", "")) is not None
                listing.validators[path] = Validator(
                    headers.get("etag"),
                    headers.get("last-modified"),
                    {"keys": [self._key(r) for r in repos], "next": has_next},
                )
                for repo in repos:
                    self._add(repo, validators, listing)
            if not has_next:
                listing.complete = True
                return listing
            page += 1

    def _add(
        self, repo: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> None:
        url = str(repo.get("html_url") or "")
        try:
            languages = self._languages(repo, validators, listing)
            publiccode = self._publiccode(repo, validators, listing)
            listing.changed.append(self._normalise(repo, languages, publiccode))
        except ForgeError as error:
            listing.failed.append((url, str(error)))
        except (KeyError, TypeError, ValueError) as error:
            listing.failed.append((url, f"malformed repository: {error!r}"))

    def _languages(
        self, repo: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> list[str]:
        path = f"/repos/{repo['full_name']}/languages"
        status, headers, body = self._get(path, validators.get(path), listing)
        if status == 304:
            listing.validators[path] = validators[path]
            return list(validators[path].payload)
        found = self._json(body, path)
        if not isinstance(found, dict):
            raise ForgeError(Failure.MALFORMED, f"{path}: expected an object")
        ranked = [
            name
            for name, size in sorted(
                found.items(), key=lambda item: -int(item[1] if isinstance(item[1], int) else 0)
            )
            if name != "url"
        ]
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), ranked
        )
        return ranked

    def _publiccode(
        self, repo: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> str | None:
        path = f"/repos/{repo['full_name']}/contents/publiccode.yml"
        try:
            status, headers, body = self._get(path, validators.get(path), listing)
        except ForgeError as error:
            if error.failure is Failure.GONE:
                return None
            raise
        if status == 304:
            listing.validators[path] = validators[path]
            return validators[path].payload["text"]  # type: ignore[no-any-return]
        document = self._json(body, path)
        try:
            text = base64.b64decode(document["content"]).decode("utf-8")
        except (KeyError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise ForgeError(Failure.MALFORMED, f"{path}: unreadable content: {error}") from None
        # A JSON field reads a bare string as JSON text, so the text goes in an object.
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"text": text}
        )
        return text

    def _get(
        self, path: str, validator: Validator | None, listing: AccountListing
    ) -> tuple[int, dict[str, str], str]:
        """GET with validators; retry 5xx and connection errors, wait out rate limits."""
        headers = {}
        if validator and validator.etag:
            headers["If-None-Match"] = validator.etag
        if validator and validator.last_modified:
            headers["If-Modified-Since"] = validator.last_modified
        waited = 0.0
        for attempt in range(RETRIES + 1):
            listing.requests += 1
            try:
                status, answer_headers, body = self.client.requester.requestJson(
                    "GET", path, headers=headers
                )
            except (RequestException, GithubException, OSError) as error:
                status, answer_headers, body = 0, {}, str(error)
            lowered = {k.lower(): v for k, v in answer_headers.items()}
            if status in {200, 304}:
                listing.rate_limit_used += status == 200
                return status, lowered, body
            pause = self._pause(status, lowered, attempt)
            if pause is None or waited + pause > MAX_WAIT:
                raise self._failure(status, path, body, lowered)
            waited += pause
            self.clock.sleep(pause)
        raise self._failure(status, path, body, lowered)

    def _pause(self, status: int, headers: dict[str, str], attempt: int) -> float | None:
        """How long to wait before trying again, or None when trying again is no use."""
        if status in {403, 429} and (
            "retry-after" in headers or headers.get("x-ratelimit-remaining") == "0"
        ):
            if "retry-after" in headers and headers["retry-after"].isdigit():
                return float(headers["retry-after"])
            reset = float(headers.get("x-ratelimit-reset", "0") or 0)
            return max(1.0, reset - self.clock.now() + 1)
        if status == 0 or status >= 500:
            return float(2**attempt)
        return None

    def _failure(self, status: int, path: str, body: str, headers: dict[str, str]) -> ForgeError:
        if status == 401:
            return ForgeError(Failure.AUTH, f"{path}: the token was refused (401)")
        if status == 404:
            return ForgeError(Failure.GONE, f"{path}: not found (404)")
        if status in {403, 429}:
            return ForgeError(
                Failure.RATE_LIMITED,
                f"{path}: rate limited ({status}), "
                f"resets at {headers.get('x-ratelimit-reset', '?')}",
            )
        what = f"answered {status}" if status else f"no answer ({body[:100]})"
        return ForgeError(Failure.UNAVAILABLE, f"{path}: {what} after {RETRIES} retries")

    @staticmethod
    def _json(body: str, path: str) -> Any:
        try:
            return json.loads(body)
        except (TypeError, ValueError):
            raise ForgeError(Failure.MALFORMED, f"{path}: the answer is not JSON") from None

    def _key(self, repo: dict[str, Any]) -> str:
        return f"{self.host}:{repo['id']}"

    def _normalise(
        self, repo: dict[str, Any], languages: list[str], publiccode: str | None
    ) -> HarvestedRepository:
        licence = repo.get("license") or {}
        spdx = licence.get("spdx_id") if isinstance(licence, dict) else None
        parent = repo.get("parent") or {}
        return HarvestedRepository(
            forge_key=self._key(repo),
            url=str(repo["html_url"]),
            full_name=str(repo["full_name"]),
            name=str(repo["name"]),
            description=str(repo.get("description") or "")[:5000],
            homepage=str(repo.get("homepage") or "")[:400] or None,
            topics=tuple(str(t) for t in repo.get("topics") or ()),
            languages=tuple(languages) or ((repo["language"],) if repo.get("language") else ()),
            stars=int(repo.get("stargazers_count") or 0),
            forks=int(repo.get("forks_count") or 0),
            open_issues=int(repo.get("open_issues_count") or 0),
            archived=bool(repo.get("archived")),
            fork_of=str(parent.get("html_url")) if parent.get("html_url") else None,
            default_branch=repo.get("default_branch"),
            created_on_host_at=_moment(repo.get("created_at")),
            last_activity_at=_moment(repo.get("pushed_at")),
            licence_forge=spdx if spdx and spdx != "NOASSERTION" else None,
            publiccode_yml=publiccode,
        )


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
