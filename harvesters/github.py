# SPDX-License-Identifier: EUPL-1.2
"""GitHub (and GitHub Enterprise) through PyGithub.

Listing pages and per-repository details are requested with PyGithub's requester, so that
each request can carry the validators of the last answer: a 304 costs no rate limit. PyGithub's
own retrying and sleeping are off; this module retries and waits on an injectable clock.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import urlsplit

from github import Auth, Github
from github.GithubException import GithubException
from requests.exceptions import RequestException

from harvesters.base import Answer, HttpForge, moment
from harvesters.types import (
    AccountListing,
    AccountRef,
    Clock,
    Failure,
    ForgeError,
    HarvestedRepository,
    Validator,
)

PAGE_SIZE = 100
NEXT = re.compile(r'<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="next"')


class GitHubForge(HttpForge):
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
        super().__init__(clock)
        self.client = Github(
            base_url=api_url,
            auth=Auth.Token(token) if token else None,
            retry=None,
            seconds_between_requests=None,
            timeout=timeout,
            per_page=PAGE_SIZE,
        )
        self.host = urlsplit(web_url).netloc

    def send(self, path: str, headers: dict[str, str]) -> Answer:
        try:
            status, answer_headers, body = self.client.requester.requestJson(
                "GET", path, headers=headers
            )
        except (RequestException, GithubException, OSError) as error:
            return 0, {}, str(error)
        return status, {k.lower(): v for k, v in answer_headers.items()}, body

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        listing = AccountListing()
        kind = "orgs" if account.is_group else "users"
        page = 1
        while True:
            path = f"/{kind}/{account.name}/repos?per_page={PAGE_SIZE}&sort=full_name&page={page}"
            status, headers, page_json = self.get_page(path, validators.get(path), listing)
            if status == 304:
                saved = validators[path]
                listing.unchanged_keys += saved.payload["keys"]
                listing.validators[path] = saved
                has_next = saved.payload["next"]
            else:
                repos = page_json
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
            if repo.get("fork") and not repo.get("parent"):
                repo = {**repo, "parent": self._parent(repo, validators, listing)}
            listing.changed.append(self._normalise(repo, languages, publiccode))
        except ForgeError as error:
            listing.failed.append((url, str(error)))
        except (KeyError, TypeError, ValueError) as error:
            listing.failed.append((url, f"malformed repository: {error!r}"))

    def _languages(
        self, repo: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> list[str]:
        path = f"/repos/{repo['full_name']}/languages"
        status, headers, body = self.get(path, validators.get(path), listing)
        if status == 304:
            listing.validators[path] = validators[path]
            return list(validators[path].payload)
        found = self.json(body, path)
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

    def _parent(
        self, repo: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> dict[str, Any]:
        """The repository a fork was made from: a listing does not say, its own page does."""
        path = f"/repos/{repo['full_name']}"
        status, headers, body = self.get(path, validators.get(path), listing)
        if status == 304:
            listing.validators[path] = validators[path]
            return dict(validators[path].payload)
        parent = (self.json(body, path) or {}).get("parent") or {}
        found = {"html_url": parent.get("html_url")} if isinstance(parent, dict) else {}
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), found
        )
        return found

    def _publiccode(
        self, repo: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> str | None:
        path = f"/repos/{repo['full_name']}/contents/publiccode.yml"
        try:
            status, headers, body = self.get(path, validators.get(path), listing)
        except ForgeError as error:
            if error.failure is Failure.GONE:
                return None
            raise
        if status == 304:
            listing.validators[path] = validators[path]
            return validators[path].payload["text"]  # type: ignore[no-any-return]
        document = self.json(body, path)
        try:
            text = base64.b64decode(document["content"]).decode("utf-8")
        except (KeyError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise ForgeError(Failure.MALFORMED, f"{path}: unreadable content: {error}") from None
        # A JSON field reads a bare string as JSON text, so the text goes in an object.
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"text": text}
        )
        return text

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
            created_on_host_at=moment(repo.get("created_at")),
            last_activity_at=moment(repo.get("pushed_at")),
            licence_forge=spdx if spdx and spdx != "NOASSERTION" else None,
            publiccode_yml=publiccode,
        )
