# SPDX-License-Identifier: EUPL-1.2
"""A fake GitHub REST API (v3) for tests, served for real on loopback.

The real PyGithub client talks to it: `Github(base_url=fake.base_url, auth=Auth.Token("t"))`.
Tests set up accounts and repositories in memory, then watch what the client does:

    fake = FakeGitHub(clock=lambda: 1_700_000_000.0)
    fake.add_organisation("minbzk", [FakeRepo(name="woo", licence="EUPL-1.2")])
    with serve(fake):
        ...

It answers in GitHub's shapes (taken from recorded exchanges): paged listings with `Link`
headers, `ETag`/`Last-Modified` and 304 on a matching `If-None-Match` (a 304 costs no rate
limit), rate-limit headers and the primary-rate-limit 403, 301 for renamed repositories and
JSON error bodies. `faults` injects misbehaviour per request (see `Fault` and `queue`),
`latency` slows every answer, and `requests` records every request the fake received.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import json
import math
import re
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from typing import Any, NamedTuple
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.server import free_port, serving

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
DOCS = "https://docs.github.com/rest"
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
SECONDARY_RATE_LIMIT = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)
UNAVAILABLE_HTML = (
    b"<html><body><h1>503 Service Unavailable</h1>"
    b"No server is available to handle this request.</body></html>"
)
# GitHub's licence keys and names for the SPDX ids it detects; others get a derived key.
LICENCES = {
    "EUPL-1.2": ("eupl-1.2", "European Union Public License 1.2"),
    "MIT": ("mit", "MIT License"),
    "Apache-2.0": ("apache-2.0", "Apache License 2.0"),
    "GPL-3.0": ("gpl-3.0", "GNU General Public License v3.0"),
    "AGPL-3.0": ("agpl-3.0", "GNU Affero General Public License v3.0"),
    "LGPL-3.0": ("lgpl-3.0", "GNU Lesser General Public License v3.0"),
    "MPL-2.0": ("mpl-2.0", "Mozilla Public License 2.0"),
    "BSD-3-Clause": ("bsd-3-clause", 'BSD 3-Clause "New" or "Revised" License'),
    "NOASSERTION": ("other", "Other"),
}


@dataclass(kw_only=True)
class FakeRepo:
    """A public repository; `owner` and `id` are filled in when it is added to a FakeGitHub."""

    name: str
    owner: str = ""
    id: int = 0
    description: str | None = None
    homepage: str | None = None
    topics: list[str] = field(default_factory=list)
    language: str | None = None
    languages: dict[str, int] = field(default_factory=dict)
    stars: int = 0
    forks: int = 0
    open_issues: int = 0
    archived: bool = False
    fork: bool = False
    parent: str | None = None  # full name of the repository this one is a fork of
    default_branch: str = "main"
    created_at: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    pushed_at: datetime | None = EPOCH
    updated_at: datetime = EPOCH
    licence: str | None = None  # SPDX id as GitHub detects it, e.g. "EUPL-1.2"
    publiccode_yml: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # other files by path
    sbom: dict[str, Any] | None = None  # SPDX JSON of the dependency graph; None: not enabled

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def file(self, path: str) -> str | None:
        if path == "publiccode.yml" and self.publiccode_yml is not None:
            return self.publiccode_yml
        return self.files.get(path)


SORT_KEYS: dict[str, Callable[[FakeRepo], tuple[Any, int]]] = {
    "created": lambda r: (r.created_at, r.id),
    "updated": lambda r: (r.updated_at, r.id),
    "pushed": lambda r: (r.pushed_at or EPOCH, r.id),
    "full_name": lambda r: (r.full_name.lower(), r.id),
}


@dataclass(frozen=True)
class FakeAccount:
    """An organisation (`kind="Organization"`) or a user (`kind="User"`)."""

    login: str
    kind: str
    id: int


@dataclass(frozen=True)
class Fault:
    """One way for an answer to go wrong; build it with the class methods."""

    status: int | None = None
    retry_after: int | None = None
    malformed: bool = False
    delay: float = 0.0

    @classmethod
    def error(cls, status: int) -> Fault:
        """Answer `status` (401, 404, 500, 502, 503, ...) with GitHub's body for it."""
        return cls(status=status)

    @classmethod
    def secondary_rate_limit(cls, retry_after: int = 60, status: int = 403) -> Fault:
        """A secondary rate limit: 403 (or 429) with a `Retry-After` header."""
        return cls(status=status, retry_after=retry_after)

    @classmethod
    def malformed_body(cls) -> Fault:
        """Status 200, but the JSON body is cut off halfway."""
        return cls(malformed=True)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Answer normally, after `seconds`."""
        return cls(delay=seconds)

    @classmethod
    def hang(cls) -> Fault:
        """Never answer: the client's time limit ends the wait (the request is let go, still
        unanswered, when the fake is released)."""
        return cls(delay=math.inf)


FaultHook = Callable[[Request], Fault | None]


def queue(pattern: str, *faults: Fault) -> FaultHook:
    """A fault hook: the next requests whose path matches `pattern` get `faults`, in order.

    `pattern` is a regular expression searched for in the path ("" matches every request).
    Any other callable that takes the starlette `Request` and returns a `Fault` or None will do.
    """
    pending = list(faults)
    compiled = re.compile(pattern)

    def hook(request: Request) -> Fault | None:
        if pending and compiled.search(request.url.path):
            return pending.pop(0)
        return None

    return hook


class SeenRequest(NamedTuple):
    method: str
    path: str  # with the query string
    headers: dict[str, str]


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    modified: datetime = EPOCH
    raw: bytes | None = None

    def content(self) -> bytes:
        return self.raw if self.raw is not None else json.dumps(self.body).encode()


def error(status: int, message: str, **extra: str) -> Answer:
    return Answer(status, {"message": message, "documentation_url": DOCS, **extra})


def not_found() -> Answer:
    return error(404, "Not Found")


def fault_answer(fault: Fault) -> Answer:
    status = fault.status or 500
    if fault.retry_after is not None:
        answer = error(status, SECONDARY_RATE_LIMIT)
        answer.headers["Retry-After"] = str(fault.retry_after)
        return answer
    if status == 401:
        return error(401, "Bad credentials")
    if status == 404:
        return not_found()
    if status == 503:  # GitHub's front end answers this one in HTML (recorded)
        return Answer(503, raw=UNAVAILABLE_HTML)
    if status >= 500:
        return Answer(status, {"error": "Server Error"})  # as recorded for a 502
    return error(status, HTTPStatus(status).phrase)


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def node_id(kind: str, number: int) -> str:
    return base64.b64encode(f"0{len(kind)}:{kind}{number}".encode()).decode()


def number(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(text or ""), low), high)
    except ValueError:
        return default


def not_modified(request: Request, etag: str, modified: datetime) -> bool:
    """RFC 9110 §13.1: If-None-Match wins; otherwise If-Modified-Since."""
    if "if-none-match" in request.headers:
        tags = {
            tag.strip().removeprefix("W/") for tag in request.headers["if-none-match"].split(",")
        }
        return etag in tags or "*" in tags
    try:
        since = parsedate_to_datetime(request.headers["if-modified-since"])
    except (KeyError, TypeError, ValueError):
        return False
    return since >= modified.replace(microsecond=0)


@dataclass
class FakeGitHub:
    """The fake's state: accounts, repositories, rate limit, faults and the requests seen."""

    clock: Callable[[], float] = time.time
    latency: float = 0.0
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep  # how latency and slow answers wait
    faults: FaultHook | None = None
    revoked_tokens: set[str] = field(default_factory=set)
    rate_limit: int = 5000
    rate_window: float = 3600.0
    web_url: str = "https://github.com"
    base_url: str = ""
    rate_used: int = 0
    rate_reset: float = 0.0  # epoch seconds when the current window ends; 0: clock + window
    requests: list[SeenRequest] = field(default_factory=list)
    accounts: dict[str, FakeAccount] = field(default_factory=dict)
    repos: dict[int, FakeRepo] = field(default_factory=dict)
    moved: dict[str, int] = field(default_factory=dict)  # old full name (lower case) -> id
    _names: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _ids: Iterator[int] = field(
        default_factory=lambda: itertools.count(1001), init=False, repr=False
    )
    _hanging: threading.Event = field(default_factory=threading.Event, init=False, repr=False)

    def __post_init__(self) -> None:
        self.rate_reset = self.rate_reset or self.clock() + self.rate_window

    def release(self) -> None:
        """Let go of every request that hangs (Fault.hang), unanswered."""
        self._hanging.set()
        self._hanging = threading.Event()

    def reset(self, **settings: Any) -> None:
        """Forget every account, repository, fault and request, and take new settings.

        The address stays, so one served fake can be shared by many tests.
        """
        self.release()
        fresh = FakeGitHub(base_url=self.base_url, **settings)
        self.__dict__.update(fresh.__dict__)

    # -- setting up ---------------------------------------------------------------------------

    def add_organisation(self, login: str, repos: Iterable[FakeRepo] = ()) -> FakeAccount:
        return self._add_account(login, "Organization", repos)

    def add_user(self, login: str, repos: Iterable[FakeRepo] = ()) -> FakeAccount:
        return self._add_account(login, "User", repos)

    def _add_account(self, login: str, kind: str, repos: Iterable[FakeRepo]) -> FakeAccount:
        account = FakeAccount(login=login, kind=kind, id=next(self._ids))
        self.accounts[login.lower()] = account
        for repo in repos:
            self.add_repo(login, repo)
        return account

    def add_repo(self, owner: str, repo: FakeRepo) -> FakeRepo:
        repo.owner = self.accounts[owner.lower()].login
        repo.id = repo.id or next(self._ids)
        self.repos[repo.id] = repo
        self._names[repo.full_name.lower()] = repo.id
        self.moved.pop(repo.full_name.lower(), None)  # a new repository takes over an old name
        return repo

    def repo(self, full_name: str) -> FakeRepo | None:
        key = full_name.lower()
        repo = self.repos.get(self._names.get(key, 0))
        if repo is not None and repo.full_name.lower() == key:
            return repo
        # A test may have renamed a repository by hand.
        return next((r for r in self.repos.values() if r.full_name.lower() == key), None)

    def rename(self, old_full_name: str, new_full_name: str) -> FakeRepo:
        """Rename or transfer a repository; its old name answers 301, as on GitHub."""
        repo = self.repo(old_full_name)
        if repo is None:
            raise KeyError(old_full_name)
        owner, repo.name = new_full_name.split("/")
        repo.owner = self.accounts[owner.lower()].login
        self.moved[old_full_name.lower()] = repo.id
        self._names.pop(old_full_name.lower(), None)
        self._names[repo.full_name.lower()] = repo.id
        return repo

    def remove(self, full_name: str) -> None:
        repo = self.repo(full_name)
        if repo is None:
            raise KeyError(full_name)
        del self.repos[repo.id]
        self._names.pop(repo.full_name.lower(), None)
        self.moved = {old: id_ for old, id_ in self.moved.items() if id_ != repo.id}

    @property
    def rate_remaining(self) -> int:
        return max(self.rate_limit - self.rate_used, 0)

    # -- serving ------------------------------------------------------------------------------

    def app(self) -> Starlette:
        routes = [
            ("/rate_limit", self.rate_limit_status),
            ("/orgs/{login}", self.organisation),
            ("/orgs/{login}/repos", self.organisation_repos),
            ("/users/{login}", self.user),
            ("/users/{login}/repos", self.user_repos),
            ("/repos/{owner}/{name}{rest:path}", self.repository_by_name),
            ("/repositories/{id:int}{rest:path}", self.repository_by_id),
        ]
        return Starlette(
            routes=[Route(path, self._endpoint(handler)) for path, handler in routes]
            + [Route("/{rest:path}", self._endpoint(lambda _: not_found()), methods=ALL_METHODS)]
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
            return Response(status_code=HTTPStatus.GATEWAY_TIMEOUT)  # nobody waits for it now
        if delay > 0:
            await self.pause(delay)
        now = self.clock()
        if now >= self.rate_reset:
            self.rate_reset, self.rate_used = now + self.rate_window, 0
        answer = self._refusal(request, fault) or handler(request)
        if fault and fault.malformed:
            content = answer.content()
            answer.raw = content[: len(content) // 2]
        return self._respond(request, answer)

    def _refusal(self, request: Request, fault: Fault | None) -> Answer | None:
        token = request.headers.get("authorization", "").partition(" ")[2]
        client = request.client.host if request.client else "127.0.0.1"
        if token and token in self.revoked_tokens:
            return error(401, "Bad credentials")
        if fault and fault.status:
            return fault_answer(fault)
        if self.rate_remaining == 0 and request.url.path != "/rate_limit":
            # The message as recorded; PyGithub recognises "API rate limit exceeded" (any case).
            return error(403, f"API Rate Limit Exceeded for {client}")
        return None

    def _respond(self, request: Request, answer: Answer) -> Response:
        content = answer.content()
        headers = {"Content-Type": "application/json; charset=utf-8", **answer.headers}
        headers["X-GitHub-Media-Type"] = "github.v3; format=json"
        if answer.status == 200:
            headers["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
            headers["Last-Modified"] = format_datetime(answer.modified, usegmt=True)
            headers["Cache-Control"] = "private, max-age=60, s-maxage=60"
            if not_modified(request, headers["ETag"], answer.modified):
                del headers["Content-Type"]
                return Response(status_code=304, headers=headers | self._rate_headers())
        if request.url.path != "/rate_limit" and answer.status != 401:
            self.rate_used = min(self.rate_used + 1, self.rate_limit)
        return Response(content, answer.status, headers | self._rate_headers())

    def _rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(self.rate_remaining),
            "X-RateLimit-Reset": str(int(self.rate_reset)),
            "X-RateLimit-Used": str(self.rate_used),
            "X-RateLimit-Resource": "core",
        }

    # -- endpoints ----------------------------------------------------------------------------

    def rate_limit_status(self, request: Request) -> Answer:
        core = {
            "limit": self.rate_limit,
            "used": self.rate_used,
            "remaining": self.rate_remaining,
            "reset": int(self.rate_reset),
        }
        search = {"limit": 30, "used": 0, "remaining": 30, "reset": int(self.clock()) + 60}
        return Answer(200, {"resources": {"core": core, "search": search}, "rate": core})

    def organisation(self, request: Request) -> Answer:
        account = self.accounts.get(request.path_params["login"].lower())
        if account is None or account.kind != "Organization":
            return not_found()
        return Answer(200, self._account_json(account) | {"name": account.login})

    def user(self, request: Request) -> Answer:
        account = self.accounts.get(request.path_params["login"].lower())
        return Answer(200, self._account_json(account)) if account else not_found()

    def organisation_repos(self, request: Request) -> Answer:
        account = self.accounts.get(request.path_params["login"].lower())
        if account is None or account.kind != "Organization":
            return not_found()
        return self._listing(request, account, default_sort="created")

    def user_repos(self, request: Request) -> Answer:
        account = self.accounts.get(request.path_params["login"].lower())
        if account is None:
            return not_found()
        return self._listing(request, account, default_sort="full_name")

    def repository_by_name(self, request: Request) -> Answer:
        full_name = f"{request.path_params['owner']}/{request.path_params['name']}"
        repo = self.repo(full_name)
        if repo is not None:
            return self._repo_resource(repo, request.path_params["rest"])
        if full_name.lower() in self.moved:
            return self._moved(request, self.moved[full_name.lower()])
        return not_found()

    def repository_by_id(self, request: Request) -> Answer:
        repo = self.repos.get(request.path_params["id"])
        return self._repo_resource(repo, request.path_params["rest"]) if repo else not_found()

    def _moved(self, request: Request, repo_id: int) -> Answer:
        query = f"?{request.url.query}" if request.url.query else ""
        location = f"{self.base_url}/repositories/{repo_id}{request.path_params['rest']}{query}"
        body = {
            "message": "Moved Permanently",
            "url": location,
            "documentation_url": "https://developer.github.com/v3/#http-redirects",
        }
        return Answer(301, body, headers={"Location": location})

    def _repo_resource(self, repo: FakeRepo, rest: str) -> Answer:
        if rest in ("", "/"):
            return Answer(200, self._repo_json(repo, detail=True), modified=repo.updated_at)
        if rest == "/languages":
            return Answer(200, dict(repo.languages), modified=repo.pushed_at or EPOCH)
        if rest == "/topics":
            return Answer(200, {"names": list(repo.topics)}, modified=repo.updated_at)
        if rest == "/license":
            return self._licence_file(repo)
        if rest == "/dependency-graph/sbom":
            if repo.sbom is None:
                return not_found()
            return Answer(200, {"sbom": repo.sbom}, modified=repo.pushed_at or EPOCH)
        if rest.startswith("/contents/"):
            return self._content(repo, rest.removeprefix("/contents/"))
        return not_found()

    def _licence_file(self, repo: FakeRepo) -> Answer:
        if repo.licence is None:
            return not_found()
        text = repo.files.get("LICENSE", f"{repo.licence} licence text\n")
        body = self._content_json(repo, "LICENSE", text) | {"license": self._licence(repo)}
        return Answer(200, body, modified=repo.pushed_at or EPOCH)

    def _content(self, repo: FakeRepo, path: str) -> Answer:
        text = repo.file(path)
        if text is None:
            return self._folder(repo, path.strip("/"))
        return Answer(200, self._content_json(repo, path, text), modified=repo.pushed_at or EPOCH)

    def _folder(self, repo: FakeRepo, folder: str) -> Answer:
        """A folder's entries as GitHub lists them (404 for a folder with no files)."""
        paths = [*repo.files, *(["publiccode.yml"] if repo.publiccode_yml is not None else [])]
        prefix = f"{folder}/" if folder else ""
        entries: dict[str, str] = {}
        for path in paths:
            if path.startswith(prefix):
                head, _, rest = path.removeprefix(prefix).partition("/")
                entries[head] = "dir" if rest else entries.get(head, "file")
        if not entries:
            return not_found()
        body = [
            {"name": name, "path": prefix + name, "type": kind}
            for name, kind in sorted(entries.items())
        ]
        return Answer(200, body, modified=repo.pushed_at or EPOCH)

    def _listing(self, request: Request, account: FakeAccount, default_sort: str) -> Answer:
        query = request.query_params
        sort = query.get("sort", default_sort)
        descending = query.get("direction", "asc" if sort == "full_name" else "desc") == "desc"
        repos = [r for r in self.repos.values() if r.owner == account.login]
        if query.get("type") in ("forks", "sources"):
            repos = [r for r in repos if r.fork == (query["type"] == "forks")]
        key = SORT_KEYS.get(sort, SORT_KEYS["full_name"])
        return self._page(request, sorted(repos, key=key, reverse=descending))

    def _page(self, request: Request, repos: list[FakeRepo]) -> Answer:
        per_page = number(request.query_params.get("per_page"), 30, 1, 100)
        page = number(request.query_params.get("page"), 1, 1, 1_000_000)
        last = max(1, -(-len(repos) // per_page))
        chunk = repos[(page - 1) * per_page : page * per_page]
        links = {"next": page + 1, "last": last} if page < last else {}
        links |= {"first": 1, "prev": page - 1} if page > 1 else {}
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
        url = f"{self.base_url}{request.url.path}?"
        link = ", ".join(
            f'<{url}{urlencode([*params, ("page", n)])}>; rel="{rel}"' for rel, n in links.items()
        )
        modified = max((r.updated_at for r in chunk), default=EPOCH)
        body = [self._repo_json(r, detail=False) for r in chunk]
        return Answer(200, body, headers={"Link": link} if link else {}, modified=modified)

    # -- GitHub's JSON shapes -----------------------------------------------------------------

    def _account(self, login: str) -> FakeAccount:
        """The account, or a stand-in for one outside the fake (the owner of a parent repo)."""
        return self.accounts.get(login.lower()) or FakeAccount(
            login, "User", zlib.crc32(login.encode())
        )

    def _account_json(self, account: FakeAccount) -> dict[str, Any]:
        prefix = "orgs" if account.kind == "Organization" else "users"
        public_repos = sum(1 for r in self.repos.values() if r.owner == account.login)
        return self._owner_json(account) | {
            "url": f"{self.base_url}/{prefix}/{account.login}",
            "repos_url": f"{self.base_url}/{prefix}/{account.login}/repos",
            "public_repos": public_repos,
            "created_at": iso(EPOCH),
            "updated_at": iso(EPOCH),
        }

    def _owner_json(self, account: FakeAccount) -> dict[str, Any]:
        return {
            "login": account.login,
            "id": account.id,
            "node_id": node_id(account.kind, account.id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{account.id}?v=4",
            "gravatar_id": "",
            "url": f"{self.base_url}/users/{account.login}",
            "html_url": f"{self.web_url}/{account.login}",
            "repos_url": f"{self.base_url}/users/{account.login}/repos",
            "type": account.kind,
            "site_admin": False,
        }

    def _licence(self, repo: FakeRepo) -> dict[str, Any] | None:
        if repo.licence is None:
            return None
        key, name = LICENCES.get(repo.licence, (repo.licence.lower(), repo.licence))
        url = None if key == "other" else f"{self.base_url}/licenses/{key}"
        spdx = {"key": key, "name": name, "spdx_id": repo.licence, "url": url}
        return spdx | {"node_id": node_id("License", zlib.crc32(key.encode()))}

    def _repo_json(self, repo: FakeRepo, *, detail: bool) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{repo.full_name}"
        web = f"{self.web_url}/{repo.full_name}"
        owner = self._account(repo.owner)
        data: dict[str, Any] = {
            "id": repo.id,
            "node_id": node_id("Repository", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "private": False,
            "owner": self._owner_json(owner),
            "html_url": web,
            "description": repo.description,
            "fork": repo.fork,
            "url": api,
            "languages_url": f"{api}/languages",
            "contents_url": f"{api}/contents/{{+path}}",
            "created_at": iso(repo.created_at),
            "updated_at": iso(repo.updated_at),
            "pushed_at": iso(repo.pushed_at),
            "git_url": f"git://{web.split('://')[-1]}.git",
            "clone_url": f"{web}.git",
            "homepage": repo.homepage,
            "size": sum(repo.languages.values()) // 1024,
            "stargazers_count": repo.stars,
            "watchers_count": repo.stars,
            "language": repo.language or _main_language(repo.languages),
            "has_issues": True,
            "forks_count": repo.forks,
            "archived": repo.archived,
            "disabled": False,
            "open_issues_count": repo.open_issues,
            "license": self._licence(repo),
            "topics": list(repo.topics),
            "visibility": "public",
            "forks": repo.forks,
            "open_issues": repo.open_issues,
            "watchers": repo.stars,
            "default_branch": repo.default_branch,
        }
        if detail:
            data |= {"network_count": repo.forks, "subscribers_count": 0}
            if owner.kind == "Organization":
                data["organization"] = self._owner_json(owner)
            if repo.fork and repo.parent:
                data["parent"] = self._repo_json(self._stand_in(repo.parent), detail=False)
                data["source"] = self._repo_json(self._source(repo), detail=False)
        return data

    def _stand_in(self, full_name: str) -> FakeRepo:
        """The repository, or a stand-in for one outside the fake."""
        owner, name = full_name.split("/")
        return self.repo(full_name) or FakeRepo(
            name=name, owner=owner, id=zlib.crc32(full_name.encode())
        )

    def _source(self, repo: FakeRepo) -> FakeRepo:
        """The root of the fork network."""
        seen = {repo.id}
        while repo.fork and repo.parent:
            repo = self._stand_in(repo.parent)
            if repo.id in seen:
                break
            seen.add(repo.id)
        return repo

    def _content_json(self, repo: FakeRepo, path: str, text: str) -> dict[str, Any]:
        data = text.encode()
        sha = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # git's blob id
        encoded = base64.b64encode(data).decode()
        api = f"{self.base_url}/repos/{repo.full_name}"
        html = f"{self.web_url}/{repo.full_name}/blob/{repo.default_branch}/{path}"
        links = {"self": f"{api}/contents/{path}?ref={repo.default_branch}", "html": html}
        return {
            "type": "file",
            "encoding": "base64",
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            # GitHub wraps the base64 text at 60 characters.
            "content": "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n",
            "sha": sha,
            "url": links["self"],
            "git_url": f"{api}/git/blobs/{sha}",
            "html_url": html,
            "download_url": None,
            "_links": links | {"git": f"{api}/git/blobs/{sha}"},
        }


def _main_language(languages: dict[str, int]) -> str | None:
    """What GitHub's listing names as a repository's language: the one with the most bytes."""
    return max(languages, key=lambda name: languages[name]) if languages else None


@contextmanager
def serve(fake: FakeGitHub) -> Iterator[FakeGitHub]:
    """Serve the fake on a loopback port in a thread for the duration of the block."""
    port = free_port()
    fake.base_url = f"http://127.0.0.1:{port}"
    with serving(fake.app(), port):
        try:
            yield fake
        finally:
            fake.release()
