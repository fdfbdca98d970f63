# SPDX-License-Identifier: EUPL-1.2
"""A fake GitLab REST API (v4) for tests, served for real on loopback.

The real python-gitlab client talks to it over HTTP. It keeps groups and projects in memory and
answers the read endpoints a harvester uses in GitLab's shapes: offset pagination with `X-*`
and `Link` headers, weak ETags with 304 on `If-None-Match`, `RateLimit-*` headers and 429 with
`Retry-After`, and GitLab's 404 bodies. Projects keep their id when moved or renamed, and their
old full paths keep resolving (GitLab's redirect routes).

Misbehaviour is injected with `Fault`s: queue them with `inject(fault, path=glob, times=n)` or
set `faults` to a callable that looks at each starlette `Request`. `latency` slows every answer,
`clock` drives the rate-limit window (use `ManualClock` so tests never sleep), and `requests`
records every request that arrived.
"""

from __future__ import annotations

import asyncio
import base64
import fnmatch
import hashlib
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.fakes.server import free_port, serving

API = "/api/v4"
JSON = "application/json"
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
COUNT_LIMIT = 10_000  # above this GitLab leaves out X-Total, X-Total-Pages and rel="last"
REVOKED = {
    "error": "invalid_token",
    "error_description": "Token was revoked. You have to re-authorize from the user.",
}
BAD_GATEWAY = "<html><body><h1>502 Bad Gateway</h1></body></html>\n"


@dataclass
class ManualClock:
    """A clock that only moves when told to; pass it as `FakeGitLab(clock=...)`."""

    now: float = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class Fault:
    """One misbehaving answer: a status, a malformed 200 body, a delay, or a mix.

    `Fault(status=401)` (also 403, 404, 500, 502), `Fault(status=429, retry_after=30)`,
    `Fault(malformed=True)` (the normal body cut in half, still 200), `Fault(delay=2.0)`
    (the normal answer, late), `Fault(delay=math.inf)` (no answer: the client's time limit
    ends the wait; the request is let go, unanswered, when the fake is reset or closed).
    """

    status: int | None = None
    retry_after: int = 60
    malformed: bool = False
    delay: float = 0.0


@dataclass
class QueuedFault:
    fault: Fault
    pattern: str
    remaining: int


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # raw path with the query string, e.g. /api/v4/groups/1/projects?page=2
    headers: dict[str, str]


@dataclass
class Group:
    """A GitLab group; `full_path` joins the paths of its ancestors (`commonground/core`)."""

    id: int
    path: str
    name: str
    parent: Group | None = None
    description: str = ""
    created_at: str = "2020-01-01T00:00:00.000Z"

    @property
    def full_path(self) -> str:
        return f"{self.parent.full_path}/{self.path}" if self.parent else self.path

    @property
    def full_name(self) -> str:
        return f"{self.parent.full_name} / {self.name}" if self.parent else self.name


@dataclass(frozen=True)
class License:
    """A licence as GitLab's licence detection reports it (key is lower-case SPDX-ish)."""

    key: str
    name: str
    nickname: str | None = None


@dataclass(frozen=True)
class ForkOrigin:
    """The project a fork came from, when it is not itself in the fake."""

    id: int
    path_with_namespace: str


@dataclass
class Project:
    """A GitLab project in a group; `files` adds repository files beside publiccode.yml."""

    id: int
    path: str
    group: Group
    name: str = ""
    description: str | None = None
    topics: list[str] = field(default_factory=list)
    web_url: str | None = None  # derived from the fake's base URL when None
    http_url_to_repo: str | None = None
    default_branch: str | None = "main"
    star_count: int = 0
    forks_count: int = 0
    open_issues_count: int = 0
    archived: bool = False
    forked_from_project: Project | ForkOrigin | None = None
    created_at: str = "2021-03-01T12:00:00.000Z"
    last_activity_at: str = "2024-05-01T12:00:00.000Z"
    license: License | None = None
    languages: dict[str, float] = field(default_factory=dict)
    publiccode_yml: str | None = None
    files: dict[str, str] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        return self.group.full_path

    @property
    def path_with_namespace(self) -> str:
        return f"{self.namespace}/{self.path}"

    def file(self, file_path: str) -> str | None:
        if file_path == "publiccode.yml" and self.publiccode_yml is not None:
            return self.publiccode_yml
        return self.files.get(file_path)


@dataclass
class RateWindow:
    limit: int
    observed: int
    reset: float
    now: float

    @property
    def exhausted(self) -> bool:
        return self.observed > self.limit

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset - self.now))

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Name": "throttle_authenticated_api",
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Observed": str(self.observed),
            "RateLimit-Remaining": str(max(0, self.limit - self.observed)),
            "RateLimit-Reset": str(int(self.reset)),
            "RateLimit-ResetTime": formatdate(self.reset, usegmt=True),
        }


Handler = Callable[[Request, dict[str, str]], Response]


@dataclass
class FakeGitLab:
    """The server's state, how it should misbehave, and what it was asked."""

    base_url: str = ""
    clock: Callable[[], float] = time.time
    latency: float = 0.0
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep  # how latency and delays wait
    rate_limit: int = 2000
    rate_limit_period: int = 60
    faults: Callable[[Request], Fault | None] | None = None
    revoked_tokens: set[str] = field(default_factory=set)
    require_token: bool = False
    groups: dict[int, Group] = field(default_factory=dict, repr=False)
    projects: dict[int, Project] = field(default_factory=dict, repr=False)
    requests: list[RecordedRequest] = field(default_factory=list, repr=False)
    queued_faults: list[QueuedFault] = field(default_factory=list, repr=False)
    old_paths: dict[str, int] = field(default_factory=dict, repr=False)  # GitLab's redirects
    window: tuple[float, int] = field(default=(0.0, 0), repr=False)  # (start, requests seen)
    next_group_id: int = field(default=100, repr=False)
    next_project_id: int = field(default=1000, repr=False)
    hanging: threading.Event = field(default_factory=threading.Event, repr=False)

    # -- state set up by tests -------------------------------------------------------------

    def add_group(self, full_path: str, name: str | None = None) -> Group:
        """Return the group at `full_path`, creating it and any missing parents."""
        parent_path, _, path = full_path.rpartition("/")
        if existing := self.find_group(full_path):
            return existing
        parent = self.add_group(parent_path) if parent_path else None
        group = Group(id=self.next_group_id, path=path, name=name or path, parent=parent)
        self.next_group_id += 1
        self.groups[group.id] = group
        return group

    def add_project(self, group_full_path: str, path: str, **fields: Any) -> Project:
        fields.setdefault("name", path)
        group = self.add_group(group_full_path)
        project = Project(id=self.next_project_id, path=path, group=group, **fields)
        self.next_project_id += 1
        self.projects[project.id] = project
        return project

    def move(self, project: Project, new_group_full_path: str) -> None:
        self.old_paths[project.path_with_namespace.lower()] = project.id
        project.group = self.add_group(new_group_full_path)

    def rename(self, project: Project, path: str, name: str | None = None) -> None:
        self.old_paths[project.path_with_namespace.lower()] = project.id
        project.path = path
        project.name = name or project.name

    def remove(self, project: Project) -> None:
        del self.projects[project.id]
        self.old_paths = {old: id_ for old, id_ in self.old_paths.items() if id_ != project.id}

    def inject(self, fault: Fault, *, path: str = "*", times: int = 1) -> None:
        """Answer the next `times` requests matching `path` with `fault`.

        `path` is an fnmatch glob over the raw path after /api/v4 plus the query string, e.g.
        `/projects/1000` or `/groups/*/projects?page=2&*` (a `rel="next"` link starts with
        `page=`; beware that `*page=2*` also matches `per_page=20`).
        """
        self.queued_faults.append(QueuedFault(fault, path, times))

    def reset(self, **settings: Any) -> None:
        """Forget every group, project, fault and request, and take new settings.

        The address stays, so one served fake can be shared by many tests.
        """
        self.hanging.set()  # what still hangs is let go, and touches nothing of what follows
        fresh = FakeGitLab(base_url=self.base_url, **settings)
        self.__dict__.update(fresh.__dict__)

    def find_group(self, ref: str) -> Group | None:
        if ref.isdigit():
            return self.groups.get(int(ref))
        wanted = ref.lower()
        return next((g for g in self.groups.values() if g.full_path.lower() == wanted), None)

    def find_project(self, ref: str) -> Project | None:
        if ref.isdigit():
            return self.projects.get(int(ref))
        wanted = ref.lower()
        for project in self.projects.values():
            if project.path_with_namespace.lower() == wanted:
                return project
        return self.projects.get(self.old_paths.get(wanted, -1))

    # -- the HTTP side ---------------------------------------------------------------------

    def app(self) -> Starlette:
        methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
        return Starlette(routes=[Route(API + "/{rest:path}", self.handle, methods=methods)])

    async def handle(self, request: Request) -> Response:
        raw_path = request.scope["raw_path"].decode("latin-1")
        query = request.url.query
        target = f"{raw_path}?{query}" if query else raw_path
        self.requests.append(RecordedRequest(request.method, target, dict(request.headers)))
        fault = self.fault_for(request, target.removeprefix(API))
        delay = self.latency + (fault.delay if fault else 0.0)
        if delay == math.inf:
            hanging = self.hanging
            await asyncio.to_thread(hanging.wait)
            return Response(status_code=HTTPStatus.GATEWAY_TIMEOUT)  # nobody waits for it now
        if delay:
            await self.pause(delay)
        window = self.count_request()
        response = self.answer(request, raw_path.removeprefix(API), fault, window)
        if response.status_code != 502:  # a 502 comes from the proxy, not from GitLab itself
            response.headers.update(window.headers())
        return response

    def fault_for(self, request: Request, target: str) -> Fault | None:
        if self.faults and (fault := self.faults(request)):
            return fault
        for queued in self.queued_faults:
            if queued.remaining > 0 and fnmatch.fnmatchcase(target, queued.pattern):
                queued.remaining -= 1
                return queued.fault
        return None

    def count_request(self) -> RateWindow:
        now = self.clock()
        start = now - now % self.rate_limit_period
        observed = self.window[1] + 1 if self.window[0] == start else 1
        self.window = (start, observed)
        return RateWindow(self.rate_limit, observed, start + self.rate_limit_period, now)

    def answer(
        self, request: Request, path: str, fault: Fault | None, window: RateWindow
    ) -> Response:
        if fault and fault.status:
            return fault_response(fault)
        if window.exhausted:
            return fault_response(Fault(status=429, retry_after=window.retry_after))
        if denied := self.deny(request):
            return denied
        if request.method not in ("GET", "HEAD"):
            return JSONResponse({"error": "405 Method Not Allowed"}, status_code=405)
        response = self.route(request, path)
        if fault and fault.malformed:
            response = Response(response.body[: len(response.body) // 2], 200, media_type=JSON)
        return conditional(request, response)

    def deny(self, request: Request) -> Response | None:
        token = request.headers.get("private-token") or bearer(request)
        if token and token in self.revoked_tokens:
            headers = {"WWW-Authenticate": 'Bearer realm="Protected by OAuth 2.0"'}
            return JSONResponse(REVOKED, status_code=401, headers=headers)
        if not token and self.require_token:
            return JSONResponse({"message": "401 Unauthorized"}, status_code=401)
        return None

    def route(self, request: Request, path: str) -> Response:
        for pattern, handler in self.routes():
            if match := re.fullmatch(pattern, path):
                params = {name: unquote(value) for name, value in match.groupdict().items()}
                return handler(request, params)
        return JSONResponse({"error": "404 Not Found"}, status_code=404)

    def routes(self) -> list[tuple[str, Handler]]:
        """Path patterns over the raw (still percent-encoded) path, as GitLab matches them."""
        group, project = "/groups/(?P<group>[^/]+)", "/projects/(?P<project>[^/]+)"
        files = project + "/repository/files/(?P<file>[^/]+)"
        return [
            ("/version", self.version),
            (group, self.get_group),
            (group + "/projects", self.group_projects),
            (group + "/subgroups", self.subgroups),
            (group + "/descendant_groups", self.descendants),
            (project, self.get_project),
            (project + "/languages", self.languages),
            (files + "/raw", self.raw_file),
            (files, self.file_json),
        ]

    # -- endpoints -------------------------------------------------------------------------

    def version(self, request: Request, params: dict[str, str]) -> Response:
        return JSONResponse({"version": "17.5.0-ee", "revision": "0123456789a"})

    def get_group(self, request: Request, params: dict[str, str]) -> Response:
        group = self.find_group(params["group"])
        if group is None:
            return not_found("Group")
        return JSONResponse(group_json(group, self.base_url))

    def group_projects(self, request: Request, params: dict[str, str]) -> Response:
        group = self.find_group(params["group"])
        if group is None:
            return not_found("Group")
        query = request.query_params
        groups = self.subtree(group) if flag(query, "include_subgroups") else [group]
        found = [p for p in self.projects.values() if p.group in groups]
        if (archived := flag(query, "archived")) is not None:
            found = [p for p in found if p.archived == archived]
        items = [project_json(p, self.base_url, simple=bool(flag(query, "simple"))) for p in found]
        return paginate(request, sort_items(items, query))

    def subgroups(self, request: Request, params: dict[str, str]) -> Response:
        group = self.find_group(params["group"])
        if group is None:
            return not_found("Group")
        children = [g for g in self.groups.values() if g.parent is group]
        return paginate(request, [group_json(g, self.base_url) for g in children])

    def descendants(self, request: Request, params: dict[str, str]) -> Response:
        group = self.find_group(params["group"])
        if group is None:
            return not_found("Group")
        below = self.subtree(group)[1:]
        return paginate(request, [group_json(g, self.base_url) for g in below])

    def subtree(self, group: Group) -> list[Group]:
        children = [g for g in self.groups.values() if g.parent is group]
        return [group, *(g for child in children for g in self.subtree(child))]

    def get_project(self, request: Request, params: dict[str, str]) -> Response:
        project = self.find_project(params["project"])
        if project is None:
            return not_found("Project")
        body = project_json(project, self.base_url)
        if flag(request.query_params, "license") and project.license:
            url = web_url(project, self.base_url)
            body["license_url"] = f"{url}/-/blob/{project.default_branch}/LICENSE"
            body["license"] = license_json(project.license)
        return JSONResponse(body)

    def languages(self, request: Request, params: dict[str, str]) -> Response:
        project = self.find_project(params["project"])
        if project is None:
            return not_found("Project")
        return JSONResponse(project.languages)

    def raw_file(self, request: Request, params: dict[str, str]) -> Response:
        project = self.find_project(params["project"])
        if project is None:
            return not_found("Project")
        ref = request.query_params.get("ref") or project.default_branch
        if ref != project.default_branch:
            return not_found("Commit")
        text = project.file(params["file"])
        if text is None:
            return not_found("File")
        return PlainTextResponse(text)

    def file_json(self, request: Request, params: dict[str, str]) -> Response:
        project = self.find_project(params["project"])
        if project is None:
            return not_found("Project")
        ref = request.query_params.get("ref")
        if not ref:
            return JSONResponse({"error": "ref is missing"}, status_code=400)
        text = project.file(params["file"]) if ref == project.default_branch else None
        if text is None:
            return not_found("File" if ref == project.default_branch else "Commit")
        return JSONResponse(file_json(params["file"], ref, text.encode()))


def flag(query: QueryParams, name: str) -> bool | None:
    """A boolean parameter as Grape reads it: python-gitlab sends `True`, curl users `true`."""
    value = query.get(name, "").lower()
    if value in ("1", "on", "t", "true", "y", "yes"):
        return True
    return False if value in ("0", "off", "f", "false", "n", "no") else None


def not_found(what: str) -> Response:
    return JSONResponse({"message": f"404 {what} Not Found"}, status_code=404)


def fault_response(fault: Fault) -> Response:
    status = fault.status or 500
    if status == 429:
        headers = {"Retry-After": str(fault.retry_after)}
        return PlainTextResponse("Retry later\n", status_code=429, headers=headers)
    if status == 502:
        return Response(BAD_GATEWAY, status_code=502, media_type="text/html")
    return JSONResponse({"message": f"{status} {HTTPStatus(status).phrase}"}, status_code=status)


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def conditional(request: Request, response: Response) -> Response:
    """Add a weak ETag to a 200 and answer 304 when the client already has it (Rack::ETag)."""
    if response.status_code != 200:
        return response
    etag = f'W/"{hashlib.md5(response.body, usedforsecurity=False).hexdigest()}"'
    cache = {"ETag": etag, "Cache-Control": "max-age=0, private, must-revalidate"}
    wanted = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if "*" in wanted or etag.removeprefix("W/") in [t.removeprefix("W/") for t in wanted]:
        return Response(status_code=304, headers=cache)
    response.headers.update(cache)
    return response


def paginate(request: Request, items: list[dict[str, Any]]) -> Response:
    """One page of `items` with GitLab's offset pagination headers."""
    query = request.query_params
    per_page = number(query.get("per_page"), DEFAULT_PER_PAGE)
    per_page = min(per_page, MAX_PER_PAGE) if per_page > 0 else DEFAULT_PER_PAGE
    page = max(1, number(query.get("page"), 1))
    total_pages = max(1, math.ceil(len(items) / per_page))
    headers = {
        "X-Page": str(page),
        "X-Per-Page": str(per_page),
        "X-Next-Page": str(page + 1) if page < total_pages else "",
        "X-Prev-Page": str(page - 1) if page > 1 else "",
    }
    counted = len(items) <= COUNT_LIMIT
    if counted:
        headers |= {"X-Total": str(len(items)), "X-Total-Pages": str(total_pages)}
    links = {
        "prev": page - 1 if page > 1 else None,
        "next": page + 1 if page < total_pages else None,
    }
    links |= {"first": 1, "last": total_pages if counted else None}
    headers["Link"] = ", ".join(
        f'<{page_url(request, query, n, per_page)}>; rel="{rel}"'
        for rel, n in links.items()
        if n is not None
    )
    return JSONResponse(items[(page - 1) * per_page : page * per_page], headers=headers)


def page_url(request: Request, query: QueryParams, page: int, per_page: int) -> str:
    params = [(k, v) for k, v in query.multi_items() if k not in ("page", "per_page")]
    params += [("page", str(page)), ("per_page", str(per_page))]
    raw_path = request.scope["raw_path"].decode("latin-1")
    return f"{request.url.scheme}://{request.url.netloc}{raw_path}?{urlencode(params)}"


def number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def sort_items(items: list[dict[str, Any]], query: QueryParams) -> list[dict[str, Any]]:
    """GitLab's default for group projects is newest first (order_by=created_at, sort=desc)."""
    key = query.get("order_by", "created_at")
    key = key if key in ("id", "name", "path", "created_at", "last_activity_at") else "created_at"
    reverse = query.get("sort", "desc") != "asc"
    return sorted(items, key=lambda item: (item[key], item["id"]), reverse=reverse)


def group_json(group: Group, base_url: str) -> dict[str, Any]:
    return {
        "id": group.id,
        "web_url": f"{base_url}/groups/{group.full_path}",
        "name": group.name,
        "path": group.path,
        "description": group.description,
        "visibility": "public",
        "full_name": group.full_name,
        "full_path": group.full_path,
        "created_at": group.created_at,
        "parent_id": group.parent.id if group.parent else None,
        "avatar_url": None,
    }


def web_url(project: Project, base_url: str) -> str:
    return project.web_url or f"{base_url}/{project.path_with_namespace}"


def project_json(project: Project, base_url: str, *, simple: bool = False) -> dict[str, Any]:
    url = web_url(project, base_url)
    body: dict[str, Any] = {
        "id": project.id,
        "description": project.description,
        "name": project.name,
        "name_with_namespace": f"{project.group.full_name} / {project.name}",
        "path": project.path,
        "path_with_namespace": project.path_with_namespace,
        "created_at": project.created_at,
        "default_branch": project.default_branch,
        "tag_list": project.topics,
        "topics": project.topics,
        "ssh_url_to_repo": f"git@{urlsplit(base_url).hostname}:{project.path_with_namespace}.git",
        "http_url_to_repo": project.http_url_to_repo or f"{url}.git",
        "web_url": url,
        "readme_url": f"{url}/-/blob/{project.default_branch}/README.md",
        "forks_count": project.forks_count,
        "avatar_url": None,
        "star_count": project.star_count,
        "last_activity_at": project.last_activity_at,
        "namespace": namespace_json(project.group, base_url),
    }
    if simple:
        return body
    body |= {"visibility": "public", "archived": project.archived, "empty_repo": False}
    body["open_issues_count"] = project.open_issues_count
    if project.forked_from_project:
        body["forked_from_project"] = fork_json(project.forked_from_project, base_url)
    return body


def namespace_json(group: Group, base_url: str) -> dict[str, Any]:
    return {
        "id": group.id,
        "name": group.name,
        "path": group.path,
        "kind": "group",
        "full_path": group.full_path,
        "parent_id": group.parent.id if group.parent else None,
        "avatar_url": None,
        "web_url": f"{base_url}/groups/{group.full_path}",
    }


def fork_json(origin: Project | ForkOrigin, base_url: str) -> dict[str, Any]:
    if isinstance(origin, Project):
        return project_json(origin, base_url, simple=True)
    path = origin.path_with_namespace
    return {
        "id": origin.id,
        "path": path.rpartition("/")[2],
        "path_with_namespace": path,
        "web_url": f"{base_url}/{path}",
    }


def license_json(licence: License) -> dict[str, Any]:
    return {
        "key": licence.key,
        "name": licence.name,
        "nickname": licence.nickname,
        "html_url": f"https://choosealicense.com/licenses/{licence.key}/",
        "source_url": f"https://spdx.org/licenses/{licence.key.upper()}.html",
    }


def file_json(file_path: str, ref: str, content: bytes) -> dict[str, Any]:
    blob_id = hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()
    commit_id = hashlib.sha1(f"{ref}:{blob_id}".encode(), usedforsecurity=False).hexdigest()
    return {
        "file_name": file_path.rpartition("/")[2],
        "file_path": file_path,
        "size": len(content),
        "encoding": "base64",
        "content_sha256": hashlib.sha256(content).hexdigest(),
        "ref": ref,
        "blob_id": blob_id,
        "commit_id": commit_id,
        "last_commit_id": commit_id,
        "execute_filemode": False,
        "content": base64.b64encode(content).decode(),
    }


@contextmanager
def serve(fake: FakeGitLab) -> Iterator[FakeGitLab]:
    """Serve the fake on a loopback port in a thread for the duration of the block."""
    port = free_port()
    fake.base_url = f"http://127.0.0.1:{port}"
    with serving(fake.app(), port):
        try:
            yield fake
        finally:
            fake.hanging.set()
