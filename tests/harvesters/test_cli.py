# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij harvest ...` as a person runs it, against the fake GitHub and GitLab."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue import db as database
from catalogue.cli import main
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import Organisation
from catalogue.organisations.publishers import AccountRecord
from tests.fakes.bitbucket import BitbucketRepo, FakeBitbucket
from tests.fakes.bitbucket import serve as serve_bitbucket
from tests.fakes.forgejo import FakeForgejo, ForgejoRepo
from tests.fakes.forgejo import serve as serve_forgejo
from tests.fakes.github import FakeGitHub, FakeRepo
from tests.fakes.github import serve as serve_github
from tests.fakes.gitlab import FakeGitLab
from tests.fakes.gitlab import serve as serve_gitlab

TOKEN = "secret-token-that-must-not-show"


@pytest.fixture(scope="module")
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    fake.add_organisation("gemeente", [FakeRepo(name=f"app-{n}") for n in range(3)])
    with serve_github(fake):
        yield fake


@pytest.fixture(scope="module")
def gitlab() -> Iterator[FakeGitLab]:
    with serve_gitlab(FakeGitLab()) as fake:
        fake.add_project("commonground/core", "haven")
        yield fake


@pytest.fixture(scope="module")
def forgejo() -> Iterator[FakeForgejo]:
    with serve_forgejo(FakeForgejo()) as fake:
        fake.add_organisation("minbzk", [ForgejoRepo(name="regelrecht")])
        yield fake


@pytest.fixture(scope="module")
def bitbucket() -> Iterator[FakeBitbucket]:
    with serve_bitbucket(FakeBitbucket(cloud=True)) as fake:
        fake.add_owner("gemeente", [BitbucketRepo(slug="parkeren"), BitbucketRepo(slug="afval")])
        yield fake


@pytest.fixture
def run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    gitlab: FakeGitLab,
    forgejo: FakeForgejo,
    migrated_from_template: None,
):
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", f"sqlite://{tmp_path}/var/h.sqlite3")
    monkeypatch.setenv("OPENTENZIJ_GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("OPENTENZIJ_GITLAB_TOKEN", TOKEN)
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)
    publishers = tmp_path / "publishers.json"
    publishers.write_text(
        json.dumps(
            {
                "data": [
                    {
                        "id": "p1",
                        "description": "Gemeente Voorbeeld",
                        "tooiUrl": "https://identifier.overheid.nl/tooi/id/gemeente/gm0001",
                        "codeHosting": [
                            {"url": "https://github.com/gemeente"},
                            {"url": f"{gitlab.base_url}/commonground"},
                            {"url": f"{gitlab.base_url}/opgeheven"},  # not on the fake
                            {"url": f"{forgejo.base_url}/minbzk"},
                            {"url": "https://bitbucket.org/gemeente"},
                        ],
                    }
                ]
            }
        )
    )  # stored as https
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), prog_name="opentenzij", catch_exceptions=False)

    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("organisations", "import", str(publishers)).exit_code == 0
    return invoke


def test_harvest_github_then_again(run, github: FakeGitHub) -> None:
    first = run("harvest", "github", "gemeente", "--api-url", github.base_url)
    assert first.exit_code == 0, first.output
    assert "3 new, 0 changed, 0 unchanged, 0 inactive, 0 failed" in first.output
    second = run("harvest", "github", "gemeente", "--api-url", github.base_url)
    assert "0 new, 0 changed, 3 unchanged" in second.output
    assert "0 counted against the rate limit" in second.output
    assert TOKEN not in first.output + second.output


def test_a_dry_run_writes_nothing(run, github: FakeGitHub) -> None:
    dry = run("harvest", "github", "gemeente", "--api-url", github.base_url, "--dry-run")
    assert "dry run" in dry.output and "0 new" in dry.output
    real = run("harvest", "github", "gemeente", "--api-url", github.base_url)
    assert "3 new" in real.output


def test_harvest_gitlab(run, gitlab: FakeGitLab) -> None:
    result = run("harvest", "gitlab", "commonground", "--url", gitlab.base_url)
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output


def test_a_failed_harvest_exits_non_zero_and_says_why(run, gitlab: FakeGitLab) -> None:
    for dry in ((), ("--dry-run",)):
        result = run("harvest", "gitlab", "opgeheven", "--url", gitlab.base_url, *dry)
        assert result.exit_code == 1, result.output
        assert "/opgeheven: gone: " in result.output
        assert "not found (404)" in result.output
        assert "1 of the accounts could not be harvested" in result.output


@pytest.mark.parametrize("kind", ["forgejo", "gitea"])
def test_harvest_forgejo_and_gitea(run, forgejo: FakeForgejo, kind: str) -> None:
    result = run("harvest", kind, "minbzk", "--url", forgejo.base_url)
    assert result.exit_code == 0, result.output
    assert f"({kind}:minbzk): 1 new" in result.output
    assert "--url" in run("harvest", kind, "--help").output


def test_harvest_bitbucket(run, bitbucket: FakeBitbucket) -> None:
    result = run("harvest", "bitbucket", "gemeente", "--api-url", bitbucket.base_url)
    assert result.exit_code == 0, result.output
    assert "(bitbucket:gemeente): 2 new" in result.output


def test_an_unregistered_account_is_explained(run, github: FakeGitHub) -> None:
    result = run("harvest", "github", "onbekend", "--api-url", github.base_url)
    assert result.exit_code == 1
    assert "https://github.com/onbekend is not a registered code-host account" in result.output


def test_harvest_all_goes_through_every_account(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    gitlab: FakeGitLab,
    migrated_from_template: None,
) -> None:
    """Every registered account; here one GitLab group on a plain-http loopback instance."""
    url = f"sqlite://{tmp_path}/var/all.sqlite3"
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", url)
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)

    async def register() -> None:
        await database.upgrade(url)
        async with database.connected(url):
            organisation = await Organisation.create(  # no account on github.com: no internet
                slug="vng", name="Vereniging van Nederlandse Gemeenten", kind="other"
            )
            await services.create_account(
                organisation,
                AccountRecord(ForgeKind.GITLAB, gitlab.base_url, "commonground", True),
                actor="test",
            )

    asyncio.run(register())
    result = CliRunner().invoke(main, ["harvest", "all"], prog_name="opentenzij")
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "0 failed" in result.output
