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
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from github import Auth, Github
from github.GithubException import GithubException
from requests.exceptions import RequestException

from catalogue.licences import detect_licence_file
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
        dependency_graph: bool = False,
        quality_files: bool = False,
    ) -> None:
        super().__init__(clock)
        self.dependency_graph = dependency_graph  # ask for each repository's SBOM
        self.quality_files = quality_files  # list the root for the quality signals' files
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

    web_url_field = "html_url"

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        kind = "orgs" if account.is_group else "users"
        return self.list_pages(
            lambda page: (
                f"/{kind}/{account.name}/repos?per_page={PAGE_SIZE}&sort=full_name&page={page}"
            ),
            validators,
            has_next=lambda headers: NEXT.search(headers.get("link", "")) is not None,
        )

    def repository(
        self,
        repo: dict[str, Any],
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool = False,
    ) -> HarvestedRepository:
        """Everything the listing gives, from the listing (its primary language among it);
        per repository only what it lacks: publiccode.yml, a fork's parent, the licence
        file when GitHub found one it could not name, and the SBOM when asked for."""
        name = repo["full_name"]
        publiccode = self._optional(
            f"/repos/{name}/contents/publiccode.yml", validators, listing, _decoded, reuse=reuse
        )
        licence_file = (
            self._optional(
                f"/repos/{name}/license", validators, listing, _licence_file, reuse=reuse
            )
            if _spdx_id(repo) == "NOASSERTION"  # a licence file GitHub could not name
            else None
        )
        sbom = self._sbom(name, validators, listing) if self.dependency_graph else None
        if repo.get("fork") and not repo.get("parent"):
            parent = self.detail(
                f"/repos/{name}",
                validators,
                listing,
                lambda body: (self.json(body, name).get("parent") or {}).get("html_url"),
                reuse=True,  # a fork's parent never changes
            )
            repo = {**repo, "parent": {"html_url": parent}}
        return replace(
            self._normalise(repo, publiccode),
            licence_file=licence_file,
            sbom=sbom,
            **(
                self._quality_files(name, validators, listing, reuse=reuse)
                if self.quality_files
                else {}
            ),
        )

    def _quality_files(
        self, name: str, validators: dict[str, Validator], listing: AccountListing, *, reuse: bool
    ) -> dict[str, Any]:
        """The files the quality signals read: the root's names, a SECURITY.md (at the root or
        in .github/ or docs/, where GitHub looks), REUSE.toml and the names in LICENSES/. One
        request for the root, one more per folder or file that is there; none when the
        repository's files did not change since the last harvest."""
        root = self._folder(name, "", validators, listing, reuse=reuse)
        if root is None:
            return {}
        found = {
            "root_files": root,
            "security_policy": self._security_policy(name, root, validators, listing, reuse),
        }
        if "REUSE.toml" in root:
            found["reuse_toml"] = self._optional(
                f"/repos/{name}/contents/REUSE.toml", validators, listing, _decoded, reuse=reuse
            )
        if "LICENSES/" in root:
            found["licence_texts"] = self._folder(
                name, "LICENSES", validators, listing, reuse=reuse
            )
        return found

    def _security_policy(
        self,
        name: str,
        root: tuple[str, ...],
        validators: dict[str, Validator],
        listing: AccountListing,
        reuse: bool,
    ) -> str | None:
        for folder in ("", ".github", "docs"):
            names = root if not folder else None
            if folder and f"{folder}/" in root:
                names = self._folder(name, folder, validators, listing, reuse=reuse)
            policy = _security_file(names or ())
            if policy is not None:
                return f"{folder}/{policy}" if folder else policy
        return None

    def _folder(
        self,
        name: str,
        folder: str,
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool,
    ) -> tuple[str, ...] | None:
        """The names in a folder of the default branch (folders end in "/"); None without it."""
        found = self._optional(
            f"/repos/{name}/contents/{folder}", validators, listing, _names, reuse=reuse
        )
        return tuple(found) if found is not None else None

    def content_version(self, repo: dict[str, Any]) -> str | None:
        pushed = repo.get("pushed_at")
        return f"{pushed}@{repo.get('default_branch')}" if pushed else None

    def _optional(
        self,
        path: str,
        validators: dict[str, Validator],
        listing: AccountListing,
        read: Callable[[str, str], Any],
        *,
        reuse: bool = False,
    ) -> Any:
        """A detail that a repository may lack (404 gives None, kept as such, so that it is
        not asked for again while the repository's files stay the same)."""
        try:
            return self.detail(
                path, validators, listing, lambda body: read(body, path), reuse=reuse
            )
        except ForgeError as error:
            if error.failure is Failure.GONE:
                listing.validators[path] = Validator(None, None, {"value": None})
                return None
            raise

    def _sbom(
        self, name: str, validators: dict[str, Validator], listing: AccountListing
    ) -> bytes | None:
        """The dependency graph's SBOM when it changed since last time, else None (keep what
        was stored). Its body is not kept with the validators: an SBOM can be megabytes."""
        path = f"/repos/{name}/dependency-graph/sbom"
        try:
            status, headers, body = self.get(path, validators.get(path), listing)
        except ForgeError as error:
            if error.failure is Failure.GONE:  # no dependency graph for this repository
                return None
            raise
        if status == 304:
            listing.validators[path] = validators[path]
            return None
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"value": None}
        )
        return body.encode("utf-8")

    def key(self, repo: dict[str, Any]) -> str:
        return f"{self.host}:{repo['id']}"

    def _normalise(self, repo: dict[str, Any], publiccode: str | None) -> HarvestedRepository:
        spdx = _spdx_id(repo)
        parent = repo.get("parent") or {}
        return HarvestedRepository(
            forge_key=self.key(repo),
            url=str(repo["html_url"]),
            full_name=str(repo["full_name"]),
            name=str(repo["name"]),
            description=str(repo.get("description") or "")[:5000],
            homepage=str(repo.get("homepage") or "")[:400] or None,
            topics=tuple(str(t) for t in repo.get("topics") or ()),
            languages=(str(repo["language"]),) if repo.get("language") else (),
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


def _spdx_id(repo: dict[str, Any]) -> str | None:
    """The SPDX id of the licence GitHub found in the repository's licence file."""
    licence = repo.get("license") or {}
    spdx = licence.get("spdx_id") if isinstance(licence, dict) else None
    return str(spdx) if spdx else None


def _licence_file(body: str, path: str) -> str | None:
    """The licence a licence-file answer's text states, when it is recognised."""
    return detect_licence_file(_decoded(body, path))


def _names(body: str, path: str) -> list[str]:
    """The names of a folder's contents answer (a list of entries), folders ending in "/"."""
    items = HttpForge.json(body, path)
    if not isinstance(items, list):
        raise ForgeError(Failure.MALFORMED, f"{path}: not a folder")
    return sorted(
        str(item["name"]) + ("/" if item.get("type") == "dir" else "")
        for item in items
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    )[:1000]


def _security_file(names: tuple[str, ...]) -> str | None:
    """The security policy among a folder's names (GitHub reads SECURITY.md, any case)."""
    for candidate in names:
        if candidate.casefold() in {"security.md", "security.txt", "security.rst", "security"}:
            return candidate
    return None


def _decoded(body: str, path: str) -> str:
    """The text of a contents answer (base64 in JSON)."""
    try:
        return base64.b64decode(HttpForge.json(body, path)["content"]).decode("utf-8")
    except (KeyError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise ForgeError(Failure.MALFORMED, f"{path}: unreadable content: {error}") from None
