# SPDX-License-Identifier: EUPL-1.2
"""The API against its own OpenAPI document, with schemathesis: requests generated from the
document, sent to `opentenzij serve` over loopback, anonymously and with a site administrator's
token. No answer may be a 500, none may break the document's schemas, status codes or media
types, and no request that the document allows may be refused as malformed (400, 422).

Bounded in examples per operation, never in time: the machine may be slow."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode

from catalogue.app import openapi_document
from tests.fakes.server import free_port

COMMAND = shutil.which("opentenzij") or str(Path(sys.executable).with_name("opentenzij"))
ADMIN = "beheer@example.org"
EXAMPLES = 12  # generated requests per operation and caller
# Generated requests only (the document's own examples and its boundaries as well), positive
# only: a request the document refuses may be answered in any 4xx.
CONFIG = """
[generation]
mode = "positive"
deterministic = true
database = "none"

[phases.stateful]
enabled = false

[checks]
not_a_server_error.enabled = true
status_code_conformance.enabled = true
content_type_conformance.enabled = true
response_schema_conformance.enabled = true
response_headers_conformance.enabled = true
positive_data_acceptance.enabled = true
positive_data_acceptance.expected-statuses = [
  "2xx", "3xx", "401", "403", "404", "409", "422", "429",
]
negative_data_rejection.enabled = false
use_after_free.enabled = false
ensure_resource_availability.enabled = false
"""


@dataclass(frozen=True)
class Served:
    base: str
    token: str  # a site administrator's


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Served]:
    """`opentenzij serve` on the demo catalogue, with a site administrator who has a token."""
    folder = tmp_path_factory.mktemp("schemathesis")
    database = folder / "demo.sqlite3"
    shutil.copyfile(sqlite_template, database)
    env = {**os.environ, "OPENTENZIJ_DATABASE_URL": f"sqlite://{database}"}
    for key in ("OPENTENZIJ_ENV", "OPENTENZIJ_WEBHOOKS_WORKER"):
        env.pop(key, None)
    env["OPENTENZIJ_WEBHOOKS_WORKER"] = "0"

    def run(*arguments: str) -> str:
        done = subprocess.run(
            [COMMAND, *arguments], env=env, cwd=folder, check=True, capture_output=True, text=True
        )
        return done.stdout

    run("demo")
    run("user", "create", ADMIN, "--site-admin", "--no-password")
    token = run("user", "token", ADMIN, "--name", "schemathesis").strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen(
        [COMMAND, "serve", "--port", str(port), "--no-upgrade"],
        env=env,
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = []
    for line in process.stdout:  # until uvicorn serves, or the command has ended
        output.append(line)
        if "Uvicorn running on" in line:
            break
    assert process.poll() is None, "".join(output)
    # Keep reading what it logs, or its pipe fills up and the server stops answering.
    threading.Thread(target=output.extend, args=(process.stdout,), daemon=True).start()
    try:
        yield Served(f"http://127.0.0.1:{port}", token)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


@pytest.fixture(scope="module")
def served(server: Served) -> str:
    return server.base


@pytest.fixture(scope="module")
def admin_token(server: Served) -> str:
    return server.token


@pytest.fixture(scope="module")
def api_schema(served: str) -> Any:
    """The document as the server serves it, read by schemathesis."""
    config = schemathesis.Config.from_str(CONFIG)
    return schemathesis.openapi.from_url(f"{served}/api/v1/openapi.json", config=config)


# Each operation of the document is a test of its own (the document is the app's, so it is known
# before the server runs).
OPERATIONS = [
    pytest.param(method.upper(), path, id=f"{method.upper()} {path}")
    for path, operations in openapi_document()["paths"].items()
    for method in operations
]


def check_operation(
    api_schema: Any, served: str, method: str, path: str, token: str | None
) -> None:
    """Send requests generated for the operation and check every answer."""
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,  # never timed: the machine may be busy
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(GenerationMode.POSITIVE))
    def send(case: Case) -> None:
        case.call_and_validate(base_url=f"{served}/api/v1", headers=headers)

    send()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_anonymously(api_schema: Any, served: str, method: str, path: str) -> None:
    check_operation(api_schema, served, method, path, None)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_as_a_site_administrator(
    api_schema: Any, served: str, admin_token: str, method: str, path: str
) -> None:
    check_operation(api_schema, served, method, path, admin_token)
