# SPDX-License-Identifier: EUPL-1.2
"""Fake Bitbucket Cloud (REST 2.0) and Bitbucket Data Center (REST 1.0) APIs for tests, served
for real on loopback.

Cloud: `/2.0/repositories/{workspace}` paged with `pagelen`/`page` and a `next` URL in the body,
repositories known by their `uuid`, `/src/{branch}/` listing a folder (paged the same way) and
`/src/{branch}/{path}` answering a file raw, with the blob's commit-independent ETag.
Data Center: `/rest/api/1.0/projects/{key}/repos` (and `/users/{slug}/repos`) paged with
`start`/`limit`, `isLastPage` and `nextPageStart`; `/branches/default` answering the default
branch with its `latestCommit` (a commit id that moves on every push; 404 for a repository
without commits, as Data Center's NoDefaultBranchException); `/browse` listing the root folder
with each file's `contentId`, `/raw/{path}` answering a file raw.
Both: 429 with `Retry-After` when `rate_limit` requests were made in `rate_window` seconds (the
clock is injected), faults per request (`Fault`, `queue` from tests.fakes.github: 5xx, torn
bodies, hangs), and `requests` records every request.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import math
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.github import Fault, FaultHook, SeenRequest, iso, number
from tests.fakes.server import free_port, serving

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(kw_only=True)
class BitbucketRepo:
    """A public repository of a workspace (Cloud) or project (Data Center)."""

    slug: str
    owner: str = ""  # workspace (Cloud), project key or ~user (Data Center)
    id: int = 0
    name: str = ""
    description: str = ""
    language: str = ""
    website: str = ""
    archived: bool = False  # Data Center 8.x; Cloud has no archiving
    parent: str | None = None  # owner/slug of the repository it was forked from
    default_branch: str = "main"
    created_at: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    updated_at: datetime = EPOCH
    files: dict[str, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.slug}"

    @property
    def uuid(self) -> str:
        return "{" + str(uuid.UUID(int=self.id)) + "}"

    @property
    def commit(self) -> str | None:
        """The default branch's latest commit: it moves with every push; None while empty."""
        if not self.files:
            return None
        tree = json.dumps(sorted(self.files.items()))
        return blob_id(f"{self.id}\n{self.updated_at.isoformat()}\n{tree}")


def blob_id(text: str) -> str:
    data = text.encode()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None

    def content(self) -> bytes:
        return self.raw if self.raw is not None else json.dumps(self.body).encode()


@dataclass
class FakeBitbucket:
    """Shared state and serving; `cloud` says which of the two APIs it speaks."""

    cloud: bool = True
    clock: Callable[[], float] = time.time
    latency: float = 0.0
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep
    faults: FaultHook | None = None
    rate_limit: int | None = None
    rate_window: float = 3600.0
    base_url: str = ""
    owners: set[str] = field(default_factory=set)
    repos: dict[int, BitbucketRepo] = field(default_factory=dict)
    requests: list[SeenRequest] = field(default_factory=list)
    window: tuple[float, int] = (0.0, 0)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(501), repr=False)
    _hanging: threading.Event = field(default_factory=threading.Event, repr=False)

    def add_owner(self, name: str, repos: list[BitbucketRepo]) -> None:
        self.owners.add(name.lower())
        for repo in repos:
            self.add_repo(name, repo)

    def add_repo(self, owner: str, repo: BitbucketRepo) -> BitbucketRepo:
        repo.owner, repo.id = owner, repo.id or next(self._ids)
        repo.name = repo.name or repo.slug
        self.repos[repo.id] = repo
        return repo

    def repo(self, full_name: str) -> BitbucketRepo | None:
        wanted = full_name.lower()
        return next((r for r in self.repos.values() if r.full_name.lower() == wanted), None)

    def push(self, full_name: str, files: dict[str, str]) -> None:
        repo = self.repo(full_name)
        assert repo is not None
        repo.files.update(files)
        repo.updated_at = datetime.fromtimestamp(
            max(repo.updated_at.timestamp() + 60, self.clock()), UTC
        )

    def release(self) -> None:
        self._hanging.set()
        self._hanging = threading.Event()

    # -- serving ------------------------------------------------------------------------------

    def app(self) -> Starlette:
        if self.cloud:
            routes = [
                ("/2.0/repositories/{owner}", self.cloud_listing),
                ("/2.0/repositories/{owner}/{slug}/src/{branch}/", self.cloud_root),
                ("/2.0/repositories/{owner}/{slug}/src/{branch}/{path:path}", self.cloud_file),
            ]
        else:
            base = "/rest/api/1.0"
            routes = [
                (f"{base}/projects/{{owner}}/repos", self.dc_listing),
                (f"{base}/users/{{user}}/repos", self.dc_user_listing),
                (f"{base}/projects/{{owner}}/repos/{{slug}}/branches/default", self.dc_branch),
                (f"{base}/projects/{{owner}}/repos/{{slug}}/browse", self.dc_root),
                (f"{base}/projects/{{owner}}/repos/{{slug}}/raw/{{path:path}}", self.dc_file),
            ]
        return Starlette(
            routes=[Route(path, self._endpoint(handler)) for path, handler in routes]
            + [Route("/{rest:path}", self._endpoint(lambda _: self._not_found()))]
        )

    def _endpoint(self, handler: Callable[[Request], Answer]) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            query = f"?{request.url.query}" if request.url.query else ""
            self.requests.append(
                SeenRequest(request.method, request.url.path + query, dict(request.headers))
            )
            fault = self.faults(request) if self.faults else None
            delay = self.latency + (fault.delay if fault else 0.0)
            if delay == math.inf:
                hanging = self._hanging
                await asyncio.to_thread(hanging.wait)
                return Response(status_code=HTTPStatus.GATEWAY_TIMEOUT)
            if delay > 0:
                await self.pause(delay)
            answer = self._refusal(fault) or handler(request)
            if fault and fault.malformed:
                content = answer.content()
                answer.raw = content[: len(content) // 2]
            return self._respond(request, answer)

        return endpoint

    def _refusal(self, fault: Fault | None) -> Answer | None:
        if fault and fault.status:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            return Answer(fault.status, self._error_body(fault.status), headers)
        if self.rate_limit is not None:
            start, seen = self.window
            now = self.clock()
            if now >= start + self.rate_window:
                start, seen = now, 0
            self.window = (start, seen + 1)
            if seen >= self.rate_limit:
                wait = str(math.ceil(start + self.rate_window - now))
                return Answer(429, self._error_body(429), {"Retry-After": wait})
        return None

    def _error_body(self, status: int) -> dict[str, Any]:
        message = HTTPStatus(status).phrase
        if self.cloud:
            return {"type": "error", "error": {"message": message}}
        return {"errors": [{"context": None, "message": message, "exceptionName": None}]}

    def _not_found(self) -> Answer:
        return Answer(404, self._error_body(404))

    def _respond(self, request: Request, answer: Answer) -> Response:
        headers = {"Content-Type": "application/json;charset=UTF-8", **answer.headers}
        etag = headers.get("ETag")
        if answer.status == 200 and etag and etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers={"ETag": etag})
        return Response(answer.content(), answer.status, headers)

    def _owned(self, owner: str) -> list[BitbucketRepo]:
        return sorted(
            (r for r in self.repos.values() if r.owner.lower() == owner.lower()),
            key=lambda r: r.slug,
        )

    def _found(self, request: Request) -> BitbucketRepo | None:
        return self.repo(f"{request.path_params['owner']}/{request.path_params['slug']}")

    # -- Cloud 2.0 ----------------------------------------------------------------------------

    def cloud_listing(self, request: Request) -> Answer:
        owner = request.path_params["owner"]
        if owner.lower() not in self.owners:
            return self._not_found()
        return self._cloud_page(request, [self._cloud_repo(r) for r in self._owned(owner)])

    def _cloud_page(self, request: Request, values: list[dict[str, Any]]) -> Answer:
        size = number(request.query_params.get("pagelen"), 10, 1, 100)
        page = number(request.query_params.get("page"), 1, 1, 1_000_000)
        body: dict[str, Any] = {
            "pagelen": size,
            "size": len(values),
            "page": page,
            "values": values[(page - 1) * size : page * size],
        }
        if page * size < len(values):
            query = urlencode({"pagelen": size, "page": page + 1})
            body["next"] = f"{self.base_url}{request.url.path}?{query}"
        return Answer(200, body)

    def cloud_root(self, request: Request) -> Answer:
        repo = self._found(request)
        if repo is None or request.path_params["branch"] != repo.default_branch:
            return self._not_found()
        entries = [
            {
                "path": name,
                "type": "commit_file",
                "size": len(text.encode()),
                "commit": {"type": "commit", "hash": blob_id(repo.updated_at.isoformat())},
                "attributes": [],
                "escaped_path": name,
                "mimetype": None,
                "links": {"self": {"href": f"{self.base_url}{request.url.path}{name}"}},
            }
            for name, text in sorted(repo.files.items())
            if "/" not in name
        ]
        return self._cloud_page(request, entries)

    def cloud_file(self, request: Request) -> Answer:
        repo = self._found(request)
        text = repo.files.get(request.path_params["path"]) if repo else None
        if repo is None or text is None or request.path_params["branch"] != repo.default_branch:
            return self._not_found()
        headers = {"Content-Type": "text/plain", "ETag": f'"{blob_id(text)}"'}
        return Answer(200, raw=text.encode(), headers=headers)

    def _cloud_repo(self, repo: BitbucketRepo, *, nested: bool = False) -> dict[str, Any]:
        web = f"{self.base_url}/{repo.full_name}"
        data: dict[str, Any] = {
            "type": "repository",
            "full_name": repo.full_name,
            "links": {
                "self": {"href": f"{self.base_url}/2.0/repositories/{repo.full_name}"},
                "html": {"href": web},
                "clone": [{"name": "https", "href": f"{web}.git"}],
            },
            "name": repo.name,
            "slug": repo.slug,
            "uuid": repo.uuid,
        }
        if nested:
            return data
        parent = self.repo(repo.parent) if repo.parent else None
        return data | {
            "description": repo.description,
            "scm": "git",
            "website": repo.website or None,
            "owner": {"type": "team", "username": repo.owner, "display_name": repo.owner},
            "workspace": {"type": "workspace", "slug": repo.owner, "name": repo.owner},
            "is_private": False,
            "project": {"type": "project", "key": "PROJ", "name": "Project"},
            "fork_policy": "allow_forks",
            "created_on": iso(repo.created_at),
            "updated_on": iso(repo.updated_at),
            "size": sum(len(t) for t in repo.files.values()),
            "language": repo.language,
            "has_issues": False,
            "has_wiki": False,
            "mainbranch": {"name": repo.default_branch, "type": "branch"},
            **({"parent": self._cloud_repo(parent, nested=True)} if parent else {}),
        }

    # -- Data Center 1.0 ----------------------------------------------------------------------

    def dc_listing(self, request: Request) -> Answer:
        owner = request.path_params["owner"]
        if owner.lower() not in self.owners:
            return self._not_found()
        return self._dc_page(request, [self._dc_repo(r) for r in self._owned(owner)])

    def dc_user_listing(self, request: Request) -> Answer:
        owner = f"~{request.path_params['user']}"
        if owner.lower() not in self.owners:
            return self._not_found()
        return self._dc_page(request, [self._dc_repo(r) for r in self._owned(owner)])

    def _dc_page(self, request: Request, values: list[dict[str, Any]]) -> Answer:
        limit = number(request.query_params.get("limit"), 25, 1, 1000)
        start = number(request.query_params.get("start"), 0, 0, 1_000_000)
        chunk = values[start : start + limit]
        last = start + limit >= len(values)
        body: dict[str, Any] = {
            "size": len(chunk),
            "limit": limit,
            "isLastPage": last,
            "values": chunk,
            "start": start,
        }
        if not last:
            body["nextPageStart"] = start + limit
        return Answer(200, body)

    def dc_branch(self, request: Request) -> Answer:
        repo = self._found(request)
        if repo is None:
            return self._not_found()
        commit = repo.commit
        if commit is None:
            message = f"Repository {repo.slug} does not have a default branch"
            body = {
                "errors": [
                    {
                        "context": None,
                        "message": message,
                        "exceptionName": "com.atlassian.bitbucket.repository."
                        "NoDefaultBranchException",
                    }
                ]
            }
            return Answer(404, body)
        return Answer(
            200,
            {
                "id": f"refs/heads/{repo.default_branch}",
                "displayId": repo.default_branch,
                "type": "BRANCH",
                "latestCommit": commit,
                "latestChangeset": commit,
                "isDefault": True,
            },
        )

    def dc_root(self, request: Request) -> Answer:
        repo = self._found(request)
        if repo is None:
            return self._not_found()
        children = [
            {
                "path": {"components": [name], "name": name, "toString": name},
                "contentId": blob_id(text),
                "type": "FILE",
                "size": len(text.encode()),
            }
            for name, text in sorted(repo.files.items())
            if "/" not in name
        ]
        page = self._dc_page(request, children)
        body = {
            "path": {"components": [], "name": "", "toString": ""},
            "revision": f"refs/heads/{repo.default_branch}",
            "children": page.body,
        }
        return Answer(200, body)

    def dc_file(self, request: Request) -> Answer:
        repo = self._found(request)
        text = repo.files.get(request.path_params["path"]) if repo else None
        if text is None:
            return self._not_found()
        return Answer(200, raw=text.encode(), headers={"Content-Type": "text/plain"})

    def _dc_repo(self, repo: BitbucketRepo, *, nested: bool = False) -> dict[str, Any]:
        user = repo.owner.startswith("~")
        place = f"users/{repo.owner[1:]}" if user else f"projects/{repo.owner}"
        web = f"{self.base_url}/{place}/repos/{repo.slug}/browse"
        data: dict[str, Any] = {
            "slug": repo.slug,
            "id": repo.id,
            "name": repo.name,
            "description": repo.description,
            "hierarchyId": hashlib.sha1(str(repo.id).encode()).hexdigest()[:20],
            "scmId": "git",
            "state": "AVAILABLE",
            "statusMessage": "Available",
            "forkable": True,
            "project": {
                "key": repo.owner.upper(),
                "id": 1,
                "name": repo.owner,
                "public": True,
                "type": "PERSONAL" if user else "NORMAL",
            },
            "public": True,
            "archived": repo.archived,
            "links": {
                "clone": [{"href": f"{self.base_url}/scm/{repo.full_name}.git", "name": "http"}],
                "self": [{"href": web}],
            },
        }
        parent = self.repo(repo.parent) if repo.parent and not nested else None
        if parent is not None:
            data["origin"] = self._dc_repo(parent, nested=True)
        return data


@contextmanager
def serve(fake: FakeBitbucket) -> Iterator[FakeBitbucket]:
    port = free_port()
    fake.base_url = f"http://127.0.0.1:{port}"
    with serving(fake.app(), port):
        try:
            yield fake
        finally:
            fake.release()
