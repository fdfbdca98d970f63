# SPDX-License-Identifier: EUPL-1.2
"""The whole thing as a newcomer runs it: `opentenzij demo`, then `opentenzij serve`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fakes.server import free_port

COMMAND = shutil.which("opentenzij") or str(Path(sys.executable).with_name("opentenzij"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "OPENTENZIJ_DATABASE_URL": f"sqlite://{folder}/var/demo.sqlite3"}
    env.pop("OPENTENZIJ_ENV", None)
    subprocess.run([COMMAND, "demo"], env=env, cwd=folder, check=True, capture_output=True)
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
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/api/v1/openapi.json", timeout=1)
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
