# SPDX-License-Identifier: EUPL-1.2
"""compose.yaml cannot be run here (it pulls images), so it is read: every command it runs is
one the CLI has, with options the CLI takes; the services it names exist; the app's database
is the PostgreSQL service, with its credentials."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from catalogue.cli import main

COMPOSE = Path(__file__).resolve().parents[1] / "compose.yaml"


def services() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text())["services"])


def commands(command: list[str]) -> list[list[str]]:
    """The opentenzij command lines of a service's command (a list, or `sh -c "a && b"`)."""
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


def parse(arguments: list[str]) -> int:
    """Parse the arguments through the CLI without running the command: --help at the end
    comes after every other option is parsed, so an unknown command or option fails (2)."""
    result = CliRunner().invoke(main, [*arguments, "--help"], prog_name="opentenzij")
    assert result.exit_code != 0 or "Usage: opentenzij" in result.output
    return result.exit_code


@pytest.mark.parametrize("service", [name for name, body in services().items() if "build" in body])
def test_every_command_of_the_compose_file_is_one_the_cli_takes(service: str) -> None:
    lines = commands(services()[service]["command"])
    assert lines
    for line in lines:
        assert line[0] == "opentenzij"
        assert parse(line[1:]) == 0, line


def test_a_command_the_cli_does_not_know_is_refused() -> None:
    assert parse(["serve", "--threads", "2"]) == 2
    assert parse(["webhooks", "send"]) == 2


def test_the_services_depend_on_services_that_exist_and_use_its_database() -> None:
    found = services()
    for body in found.values():
        assert set(body.get("depends_on", {})) <= set(found)
    database = found["db"]["environment"]
    for name in ("demo", "app", "worker"):
        url = urlsplit(found[name]["environment"]["OPENTENZIJ_DATABASE_URL"])
        assert url.scheme == "postgres" and url.hostname == "db" and url.port == 5432
        assert url.username == database["POSTGRES_USER"]
        assert url.password == database["POSTGRES_PASSWORD"]
        assert url.path == "/" + database["POSTGRES_DB"]
    app = found["app"]
    assert app["environment"]["OPENTENZIJ_WEBHOOKS_WORKER"] == "0"  # the worker delivers
    assert found["worker"]["command"][1:3] == ["webhooks", "deliver"]
    assert app["depends_on"]["demo"]["condition"] == "service_completed_successfully"
    assert any(port.endswith(":8000") for port in app["ports"])
