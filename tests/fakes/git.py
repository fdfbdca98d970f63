# SPDX-License-Identifier: EUPL-1.2
"""A git server for tests, served for real on loopback: git's own smart-HTTP server
(`git http-backend`, run as CGI per request) over the bare repositories in a folder, with
partial clone allowed, as GitHub, GitLab and Forgejo allow it. `faults` answers a request
with an HTTP status (or never, for a hang) before git sees it; `requests` records each.

    server = FakeGitServer(folder)
    with serve(server):
        url = f"{server.base_url}/rekenmodel.git"
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.server import free_port, serving

Fault = int | None  # a status to answer instead, or 0 for an answer that never comes


@dataclass
class FakeGitServer:
    """Serves every bare repository under `root` at /NAME.git."""

    root: Path
    base_url: str = ""
    faults: Callable[[Request], Fault] | None = None
    requests: list[str] = field(default_factory=list)
    _hanging: threading.Event = field(default_factory=threading.Event, repr=False)

    def publish(self, work: Path, name: str) -> Path:
        """A bare copy of the working repository `work`, served as /NAME.git; push to it
        again with `update`."""
        bare = self.root / f"{name}.git"
        subprocess.run(
            ["git", "clone", "-q", "--bare", str(work), str(bare)], check=True, env=_quiet()
        )
        for setting in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
            subprocess.run(["git", "-C", str(bare), "config", setting, "true"], check=True)
        return bare

    def update(self, work: Path, name: str) -> None:
        bare = self.root / f"{name}.git"
        subprocess.run(
            ["git", "-C", str(work), "push", "-q", "--force", str(bare), "HEAD:refs/heads/hoofd"],
            check=True,
            env=_quiet(),
        )

    def release(self) -> None:
        self._hanging.set()
        self._hanging = threading.Event()

    def app(self) -> Starlette:
        methods = ["GET", "POST"]
        return Starlette(routes=[Route("/{path:path}", self.handle, methods=methods)])

    async def handle(self, request: Request) -> Response:
        query = f"?{request.url.query}" if request.url.query else ""
        self.requests.append(f"{request.method} {request.url.path}{query}")
        fault = self.faults(request) if self.faults else None
        if fault == 0:
            hanging = self._hanging
            await asyncio.to_thread(hanging.wait)
            return Response(status_code=504)
        if fault:
            return Response(f"fault {fault}\n", status_code=fault, media_type="text/plain")
        body = await request.body()
        return await asyncio.to_thread(self._cgi, request, body)

    def _cgi(self, request: Request, body: bytes) -> Response:
        environment = {
            **_quiet(),
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": request.url.path,
            "QUERY_STRING": request.url.query,
            "REQUEST_METHOD": request.method,
            "CONTENT_TYPE": request.headers.get("content-type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_CONTENT_ENCODING": request.headers.get("content-encoding", ""),
            "GIT_PROTOCOL": request.headers.get("git-protocol", ""),
        }
        done = subprocess.run(
            ["git", "http-backend"], input=body, capture_output=True, env=environment, check=False
        )
        head, _, content = done.stdout.partition(b"\r\n\r\n")
        status, headers = 200, {}
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers[name] = value.strip()
        return Response(content, status_code=status, headers=headers)


def _quiet() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "HOME": os.devnull,
    }


@contextmanager
def serve(server: FakeGitServer) -> Iterator[FakeGitServer]:
    port = free_port()
    server.base_url = f"http://127.0.0.1:{port}"
    with serving(server.app(), port):
        try:
            yield server
        finally:
            server.release()
