# SPDX-License-Identifier: EUPL-1.2
"""Forgejo and Gitea (code.overheid.nl, Codeberg, self-hosted) through the shared HTTP base.

No maintained Python client fits (docs/adr/0005-forges.md): requests go through httpx here,
and HttpForge retries, waits out 429 with Retry-After on the injectable clock, and sends the
validators it kept. The listing (`/orgs/{org}/repos`, or `/users/{user}/repos`) gives
everything but the files; per repository the root folder is listed once (its entries carry
each file's blob id), and only files whose blob id changed are read (`/raw/{path}`, whose
ETag is the blob id), so a push that touched neither publiccode.yml nor the licence costs one
request.
"""

from __future__ import annotations

import re
import threading
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from catalogue import tls
from catalogue.licences import detect_licence_file, is_licence_file
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

PAGE_SIZE = 50  # Forgejo's MAX_RESPONSE_ITEMS: a larger limit is cut to it
NEXT = re.compile(r'<[^>]*>;\s*rel="next"')
MAX_FILE = 512 * 1024  # a publiccode.yml or licence file larger than this is not read


class ForgejoForge(HttpForge):
    """A Forgejo or Gitea instance at `url` (its web address; the API is at /api/v1)."""

    remaining_header = "x-ratelimit-remaining"
    reset_header = "x-ratelimit-reset"
    web_url_field = "html_url"
    page_size = PAGE_SIZE

    def __init__(
        self,
        *,
        url: str,
        token: str | None = None,
        clock: Clock | None = None,
        timeout: float = 30,
    ) -> None:
        super().__init__(clock)
        self.host = urlsplit(url).netloc
        self.api = f"{url.rstrip('/')}/api/v1"
        self.headers = {"Accept": "application/json", "User-Agent": "opentenzij-harvester"}
        if token:
            self.headers["Authorization"] = f"token {token}"
        self.timeout = timeout
        self._local = threading.local()  # each account's client, in the thread that lists it

    def send(self, path: str, headers: dict[str, str]) -> Answer:
        client: httpx.Client = self._local.client
        try:
            response = client.get(path, headers=headers)
        except httpx.HTTPError as error:
            return 0, {}, f"{type(error).__name__}: {error}"
        answer_headers = {k.lower(): v for k, v in response.headers.items()}
        return response.status_code, answer_headers, response.text

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        """One account, over one connection that is closed when the account is done."""
        kind = "orgs" if account.is_group else "users"
        owner = quote(account.name, safe="")
        with httpx.Client(
            verify=tls.verifying(),
            base_url=self.api,
            headers=self.headers,
            timeout=self.timeout,
            follow_redirects=False,  # a renamed repository is known by its id from the listing
        ) as self._local.client:
            return self.list_pages(
                lambda page: f"/{kind}/{owner}/repos?limit={PAGE_SIZE}&page={page}",
                validators,
                has_next=lambda headers: NEXT.search(headers.get("link", "")) is not None,
            )

    def key(self, repo: dict[str, Any]) -> str:
        return f"{self.host}:{int(repo['id'])}"

    def content_version(self, repo: dict[str, Any]) -> str | None:
        """Forgejo moves a repository's updated_at on every push (and on a settings change,
        which costs a root listing more)."""
        updated = repo.get("updated_at")
        return f"{updated}@{repo.get('default_branch')}" if updated else None

    def repository(
        self,
        repo: dict[str, Any],
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool = False,
    ) -> HarvestedRepository:
        name = str(repo["full_name"])
        branch = str(repo.get("default_branch") or "")
        files = (
            []
            if repo.get("empty") or not branch
            else self.detail(
                f"/repos/{_path(name)}/contents?ref={quote(branch, safe='')}",
                validators,
                listing,
                lambda body: _root_files(self.json(body, f"/repos/{name}/contents")),
                reuse=reuse,
            )
        )
        found = {entry["name"]: entry["sha"] for entry in files}
        licence_name = next((n for n in sorted(found) if is_licence_file(n)), None)
        publiccode = self._file(name, branch, "publiccode.yml", found, validators, listing)
        licence_text = self._file(name, branch, licence_name, found, validators, listing)
        return self._normalise(
            repo,
            publiccode,
            detect_licence_file(licence_text) if licence_text is not None else None,
        )

    def _file(
        self,
        name: str,
        branch: str,
        path: str | None,
        found: dict[str, str],
        validators: dict[str, Validator],
        listing: AccountListing,
    ) -> str | None:
        """The text of a file in the root folder, read only when its blob id changed."""
        if path is None or path not in found:
            return None
        url = f"/repos/{_path(name)}/raw/{quote(path)}?ref={quote(branch, safe='')}"
        kept = validators.get(url)
        if kept is not None and isinstance(kept.payload, dict):
            if kept.payload.get("sha") == found[path]:
                listing.validators[url] = kept
                return str(kept.payload["value"]) if kept.payload["value"] is not None else None
        try:
            status, headers, body = self.get(url, kept, listing)
        except ForgeError as error:
            if error.failure is Failure.GONE:  # removed between the two requests
                return None
            raise
        if status == 304 and kept is not None:
            value = kept.payload.get("value") if isinstance(kept.payload, dict) else None
        else:
            value = body if len(body) <= MAX_FILE else None
        listing.validators[url] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"value": value, "sha": found[path]}
        )
        return str(value) if value is not None else None

    def _normalise(
        self, repo: dict[str, Any], publiccode: str | None, licence_file: str | None
    ) -> HarvestedRepository:
        parent = repo.get("parent") or {}
        return HarvestedRepository(
            forge_key=self.key(repo),
            url=str(repo["html_url"]),
            full_name=str(repo["full_name"]),
            name=str(repo["name"]),
            description=str(repo.get("description") or "")[:5000],
            homepage=str(repo.get("website") or "")[:400] or None,
            topics=tuple(str(t) for t in repo.get("topics") or ()),
            languages=(str(repo["language"]),) if repo.get("language") else (),
            stars=int(repo.get("stars_count") or 0),
            forks=int(repo.get("forks_count") or 0),
            open_issues=int(repo.get("open_issues_count") or 0),
            archived=bool(repo.get("archived")),
            mirror=bool(repo.get("mirror")),
            fork_of=str(parent["html_url"])
            if isinstance(parent, dict) and parent.get("html_url")
            else None,
            default_branch=repo.get("default_branch") or None,
            created_on_host_at=moment(repo.get("created_at")),
            last_activity_at=moment(repo.get("updated_at")),
            licence_forge=None,  # Forgejo does not name licences: the file says it
            licence_file=licence_file,
            publiccode_yml=publiccode,
        )


def _path(full_name: str) -> str:
    owner, _, name = full_name.partition("/")
    return f"{quote(owner, safe='')}/{quote(name, safe='')}"


def _root_files(entries: Any) -> list[dict[str, str]]:
    """The files of a root folder listing (ContentsResponse[]), by name and blob id."""
    if not isinstance(entries, list):
        raise ForgeError(Failure.MALFORMED, "contents: expected a list")
    return [
        {"name": str(entry["name"]), "sha": str(entry["sha"])}
        for entry in entries
        if isinstance(entry, dict) and entry.get("type") == "file"
    ]
