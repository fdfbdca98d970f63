# SPDX-License-Identifier: EUPL-1.2
"""The whole thing as a newcomer runs it: `opentenzij db upgrade`, `opentenzij demo`, then
`opentenzij serve`."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogue import db as database
from catalogue.webhooks.services import register_webhook
from tests.factories import make_organisation
from tests.fakes.server import free_port, serving
from tests.wooexemptions.test_decisions import principal

COMMAND = shutil.which("opentenzij") or str(Path(sys.executable).with_name("opentenzij"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "OPENTENZIJ_DATABASE_URL": f"sqlite://{folder}/var/demo.sqlite3"}
    env.pop("OPENTENZIJ_ENV", None)
    for command in ("db", "upgrade"), ("demo",):
        subprocess.run([COMMAND, *command], env=env, cwd=folder, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [COMMAND, "serve", "--port", str(port)],
        env=env,
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # however busy the machine
        with httpx.Client(timeout=1) as client:  # one client: each new one loads the CA bundle
            while time.monotonic() < deadline:
                try:
                    client.get(f"{base}/api/v1/openapi.json")
                    break
                except httpx.TransportError:
                    assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
                    time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


def test_the_demo_catalogue_is_served(server: str) -> None:
    software = httpx.get(f"{server}/api/v1/software?per_page=100").json()
    assert software["total"] >= 100
    home = httpx.get(f"{server}/")
    assert home.status_code == 200 and '<html lang="nl">' in home.text
    css = httpx.get(f"{server}/static/css/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_pages_are_compressed(server: str) -> None:
    response = httpx.get(f"{server}/software", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"


def test_errors_over_http_are_problems(server: str) -> None:
    response = httpx.get(f"{server}/api/v1/software?per_page=1000")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_serve_delivers_webhooks_in_the_background(tmp_path: Path, sqlite_template: Path) -> None:
    """A change made while `opentenzij serve` runs reaches a registered receiver, signed,
    without anyone running `opentenzij webhooks deliver`."""
    received: list[tuple[dict[str, str], bytes]] = []
    arrived = threading.Event()

    async def endpoint(request: Request) -> Response:
        received.append((dict(request.headers), await request.body()))
        arrived.set()
        return Response(status_code=204)

    url = f"sqlite://{tmp_path}/hooks.sqlite3"
    env = {**os.environ, "OPENTENZIJ_DATABASE_URL": url, "OPENTENZIJ_WEBHOOKS_ALLOW_PRIVATE": "1"}
    env.pop("OPENTENZIJ_ENV", None)
    env.pop("OPENTENZIJ_WEBHOOKS_WORKER", None)
    shutil.copyfile(sqlite_template, tmp_path / "hooks.sqlite3")  # migrated
    receiver_port, port = free_port(), free_port()
    receiver = Starlette(routes=[Route("/hook", endpoint, methods=["POST"])])

    async def change() -> str:
        async with database.connected(url):
            admin = await principal("beheer@example.nl", admin=True)
            _, secret = await register_webhook(
                principal=admin,
                values={"url": f"http://127.0.0.1:{receiver_port}/hook"},
                allow_private=True,
            )
            await make_organisation("Gemeente Webhookstad")
            return secret

    process = subprocess.Popen(
        [COMMAND, "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        with serving(receiver, receiver_port):
            secret = asyncio.run(change())
            # The worker of `serve` looks every 2 s; a minute only keeps a broken one from
            # hanging the suite.
            deadline = time.monotonic() + 60
            while not arrived.wait(timeout=0.5) and time.monotonic() < deadline:
                assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    assert received, "no delivery"
    headers, body = received[0]
    assert json.loads(body)["kind"] == "organisation.created"
    signed = f"{headers['x-opentenzij-timestamp']}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["x-opentenzij-signature"] == f"sha256={expected}"
