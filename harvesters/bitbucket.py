# SPDX-License-Identifier: EUPL-1.2
"""Bitbucket Cloud (REST 2.0) and Bitbucket Data Center (REST 1.0), through the shared HTTP base.

No maintained client covers both without its own retrying and sleeping (docs/adr/0005), so
requests go through httpx under HttpForge, which retries, waits out 429 with Retry-After on
the injectable clock and sends validators. Neither API names a licence, so the root folder is
listed per repository and only its publiccode.yml and licence file are read: on Cloud only
after a push (the listing's `updated_on`), conditionally; on Data Center, whose listing shows
no push, the default branch's latest commit is asked for each time (a small answer), and the
root folder is listed only when that commit moved; a file is then read only when its
`contentId` changed.
"""

from __future__ import annotations

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

PAGE_SIZE = 100
MAX_FILE = 512 * 1024


class _HttpxForge(HttpForge):
    """A forge asked through httpx: one client per account, closed when the account is done."""

    def __init__(self, *, api: str, token: str | None, clock: Clock | None, timeout: float):
        super().__init__(clock)
        self.api, self.timeout = api, timeout
        self.headers = {"Accept": "application/json", "User-Agent": "opentenzij-harvester"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self._local = threading.local()

    def send(self, path: str, headers: dict[str, str]) -> Answer:
        client: httpx.Client = self._local.client
        try:
            response = client.get(path, headers=headers)
        except httpx.HTTPError as error:
            return 0, {}, f"{type(error).__name__}: {error}"
        answer_headers = {k.lower(): v for k, v in response.headers.items()}
        return response.status_code, answer_headers, response.text

    def client(self) -> httpx.Client:
        client = httpx.Client(
            verify=tls.verifying(),
            base_url=self.api,
            headers=self.headers,
            timeout=self.timeout,
            follow_redirects=False,
        )
        self._local.client = client
        return client

    def file(
        self,
        path: str,
        version: str | None,
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool = False,
    ) -> str | None:
        """A file's text, asked for only when its version (blob id) changed or, without one,
        unless `reuse` says the repository was not pushed to; conditionally either way."""
        kept = validators.get(path)
        payload = kept.payload if kept is not None and isinstance(kept.payload, dict) else None
        if payload is not None and (
            (version is not None and payload.get("version") == version) or reuse
        ):
            listing.validators[path] = kept  # type: ignore[assignment]
            return payload.get("value")
        try:
            status, headers, body = self.get(path, kept, listing)
        except ForgeError as error:
            if error.failure is not Failure.GONE:
                raise
            listing.validators[path] = Validator(None, None, {"value": None, "version": version})
            return None
        value = payload.get("value") if status == 304 and payload else body
        value = value if value is not None and len(value) <= MAX_FILE else None
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"value": value, "version": version}
        )
        return value

    @staticmethod
    def licence(text: str | None) -> str | None:
        return detect_licence_file(text) if text is not None else None


class BitbucketCloudForge(_HttpxForge):
    """Bitbucket Cloud: workspaces at `web_url` (https://bitbucket.org), API at `api_url`."""

    web_url_field = "full_name"

    def __init__(
        self,
        *,
        api_url: str = "https://api.bitbucket.org",
        web_url: str = "https://bitbucket.org",
        token: str | None = None,
        clock: Clock | None = None,
        timeout: float = 30,
    ) -> None:
        super().__init__(
            api=f"{api_url.rstrip('/')}/2.0", token=token, clock=clock, timeout=timeout
        )
        self.host = urlsplit(web_url).netloc

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        workspace = quote(account.name, safe="")
        with self.client():
            return self.list_pages(
                lambda page: f"/repositories/{workspace}?pagelen={PAGE_SIZE}&page={page}",
                validators,
                has_next=lambda headers: False,
                unwrap=lambda body: (_values(body), bool(body.get("next"))),
            )

    def key(self, repo: dict[str, Any]) -> str:
        return f"{self.host}:{repo['uuid']}"

    def content_version(self, repo: dict[str, Any]) -> str | None:
        updated = repo.get("updated_on")
        return f"{updated}@{(repo.get('mainbranch') or {}).get('name')}" if updated else None

    def repository(
        self,
        repo: dict[str, Any],
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool = False,
    ) -> HarvestedRepository:
        name = str(repo["full_name"])
        branch = str((repo.get("mainbranch") or {}).get("name") or "")
        base = f"/repositories/{_quoted(name)}/src/{quote(branch, safe='')}"
        names = (
            self.detail(
                f"{base}/?pagelen=100",
                validators,
                listing,
                lambda body: sorted(
                    str(e["path"])
                    for e in _values(self.json(body, base))
                    if e.get("type") == "commit_file"
                ),
                reuse=reuse,
            )
            if branch
            else []
        )
        publiccode = (
            self.file(f"{base}/publiccode.yml", None, validators, listing, reuse=reuse)
            if "publiccode.yml" in names
            else None
        )
        licence_name = next((n for n in names if is_licence_file(n)), None)
        licence = (
            self.file(f"{base}/{quote(licence_name)}", None, validators, listing, reuse=reuse)
            if licence_name
            else None
        )
        links = repo.get("links") or {}
        parent = ((repo.get("parent") or {}).get("links") or {}).get("html") or {}
        return HarvestedRepository(
            forge_key=self.key(repo),
            url=str(links["html"]["href"]),
            full_name=name,
            name=str(repo.get("name") or repo["slug"]),
            description=str(repo.get("description") or "")[:5000],
            homepage=str(repo.get("website") or "")[:400] or None,
            languages=(str(repo["language"]),) if repo.get("language") else (),
            fork_of=str(parent["href"]) if parent.get("href") else None,
            default_branch=branch or None,
            created_on_host_at=moment(repo.get("created_on")),
            last_activity_at=moment(repo.get("updated_on")),
            licence_file=self.licence(licence),
            publiccode_yml=publiccode,
        )


class BitbucketServerForge(_HttpxForge):
    """Bitbucket Data Center (formerly Server) at `url`: projects, and users' own repositories."""

    web_url_field = "slug"
    pushes_in_listing = False

    def __init__(
        self, *, url: str, token: str | None = None, clock: Clock | None = None, timeout: float = 30
    ) -> None:
        super().__init__(
            api=f"{url.rstrip('/')}/rest/api/1.0", token=token, clock=clock, timeout=timeout
        )
        self.host = urlsplit(url).netloc

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        owner = quote(account.name, safe="")
        kind = "projects" if account.is_group else "users"
        with self.client():
            return self.list_pages(
                lambda page: (
                    f"/{kind}/{owner}/repos?limit={PAGE_SIZE}&start={(page - 1) * PAGE_SIZE}"
                ),
                validators,
                has_next=lambda headers: False,
                unwrap=lambda body: (_values(body), body.get("isLastPage") is False),
            )

    def key(self, repo: dict[str, Any]) -> str:
        return f"{self.host}:{int(repo['id'])}"

    def content_signal(self, repo: dict[str, Any], listing: AccountListing) -> str | None:
        """The default branch's latest commit (`GET …/branches/default`); None for a
        repository without one (404) or an answer without it: its root is read then."""
        path = f"{_base(repo)}/branches/default"
        try:
            _, _, body = self.get(path, None, listing)
            branch = self.json(body, path)
        except ForgeError as error:
            if error.failure in {Failure.GONE, Failure.MALFORMED}:
                return None
            raise
        commit = branch.get("latestCommit") if isinstance(branch, dict) else None
        return commit if isinstance(commit, str) and commit else None

    def repository(
        self,
        repo: dict[str, Any],
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool = False,
    ) -> HarvestedRepository:
        project = str(repo["project"]["key"])
        slug = str(repo["slug"])
        base = _base(repo)
        found, revision = self.root(base, validators, listing, reuse=reuse)
        publiccode = (
            self.file(f"{base}/raw/publiccode.yml", found["publiccode.yml"], validators, listing)
            if "publiccode.yml" in found
            else None
        )
        licence_name = next((n for n in sorted(found) if is_licence_file(n)), None)
        licence = (
            self.file(f"{base}/raw/{quote(licence_name)}", found[licence_name], validators, listing)
            if licence_name
            else None
        )
        web = str(repo["links"]["self"][0]["href"]).removesuffix("/browse")
        origin = ((repo.get("origin") or {}).get("links") or {}).get("self") or [{}]
        return HarvestedRepository(
            forge_key=self.key(repo),
            url=web,
            full_name=f"{project}/{slug}",
            name=str(repo.get("name") or slug),
            description=str(repo.get("description") or "")[:5000],
            archived=bool(repo.get("archived")),
            fork_of=str(origin[0]["href"]).removesuffix("/browse")
            if origin[0].get("href")
            else None,
            default_branch=revision.removeprefix("refs/heads/") or None,
            licence_file=self.licence(licence),
            publiccode_yml=publiccode,
        )

    def root(
        self, base: str, validators: dict[str, Validator], listing: AccountListing, *, reuse: bool
    ) -> tuple[dict[str, str], str]:
        """The root folder's files (name: contentId) and the branch it was read at: as read
        last time when `reuse` (the latest commit did not move), else asked for and kept."""
        path = f"{base}/browse?limit=1000"
        kept = validators.get(path)
        value = kept.payload.get("value") if kept and isinstance(kept.payload, dict) else None
        if reuse and isinstance(value, dict):
            listing.validators[path] = kept  # type: ignore[assignment]
            return dict(value["found"]), str(value["revision"])
        _, _, body = self.get(path, None, listing)
        document = self.json(body, f"{base}/browse")
        children = _values((document or {}).get("children") if isinstance(document, dict) else None)
        found = {
            str(c["path"]["toString"]): str(c.get("contentId") or "")
            for c in children
            if c.get("type") == "FILE"
        }
        revision = str(document.get("revision") or "") if isinstance(document, dict) else ""
        listing.validators[path] = Validator(
            None, None, {"value": {"found": found, "revision": revision}}
        )
        return found, revision


def _base(repo: dict[str, Any]) -> str:
    """A Data Center repository's API path, from its listing item."""
    project = quote(str(repo["project"]["key"]), safe="~")
    return f"/projects/{project}/repos/{quote(str(repo['slug']), safe='')}"


def _values(page: Any) -> list[Any]:
    """The items of a Bitbucket page ({"values": [...]}), or a MALFORMED failure."""
    values = page.get("values") if isinstance(page, dict) else None
    if not isinstance(values, list):
        raise ForgeError(Failure.MALFORMED, "expected a page with values")
    return values


def _quoted(full_name: str) -> str:
    owner, _, slug = full_name.partition("/")
    return f"{quote(owner, safe='')}/{quote(slug, safe='')}"
