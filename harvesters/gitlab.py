# SPDX-License-Identifier: EUPL-1.2
"""GitLab (gitlab.com or any self-hosted instance) through python-gitlab.

A group is harvested with all its subgroups. Requests go through python-gitlab with its own
retrying and rate-limit sleeping off; the raw answer (for its status and headers, also of a
304 or a 429, on which python-gitlab raises) is read through a hook on its requests session.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote, urlsplit

import gitlab
import requests
from gitlab.exceptions import GitlabError

from catalogue.licences import LicenceError, identifier
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
        listing = AccountListing()
        owner = quote(account.name, safe="")
        base = (
            f"/groups/{owner}/projects?include_subgroups=true"
            if account.is_group
            else f"/users/{owner}/projects?"
        )
        page = 1
        while True:
            path = f"{base}&per_page={PAGE_SIZE}&order_by=id&sort=asc&page={page}"
            status, headers, page_json = self.get_page(path, validators.get(path), listing)
            if status == 304:
                saved = validators[path]
                listing.unchanged_keys += saved.payload["keys"]
                listing.validators[path] = saved
                has_next = bool(saved.payload["next"])
            else:
                projects = page_json
                if not isinstance(projects, list):
                    raise ForgeError(Failure.MALFORMED, f"{path}: expected a list")
                has_next = bool(headers.get("x-next-page"))
                listing.validators[path] = Validator(
                    headers.get("etag"),
                    headers.get("last-modified"),
                    {"keys": [self._key(p) for p in projects], "next": has_next},
                )
                for project in projects:
                    self._add(project, validators, listing)
            if not has_next:
                listing.complete = True
                return listing
            page += 1

    def _add(
        self, project: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> None:
        url = str(project.get("web_url") or "")
        try:
            languages = self._languages(project, validators, listing)
            licence = self._licence(project, validators, listing)
            publiccode = self._publiccode(project, validators, listing)
            listing.changed.append(self._normalise(project, languages, licence, publiccode))
        except ForgeError as error:
            listing.failed.append((url, str(error)))
        except (KeyError, TypeError, ValueError) as error:
            listing.failed.append((url, f"malformed project: {error!r}"))

    def _detail(
        self, path: str, validators: dict[str, Validator], listing: AccountListing
    ) -> tuple[bool, Any]:
        """(fresh, JSON) of a detail; on a 304, the payload stored last time."""
        status, headers, body = self.get(path, validators.get(path), listing)
        if status == 304:
            listing.validators[path] = validators[path]
            return False, validators[path].payload
        return True, (self.json(body, path), headers)

    def _languages(
        self, project: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> list[str]:
        path = f"/projects/{project['id']}/languages"
        fresh, found = self._detail(path, validators, listing)
        if not fresh:
            return list(found)
        shares, headers = found
        if not isinstance(shares, dict):
            raise ForgeError(Failure.MALFORMED, f"{path}: expected an object")
        ranked = [name for name, _ in sorted(shares.items(), key=lambda item: -float(item[1]))]
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), ranked
        )
        return ranked

    def _licence(
        self, project: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> str | None:
        path = f"/projects/{project['id']}?license=true"
        fresh, found = self._detail(path, validators, listing)
        if not fresh:
            return found["licence"]  # type: ignore[no-any-return]
        document, headers = found
        licence = (document.get("license") or {}) if isinstance(document, dict) else {}
        spdx = _spdx(licence.get("key")) if isinstance(licence, dict) else None
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"licence": spdx}
        )
        return spdx

    def _publiccode(
        self, project: dict[str, Any], validators: dict[str, Validator], listing: AccountListing
    ) -> str | None:
        branch = quote(str(project.get("default_branch") or "main"), safe="")
        path = f"/projects/{project['id']}/repository/files/publiccode.yml/raw?ref={branch}"
        try:
            status, headers, body = self.get(path, validators.get(path), listing)
        except ForgeError as error:
            if error.failure is Failure.GONE:
                return None
            raise
        if status == 304:
            listing.validators[path] = validators[path]
            return validators[path].payload["text"]  # type: ignore[no-any-return]
        listing.validators[path] = Validator(
            headers.get("etag"), headers.get("last-modified"), {"text": body}
        )
        return body

    def _key(self, project: dict[str, Any]) -> str:
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
            forge_key=self._key(project),
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


def _spdx(key: Any) -> str | None:
    """GitLab's licence key (e.g. eupl-1.2) as an SPDX identifier, when it is one."""
    if not isinstance(key, str) or not key:
        return None
    try:
        return identifier(key)
    except LicenceError:
        return None
