# SPDX-License-Identifier: EUPL-1.2
"""GitLab (gitlab.com or any self-hosted instance) through python-gitlab.

A group is harvested with all its subgroups. Requests go through python-gitlab with its own
retrying and rate-limit sleeping off; the raw answer (for its status and headers, also of a
304 or a 429, on which python-gitlab raises) is read through a hook on its requests session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlsplit

import gitlab
import requests
from gitlab.exceptions import GitlabError

from catalogue.licences import LicenceError, detect_licence_file, identifier, normalised_or_none
from catalogue.publiccode.checks import validate
from catalogue.publiccode.fields import software_fields
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


class GitLabForge(HttpForge):
    """A GitLab instance at `url`, e.g. https://gitlab.com."""

    remaining_header = "ratelimit-remaining"
    reset_header = "ratelimit-reset"

    def __init__(
        self,
        *,
        url: str = "https://gitlab.com",
        token: str | None = None,
        clock: Clock | None = None,
        timeout: int = 30,
    ) -> None:
        super().__init__(clock)
        self.client = gitlab.Gitlab(
            url=url, private_token=token, timeout=timeout, retry_transient_errors=False
        )
        self.client.session.hooks["response"].append(self._remember)
        self.host = urlsplit(url).netloc
        self._last = threading.local()

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._last.response = response

    def send(self, path: str, headers: dict[str, str]) -> Answer:
        self._last.response = None
        try:
            self.client.http_request(
                "get",
                path,
                extra_headers=headers,
                obey_rate_limit=False,
                retry_transient_errors=False,
                max_retries=0,
            )
        except GitlabError:
            pass  # the status is read from the answer itself, below
        except requests.RequestException as error:
            return 0, {}, f"{type(error).__name__}: {error}"
        response: requests.Response | None = self._last.response
        if response is None:
            return 0, {}, "no answer"
        return (
            response.status_code,
            {k.lower(): v for k, v in response.headers.items()},
            (response.text),
        )

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        owner = quote(account.name, safe="")
        base = (
            f"/groups/{owner}/projects?include_subgroups=true"
            if account.is_group
            else f"/users/{owner}/projects?"
        )
        return self.list_pages(
            lambda page: f"{base}&per_page={PAGE_SIZE}&order_by=id&sort=asc&page={page}",
            validators,
            has_next=lambda headers: bool(headers.get("x-next-page")),
        )

    def repository(
        self,
        project: dict[str, Any],
        validators: dict[str, Validator],
        listing: AccountListing,
        *,
        reuse: bool = False,
    ) -> HarvestedRepository:
        """What the listing lacks, asked for conditionally: publiccode.yml and the languages;
        GitLab's licence (its group listing cannot carry one) only when publiccode.yml does not
        declare the licence, and the licence file only when GitLab could not name it."""
        number = project["id"]
        branch = quote(str(project.get("default_branch") or "main"), safe="")
        publiccode = self._file(number, "publiccode.yml", branch, validators, listing, str, reuse)
        languages = self.detail(
            f"/projects/{number}/languages",
            validators,
            listing,
            lambda body: _ranked(self.json(body, f"/projects/{number}")),
            reuse=reuse,
        )
        licence, licence_file = (
            (None, None)
            if declared_licence(publiccode)
            else self._licence(number, branch, validators, listing, reuse)
        )
        return replace(
            self._normalise(project, languages, licence, publiccode), licence_file=licence_file
        )

    def _licence(
        self,
        number: int,
        branch: str,
        validators: dict[str, Validator],
        listing: AccountListing,
        reuse: bool,
    ) -> tuple[str | None, str | None]:
        """GitLab's licence of a project (one request), and what its licence file states when
        GitLab found a licence file it could not name (a second)."""
        found = self.detail(
            f"/projects/{number}?license=true",
            validators,
            listing,
            lambda body: _licence(self.json(body, f"/projects/{number}")),
            reuse=reuse,
        )
        # Validators kept by older versions hold the identifier alone.
        licence, path = (found["spdx"], found["file"]) if isinstance(found, dict) else (found, None)
        if licence or not path:
            return licence, None
        read = detect_licence_file
        return None, self._file(number, path, branch, validators, listing, read, reuse)

    def _file(
        self,
        number: int,
        path: str,
        branch: str,
        validators: dict[str, Validator],
        listing: AccountListing,
        read: Callable[[str], Any],
        reuse: bool,
    ) -> Any:
        """What `read` makes of a file on the default branch; None when there is no such file
        (kept as such, so that it is not asked for again while nothing was pushed)."""
        raw = f"/projects/{number}/repository/files/{quote(path, safe='')}/raw?ref={branch}"
        try:
            return self.detail(raw, validators, listing, read, reuse=reuse)
        except ForgeError as error:
            if error.failure is not Failure.GONE:
                raise
            listing.validators[raw] = Validator(None, None, {"value": None})
            return None

    def content_version(self, project: dict[str, Any]) -> str | None:
        """GitLab moves last_activity_at on every push (and on other activity too, which
        only costs a conditional request more)."""
        activity = project.get("last_activity_at")
        return f"{activity}@{project.get('default_branch')}" if activity else None

    def key(self, project: dict[str, Any]) -> str:
        return f"{self.host}:{project['id']}"

    def _normalise(
        self,
        project: dict[str, Any],
        languages: list[str],
        licence: str | None,
        publiccode: str | None,
    ) -> HarvestedRepository:
        parent = project.get("forked_from_project") or {}
        return HarvestedRepository(
            forge_key=self.key(project),
            url=str(project["web_url"]),
            full_name=str(project["path_with_namespace"]),
            name=str(project["path"]),
            description=str(project.get("description") or "")[:5000],
            topics=tuple(str(t) for t in project.get("topics") or project.get("tag_list") or ()),
            languages=tuple(languages),
            stars=int(project.get("star_count") or 0),
            forks=int(project.get("forks_count") or 0),
            open_issues=int(project.get("open_issues_count") or 0),
            archived=bool(project.get("archived")),
            fork_of=str(parent["web_url"]) if parent.get("web_url") else None,
            default_branch=project.get("default_branch"),
            created_on_host_at=moment(project.get("created_at")),
            last_activity_at=moment(project.get("last_activity_at")),
            licence_forge=licence,
            publiccode_yml=publiccode,
        )


def declared_licence(publiccode: str | None) -> str | None:
    """The licence a publiccode.yml declares (legal.license), as a valid SPDX expression."""
    if not publiccode:
        return None
    data = validate(publiccode).data
    return normalised_or_none(software_fields(data).licence) if data else None


def _spdx(key: Any) -> str | None:
    """GitLab's licence key (e.g. eupl-1.2) as an SPDX identifier, when it is one."""
    if not isinstance(key, str) or not key:
        return None
    try:
        return identifier(key)
    except LicenceError:
        return None


def _ranked(shares: Any) -> list[str]:
    if not isinstance(shares, dict):
        raise ForgeError(Failure.MALFORMED, "languages: expected an object")
    return [name for name, _ in sorted(shares.items(), key=lambda item: -float(item[1]))]


def _licence(document: Any) -> dict[str, str | None]:
    """The project's licence as an SPDX identifier, and the path of its licence file."""
    if not isinstance(document, dict):
        return {"spdx": None, "file": None}
    licence = document.get("license") or {}
    spdx = _spdx(licence.get("key")) if isinstance(licence, dict) else None
    return {"spdx": spdx, "file": _blob_path(document.get("license_url"), document)}


def _blob_path(url: Any, document: dict[str, Any]) -> str | None:
    """`LICENSE` of https://host/group/project/-/blob/main/LICENSE (main: the default branch)."""
    if not isinstance(url, str) or "/-/blob/" not in url:
        return None
    rest = url.split("/-/blob/", 1)[1]
    branch = f"{document.get('default_branch') or 'main'}/"
    return rest.removeprefix(branch) if rest.startswith(branch) else None
