# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from catalogue.cli import main
from catalogue.demo.loading import demo_repositories


@pytest.fixture
def run_from_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process against a new SQLite file, which has no schema until a test
    runs `db upgrade` (only that and `serve` make it)."""
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", f"sqlite://{tmp_path}/var/cli.sqlite3")
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(
            main, list(args), prog_name="opentenzij", catch_exceptions=False, input=input
        )

    return invoke


@pytest.fixture
def run(run_from_scratch, migrated_from_template: None):
    """The same, the new file a copy of the session's migrated template (`db upgrade` finds
    nothing to do)."""
    return run_from_scratch


def every_command(group: click.Group = main, path: tuple[str, ...] = ()) -> list[list[str]]:
    """The path of every command and group of the CLI, the root included."""
    found = [list(path)]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += every_command(command, (*path, name))
        else:
            found.append([*path, name])
    return found


def test_the_cli_has_the_commands_of_the_interface_contract() -> None:
    commands = {" ".join(path) for path in every_command()}
    for expected in ("serve", "db upgrade", "demo", "publiccode validate", "federate", "export"):
        assert expected in commands


@pytest.mark.parametrize("command", every_command(), ids=" ".join)
def test_every_command_has_help(run, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: opentenzij" in result.output
    assert len(result.output.splitlines()) > 3


def test_db_upgrade_creates_the_schema(run_from_scratch, tmp_path: Path) -> None:
    result = run_from_scratch("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "is up to date" in result.output
    assert (tmp_path / "var" / "cli.sqlite3").exists()


def test_demo_loads_and_is_idempotent(run) -> None:
    assert run("db", "upgrade").exit_code == 0
    first = run("demo")
    assert first.exit_code == 0, first.output
    assert "organisations: 48 created" in first.output
    assert f"demo software: {len(demo_repositories())} created" in first.output
    second = run("demo")
    assert "48 unchanged" in second.output
    assert "demo software: 0 created" in second.output


def test_organisations_import_of_a_file_twice(run, tmp_path: Path) -> None:
    assert run("db", "upgrade").exit_code == 0
    path = tmp_path / "publishers.json"
    path.write_text(
        json.dumps(
            {
                "data": [
                    {
                        "id": "x",
                        "description": "Waterschap Voorbeeld",
                        "tooiUrl": "https://identifier.overheid.nl/tooi/id/waterschap/ws0001",
                        "codeHosting": [{"url": "https://gitlab.com/ws-voorbeeld", "group": True}],
                    }
                ]
            }
        )
    )
    first = run("organisations", "import", str(path))
    assert first.exit_code == 0, first.output
    assert "1 created, 0 updated, 0 unchanged; 1 accounts created" in first.output
    second = run("organisations", "import", str(path))
    assert "0 created, 0 updated, 1 unchanged; 0 accounts created" in second.output


def test_organisations_import_defaults_to_the_bundled_seed(run) -> None:
    assert run("db", "upgrade").exit_code == 0
    result = run("organisations", "import")
    assert result.exit_code == 0, result.output
    assert "48 created" in result.output and "79 accounts created" in result.output


def test_a_malformed_file_is_refused_with_every_problem_and_writes_nothing(
    run, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"data": [{"id": "a"}, {"description": "B", "kind": "castle"}]}))
    result = run("organisations", "import", str(path))
    assert result.exit_code == 1
    assert "data[0].description: missing" in result.output
    assert "data[1].kind: 'castle'" in result.output
    assert not (tmp_path / "var" / "cli.sqlite3").exists()


def test_an_unreachable_database_is_a_clear_error(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/nowhere")
    result = run("db", "upgrade")
    assert result.exit_code == 1
    assert "cannot use the database at postgres://app:***@127.0.0.1:1/nowhere" in result.output
    assert "hunter2" not in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "0"],
        ["serve", "--workers", "x"],
        ["organisations", "import", "a", "b"],
        ["nonsense"],
    ],
)
def test_bad_arguments_exit_2_with_usage(run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.output


def test_production_refuses_the_default_secret(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENTENZIJ_ENV", "production")
    result = run("serve")
    assert result.exit_code == 1
    assert "OPENTENZIJ_SECRET_KEY" in result.output


def test_users_are_created_granted_and_given_tokens(run) -> None:
    assert run("db", "upgrade").exit_code == 0
    assert run("organisations", "import").exit_code == 0
    created = run(
        "user",
        "create",
        "Dev@Example.nl",
        "--role",
        "developer",
        "--organisation",
        "logius",
        "--password-stdin",
        input="a long enough password\n",
    )
    assert created.exit_code == 0, created.output
    assert "created dev@example.nl" in created.output
    granted = run(
        "user",
        "grant",
        "dev@example.nl",
        "--role",
        "publication_officer",
        "--organisation",
        "kiesraad",
    )
    assert granted.output.strip() == "dev@example.nl is publication_officer of kiesraad"
    token = run("user", "token", "dev@example.nl", "--name", "ci", "--days", "30")
    assert token.exit_code == 0 and token.output.startswith("otz_")
    verified = run("audit", "verify")
    assert verified.exit_code == 0 and "audit trail intact" in verified.output


def test_a_password_can_be_typed_at_the_prompt(run) -> None:
    assert run("db", "upgrade").exit_code == 0
    result = run("user", "create", "a@example.nl", input="a long enough password\n" * 2)
    assert result.exit_code == 0, result.output
    assert "a long enough password" not in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "create", "geen-adres", "--no-password"], None, "not an e-mail address"),
        (["user", "create", "a@example.nl", "--password-stdin"], "kort\n", "at least 12"),
        (
            [
                "user",
                "create",
                "a@example.nl",
                "--no-password",
                "--role",
                "developer",
                "--organisation",
                "nergens",
            ],
            None,
            "no organisation has the slug 'nergens'",
        ),
        (
            ["user", "grant", "nobody@example.nl", "--role", "admin", "--organisation", "logius"],
            None,
            "no user has the address",
        ),
        (["user", "token", "nobody@example.nl", "--name", "x"], None, "no user has the address"),
    ],
)
def test_user_commands_explain_what_is_wrong(
    run, args: list[str], stdin: str | None, message: str
) -> None:
    assert run("db", "upgrade").exit_code == 0
    run("organisations", "import")
    result = run(*args, input=stdin)
    assert result.exit_code == 1
    assert message in result.output


def test_role_and_organisation_go_together(run) -> None:
    result = run("user", "create", "a@example.nl", "--no-password", "--role", "developer")
    assert result.exit_code == 2
    assert "--role and --organisation go together" in result.output
