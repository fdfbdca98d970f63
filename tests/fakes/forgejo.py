# SPDX-License-Identifier: EUPL-1.2
"""A fake Forgejo (and Gitea) REST API (/api/v1) for tests, served for real on loopback.

It answers the read endpoints a harvester uses in the shapes of Forgejo's published OpenAPI
document (`Repository`, `ContentsResponse`, `APIError`, `APINotFound`): listings paged with
`page` and `limit` (at most 50, as MAX_RESPONSE_ITEMS), a `Link` header with rel="next" and
rel="last" and `X-Total-Count`; raw files with the blob's id as their `ETag` and 304 on a
matching `If-None-Match` (Forgejo sends no validators for JSON listings); 404 for an
organisation that is a user, and a 307 from a repository's old name to its new one.
Forgejo has no API rate limit of its own: hosts such as Codeberg put one in front of it,
answering 429 with `Retry-After`, which `rate_limit` imitates. `faults` injects
misbehaviour per request (`Fault`, `queue` from tests.fakes.github), `latency` slows every
answer and `requests` records every request.

    fake = FakeForgejo()
    fake.add_organisation("gemeente", [ForgejoRepo(name="woo", files={"LICENSE": "..."})])
    with serve(fake):
        ...
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
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
API = "/api/v1"
DEFAULT_LIMIT = 30  # [api] DEFAULT_PAGING_NUM
MAX_LIMIT = 50  # [api] MAX_RESPONSE_ITEMS


@dataclass(kw_only=True)
class ForgejoRepo:
    """A public repository; `owner` and `id` are filled in when it is added to the fake."""

    name: str
    owner: str = ""
    id: int = 0
    description: str = ""
    website: str = ""
    topics: list[str] = field(default_factory=list)
    language: str = ""
    stars: int = 0
    forks: int = 0
    open_issues: int = 0
    archived: bool = False
    mirror: bool = False
    original_url: str = ""
    parent: str | None = None  # full name of the repository this one is a fork of
    empty: bool = False
    default_branch: str = "main"
    created_at: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    updated_at: datetime = EPOCH
    files: dict[str, str] = field(default_factory=dict)  # path -> text, on the default branch

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


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
class FakeForgejo:
    """The fake's state: accounts (organisations and users), repositories, faults, requests."""

    clock: Callable[[], float] = time.time
    latency: float = 0.0
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep
    faults: FaultHook | None = None
    tokens: set[str] | None = None  # when set, only these tokens are let in (401 otherwise)
    rate_limit: int | None = None  # requests per window before the proxy answers 429
    rate_window: float = 60.0
    base_url: str = ""
    requests: list[SeenRequest] = field(default_factory=list)
    organisations: set[str] = field(default_factory=set)
    users: set[str] = field(default_factory=set)
    repos: dict[int, ForgejoRepo] = field(default_factory=dict)
    redirects: dict[str, int] = field(default_factory=dict)  # old full name (lower) -> id
    window: tuple[float, int] = (0.0, 0)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(101), repr=False)
    _hanging: threading.Event = field(default_factory=threading.Event, repr=False)

    # -- setting up ---------------------------------------------------------------------------

    def add_organisation(self, name: str, repos: Iterable[ForgejoRepo] = ()) -> None:
        self.organisations.add(name.lower())
        for repo in repos:
            self.add_repo(name, repo)

    def add_user(self, name: str, repos: Iterable[ForgejoRepo] = ()) -> None:
        self.users.add(name.lower())
        for repo in repos:
            self.add_repo(name, repo)

    def add_repo(self, owner: str, repo: ForgejoRepo) -> ForgejoRepo:
        repo.owner, repo.id = owner, repo.id or next(self._ids)
        self.repos[repo.id] = repo
        return repo

    def repo(self, full_name: str) -> ForgejoRepo | None:
        wanted = full_name.lower()
        return next((r for r in self.repos.values() if r.full_name.lower() == wanted), None)

    def rename(self, old: str, new: str) -> ForgejoRepo:
        """Rename or transfer; the old name redirects, as Forgejo's repo_redirect table does."""
        repo = self.repo(old)
        if repo is None:
            raise KeyError(old)
        repo.owner, repo.name = new.split("/")
        self.redirects[old.lower()] = repo.id
        for fork in self.repos.values():  # forks know their parent by id, not by name
            if fork.parent and fork.parent.lower() == old.lower():
                fork.parent = new
        return repo

    def remove(self, full_name: str) -> None:
        repo = self.repo(full_name)
        if repo is None:
            raise KeyError(full_name)
        del self.repos[repo.id]

    def push(self, full_name: str, files: dict[str, str] | None = None) -> None:
        """A push: files change, and updated_at moves (Forgejo's repository.updated_unix)."""
        repo = self.repo(full_name)
        if repo is None:
            raise KeyError(full_name)
        repo.files.update(files or {})
        repo.updated_at = datetime.fromtimestamp(
            max(repo.updated_at.timestamp() + 60, self.clock()), UTC
        )

    def release(self) -> None:
        """Let go of every request that hangs (Fault.hang), unanswered."""
        self._hanging.set()
        self._hanging = threading.Event()

    # -- serving ------------------------------------------------------------------------------

    def app(self) -> Starlette:
        routes = [
            (f"{API}/version", lambda _: Answer(200, {"version": "13.0.2+gitea-1.22.0"})),
            (f"{API}/orgs/{{org}}", self.organisation),
            (f"{API}/orgs/{{org}}/repos", self.organisation_repos),
            (f"{API}/users/{{user}}", self.user),
            (f"{API}/users/{{user}}/repos", self.user_repos),
            (f"{API}/repos/{{owner}}/{{name}}", self.repository),
            (f"{API}/repos/{{owner}}/{{name}}/contents", self.root_contents),
            (f"{API}/repos/{{owner}}/{{name}}/raw/{{path:path}}", self.raw),
        ]
        return Starlette(
            routes=[Route(path, self._endpoint(handler)) for path, handler in routes]
            + [Route("/{rest:path}", self._endpoint(lambda _: self._not_found()))]
        )

    def _endpoint(self, handler: Callable[[Request], Answer]) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            return await self._serve(request, handler)

        return endpoint

    async def _serve(self, request: Request, handler: Callable[[Request], Answer]) -> Response:
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
        answer = self._refusal(request, fault) or handler(request)
        if fault and fault.malformed:
            content = answer.content()
            answer.raw = content[: len(content) // 2]
        return self._respond(request, answer)

    def _refusal(self, request: Request, fault: Fault | None) -> Answer | None:
        if fault and fault.status:
            return self._fault(fault)
        if self.rate_limit is not None:
            start, seen = self.window
            now = self.clock()
            if now >= start + self.rate_window:
                start, seen = now, 0
            self.window = (start, seen + 1)
            if seen >= self.rate_limit:
                wait = math.ceil(start + self.rate_window - now)
                return Answer(429, raw=b"Too Many Requests\n", headers={"Retry-After": str(wait)})
        token = request.headers.get("authorization", "").partition(" ")[2]
        if self.tokens is not None and token not in self.tokens:
            return self._error(401, "user does not exist [uid: 0, name: ]")
        return None

    def _fault(self, fault: Fault) -> Answer:
        status = fault.status or 500
        if fault.retry_after is not None:
            headers = {"Retry-After": str(fault.retry_after)}
            return Answer(status, raw=b"Too Many Requests\n", headers=headers)
        if status == 404:
            return self._not_found()
        if status in (502, 503):  # the reverse proxy in front of Forgejo
            return Answer(status, raw=f"<html><body>{status}</body></html>".encode())
        return self._error(status, HTTPStatus(status).phrase)

    def _respond(self, request: Request, answer: Answer) -> Response:
        content = answer.content()
        headers = {"Content-Type": "application/json;charset=utf-8", **answer.headers}
        etag = headers.get("ETag")
        if answer.status == 200 and etag and etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers={"ETag": etag})
        return Response(content, answer.status, headers)

    def _error(self, status: int, message: str) -> Answer:
        return Answer(status, {"message": message, "url": f"{self.base_url}/api/swagger"})

    def _not_found(self) -> Answer:
        body = {
            "errors": ["The target couldn't be found."],
            "message": "The target couldn't be found.",
            "url": f"{self.base_url}/api/swagger",
        }
        return Answer(404, body)

    # -- endpoints ----------------------------------------------------------------------------

    def organisation(self, request: Request) -> Answer:
        name = request.path_params["org"]
        if name.lower() not in self.organisations:
            return self._not_found()
        return Answer(200, self._owner_json(name) | {"name": name, "visibility": "public"})

    def user(self, request: Request) -> Answer:
        name = request.path_params["user"]
        if name.lower() not in self.organisations | self.users:
            return self._not_found()
        return Answer(200, self._owner_json(name))

    def organisation_repos(self, request: Request) -> Answer:
        name = request.path_params["org"].lower()
        if name not in self.organisations:
            return self._not_found()
        return self._listing(request, name)

    def user_repos(self, request: Request) -> Answer:
        name = request.path_params["user"].lower()
        if name not in self.organisations | self.users:
            return self._not_found()
        return self._listing(request, name)

    def _listing(self, request: Request, owner: str) -> Answer:
        repos = sorted(
            (r for r in self.repos.values() if r.owner.lower() == owner), key=lambda r: r.id
        )
        limit = number(request.query_params.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT)
        page = number(request.query_params.get("page"), 1, 1, 1_000_000)
        last = max(1, -(-len(repos) // limit))
        links = {"next": page + 1, "last": last} if page < last else {}
        links |= {"first": 1, "prev": page - 1} if page > 1 else {}
        url = f"{self.base_url}{request.url.path}?"
        link = ",".join(
            f'<{url}{urlencode({"limit": limit, "page": n})}>; rel="{rel}"'
            for rel, n in links.items()
        )
        headers = {"X-Total-Count": str(len(repos))} | ({"Link": link} if link else {})
        chunk = repos[(page - 1) * limit : page * limit]
        return Answer(200, [self._repo_json(r) for r in chunk], headers)

    def _found(self, request: Request) -> ForgejoRepo | Answer:
        full_name = f"{request.path_params['owner']}/{request.path_params['name']}"
        repo = self.repo(full_name)
        if repo is not None:
            return repo
        moved = self.repos.get(self.redirects.get(full_name.lower(), 0))
        if moved is None:
            return self._not_found()
        rest = request.url.path.split(full_name, 1)[-1]
        query = f"?{request.url.query}" if request.url.query else ""
        location = f"{self.base_url}{API}/repos/{moved.full_name}{rest}{query}"
        return Answer(307, raw=b"", headers={"Location": location})

    def repository(self, request: Request) -> Answer:
        found = self._found(request)
        return found if isinstance(found, Answer) else Answer(200, self._repo_json(found))

    def root_contents(self, request: Request) -> Answer:
        found = self._found(request)
        if isinstance(found, Answer):
            return found
        if found.empty or request.query_params.get("ref", found.default_branch) not in (
            found.default_branch,
            "",
        ):
            return self._not_found()
        entries = sorted({path.split("/", 1)[0] for path in found.files})
        return Answer(200, [self._entry_json(found, name) for name in entries])

    def raw(self, request: Request) -> Answer:
        found = self._found(request)
        if isinstance(found, Answer):
            return found
        text = found.files.get(request.path_params["path"])
        if text is None or request.query_params.get("ref", found.default_branch) not in (
            found.default_branch,
            "",
        ):
            return self._not_found()
        headers = {
            "Content-Type": "text/plain; charset=utf-8",
            "ETag": f'"{blob_id(text)}"',
            "Cache-Control": "public, must-revalidate",
        }
        return Answer(200, raw=text.encode(), headers=headers)

    # -- Forgejo's JSON shapes (its OpenAPI document's definitions) ---------------------------

    def _owner_json(self, name: str) -> dict[str, Any]:
        return {
            "id": abs(hash(name.lower())) % 100_000,
            "login": name,
            "login_name": "",
            "full_name": "",
            "email": f"{name.lower()}@noreply.localhost",
            "avatar_url": f"{self.base_url}/avatars/{name.lower()}",
            "html_url": f"{self.base_url}/{name}",
            "language": "",
            "is_admin": False,
            "restricted": False,
            "active": False,
            "prohibit_login": False,
            "location": "",
            "website": "",
            "description": "",
            "visibility": "public",
            "created": iso(EPOCH),
        }

    def _repo_json(self, repo: ForgejoRepo, *, nested: bool = False) -> dict[str, Any]:
        web = f"{self.base_url}/{repo.full_name}"
        parent = self.repo(repo.parent) if repo.parent else None
        return {
            "id": repo.id,
            "owner": self._owner_json(repo.owner),
            "name": repo.name,
            "full_name": repo.full_name,
            "description": repo.description,
            "empty": repo.empty,
            "private": False,
            "fork": repo.parent is not None,
            "template": False,
            "parent": None if nested or parent is None else self._repo_json(parent, nested=True),
            "mirror": repo.mirror,
            "size": sum(len(text) for text in repo.files.values()) // 1024,
            "language": repo.language,
            "languages_url": f"{self.base_url}{API}/repos/{repo.full_name}/languages",
            "html_url": web,
            "url": f"{self.base_url}{API}/repos/{repo.full_name}",
            "link": "",
            "ssh_url": f"forgejo@{self.base_url.split('://')[-1]}:{repo.full_name}.git",
            "clone_url": f"{web}.git",
            "original_url": repo.original_url,
            "website": repo.website,
            "stars_count": repo.stars,
            "forks_count": repo.forks,
            "watchers_count": 1,
            "open_issues_count": repo.open_issues,
            "open_pr_counter": 0,
            "release_counter": 0,
            "default_branch": repo.default_branch,
            "archived": repo.archived,
            "created_at": iso(repo.created_at),
            "updated_at": iso(repo.updated_at),
            "archived_at": iso(repo.updated_at) if repo.archived else "1970-01-01T00:00:00Z",
            "permissions": {"admin": False, "push": False, "pull": True},
            "has_issues": True,
            "has_wiki": True,
            "has_pull_requests": True,
            "has_projects": False,
            "has_releases": True,
            "has_packages": False,
            "has_actions": False,
            "internal": False,
            "mirror_interval": "8h0m0s" if repo.mirror else "",
            "object_format_name": "sha1",
            "mirror_updated": iso(repo.updated_at) if repo.mirror else "0001-01-01T00:00:00Z",
            "repo_transfer": None,
            "topics": list(repo.topics),
            "avatar_url": "",
        }

    def _entry_json(self, repo: ForgejoRepo, name: str) -> dict[str, Any]:
        api = f"{self.base_url}{API}/repos/{repo.full_name}"
        is_file = name in repo.files
        text = repo.files.get(name, "")
        sha = blob_id(text) if is_file else hashlib.sha1(name.encode()).hexdigest()
        kind = "file" if is_file else "dir"
        html = f"{self.base_url}/{repo.full_name}/src/branch/{repo.default_branch}/{name}"
        return {
            "name": name,
            "path": name,
            "sha": sha,
            "last_commit_sha": hashlib.sha1(repo.updated_at.isoformat().encode()).hexdigest(),
            "type": kind,
            "size": len(text.encode()),
            "encoding": None,
            "content": None,
            "target": None,
            "url": f"{api}/contents/{name}?ref={repo.default_branch}",
            "html_url": html,
            "git_url": f"{api}/git/{'blobs' if is_file else 'trees'}/{sha}",
            "download_url": (
                f"{self.base_url}/{repo.full_name}/raw/branch/{repo.default_branch}/{name}"
                if is_file
                else None
            ),
            "submodule_git_url": None,
            "_links": {"self": f"{api}/contents/{name}", "git": None, "html": html},
        }


@contextmanager
def serve(fake: FakeForgejo) -> Iterator[FakeForgejo]:
    """Serve the fake on a loopback port in a thread for the duration of the block."""
    port = free_port()
    fake.base_url = f"http://127.0.0.1:{port}"
    with serving(fake.app(), port):
        try:
            yield fake
        finally:
            fake.release()
