# SPDX-License-Identifier: EUPL-1.2
"""While the database does not answer, the app starts all the same, every page, API call and
/healthz answers 503 with Retry-After, and once the database is back it works again without a
restart. The database is the test PostgreSQL behind a loopback proxy that the test takes down."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from catalogue.app import create_app
from catalogue.settings import Settings
from tests.conftest import TEST_DATABASE_URL, is_postgres
from tests.fakes.proxy import Proxy, proxy_to
from tests.fakes.server import free_port, serving

COMMAND = shutil.which("opentenzij") or Path(sys.executable).with_name("opentenzij")
on_postgres = pytest.mark.skipif(
    not is_postgres(TEST_DATABASE_URL), reason="needs OPENTENZIJ_TEST_DATABASE_URL"
)


@pytest.fixture
def proxy(database_url: str) -> Iterator[tuple[Proxy, str]]:
    """The test database through a proxy, and its URL through the proxy."""
    parts = urlsplit(database_url)
    with proxy_to(parts.hostname or "127.0.0.1", parts.port or 5432) as proxy:
        netloc = f"{parts.username}@127.0.0.1:{proxy.port}"
        yield proxy, urlunsplit(parts._replace(netloc=netloc))


@contextmanager
def served(url: str) -> Iterator[httpx.Client]:
    """The app on a loopback port, its lifespan run: starting must not need the database."""
    port = free_port()
    app = create_app(Settings(database_url=url, webhooks_worker=False))
    with (
        serving(app, port, lifespan="on"),
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client,
    ):
        yield client


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"].isdigit()


@pytest.mark.postgres
@on_postgres
def test_the_app_starts_without_the_database_and_recovers(proxy: tuple[Proxy, str]) -> None:
    gate, url = proxy
    with served(url) as client:
        assert_unavailable(client.get("/healthz"))
        api = client.get("/api/v1/software")
        assert_unavailable(api)
        assert api.headers["content-type"] == "application/problem+json"
        assert "database" in api.json()["detail"]
        page = client.get("/software")
        assert_unavailable(page)
        assert "text/html" in page.headers["content-type"]
        gate.up = True
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/v1/software").status_code == 200


@pytest.mark.postgres
@on_postgres
def test_a_database_that_goes_away_is_a_503_until_it_is_back(proxy: tuple[Proxy, str]) -> None:
    gate, url = proxy
    gate.up = True
    with served(url) as client:
        assert client.get("/api/v1/organisations").status_code == 200
        gate.down()
        assert_unavailable(client.get("/api/v1/organisations"))
        assert_unavailable(client.get("/organisaties"))
        gate.up = True
        # The pool's dropped connection may fail the first request after the return once.
        answers = [client.get("/api/v1/organisations").status_code for _ in range(2)]
        assert answers[-1] == 200, answers


def test_serve_starts_while_the_database_does_not_answer(tmp_path: Path) -> None:
    """`opentenzij serve` warns, starts, and answers 503 on /healthz (a closed loopback port
    stands for the database)."""
    port, closed = free_port(), free_port()
    env = {**os.environ, "OPENTENZIJ_DATABASE_URL": f"postgres://nobody@127.0.0.1:{closed}/x"}
    env.pop("OPENTENZIJ_ENV", None)
    process = subprocess.Popen(
        [str(COMMAND), "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = []
        assert process.stdout is not None
        for line in process.stdout:  # until uvicorn says it serves, or the command ends
            output.append(line)
            if "Uvicorn running on" in line:
                break
        assert any("serving anyway" in line for line in output), output
        response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30)
        assert response.status_code == 503
        assert response.headers["retry-after"].isdigit()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_commands_from_any_folder_use_one_database(tmp_path: Path) -> None:
    """Without OPENTENZIJ_DATABASE_URL every command, from whatever folder, uses the database
    in the user's data folder: none makes a new, empty one where it happens to run."""
    home = tmp_path / "home"
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENTENZIJ_")}
    env.pop("XDG_DATA_HOME", None)
    env["HOME"] = str(home)
    for folder, command in (
        ("a", ("db", "upgrade")),
        ("b", ("audit", "verify")),
        ("c", ("user", "create", "x@example.org", "--no-password")),
    ):
        (tmp_path / folder).mkdir()
        subprocess.run(
            [str(COMMAND), *command],
            env=env,
            cwd=tmp_path / folder,
            check=True,
            capture_output=True,
        )
        assert not any((tmp_path / folder).iterdir()), folder
    assert (home / ".local" / "share" / "opentenzij" / "opentenzij.sqlite3").is_file()
